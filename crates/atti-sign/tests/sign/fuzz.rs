//! Fuzz targets of the verifier's parsers, on stable Rust: a signed PDF (PAdES) and a .p7m
//! (CAdES) mutated the ways that break parsers (bytes changed, runs deleted or repeated,
//! tokens of the format inserted, the file cut short), each verified: the verifier answers,
//! never panics, and never calls a mutated file valid unless it is the original.
//!
//! `ATTI_FUZZ_CASES` sets the inputs per target (256 by default, as in `make test`); the
//! closing notes say how many a long run took without a panic (`ATTI_FUZZ_CASES=1000000
//! cargo test --release -p atti-sign --test sign fuzz`).

use atti_sign::demo::KeyKind;
use atti_sign::testkit::TestPki;
use atti_sign::{PadesOptions, cades_sign, pades_sign, verify};
use jiff::Timestamp;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// A fixed moment: the certificates are valid then, whatever today is.
const AT: &str = "2026-06-01T10:00:00Z";

/// Pieces of PDF and DER syntax that parsers trip on, inserted at random places.
const TOKENS: &[&[u8]] = &[
    b"<<",
    b">>",
    b"/ByteRange [0 0 0 0]",
    b"/Contents <>",
    b"/Type /Sig",
    b"/Kids [1 0 R]",
    b"1 0 obj",
    b"endobj",
    b"xref\n0 1\n0000000000 65535 f \n",
    b"trailer << /Size 9999999999 /Root 1 0 R >>",
    b"startxref\n-1\n%%EOF",
    b"stream\r\n",
    b"endstream",
    b"(\\",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"\x30\x84\xff\xff\xff\xff",
    b"\x30\x80",
    b"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02",
    b"\x02\x81\x00",
    b"\xa0\x82\xff\xff",
    b"\x00\x00",
];

#[derive(Debug, Clone)]
enum Mutation {
    Set(prop::sample::Index, u8),
    Delete(prop::sample::Index, usize),
    Repeat(prop::sample::Index, usize),
    Insert(prop::sample::Index, prop::sample::Index),
    Cut(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        1 => (any::<prop::sample::Index>(), 1usize..512).prop_map(|(i, n)| Mutation::Delete(i, n)),
        1 => (any::<prop::sample::Index>(), 1usize..256).prop_map(|(i, n)| Mutation::Repeat(i, n)),
        2 => (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(i, t)| Mutation::Insert(i, t)),
        1 => any::<prop::sample::Index>().prop_map(Mutation::Cut),
    ]
}

fn apply(seed: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for m in mutations {
        if bytes.is_empty() {
            break;
        }
        match m {
            Mutation::Set(i, b) => {
                let at = i.index(bytes.len());
                bytes[at] = *b;
            }
            Mutation::Delete(i, n) => {
                let at = i.index(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Mutation::Repeat(i, n) => {
                let at = i.index(bytes.len());
                let end = (at + n).min(bytes.len());
                let run = bytes[at..end].to_vec();
                bytes.splice(at..at, run);
            }
            Mutation::Insert(i, t) => {
                let at = i.index(bytes.len());
                let token = TOKENS[t.index(TOKENS.len())];
                bytes.splice(at..at, token.iter().copied());
            }
            Mutation::Cut(i) => {
                let at = i.index(bytes.len());
                bytes.truncate(at);
            }
        }
    }
    bytes
}

/// Runs `target` on `ATTI_FUZZ_CASES` mutations of `seed`.
fn fuzz(seed: &[u8], target: impl Fn(&[u8])) {
    let cases = std::env::var("ATTI_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(mutation(), 1..8), |mutations| {
            target(&apply(seed, &mutations));
            Ok(())
        })
        .expect("no input makes the verifier panic");
}

fn pki_at() -> (TestPki, Timestamp) {
    let at: Timestamp = AT.parse().expect("time");
    (TestPki::new(at), at)
}

#[test]
fn fuzz_the_pdf_verifier() {
    let (pki, at) = pki_at();
    let signer = pki.signer("Mario", "Rossi", "RSSMRA80A01H501U", KeyKind::EcP256);
    let options = PadesOptions {
        field_name: "Firma1".into(),
        signing_time: at,
        reason: None,
        location: None,
    };
    let signed = pades_sign(&crate::fixture(), &signer, &options).expect("sign");
    let anchors = pki.anchors();
    fuzz(&signed, |bytes| {
        if let Ok(report) = verify(bytes, &anchors, at) {
            // A changed file is never «valid» unless its signed bytes are untouched.
            if report.is_valid() {
                assert!(
                    bytes.starts_with(&signed[..signed.len() / 2]),
                    "a mutation of the signed part passed as valid"
                );
            }
        }
    });
}

#[test]
fn fuzz_the_cms_verifier() {
    let (pki, at) = pki_at();
    let signer = pki.signer("Mario", "Rossi", "RSSMRA80A01H501U", KeyKind::EcP256);
    let content = b"voce;quantita;prezzo\nsfalcio;12;40,00\n";
    let p7m = cades_sign(content, &signer, at).expect("cades");
    let anchors = pki.anchors();
    fuzz(&p7m, |bytes| {
        if let Ok(report) = verify(bytes, &anchors, at)
            && report.is_valid()
        {
            assert_eq!(
                report.content.as_deref(),
                Some(&content[..]),
                "a mutated .p7m passed as valid with other content"
            );
        }
    });
}
