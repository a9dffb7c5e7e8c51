use atti_sign::demo::KeyKind;
use atti_sign::testkit::{TestPki, pdfsig, pyhanko_validate, qpdf_check};
use atti_sign::{PadesOptions, pades_sign, verify};
use jiff::Timestamp;

use crate::{fixture, write};

fn options(field: &str, now: Timestamp) -> PadesOptions {
    PadesOptions {
        field_name: field.to_string(),
        signing_time: now,
        reason: Some("Approvazione della delibera".to_string()),
        location: Some("Comune di Prova – Sala consiliare".to_string()),
    }
}

#[test]
fn two_signers_on_a_pdfa_delibera() {
    let now = Timestamp::now();
    let pki = TestPki::new(now);
    let sindaco = pki.signer("Mario", "Rossi", "RSSMRA80A01H501U", KeyKind::Rsa3072);
    let segretario = pki.signer("Anna", "Bianchi", "BNCNNA75B41F205X", KeyKind::EcP256);
    let dir = pki.dir.path();

    let once = pades_sign(&fixture(), &sindaco, &options("Firma sindaco", now)).expect("first signature");
    let p1 = write(dir, "once.pdf", &once);
    let (ok, out) = qpdf_check(&p1);
    assert!(ok, "qpdf --check after the first signature:\n{out}");
    let py = pyhanko_validate(&p1, &pki.ca_pem);
    println!("{py}");
    assert!(py.contains("The signature is judged VALID"), "{py}");
    assert!(py.contains("The signature covers the entire file"), "{py}");
    let ps = pdfsig(&p1, &pki.nss_db());
    println!("{ps}");
    assert!(ps.contains("Signature is Valid."), "{ps}");
    assert!(ps.contains("Certificate is Trusted."), "{ps}");
    assert!(ps.contains("Total document signed"), "{ps}");
    let report = verify(&once, &pki.anchors()).expect("verify");
    assert_eq!(report.signatures.len(), 1);
    let s = &report.signatures[0];
    assert!(s.is_valid(), "{s:#?}");
    assert!(s.covers_whole_file);
    assert_eq!(s.signer.codice_fiscale.as_deref(), Some("RSSMRA80A01H501U"));

    let twice = pades_sign(&once, &segretario, &options("Firma segretario", now)).expect("second signature");
    assert_eq!(&twice[..once.len()], &once[..], "the second signature only appends");
    let p2 = write(dir, "twice.pdf", &twice);
    let (ok, out) = qpdf_check(&p2);
    assert!(ok, "qpdf --check after the second signature:\n{out}");
    let py = pyhanko_validate(&p2, &pki.ca_pem);
    println!("{py}");
    let ps = pdfsig(&p2, &pki.nss_db());
    println!("{ps}");
    let report = verify(&twice, &pki.anchors()).expect("verify");
    println!("{report:#?}");
    assert_eq!(report.signatures.len(), 2);
    assert!(report.signatures.iter().all(|s| s.is_valid()), "{report:#?}");
}
