//! Time and revocation: RFC 3161 time-stamps from a TSA played by `openssl ts`, OCSP answers from
//! `openssl ocsp` and CRLs from `openssl ca -gencrl` on the demo CA, all on the test's clock.

use std::cell::Cell;
use std::path::Path;
use std::process::Command;

use atti_sign::demo::{KeyKind, UserCertSpec};
use atti_sign::testkit::trust::{TestRevocation, TestTsa, stamp_cms, stamp_last_pdf_signature};
use atti_sign::testkit::{TestPki, run, text, tool};
use atti_sign::{Fetch, PadesOptions, Signer, cades_sign, pades_sign, verify, verify_with};
use jiff::{SignedDuration, Timestamp};

use crate::{fixture, write};

const CONTENT: &[u8] = b"Ordinanza n. 3/2026 - chiusura della strada comunale.\n";
const OCSP_URL: &str = "http://ocsp.prova.invalid/";
const CRL_URL: &str = "http://crl.prova.invalid/ca.crl";

/// The last Sunday of March (the night Europe/Rome moves to summer time).
fn t0() -> Timestamp {
    "2026-03-29T01:30:00Z".parse().expect("time")
}

fn hours(h: i64) -> SignedDuration {
    SignedDuration::from_hours(h)
}

/// The CA's answers as the network would bring them, at `at`; counts the requests.
struct CaOnline<'a> {
    ca: &'a TestRevocation,
    at: Timestamp,
    requests: Cell<usize>,
}

impl<'a> CaOnline<'a> {
    fn new(ca: &'a TestRevocation, at: Timestamp) -> Self {
        CaOnline {
            ca,
            at,
            requests: Cell::new(0),
        }
    }
}

impl Fetch for CaOnline<'_> {
    fn get(&self, url: &str) -> Result<Vec<u8>, String> {
        self.requests.set(self.requests.get() + 1);
        assert_eq!(url, CRL_URL);
        Ok(self.ca.crl(self.at))
    }
    fn post(&self, url: &str, content_type: &str, body: &[u8]) -> Result<Vec<u8>, String> {
        self.requests.set(self.requests.get() + 1);
        assert_eq!((url, content_type), (OCSP_URL, "application/ocsp-request"));
        Ok(self.ca.ocsp_answer(body, self.at))
    }
}

struct Offline;

impl Fetch for Offline {
    fn get(&self, _: &str) -> Result<Vec<u8>, String> {
        Err("server non raggiungibile".to_string())
    }
    fn post(&self, _: &str, _: &str, _: &[u8]) -> Result<Vec<u8>, String> {
        Err("server non raggiungibile".to_string())
    }
}

fn signer(pki: &TestPki, ca: &TestRevocation, ocsp: bool, crl: bool) -> atti_sign::SoftwareSigner {
    let spec = UserCertSpec {
        ocsp_url: ocsp.then(|| OCSP_URL.to_string()),
        crl_url: crl.then(|| CRL_URL.to_string()),
        ..UserCertSpec::new("Paolo", "Neri", "NREPLA70A01H501X", pki.now)
    };
    let s = pki.ca.issue_signer(&spec, KeyKind::EcP256).expect("signer");
    ca.issued(s.certificate());
    s
}

