//! `atti-bench sync [--packages N] [--size BYTES] [--runs R]`: N files of random content sent
//! to the same private Apache + mod_dav over TLS on loopback (atti-sync's testkit Fixture) by
//! three clients, each with 4 transfers in flight:
//! - Atti: `atti_sync::run` (the app's worker: MKCOL of the folder, PUT with If-None-Match,
//!   then PROPFIND of every file to check its length: the check of unsigned files);
//! - `rclone copy` (webdav backend: it lists the destination, uploads, checks sizes);
//! - `curl -Z --parallel-max 4` with one PUT per file (no check at all: the practical floor).
//!
//! The same files (written once to a temp dir) go to a fresh folder under `dav/` for every
//! client and run; after each upload, the server's copies are compared byte by byte with the
//! originals (not timed). The runs alternate Atti, rclone, curl; medians are reported. One JSON
//! line on stdout.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use atti_sync::testkit::{Fixture, MemoryOutbox};

use crate::{Error, json_line};

struct Options {
    packages: usize,
    size: usize,
    runs: usize,
}

fn parse(args: &[String]) -> Result<Options, Error> {
    let mut o = Options {
        packages: 1000,
        size: 200 * 1024,
        runs: 1,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = it.next().ok_or_else(|| format!("{a}: manca il valore"))?;
        match a.as_str() {
            "--packages" => o.packages = value.parse()?,
            "--size" => o.size = value.parse()?,
            "--runs" => o.runs = value.parse()?,
            other => return Err(format!("opzione sconosciuta: {other}").into()),
        }
    }
    Ok(o)
}

/// Writes `n` files of `size` random bytes (`00000.bin`...) into `dir`.
fn write_files(dir: &Path, n: usize, size: usize) -> Result<Vec<PathBuf>, Error> {
    let mut random = std::fs::File::open("/dev/urandom")?;
    let mut buf = vec![0u8; size];
    (0..n)
        .map(|i| -> Result<PathBuf, Error> {
            random.read_exact(&mut buf)?;
            let path = dir.join(format!("{i:05}.bin"));
            std::fs::write(&path, &buf)?;
            Ok(path)
        })
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .expect("bench files have a name")
        .to_string_lossy()
        .into_owned()
}

/// Atti: the files into a memory outbox (not timed), then `atti_sync::run` (timed).
fn upload_atti(
    fx: &Fixture,
    rt: &tokio::runtime::Runtime,
    files: &[PathBuf],
    folder: &str,
) -> Result<Duration, Error> {
    let outbox = Arc::new(MemoryOutbox::default());
    for (i, path) in files.iter().enumerate() {
        let remote = format!("{folder}/{}", file_name(path));
        outbox.push(i as i64, &remote, std::fs::read(path)?, false, false);
    }
    let client = fx.client();
    let start = Instant::now();
    let summary = rt.block_on(atti_sync::run(&client, outbox, &|_| {}))?;
    let elapsed = start.elapsed();
    if summary.remaining != 0 {
        return Err(format!("atti-sync ha lasciato file non inviati: {summary:?}").into());
    }
    Ok(elapsed)
}

