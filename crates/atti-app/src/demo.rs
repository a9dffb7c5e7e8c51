//! The embedded default: "Comune di Esempio", with offices and one demo user per role.
//! The user names equal the role names: a contract that scripts and checks rely on.

use atti_core::Role;
use atti_core::attestazione::Attestazione;
use atti_store::{Office, User};

/// Name of the demo Comune.
pub use atti_core::comune::DEMO_COMUNE;

/// The PIN (password) of every demo signing identity. The demo identities are software
/// keys with certificates of a demo CA marked "NON QUALIFICATA - SOLO PROVA".
pub const DEMO_PIN: &str = "123456";

/// Folder of the data dir with the demo signing identities (PKCS#12 files).
const DEMO_IDENTITIES: &str = "firma-demo";

/// File of the data dir with the demo CA certificate, for verifiers outside Atti.
pub const DEMO_CA_FILE: &str = "ca-demo.pem";

impl crate::Atti {
    /// The demo signing identities: a demo CA (its certificate exported to the data dir and
    /// trusted by this Comune) and a PKCS#12 file per demo user, protected by [`DEMO_PIN`].
    pub(crate) fn init_demo_identities(&mut self) -> crate::AppResult<()> {
        use crate::{AppError, ErrorCode};
        let now = self.clock.now();
        let place = DEMO_COMUNE.trim_start_matches("Comune di ");
        // EC P-256 keys: the first start of the app makes eight of them in milliseconds.
        let ec = atti_sign::demo::KeyKind::EcP256;
        let ca = atti_sign::demo::DemoCa::generate_with(place, now, ec)?;
        let pem = ca.certificate_pem();
        let dir = crate::files::absolute(self.data_dir())?;
        crate::write_file(&dir.join(DEMO_CA_FILE), pem.as_bytes())?;
        self.add_trust_anchors(pem.as_bytes())?;
        let folder = dir.join(DEMO_IDENTITIES);
        std::fs::create_dir_all(&folder).map_err(|e| {
            AppError::new(
                ErrorCode::Storage,
                format!("impossibile creare {}: {e}", folder.display()),
            )
        })?;
        let pin = atti_core::Sensitive::new(DEMO_PIN.to_string());
        let current = self.user.clone();
        for user in self.store.users()? {
            let cf = user.codice_fiscale.clone().unwrap_or_default();
            let (given, surname) = user
                .full_name
                .split_once(' ')
                .unwrap_or((user.full_name.as_str(), ""));
            let spec = atti_sign::demo::UserCertSpec::new(given, surname, &cf, now);
            let p12 = ca.pkcs12_for(&spec, ec, &pin)?;
            let path = folder.join(format!("{}.p12", user.username));
            crate::write_file(&path, &p12)?;
            self.user = Some(user.clone());
            self.identity_add(
                &user.username,
                &crate::IdentityInput::Pkcs12 { path },
                Some(&pin),
            )?;
        }
        self.user = current;
        Ok(())
    }
}

pub(crate) fn offices() -> Vec<Office> {
    [
        ("SEG", "Segreteria generale"),
        ("RAG", "Servizio finanziario"),
        ("TEC", "Area tecnica - Lavori pubblici"),
        ("PL", "Comando di Polizia locale"),
    ]
    .into_iter()
    .map(|(code, name)| Office {
        code: code.into(),
        name: name.into(),
    })
    .collect()
}

pub(crate) fn users() -> Vec<User> {
    // Codici fiscali are fictitious; the check character is computed.
    [
        (Role::Istruttore, "Giulia Bianchi", "TEC", "BNCGLI80A41H501"),
        (Role::Dirigente, "Marco Rossi", "TEC", "RSSMRC75C12H501"),
        (Role::Ragioniere, "Anna Verdi", "RAG", "VRDNNA70D50H501"),
        (Role::Segretario, "Paolo Esposito", "SEG", "SPSPLA68E10H501"),
        (Role::Sindaco, "Laura Ferrari", "SEG", "FRRLRA72H45H501"),
        (Role::Presidente, "Luca Romano", "SEG", "RMNLCU66L20H501"),
        (Role::Agente, "Sara Colombo", "PL", "CLMSRA88M60H501"),
        (Role::Comandante, "Stefano Moretti", "PL", "MRTSFN72B10H501"),
        (Role::Messo, "Roberto Gallo", "SEG", "GLLRRT77T15H501"),
        (
            Role::Amministratore,
            "Elena Ricci",
            "SEG",
            "RCCLNE79P55H501",
        ),
    ]
    .into_iter()
    .map(|(role, name, office, cf)| User {
        username: role.slug().into(),
        full_name: name.into(),
        role,
        office: Some(office.into()),
        codice_fiscale: atti_core::codice_fiscale::with_check_char(cf),
    })
    .collect()
}

