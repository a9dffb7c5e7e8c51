//! Applying the events of an act's life ([`atti_core::event`]) to this archive: each event is
//! taken by the use case that a clerk would use, as its user and at its moment, so that the
//! same rules decide and the same rows are written. The same events in the same order give
//! the same archive, byte for byte (the property test below): what the shared iter across
//! PCs stands on.

use crate::dto::{ActionRequest, SectionComment};
use crate::{AppError, AppResult, Atti, ErrorCode, FixedClock};
use atti_core::event::{Event, EventKind};

impl Atti {
    /// Applies one event, as its user and at its moment; the session's user and clock are
    /// the same afterwards.
    pub fn apply_event(&mut self, event: &Event) -> AppResult<()> {
        let user = self.user.clone();
        let clock = std::mem::replace(&mut self.clock, std::sync::Arc::new(FixedClock(event.at)));
        self.replaying = true;
        let applied = self
            .assume_user(&event.by)
            .and_then(|()| self.apply_as_is(event));
        self.replaying = false;
        self.clock = clock;
        self.user = user;
        applied
    }

    fn apply_as_is(&mut self, event: &Event) -> AppResult<()> {
        let id = event.act;
        match &event.what {
            EventKind::Created {
                kind,
                oggetto,
                office,
                uid,
                proposta,
            } => {
                let next = self.store.next_act_id()?;
                if next != id {
                    return Err(AppError::new(
                        ErrorCode::Conflict,
                        format!(
                            "l'evento crea l'atto {id}, ma in questo archivio il nuovo atto sarebbe il {next}: gli eventi non sono nell'ordine in cui sono avvenuti"
                        ),
                    ));
                }
                let origin = crate::shared::Origin::Event {
                    proposta: *proposta,
                    uid: uid.clone(),
                };
                self.create_act_as(*kind, oggetto, Some(office), origin)?;
            }
            EventKind::Attached { name, bytes } => {
                self.attachment_add_bytes(id, name, bytes)?;
            }
            EventKind::Detached { sha256 } => {
                self.attachment_remove(id, sha256)?;
            }
            EventKind::Saved { content } => {
                if content.id != Some(id) {
                    return Err(AppError::new(
                        ErrorCode::InvalidInput,
                        format!("l'evento dell'atto {id} salva il contenuto di un altro atto"),
                    ));
                }
                self.act_save(content)?;
            }
            EventKind::Action {
                action,
                note,
                seduta,
                comments,
                numero: _,
                conferma_dati,
                notificazione,
            } => {
                if let Some(n) = notificazione {
                    self.check_notificazione(n)?;
                }
                let request = ActionRequest {
                    note: note.clone(),
                    seduta: seduta.as_deref().cloned(),
                    comments: comments
                        .iter()
                        .map(|(field, text)| SectionComment {
                            field: field.clone(),
                            text: text.clone(),
                        })
                        .collect(),
                    conferma_dati: conferma_dati.clone(),
                    notificazione: notificazione.as_deref().cloned(),
                };
                self.iter_take(id, *action, &request)?;
            }
            EventKind::Parere {
                tipo,
                esito,
                motivazione,
                file,
            } => {
                self.replay_parere(id, *tipo, *esito, motivazione, file)?;
            }
            EventKind::Signed {
                action,
                numero,
                files,
            } => {
                self.record_signed(id, *action, *numero, files)?;
            }
            EventKind::Attestazione { tipo, file } => {
                self.replay_attestazione(id, *tipo, file)?;
            }
            EventKind::Archiviazione {
                archiviazione,
                file,
            } => {
                self.replay_archiviazione(id, archiviazione, file)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    //! The replay property: random valid lives of acts of every kind, taken step by step on
    //! one archive as events, then applied to an empty archive, give the same rows in every
    //! table the iter writes, and the same audit hashes.

    use super::*;
    use atti_core::comune::{ComuneSetup, OfficeSetup, UserSetup};
    use atti_core::iter::{Action, Seduta};
    use atti_core::parere::{Esito, ParereTipo};
    use atti_core::{ActId, ActKind, DispositivoPoint, Impegno, Role, Section, SectionKind};
    use proptest::prelude::*;

    const START: &str = "2026-11-30T08:00:00Z";

    fn setup() -> ComuneSetup {
        let user = |username: &str, role: Role, office: &str, cf: &str| UserSetup {
            username: username.into(),
            full_name: format!("Utente {username}"),
            role,
            office: Some(office.into()),
            codice_fiscale: atti_core::codice_fiscale::with_check_char(cf).unwrap_or_default(),
        };
        ComuneSetup {
            name: "Comune di Replica".into(),
            offices: vec![
                OfficeSetup {
                    code: "TEC".into(),
                    name: "Ufficio tecnico".into(),
                },
                OfficeSetup {
                    code: "SEG".into(),
                    name: "Segreteria".into(),
                },
            ],
            users: vec![
                user("istruttore", Role::Istruttore, "TEC", "BNCGLI80A41H501"),
                user("dirigente", Role::Dirigente, "TEC", "VRDLCU75B12H501"),
                user("ragioniere", Role::Ragioniere, "SEG", "NREPLA70C03H501"),
                user("segretario", Role::Segretario, "SEG", "GLLMRC65D04H501"),
                user("vicesegretario", Role::Segretario, "SEG", "VCSGRT70A01H501"),
                user("sindaco", Role::Sindaco, "SEG", "RSSFNC60E05H501"),
                user("presidente", Role::Presidente, "SEG", "BLUANN62F46H501"),
                user("agente", Role::Agente, "TEC", "MRNSTF85G07H501"),
                user("comandante", Role::Comandante, "TEC", "MRTSFN72B10H501"),
            ],
            funzionari_copie: Vec::new(),
            fiducia: Vec::new(),
            step_timeout_seconds: None,
            pagopa: None,
            organi: Vec::new(),
        }
    }

    /// What a session's record says of a vote (the replay carries it as it came).
    fn record() -> Option<atti_core::iter::SedutaRecord> {
        Some(atti_core::iter::SedutaRecord {
            seduta: "segretario-00000000000000000000000000000001".into(),
            punto: 1,
            maggioranza: atti_core::seduta::Maggioranza::Votanti,
            ora: jiff::civil::time(9, 0, 0, 0),
            luogo: "Sala della Giunta".into(),
            videoconferenza: false,
            presiede: "Utente sindaco".into(),
            segretario: "Utente segretario".into(),
            presenti: Vec::new(),
            assenti: Vec::new(),
            contrari: Vec::new(),
            astenuti: Vec::new(),
            non_partecipano: Vec::new(),
        })
    }

    fn open(dir: &std::path::Path) -> Atti {
        let at = START.parse().expect("start");
        let mut atti = Atti::open_with_clock(dir, Box::new(FixedClock(at))).expect("open");
        atti.init_comune(&setup()).expect("init");
        // One PC's archive, twice: the same name of the PC in the packages' anchors.
        atti.store
            .set_setting(crate::sync::WORKSTATION, "replica")
            .expect("postazione");
        atti
    }

    /// Every row of the tables the iter writes, in order, as text.
    fn rows(dir: &std::path::Path) -> String {
        let conn = rusqlite::Connection::open(dir.join(atti_store::DB_FILE)).expect("db");
        let mut out = String::new();
        for table in [
            "act",
            "act_version",
            "blob",
            "registro",
            "parere",
            "signature",
            "act_link",
            "document",
            "signed_file",
            "identity",
            "trust_anchor",
            "albo",
            "archiviazione",
            "audit",
        ] {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
                .expect("prepare");
            let cols = stmt.column_count();
            let lines: Vec<String> = stmt
                .query_map([], |r| {
                    (0..cols)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect::<Result<Vec<_>, _>>()
                        .map(|v| v.join("|"))
                })
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("rows");
            for line in lines {
                out.push_str(&format!("{table}: {line}\n"));
            }
        }
        out
    }

    /// Fails naming the first row that differs (rows can be long: each is cut).
    fn assert_same_rows(a: &str, b: &str) {
        let cut = |l: &str| l.chars().take(300).collect::<String>();
        for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
            assert!(x == y, "row {i} differs:\n{}\n{}", cut(x), cut(y));
        }
        assert_eq!(a.lines().count(), b.lines().count(), "not as many rows");
    }

    /// The content that makes an act of `kind` complete.
    fn complete(act: &mut atti_core::Act, spending: bool, day: jiff::civil::Date) {
        act.sections = vec![Section {
            kind: SectionKind::Premesso,
            text: "che occorre provvedere;".into(),
        }];
        act.dispositivo = vec![DispositivoPoint {
            text: "di provvedere come in premessa.".into(),
        }];
        if spending && act.kind.has_impegni() {
            act.impegni = vec![Impegno {
                esercizio: u16::try_from(day.year()).unwrap_or(2026),
                capitolo: "1043.02".into(),
                importo_centesimi: 120_000,
                beneficiario: "Verde Srl".into(),
                cig: None,
                cup: None,
                sovvenzione: None,
            }];
        }
        if let Some(v) = act.verbale.as_mut() {
            act.sections.clear();
            act.dispositivo.clear();
            crate::demo::sample_verbale(v, day);
        }
    }

    const USERS: [&str; 7] = [
        "istruttore",
        "dirigente",
        "ragioniere",
        "segretario",
        "sindaco",
        "presidente",
        "agente",
    ];

    /// The events `user` could take on act `id` now: the actions open to them (not
    /// signatures), the pareri they give, and a new version of the text.
    fn candidates(
        atti: &mut Atti,
        id: ActId,
        user: &str,
        pick: u8,
    ) -> Vec<atti_core::event::EventKind> {
        let mut out = Vec::new();
        if atti.assume_user(user).is_err() {
            return out;
        }
        let Ok(status) = atti.iter_status(id) else {
            return out;
        };
        // Approval and rejection come from a session's vote, not from the options: the
        // segretario records them on a proposal iscritta.
        let mut actions: Vec<(Action, bool)> = status
            .options
            .iter()
            .filter(|o| !o.signature && o.blocked_by.is_none())
            .map(|o| (o.action, o.needs_note))
            .collect();
        if status.state == atti_core::ActState::Iscritta && user == "segretario" {
            actions.extend([(Action::Approva, false), (Action::Respingi, false)]);
        }
        for (action, needs_note) in actions {
            let seduta = action.needs_seduta().then(|| Seduta {
                data: atti.today(),
                presenti: 7,
                favorevoli: if action == Action::Approva { 5 } else { 2 },
                contrari: if action == Action::Approva { 1 } else { 4 },
                astenuti: 1,
                immediatamente_eseguibile: pick.is_multiple_of(2),
                componenti: pick.is_multiple_of(2).then_some(9),
                voto_immediata: pick
                    .is_multiple_of(2)
                    .then_some(atti_core::iter::Votazione {
                        favorevoli: 6,
                        contrari: 1,
                        astenuti: 0,
                    }),
                record: record(),
            });
            let comments = if action == Action::Restituisci && pick.is_multiple_of(3) {
                vec![("oggetto".to_string(), "Precisare l'oggetto".to_string())]
            } else {
                Vec::new()
            };
            out.push(EventKind::Action {
                action,
                note: needs_note.then(|| format!("  motivo {pick}  ")),
                seduta: seduta.map(Box::new),
                comments,
                numero: None,
                conferma_dati: Vec::new(),
                notificazione: None,
            });
        }
        for tipo in &status.parere_options {
            // A parere already given on this text is not asked again.
            let given = status
                .pareri
                .iter()
                .rev()
                .find(|p| p.tipo == *tipo)
                .is_some_and(|p| !p.da_rinnovare);
            if *tipo == ParereTipo::VistoContabile || given {
                continue;
            }
            let esito =
                [Esito::Favorevole, Esito::NonFavorevole, Esito::NonDovuto][pick as usize % 3];
            // Signed when chosen (`live`): its file is made then.
            out.push(EventKind::Parere {
                tipo: *tipo,
                esito,
                motivazione: if esito == Esito::NonFavorevole {
                    "manca la copertura".into()
                } else {
                    String::new()
                },
                file: atti_core::event::SignedPart {
                    part: "parere".into(),
                    format: "pades".into(),
                    name: String::new(),
                    bytes: Vec::new(),
                },
            });
        }
        if status.editable
            && let Ok(mut act) = atti.act_get(id)
        {
            act.oggetto = format!(
                "{} (rev. {pick})",
                act.oggetto.split(" (rev.").next().unwrap_or("")
            );
            out.push(EventKind::Saved {
                content: Box::new(act),
            });
        }
        out
    }

    fn drafter(kind: ActKind) -> &'static str {
        match kind {
            ActKind::VerbalePl => "agente",
            ActKind::Decreto => "sindaco",
            _ => "istruttore",
        }
    }

    /// Lives the acts on `origin`, as events; returns them.
    fn live(origin: &mut Atti, lives: &[(usize, bool, Vec<u8>)]) -> Vec<Event> {
        let mut at: jiff::Timestamp = START.parse().expect("start");
        let mut events = Vec::new();
        let mut take = |atti: &mut Atti,
                        events: &mut Vec<Event>,
                        act: ActId,
                        by: &str,
                        what: EventKind,
                        minutes: i64| {
            at = at
                .checked_add(jiff::SignedDuration::from_mins(minutes))
                .expect("time");
            let event = match what {
                EventKind::Parere {
                    tipo,
                    esito,
                    motivazione,
                    ..
                } => parere_event(atti, act, by, at, (tipo, esito, &motivazione)),
                what => {
                    let event = Event {
                        act,
                        at,
                        by: by.into(),
                        what,
                    };
                    atti.apply_event(&event).expect("a valid step is taken");
                    event
                }
            };
            events.push(event);
        };
        for (n, (kind_ix, spending, choices)) in lives.iter().enumerate() {
            let kind = ActKind::ALL[kind_ix % ActKind::ALL.len()];
            let id = ActId(n as i64 + 1);
            let by = drafter(kind);
            let created = EventKind::Created {
                kind,
                oggetto: format!("Atto {n} di prova"),
                office: "TEC".into(),
                uid: None,
                proposta: None,
            };
            take(origin, &mut events, id, by, created, 1);
            let mut act = origin.act_get(id).expect("created");
            complete(&mut act, *spending, origin.today());
            take(
                origin,
                &mut events,
                id,
                by,
                EventKind::Saved {
                    content: Box::new(act),
                },
                3,
            );
            for pick in choices {
                // What anyone could do now; mostly a step forward, sometimes back or aside.
                let mut all: Vec<(&str, EventKind)> = Vec::new();
                for user in USERS {
                    for what in candidates(origin, id, user, *pick) {
                        let saved = matches!(what, EventKind::Saved { .. });
                        if !(saved
                            && all
                                .iter()
                                .any(|(_, w)| matches!(w, EventKind::Saved { .. })))
                        {
                            all.push((user, what));
                        }
                    }
                }
                let forward: Vec<&(&str, EventKind)> = all
                    .iter()
                    .filter(|(_, w)| match w {
                        EventKind::Saved { .. } => false,
                        EventKind::Action { action, .. } => !matches!(
                            action,
                            Action::Ritira | Action::Restituisci | Action::Annulla
                        ),
                        _ => true,
                    })
                    .collect();
                let p = usize::from(*pick);
                let chosen = if p % 4 != 0 && !forward.is_empty() {
                    forward[p / 4 % forward.len()]
                } else if let Some(any) = all.get(p % all.len().max(1)) {
                    any
                } else {
                    continue;
                };
                let (user, what) = chosen.clone();
                // Minutes to days apart: the steps cross days, months and the new year.
                take(
                    origin,
                    &mut events,
                    id,
                    user,
                    what,
                    7 + i64::from(*pick) * 97,
                );
            }
        }
        events
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn replaying_the_events_gives_the_same_archive_byte_for_byte(
            lives in prop::collection::vec((0usize..6, any::<bool>(), prop::collection::vec(any::<u8>(), 0..20)), 1..5)
        ) {
            let dir = tempfile::tempdir().expect("tempdir");
            let (a, b) = (dir.path().join("origine"), dir.path().join("replica"));
            let mut origin = open_signing(&a, shared_pki());
            let events = live(&mut origin, &lives);
            // The events cross a wire as JSON.
            let wire = serde_json::to_string(&events).expect("json");
            let received: Vec<Event> = serde_json::from_str(&wire).expect("json");
            prop_assert_eq!(&received, &events);
            let mut replica = open_signing(&b, shared_pki());
            for e in &received {
                replica.apply_event(e).expect("the replay takes every step");
            }
            assert_same_rows(&rows(&a), &rows(&b));
            prop_assert!(replica.audit_verify().expect("audit").broken.is_none());
        }
    }

    #[test]
    fn an_event_out_of_order_is_refused_and_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut atti = open(dir.path());
        let before = rows(dir.path());
        let event = Event {
            act: ActId(5),
            at: START.parse().expect("start"),
            by: "istruttore".into(),
            what: EventKind::Created {
                kind: ActKind::Determinazione,
                oggetto: "Fuori ordine".into(),
                office: "TEC".into(),
                uid: None,
                proposta: None,
            },
        };
        let err = atti.apply_event(&event).err().map(|e| e.code);
        assert_eq!(err, Some(ErrorCode::Conflict));
        assert_eq!(rows(dir.path()), before);
    }