fn all_notes(r: &atti_sign::Report) -> String {
    r.signatures
        .iter()
        .flat_map(|s| s.notes.iter().chain(&s.problems))
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn ocsp_answers_good_then_revoked() {
    let pki = TestPki::new(t0());
    let ca = TestRevocation::new(&pki);
    let paolo = signer(&pki, &ca, true, false);
    let p7m = cades_sign(CONTENT, &paolo, t0()).expect("p7m");
    let later = t0() + hours(1);

    let online = CaOnline::new(&ca, later);
    let r = verify_with(&p7m, &pki.anchors(), later, Some(&online)).expect("verify");
    assert!(r.is_valid(), "{r:#?}");
    assert!(r.signatures[0].revocation_checked);
    assert_eq!(online.requests.get(), 1);
    assert!(all_notes(&r).contains("Revoca verificata (OCSP"), "{r:#?}");

    // Without the network, the file alone says nothing of revocation: said plainly.
    let r = verify(&p7m, &pki.anchors(), later).expect("verify");
    assert!(!r.signatures[0].revocation_checked);
    assert!(all_notes(&r).contains("Revoca non verificata"), "{r:#?}");
    let r = verify_with(&p7m, &pki.anchors(), later, Some(&Offline)).expect("verify");
    assert!(
        all_notes(&r).contains(
            "Revoca non verificata: OCSP http://ocsp.prova.invalid/: server non raggiungibile"
        ),
        "{r:#?}"
    );

    ca.revoke(paolo.certificate(), t0() + SignedDuration::from_mins(30));
    let r = verify_with(&p7m, &pki.anchors(), later, Some(&online)).expect("verify");
    assert!(!r.is_valid(), "{r:#?}");
    assert!(
        r.signatures[0].problems.iter().any(|p| p.starts_with(
            "Il certificato del firmatario è stato revocato il 29/03/2026 04:00 (OCSP)"
        )),
        "{r:#?}"
    );
}

#[test]
fn crl_answers_and_what_does_not_count() {
    let pki = TestPki::new(t0());
    let ca = TestRevocation::new(&pki);
    let paolo = signer(&pki, &ca, false, true);
    let p7m = cades_sign(CONTENT, &paolo, t0()).expect("p7m");
    let later = t0() + hours(2);

    let online = CaOnline::new(&ca, later);
    let r = verify_with(&p7m, &pki.anchors(), later, Some(&online)).expect("verify");
    assert!(r.is_valid() && r.signatures[0].revocation_checked, "{r:#?}");
    assert!(all_notes(&r).contains("Revoca verificata (CRL"), "{r:#?}");

    // A CRL issued a week and more before the verification is out of date: not evidence.
    let stale = CaOnline::new(&ca, t0());
    let r = verify_with(&p7m, &pki.anchors(), t0() + hours(24 * 8), Some(&stale)).expect("v");
    assert!(!r.signatures[0].revocation_checked, "{r:#?}");
    assert!(all_notes(&r).contains("è scaduta"), "{r:#?}");

    // A CRL from the future (a responder's clock two days ahead) is not evidence either.
    let future = CaOnline::new(&ca, later + hours(48));
    let r = verify_with(&p7m, &pki.anchors(), later, Some(&future)).expect("verify");
    assert!(all_notes(&r).contains("data futura"), "{r:#?}");

    // A CRL signed by another CA (same name would not help: the signature is checked).
    let other_pki = TestPki::new(t0());
    let other = TestRevocation::new(&other_pki);
    let forged = CaOnline::new(&other, later);
    let r = verify_with(&p7m, &pki.anchors(), later, Some(&forged)).expect("verify");
    assert!(!r.signatures[0].revocation_checked, "{r:#?}");
    assert!(
        all_notes(&r).contains("non è firmata dall'autorità del certificato"),
        "{r:#?}"
    );

    ca.revoke(paolo.certificate(), t0() + hours(1));
    let r = verify_with(&p7m, &pki.anchors(), later, Some(&online)).expect("verify");
    assert!(!r.is_valid(), "{r:#?}");
    assert!(
        all_notes(&r).contains("revocato il 29/03/2026 04:30 (CRL)"),
        "{r:#?}"
    );
}

#[test]
fn a_timestamp_is_the_only_trusted_time() {
    let pki = TestPki::new(t0());
    let ca = TestRevocation::new(&pki);
    let tsa = TestTsa::new(pki.dir.path(), t0());
    let paolo = signer(&pki, &ca, true, false);
    let p7m = cades_sign(CONTENT, &paolo, t0()).expect("p7m");
    let stamped_at = t0() + SignedDuration::from_mins(2);
    let stamped = stamp_cms(&p7m, &|sig| tsa.token(sig, stamped_at));
    let mut anchors = pki.anchors();
    anchors.push(tsa.root_der());

    // OpenSSL agrees the token is over this signature value, from this TSA, at that time.
    let dir = pki.dir.path();
    let path = write(dir, "stamped.p7m", &stamped);
    let out = text(&run(Command::new(tool("openssl"))
        .args(["cms", "-cmsout", "-print", "-inform", "DER", "-in"])
        .arg(&path)));
    assert!(out.contains("id-smime-aa-timeStampToken"), "{out}");

    // Five years on, the certificate (three years) has expired: only the time-stamp saves it.
    let years_later = t0() + hours(24 * 365 * 5);
    let r = verify(&stamped, &anchors, years_later).expect("verify");
    assert!(r.is_valid(), "{r:#?}");
    assert_eq!(
        r.signatures[0].timestamp,
        Some("2026-03-29T01:32:00Z".parse().expect("t"))
    );
    assert!(
        all_notes(&r).contains("Marca temporale di «TSA di prova»"),
        "{r:#?}"
    );
    let r = verify(&p7m, &anchors, years_later).expect("verify");
    assert!(!r.is_valid(), "{r:#?}");
    assert!(all_notes(&r).contains("senza marca temporale la firma non è più verificabile"));

    // A TSA the Comune does not trust proves nothing.
    let r = verify(&stamped, &pki.anchors(), years_later).expect("verify");
    assert!(!r.is_valid(), "{r:#?}");
    assert!(
        all_notes(&r).contains("Marca temporale di «TSA di prova» non attendibile"),
        "{r:#?}"
    );

    // A token over other data (taken from another signature) is refused.
    let transplanted = stamp_cms(&p7m, &|_| tsa.token(b"un'altra firma", stamped_at));
    let r = verify(&transplanted, &anchors, t0() + hours(1)).expect("verify");
    assert!(!r.is_valid(), "{r:#?}");
    assert!(
        all_notes(&r).contains("non riguarda questa firma"),
        "{r:#?}"
    );

    // A token with one byte of its TSTInfo changed is refused.
    let altered = {
        let mut b = stamped.clone();
        // The genTime digits of the token: «20260329013200».
        let pos = b
            .windows(14)
            .position(|w| w == b"20260329013200")
            .expect("genTime in the token");
        b[pos + 11] = b'9';
        b
    };
    let r = verify(&altered, &anchors, t0() + hours(1)).expect("verify");
    assert!(!r.is_valid(), "{r:#?}");
    assert!(
        all_notes(&r).contains("La marca temporale è stata alterata"),
        "{r:#?}"
    );

    // Revoked after the time-stamp: the signature stands; without one it falls.
    ca.revoke(paolo.certificate(), t0() + hours(24));
    let two_days = t0() + hours(48);
    let online = CaOnline::new(&ca, two_days);
    let r = verify_with(&stamped, &anchors, two_days, Some(&online)).expect("verify");
    assert!(r.is_valid(), "{r:#?}");
    assert!(all_notes(&r).contains("dopo l'ora verificata"), "{r:#?}");
    let r = verify_with(&p7m, &anchors, two_days, Some(&online)).expect("verify");
    assert!(!r.is_valid(), "{r:#?}");
}

fn pyhanko_at(pdf: &Path, trust: &Path, at: Timestamp) -> String {
    text(&run(Command::new(tool("pyhanko"))
        .args(["sign", "validate", "--pretty-print", "--trust"])
        .arg(trust)
        .args([
            "--trust-replace",
            "--no-revocation-check",
            "--validation-time",
        ])
        .arg(at.strftime("%Y-%m-%dT%H:%M:%S+00:00").to_string())
        .arg(pdf)))
}

#[test]
fn a_timestamped_pades_signature_as_pyhanko_sees_it() {
    let pki = TestPki::new(t0());
    let ca = TestRevocation::new(&pki);
    let tsa = TestTsa::new(pki.dir.path(), t0());
    let paolo = signer(&pki, &ca, true, false);
    let options = PadesOptions {
        field_name: "Firma dirigente".to_string(),
        signing_time: t0(),
        reason: None,
        location: None,
    };
    let signed = pades_sign(&fixture(), &paolo, &options).expect("pades");
    let stamped_at = t0() + SignedDuration::from_mins(1);
    let stamped = stamp_last_pdf_signature(&signed, &|sig| tsa.token(sig, stamped_at));
    let dir = pki.dir.path();
    let path = write(dir, "stamped.pdf", &stamped);
    let both = dir.join("trust.pem");
    let mut pem = std::fs::read(&pki.ca_pem).expect("ca");
    pem.extend(std::fs::read(&tsa.root_pem).expect("tsa root"));
    std::fs::write(&both, pem).expect("trust.pem");
    let mut anchors = pki.anchors();
    anchors.push(tsa.root_der());

    let at = t0() + hours(2);
    let py = pyhanko_at(&path, &both, at);
    println!("{py}");
    assert!(py.contains("The signature is judged VALID"), "{py}");
    assert!(py.contains("timestamp token"), "{py}");
    let r = verify(&stamped, &anchors, at).expect("verify");
    assert!(r.is_valid(), "{r:#?}");
    assert_eq!(r.signatures[0].timestamp, Some(stamped_at));

    // With the token taken over other data, pyHanko and Atti both refuse it.
    let wrong = stamp_last_pdf_signature(&signed, &|_| tsa.token(b"altro", stamped_at));
    let path = write(dir, "wrong.pdf", &wrong);
    let py = pyhanko_at(&path, &both, at);
    println!("{py}");
    assert!(!py.contains("The signature is judged VALID"), "{py}");
    let r = verify(&wrong, &anchors, at).expect("verify");
    assert!(!r.is_valid(), "{r:#?}");
}
