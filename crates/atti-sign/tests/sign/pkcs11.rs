//! Real PKCS#11 tokens: SoftHSM2, made by softhsm2-util and pkcs11-tool in a child process that
//! has SOFTHSM2_CONF (see `testkit::softhsm_child`).

use std::path::PathBuf;

use atti_sign::demo::UserCertSpec;
use atti_sign::testkit::{
    PIN, SOFTHSM_MODULE, TestPki, openssl_cms_verify, pyhanko_validate, qpdf_check, softhsm_child,
};
use atti_sign::{
    IdentitySource, PadesOptions, Pkcs11Signer, Sensitive, SignError, SignatureAlgorithm,
    cades_sign, open_identity, pades_sign, pkcs11_certificate, verify,
};
use jiff::Timestamp;

use crate::{fixture, write};

fn source(label: &str) -> IdentitySource {
    IdentitySource::Pkcs11 {
        module: PathBuf::from(SOFTHSM_MODULE),
        token_label: label.to_string(),
        key_id: vec![1],
    }
}

fn pin(p: &str) -> Sensitive<String> {
    Sensitive::new(p.to_string())
}

#[test]
fn softhsm_tokens_rsa_and_ec() {
    let Some(hsm) = softhsm_child("pkcs11::softhsm_tokens_rsa_and_ec") else {
        return;
    };
    let now = Timestamp::now();
    let pki = TestPki::new(now);
    let dir = pki.dir.path();
    let sindaco = UserCertSpec::new("Mario", "Rossi", "RSSMRA80A01H501U", now);
    let segretario = UserCertSpec::new("Anna", "Bianchi", "BNCNNA75B41F205X", now);
    let rsa_cert = hsm.token_with_identity("sindaco", "rsa:3072", &pki.ca, &sindaco);
    hsm.token_with_identity("segretario", "EC:prime256v1", &pki.ca, &segretario);

    // The certificate is readable without a PIN.
    let read = pkcs11_certificate(&PathBuf::from(SOFTHSM_MODULE), "sindaco", &[1]).expect("cert");
    assert_eq!(read, rsa_cert);

    // Wrong PIN: named variant, Italian message, nothing signed. SoftHSM 2.6 never locks a PIN
    // (CKR_PIN_INCORRECT forever), so CKR_PIN_LOCKED is covered by a unit test of the mapping;
    // but after a wrong PIN it raises CKF_USER_PIN_COUNT_LOW, as cards do, and we say so.
    let err = open_identity(&source("sindaco"), &pin("000000")).expect_err("wrong PIN");
    assert!(
        matches!(err, SignError::WrongPinFewAttemptsLeft { last_try: false }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "PIN errato. Attenzione: il dispositivo segnala che restano pochi tentativi prima del blocco."
    );
    // The right PIN clears the flag: the next wrong one is reported again from the token.
    open_identity(&source("sindaco"), &pin(PIN)).expect("right PIN");
    let err = open_identity(&source("nessuno"), &pin(PIN)).expect_err("no such token");
    assert!(matches!(err, SignError::TokenNotFound), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Dispositivo di firma non trovato: inserire la smart card o controllare il lettore."
    );
    let err = open_identity(
        &IdentitySource::Pkcs11 {
            module: PathBuf::from(SOFTHSM_MODULE),
            token_label: "sindaco".to_string(),
            key_id: vec![9],
        },
        &pin(PIN),
    )
    .expect_err("no such key");
    assert!(
        matches!(err, SignError::CertificateNotFound | SignError::KeyNotFound),
        "{err:?}"
    );
    let err = open_identity(
        &IdentitySource::Pkcs11 {
            module: PathBuf::from("/nonexistent/libpkcs11.so"),
            token_label: "sindaco".to_string(),
            key_id: vec![1],
        },
        &pin(PIN),
    )
    .expect_err("no module");
    assert!(
        matches!(err, SignError::ModuleNotLoadable { .. }),
        "{err:?}"
    );

    // RSA (CKM_SHA256_RSA_PKCS) then ECDSA (plain CKM_ECDSA) on the same delibera.
    let rsa = open_identity(&source("sindaco"), &pin(PIN)).expect("RSA token");
    assert_eq!(rsa.algorithm(), SignatureAlgorithm::RsaSha256);
    let options = |field: &str| PadesOptions {
        field_name: field.to_string(),
        signing_time: now,
        reason: None,
        location: Some("Prova".to_string()),
    };
    let once = pades_sign(&fixture(), rsa.as_ref(), &options("Firma sindaco")).expect("RSA sign");
    drop(rsa);
    let ec = open_identity(&source("segretario"), &pin(PIN)).expect("EC token");
    assert_eq!(ec.algorithm(), SignatureAlgorithm::EcdsaP256Sha256);
    let twice = pades_sign(&once, ec.as_ref(), &options("Firma segretario")).expect("EC sign");
    let path = write(dir, "token.pdf", &twice);
    let (ok, out) = qpdf_check(&path);
    assert!(ok, "{out}");
    let py = pyhanko_validate(&path, &pki.ca_pem);
    assert_eq!(
        py.matches("The signature is judged VALID").count(),
        2,
        "{py}"
    );
    assert!(py.contains("The signature covers the entire file"), "{py}");
    assert!(py.contains("'sha256_ecdsa'"), "{py}");
    let report = verify(&twice, &pki.anchors(), now).expect("verify");
    assert!(report.is_valid(), "{report:#?}");

    // ECDSA in a p7m, checked by openssl.
    let p7m = cades_sign(b"contenuto", ec.as_ref(), now).expect("EC cades");
    let p7m_path = write(dir, "token.p7m", &p7m);
    let (code, text) = openssl_cms_verify(&p7m_path, &pki.ca_pem, &dir.join("out"));
    assert_eq!(code, 0, "{text}");
    drop(ec);

    // Plain CKM_RSA_PKCS with a DigestInfo built by us, as many smart cards need.
    let plain = Pkcs11Signer::open(&PathBuf::from(SOFTHSM_MODULE), "sindaco", &[1], &pin(PIN))
        .expect("open")
        .with_plain_rsa_pkcs();
    let p7m = cades_sign(b"contenuto", &plain, now).expect("RSA-PKCS cades");
    let p7m_path = write(dir, "plain.p7m", &p7m);
    let (code, text) = openssl_cms_verify(&p7m_path, &pki.ca_pem, &dir.join("out"));
    assert_eq!(code, 0, "{text}");
    assert!(
        verify(&p7m, &pki.anchors(), now)
            .expect("verify")
            .is_valid()
    );

    hsm.done();
}
