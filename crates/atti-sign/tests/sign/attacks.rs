//! Attacks on a PDF signed by Atti, as the published PDF signature research describes them
//! (incremental saving, shadow attacks, universal signature forgery), built here with
//! lopdf's incremental updates: our verifier refuses each with its reason, and pyHanko, where
//! it judges the same class, agrees. A legitimate second signature stays valid (pades.rs).

use atti_sign::demo::KeyKind;
use atti_sign::testkit::{TestPki, pyhanko_validate};
use atti_sign::{PadesOptions, pades_sign, verify};
use jiff::Timestamp;
use lopdf::{Dictionary, IncrementalDocument, Object, Stream, dictionary};

use crate::{fixture, write};

/// The fixture signed once by Atti, and the PKI that trusts it.
fn signed() -> (TestPki, Vec<u8>) {
    let now = Timestamp::now();
    let pki = TestPki::new(now);
    let signer = pki.signer("Mario", "Rossi", "RSSMRA80A01H501U", KeyKind::EcP256);
    let options = PadesOptions {
        field_name: "Firma1".to_string(),
        signing_time: now,
        reason: None,
        location: None,
    };
    let bytes = pades_sign(&fixture(), &signer, &options).expect("sign");
    assert!(
        verify(&bytes, &pki.anchors(), now)
            .expect("verify")
            .is_valid()
    );
    (pki, bytes)
}

/// Appends an incremental update made by `change` to `pdf`.
fn update(pdf: &[u8], change: impl FnOnce(&mut IncrementalDocument)) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(pdf).expect("load");
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), doc);
    change(&mut inc);
    let mut out = Vec::new();
    inc.save_to(&mut out).expect("save");
    out
}

fn first_page(inc: &IncrementalDocument) -> lopdf::ObjectId {
    *inc.get_prev_documents()
        .get_pages()
        .values()
        .next()
        .expect("a page")
}

/// The form (/AcroForm) of the signed revision.
fn signed_form(inc: &IncrementalDocument) -> lopdf::ObjectId {
    let prev = inc.get_prev_documents();
    let catalog = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .expect("root");
    prev.get_dictionary(catalog)
        .and_then(|c| c.get(b"AcroForm"))
        .and_then(Object::as_reference)
        .expect("the form of the first signature")
}

/// The first page's content replaced by a stream that prints «ANNULLATO».
fn new_page_content(inc: &mut IncrementalDocument) {
    let page = first_page(inc);
    let text = b"BT /F1 40 Tf 100 400 Td (ANNULLATO) Tj ET".to_vec();
    let stream = inc
        .new_document
        .add_object(Stream::new(Dictionary::new(), text));
    inc.opt_clone_object_to_new_document(page).expect("page");
    if let Ok(Object::Dictionary(d)) = inc.new_document.get_object_mut(page) {
        d.set("Contents", Object::Reference(stream));
    }
}

/// Our verdict: not valid, with a problem that says the document changed after signing.
fn refused(pdf: &[u8], pki: &TestPki) -> String {
    let report = verify(pdf, &pki.anchors(), Timestamp::now()).expect("verify");
    assert!(!report.is_valid(), "{report:#?}");
    report.signatures[0].problems.join(" ")
}

#[test]
fn new_content_on_a_page_after_the_signature_is_refused() {
    let (pki, bytes) = signed();
    let attacked = update(&bytes, new_page_content);
    let why = refused(&attacked, &pki);
    assert!(why.contains("modificato"), "{why}");
    let path = write(pki.dir.path(), "contenuto.pdf", &attacked);
    let py = pyhanko_validate(&path, &pki.ca_pem);
    assert!(!py.contains("The signature is judged VALID"), "{py}");
}