/// Runs a command to its end; an error with its output if it fails.
fn run_ok(cmd: &mut Command) -> Result<String, Error> {
    let out = cmd.stdin(Stdio::null()).output()?;
    if !out.status.success() {
        return Err(format!(
            "{cmd:?} non riuscito: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `rclone copy DIR :webdav:FOLDER`, 4 transfers (timed; the password is obscured before).
fn upload_rclone(fx: &Fixture, dir: &Path, folder: &str) -> Result<Duration, Error> {
    let obscured = run_ok(Command::new("rclone").args(["obscure", &fx.password]))?;
    let mut cmd = Command::new("rclone");
    cmd.args(["copy", "-q", "--config", "/dev/null"])
        .arg(dir)
        .arg(format!(":webdav:{folder}"))
        .args(["--webdav-url", &fx.server.url()])
        .args(["--webdav-user", &fx.user])
        .args(["--webdav-pass", &obscured])
        .arg("--ca-cert")
        .arg(&fx.pki.ca_pem)
        .args(["--transfers", "4"]);
    let start = Instant::now();
    run_ok(&mut cmd)?;
    Ok(start.elapsed())
}

/// A curl config: the credentials, the CA, then one `upload-file`/`url` pair per file.
fn curl_config(fx: &Fixture, files: &[PathBuf], folder: &str) -> String {
    let mut cfg = format!(
        "user = \"{}:{}\"\ncacert = \"{}\"\n",
        fx.user,
        fx.password,
        fx.pki.ca_pem.display()
    );
    for path in files {
        cfg.push_str(&format!(
            "upload-file = \"{}\"\nurl = \"{}{folder}/{}\"\n",
            path.display(),
            fx.server.url(),
            file_name(path)
        ));
    }
    cfg
}

/// curl: MKCOL of the folder, then every PUT in one `curl -Z --parallel-max 4` (both timed).
fn upload_curl(
    fx: &Fixture,
    files: &[PathBuf],
    folder: &str,
    work: &Path,
) -> Result<Duration, Error> {
    let cfg = work.join(format!("{}.curlrc", folder.replace('/', "-")));
    std::fs::write(&cfg, curl_config(fx, files, folder))?;
    let mut mkcol = Command::new("curl");
    mkcol
        .args(["-sS", "--fail", "-o", "/dev/null", "-X", "MKCOL"])
        .arg("--cacert")
        .arg(&fx.pki.ca_pem)
        .args(["-u", &format!("{}:{}", fx.user, fx.password)])
        .arg(format!("{}{folder}/", fx.server.url()));
    let mut put = Command::new("curl");
    put.args(["-sS", "--fail", "-Z", "--parallel-max", "4", "-K"])
        .arg(&cfg)
        .stdout(Stdio::null());
    let start = Instant::now();
    run_ok(&mut mkcol)?;
    run_ok(&mut put)?;
    Ok(start.elapsed())
}

/// The server's copies under `folder` are the files, byte by byte (not timed).
fn check_remote(fx: &Fixture, files: &[PathBuf], folder: &str) -> Result<(), Error> {
    let remote = fx.server.data_dir().join(folder);
    let count = std::fs::read_dir(&remote)?.count();
    if count != files.len() {
        return Err(format!(
            "{folder}: {count} file sul server invece di {}",
            files.len()
        )
        .into());
    }
    for path in files {
        if std::fs::read(remote.join(file_name(path)))? != std::fs::read(path)? {
            return Err(format!("{folder}/{}: contenuto diverso", file_name(path)).into());
        }
    }
    Ok(())
}

/// Writes dirty pages out, so that a client does not pay for the previous one's writes.
fn settle() -> Result<(), Error> {
    run_ok(&mut Command::new("sync"))?;
    Ok(())
}

fn median_s(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64()
}

fn samples(times: &[Duration]) -> String {
    let s: Vec<String> = times
        .iter()
        .map(|t| format!("{:.2}", t.as_secs_f64()))
        .collect();
    format!("[{}]", s.join(","))
}

pub fn run(args: &[String]) -> Result<(), Error> {
    let o = parse(args)?;
    let work = tempfile::Builder::new()
        .prefix("atti-bench-sync-")
        .tempdir()?;
    let files_dir = work.path().join("files");
    std::fs::create_dir_all(&files_dir)?;
    let files = write_files(&files_dir, o.packages, o.size)?;
    let fx = Fixture::start();
    let rt = tokio::runtime::Runtime::new()?;
    let (mut atti, mut rclone, mut curl) = (Vec::new(), Vec::new(), Vec::new());
    for r in 0..o.runs.max(1) {
        settle()?;
        let folder = format!("dav/atti-{r}");
        atti.push(upload_atti(&fx, &rt, &files, &folder)?);
        check_remote(&fx, &files, &folder)?;
        settle()?;
        let folder = format!("dav/rclone-{r}");
        rclone.push(upload_rclone(&fx, &files_dir, &folder)?);
        check_remote(&fx, &files, &folder)?;
        settle()?;
        let folder = format!("dav/curl-{r}");
        curl.push(upload_curl(&fx, &files, &folder, work.path())?);
        check_remote(&fx, &files, &folder)?;
        eprintln!(
            "sync, giro {}: Atti {:.2} s, rclone {:.2} s, curl {:.2} s",
            r + 1,
            atti[r].as_secs_f64(),
            rclone[r].as_secs_f64(),
            curl[r].as_secs_f64()
        );
    }
    json_line(&format!(
        r#"{{"measure":"sync","files":{},"bytes":{},"runs":{},"atti_s":{:.3},"rclone_s":{:.3},"curl_s":{:.3},"samples_atti_s":{},"samples_rclone_s":{},"samples_curl_s":{}}}"#,
        o.packages,
        o.packages * o.size,
        o.runs.max(1),
        median_s(atti.clone()),
        median_s(rclone.clone()),
        median_s(curl.clone()),
        samples(&atti),
        samples(&rclone),
        samples(&curl)
    ));
    Ok(())
}
