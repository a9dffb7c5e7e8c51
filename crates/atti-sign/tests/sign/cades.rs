use atti_sign::demo::KeyKind;
use atti_sign::testkit::{TestPki, openssl_cms_print, openssl_cms_verify};
use atti_sign::{Format, cades_add_signer, cades_sign, verify};
use jiff::Timestamp;

use crate::write;

const CONTENT: &[u8] = "Determinazione n. 12/2026 – impegno di spesa.\n".as_bytes();

#[test]
fn p7m_with_parallel_signature_checked_by_openssl() {
    let now = Timestamp::now();
    let pki = TestPki::new(now);
    let dirigente = pki.signer("Paolo", "Neri", "NREPLA70A01H501X", KeyKind::Rsa3072);
    let ragioniere = pki.signer("Carla", "Gialli", "GLLCRL80A41H501Y", KeyKind::EcP256);
    let dir = pki.dir.path();

    let p7m = cades_sign(CONTENT, &dirigente, now).expect("cades");
    let path = write(dir, "atto.pdf.p7m", &p7m);
    let out = dir.join("content.out");
    let (code, text) = openssl_cms_verify(&path, &pki.ca_pem, &out);
    assert_eq!(code, 0, "openssl cms -verify: {text}");
    assert_eq!(std::fs::read(&out).expect("content"), CONTENT);
    let printed = openssl_cms_print(&path);
    assert!(printed.contains("signingCertificateV2"), "{printed}");
    assert!(printed.contains("signingTime"), "{printed}");
    assert!(printed.contains("messageDigest"), "{printed}");

    let both = cades_add_signer(&p7m, &ragioniere, now).expect("parallel signature");
    let path2 = write(dir, "atto2.pdf.p7m", &both);
    let (code, text) = openssl_cms_verify(&path2, &pki.ca_pem, &out);
    assert_eq!(code, 0, "openssl cms -verify with two signers: {text}");
    assert_eq!(std::fs::read(&out).expect("content"), CONTENT);
    let printed = openssl_cms_print(&path2);
    assert_eq!(
        printed.matches("signingCertificateV2").count(),
        2,
        "{printed}"
    );

    let report = verify(&both, &pki.anchors(), now).expect("verify");
    assert_eq!(report.format, Format::Cades);
    assert_eq!(report.content.as_deref(), Some(CONTENT));
    assert_eq!(report.signatures.len(), 2);
    assert!(
        report.signatures.iter().all(|s| s.is_valid()),
        "{report:#?}"
    );
    let mut cfs: Vec<_> = report
        .signatures
        .iter()
        .filter_map(|s| s.signer.codice_fiscale.clone())
        .collect();
    cfs.sort();
    assert_eq!(cfs, ["GLLCRL80A41H501Y", "NREPLA70A01H501X"]);
    assert!(report.signatures.iter().all(|s| s.signing_time.is_some()));

    // Base64 (PEM-wrapped) p7m, as some tools write it.
    let b64 = openssl::base64::encode_block(&both);
    let pem = format!("-----BEGIN PKCS7-----\n{b64}\n-----END PKCS7-----\n");
    let report = verify(pem.as_bytes(), &pki.anchors(), now).expect("verify base64");
    assert_eq!(report.signatures.len(), 2);
    assert!(report.is_valid());

    // One byte of the content changed: openssl exits 4, ours says why.
    let at = both
        .windows(CONTENT.len())
        .position(|w| w == CONTENT)
        .expect("content inside");
    let mut tampered = both.clone();
    tampered[at + 5] ^= 0x01;
    let path3 = write(dir, "tampered.p7m", &tampered);
    let (code, text) = openssl_cms_verify(&path3, &pki.ca_pem, &out);
    assert_eq!(code, 4, "openssl must refuse a tampered p7m: {text}");
    let report = verify(&tampered, &pki.anchors(), now).expect("verify");
    for s in &report.signatures {
        assert!(!s.intact && !s.is_valid(), "{s:#?}");
        assert!(
            s.problems
                .iter()
                .any(|p| p.contains("impronta non corrisponde")),
            "{:?}",
            s.problems
        );
    }

    // Not a signed file.
    assert!(verify(b"ciao", &pki.anchors(), now).is_err());
}
