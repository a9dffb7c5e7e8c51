//! `atti-bench comune`: ten years of a large Comune, made through the real use cases of
//! atti-app, as the clerks would have made them: 20 offices and 60 users; every act created,
//! edited (several versions), sent, returned now and then, adopted and signed (PAdES with the
//! signer's own certificate, renewed every three years), given its visto or its pareri,
//! approved in the weekly Giunta or the monthly Consiglio (convened with a signed avviso,
//! roll call, vote, signed minutes), published on the albo, taken down after its 15 days with
//! its referto signed, declared executive, contested and paid through pagoPA; a certified copy
//! now and then. Nothing is written by SQL: every row
//! (versions, iter events, audit entries, pareri, numbers, signatures, copies, outbox rows)
//! is the one the app writes. The clock is the app's injected clock, moved along the days, so
//! the same options always make the same Comune.
//!
//! The last weeks are left as an office leaves them on any day: drafts, proposals waiting for
//! their pareri or their session, determinazioni waiting for their visto.
//!
//! Usage: `atti-bench comune [--acts N] [--years Y] --dir DIR` (the data dir must not exist;
//! by default 100,000 acts, about 40 a working day, over ten years). It prints what each
//! kind of step cost, and one JSON line.

use crate::corpus::{self, Rng};
use atti_app::Atti;
use atti_app::dto::ActionRequest;
use atti_core::comune::{ComuneSetup, OfficeSetup, UserSetup};
use atti_core::iter::Action;
use atti_core::parere::{Esito, ParereTipo};
use atti_core::{ActId, ActKind, Role, Sensitive};
use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

type Error = Box<dyn std::error::Error>;

/// The version of the Comune this generator makes: scripts/bench.sh keeps one Comune per
/// version (it takes an hour or more to make). Bump it when a change makes a different Comune.
pub const VERSION: u32 = 2;

/// The name of the generated Comune.
pub const COMUNE: &str = "Comune di Esempio Grande";

/// The password of every generated PKCS#12 file.
const PIN: &str = "123456";

/// The last day of the ten years (a Monday): the Comune as it is that morning.
const LAST_DAY: Date = jiff::civil::date(2026, 11, 30);

/// The working days at the end left unfinished (the work in progress of the offices).
const DAYS_IN_PROGRESS: usize = 15;

/// The offices: the segreteria, the finance office and the Polizia locale, then 17 areas
/// that write determinazioni (the first five are the busiest, with two istruttori).
const OFFICES: &[(&str, &str)] = &[
    ("SEG", "Segreteria generale"),
    ("RAG", "Servizio finanziario"),
    ("PL", "Comando di Polizia locale"),
    ("TEC", "Lavori pubblici"),
    ("MAN", "Manutenzioni"),
    ("URB", "Urbanistica"),
    ("SOC", "Servizi sociali"),
    ("SCU", "Istruzione"),
    ("EDI", "Edilizia privata"),
    ("AMB", "Ambiente"),
    ("TRI", "Tributi"),
    ("PER", "Personale"),
    ("DEM", "Servizi demografici"),
    ("CUL", "Cultura e sport"),
    ("SUAP", "Attività produttive"),
    ("ICT", "Sistemi informativi"),
    ("CON", "Contratti e appalti"),
    ("PAT", "Patrimonio"),
    ("PRO", "Protocollo"),
    ("AVV", "Avvocatura"),
];

/// The areas that write determinazioni (offices after the first three).
fn areas() -> &'static [(&'static str, &'static str)] {
    &OFFICES[3..]
}

/// Where "now" is: moved by the generator, read by the app.
struct SharedClock(Arc<AtomicI64>);

impl atti_app::Clock for SharedClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_second(self.0.load(Ordering::Relaxed)).unwrap_or(Timestamp::UNIX_EPOCH)
    }
}

/// Options of `atti-bench comune`.
struct Options {
    acts: u32,
    /// Over how many years (default: 10,000 acts a year, at most ten).
    years: Option<f64>,
    dir: PathBuf,
}

fn parse(args: &[String]) -> Result<Options, Error> {
    let mut acts = 100_000;
    let mut years = None;
    let mut dir = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a}: manca il valore"));
        match a.as_str() {
            "--acts" => acts = value()?.parse()?,
            "--years" => years = Some(value()?.parse()?),
            "--dir" => dir = Some(PathBuf::from(value()?)),
            other => return Err(format!("opzione sconosciuta: {other}").into()),
        }
    }
    Ok(Options {
        acts,
        years,
        dir: dir
            .ok_or("uso: atti-bench comune [--acts N] [--years ANNI] --dir CARTELLA | --version")?,
    })
}

