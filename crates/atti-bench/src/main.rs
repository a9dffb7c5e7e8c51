//! `atti-bench`: how fast Atti saves a draft, searches and lists each user's work in a large
//! Comune: ten years, 100,000 acts, made through the real use cases by `atti-bench comune`
//! ([`comune`]). It times the real use cases of atti-app on it: `act_save` (a new version,
//! fsync included), `inbox` for a user of each role, `act_list` with a full-text query. It
//! prints one JSON object per line on stdout (scripts/bench.sh turns them into a table) and a
//! readable summary on stderr.
//!
//! It is not a test: it asserts no timing. Usage:
//! `atti-bench --comune DIR [--saves N] [--searches N]` (DIR made by `atti-bench comune`; each
//! run adds to it the draft it saves).
//!
//! Other measures, as subcommands (see their modules): `comune` (makes the Comune),
//! `make-p12`, `sign-pdf`, `sign-hsm` (signing, [`sign`]), `sync` (upload to a WebDAV server
//! against rclone and curl, [`sync`]) and `index` (what a PC learns of the shared iter since
//! its last look, [`index`]).

mod comune;
mod corpus;
mod index;
mod sign;
mod sync;

use atti_app::Atti;
use atti_app::dto::ActFilter;
use atti_core::{Act, ActKind, DispositivoPoint, Impegno, Section, SectionKind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

type Error = Box<dyn std::error::Error>;

/// Command-line options.
struct Options {
    saves: u32,
    searches: u32,
    /// The data dir of a Comune made by `atti-bench comune`.
    comune: Option<PathBuf>,
}

fn parse_args() -> Result<Options, Error> {
    let mut o = Options {
        saves: 300,
        searches: 200,
        comune: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a}: manca il valore"));
        match a.as_str() {
            "--saves" => o.saves = value()?.parse()?,
            "--searches" => o.searches = value()?.parse()?,
            "--comune" => o.comune = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                println!(
                    "uso: atti-bench --comune CARTELLA [--saves N] [--searches N]\n\
                     \x20     atti-bench make-p12 DIR PASSWORD\n\
                     \x20     atti-bench sign-pdf IN.pdf KEY.p12 PASSWORD OUT.pdf\n\
                     \x20     atti-bench sign-hsm IN.pdf [FIRME]\n\
                     \x20     atti-bench sync [--packages N] [--size BYTE] [--runs R]\n\
                     \x20     atti-bench comune [--acts N] [--years ANNI] --dir CARTELLA | --version\n\
                     \x20     atti-bench tour\n\
                     \x20     atti-bench render DATI ATTO [VOLTE]"
                );
                std::process::exit(0);
            }
            other => return Err(format!("opzione sconosciuta: {other}").into()),
        }
    }
    Ok(o)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("make-p12") => sign::make_p12(rest),
        Some("sign-pdf") => sign::sign_pdf(rest),
        Some("sign-hsm") => sign::sign_hsm(rest),
        Some(sign::HSM_CHILD) => sign::hsm_child(rest),
        Some("sync") => sync::run(rest),
        Some("comune") => comune::run(rest),
        Some("index") => index::run(rest),
        Some("tour") => tour(),
        Some("render") => render(rest),
        Some(index::CHILD) => index::child(rest),
        _ => run(),
    };
    if let Err(e) = result {
        eprintln!("atti-bench: errore: {e}");
        std::process::exit(1);
    }
}

/// The whole demo tour (`atti demo`) in process: every kind of act through its real iter,
/// rendered and signed; what an act costs through the real code paths.
fn tour() -> Result<(), Error> {
    let tmp = tempfile::Builder::new()
        .prefix("atti-bench-tour-")
        .tempdir()?;
    let started = Instant::now();
    atti_app::demo_tour(
        &tmp.path().join("data"),
        &tmp.path().join("out"),
        &mut |_| {},
    )?;
    let seconds = started.elapsed().as_secs_f64();
    let atti = Atti::open(&tmp.path().join("data"))?;
    let acts = atti.act_list(&ActFilter::default())?.len();
    eprintln!("giro dimostrativo: {acts} atti in {seconds:.2} s");
    json_line(&format!(
        r#"{{"measure":"tour","acts":{acts},"seconds":{seconds:.3}}}"#
    ));
    Ok(())
}

