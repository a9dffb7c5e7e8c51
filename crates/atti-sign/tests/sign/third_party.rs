//! Files signed by other tools (pyHanko, openssl cms -cades): our verifier agrees with them.

use std::process::Command;

use atti_sign::demo::UserCertSpec;
use atti_sign::testkit::{TestPki, pyhanko_validate, run_ok, tool};
use atti_sign::{Format, PadesOptions, pades_sign, verify};
use jiff::Timestamp;

use crate::{fixture, write};

#[test]
fn pyhanko_signatures_verify_and_coexist_with_ours() {
    let now = Timestamp::now();
    let pki = TestPki::new(now);
    let dir = pki.dir.path();
    let spec = UserCertSpec::new("Giulia", "Russo", "RSSGLI85M41H501K", now);
    let p12 = pki.pkcs12(&spec, "segreta");
    let pass = write(dir, "pass.txt", b"segreta");
    let input = write(dir, "in.pdf", &fixture());

    // pyHanko, adbe.pkcs7.detached (its default), on the original.
    let adbe = dir.join("adbe.pdf");
    run_ok(
        Command::new(tool("pyhanko"))
            .args([
                "sign",
                "addsig",
                "--field",
                "Firma1",
                "pkcs12",
                "--passfile",
            ])
            .arg(&pass)
            .arg(&input)
            .arg(&adbe)
            .arg(&p12),
    );
    let bytes = std::fs::read(&adbe).expect("pyHanko output");
    let report = verify(&bytes, &pki.anchors(), now).expect("verify");
    assert_eq!(report.format, Format::Pades);
    assert_eq!(report.signatures.len(), 1);
    let s = &report.signatures[0];
    assert!(s.is_valid(), "{s:#?}");
    assert!(s.covers_whole_file);
    assert_eq!(s.sub_filter.as_deref(), Some("adbe.pkcs7.detached"));
    assert_eq!(s.signer.codice_fiscale.as_deref(), Some("RSSGLI85M41H501K"));

    // Ours after pyHanko's, then pyHanko (PAdES) after ours: every signature stays valid.
    let signer = pki.signer(
        "Mario",
        "Rossi",
        "RSSMRA80A01H501U",
        atti_sign::demo::KeyKind::Rsa3072,
    );
    let ours = pades_sign(
        &bytes,
        &signer,
        &PadesOptions {
            field_name: "Firma2".to_string(),
            signing_time: now,
            reason: None,
            location: None,
        },
    )
    .expect("sign after pyHanko");
    let ours_path = write(dir, "ours.pdf", &ours);
    let py = pyhanko_validate(&ours_path, &pki.ca_pem);
    assert_eq!(
        py.matches("The signature is judged VALID").count(),
        2,
        "{py}"
    );
    let pades = dir.join("pades.pdf");
    run_ok(
        Command::new(tool("pyhanko"))
            .args([
                "sign",
                "addsig",
                "--use-pades",
                "--field",
                "Firma3",
                "pkcs12",
                "--passfile",
            ])
            .arg(&pass)
            .arg(&ours_path)
            .arg(&pades)
            .arg(&p12),
    );
    let bytes = std::fs::read(&pades).expect("pyHanko output");
    let py = pyhanko_validate(&pades, &pki.ca_pem);
    assert_eq!(
        py.matches("The signature is judged VALID").count(),
        3,
        "{py}"
    );
    let report = verify(&bytes, &pki.anchors(), now).expect("verify");
    assert_eq!(report.signatures.len(), 3);
    assert!(
        report.signatures.iter().all(|s| s.is_valid()),
        "{report:#?}"
    );
    let names: Vec<_> = report
        .signatures
        .iter()
        .map(|s| s.field_name.as_str())
        .collect();
    assert_eq!(names, ["Firma1", "Firma2", "Firma3"]);
    assert_eq!(
        report.signatures[2].sub_filter.as_deref(),
        Some("ETSI.CAdES.detached")
    );
    assert!(report.signatures[2].covers_whole_file);

    // One byte changed in pyHanko's file: pyHanko and ours both fail.
    let mut tampered = std::fs::read(&adbe).expect("adbe");
    let at = tampered.len() / 3;
    tampered[at] ^= 0x01;
    let path = write(dir, "adbe-tampered.pdf", &tampered);
    let py = pyhanko_validate(&path, &pki.ca_pem);
    assert!(!py.contains("The signature is judged VALID"), "{py}");
    let report = verify(&tampered, &pki.anchors(), now).expect("verify");
    assert!(!report.signatures[0].is_valid(), "{report:#?}");
}

