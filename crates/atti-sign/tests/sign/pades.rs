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

    let once =
        pades_sign(&fixture(), &sindaco, &options("Firma sindaco", now)).expect("first signature");
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
    let report = verify(&once, &pki.anchors(), now).expect("verify");
    assert_eq!(report.signatures.len(), 1);
    let s = &report.signatures[0];
    assert!(s.is_valid(), "{s:#?}");
    assert!(s.covers_whole_file);
    assert_eq!(s.signer.codice_fiscale.as_deref(), Some("RSSMRA80A01H501U"));

    let twice = pades_sign(&once, &segretario, &options("Firma segretario", now))
        .expect("second signature");
    assert_eq!(
        &twice[..once.len()],
        &once[..],
        "the second signature only appends"
    );
    let p2 = write(dir, "twice.pdf", &twice);
    let (ok, out) = qpdf_check(&p2);
    assert!(ok, "qpdf --check after the second signature:\n{out}");
    let update = String::from_utf8_lossy(&twice[once.len()..]).into_owned();
    for needed in [
        "/SigFlags 3",
        "/F 4",
        "/AP<</N ",
        "/SubFilter/ETSI.CAdES.detached",
        "/M(D:",
    ] {
        assert!(
            update.contains(needed),
            "the update lacks {needed}: {update}"
        );
    }
    for forbidden in ["NeedAppearances", "JavaScript", "/JS", "/OpenAction"] {
        assert!(!update.contains(forbidden), "the update has {forbidden}");
    }

    // pyHanko: the first signature is valid and followed only by signing; the second covers all.
    let py = pyhanko_validate(&p2, &pki.ca_pem);
    let (first, second) = py
        .split_once("Field 2: Firma segretario")
        .expect("two fields in pyHanko's report");
    assert!(first.contains("Field 1: Firma sindaco"), "{py}");
    assert!(first.contains("The signature is judged VALID"), "{py}");
    assert!(
        first.contains("The signature does not cover the entire file."),
        "{py}"
    );
    assert!(
        first.contains("All modifications relate to signing and form filling operations"),
        "{py}"
    );
    assert!(second.contains("The signature is judged VALID"), "{py}");
    assert!(
        second.contains("The signature covers the entire file"),
        "{py}"
    );
    // pdfsig: both valid and trusted, the second one total.
    let ps = pdfsig(&p2, &pki.nss_db());
    let (first, second) = ps
        .split_once("Signature #2:")
        .expect("two signatures in pdfsig's report");
    for part in [first, second] {
        assert!(part.contains("Signature is Valid."), "{ps}");
        assert!(part.contains("Certificate is Trusted."), "{ps}");
    }
    assert!(first.contains("Not total document signed"), "{ps}");
    assert!(second.contains("Total document signed"), "{ps}");
    // Ours agrees.
    let report = verify(&twice, &pki.anchors(), now).expect("verify");
    assert_eq!(report.signatures.len(), 2);
    assert!(
        report.signatures.iter().all(|s| s.is_valid()),
        "{report:#?}"
    );
    assert_eq!(report.signatures[0].field_name, "Firma sindaco");
    assert!(!report.signatures[0].covers_whole_file);
    let notes = &report.signatures[0].notes;
    assert!(
        notes
            .iter()
            .any(|n| n == "Dopo questa firma il documento ha ricevuto solo altre firme."),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("è dichiarata dal firmatario")),
        "{notes:?}"
    );
    assert_eq!(
        report.signatures[1].signer.codice_fiscale.as_deref(),
        Some("BNCNNA75B41F205X")
    );
    assert!(report.signatures[1].covers_whole_file);

    // The same field name twice is refused.
    let again = pades_sign(&twice, &segretario, &options("Firma segretario", now))
        .expect_err("duplicate field");
    assert_eq!(
        again.to_string(),
        "Il PDF ha già un campo firma «Firma segretario»: scegliere un altro nome."
    );
}

/// The offset of a byte in the middle of a content stream of the original.
fn byte_inside_a_stream(pdf: &[u8]) -> usize {
    let at = pdf
        .windows(7)
        .position(|w| w == b"stream\n")
        .expect("a stream");
    let next = pdf[at + 7..]
        .windows(7)
        .position(|w| w == b"stream\n")
        .expect("another stream")
        + at
        + 7;
    next + 40
}