#[test]
fn an_array_of_the_page_reordered_after_the_signature_is_refused() {
    // A page whose content is an array kept as an object of its own: signed, then the array
    // is reordered (the same entries, so a comparison as sets sees nothing).
    let now = Timestamp::now();
    let pki = TestPki::new(now);
    let prepared = update(&fixture(), |inc| {
        let page = first_page(inc);
        let original = inc
            .get_prev_documents()
            .get_dictionary(page)
            .and_then(|p| p.get(b"Contents"))
            .cloned()
            .expect("contents");
        let extra = inc
            .new_document
            .add_object(Stream::new(Dictionary::new(), b"q Q".to_vec()));
        let array = inc
            .new_document
            .add_object(vec![original, Object::Reference(extra)]);
        inc.opt_clone_object_to_new_document(page).expect("page");
        if let Ok(Object::Dictionary(d)) = inc.new_document.get_object_mut(page) {
            d.set("Contents", Object::Reference(array));
        }
    });
    let signer = pki.signer("Mario", "Rossi", "RSSMRA80A01H501U", KeyKind::EcP256);
    let options = PadesOptions {
        field_name: "Firma1".to_string(),
        signing_time: now,
        reason: None,
        location: None,
    };
    let bytes = pades_sign(&prepared, &signer, &options).expect("sign");
    assert!(
        verify(&bytes, &pki.anchors(), now)
            .expect("verify")
            .is_valid()
    );
    let attacked = update(&bytes, |inc| {
        let page = first_page(inc);
        let array = inc
            .get_prev_documents()
            .get_dictionary(page)
            .and_then(|p| p.get(b"Contents"))
            .and_then(Object::as_reference)
            .expect("the array");
        inc.opt_clone_object_to_new_document(array).expect("array");
        if let Ok(Object::Array(a)) = inc.new_document.get_object_mut(array) {
            a.reverse();
        }
    });
    let why = refused(&attacked, &pki);
    assert!(why.contains("modificato"), "{why}");
}

#[test]
fn an_update_without_its_end_of_file_is_refused() {
    // A reader that needs %%EOF skips such an update; a viewer that does not, shows it.
    let (pki, bytes) = signed();
    let mut attacked = update(&bytes, new_page_content);
    let eof = attacked
        .windows(5)
        .rposition(|w| w == b"%%EOF")
        .expect("%%EOF");
    attacked.truncate(eof);
    let why = refused(&attacked, &pki);
    assert!(why.contains("%%EOF") || why.contains("modificato"), "{why}");
}

#[test]
fn an_object_disguised_as_a_signature_field_is_refused() {
    // The old check accepted any changed dictionary whose new version said /FT /Sig: here
    // a font is replaced by one that claims to be a field and maps its glyphs anew.
    let (pki, bytes) = signed();
    let attacked = update(&bytes, |inc| {
        let prev = inc.get_prev_documents();
        let font = prev
            .objects
            .iter()
            .find(|(_, o)| {
                o.as_dict().is_ok_and(|d| {
                    d.get(b"Type")
                        .and_then(Object::as_name)
                        .is_ok_and(|t| t == b"Font")
                })
            })
            .map(|(id, _)| *id)
            .expect("a font");
        inc.opt_clone_object_to_new_document(font).expect("font");
        if let Ok(Object::Dictionary(d)) = inc.new_document.get_object_mut(font) {
            d.set("FT", Object::Name(b"Sig".to_vec()));
            d.remove(b"ToUnicode");
        }
    });
    let why = refused(&attacked, &pki);
    assert!(why.contains("modificato"), "{why}");
    let path = write(pki.dir.path(), "font.pdf", &attacked);
    let py = pyhanko_validate(&path, &pki.ca_pem);
    assert!(!py.contains("The signature is judged VALID"), "{py}");
}

#[test]
fn a_later_signature_field_that_paints_over_the_page_is_refused() {
    // A new "signature" whose widget carries an appearance over the text: the page would show
    // something the signer never signed.
    let (pki, bytes) = signed();
    let attacked = update(&bytes, |inc| {
        let page = first_page(inc);
        let form = signed_form(inc);
        let ap = inc.new_document.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 400.into(), 60.into()],
            },
            b"0 0 0 rg 0 0 400 60 re f".to_vec(),
        ));
        let widget = inc.new_document.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "FT" => "Sig",
            "T" => Object::string_literal("Firma2"),
            "Rect" => vec![100.into(), 600.into(), 500.into(), 660.into()],
            "F" => 4, "P" => Object::Reference(page),
            "AP" => dictionary! { "N" => Object::Reference(ap) },
        });
        inc.opt_clone_object_to_new_document(page).expect("page");
        if let Ok(Object::Dictionary(d)) = inc.new_document.get_object_mut(page) {
            let mut annots = d
                .get(b"Annots")
                .and_then(Object::as_array)
                .cloned()
                .unwrap_or_default();
            annots.push(Object::Reference(widget));
            d.set("Annots", annots);
        }
        inc.opt_clone_object_to_new_document(form).expect("form");
        if let Ok(Object::Dictionary(d)) = inc.new_document.get_object_mut(form) {
            let mut fields = d
                .get(b"Fields")
                .and_then(Object::as_array)
                .cloned()
                .unwrap_or_default();
            fields.push(Object::Reference(widget));
            d.set("Fields", fields);
        }
    });
    let why = refused(&attacked, &pki);
    assert!(why.contains("modificato"), "{why}");
}