#[test]
fn openssl_cades_p7m_verifies() {
    let now = Timestamp::now();
    let pki = TestPki::new(now);
    let dir = pki.dir.path();
    let spec = UserCertSpec::new("Giulia", "Russo", "RSSGLI85M41H501K", now);
    let p12 = pki.pkcs12(&spec, "segreta");
    let pem = dir.join("user.pem");
    run_ok(
        Command::new(tool("openssl"))
            .args(["pkcs12", "-nodes", "-passin", "pass:segreta", "-in"])
            .arg(&p12)
            .arg("-out")
            .arg(&pem),
    );
    let content = write(
        dir,
        "atto.txt",
        "Ordinanza sindacale n. 3/2026.\n".as_bytes(),
    );
    let p7m = dir.join("atto.txt.p7m");
    run_ok(
        Command::new(tool("openssl"))
            .args([
                "cms",
                "-sign",
                "-cades",
                "-binary",
                "-nodetach",
                "-md",
                "sha256",
                "-outform",
                "DER",
                "-in",
            ])
            .arg(&content)
            .arg("-signer")
            .arg(&pem)
            .arg("-inkey")
            .arg(&pem)
            .arg("-out")
            .arg(&p7m),
    );
    let bytes = std::fs::read(&p7m).expect("p7m");
    let report = verify(&bytes, &pki.anchors(), now).expect("verify");
    assert_eq!(report.signatures.len(), 1);
    assert!(report.is_valid(), "{report:#?}");
    assert_eq!(
        report.content.as_deref(),
        Some("Ordinanza sindacale n. 3/2026.\n".as_bytes())
    );
    assert_eq!(
        report.signatures[0].signer.codice_fiscale.as_deref(),
        Some("RSSGLI85M41H501K")
    );
    // A second signer added by us keeps openssl's signature valid for openssl.
    let signer = pki.signer(
        "Mario",
        "Rossi",
        "RSSMRA80A01H501U",
        atti_sign::demo::KeyKind::EcP256,
    );
    let both = atti_sign::cades_add_signer(&bytes, &signer, now).expect("add signer");
    let path = write(dir, "both.p7m", &both);
    let (code, text) = atti_sign::testkit::openssl_cms_verify(&path, &pki.ca_pem, &dir.join("out"));
    assert_eq!(code, 0, "{text}");
    let report = verify(&both, &pki.anchors(), now).expect("verify");
    assert_eq!(report.signatures.len(), 2);
    assert!(report.is_valid(), "{report:#?}");

    // The same envelope with a SHA-1 digest: intact for openssl, refused by us.
    let sha1 = dir.join("sha1.p7m");
    run_ok(
        Command::new(tool("openssl"))
            .args([
                "cms",
                "-sign",
                "-binary",
                "-nodetach",
                "-md",
                "sha1",
                "-outform",
                "DER",
                "-in",
            ])
            .arg(&content)
            .arg("-signer")
            .arg(&pem)
            .arg("-inkey")
            .arg(&pem)
            .arg("-out")
            .arg(&sha1),
    );
    let (code, text) =
        atti_sign::testkit::openssl_cms_verify(&sha1, &pki.ca_pem, &dir.join("out1"));
    assert_eq!(code, 0, "openssl accepts it: {text}");
    let report = verify(&std::fs::read(&sha1).expect("p7m"), &pki.anchors(), now).expect("verify");
    assert!(!report.is_valid(), "{report:#?}");
    assert!(
        report.signatures[0]
            .problems
            .iter()
            .any(|p| p.contains("SHA-1")),
        "{report:#?}"
    );
}
