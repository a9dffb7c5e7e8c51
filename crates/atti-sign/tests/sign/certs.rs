//! Certificate checks before signing, and the demo identities.

use atti_sign::demo::{DEMO_MARK, DemoCa, KeyKind, UserCertSpec};
use atti_sign::testkit::TestPki;
use atti_sign::{
    IdentitySource, PadesOptions, Sensitive, SignError, cert_info, check_signer_certificate,
    open_identity, pades_sign, pem_to_der_certs, verify,
};
use jiff::{SignedDuration, Timestamp};

use crate::fixture;

const CF: &str = "RSSMRA80A01H501U";

fn days(n: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * n)
}

fn cert(pki: &TestPki, spec: &UserCertSpec) -> Vec<u8> {
    let signer = pki.ca.issue_signer(spec, KeyKind::EcP256).expect("issue");
    atti_sign::Signer::certificate(&signer).to_vec()
}

#[test]
fn checks_before_signing() {
    // A fixed instant: these checks take the time as a parameter and never read the clock.
    let now: Timestamp = "2026-03-10T09:00:00Z".parse().expect("time");
    let pki = TestPki::new(now);
    let good = UserCertSpec::new("Mario", "Rossi", CF, now);
    let der = cert(&pki, &good);
    assert_eq!(
        check_signer_certificate(&der, now, CF).expect("valid"),
        Vec::<String>::new()
    );
    assert_eq!(
        check_signer_certificate(&der, now, &CF.to_lowercase()).expect("any case"),
        Vec::<String>::new()
    );

    let expired = UserCertSpec {
        not_before: now - days(800),
        not_after: "2026-03-01T12:00:00Z".parse().expect("time"),
        ..good.clone()
    };
    let err = check_signer_certificate(&cert(&pki, &expired), now, CF).expect_err("expired");
    assert!(
        matches!(err, SignError::CertificateExpired { .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "Certificato scaduto il 01/03/2026: serve un certificato rinnovato per firmare."
    );

    let future = UserCertSpec {
        not_before: "2026-04-02T08:00:00Z".parse().expect("time"),
        not_after: now + days(800),
        ..good.clone()
    };
    let err = check_signer_certificate(&cert(&pki, &future), now, CF).expect_err("not yet valid");
    assert!(
        matches!(err, SignError::CertificateNotYetValid { .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "Certificato non ancora valido: lo sarà dal 02/04/2026."
    );

    let no_nr = UserCertSpec {
        non_repudiation: false,
        ..good.clone()
    };
    let err =
        check_signer_certificate(&cert(&pki, &no_nr), now, CF).expect_err("no nonRepudiation");
    assert!(matches!(err, SignError::NoNonRepudiation), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Il certificato non ha l'uso «non ripudio» richiesto per firmare."
    );

    let err = check_signer_certificate(&der, now, "BNCNNA75B41F205X").expect_err("someone else");
    assert!(matches!(err, SignError::NotTheUser { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Il certificato è intestato a Mario Rossi (codice fiscale RSSMRA80A01H501U), non all'utente (BNCNNA75B41F205X)."
    );

    let expiring = UserCertSpec {
        not_after: now + days(12) + SignedDuration::from_hours(3),
        ..good.clone()
    };
    let warnings = check_signer_certificate(&cert(&pki, &expiring), now, CF).expect("still valid");
    assert_eq!(
        warnings,
        [
            "Il certificato di firma scade tra 12 giorni (il 22/03/2026): chiederne per tempo il rinnovo."
        ]
    );
}

/// The time a signature declares is the signer's claim: a signature made with an expired
/// certificate and dated back into its validity (/M) is not valid today; the same bytes
/// verified on a day the certificate was valid are, and the report says whose claim the time is.
#[test]
fn a_signature_dated_back_into_the_validity_of_an_expired_certificate_is_not_valid() {
    let now = Timestamp::now();
    // The Comune's CA has been valid for years; the signer's certificate expired two days ago.
    let pki = TestPki::new(now - days(500));
    let expired = UserCertSpec {
        not_before: now - days(400),
        not_after: now - days(2),
        ..UserCertSpec::new("Mario", "Rossi", CF, now)
    };
    let signer = pki
        .ca
        .issue_signer(&expired, KeyKind::Rsa3072)
        .expect("issue");
    let backdated = now - days(10);
    let options = PadesOptions {
        field_name: "Firma".to_string(),
        signing_time: backdated,
        reason: None,
        location: None,
    };
    let signed = pades_sign(&fixture(), &signer, &options).expect("sign");
    let s = &verify(&signed, &pki.anchors(), now)
        .expect("verify")
        .signatures[0];
    assert!(s.intact && !s.is_valid(), "{s:#?}");
    assert!(
        s.problems
            .iter()
            .any(|p| p.contains("senza marca temporale la firma non è più verificabile")),
        "{:?}",
        s.problems
    );
    let then = &verify(&signed, &pki.anchors(), backdated)
        .expect("verify")
        .signatures[0];
    assert!(then.is_valid(), "{then:#?}");
    assert!(
        then.notes
            .iter()
            .any(|n| n.contains("è dichiarata dal firmatario")),
        "{:?}",
        then.notes
    );
}

#[test]
fn expired_at_signing_time_and_without_non_repudiation_fail_verification() {
    let now = Timestamp::now();
    let pki = TestPki::new(now);
    let options = PadesOptions {
        field_name: "Firma".to_string(),
        signing_time: now,
        reason: None,
        location: None,
    };
    let expired = UserCertSpec {
        not_before: now - days(400),
        not_after: now - days(2),
        ..UserCertSpec::new("Mario", "Rossi", CF, now)
    };
    let signer = pki
        .ca
        .issue_signer(&expired, KeyKind::Rsa3072)
        .expect("issue");
    let signed = pades_sign(&fixture(), &signer, &options).expect("sign");
    let s = &verify(&signed, &pki.anchors(), now)
        .expect("verify")
        .signatures[0];
    assert!(s.intact && !s.is_valid(), "{s:#?}");
    assert!(
        s.problems
            .iter()
            .any(|p| p.starts_with("Il certificato del firmatario è scaduto il")),
        "{:?}",
        s.problems
    );

    let no_nr = UserCertSpec {
        non_repudiation: false,
        ..UserCertSpec::new("Mario", "Rossi", CF, now)
    };
    let signer = pki
        .ca
        .issue_signer(&no_nr, KeyKind::Rsa3072)
        .expect("issue");
    let signed = pades_sign(&fixture(), &signer, &options).expect("sign");
    let s = &verify(&signed, &pki.anchors(), now)
        .expect("verify")
        .signatures[0];
    assert!(s.intact && s.trusted && !s.is_valid(), "{s:#?}");
    assert!(
        s.problems.iter().any(|p| p.contains("non ripudio")),
        "{:?}",
        s.problems
    );
}

#[test]
fn demo_identities() {
    let now = Timestamp::now();
    let ca = DemoCa::generate("Castelvecchio", now).expect("CA");
    let pem = ca.certificate_pem();
    let anchors = pem_to_der_certs(pem.as_bytes()).expect("PEM");
    assert_eq!(anchors.len(), 1);
    let ca_info = cert_info(&anchors[0]).expect("CA info");
    assert!(ca_info.common_name.contains(DEMO_MARK), "{ca_info:?}");
    assert!(ca_info.not_after > now + days(3640) && ca_info.not_before < now);

    let password = Sensitive::new("parola segreta".to_string());
    let p12 = ca
        .issue_pkcs12("Mario", "Rossi", CF, &password, now)
        .expect("p12");
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("rossi.p12");
    std::fs::write(&path, &p12).expect("write");
    let source = IdentitySource::Pkcs12 { path: path.clone() };
    let err = open_identity(&source, &Sensitive::new("sbagliata".to_string()))
        .expect_err("wrong password");
    assert!(matches!(err, SignError::WrongPin), "{err:?}");
    assert_eq!(err.to_string(), "PIN errato.");

    let signer = open_identity(&source, &password).expect("open p12");
    let info = cert_info(signer.certificate()).expect("info");
    assert_eq!(info.common_name, "Mario Rossi");
    assert_eq!(info.given_name.as_deref(), Some("Mario"));
    assert_eq!(info.surname.as_deref(), Some("Rossi"));
    assert_eq!(info.codice_fiscale.as_deref(), Some(CF));
    assert!(info.non_repudiation);
    assert!(info.issuer.contains(DEMO_MARK));
    assert!(info.not_after > now + days(3 * 365) && info.not_after < now + days(3 * 366));
    assert_eq!(
        check_signer_certificate(signer.certificate(), now, CF).expect("ok"),
        Vec::<String>::new()
    );
    // The subject carries the mark too (O), and the extensions of a qualified-looking cert.
    let x = openssl::x509::X509::from_der(signer.certificate()).expect("x509");
    let text = String::from_utf8(x.to_text().expect("text")).expect("utf8");
    for needed in [
        DEMO_MARK,
        "serialNumber=TINIT-RSSMRA80A01H501U",
        "X509v3 Key Usage: critical",
        "Non Repudiation",
        "X509v3 Certificate Policies",
        "Authority Information Access",
        "X509v3 CRL Distribution Points",
    ] {
        assert!(text.contains(needed), "{needed} missing in:\n{text}");
    }

    // Signs, and verifies against the CA.
    let signed = pades_sign(
        &fixture(),
        signer.as_ref(),
        &PadesOptions {
            field_name: "Firma".to_string(),
            signing_time: now,
            reason: None,
            location: None,
        },
    )
    .expect("sign");
    assert!(verify(&signed, &anchors, now).expect("verify").is_valid());

    // The CA survives a round trip through its own PKCS#12.
    let kept = ca.to_pkcs12(&password).expect("keep CA");
    let again = DemoCa::from_pkcs12(&kept, &password).expect("load CA");
    assert_eq!(again.certificate_pem(), pem);
    let p12 = again
        .issue_pkcs12("Anna", "Bianchi", "BNCNNA75B41F205X", &password, now)
        .expect("p12");
    std::fs::write(&path, &p12).expect("write");
    let signer = open_identity(&source, &password).expect("open p12");
    let info = cert_info(signer.certificate()).expect("info");
    assert!(info.issuer.contains(DEMO_MARK), "{info:?}");
}
