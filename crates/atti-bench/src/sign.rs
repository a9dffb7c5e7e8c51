//! The signing measures (scripts/bench-sign.py drives them):
//! - `make-p12 DIR PASSWORD`: a demo CA (atti-sign's TestPki) and an RSA-3072 signer, written as
//!   `DIR/firmatario.p12` and `DIR/ca.pem`, so that Atti and pyHanko sign with the same key;
//! - `sign-pdf IN.pdf KEY.p12 PASSWORD OUT.pdf`: what a user's signature costs as a whole process:
//!   open the PKCS#12, PAdES-sign the PDF, write it (timed from outside);
//! - `sign-hsm IN.pdf [SIGNATURES]`: a temporary SoftHSM2 token with an RSA-3072 key and its
//!   certificate; a child process (with `SOFTHSM2_CONF` set at spawn: SoftHSM reads it when the
//!   module loads) opens the identity once and signs the PDF N times; one JSON line.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use atti_core::Sensitive;
use atti_sign::demo::{KeyKind, UserCertSpec};
use atti_sign::testkit::{PIN, SOFTHSM_MODULE, SoftHsm, TestPki, pyhanko_validate};
use atti_sign::{IdentitySource, PadesOptions, Signer, open_identity, pades_sign};

use crate::{Error, json_line, percentile_ms};

/// The argument that makes `sign-hsm` run as the child that loads SoftHSM.
pub const HSM_CHILD: &str = "sign-hsm-child";
/// The label of the bench token.
const TOKEN: &str = "atti-bench";
/// The signature field, the same name for Atti and pyHanko.
const FIELD: &str = "Firma1";

/// The user of the bench certificates.
fn spec() -> UserCertSpec {
    UserCertSpec::new(
        "Maria",
        "Bianchi",
        "BNCMRA80A41H501X",
        jiff::Timestamp::now(),
    )
}

fn options() -> PadesOptions {
    PadesOptions {
        field_name: FIELD.to_string(),
        signing_time: jiff::Timestamp::now(),
        reason: None,
        location: None,
    }
}

/// The `i`-th argument, or an error naming it.
fn arg<'a>(args: &'a [String], i: usize, name: &str) -> Result<&'a str, Error> {
    args.get(i)
        .map(String::as_str)
        .ok_or_else(|| format!("manca l'argomento {name}").into())
}

/// `make-p12 DIR PASSWORD`.
pub fn make_p12(args: &[String]) -> Result<(), Error> {
    let dir = PathBuf::from(arg(args, 0, "DIR")?);
    let password = arg(args, 1, "PASSWORD")?;
    let pki = TestPki::new(jiff::Timestamp::now());
    let p12 = pki.pkcs12(&spec(), password);
    std::fs::create_dir_all(&dir)?;
    std::fs::copy(&p12, dir.join("firmatario.p12"))?;
    std::fs::copy(&pki.ca_pem, dir.join("ca.pem"))?;
    Ok(())
}

/// `sign-pdf IN.pdf KEY.p12 PASSWORD OUT.pdf`.
pub fn sign_pdf(args: &[String]) -> Result<(), Error> {
    let input = arg(args, 0, "IN.pdf")?;
    let source = IdentitySource::Pkcs12 {
        path: PathBuf::from(arg(args, 1, "KEY.p12")?),
    };
    let pin = Sensitive::new(arg(args, 2, "PASSWORD")?.to_string());
    let output = arg(args, 3, "OUT.pdf")?;
    let signer = open_identity(&source, &pin)?;
    let signed = pades_sign(&std::fs::read(input)?, signer.as_ref(), &options())?;
    std::fs::write(output, signed)?;
    Ok(())
}

/// Signs `pdf` `n` times (after one warm-up signature) and returns the times and the last result.
fn sign_times(
    pdf: &[u8],
    signer: &dyn Signer,
    n: usize,
) -> Result<(Vec<Duration>, Vec<u8>), Error> {
    let mut last = pades_sign(pdf, signer, &options())?;
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        last = pades_sign(pdf, signer, &options())?;
        times.push(t.elapsed());
    }
    Ok((times, last))
}