pub fn run(args: &[String]) -> Result<(), Error> {
    if args.first().map(String::as_str) == Some("--version") {
        println!("{VERSION}");
        return Ok(());
    }
    let o = parse(args)?;
    let started = Instant::now();
    let years = o
        .years
        .unwrap_or(f64::from(o.acts) / 10_000.0)
        .clamp(0.05, 10.0);
    let mut g = Generator::new(&o.dir, o.acts, first_day(years))?;
    g.ten_years()?;
    let seconds = started.elapsed().as_secs_f64();
    g.report(seconds);
    crate::json_line(&format!(
        r#"{{"measure":"comune","acts":{},"seconds":{seconds:.1}}}"#,
        g.made
    ));
    Ok(())
}

/// Who saves the bench's draft (an istruttore of the busiest area).
pub const SAVER: &str = "istruttore.tec";

/// The users whose inbox the bench times: one of each role that acts on the iter.
pub const INBOX_USERS: [&str; 8] = [
    "istruttore.tec",
    "dirigente.tec",
    "ragioniere.1",
    "segretario",
    "sindaco",
    "messo.1",
    "agente.1",
    "comandante",
];

/// The users: (username, role, office). 60 in all.
fn users() -> Vec<(String, Role, &'static str)> {
    let mut u: Vec<(String, Role, &'static str)> = vec![
        ("segretario".into(), Role::Segretario, "SEG"),
        ("sindaco".into(), Role::Sindaco, "SEG"),
        ("presidente".into(), Role::Presidente, "SEG"),
        ("amministratore".into(), Role::Amministratore, "SEG"),
        ("messo.1".into(), Role::Messo, "SEG"),
        ("messo.2".into(), Role::Messo, "SEG"),
        ("istruttore.seg".into(), Role::Istruttore, "SEG"),
        ("ragioniere.1".into(), Role::Ragioniere, "RAG"),
        ("ragioniere.2".into(), Role::Ragioniere, "RAG"),
        ("dirigente.rag".into(), Role::Dirigente, "RAG"),
        ("istruttore.rag".into(), Role::Istruttore, "RAG"),
        ("comandante".into(), Role::Comandante, "PL"),
    ];
    for i in 1..=11 {
        u.push((format!("agente.{i}"), Role::Agente, "PL"));
    }
    for (i, (code, _)) in areas().iter().enumerate() {
        let low = code.to_lowercase();
        u.push((format!("dirigente.{low}"), Role::Dirigente, code));
        u.push((format!("istruttore.{low}"), Role::Istruttore, code));
        if i < 3 {
            u.push((format!("istruttore2.{low}"), Role::Istruttore, code));
        }
    }
    u
}

const NOMI: &[&str] = &[
    "Giulia",
    "Marco",
    "Anna",
    "Paolo",
    "Laura",
    "Luca",
    "Sara",
    "Stefano",
    "Roberto",
    "Elena",
    "Chiara",
    "Davide",
    "Francesca",
    "Matteo",
    "Silvia",
    "Andrea",
    "Federica",
    "Simone",
];
const COGNOMI: &[&str] = &[
    "Bianchi", "Rossi", "Verdi", "Esposito", "Ferrari", "Romano", "Colombo", "Moretti", "Gallo",
    "Ricci", "Marino", "Greco", "Conti", "Bruno", "Fontana", "Barbieri", "Lombardi", "Rinaldi",
    "Caruso", "Ferri", "Galli", "Leone", "Longo", "Costa", "Giordano", "Mancini", "Rizzo",
];

/// A fictitious codice fiscale for the i-th user (check character computed).
fn codice_fiscale(i: usize) -> String {
    let base = format!("XXXYYY{:02}A01H{:03}", 60 + i % 40, 100 + i);
    atti_core::codice_fiscale::with_check_char(&base[..15]).unwrap_or(base)
}

/// A proposal of delibera waiting for a session of its organ.
struct Pending {
    id: ActId,
    consiglio: bool,
}

/// A session convened, to be held on `data`.
struct Convened {
    data: Date,
    seduta: i64,
    consiglio: bool,
    punti: Vec<ActId>,
}