    // --- signature steps ------------------------------------------------------------------

    const PIN: &str = "12345678";

    /// A demo CA and a PKCS#12 file for each signer, made once: both archives trust the
    /// same CA and configure the same identities, at the same moment.
    fn pki(dir: &std::path::Path) {
        use atti_sign::demo::{DemoCa, KeyKind, UserCertSpec};
        let at: jiff::Timestamp = START.parse().expect("start");
        let ca = DemoCa::generate_with("Replica", at, KeyKind::EcP256).expect("ca");
        std::fs::write(dir.join("ca.pem"), ca.certificate_pem()).expect("ca.pem");
        let pin = atti_core::Sensitive::new(PIN.to_string());
        for u in setup().users {
            let spec = UserCertSpec::new("Utente", &u.username, &u.codice_fiscale, at);
            let p12 = ca.pkcs12_for(&spec, KeyKind::EcP256, &pin).expect("p12");
            std::fs::write(dir.join(format!("{}.p12", u.username)), p12).expect("p12");
        }
    }

    fn open_signing(dir: &std::path::Path, pki: &std::path::Path) -> Atti {
        let mut atti = open(dir);
        let pin = atti_core::Sensitive::new(PIN.to_string());
        atti.assume_user("segretario").expect("segretario");
        atti.add_trust_anchors(&std::fs::read(pki.join("ca.pem")).expect("ca"))
            .expect("trust");
        for user in [
            "dirigente",
            "ragioniere",
            "sindaco",
            "segretario",
            "vicesegretario",
            "agente",
            "comandante",
        ] {
            atti.assume_user(user).expect("user");
            let path = pki.join(format!("{user}.p12"));
            atti.identity_add(user, &crate::IdentityInput::Pkcs12 { path }, Some(&pin))
                .expect("identity");
        }
        atti
    }

