//! The clerk's «Verifica firma» asks the network whether a certificate was revoked: an OCSP
//! responder (`openssl ocsp`, listening) and a CRL on a certificate authority's public web site
//! (the test Apache's plain-HTTP site), both named by the certificate itself.

use atti_app::{Atti, FixedClock};
use atti_sign::demo::{KeyKind, UserCertSpec};
use atti_sign::testkit::TestPki;
use atti_sign::testkit::trust::TestRevocation;
use atti_sign::{Signer, cades_sign};
use atti_sync::testkit::Fixture;
use jiff::{SignedDuration, Timestamp};

/// The last Sunday of October (the night Europe/Rome goes back to winter time).
fn t0() -> Timestamp {
    "2026-10-25T00:30:00Z".parse().expect("time")
}

fn signer(pki: &TestPki, ca: &TestRevocation, spec: UserCertSpec) -> atti_sign::SoftwareSigner {
    let s = pki.ca.issue_signer(&spec, KeyKind::EcP256).expect("signer");
    ca.issued(s.certificate());
    s
}

#[test]
fn a_revoked_certificate_is_found_by_ocsp_and_by_crl_over_the_network() {
    let pki = TestPki::new(t0());
    let ca = TestRevocation::new(&pki);
    let site = Fixture::start();
    let crl_url = site.server.publish("ca.crl", &ca.crl(t0()));
    let responder = ca.responder(t0());

    let by_ocsp = signer(
        &pki,
        &ca,
        UserCertSpec {
            ocsp_url: Some(responder.url()),
            ..UserCertSpec::new("Paolo", "Neri", "NREPLA70A01H501X", t0())
        },
    );
    let by_crl = signer(
        &pki,
        &ca,
        UserCertSpec {
            crl_url: Some(crl_url.clone()),
            ..UserCertSpec::new("Carla", "Gialli", "GLLCRL80A41H501Y", t0())
        },
    );
    let content = b"Decreto sindacale n. 4/2026.\n";
    let p7m_ocsp = cades_sign(content, &by_ocsp, t0()).expect("p7m");
    let p7m_crl = cades_sign(content, &by_crl, t0()).expect("p7m");

    let dir = tempfile::tempdir().expect("dir");
    let later = t0() + SignedDuration::from_hours(1);
    let atti = Atti::open_with_clock(dir.path(), Box::new(FixedClock(later))).expect("open");
    let trust = vec![std::fs::read(&pki.ca_pem).expect("ca")];

    for (p7m, source) in [(&p7m_ocsp, "OCSP"), (&p7m_crl, "CRL")] {
        let r = atti.verify_signed(p7m, &trust).expect("verify");
        let s = &r.signatures[0];
        assert!(r.valid && s.revocation_checked, "{r:#?}");
        assert!(
            s.notes
                .iter()
                .any(|n| n.starts_with(&format!("Revoca verificata ({source}"))),
            "{r:#?}"
        );
    }
    let served = site.server.access_log_with("GET /pubblico/ca.crl");
    assert!(served.contains("GET /pubblico/ca.crl"), "{served}");

    let revoked_at = t0() + SignedDuration::from_mins(20);
    ca.revoke(by_ocsp.certificate(), revoked_at);
    ca.revoke(by_crl.certificate(), revoked_at);
    site.server
        .publish("ca.crl", &ca.crl(t0() + SignedDuration::from_mins(40)));
    for (p7m, source) in [(&p7m_ocsp, "OCSP"), (&p7m_crl, "CRL")] {
        let r = atti.verify_signed(p7m, &trust).expect("verify");
        let s = &r.signatures[0];
        assert!(!r.valid, "{r:#?}");
        assert!(
            s.problems.iter().any(|p| p
                == &format!(
                    "Il certificato del firmatario è stato revocato il 25/10/2026 02:50 ({source})."
                )),
            "{r:#?}"
        );
    }

    // The responder gone: said plainly, not taken as good.
    let url = responder.url();
    drop(responder);
    let r = atti.verify_signed(&p7m_ocsp, &trust).expect("verify");
    let s = &r.signatures[0];
    assert!(!s.revocation_checked, "{r:#?}");
    assert!(
        s.notes.iter().any(|n| n.starts_with(&format!(
            "Revoca non verificata: OCSP {url}: server non raggiungibile"
        ))),
        "{r:#?}"
    );
}
