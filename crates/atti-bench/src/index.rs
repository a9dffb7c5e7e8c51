//! `atti-bench index [--entries N] [--pcs P] [--changes K]`: a Comune of P PCs (child
//! processes, each with its own account and connections) record N changes in the shared
//! iter's index on a private Apache + mod_dav over TLS (atti-sync's testkit), six PCs at a
//! time (the test server has 50 workers: thirty PCs writing flat out at once measure its
//! queue, not an office's day; the races of writers are the tests', tests/sync/shared_iter.rs);
//! then one more PC learns what changed: first from scratch (all N), then, after K more
//! changes, since its last look. The time and the requests of both are reported: learning K
//! changes must cost in proportion to K, not to N. One JSON line on stdout.

use std::process::{Command, Stdio};
use std::time::Instant;

use atti_sync::index::IndexMark;
use atti_sync::testkit::Fixture;

use crate::{Error, json_line};

/// The child's name on the command line.
pub const CHILD: &str = "index-child";

struct Options {
    entries: u64,
    pcs: u64,
    changes: u64,
}

fn parse(args: &[String]) -> Result<Options, Error> {
    let mut o = Options {
        entries: 10_000,
        pcs: 30,
        changes: 30,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = it.next().ok_or_else(|| format!("{a}: manca il valore"))?;
        match a.as_str() {
            "--entries" => o.entries = value.parse()?,
            "--pcs" => o.pcs = value.parse()?,
            "--changes" => o.changes = value.parse()?,
            other => return Err(format!("opzione sconosciuta: {other}").into()),
        }
    }
    Ok(o)
}

fn client(url: &str, user: &str, password: &str, ca: &str) -> Result<atti_sync::Client, Error> {
    let config = atti_sync::ServerConfig {
        base_url: url.to_string(),
        user: user.to_string(),
        ca_pem: Some(std::fs::read(ca)?),
    };
    Ok(atti_sync::Client::new(
        &config,
        atti_core::Sensitive::new(password.to_string()),
    )?)
}

/// Child: `index-child URL USER PASSWORD CA COUNT`: records COUNT changes of act `USER-atto`.
pub fn child(args: &[String]) -> Result<(), Error> {
    let [url, user, password, ca, count] = args else {
        return Err("uso: index-child URL UTENTE PASSWORD CA N".into());
    };
    let client = client(url, user, password, ca)?;
    let count: u64 = count.parse()?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        for seq in 1..=count {
            client.index_append(&format!("{user}-atto"), seq).await?;
        }
        Ok::<(), atti_sync::SyncError>(())
    })?;
    Ok(())
}

pub fn run(args: &[String]) -> Result<(), Error> {
    let o = parse(args)?;
    let fx = Fixture::start();
    let url = format!("{}archive/", fx.server.url());
    let ca = fx.pki.ca_pem.to_string_lossy().into_owned();
    let users: Vec<String> = (0..o.pcs).map(|i| format!("pc{i:02}")).collect();
    for user in &users {
        fx.server.add_user(user, &format!("pw-{user}"));
    }
    // P PCs, six at a time, N changes in all.
    let started = Instant::now();
    for (wave, group) in users.chunks(6).enumerate() {
        let children: Vec<_> = group
            .iter()
            .enumerate()
            .map(|(j, user)| {
                let i = (wave * 6 + j) as u64;
                let share = o.entries / o.pcs + u64::from(i < o.entries % o.pcs);
                let password = format!("pw-{user}");
                Command::new(std::env::current_exe()?)
                    .args([CHILD, &url, user, &password, &ca, &share.to_string()])
                    .stdout(Stdio::null())
                    .spawn()
            })
            .collect::<Result<_, _>>()?;
        for mut child in children {
            if !child.wait()?.success() {
                return Err("un PC non ha registrato le sue modifiche".into());
            }
        }
    }
    let write_s = started.elapsed().as_secs_f64();
    eprintln!("{} modifiche da {} PC in {write_s:.1} s", o.entries, o.pcs);

    let reader_name = "lettore";
    fx.server.add_user(reader_name, "pw-lettore");
    let reader = client(&url, reader_name, "pw-lettore", &ca)?;
    let writer = client(&url, &users[0], &format!("pw-{}", users[0]), &ca)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (full, full_ms, since, since_ms) = rt.block_on(async {
        let t = Instant::now();
        let full = reader.index_since(&IndexMark::default()).await?;
        let full_ms = t.elapsed().as_secs_f64() * 1000.0;
        for seq in 1..=o.changes {
            writer.index_append("altro-atto", seq).await?;
        }
        let t = Instant::now();
        let since = reader.index_since(&full.mark).await?;
        let since_ms = t.elapsed().as_secs_f64() * 1000.0;
        Ok::<_, atti_sync::SyncError>((full, full_ms, since, since_ms))
    })?;
    if full.changes.len() as u64 != o.entries || since.changes.len() as u64 != o.changes {
        return Err(format!(
            "letti {} e {} cambiamenti invece di {} e {}",
            full.changes.len(),
            since.changes.len(),
            o.entries,
            o.changes
        )
        .into());
    }
    json_line(&format!(
        r#"{{"measure":"index","entries":{},"pcs":{},"write_s":{write_s:.2},"full_ms":{full_ms:.1},"full_requests":{},"changes":{},"since_ms":{since_ms:.1},"since_requests":{}}}"#,
        o.entries, o.pcs, full.requests, o.changes, since.requests
    ));
    Ok(())
}
