//! `atti-bench`: how fast Atti saves a draft and searches when the store holds 100,000 acts.
//! It fills a temporary data dir with a realistic archive (bulk SQL in one transaction, the
//! same rows atti-store writes), then times the real use cases of atti-app: `act_save` (a new
//! version, fsync included) and `act_list` with a full-text query. It prints one JSON object
//! per line on stdout (scripts/bench.sh turns them into a table) and a readable summary on
//! stderr.
//!
//! It is not a test: it asserts no timing. Usage:
//! `atti-bench [--acts N] [--saves N] [--searches N] [--dir DIR]`
//!
//! Other measures, as subcommands (see their modules): `make-p12`, `sign-pdf`, `sign-hsm`
//! (signing, [`sign`]), `sync` (upload to a WebDAV server against rclone and curl, [`sync`])
//! and `index` (what a PC learns of the shared iter since its last look, [`index`]).

mod corpus;
mod index;
mod sign;
mod sync;

use atti_app::Atti;
use atti_app::dto::ActFilter;
use atti_core::{Act, ActKind, DispositivoPoint, Impegno, Section, SectionKind};
use rusqlite::params;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

type Error = Box<dyn std::error::Error>;

/// Command-line options.
struct Options {
    acts: u32,
    saves: u32,
    searches: u32,
    /// Where to build the store; a temporary dir (removed at the end) when absent.
    dir: Option<PathBuf>,
}