struct Generator {
    atti: Atti,
    clock: Arc<AtomicI64>,
    dir: PathBuf,
    rng: Rng,
    target: u32,
    /// The first day of the archive.
    first: Date,
    made: u32,
    /// Proposals of delibera waiting for the next session of their organ.
    agenda: Vec<Pending>,
    /// Sessions convened, not held yet.
    convened: Vec<Convened>,
    /// Delibere published, to be declared executive from their 11th day.
    to_declare: Vec<(Date, ActId)>,
    /// Verbali contested today, paid at the end of the day.
    to_pay: Vec<ActId>,
    /// The acts on the albo, with their last day there.
    on_albo: Vec<(Date, ActId)>,
    /// What each kind of step cost (total, count).
    costs: BTreeMap<&'static str, (Duration, u32)>,
    /// The last day of each user's certificate.
    identities_until: Option<Date>,
    ca: Option<atti_sign::demo::DemoCa>,
    flussi: u32,
}

impl Generator {
    fn new(dir: &Path, target: u32, first: Date) -> Result<Generator, Error> {
        if dir.exists() {
            return Err(format!("{} esiste già: serve una cartella nuova", dir.display()).into());
        }
        let clock = Arc::new(AtomicI64::new(morning(first)?.as_second()));
        let mut atti = Atti::open_with_clock(dir, Box::new(SharedClock(clock.clone())))?;
        atti.init_comune(&setup())?;
        // The amministratore's settings: the seal of the contrassegni (its key in the OS
        // keyring: scripts/bench.sh runs this in a private D-Bus session with gnome-keyring)
        // and the page where a copy is verified.
        atti.assume_user("amministratore")?;
        atti.seal_generate()?;
        atti.verification_url_set("https://www.comune.esempiogrande.it/verifica")?;
        Ok(Generator {
            atti,
            clock,
            dir: dir.to_path_buf(),
            rng: Rng::new(0xC0_1111E),
            target,
            first,
            made: 0,
            agenda: Vec::new(),
            convened: Vec::new(),
            to_declare: Vec::new(),
            to_pay: Vec::new(),
            on_albo: Vec::new(),
            costs: BTreeMap::new(),
            identities_until: None,
            ca: None,
            flussi: 0,
        })
    }

    fn today(&self) -> Date {
        self.atti.today()
    }

    /// Works as `user`, half a minute after the previous step.
    fn as_user(&mut self, user: &str) -> Result<(), Error> {
        self.clock.fetch_add(30, Ordering::Relaxed);
        self.atti.assume_user(user)?;
        Ok(())
    }

    /// Runs `f` and adds its time to the cost of `what`.
    fn timed<T>(
        &mut self,
        what: &'static str,
        f: impl FnOnce(&mut Atti) -> atti_app::AppResult<T>,
    ) -> Result<T, Error> {
        let started = Instant::now();
        let out = f(&mut self.atti);
        let c = self.costs.entry(what).or_default();
        c.0 += started.elapsed();
        c.1 += 1;
        Ok(out.map_err(|e| format!("{what}: {e}"))?)
    }

    fn ten_years(&mut self) -> Result<(), Error> {
        let days = working_days(self.first, LAST_DAY);
        let finished = days.len().saturating_sub(DAYS_IN_PROGRESS);
        for (i, day) in days.iter().enumerate() {
            self.clock
                .store(morning(*day)?.as_second(), Ordering::Relaxed);
            self.renew_identities()?;
            self.albo_upkeep()?;
            self.declare_executive()?;
            self.convene(*day)?;
            // The acts of the day: as many as keep the count on the straight line to the
            // target.
            let due = (i as u64 + 1) * u64::from(self.target) / days.len() as u64;
            let in_progress = i >= finished;
            while u64::from(self.made) < due {
                self.one_act(in_progress)?;
            }
            self.pay_verbali()?;
            self.hold(*day)?;
            if i % 250 == 0 {
                eprintln!("  {day}: {} atti", self.made);
            }
        }
        Ok(())
    }