/// The demo Comune's Giunta (the sindaco and four assessori) and Consiglio (the sindaco,
/// the presidente and eleven consiglieri in two groups).
pub fn organi() -> Vec<atti_core::organo::OrganoSetup> {
    use atti_core::organo::{Carica, MembroSetup, Organo, OrganoSetup};
    let membro = |id: &str, nome: &str, carica: Carica, gruppo: Option<&str>| MembroSetup {
        id: id.into(),
        nome: nome.into(),
        carica,
        username: match carica {
            Carica::Sindaco => Some("sindaco".into()),
            Carica::Presidente => Some("presidente".into()),
            _ => None,
        },
        gruppo: gruppo.map(String::from),
        capogruppo: false,
        dal: None,
        al: None,
    };
    let giunta = vec![
        membro("ferrari", "Laura Ferrari", Carica::Sindaco, None),
        membro("marino", "Giorgio Marino", Carica::Vicesindaco, None),
        membro("greco", "Chiara Greco", Carica::Assessore, None),
        membro("conti", "Davide Conti", Carica::Assessore, None),
        membro("gallo", "Francesca Gallo", Carica::Assessore, None),
    ];
    let maggioranza = Some("Insieme per Esempio");
    let minoranza = Some("Esempio Futura");
    let mut consiglio = vec![
        membro("ferrari", "Laura Ferrari", Carica::Sindaco, None),
        membro("romano", "Luca Romano", Carica::Presidente, maggioranza),
    ];
    for (i, (id, nome)) in [
        ("bruno", "Alessandro Bruno"),
        ("fontana", "Martina Fontana"),
        ("moretti", "Stefano Moretti"),
        ("barbieri", "Elisa Barbieri"),
        ("lombardi", "Matteo Lombardi"),
        ("rinaldi", "Silvia Rinaldi"),
        ("caruso", "Roberto Caruso"),
        ("ferri", "Valentina Ferri"),
        ("galli", "Andrea Galli"),
        ("leone", "Federica Leone"),
        ("longo", "Simone Longo"),
    ]
    .into_iter()
    .enumerate()
    {
        let gruppo = if i < 7 { maggioranza } else { minoranza };
        consiglio.push(MembroSetup {
            capogruppo: i == 0 || i == 7,
            ..membro(id, nome, Carica::Consigliere, gruppo)
        });
    }
    vec![
        OrganoSetup {
            organo: Organo::Giunta,
            membri: giunta,
            quorum_prima: None,
            quorum_seconda: None,
            preavviso_giorni: None,
        },
        OrganoSetup {
            organo: Organo::Consiglio,
            membri: consiglio,
            quorum_prima: None,
            quorum_seconda: None,
            preavviso_giorni: Some(5),
        },
    ]
}

/// `atti demo`: on a fresh data dir, creates the demo Comune and takes a sample of every act
/// kind through its whole iter with the demo users, printing each step. It is the
/// newcomer's tour and an acceptance check: it stops at the first refusal.
pub fn demo_tour(
    data_dir: &std::path::Path,
    out: &std::path::Path,
    print: &mut dyn FnMut(&str),
) -> crate::AppResult<()> {
    use crate::{AppError, Atti, ErrorCode, FixedClock};
    let now = tour_start(jiff::Timestamp::now());
    let mut atti = Atti::open_with_clock(data_dir, Box::new(FixedClock(now)))?;
    if atti.store.is_initialised()? {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "la cartella dei dati {} contiene già un archivio: il giro dimostrativo parte da una cartella nuova",
                data_dir.display()
            ),
        ));
    }
    std::fs::create_dir_all(out).map_err(|e| {
        AppError::new(
            ErrorCode::Storage,
            format!("impossibile creare {}: {e}", out.display()),
        )
    })?;
    atti.init_demo()?;
    print(&format!(
        "Creato il {DEMO_COMUNE} in {}",
        data_dir.display()
    ));
    let mut tour = Tour {
        out: out.to_path_buf(),
        atti,
        now,
        print,
        acts: Vec::new(),
    };
    let first_day = tour.atti.today();
    let (impegno, seed) = tour.commit_seed(first_day)?;
    tour.determinazione()?;
    tour.delibera_giunta()?;
    tour.ordinanza()?;
    tour.decreto()?;
    tour.verbale()?;
    tour.controllo(&impegno, &seed)?;
    tour.trasparenza(first_day.year())?;
    let report = tour.atti.audit_verify()?;
    if let Some(b) = report.broken {
        return Err(AppError::new(
            ErrorCode::Internal,
            format!("registro delle operazioni alterato: {}", b.reason),
        ));
    }
    (tour.print)(&format!(
        "Registro delle operazioni integro: {} voci verificate.",
        report.entries
    ));
    let summary = serde_json::to_string_pretty(&tour.acts).unwrap_or_default();
    std::fs::write(out.join("demo.json"), summary).map_err(|e| {
        AppError::new(
            ErrorCode::Storage,
            format!("impossibile scrivere in {}: {e}", out.display()),
        )
    })?;
    (tour.print)(&format!(
        "Riepilogo scritto in {}",
        out.join("demo.json").display()
    ));
    Ok(())
}