    /// The PKI of [`pki`], made once for every test of this process.
    fn shared_pki() -> &'static std::path::Path {
        static PKI: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
        PKI.get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            pki(dir.path());
            dir
        })
        .path()
    }

    /// Gives a parere on `atti` as `user` at `at` (as a clerk would, signing it with the
    /// PIN), and returns the event of that step: its signed document.
    fn parere_event(
        atti: &mut Atti,
        id: ActId,
        user: &str,
        at: jiff::Timestamp,
        (tipo, esito, motivazione): (ParereTipo, Esito, &str),
    ) -> Event {
        let clock = std::mem::replace(&mut atti.clock, std::sync::Arc::new(FixedClock(at)));
        atti.assume_user(user).expect("user");
        atti.parere_sign(
            id,
            tipo,
            esito,
            motivazione,
            &atti_core::Sensitive::new(PIN.to_string()),
        )
        .expect("parere signed");
        atti.clock = clock;
        let facts = atti.store.facts(id).expect("facts");
        let sha = facts
            .pareri
            .last()
            .and_then(|p| p.document.clone())
            .expect("its document");
        let file = atti
            .store
            .signed_files(id)
            .expect("files")
            .into_iter()
            .find(|f| f.sha256 == sha)
            .expect("signed file");
        Event {
            act: id,
            at,
            by: user.into(),
            what: EventKind::Parere {
                tipo,
                esito,
                motivazione: motivazione.into(),
                file: atti_core::event::SignedPart {
                    bytes: atti.store.blob(&file.sha256).expect("blob"),
                    part: "parere".into(),
                    format: file.format,
                    name: file.name,
                },
            },
        }
    }

    /// Signs on `atti` as `user` at `at` (as a clerk would, with the PIN), and returns the
    /// event of that step: the files it signed.
    fn sign_event(atti: &mut Atti, id: ActId, user: &str, at: jiff::Timestamp) -> Event {
        let clock = std::mem::replace(&mut atti.clock, std::sync::Arc::new(FixedClock(at)));
        atti.assume_user(user).expect("user");
        let action = atti.signing_action(id).expect("something to sign");
        let before = atti.store.signed_files(id).expect("files");
        let outcome = atti
            .sign(id, &atti_core::Sensitive::new(PIN.to_string()))
            .expect("signed");
        let files = atti
            .store
            .signed_files(id)
            .expect("files")
            .into_iter()
            .filter(|f| !before.iter().any(|b| b.sha256 == f.sha256))
            .map(|f| atti_core::event::SignedPart {
                bytes: atti.store.blob(&f.sha256).expect("blob"),
                part: f.part,
                format: f.format,
                name: f.name,
            })
            .collect();
        atti.clock = clock;
        let numero = match action {
            Action::Adotta => outcome
                .status
                .numero
                .and_then(|n| n.split('/').next().and_then(|n| n.parse().ok())),
            _ => None,
        };
        Event {
            act: id,
            at,
            by: user.into(),
            what: EventKind::Signed {
                action,
                numero,
                files,
            },
        }
    }

    #[test]
    fn signature_steps_replay_to_the_same_archive_and_foreign_files_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let keys = dir.path().join("pki");
        std::fs::create_dir_all(&keys).expect("pki");
        pki(&keys);
        let (a, b) = (dir.path().join("origine"), dir.path().join("replica"));
        let mut origin = open_signing(&a, &keys);
        let mut at: jiff::Timestamp = "2026-11-30T09:00:00Z".parse().expect("at");
        let mut events = Vec::new();
        let mut next = |minutes: i64| {
            at = at
                .checked_add(jiff::SignedDuration::from_mins(minutes))
                .expect("time");
            at
        };
        let take = |atti: &mut Atti, events: &mut Vec<Event>, e: Event| {
            atti.apply_event(&e).expect("step");
            events.push(e);
        };
        let ev = |act: i64, at, by: &str, what| Event {
            act: ActId(act),
            at,
            by: by.into(),
            what,
        };
        let none = |action| EventKind::Action {
            action,
            note: None,
            seduta: None,
            comments: Vec::new(),
            numero: None,
            conferma_dati: Vec::new(),
            notificazione: None,
        };

        // A determinazione with spending, adopted and signed by the dirigente.
        let created = EventKind::Created {
            kind: ActKind::Determinazione,
            oggetto: "Affidamento del servizio di manutenzione".into(),
            office: "TEC".into(),
            uid: None,
            proposta: None,
        };
        take(
            &mut origin,
            &mut events,
            ev(1, next(1), "istruttore", created),
        );
        let mut act = origin.act_get(ActId(1)).expect("act");
        complete(&mut act, true, origin.today());
        let saved = EventKind::Saved {
            content: Box::new(act),
        };
        take(
            &mut origin,
            &mut events,
            ev(1, next(2), "istruttore", saved),
        );
        take(
            &mut origin,
            &mut events,
            ev(1, next(3), "istruttore", none(Action::Invia)),
        );
        let adopted = sign_event(&mut origin, ActId(1), "dirigente", next(60));
        events.push(adopted.clone());

        // A delibera di Giunta, approved in session, signed by the sindaco and the segretario.
        let created = EventKind::Created {
            kind: ActKind::DeliberaGiunta,
            oggetto: "Approvazione del progetto della piazza".into(),
            office: "TEC".into(),
            uid: None,
            proposta: None,
        };
        take(
            &mut origin,
            &mut events,
            ev(2, next(5), "istruttore", created),
        );
        let mut act = origin.act_get(ActId(2)).expect("act");
        complete(&mut act, false, origin.today());
        let saved = EventKind::Saved {
            content: Box::new(act),
        };
        take(
            &mut origin,
            &mut events,
            ev(2, next(2), "istruttore", saved),
        );
        take(
            &mut origin,
            &mut events,
            ev(2, next(3), "istruttore", none(Action::Invia)),
        );
        take(
            &mut origin,
            &mut events,
            ev(2, next(3), "dirigente", none(Action::Proponi)),
        );
        let tecnico = parere_event(
            &mut origin,
            ActId(2),
            "dirigente",
            next(3),
            (ParereTipo::Tecnico, Esito::Favorevole, ""),
        );
        events.push(tecnico.clone());
        take(
            &mut origin,
            &mut events,
            ev(2, next(3), "segretario", none(Action::Iscrivi)),
        );
        let approva = EventKind::Action {
            action: Action::Approva,
            note: None,
            seduta: Some(Box::new(Seduta {
                data: "2026-11-30".parse().expect("day"),
                presenti: 5,
                favorevoli: 4,
                contrari: 1,
                astenuti: 0,
                immediatamente_eseguibile: false,
                componenti: None,
                voto_immediata: None,
                record: record(),
            })),
            comments: Vec::new(),
            numero: None,
            conferma_dati: Vec::new(),
            notificazione: None,
        };
        take(
            &mut origin,
            &mut events,
            ev(2, next(3), "segretario", approva),
        );
        let by_sindaco = sign_event(&mut origin, ActId(2), "sindaco", next(30));
        events.push(by_sindaco.clone());
        let by_segretario = sign_event(&mut origin, ActId(2), "segretario", next(30));
        events.push(by_segretario.clone());

        // The replica, from the events as they cross the wire.
        let wire = serde_json::to_string(&events).expect("json");
        let received: Vec<Event> = serde_json::from_str(&wire).expect("json");
        let mut replica = open_signing(&b, &keys);
        let last = received.len() - 1;
        for e in &received[..last] {
            replica.apply_event(e).expect("the replay takes every step");
        }

        // The segretario's signature claimed by someone else, a byte changed in it, or a
        // number the register would not give: refused, and nothing is written.
        let before = rows(&b);
        let mut claimed_by_another = received[last].clone();
        claimed_by_another.by = "sindaco".into();
        let err = replica
            .apply_event(&claimed_by_another)
            .err()
            .map(|e| e.code);
        assert!(
            matches!(err, Some(ErrorCode::NotAllowed | ErrorCode::Signature)),
            "{err:?}"
        );
        let mut forged = received[last].clone();
        if let EventKind::Signed { files, .. } = &mut forged.what
            && let Some(f) = files.first_mut()
        {
            let middle = f.bytes.len() / 3;
            f.bytes[middle] ^= 0x01;
        }
        let err = replica.apply_event(&forged).err().map(|e| e.code);
        assert_eq!(err, Some(ErrorCode::Signature));
        assert_eq!(rows(&b), before);
        // The publication version (the albo's PDF) must be this archive's, omissis and all:
        // the signed integral act passed off as it is refused, and so is a step that drops it
        // once the act has a signed publication version.
        let mut integral = received[last].clone();
        if let EventKind::Signed { files, .. } = &mut integral.what {
            let atto = files
                .iter()
                .find(|f| f.part == "atto")
                .expect("atto")
                .bytes
                .clone();
            let publication = files
                .iter_mut()
                .find(|f| f.part == crate::signed_step::PART_PUBBLICAZIONE)
                .expect("the publication version is signed");
            publication.bytes = atto;
        }
        let err = replica.apply_event(&integral).err().map(|e| e.code);
        assert_eq!(err, Some(ErrorCode::Signature));
        let mut dropped = received[last].clone();
        if let EventKind::Signed { files, .. } = &mut dropped.what {
            files.retain(|f| f.part != crate::signed_step::PART_PUBBLICAZIONE);
        }
        let err = replica.apply_event(&dropped).err().map(|e| e.code);
        assert_eq!(err, Some(ErrorCode::Signature));
        assert_eq!(rows(&b), before);

        replica.apply_event(&received[last]).expect("the real one");
        assert_same_rows(&rows(&a), &rows(&b));
        assert!(replica.audit_verify().expect("audit").broken.is_none());
        let state = |atti: &Atti, id| atti.store.load_act(ActId(id)).expect("act").state;
        assert_eq!(state(&replica, 1), atti_core::ActState::Visto);
        assert_eq!(state(&replica, 2), atti_core::ActState::Firmata);

        // An adoption whose number the register of the replica would not give.
        let dir2 = tempfile::tempdir().expect("tempdir");
        let mut other = open_signing(dir2.path(), &keys);
        for e in &received[..3] {
            other.apply_event(e).expect("step");
        }
        let mut renumbered = adopted;
        if let EventKind::Signed { numero, .. } = &mut renumbered.what {
            *numero = Some(7);
        }
        let err = other.apply_event(&renumbered).err().map(|e| e.code);
        assert_eq!(err, Some(ErrorCode::Conflict));

        // A parere whose signed document changed by one byte, or whose document is another
        // parere's (the delibera's tecnico given on the determinazione): refused.
        let dir3 = tempfile::tempdir().expect("tempdir");
        let mut third = open_signing(dir3.path(), &keys);
        let upto = received
            .iter()
            .position(|e| matches!(e.what, EventKind::Parere { .. }))
            .expect("a parere");
        for e in &received[..upto] {
            third.apply_event(e).expect("step");
        }
        let mut forged = received[upto].clone();
        if let EventKind::Parere { file, .. } = &mut forged.what {
            let middle = file.bytes.len() / 2;
            file.bytes[middle] ^= 0x01;
        }
        let err = third.apply_event(&forged).err().map(|e| e.code);
        assert_eq!(err, Some(ErrorCode::Signature));
        let mut elsewhere = received[upto].clone();
        elsewhere.at = elsewhere
            .at
            .checked_add(jiff::SignedDuration::from_hours(48))
            .expect("time");
        let err = third.apply_event(&elsewhere).err().map(|e| e.code);
        assert_eq!(
            err,
            Some(ErrorCode::Signature),
            "a document dated another day is not this parere's"
        );
        third.apply_event(&received[upto]).expect("the real one");
    }

    /// A delibera's document, rendered at its first signature, names who signs for each role:
    /// another official with the same role is refused before any PIN, and the one named signs.
    /// Signs the attestation `tipo` on `atti` as `user` at `at` (with the PIN), and returns
    /// the event of that step: its signed document.
    fn attestazione_event(
        atti: &mut Atti,
        id: ActId,
        user: &str,
        at: jiff::Timestamp,
        tipo: atti_core::attestazione::Attestazione,
    ) -> Event {
        let clock = std::mem::replace(&mut atti.clock, std::sync::Arc::new(FixedClock(at)));
        atti.assume_user(user).expect("user");
        atti.attestazione_firma(id, tipo, &atti_core::Sensitive::new(PIN.to_string()))
            .expect("signed");
        atti.clock = clock;
        let file = atti
            .store
            .signed_files(id)
            .expect("files")
            .into_iter()
            .find(|f| f.part == tipo.part())
            .expect("its signed file");
        Event {
            act: id,
            at,
            by: user.into(),
            what: EventKind::Attestazione {
                tipo,
                file: atti_core::event::SignedPart {
                    bytes: atti.store.blob(&file.sha256).expect("blob"),
                    part: file.part,
                    format: file.format,
                    name: file.name,
                },
            },
        }
    }

    #[test]
    fn a_referto_replays_to_the_same_archive_and_a_foreign_one_is_refused() {
        use atti_core::attestazione::Attestazione;
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("origine"), dir.path().join("replica"));
        let mut origin = open_signing(&a, shared_pki());
        let start: jiff::Timestamp = "2026-11-30T09:00:00Z".parse().expect("at");
        let at = |days: i64, minutes: i64| {
            start
                .checked_add(jiff::SignedDuration::from_hours(24 * days))
                .and_then(|t| t.checked_add(jiff::SignedDuration::from_mins(minutes)))
                .expect("time")
        };
        let mut events = Vec::new();
        let take = |atti: &mut Atti, events: &mut Vec<Event>, e: Event| {
            atti.apply_event(&e).expect("step");
            events.push(e);
        };
        let action = |act: i64, at, by: &str, action| Event {
            act: ActId(act),
            at,
            by: by.into(),
            what: EventKind::Action {
                action,
                note: None,
                seduta: None,
                comments: Vec::new(),
                numero: None,
                conferma_dati: Vec::new(),
                notificazione: None,
            },
        };
        // A determinazione without spending: adopted (executive at once), published by the
        // segretario, who signs its referto on the 16th day.
        let created = EventKind::Created {
            kind: ActKind::Determinazione,
            oggetto: "Nomina della commissione".into(),
            office: "TEC".into(),
            uid: None,
            proposta: None,
        };
        let ev = |at, by: &str, what| Event {
            act: ActId(1),
            at,
            by: by.into(),
            what,
        };
        take(
            &mut origin,
            &mut events,
            ev(at(0, 1), "istruttore", created),
        );
        let mut act = origin.act_get(ActId(1)).expect("act");
        complete(&mut act, false, "2026-11-30".parse().expect("day"));
        let saved = EventKind::Saved {
            content: Box::new(act),
        };
        take(&mut origin, &mut events, ev(at(0, 2), "istruttore", saved));
        take(
            &mut origin,
            &mut events,
            action(1, at(0, 3), "istruttore", Action::Invia),
        );
        events.push(sign_event(&mut origin, ActId(1), "dirigente", at(0, 60)));
        take(
            &mut origin,
            &mut events,
            action(1, at(0, 90), "segretario", Action::Pubblica),
        );
        let refused = origin.attestazione_check(ActId(1), Attestazione::Referto);
        assert!(refused.is_err(), "still on the albo");
        let referto = attestazione_event(
            &mut origin,
            ActId(1),
            "segretario",
            at(16, 0),
            Attestazione::Referto,
        );
        events.push(referto);

        let wire = serde_json::to_string(&events).expect("json");
        let received: Vec<Event> = serde_json::from_str(&wire).expect("json");
        let mut replica = open_signing(&b, shared_pki());
        let last = received.len() - 1;
        for e in &received[..last] {
            replica.apply_event(e).expect("the replay takes every step");
        }
        let before = rows(&b);
        let mut forged = received[last].clone();
        if let EventKind::Attestazione { file, .. } = &mut forged.what {
            let middle = file.bytes.len() / 2;
            file.bytes[middle] ^= 0x01;
        }
        let err = replica.apply_event(&forged).err().map(|e| e.code);
        assert_eq!(err, Some(ErrorCode::Signature));
        let mut claimed = received[last].clone();
        claimed.by = "dirigente".into();
        assert!(replica.apply_event(&claimed).is_err(), "not who publishes");
        let mut early = received[last].clone();
        early.at = at(14, 0);
        assert!(replica.apply_event(&early).is_err(), "still on the albo");
        assert_eq!(rows(&b), before);

        replica.apply_event(&received[last]).expect("the real one");
        assert_same_rows(&rows(&a), &rows(&b));
        assert!(replica.audit_verify().expect("audit").broken.is_none());
        let err = replica.apply_event(&received[last]).err().map(|e| e.code);
        assert!(err.is_some(), "signed once");
    }

    #[test]
    fn an_archiviazione_replays_to_the_same_archive_and_a_foreign_one_is_refused() {
        use atti_core::archiviazione::{Archiviazione, MotivoArchiviazione};
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("origine"), dir.path().join("replica"));
        let mut origin = open_signing(&a, shared_pki());
        let start: jiff::Timestamp = "2026-11-30T09:00:00Z".parse().expect("at");
        let at = |minutes: i64| {
            start
                .checked_add(jiff::SignedDuration::from_mins(minutes))
                .expect("time")
        };
        let mut events = Vec::new();
        let ev = |at, by: &str, what| Event {
            act: ActId(1),
            at,
            by: by.into(),
            what,
        };
        let created = EventKind::Created {
            kind: ActKind::VerbalePl,
            oggetto: "Sosta vietata".into(),
            office: "TEC".into(),
            uid: None,
            proposta: None,
        };
        let e = ev(at(1), "agente", created);
        origin.apply_event(&e).expect("created");
        events.push(e);
        let mut act = origin.act_get(ActId(1)).expect("act");
        complete(&mut act, false, "2026-11-30".parse().expect("day"));
        let e = ev(
            at(2),
            "agente",
            EventKind::Saved {
                content: Box::new(act),
            },
        );
        origin.apply_event(&e).expect("saved");
        events.push(e);
        let e = ev(
            at(3),
            "agente",
            EventKind::Action {
                action: Action::Redigi,
                note: None,
                seduta: None,
                comments: Vec::new(),
                numero: None,
                conferma_dati: Vec::new(),
                notificazione: None,
            },
        );
        origin.apply_event(&e).expect("redatto");
        events.push(e);
        events.push(sign_event(&mut origin, ActId(1), "agente", at(4)));
        // The comandante archives it, signing the provvedimento.
        let archiviazione = Archiviazione {
            motivo: MotivoArchiviazione::ErroreIdentificazione,
            motivazione: "La targa è stata letta in modo errato: il veicolo è di altro modello."
                .into(),
        };
        let clock = std::mem::replace(&mut origin.clock, std::sync::Arc::new(FixedClock(at(30))));
        origin.assume_user("comandante").expect("user");
        origin
            .archivia(
                ActId(1),
                &archiviazione,
                &atti_core::Sensitive::new(PIN.to_string()),
            )
            .expect("archived");
        origin.clock = clock;
        let row = origin
            .store
            .archiviazione(ActId(1))
            .expect("row")
            .expect("archived");
        events.push(ev(
            at(30),
            "comandante",
            EventKind::Archiviazione {
                archiviazione: archiviazione.clone(),
                file: atti_core::event::SignedPart {
                    bytes: origin.store.blob(&row.document_sha256).expect("blob"),
                    part: atti_store::PART_ARCHIVIAZIONE.into(),
                    format: "pades".into(),
                    name: atti_docs::archiviazione_file_name(1),
                },
            },
        ));

        let wire = serde_json::to_string(&events).expect("json");
        let received: Vec<Event> = serde_json::from_str(&wire).expect("json");
        let mut replica = open_signing(&b, shared_pki());
        let last = received.len() - 1;
        for e in &received[..last] {
            replica.apply_event(e).expect("the replay takes every step");
        }
        let before = rows(&b);
        let mut forged = received[last].clone();
        if let EventKind::Archiviazione { file, .. } = &mut forged.what {
            let middle = file.bytes.len() / 2;
            file.bytes[middle] ^= 0x01;
        }
        let err = replica.apply_event(&forged).err().map(|e| e.code);
        assert_eq!(err, Some(ErrorCode::Signature));
        let mut other_reasons = received[last].clone();
        if let EventKind::Archiviazione { archiviazione, .. } = &mut other_reasons.what {
            archiviazione.motivazione =
                "Un'altra motivazione, che il comandante non ha firmato.".into();
        }
        let err = replica.apply_event(&other_reasons).err().map(|e| e.code);
        assert_eq!(
            err,
            Some(ErrorCode::Signature),
            "the document says other reasons"
        );
        let mut claimed = received[last].clone();
        claimed.by = "agente".into();
        assert!(replica.apply_event(&claimed).is_err(), "not the comandante");
        assert_eq!(rows(&b), before);

        replica.apply_event(&received[last]).expect("the real one");
        assert_same_rows(&rows(&a), &rows(&b));
        assert!(replica.audit_verify().expect("audit").broken.is_none());
    }

    #[test]
    fn only_the_official_the_document_names_signs_for_the_role() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut atti = open_signing(&dir.path().join("archivio"), shared_pki());
        let pin = atti_core::Sensitive::new(PIN.to_string());
        atti.assume_user("istruttore").expect("user");
        let mut act = atti
            .act_create(
                ActKind::DeliberaGiunta,
                "Approvazione del progetto della piazza",
                Some("TEC"),
            )
            .expect("created");
        let id = act.id.expect("id");
        complete(&mut act, false, atti.today());
        atti.act_save(&act).expect("saved");
        let none = ActionRequest::default();
        atti.iter_take(id, Action::Invia, &none).expect("invia");
        atti.assume_user("dirigente").expect("user");
        atti.iter_take(id, Action::Proponi, &none).expect("proponi");
        atti.parere_sign(id, ParereTipo::Tecnico, Esito::Favorevole, "", &pin)
            .expect("parere");
        atti.assume_user("segretario").expect("user");
        atti.iter_take(id, Action::Iscrivi, &none).expect("iscrivi");
        let seduta = Seduta {
            data: atti.today(),
            presenti: 5,
            favorevoli: 5,
            contrari: 0,
            astenuti: 0,
            immediatamente_eseguibile: false,
            componenti: None,
            voto_immediata: None,
            record: record(),
        };
        let approva = ActionRequest {
            seduta: Some(seduta),
            ..ActionRequest::default()
        };
        atti.iter_take(id, Action::Approva, &approva)
            .expect("approva");
        atti.assume_user("sindaco").expect("user");
        atti.sign(id, &pin).expect("the sindaco signs");

        atti.assume_user("vicesegretario").expect("user");
        let refused = atti
            .sign_check(id, Action::Firma)
            .expect_err("not the one named");
        assert_eq!(refused.code, ErrorCode::NotAllowed);
        assert!(
            refused
                .message
                .contains("nomina Utente segretario per il ruolo «Segretario generale»"),
            "{}",
            refused.message
        );
        assert!(atti.sign(id, &pin).is_err());
        atti.assume_user("segretario").expect("user");
        atti.sign(id, &pin).expect("the segretario named signs");
        assert_eq!(
            atti.store.load_act(id).expect("act").state,
            atti_core::ActState::Firmata
        );
    }
}