    /// Every user gets a new certificate every three years (a new smart card), set by the
    /// segretario.
    fn renew_identities(&mut self) -> Result<(), Error> {
        let today = self.today();
        if self.identities_until.is_some_and(|until| today < until) {
            return Ok(());
        }
        let now = Timestamp::from_second(self.clock.load(Ordering::Relaxed))?;
        if self.ca.is_none() {
            let ca = atti_sign::demo::DemoCa::generate_with(
                "Esempio Grande",
                now,
                atti_sign::demo::KeyKind::EcP256,
            )?;
            self.as_user("amministratore")?;
            self.atti.trust_add(ca.certificate_pem().as_bytes())?;
            self.ca = Some(ca);
        }
        let pin = Sensitive::new(PIN.to_string());
        let folder = self.dir.join("firme").join(today.to_string());
        std::fs::create_dir_all(&folder)?;
        self.as_user("segretario")?;
        for (i, (username, ..)) in users().iter().enumerate() {
            let full = full_name(i);
            let (given, surname) = full.split_once(' ').unwrap_or((&full, ""));
            let spec = atti_sign::demo::UserCertSpec::new(given, surname, &codice_fiscale(i), now);
            let ca = self.ca.as_ref().ok_or("manca la CA")?;
            let p12 = ca.pkcs12_for(&spec, atti_sign::demo::KeyKind::EcP256, &pin)?;
            let path = folder.join(format!("{username}.p12"));
            std::fs::write(&path, p12)?;
            self.timed("identità di firma", |a| {
                a.identity_add(
                    username,
                    &atti_app::IdentityInput::Pkcs12 { path },
                    Some(&pin),
                )
            })?;
        }
        // Renewed a month before the three years are over.
        self.identities_until = today.checked_add(jiff::Span::new().days(3 * 365 - 30)).ok();
        Ok(())
    }

    fn pin() -> Sensitive<String> {
        Sensitive::new(PIN.to_string())
    }

    fn step(&mut self, id: ActId, user: &str, action: Action) -> Result<(), Error> {
        self.as_user(user)?;
        let mut request = ActionRequest::default();
        if action == Action::Pubblica {
            // Who publishes confirms the personal data the detector finds (as the tour).
            request.conferma_dati = self
                .atti
                .omissis_proposals(id)?
                .into_iter()
                .map(|p| p.text)
                .collect();
        }
        if action.is_signature() {
            let pin = Self::pin();
            self.timed("firma dell'atto (PAdES)", |a| a.sign(id, &pin))?;
        } else {
            let label = if action == Action::Pubblica {
                "pubblicazione all'albo"
            } else {
                "passo dell'iter"
            };
            self.timed(label, |a| a.iter_take(id, action, &request))?;
        }
        if action == Action::Pubblica
            && let Some(voce) = self.atti.albo_voce(id)?
        {
            self.on_albo.push((voce.fine.parse()?, id));
        }
        Ok(())
    }

    /// The end of the day's work at the albo (as the desktop does when the albo is opened):
    /// what ended yesterday leaves it (defissione), and the messo signs its referto di
    /// pubblicazione (TUEL art. 124, L. 69/2009 art. 32).
    fn albo_upkeep(&mut self) -> Result<(), Error> {
        let today = self.today();
        self.as_user("messo.1")?;
        self.timed("albo aggiornato (defissioni)", |a| a.albo_aggiorna())?;
        let (ended, on) = std::mem::take(&mut self.on_albo)
            .into_iter()
            .partition(|(fine, _)| *fine < today);
        self.on_albo = on;
        let pin = Self::pin();
        for (_, id) in ended {
            self.timed("referto di pubblicazione firmato", |a| {
                a.attestazione_firma(id, atti_core::attestazione::Attestazione::Referto, &pin)
            })?;
        }
        Ok(())
    }

    fn parere(&mut self, id: ActId, user: &str, tipo: ParereTipo) -> Result<(), Error> {
        self.as_user(user)?;
        let pin = Self::pin();
        self.timed("parere o visto firmato", |a| {
            a.parere_sign(id, tipo, Esito::Favorevole, "", &pin)
        })?;
        Ok(())
    }