/// `render DATA_DIR ACT_ID [RUNS]`: the preview of a draft as the running desktop renders it
/// (`Atti::render`, the store already open, the fonts already parsed by a first rendering
/// that is not counted). Before each of the RUNS renderings (default 20) the clerk has changed
/// the last word of the first section and the draft was saved (a new version), so that no
/// rendering finds the previous one in typst's caches and the act keeps its length; only the
/// rendering is timed. p50 / p95 as one JSON line.
fn render(args: &[String]) -> Result<(), Error> {
    let usage = "uso: atti-bench render DATI ATTO [VOLTE]";
    let dir = PathBuf::from(args.first().ok_or(usage)?);
    let id = atti_core::ActId(args.get(1).ok_or(usage)?.parse()?);
    let runs: usize = args.get(2).map(|r| r.parse()).transpose()?.unwrap_or(20);
    let mut atti = Atti::open(&dir)?;
    let pages = atti_docs::pdf_page_count(&atti.render(id, false)?)?;
    let mut act = atti.act_get(id)?;
    let first = act
        .sections
        .first()
        .map(|s| s.text.clone())
        .ok_or("l'atto non ha sezioni")?;
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs {
        if let Some(section) = act.sections.first_mut() {
            section.text = format!("{first} (modifica n. {i:04})");
        }
        atti.act_save(&act)?;
        act = atti.act_get(id)?;
        let started = Instant::now();
        let pdf = atti.render(id, false)?;
        times.push(started.elapsed());
        std::hint::black_box(pdf);
    }
    report(
        "render_in_app",
        &format!(
            "anteprima di un atto di {pages} pagine nell'app avviata, dopo ogni modifica (Atti::render)"
        ),
        0,
        &times,
        &format!(r#","pages":{pages}"#),
    );
    Ok(())
}

fn run() -> Result<(), Error> {
    let opts = parse_args()?;
    let dir = opts
        .comune
        .ok_or("uso: atti-bench --comune CARTELLA (un Comune fatto da «atti-bench comune»)")?;
    let db = dir.join(atti_store::DB_FILE);
    let acts = count_acts(&db)?;
    eprintln!("{} atti in {}", acts, dir.display());

    // The timed use cases, through atti-app on the system clock (fsync included).
    let mut atti = Atti::open(&dir)?;
    atti.assume_user(comune::SAVER)?;
    let saves = time_saves(&mut atti, opts.saves)?;
    report(
        "save_draft",
        "salvataggio bozza (act_save)",
        acts,
        &saves,
        "",
    );
    // The inbox of a user of each role that has one, over the whole archive.
    for user in comune::INBOX_USERS {
        atti.assume_user(user)?;
        let mut inbox = Vec::new();
        let mut listed = 0;
        for _ in 0..20 {
            let started = Instant::now();
            listed = atti
                .inbox()?
                .iter()
                .map(|g| g.total as usize)
                .sum::<usize>();
            inbox.push(started.elapsed());
        }
        report(
            &format!("inbox_{user}"),
            &format!("attività di {user} (inbox)"),
            acts,
            &inbox,
            &format!(r#","listed":{listed}"#),
        );
    }
    // The albo's screen: this year's register and what is not taken down yet.
    atti.assume_user("messo.1")?;
    let mut albo = Vec::new();
    let mut voci = 0;
    for _ in 0..20 {
        let started = Instant::now();
        let repertorio = atti.albo_repertorio(None)?;
        voci = repertorio.voci.len() + repertorio.in_corso.len();
        albo.push(started.elapsed());
    }
    report(
        "albo_elenco",
        &format!("repertorio dell'albo, l'anno in corso ({voci} pubblicazioni)"),
        acts,
        &albo,
        &format!(r#","listed":{voci}"#),
    );
    atti.assume_user(comune::SAVER)?;
    let (searches, per_query) = time_searches(&atti, opts.searches)?;
    report(
        "search",
        "ricerca (act_list con testo)",
        acts,
        &searches,
        "",
    );
    for (query, times, hits) in per_query {
        let extra = format!(
            r#","query":{},"hits":{hits}"#,
            serde_json::to_string(query)?
        );
        report(
            "search_query",
            &format!("  «{query}» ({hits} risultati)"),
            acts,
            &times,
            &extra,
        );
    }
    drop(atti);

    // The size of the file, once the WAL is folded back into it.
    let conn = rusqlite::Connection::open(&db)?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    drop(conn);
    let bytes = std::fs::metadata(&db)?.len();
    eprintln!("dimensione del database: {:.1} MB", bytes as f64 / 1e6);
    json_line(&format!(
        r#"{{"measure":"db_size","acts":{acts},"bytes":{bytes}}}"#
    ));
    Ok(())
}

/// How many acts the Comune's store holds (read only, for the report).
fn count_acts(db: &Path) -> Result<u32, Error> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    Ok(conn.query_row("SELECT count(*) FROM act", [], |r| r.get(0))?)
}

/// A determinazione like the ones clerks write, saved `n` times as autosave does while one
/// types: each save adds a few words to a section, so each is a real new version.
fn time_saves(atti: &mut Atti, n: u32) -> Result<Vec<Duration>, Error> {
    let created = atti.act_create(
        ActKind::Determinazione,
        "Affidamento del servizio di manutenzione del verde pubblico – più qualità nei parchi",
        None,
    )?;
    let mut act =
        Act {
            sections: vec![
            Section {
                kind: SectionKind::Premesso,
                text: "il contratto di manutenzione del verde pubblico scade il 31 dicembre 2026 \
                       e occorre garantire la continuità del servizio;"
                    .into(),
            },
            Section {
                kind: SectionKind::Visto,
                text: "il D.Lgs. 18 agosto 2000, n. 267 (TUEL), in particolare gli articoli 107 e \
                       183;\nil D.Lgs. 31 marzo 2023, n. 36 (Codice dei contratti pubblici), art. \
                       50, comma 1, lettera b)."
                    .into(),
            },
            Section {
                kind: SectionKind::Considerato,
                text: "che l'offerta della ditta Verde Città S.r.l. è risultata congrua rispetto \
                       ai prezzi di mercato;"
                    .into(),
            },
            Section { kind: SectionKind::Ritenuto, text: "di procedere".into() },
        ],
            dispositivo: vec![
                DispositivoPoint {
                    text: "di affidare il servizio di manutenzione del verde pubblico alla ditta \
                       Verde Città S.r.l. per l'anno 2027;"
                        .into(),
                },
                DispositivoPoint {
                    text: "di impegnare la spesa complessiva di € 48.800,00 IVA compresa come \
                       indicato nella tabella degli impegni;"
                        .into(),
                },
                DispositivoPoint {
                    text: "di dare atto che il presente provvedimento sarà pubblicato all'albo \
                       pretorio online."
                        .into(),
                },
            ],
            impegni: vec![
                Impegno {
                    esercizio: 2027,
                    capitolo: "1043.02".into(),
                    importo_centesimi: 4_000_000,
                    beneficiario: "Verde Città S.r.l.".into(),
                    cig: Some("B1234567C8".into()),
                    cup: None,
                    sovvenzione: None,
                },
                Impegno {
                    esercizio: 2027,
                    capitolo: "1043.05".into(),
                    importo_centesimi: 880_000,
                    beneficiario: "Verde Città S.r.l. (IVA)".into(),
                    cig: Some("B1234567C8".into()),
                    cup: Some("J81B22000120004".into()),
                    sovvenzione: None,
                },
            ],
            ..created
        };
    const WORDS: &[&str] = &[
        "all'affidamento",
        "diretto",
        "del",
        "servizio",
        "per",
        "l'anno",
        "2027,",
        "nel",
        "rispetto",
        "dei",
        "principi",
        "di",
        "rotazione",
        "e",
        "qualità;",
    ];
    let mut times = Vec::with_capacity(n as usize);
    for i in 0..n as usize {
        if let Some(s) = act.sections.last_mut() {
            s.text.push(' ');
            s.text.push_str(WORDS[i % WORDS.len()]);
        }
        let t = Instant::now();
        let saved = atti.act_save(&act)?;
        times.push(t.elapsed());
        act.version = saved.version;
    }
    Ok(times)
}

type PerQuery = Vec<(&'static str, Vec<Duration>, usize)>;

/// `n` searches, cycling through the queries clerks type; also the times per query.
fn time_searches(atti: &Atti, n: u32) -> Result<(Vec<Duration>, PerQuery), Error> {
    let mut all = Vec::with_capacity(n as usize);
    let mut per: PerQuery = corpus::QUERIES
        .iter()
        .map(|q| (*q, Vec::new(), 0))
        .collect();
    for i in 0..n as usize {
        let slot = &mut per[i % corpus::QUERIES.len()];
        // The first page of the list, as the desktop asks for it (one act more than it
        // shows, to know whether there are more).
        let filter = ActFilter {
            text: Some(slot.0.to_string()),
            limit: Some(51),
            ..ActFilter::default()
        };
        let t = Instant::now();
        let hits = atti.act_list(&filter)?;
        let d = t.elapsed();
        all.push(d);
        slot.1.push(d);
        slot.2 = hits.len();
    }
    per.retain(|p| !p.1.is_empty());
    Ok((all, per))
}

/// Nearest-rank percentile, in milliseconds.
fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1e3
}

fn report(measure: &str, label: &str, acts: u32, times: &[Duration], extra: &str) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let (p50, p95) = (percentile_ms(&sorted, 50.0), percentile_ms(&sorted, 95.0));
    let max = percentile_ms(&sorted, 100.0);
    eprintln!(
        "{label}: p50 {p50:.2} ms, p95 {p95:.2} ms, max {max:.2} ms (n = {})",
        times.len()
    );
    json_line(&format!(
        r#"{{"measure":"{measure}","acts":{acts},"n":{},"p50_ms":{p50:.3},"p95_ms":{p95:.3},"max_ms":{max:.3}{extra}}}"#,
        times.len()
    ));
}

fn json_line(line: &str) {
    println!("{line}");
}