fn parse_args() -> Result<Options, Error> {
    let mut o = Options {
        acts: 100_000,
        saves: 300,
        searches: 200,
        dir: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a}: manca il valore"));
        match a.as_str() {
            "--acts" => o.acts = value()?.parse()?,
            "--saves" => o.saves = value()?.parse()?,
            "--searches" => o.searches = value()?.parse()?,
            "--dir" => o.dir = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                println!(
                    "uso: atti-bench [--acts N] [--saves N] [--searches N] [--dir DIR]\n\
                     \x20     atti-bench make-p12 DIR PASSWORD\n\
                     \x20     atti-bench sign-pdf IN.pdf KEY.p12 PASSWORD OUT.pdf\n\
                     \x20     atti-bench sign-hsm IN.pdf [FIRME]\n\
                     \x20     atti-bench sync [--packages N] [--size BYTE] [--runs R]\n\
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
    // Keep the TempDir alive until the end: dropping it removes the store.
    let (_tmp, dir) = match &opts.dir {
        Some(d) => (None, d.clone()),
        None => {
            let t = tempfile::Builder::new().prefix("atti-bench-").tempdir()?;
            let p = t.path().to_path_buf();
            (Some(t), p)
        }
    };
    let db = dir.join(atti_store::DB_FILE);

    // 1. The schema and the demo Comune, through atti-app as the desktop's first start does.
    {
        let mut atti = Atti::open(&dir)?;
        atti.init_demo()?;
    }

    // 2. The archive, in one transaction.
    let started = Instant::now();
    populate(&db, opts.acts)?;
    let populate_s = started.elapsed().as_secs_f64();
    eprintln!("archivio di {} atti creato in {populate_s:.1} s", opts.acts);
    json_line(&format!(
        r#"{{"measure":"populate","acts":{},"seconds":{populate_s:.2}}}"#,
        opts.acts
    ));

    // 3. The timed use cases, through atti-app on the system clock (fsync included).
    let mut atti = Atti::open(&dir)?;
    let saves = time_saves(&mut atti, opts.saves)?;
    report(
        "save_draft",
        "salvataggio bozza (act_save)",
        opts.acts,
        &saves,
        "",
    );
    // The inbox of each role that has one, over the whole archive, where every act is a
    // draft: the istruttore's lists the drafts of its office (TEC) as work to do.
    for user in INBOX_USERS {
        atti.switch_user(user)?;
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
            opts.acts,
            &inbox,
            &format!(r#","listed":{listed}"#),
        );
    }
    atti.switch_user("istruttore")?;
    let (searches, per_query) = time_searches(&atti, opts.searches)?;
    report(
        "search",
        "ricerca (act_list con testo)",
        opts.acts,
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
            opts.acts,
            &times,
            &extra,
        );
    }
    drop(atti);

    // 4. The size of the file, once the WAL is folded back into it.
    let conn = rusqlite::Connection::open(&db)?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    drop(conn);
    let bytes = std::fs::metadata(&db)?.len();
    eprintln!("dimensione del database: {:.1} MB", bytes as f64 / 1e6);
    json_line(&format!(
        r#"{{"measure":"db_size","acts":{},"bytes":{bytes}}}"#,
        opts.acts
    ));
    Ok(())
}

/// Inserts `n` acts with their first version and their search row, exactly as
/// atti-store's `create_act` would (same tables, same JSON, same SHA-256), but in one
/// transaction and without the per-act checks, so that 100,000 acts take seconds.
fn populate(db: &Path, n: u32) -> Result<(), Error> {
    let mut conn = rusqlite::Connection::open(db)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let tx = conn.transaction()?;
    {
        let mut ins_act = tx.prepare(
            "INSERT INTO act (kind, state, office, proposal_year, proposal_seq, created_at,
                              created_by, current_version, updated_at)
             VALUES (?1, 'bozza', ?2, ?3, ?4, ?5, ?6, 1, ?5)",
        )?;
        let mut ins_version = tx.prepare(
            "INSERT INTO act_version (act_id, version, content, content_sha256, saved_at, saved_by)
             VALUES (?1, 1, ?2, ?3, ?4, ?5)",
        )?;
        let mut ins_fts =
            tx.prepare("INSERT INTO act_fts (rowid, oggetto, body) VALUES (?1, ?2, ?3)")?;

        let mut rng = corpus::Rng::new(0xA771_2026);
        // The acts span 2020-01-01 .. 2026-01-01, in order, so that proposal numbers follow
        // time as they do in a real archive.
        let start = jiff::Timestamp::from_second(1_577_836_800)?;
        let span: i64 = 6 * 365 * 86_400;
        let step = (span / i64::from(n.max(1))).max(1);
        let mut seq = std::collections::HashMap::<(&str, i16), i64>::new();
        for i in 0..i64::from(n) {
            let kind = corpus::kind_for(&mut rng);
            let at = start.checked_add(jiff::SignedDuration::from_secs(
                i * step + rng.below(step as u64) as i64,
            ))?;
            let year = at.to_zoned(jiff::tz::TimeZone::UTC).year();
            let (office, by) = match kind {
                ActKind::VerbalePl => ("PL", "agente"),
                ActKind::Ordinanza => ("TEC", "dirigente"),
                ActKind::Decreto | ActKind::DeliberaConsiglio => ("SEG", "segretario"),
                ActKind::DeliberaGiunta => ("SEG", "istruttore"),
                ActKind::Determinazione => [
                    ("TEC", "istruttore"),
                    ("RAG", "ragioniere"),
                    ("SEG", "segretario"),
                ][rng.below(3) as usize],
            };
            let n_seq = seq.entry((office, year)).or_insert(0);
            *n_seq += 1;
            let content = corpus::act(&mut rng, kind, year);
            // As atti-store's insert_version: the identity fields are not part of the content.
            let json = serde_json::to_string(&content)?;
            let sha = hex::encode(Sha256::digest(json.as_bytes()));
            let now = at.to_string();
            ins_act.execute(params![kind.slug(), office, year, *n_seq, now, by])?;
            let id = tx.last_insert_rowid();
            ins_version.execute(params![id, json, sha, now, by])?;
            ins_fts.execute(params![id, content.oggetto, content.body_text()])?;
        }
    }
    // The archive's words, as atti-store records them with each version (`act_word`).
    tx.execute_batch(
        "CREATE VIRTUAL TABLE temp.bench_vocab USING fts5vocab(main, act_fts, 'row');
         INSERT OR IGNORE INTO act_word (term) SELECT term FROM temp.bench_vocab;
         DROP TABLE temp.bench_vocab;",
    )?;
    tx.commit()?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
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

/// The demo users whose inbox is timed: one of each role that acts on the iter.
const INBOX_USERS: [&str; 7] = [
    "istruttore",
    "dirigente",
    "ragioniere",
    "segretario",
    "sindaco",
    "messo",
    "comandante",
];

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