    /// A new act of a kind drawn as a Comune makes them, written in `versions` saves, then
    /// taken as far as its iter goes today (or, `in_progress`, left somewhere on the way).
    fn one_act(&mut self, in_progress: bool) -> Result<(), Error> {
        let kind = corpus::kind_for(&mut self.rng);
        let year = self.today().year();
        let (office, author) = self.author(kind);
        let content = corpus::act(&mut self.rng, kind, year);
        self.as_user(&author)?;
        let mut act = self.timed("bozza creata", |a| {
            a.act_create(kind, &content.oggetto, Some(office))
        })?;
        act.sections = content.sections.clone();
        act.dispositivo = content.dispositivo.clone();
        act.impegni = content.impegni.clone();
        act.tipo_ordinanza = content.tipo_ordinanza;
        if let Some(mut v) = content.verbale.clone() {
            v.data = Some(self.today());
            act.verbale = Some(v);
        }
        // Written in one to four sittings: each a version.
        let sittings = 1 + self.rng.below(4);
        let full = act.dispositivo.clone();
        for s in 1..=sittings {
            let keep = (full.len() as u64 * s).div_ceil(sittings) as usize;
            act.dispositivo = full[..keep.min(full.len())].to_vec();
            self.timed("bozza salvata", |a| a.act_save(&act))?;
            act = self.atti.act_get(act.id.ok_or("atto senza id")?)?;
        }
        let id = act.id.ok_or("atto senza id")?;
        self.made += 1;
        // Where an act in progress stops: 0 = a draft, then one step further each.
        let stop = if in_progress {
            self.rng.below(4)
        } else {
            u64::MAX
        };
        match kind {
            ActKind::Determinazione => self.determinazione(id, office, &author, stop)?,
            ActKind::DeliberaGiunta | ActKind::DeliberaConsiglio => {
                self.proposta(id, office, &author, kind, stop)?
            }
            ActKind::Ordinanza => self.ordinanza(id, office, &author, stop)?,
            ActKind::Decreto => self.decreto(id, stop)?,
            ActKind::VerbalePl => self.verbale(id, &author, stop)?,
        }
        if stop == u64::MAX {
            self.maybe_copy(id)?;
        }
        Ok(())
    }

    /// One numbered act in fifty: a citizen asks for a certified paper copy.
    fn maybe_copy(&mut self, id: ActId) -> Result<(), Error> {
        if self.rng.below(50) != 0 || self.atti.iter_status(id)?.numero.is_none() {
            return Ok(());
        }
        self.as_user("istruttore.seg")?;
        self.timed("copia conforme", |a| {
            a.copia(id, Some("istanza di accesso agli atti"))
        })?;
        Ok(())
    }

    /// Who writes an act of `kind`: its office and a user of it.
    fn author(&mut self, kind: ActKind) -> (&'static str, String) {
        match kind {
            ActKind::VerbalePl => ("PL", format!("agente.{}", 1 + self.rng.below(11))),
            ActKind::Decreto => ("SEG", "sindaco".into()),
            _ => {
                let (code, _) = areas()[self.rng.below(areas().len() as u64) as usize];
                (code, format!("istruttore.{}", code.to_lowercase()))
            }
        }
    }

    fn determinazione(
        &mut self,
        id: ActId,
        office: &str,
        author: &str,
        stop: u64,
    ) -> Result<(), Error> {
        let dirigente = dirigente(office);
        if stop == 0 {
            return Ok(());
        }
        self.step(id, author, Action::Invia)?;
        // One in ten goes back to the istruttore once, with a remark, and comes back.
        if self.rng.below(10) == 0 {
            self.as_user(&dirigente)?;
            let request = ActionRequest::new(Some("Precisare la durata".into()), Vec::new());
            self.timed("passo dell'iter", |a| {
                a.iter_take(id, Action::Restituisci, &request)
            })?;
            self.as_user(author)?;
            let mut act = self.atti.act_get(id)?;
            if let Some(p) = act.dispositivo.first_mut() {
                p.text.push_str(" per dodici mesi");
            }
            self.timed("bozza salvata", |a| a.act_save(&act))?;
            self.step(id, author, Action::Invia)?;
        }
        if stop == 1 {
            return Ok(());
        }
        self.step(id, &dirigente, Action::Adotta)?;
        let with_impegni = !self.atti.act_get(id)?.impegni.is_empty();
        if stop == 2 && with_impegni {
            return Ok(());
        }
        if with_impegni {
            let ragioniere = self.ragioniere();
            self.parere(id, &ragioniere, ParereTipo::VistoContabile)?;
        }
        if stop <= 3 {
            return Ok(());
        }
        let messo = self.messo();
        self.step(id, &messo, Action::Pubblica)
    }

    /// One of the two messi.
    fn messo(&mut self) -> String {
        format!("messo.{}", 1 + self.rng.below(2))
    }

    /// One of the two ragionieri.
    fn ragioniere(&mut self) -> String {
        format!("ragioniere.{}", 1 + self.rng.below(2))
    }