/// The tour's first moment: today at 8:00 in the Comune (the office's morning), or `now` if
/// that is earlier. Its steps, a minute apart, then stay within each day it works on whatever
/// the hour it is run: run at 23:50, a tour starting "now" would sign the certificato of its
/// delibera on the day after its 11th, and its dates would depend on the time of day.
fn tour_start(now: jiff::Timestamp) -> jiff::Timestamp {
    let local = atti_core::dates::in_italy(now);
    local
        .date()
        .at(8, 0, 0, 0)
        .to_zoned(local.time_zone().clone())
        .map(|morning| morning.timestamp().min(now))
        .unwrap_or(now)
}

struct Tour<'a> {
    out: std::path::PathBuf,
    atti: crate::Atti,
    now: jiff::Timestamp,
    print: &'a mut dyn FnMut(&str),
    acts: Vec<serde_json::Value>,
}

use crate::dto::{ActionRequest, SectionComment};
use atti_core::iter::Action;
use atti_core::parere::{Esito, ParereTipo};
use atti_core::{Act, ActId, ActKind, DispositivoPoint, Impegno, Section, SectionKind};

impl Tour<'_> {
    /// Works as `user`, a minute after the previous step (a readable timeline).
    fn as_user(&mut self, user: &str) -> crate::AppResult<()> {
        self.now += jiff::SignedDuration::from_secs(60);
        self.atti.clock = std::sync::Arc::new(crate::FixedClock(self.now));
        self.atti.switch_user(user)
    }

    fn create(
        &mut self,
        user: &str,
        kind: ActKind,
        oggetto: &str,
        fill: impl FnOnce(&mut Act),
    ) -> crate::AppResult<ActId> {
        self.as_user(user)?;
        let mut act = self.atti.act_create(kind, oggetto, None)?;
        fill(&mut act);
        self.atti.act_save(&act)?;
        let id = act.id.unwrap_or(ActId(0));
        (self.print)(&format!("\n{} {id} «{oggetto}»", kind.label()));
        (self.print)(&format!("  {user}: bozza creata e compilata"));
        Ok(id)
    }

    fn step(
        &mut self,
        id: ActId,
        user: &str,
        action: Action,
        request: ActionRequest,
    ) -> crate::AppResult<()> {
        self.as_user(user)?;
        let mut request = request;
        if action == Action::Pubblica {
            // The messo reads what the detector found and nobody marked (the names of the
            // officials who sign, here) and confirms each by name.
            for p in self.atti.omissis_proposals(id)? {
                (self.print)(&format!(
                    "  {user}: confermo la pubblicazione di «{}» ({})",
                    p.text,
                    p.kind.label()
                ));
                request.conferma_dati.push(p.text);
            }
        }
        let status = if action.is_signature() {
            let pin = atti_core::Sensitive::new(DEMO_PIN.to_string());
            self.atti.sign(id, &pin)?.status
        } else {
            self.atti.iter_take(id, action, &request)?
        };
        let published = match action {
            Action::Pubblica => self.atti.albo_voce(id)?,
            _ => None,
        };
        let numero = match published {
            Some(v) => format!(
                " (repertorio dell'albo n. {}, fino al {})",
                v.repertorio,
                crate::iter::italian_day(&v.fine)
            ),
            None => status
                .numero
                .as_deref()
                .map(|n| format!(" (n. {n})"))
                .unwrap_or_default(),
        };
        (self.print)(&format!(
            "  {user}: {} → {}{numero}",
            action.label(),
            status.state_label
        ));
        Ok(())
    }

    /// The days of the tour's period of the later control: its acts are all adopted in them.
    const CONTROLLO_DAYS: i64 = 20;

    /// At the start, the segretario commits to the seed of the draw of the tour's period
    /// (TUEL art. 147-bis): only its SHA-256 is recorded.
    fn commit_seed(
        &mut self,
        first_day: jiff::civil::Date,
    ) -> crate::AppResult<(crate::dto::ImpegnoSemeDto, String)> {
        self.as_user("segretario")?;
        let last_day = first_day
            .checked_add(jiff::Span::new().days(Self::CONTROLLO_DAYS - 1))
            .unwrap_or(first_day);
        let seed = self.atti.controllo_seed_new()?;
        let impegno = self.atti.controllo_commit(
            ActKind::Determinazione,
            &first_day.to_string(),
            &last_day.to_string(),
            &seed,
        )?;
        (self.print)(&format!(
            "Controllo successivo (TUEL art. 147-bis): il segretario impegna il seme del sorteggio degli atti adottati dal {} al {} (impronta {})",
            impegno.period_from, impegno.period_to, impegno.seed_sha256
        ));
        Ok((impegno, seed))
    }

    /// Once the period is over, the segretario draws its determinazioni with the committed seed
    /// and records the outcome.
    fn controllo(
        &mut self,
        impegno: &crate::dto::ImpegnoSemeDto,
        seed: &str,
    ) -> crate::AppResult<()> {
        let today = self.atti.today();
        let last_day: jiff::civil::Date = impegno.period_to.parse().unwrap_or(today);
        let to_go = (last_day - today).get_days() + 1;
        if to_go > 0 {
            self.advance_days(i64::from(to_go));
        }
        self.as_user("segretario")?;
        let draw = self.atti.controllo_draw(
            ActKind::Determinazione,
            &impegno.period_from,
            &impegno.period_to,
            10,
            seed,
        )?;
        (self.print)(&format!(
            "\nControllo successivo (TUEL art. 147-bis): il segretario sorteggia il 10% degli atti «{}» adottati dal {} al {} (seme «{seed}»): sorteggio n. {}, estratti {} su {}",
            draw.kind_label,
            draw.period_from,
            draw.period_to,
            draw.id,
            draw.acts.len(),
            draw.candidates.len()
        ));
        for act in &draw.acts {
            self.atti.controllo_esito(
                draw.id,
                act.act_id,
                atti_core::controllo::EsitoControllo::Regolare,
                "",
            )?;
            (self.print)(&format!(
                "  segretario: n. {} controllata → Regolare",
                act.numero
            ));
        }
        Ok(())
    }

    fn parere(&mut self, id: ActId, user: &str, tipo: ParereTipo) -> crate::AppResult<()> {
        self.as_user(user)?;
        let pin = atti_core::Sensitive::new(DEMO_PIN.to_string());
        let outcome = self
            .atti
            .parere_sign(id, tipo, Esito::Favorevole, "", &pin)?;
        let step = match atti_core::iter::step_after_parere(tipo, Esito::Favorevole) {
            Some(_) => format!(" → {}", outcome.status.state_label),
            None => String::new(),
        };
        (self.print)(&format!(
            "  {user}: {} favorevole, firmato ({}){step}",
            tipo.label(),
            outcome.files.join(", ")
        ));
        Ok(())
    }

    fn advance_days(&mut self, days: i64) {
        self.now += jiff::SignedDuration::from_hours(24 * days);
        self.atti.clock = std::sync::Arc::new(crate::FixedClock(self.now));
        (self.print)(&if days == 1 {
            "  … passa un giorno".to_string()
        } else {
            format!("  … passano {days} giorni")
        });
    }

    fn done(&mut self, id: ActId) -> crate::AppResult<()> {
        let status = self.atti.iter_status(id)?;
        // The documents: the original, the publication version with omissis, and a certified
        // paper copy attested by the segretario for a citizen.
        let base = format!("{}-{}", id.0, status.kind.slug());
        // The signed act, its publication version, the signed attachments (.p7m).
        let files = self.atti.export(id, &self.out)?;
        self.as_user("segretario")?;
        let copy = self
            .atti
            .copia(id, Some("Mario Rossi, istanza prot. 1234/2026"))?;
        crate::write_file(&self.out.join(format!("{base}-copia.pdf")), &copy.pdf)?;
        (self.print)(&format!(
            "  documenti: {}, {base}-copia.pdf (firme verificabili con «atti verify FILE», contrassegno con «atti verify --qr»)",
            files.join(", ")
        ));
        self.acts.push(serde_json::json!({
            "id": id,
            "kind": status.kind,
            "state": status.state,
            "numero": status.numero,
            "contrassegno": copy.token,
            "files": files,
            "dates": serde_json::to_value(&status.dates).unwrap_or_default(),
        }));
        Ok(())
    }

    fn determinazione(&mut self) -> crate::AppResult<()> {
        let id = self.create(
            "istruttore",
            ActKind::Determinazione,
            "Affidamento del servizio di manutenzione del verde pubblico – più qualità",
            |a| {
                a.sections = vec![
                    Section {
                        kind: SectionKind::Premesso,
                        text: "il contratto di manutenzione del verde scade il 31 dicembre;".into(),
                    },
                    Section {
                        kind: SectionKind::Visto,
                        text: "il D.Lgs. 36/2023, art. 50 c.1 lett. b);".into(),
                    },
                ];
                a.dispositivo = vec![
                    DispositivoPoint {
                        text: "di affidare il servizio alla ditta Verde Srl;".into(),
                    },
                    DispositivoPoint {
                        text: "di impegnare la spesa come da tabella.".into(),
                    },
                ];
                a.impegni = vec![Impegno {
                    esercizio: 2026,
                    capitolo: "1043.02".into(),
                    importo_centesimi: 1_220_000,
                    beneficiario: "Verde Srl".into(),
                    cig: Some("B1234ABCD5".into()),
                    cup: None,
                    sovvenzione: None,
                }];
            },
        )?;
        self.atti.attachment_add_bytes(
            id,
            "computo-metrico.csv",
            "voce;quantità;prezzo\nsfalcio;120;85,00\npotatura;40;150,00\n".as_bytes(),
        )?;
        (self.print)("  istruttore: allegato computo-metrico.csv");
        self.step(id, "istruttore", Action::Invia, ActionRequest::default())?;
        self.as_user("dirigente")?;
        self.atti.iter_take(
            id,
            Action::Restituisci,
            &ActionRequest {
                note: Some("Indicare la durata".into()),
                comments: vec![SectionComment {
                    field: "dispositivo[0].text".into(),
                    text: "Specificare la durata dell'affidamento".into(),
                }],
                ..ActionRequest::default()
            },
        )?;
        (self.print)("  dirigente: Restituisci per modifiche → Bozza (osservazione sul punto 1)");
        self.as_user("istruttore")?;
        let mut act = self.atti.act_get(id)?;
        act.dispositivo[0].text =
            "di affidare il servizio alla ditta Verde Srl per dodici mesi;".into();
        self.atti.act_save(&act)?;
        (self.print)("  istruttore: corretto il punto 1 del dispositivo");
        self.step(id, "istruttore", Action::Invia, ActionRequest::default())?;
        self.step(id, "dirigente", Action::Adotta, ActionRequest::default())?;
        // A favourable visto makes it executive by itself (art. 183 c.7 TUEL).
        self.parere(id, "ragioniere", ParereTipo::VistoContabile)?;
        self.step(id, "messo", Action::Pubblica, ActionRequest::default())?;
        self.done(id)
    }

    fn delibera_giunta(&mut self) -> crate::AppResult<()> {
        let id = self.create(
            "istruttore",
            ActKind::DeliberaGiunta,
            "Approvazione del progetto di riqualificazione della piazza del mercato",
            |a| {
                a.sections = vec![Section {
                    kind: SectionKind::Premesso,
                    text: "la piazza necessita di interventi;".into(),
                }];
                a.dispositivo = vec![DispositivoPoint {
                    text: "di approvare il progetto esecutivo;".into(),
                }];
                a.impegni = vec![Impegno {
                    esercizio: 2026,
                    capitolo: "2080.01".into(),
                    importo_centesimi: 15_000_000,
                    beneficiario: "Diversi (da gara)".into(),
                    cig: None,
                    cup: Some("J41B26000010004".into()),
                    sovvenzione: None,
                }];
            },
        )?;
        self.step(id, "istruttore", Action::Invia, ActionRequest::default())?;
        self.step(id, "dirigente", Action::Proponi, ActionRequest::default())?;
        self.parere(id, "dirigente", ParereTipo::Tecnico)?;
        self.parere(id, "ragioniere", ParereTipo::Contabile)?;
        self.seduta_giunta(id)?;
        self.step(id, "sindaco", Action::Firma, ActionRequest::default())?;
        self.step(id, "segretario", Action::Firma, ActionRequest::default())?;
        self.step(id, "messo", Action::Pubblica, ActionRequest::default())?;
        self.advance_days(10);
        self.step(
            id,
            "segretario",
            Action::DichiaraEsecutiva,
            ActionRequest::default(),
        )?;
        self.attesta(id, "segretario", Attestazione::Esecutivita)?;
        self.done(id)
    }

    /// `user` signs the attestation `tipo` of act `id` with the demo PIN; its file goes in
    /// the output folder.
    fn attesta(&mut self, id: ActId, user: &str, tipo: Attestazione) -> crate::AppResult<()> {
        self.as_user(user)?;
        let pin = atti_core::Sensitive::new(DEMO_PIN.to_string());
        let outcome = self.atti.attestazione_firma(id, tipo, &pin)?;
        let name = atti_docs::attestazione_file_name(id.0, tipo);
        self.atti
            .attestazione_save(id, tipo, &self.out.join(&name))?;
        (self.print)(&format!(
            "  {user}: {} firmato ({name}){}",
            tipo.label(),
            outcome
                .warnings
                .first()
                .map(|w| format!(" – {w}"))
                .unwrap_or_default()
        ));
        Ok(())
    }

    /// The Giunta meets today and approves the proposal `id`: convened, the proposal on its
    /// ordine del giorno, the roll call, the vote by name, closed.
    fn seduta_giunta(&mut self, id: ActId) -> crate::AppResult<()> {
        use atti_core::organo::{Convocazione, Organo};
        use atti_core::seduta::{SedutaFatto, TipoSeduta};
        self.as_user("segretario")?;
        // Convened today for tomorrow (the avviso before the session's day, whatever the hour
        // the tour starts at), held tomorrow.
        let tomorrow = self
            .atti
            .today()
            .tomorrow()
            .map_err(|e| crate::AppError::new(crate::ErrorCode::Internal, e.to_string()))?;
        let seduta = self.atti.seduta_new(SedutaFatto::Convocata {
            organo: Organo::Giunta,
            tipo: TipoSeduta::Ordinaria,
            convocazione: Convocazione::Prima,
            data: tomorrow,
            ora: jiff::civil::time(10, 0, 0, 0),
            luogo: "Sala della Giunta, Palazzo comunale".into(),
            videoconferenza: false,
        })?;
        (self.print)(&format!("  segretario: convocata la {}", seduta.titolo));
        let ids = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        self.atti.seduta_record(
            seduta.id,
            SedutaFatto::Iscritto {
                atto: id,
                oggetto: String::new(),
                maggioranza: atti_core::seduta::Maggioranza::Votanti,
            },
        )?;
        // The sindaco convenes the Giunta with a signed avviso listing the ordine del giorno.
        let pin = atti_core::Sensitive::new(DEMO_PIN.to_string());
        self.as_user("sindaco")?;
        self.atti
            .seduta_firma(seduta.id, crate::SedutaDocumento::Avviso, &pin)?;
        let avviso = atti_docs::seduta_file_name(seduta.id, true);
        self.atti.seduta_document_save(
            seduta.id,
            crate::SedutaDocumento::Avviso,
            &self.out.join(&avviso),
        )?;
        (self.print)(&format!(
            "  sindaco: firmato l'avviso di convocazione ({avviso})"
        ));
        self.advance_days(1);
        self.as_user("segretario")?;
        let facts = [SedutaFatto::Aperta {
            presenti: ids(&["ferrari", "marino", "greco", "conti"]),
            giustificati: ids(&["gallo"]),
            presiede: "ferrari".into(),
            segretario: "Paolo Esposito".into(),
        }];
        for fact in facts {
            self.atti.seduta_record(seduta.id, fact)?;
        }
        (self.print)("  segretario: proposta all'ordine del giorno; appello: 4 presenti su 5");
        let voto = self
            .atti
            .seduta_votazione(seduta.id, 1, &ids(&["conti"]), &[], &[], None)?;
        let done = self.atti.seduta_record(seduta.id, voto)?;
        if let Some(avviso) = done.avvisi.first() {
            return Err(crate::AppError::new(
                crate::ErrorCode::NotAllowed,
                avviso.clone(),
            ));
        }
        self.atti.seduta_record(seduta.id, SedutaFatto::Chiusa)?;
        let status = self.atti.iter_status(id)?;
        (self.print)(&format!(
            "  segretario: votazione per appello nominale, 3 favorevoli e 1 contrario → {} n. {}; seduta chiusa",
            status.state_label,
            status.numero.unwrap_or_default()
        ));
        // The minutes (art. 97 TUEL), signed by who presided and by the segretario.
        for user in ["sindaco", "segretario"] {
            self.as_user(user)?;
            self.atti
                .seduta_firma(seduta.id, crate::SedutaDocumento::Verbale, &pin)?;
        }
        let verbale = atti_docs::seduta_file_name(seduta.id, false);
        self.atti.seduta_document_save(
            seduta.id,
            crate::SedutaDocumento::Verbale,
            &self.out.join(&verbale),
        )?;
        (self.print)(&format!(
            "  sindaco e segretario: firmato il verbale della seduta ({verbale})"
        ));
        Ok(())
    }

    fn ordinanza(&mut self) -> crate::AppResult<()> {
        let id = self.create(
            "istruttore",
            ActKind::Ordinanza,
            "Chiusura del ponte sul torrente per pericolo di crollo",
            |a| {
                a.tipo_ordinanza = Some(atti_core::TipoOrdinanza::Contingibile);
                a.sections = vec![Section {
                    kind: SectionKind::Considerato,
                    text: "il grave pericolo per l'incolumità pubblica;".into(),
                }];
                a.dispositivo = vec![DispositivoPoint {
                    text: "la chiusura immediata del ponte al transito.".into(),
                }];
            },
        )?;
        self.step(id, "istruttore", Action::Invia, ActionRequest::default())?;
        self.step(id, "sindaco", Action::Adotta, ActionRequest::default())?;
        self.step(
            id,
            "istruttore",
            Action::ComunicaPrefetto,
            ActionRequest::default(),
        )?;
        self.step(id, "istruttore", Action::Notifica, ActionRequest::default())?;
        self.step(id, "messo", Action::Pubblica, ActionRequest::default())?;
        self.done(id)
    }

    /// The albo's register as the tour left it, and Amministrazione trasparente filled from
    /// the acts (art. 23 and 37): open data, schemas and page in `out/trasparenza/`.
    fn trasparenza(&mut self, anno: i16) -> crate::AppResult<()> {
        let voci = self.atti.albo_elenco(None)?;
        (self.print)(&format!(
            "Albo pretorio: {} atti nel repertorio ({}); si ritirano da soli dopo 15 giorni («atti albo defiggi»)",
            voci.len(),
            voci.iter()
                .map(|v| v.repertorio.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let dir = self.out.join("trasparenza");
        let names = self.atti.trasparenza_esporta(&dir, Some(anno))?;
        (self.print)(&format!(
            "Amministrazione trasparente (art. 23 e 37 D.Lgs. 33/2013) scritta in {}: {} file, dati aperti con i loro schemi",
            dir.display(),
            names.len()
        ));
        Ok(())
    }

    fn decreto(&mut self) -> crate::AppResult<()> {
        let id = self.create(
            "sindaco",
            ActKind::Decreto,
            "Nomina del responsabile della prevenzione della corruzione e della trasparenza",
            |a| {
                a.dispositivo = vec![DispositivoPoint {
                    text: "di nominare il segretario generale.".into(),
                }];
            },
        )?;
        self.step(id, "sindaco", Action::Adotta, ActionRequest::default())?;
        self.step(id, "segretario", Action::Comunica, ActionRequest::default())?;
        self.step(id, "messo", Action::Pubblica, ActionRequest::default())?;
        self.done(id)
    }

    fn verbale(&mut self) -> crate::AppResult<()> {
        let today = self.atti.today();
        let id = self.create(
            "agente",
            ActKind::VerbalePl,
            "Sosta in area riservata ai disabili",
            |a| {
                if let Some(v) = a.verbale.as_mut() {
                    sample_verbale(v, today);
                    v.trasgressore.codice_fiscale =
                        atti_core::codice_fiscale::with_check_char("RSSMRA80A01H501");
                }
                // The offender's name and codice fiscale are personal data: the albo reads
                // "omissis" (the clerk finds them with «atti act omissis»).
                let cf = a
                    .verbale
                    .as_ref()
                    .and_then(|v| v.trasgressore.codice_fiscale.clone());
                a.riservati = std::iter::once("Mario Rossi".to_string())
                    .chain(cf)
                    .map(|t| atti_core::Riservato::everywhere(&t))
                    .collect();
            },
        )?;
        self.step(id, "agente", Action::Redigi, ActionRequest::default())?;
        self.step(id, "agente", Action::Adotta, ActionRequest::default())?;
        self.step(id, "agente", Action::Contesta, ActionRequest::default())?;
        self.pagato(id)?;
        self.done(id)
    }

    /// The offender pays the reduced amount of verbale `id` through pagoPA the same day; the
    /// intermediary's flusso di rendicontazione reports it, and Atti reads it back.
    fn pagato(&mut self, id: ActId) -> crate::AppResult<()> {
        use atti_core::pagamento::{Flusso, Pagamento};
        self.as_user("agente")?;
        let today = self.atti.today();
        let (ente, opzioni) = self.atti.pagopa_opzioni(id)?;
        let Some(ridotto) = opzioni.into_iter().next() else {
            return Ok(());
        };
        let flusso = Flusso {
            identificativo: format!("{today}-DEMO-0001"),
            data_regolamento: today,
            mittente: "Banca di prova".into(),
            pagamenti: vec![Pagamento {
                iuv: ridotto.codice_avviso[1..].to_string(),
                iur: format!("{today}-R1"),
                importo_centesimi: ridotto.importo_centesimi,
                pagato_il: today,
                revocato: false,
            }],
        };
        let xml = atti_core::pagamento::flusso_xml(&flusso, &ente);
        self.atti.pagopa_rendicontazione(xml.as_bytes())?;
        let pagamenti = self.atti.pagamenti(id)?;
        (self.print)(&format!(
            "  pagoPA: {} pagati con l'avviso {}; letto il flusso {}: {}",
            atti_core::money::format_euro(ridotto.importo_centesimi),
            ridotto.codice_avviso,
            flusso.identificativo,
            pagamenti.esito_label
        ));
        Ok(())
    }
}

/// How the demo Comune is known to pagoPA: a made-up codice fiscale (with its check digit)
/// and segregation code 1.
pub fn pagopa() -> atti_core::pagopa::Ente {
    atti_core::pagopa::Ente {
        codice_fiscale: "80012345676".into(),
        segregazione: 1,
    }
}

/// The data of a complete verbale: sosta in area riservata, on `day` (the tour's, and the
/// tests' complete verbale).
pub(crate) fn sample_verbale(v: &mut atti_core::VerbalePl, day: jiff::civil::Date) {
    v.data = Some(day);
    v.ora = jiff::civil::Time::new(10, 42, 0, 0).ok();
    v.luogo = "Via Roma 12".into();
    v.veicolo = "autovettura".into();
    v.targa = "AB123CD".into();
    v.trasgressore.nome = "Mario Rossi".into();
    v.norma_violata = "art. 158 c.2 lett. g) CdS".into();
    v.sanzione_centesimi = 16_800;
    v.sanzione_ridotta_centesimi = 11_760;
    v.punti = 4;
    v.agente_matricola = "PL-017".into();
    v.fatto = "Il veicolo era in sosta nello stallo riservato ai veicoli al servizio delle persone con disabilità, senza esporre il contrassegno.".into();
    v.dichiarazioni = "Il trasgressore dichiara: «mi sono fermato solo un minuto».".into();
}

#[cfg(test)]
mod tests {
    use super::tour_start;

    fn at(rfc: &str) -> jiff::Timestamp {
        rfc.parse().expect("timestamp")
    }

    #[test]
    fn the_tour_starts_in_the_morning_whatever_the_hour_it_is_run() {
        // 23:50 in Rome (winter, UTC+1): the tour starts at 8:00 of the same day.
        assert_eq!(
            tour_start(at("2026-12-18T22:50:00Z")),
            at("2026-12-18T07:00:00Z")
        );
        // Noon on the first day of summer time (UTC+2 from 3:00): 8:00 is 6:00 UTC.
        assert_eq!(
            tour_start(at("2027-03-28T12:00:00Z")),
            at("2027-03-28T06:00:00Z")
        );
        // Before 8:00 it starts now.
        assert_eq!(
            tour_start(at("2026-12-18T05:15:00Z")),
            at("2026-12-18T05:15:00Z")
        );
    }
}