#[test]
fn universal_signature_forgery_is_refused() {
    // /ByteRange emptied or zeroed, /Contents emptied: the classic USF variants.
    let (pki, bytes) = signed();
    let find = |needle: &[u8], from: usize| {
        bytes[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| i + from)
    };
    let at = find(b"/ByteRange", 0).expect("byte range");
    let end = find(b"]", at).expect("]") + 1;
    for forged_range in ["/ByteRange []", "/ByteRange [0 0 0 0]"] {
        let mut forged = bytes.clone();
        let padded = format!("{forged_range:<width$}", width = end - at);
        forged[at..end].copy_from_slice(padded.as_bytes());
        let report = verify(&forged, &pki.anchors(), Timestamp::now());
        assert!(
            report.is_err() || report.as_ref().is_ok_and(|r| !r.is_valid()),
            "{forged_range}: {report:?}"
        );
    }
    let contents = find(b"/Contents<", 0).expect("contents") + "/Contents<".len();
    let close = find(b">", contents).expect(">");
    let mut forged = bytes.clone();
    for b in &mut forged[contents..close] {
        *b = b'0';
    }
    let report = verify(&forged, &pki.anchors(), Timestamp::now()).expect("verify");
    assert!(!report.is_valid(), "{report:#?}");
    // Data slipped into the room after the envelope, outside what the signature covers.
    let mut hidden = bytes.clone();
    hidden[close - 10] = b'7';
    let report = verify(&hidden, &pki.anchors(), Timestamp::now()).expect("verify");
    assert!(!report.is_valid(), "{report:#?}");
}

#[test]
fn a_field_tree_that_leads_back_to_itself_neither_hangs_nor_crashes_the_verifier() {
    let (pki, bytes) = signed();
    let attacked = update(&bytes, |inc| {
        let form = signed_form(inc);
        let prev = inc.get_prev_documents();
        let field = prev
            .get_dictionary(form)
            .and_then(|f| f.get(b"Fields"))
            .and_then(Object::as_array)
            .ok()
            .and_then(|f| f.first())
            .and_then(|f| f.as_reference().ok())
            .expect("the signature field");
        inc.opt_clone_object_to_new_document(field).expect("field");
        if let Ok(Object::Dictionary(d)) = inc.new_document.get_object_mut(field) {
            d.set("Kids", vec![Object::Reference(field)]);
        }
    });
    let report = verify(&attacked, &pki.anchors(), Timestamp::now()).expect("verify");
    assert!(!report.is_valid(), "{report:#?}");
}

/// Whatever the bytes become (changed here and there, cut short), the verifier answers and
/// never panics: 200 damaged files from the signed fixture.
#[test]
fn a_damaged_signed_pdf_never_makes_the_verifier_panic() {
    use proptest::prelude::*;
    let (pki, bytes) = signed();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 200,
        ..ProptestConfig::default()
    });
    let damage = (
        proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>()), 0..12),
        proptest::option::of(any::<proptest::sample::Index>()),
    );
    runner
        .run(&damage, |(changes, cut)| {
            let mut damaged = bytes.clone();
            for (at, value) in changes {
                let i = at.index(damaged.len());
                damaged[i] = value;
            }
            if let Some(at) = cut {
                damaged.truncate(at.index(damaged.len()));
            }
            let _ = verify(&damaged, &pki.anchors(), Timestamp::now());
            Ok(())
        })
        .expect("the verifier never panics");
}