    /// A proposal of delibera: sent, proposed by the dirigente, with its pareri; then on the
    /// agenda of the next session of its organ.
    fn proposta(
        &mut self,
        id: ActId,
        office: &str,
        author: &str,
        kind: ActKind,
        stop: u64,
    ) -> Result<(), Error> {
        let dirigente = dirigente(office);
        if stop == 0 {
            return Ok(());
        }
        self.step(id, author, Action::Invia)?;
        if stop == 1 {
            return Ok(());
        }
        self.step(id, &dirigente, Action::Proponi)?;
        self.parere(id, &dirigente, ParereTipo::Tecnico)?;
        if stop == 2 {
            return Ok(());
        }
        if !self.atti.act_get(id)?.impegni.is_empty() {
            let ragioniere = self.ragioniere();
            self.parere(id, &ragioniere, ParereTipo::Contabile)?;
        }
        if stop == 3 {
            return Ok(());
        }
        self.agenda.push(Pending {
            id,
            consiglio: kind == ActKind::DeliberaConsiglio,
        });
        Ok(())
    }

    fn ordinanza(&mut self, id: ActId, office: &str, author: &str, stop: u64) -> Result<(), Error> {
        let act = self.atti.act_get(id)?;
        let signer = match act.tipo_ordinanza {
            Some(atti_core::TipoOrdinanza::Dirigenziale) => dirigente(office),
            _ => "sindaco".to_string(),
        };
        if stop == 0 {
            return Ok(());
        }
        self.step(id, author, Action::Invia)?;
        if stop == 1 {
            return Ok(());
        }
        self.step(id, &signer, Action::Adotta)?;
        if act.tipo_ordinanza == Some(atti_core::TipoOrdinanza::Contingibile) {
            self.step(id, author, Action::ComunicaPrefetto)?;
        }
        if stop <= 3 {
            return Ok(());
        }
        self.step(id, author, Action::Notifica)?;
        let messo = self.messo();
        self.step(id, &messo, Action::Pubblica)
    }

    fn decreto(&mut self, id: ActId, stop: u64) -> Result<(), Error> {
        if stop <= 1 {
            return Ok(());
        }
        self.step(id, "sindaco", Action::Adotta)?;
        self.step(id, "istruttore.seg", Action::Comunica)?;
        if stop <= 3 {
            return Ok(());
        }
        let messo = self.messo();
        self.step(id, &messo, Action::Pubblica)
    }

    /// A verbale written on the spot, signed and contested; six in ten are paid the same day
    /// (the reduced amount, through pagoPA).
    fn verbale(&mut self, id: ActId, agente: &str, stop: u64) -> Result<(), Error> {
        if stop == 0 {
            return Ok(());
        }
        self.step(id, agente, Action::Redigi)?;
        if stop == 1 {
            return Ok(());
        }
        self.step(id, agente, Action::Adotta)?;
        self.step(id, agente, Action::Contesta)?;
        if self.rng.below(10) < 6 {
            self.to_pay.push(id);
        }
        Ok(())
    }

    /// The intermediary's flusso of the day reports what the offenders paid.
    fn pay_verbali(&mut self) -> Result<(), Error> {
        use atti_core::pagamento::{Flusso, Pagamento};
        if self.to_pay.is_empty() {
            return Ok(());
        }
        let today = self.today();
        let mut pagamenti = Vec::new();
        let mut ente = None;
        for id in std::mem::take(&mut self.to_pay) {
            let (e, opzioni) = self.atti.pagopa_opzioni(id)?;
            ente = Some(e);
            if let Some(ridotto) = opzioni.into_iter().next() {
                pagamenti.push(Pagamento {
                    iuv: ridotto.codice_avviso[1..].to_string(),
                    iur: format!("{today}-R{}", pagamenti.len() + 1),
                    importo_centesimi: ridotto.importo_centesimi,
                    pagato_il: today,
                    revocato: false,
                });
            }
        }
        let Some(ente) = ente else {
            return Ok(());
        };
        self.flussi += 1;
        let flusso = Flusso {
            identificativo: format!("{today}-GRANDE-{:05}", self.flussi),
            data_regolamento: today,
            mittente: "Banca di prova".into(),
            pagamenti,
        };
        let xml = atti_core::pagamento::flusso_xml(&flusso, &ente);
        self.as_user("agente.1")?;
        self.timed("flusso pagoPA letto", |a| {
            a.pagopa_rendicontazione(xml.as_bytes())
        })?;
        Ok(())
    }