#[test]
fn tampering_and_truncation_are_caught_by_everyone() {
    let now = Timestamp::now();
    let pki = TestPki::new(now);
    let sindaco = pki.signer("Mario", "Rossi", "RSSMRA80A01H501U", KeyKind::Rsa3072);
    let signed = pades_sign(&fixture(), &sindaco, &options("Firma sindaco", now)).expect("sign");
    let dir = pki.dir.path();

    let mut tampered = signed.clone();
    tampered[byte_inside_a_stream(&signed)] ^= 0x01;
    let path = write(dir, "tampered.pdf", &tampered);
    let py = pyhanko_validate(&path, &pki.ca_pem);
    assert!(!py.contains("The signature is judged VALID"), "{py}");
    assert!(py.contains("INVALID") || py.contains("invalid"), "{py}");
    let ps = pdfsig(&path, &pki.nss_db());
    assert!(!ps.contains("Signature is Valid."), "{ps}");
    let report = verify(&tampered, &pki.anchors(), now).expect("still a signed PDF");
    let s = &report.signatures[0];
    assert!(!s.is_valid() && !s.intact, "{s:#?}");
    assert!(
        s.problems.iter().any(|p| p.contains("alterato")),
        "the reason says the content was altered: {:?}",
        s.problems
    );

    // Bytes appended after the signature: pyHanko still prints VALID but not "entire file".
    let mut appended = signed.clone();
    appended.extend_from_slice(b"\n% aggiunto dopo la firma\n");
    let path = write(dir, "appended.pdf", &appended);
    let py = pyhanko_validate(&path, &pki.ca_pem);
    assert!(!py.contains("The signature covers the entire file"), "{py}");
    let report = verify(&appended, &pki.anchors(), now).expect("verify");
    assert!(!report.signatures[0].covers_whole_file);

    // Truncated: ours fails with a reason.
    let truncated = &signed[..signed.len() - 200];
    let report = verify(truncated, &pki.anchors(), now).expect("still recognisable as signed");
    let s = &report.signatures[0];
    assert!(!s.is_valid(), "{s:#?}");
    assert_eq!(
        s.problems,
        ["Il file è troncato: l'intervallo firmato va oltre la fine del file."]
    );

    // Not signed at all.
    let err = verify(&fixture(), &pki.anchors(), now).expect_err("unsigned");
    assert_eq!(
        err.to_string(),
        "Il file non è un documento firmato digitalmente (né PDF firmato né .p7m)."
    );
}

#[test]
fn untrusted_signer_is_reported() {
    let now = Timestamp::now();
    let pki = TestPki::new(now);
    let other = TestPki::new(now);
    let stranger = other.signer("Luigi", "Verdi", "VRDLGU70C01H501Z", KeyKind::Rsa3072);
    let signed = pades_sign(&fixture(), &stranger, &options("Firma", now)).expect("sign");
    let report = verify(&signed, &pki.anchors(), now).expect("verify");
    let s = &report.signatures[0];
    assert!(s.intact && !s.trusted && !s.is_valid(), "{s:#?}");
    assert!(
        s.problems.iter().any(|p| p.contains("autorità di fiducia")),
        "{:?}",
        s.problems
    );
}

/// An incremental update that replaces the content of page 1 (object 98 of the fixture).
fn rewrite_first_page(signed: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(signed);
    let size_at = text.rfind("/Size ").expect("trailer /Size") + 6;
    let size: usize = text[size_at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .expect("size");
    let prev_at = text.rfind("startxref").expect("startxref") + 9;
    let prev: usize = text[prev_at..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("prev");
    let id_at = text.find("/ID[").expect("/ID");
    let id = &text[id_at..id_at + text[id_at..].find(']').expect("]") + 1];
    let mut out = signed.to_vec();
    let content = b"BT /F1 24 Tf 100 700 Td (ANNULLATA) Tj ET";
    let stream_at = out.len();
    out.extend_from_slice(
        format!("{size} 0 obj\n<</Length {}>>\nstream\n", content.len()).as_bytes(),
    );
    out.extend_from_slice(content);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    let page_at = out.len();
    out.extend_from_slice(
        format!("98 0 obj\n<</Type/Page/Resources 84 0 R/MediaBox[0 0 595.2756 841.8898]/StructParents 0/Tabs/S/Parent 1 0 R/Contents {size} 0 R>>\nendobj\n")
            .as_bytes(),
    );
    let xref_at = out.len();
    out.extend_from_slice(
        format!(
            "xref\n98 1\n{page_at:010} 00000 n\r\n{size} 1\n{stream_at:010} 00000 n\r\ntrailer\n<</Size {}/Root 118 0 R/Info 116 0 R{id}/Prev {prev}>>\nstartxref\n{xref_at}\n%%EOF\n",
            size + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn a_page_changed_after_signing_is_a_problem() {
    let now = Timestamp::now();
    let pki = TestPki::new(now);
    let sindaco = pki.signer("Mario", "Rossi", "RSSMRA80A01H501U", KeyKind::Rsa3072);
    let signed = pades_sign(&fixture(), &sindaco, &options("Firma sindaco", now)).expect("sign");
    let changed = rewrite_first_page(&signed);
    let path = write(pki.dir.path(), "changed.pdf", &changed);
    let (ok, out) = qpdf_check(&path);
    assert!(ok, "the forged update is itself well formed:\n{out}");
    let py = pyhanko_validate(&path, &pki.ca_pem);
    println!("{py}");
    assert!(!py.contains("The signature covers the entire file"), "{py}");
    assert!(!py.contains("The signature is judged VALID"), "{py}");
    let report = verify(&changed, &pki.anchors(), now).expect("verify");
    let s = &report.signatures[0];
    assert!(s.intact && s.trusted && !s.covers_whole_file, "{s:#?}");
    assert!(!s.is_valid());
    assert_eq!(
        s.problems,
        ["Dopo questa firma il documento è stato modificato (una pagina, oggetto 98 0)."]
    );
}