fn sorted(mut times: Vec<Duration>) -> Vec<Duration> {
    times.sort();
    times
}

/// A SoftHSM2 directory (config + token dir) in `dir`.
fn softhsm_in(dir: &Path) -> Result<SoftHsm, Error> {
    let tokens = dir.join("tokens");
    std::fs::create_dir_all(&tokens)?;
    let conf = dir.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
            tokens.display()
        ),
    )?;
    Ok(SoftHsm {
        dir: dir.to_path_buf(),
        conf,
    })
}

/// `sign-hsm IN.pdf [SIGNATURES]`: the token, the child that signs on it, the check of its
/// output (pyHanko), and the same signatures with a software RSA-3072 key in this process.
pub fn sign_hsm(args: &[String]) -> Result<(), Error> {
    let input = PathBuf::from(arg(args, 0, "IN.pdf")?);
    let n: usize = args.get(1).map_or(Ok(20), |a| a.parse())?;
    let tmp = tempfile::Builder::new()
        .prefix("atti-bench-hsm-")
        .tempdir()?;
    let hsm = softhsm_in(tmp.path())?;
    let pki = TestPki::new(jiff::Timestamp::now());
    hsm.token_with_identity(TOKEN, "rsa:3072", &pki.ca, &spec());
    let out = tmp.path().join("firmato-hsm.pdf");
    let child = Command::new(std::env::current_exe()?)
        .arg(HSM_CHILD)
        .arg(&input)
        .arg(n.to_string())
        .arg(&out)
        .env("SOFTHSM2_CONF", &hsm.conf)
        .output()?;
    if !child.status.success() {
        return Err(format!(
            "firma su SoftHSM non riuscita: {}",
            String::from_utf8_lossy(&child.stderr)
        )
        .into());
    }
    let report = pyhanko_validate(&out, &pki.ca_pem);
    let valid = report.contains("The signature is judged VALID");
    if !valid {
        return Err(format!("la firma su SoftHSM non è valida per pyHanko:\n{report}").into());
    }
    let soft = pki.signer("Maria", "Bianchi", "BNCMRA80A41H501X", KeyKind::Rsa3072);
    let (soft_times, _) = sign_times(&std::fs::read(&input)?, &soft, n)?;
    let soft_p50 = percentile_ms(&sorted(soft_times), 50.0);
    let line = String::from_utf8(child.stdout)?;
    json_line(&format!(
        "{},\"soft_p50_ms\":{soft_p50:.3},\"pyhanko_valid\":{valid}}}",
        line.trim().trim_end_matches('}')
    ));
    Ok(())
}

/// The child of `sign-hsm`: `sign-hsm-child IN.pdf N OUT.pdf`, with `SOFTHSM2_CONF` set.
pub fn hsm_child(args: &[String]) -> Result<(), Error> {
    let pdf = std::fs::read(arg(args, 0, "IN.pdf")?)?;
    let n: usize = arg(args, 1, "N")?.parse()?;
    let output = arg(args, 2, "OUT.pdf")?;
    let source = IdentitySource::Pkcs11 {
        module: PathBuf::from(SOFTHSM_MODULE),
        token_label: TOKEN.to_string(),
        key_id: vec![1],
    };
    let t = Instant::now();
    let signer = open_identity(&source, &Sensitive::new(PIN.to_string()))?;
    let open_ms = t.elapsed().as_secs_f64() * 1e3;
    let (times, last) = sign_times(&pdf, signer.as_ref(), n)?;
    std::fs::write(output, last)?;
    let times = sorted(times);
    let (p50, p95) = (percentile_ms(&times, 50.0), percentile_ms(&times, 95.0));
    eprintln!("firma su SoftHSM: apertura {open_ms:.0} ms, p50 {p50:.1} ms, p95 {p95:.1} ms");
    json_line(&format!(
        r#"{{"measure":"sign_hsm","key":"RSA-3072","n":{n},"open_ms":{open_ms:.3},"p50_ms":{p50:.3},"p95_ms":{p95:.3},"pdf_bytes":{}}}"#,
        pdf.len()
    ));
    Ok(())
}