    /// The delibere published at least ten days ago are declared executive.
    fn declare_executive(&mut self) -> Result<(), Error> {
        let today = self.today();
        let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.to_declare)
            .into_iter()
            .partition(|(from, _)| *from <= today);
        self.to_declare = later;
        for (_, id) in due {
            self.step(id, "segretario", Action::DichiaraEsecutiva)?;
        }
        Ok(())
    }

    /// The sessions convened today: the Giunta every Tuesday for the day after, the
    /// Consiglio on the Thursday a week before the last Thursday of the month.
    fn convene(&mut self, day: Date) -> Result<(), Error> {
        use atti_core::organo::Organo;
        let week_later = day.checked_add(jiff::Span::new().days(7))?;
        if day.weekday() == Weekday::Tuesday {
            self.convoca(Organo::Giunta, day.tomorrow()?)?;
        }
        if day.weekday() == Weekday::Thursday && week_later.month() != day.month() {
            self.convoca(Organo::Consiglio, week_later)?;
        }
        Ok(())
    }

    /// A session of `organo` on `data` with every proposal waiting for it, convened with
    /// the avviso that who presides signs.
    fn convoca(&mut self, organo: atti_core::organo::Organo, data: Date) -> Result<(), Error> {
        use atti_core::organo::{Convocazione, Organo};
        use atti_core::seduta::{Maggioranza, SedutaFatto, TipoSeduta};
        let consiglio = organo == Organo::Consiglio;
        let (punti, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.agenda)
            .into_iter()
            .partition(|p| p.consiglio == consiglio);
        self.agenda = rest;
        if punti.is_empty() {
            return Ok(());
        }
        self.as_user("segretario")?;
        let convocata = SedutaFatto::Convocata {
            organo,
            tipo: TipoSeduta::Ordinaria,
            convocazione: Convocazione::Prima,
            data,
            ora: jiff::civil::time(Self::hour(consiglio), 0, 0, 0),
            luogo: "Palazzo comunale".into(),
            videoconferenza: false,
        };
        let seduta = self.timed("seduta", |a| a.seduta_new(convocata))?.id;
        for p in &punti {
            let iscritto = SedutaFatto::Iscritto {
                atto: p.id,
                oggetto: String::new(),
                maggioranza: Maggioranza::Votanti,
            };
            self.timed("seduta", |a| a.seduta_record(seduta, iscritto))?;
        }
        self.as_user(Self::presiede(consiglio))?;
        let pin = Self::pin();
        self.timed("avviso o verbale di seduta firmato", |a| {
            a.seduta_firma(seduta, atti_app::SedutaDocumento::Avviso, &pin)
        })?;
        self.convened.push(Convened {
            data,
            seduta,
            consiglio,
            punti: punti.into_iter().map(|p| p.id).collect(),
        });
        Ok(())
    }

    /// The hour of a session: the Giunta at 17, the Consiglio at 18 (after the day's work).
    fn hour(consiglio: bool) -> i8 {
        if consiglio { 18 } else { 17 }
    }

    fn presiede(consiglio: bool) -> &'static str {
        if consiglio { "presidente" } else { "sindaco" }
    }

    /// The sessions of `day`, held: the roll call (everybody present), a vote by name on each
    /// point (all in favour), closed, its minutes signed; then each delibera signed by who
    /// presided and the segretario, and published.
    fn hold(&mut self, day: Date) -> Result<(), Error> {
        use atti_core::seduta::SedutaFatto;
        let (today, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.convened)
            .into_iter()
            .partition(|c| c.data == day);
        self.convened = later;
        for c in today {
            let start = at(day, Self::hour(c.consiglio))?.as_second();
            self.clock.fetch_max(start, Ordering::Relaxed);
            self.as_user("segretario")?;
            let (presenti, presiede_id) = if c.consiglio {
                (CONSIGLIO, "romano")
            } else {
                (GIUNTA, "ferrari")
            };
            let aperta = SedutaFatto::Aperta {
                presenti: presenti.iter().map(|s| s.to_string()).collect(),
                giustificati: Vec::new(),
                presiede: presiede_id.into(),
                segretario: full_name(0),
            };
            self.timed("seduta", |a| a.seduta_record(c.seduta, aperta))?;
            for punto in 1..=c.punti.len() as u16 {
                let voto = self.timed("seduta", |a| {
                    a.seduta_votazione(c.seduta, punto, &[], &[], &[], None)
                })?;
                self.timed("seduta", |a| a.seduta_record(c.seduta, voto))?;
            }
            self.timed("seduta", |a| a.seduta_record(c.seduta, SedutaFatto::Chiusa))?;
            let presiede = Self::presiede(c.consiglio);
            let pin = Self::pin();
            for user in [presiede, "segretario"] {
                self.as_user(user)?;
                self.timed("avviso o verbale di seduta firmato", |a| {
                    a.seduta_firma(c.seduta, atti_app::SedutaDocumento::Verbale, &pin)
                })?;
            }
            for id in c.punti {
                self.step(id, presiede, Action::Firma)?;
                self.step(id, "segretario", Action::Firma)?;
                let messo = self.messo();
                self.step(id, &messo, Action::Pubblica)?;
                let from = day.checked_add(jiff::Span::new().days(10))?;
                if self.atti.iter_status(id)?.state == atti_core::ActState::Pubblicata {
                    self.to_declare.push((from, id));
                }
                self.maybe_copy(id)?;
            }
        }
        Ok(())
    }

    fn report(&self, seconds: f64) {
        eprintln!(
            "{COMUNE}: {} atti in {seconds:.0} s ({:.1} ms per atto)",
            self.made,
            seconds * 1000.0 / f64::from(self.made.max(1))
        );
        for (what, (total, n)) in &self.costs {
            eprintln!(
                "  {what:<36} {n:>8} volte, {:>8.2} ms l'una, {:>7.1} s in tutto",
                total.as_secs_f64() * 1000.0 / f64::from((*n).max(1)),
                total.as_secs_f64()
            );
        }
    }
}

/// The members of the Giunta and the Consiglio (ids of the records of sessions).
const GIUNTA: &[&str] = &["ferrari", "marino", "greco", "conti", "gallo"];
const CONSIGLIO: &[&str] = &[
    "ferrari", "romano", "bruno", "fontana", "moretti", "barbieri", "lombardi", "rinaldi",
    "caruso", "ferri", "galli", "leone", "longo",
];

/// The dirigente of `office`.
fn dirigente(office: &str) -> String {
    format!("dirigente.{}", office.to_lowercase())
}

/// The i-th user's name.
fn full_name(i: usize) -> String {
    format!(
        "{} {}",
        NOMI[i % NOMI.len()],
        COGNOMI[(i * 7 + i / NOMI.len()) % COGNOMI.len()]
    )
}

/// The Comune's set-up: offices, users, the organi (the demo Comune's), pagoPA.
fn setup() -> ComuneSetup {
    let users = users()
        .into_iter()
        .enumerate()
        .map(|(i, (username, role, office))| UserSetup {
            username,
            full_name: full_name(i),
            role,
            office: Some(office.into()),
            codice_fiscale: codice_fiscale(i),
        })
        .collect();
    ComuneSetup {
        name: COMUNE.into(),
        offices: OFFICES
            .iter()
            .map(|(code, name)| OfficeSetup {
                code: (*code).into(),
                name: (*name).into(),
            })
            .collect(),
        users,
        funzionari_copie: vec!["istruttore.seg".into(), "segretario".into()],
        fiducia: Vec::new(),
        step_timeout_seconds: None,
        pagopa: Some(atti_app::demo_pagopa()),
        organi: atti_app::demo_organi(),
    }
}

/// The first day of an archive of `years` years, ending on [`LAST_DAY`].
fn first_day(years: f64) -> Date {
    let days = (years * 365.25) as i64;
    LAST_DAY
        .checked_sub(jiff::Span::new().days(days))
        .unwrap_or(LAST_DAY)
}

/// Monday to Friday from `first` to `last`.
fn working_days(first: Date, last: Date) -> Vec<Date> {
    first
        .series(jiff::Span::new().days(1))
        .take_while(|d| *d <= last)
        .filter(|d| !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday))
        .collect()
}

/// `day` at `hour`:00 in Italy.
fn at(day: Date, hour: i8) -> Result<Timestamp, Error> {
    Ok(day.at(hour, 0, 0, 0).in_tz("Europe/Rome")?.timestamp())
}

fn morning(day: Date) -> Result<Timestamp, Error> {
    at(day, 8)
}
