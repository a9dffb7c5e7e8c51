//! PAdES signing: an incremental update appended to the PDF, written by hand; `lopdf` only reads
//! the existing document.
//!
//! **Invariant:** the bytes of the original are never changed: the update only appends (new
//! objects, rewritten catalog/page/AcroForm objects under their old numbers, a classic xref section
//! with /Prev, a trailer that keeps /Root, /Info and /ID). That is what keeps a previous signature
//! valid and the file PDF/A-2: the widget has /F 4 (print) and an /AP /N stream even when invisible,
//! the AcroForm has /SigFlags 3 and no /NeedAppearances, and nothing adds JavaScript or actions.

use std::collections::BTreeMap;

use jiff::Timestamp;
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

use crate::{SignError, Signer, cms_build};

/// What goes in a PAdES signature besides the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PadesOptions {
    /// Name of the signature field (/T), unique in the document, e.g. "Firma sindaco".
    pub field_name: String,
    /// The signing time, written in /M (PAdES B-B has no signing-time attribute).
    pub signing_time: Timestamp,
    /// /Reason, e.g. "Approvazione".
    pub reason: Option<String>,
    /// /Location, e.g. the Comune.
    pub location: Option<String>,
}

pub(crate) fn malformed(detail: impl std::fmt::Display) -> SignError {
    SignError::Malformed(format!("File PDF non valido: {detail}."))
}

pub(crate) fn load(pdf: &[u8]) -> Result<Document, SignError> {
    Document::load_mem(pdf).map_err(malformed)
}

/// A PDF text string: literal when plain ASCII, else UTF-16BE with BOM, hex.
fn text_string(s: &str) -> Vec<u8> {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        let mut out = vec![b'('];
        for b in s.bytes() {
            if matches!(b, b'(' | b')' | b'\\') {
                out.push(b'\\');
            }
            out.push(b);
        }
        out.push(b')');
        out
    } else {
        let mut hex = String::from("<FEFF");
        for unit in s.encode_utf16() {
            hex.push_str(&format!("{unit:04X}"));
        }
        hex.push('>');
        hex.into_bytes()
    }
}

fn write_name(name: &[u8], out: &mut Vec<u8>) {
    out.push(b'/');
    for &b in name {
        let regular = (0x21..=0x7e).contains(&b) && !b"()<>[]{}/%#".contains(&b);
        if regular {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

/// Serialises a direct object the way a PDF writer would. Streams are refused: we only rewrite
/// dictionaries and arrays (catalog, page, AcroForm, Annots/Fields arrays).
pub(crate) fn write_object(obj: &Object, out: &mut Vec<u8>) -> Result<(), SignError> {
    match obj {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        // Shortest representation that reads back as the same f32 (lopdf keeps reals as f32).
        Object::Real(r) => out.extend_from_slice(format!("{r}").as_bytes()),
        Object::Name(n) => write_name(n, out),
        Object::String(s, StringFormat::Literal) => {
            out.push(b'(');
            for &b in s {
                match b {
                    b'(' | b')' | b'\\' => {
                        out.push(b'\\');
                        out.push(b);
                    }
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            out.extend_from_slice(hex::encode_upper(s).as_bytes());
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(item, out)?;
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dict(d, out)?,
        Object::Reference((n, g)) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
        Object::Stream(_) => {
            return Err(malformed("un oggetto da aggiornare è uno stream"));
        }
    }
    Ok(())
}

fn write_dict(d: &Dictionary, out: &mut Vec<u8>) -> Result<(), SignError> {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        write_name(k, out);
        out.push(b' ');
        write_object(v, out)?;
    }
    out.extend_from_slice(b">>");
    Ok(())
}

/// `D:20260312101500+00'00'` (UTC).
pub(crate) fn pdf_date(t: Timestamp) -> String {
    t.to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("D:%Y%m%d%H%M%S+00'00'")
        .to_string()
}

/// Offset of the last `startxref` of a file.
fn last_startxref(pdf: &[u8]) -> Result<usize, SignError> {
    let at = rfind(pdf, b"startxref").ok_or_else(|| malformed("manca startxref"))?;
    let rest = &pdf[at + 9..];
    let digits: String = rest
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    digits
        .parse()
        .map_err(|_| malformed("startxref illeggibile"))
}

pub(crate) fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

pub(crate) fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Resolves a direct or indirect array.
fn array_of(doc: &Document, obj: Option<&Object>) -> Result<Vec<Object>, SignError> {
    match obj {
        None => Ok(Vec::new()),
        Some(o) => match doc.dereference(o).map_err(malformed)?.1 {
            Object::Array(a) => Ok(a.clone()),
            Object::Null => Ok(Vec::new()),
            _ => Err(malformed("atteso un array")),
        },
    }
}

/// Every field name (/T) in a field tree, fully qualified.
fn field_names(doc: &Document, fields: &[Object], prefix: &str, out: &mut Vec<String>) {
    field_names_at(doc, fields, prefix, out, 0);
}

fn field_names_at(
    doc: &Document,
    fields: &[Object],
    prefix: &str,
    out: &mut Vec<String>,
    depth: usize,
) {
    if depth > crate::verify::MAX_FIELD_DEPTH {
        return;
    }
    for f in fields {
        let Ok((_, Object::Dictionary(d))) = doc.dereference(f) else {
            continue;
        };
        let name = match d.get(b"T") {
            Ok(Object::String(s, _)) => String::from_utf8_lossy(s).into_owned(),
            _ => String::new(),
        };
        let full = match (prefix.is_empty(), name.is_empty()) {
            (true, _) => name,
            (false, true) => prefix.to_string(),
            (false, false) => format!("{prefix}.{name}"),
        };
        out.push(full.clone());
        if let Ok(kids) = array_of(doc, d.get(b"Kids").ok()) {
            field_names_at(doc, &kids, &full, out, depth + 1);
        }
    }
}

/// Signs `pdf` with a PAdES baseline B-B signature in a new incremental update; returns the whole
/// new file. A PDF that already has signatures keeps them valid.
pub fn pades_sign(
    pdf: &[u8],
    signer: &dyn Signer,
    options: &PadesOptions,
) -> Result<Vec<u8>, SignError> {
    let doc = load(pdf)?;
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(SignError::Malformed(
            "File PDF non valido: è cifrato, e un originale PDF/A non può esserlo.".to_string(),
        ));
    }
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| malformed("manca il catalogo (/Root)"))?;
    let mut catalog = doc.get_dictionary(root_id).map_err(malformed)?.clone();
    let page_id = *doc
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| malformed("il documento non ha pagine"))?;
    let mut page = doc.get_dictionary(page_id).map_err(malformed)?.clone();

    let size = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .ok()
        .and_then(|s| u32::try_from(s).ok())
        .unwrap_or(0)
        .max(doc.max_id + 1);
    let mut next = size;
    let mut new_id = || {
        let id = next;
        next += 1;
        id
    };
    let sig_id = new_id();
    let widget_id = new_id();
    let ap_id = new_id();

    // The AcroForm: rewritten in place when indirect, else made indirect (catalog rewritten).
    let (acroform_id, mut acroform, catalog_changed) = match catalog.get(b"AcroForm") {
        Ok(Object::Reference(id)) => (
            *id,
            doc.get_dictionary(*id).map_err(malformed)?.clone(),
            false,
        ),
        Ok(Object::Dictionary(d)) => ((new_id(), 0), d.clone(), true),
        _ => ((new_id(), 0), Dictionary::new(), true),
    };
    let mut fields = array_of(&doc, acroform.get(b"Fields").ok())?;
    let mut names = Vec::new();
    field_names(&doc, &fields, "", &mut names);
    if names.iter().any(|n| n == &options.field_name) {
        return Err(SignError::FieldExists(options.field_name.clone()));
    }
    fields.push(Object::Reference((widget_id, 0)));
    acroform.set("Fields", Object::Array(fields));
    acroform.set("SigFlags", Object::Integer(3));
    acroform.remove(b"NeedAppearances");
    if catalog_changed {
        catalog.set("AcroForm", Object::Reference(acroform_id));
    }
    let mut annots = array_of(&doc, page.get(b"Annots").ok())?;
    annots.push(Object::Reference((widget_id, 0)));
    page.set("Annots", Object::Array(annots));

    // Reserve room for the CMS: signature, certificates and attributes, with margin.
    let certs_len: usize =
        signer.certificate().len() + signer.chain().iter().map(Vec::len).sum::<usize>();
    let reserve = 4096 + certs_len + 1024;

    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") && !out.ends_with(b"\r") {
        out.push(b'\n');
    }
    let mut offsets: BTreeMap<u32, (usize, u16)> = BTreeMap::new();

    // The signature dictionary, with placeholders for /ByteRange and /Contents.
    offsets.insert(sig_id, (out.len(), 0));
    out.extend_from_slice(format!("{sig_id} 0 obj\n").as_bytes());
    out.extend_from_slice(
        b"<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange",
    );
    let byte_range_at = out.len();
    let byte_range_placeholder = b"[0 0000000000 0000000000 0000000000]";
    out.extend_from_slice(byte_range_placeholder);
    out.extend_from_slice(b"/Contents");
    let contents_start = out.len();
    out.push(b'<');
    out.extend(std::iter::repeat_n(b'0', reserve * 2));
    out.push(b'>');
    let contents_end = out.len();
    out.extend_from_slice(format!("/M({})", pdf_date(options.signing_time)).as_bytes());
    if let Some(reason) = &options.reason {
        out.extend_from_slice(b"/Reason");
        out.extend_from_slice(&text_string(reason));
    }
    if let Some(location) = &options.location {
        out.extend_from_slice(b"/Location");
        out.extend_from_slice(&text_string(location));
    }
    out.extend_from_slice(b">>\nendobj\n");

    // The widget, merged with its field; invisible, but printable and with an appearance (PDF/A).
    offsets.insert(widget_id, (out.len(), 0));
    out.extend_from_slice(
        format!("{widget_id} 0 obj\n<</Type/Annot/Subtype/Widget/FT/Sig/T").as_bytes(),
    );
    out.extend_from_slice(&text_string(&options.field_name));
    out.extend_from_slice(
        format!(
            "/V {sig_id} 0 R/F 4/Rect[0 0 0 0]/P {} {} R/AP<</N {ap_id} 0 R>>>>\nendobj\n",
            page_id.0, page_id.1
        )
        .as_bytes(),
    );
    offsets.insert(ap_id, (out.len(), 0));
    out.extend_from_slice(
        format!(
            "{ap_id} 0 obj\n<</Type/XObject/Subtype/Form/BBox[0 0 0 0]/Resources<<>>/Length 0>>\nstream\n\nendstream\nendobj\n"
        )
        .as_bytes(),
    );

    let mut rewritten: Vec<(ObjectId, Dictionary)> = vec![(acroform_id, acroform), (page_id, page)];
    if catalog_changed {
        rewritten.push((root_id, catalog));
    }
    for (id, dict) in &rewritten {
        offsets.insert(id.0, (out.len(), id.1));
        out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        write_dict(dict, &mut out)?;
        out.extend_from_slice(b"\nendobj\n");
    }

    // Classic xref section for the objects of this update, then the trailer.
    let xref_at = out.len();
    out.extend_from_slice(b"xref\n");
    let ids: Vec<u32> = offsets.keys().copied().collect();
    let mut i = 0;
    while i < ids.len() {
        let mut j = i;
        while j + 1 < ids.len() && ids[j + 1] == ids[j] + 1 {
            j += 1;
        }
        out.extend_from_slice(format!("{} {}\n", ids[i], j - i + 1).as_bytes());
        for id in &ids[i..=j] {
            let (offset, generation) = offsets[id];
            out.extend_from_slice(format!("{offset:010} {generation:05} n\r\n").as_bytes());
        }
        i = j + 1;
    }
    let mut trailer = Dictionary::new();
    trailer.set("Size", Object::Integer(i64::from(next)));
    trailer.set("Root", Object::Reference(root_id));
    for key in [b"Info".as_slice(), b"ID".as_slice()] {
        if let Ok(v) = doc.trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    let prev = last_startxref(pdf)?;
    trailer.set(
        "Prev",
        Object::Integer(i64::try_from(prev).map_err(malformed)?),
    );
    out.extend_from_slice(b"trailer\n");
    write_dict(&trailer, &mut out)?;
    out.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());

    // Fill in /ByteRange, hash, sign, fill in /Contents.
    let tail = out.len() - contents_end;
    let mut byte_range = format!("[0 {contents_start} {contents_end} {tail}]").into_bytes();
    if byte_range.len() > byte_range_placeholder.len() {
        return Err(malformed("file troppo grande"));
    }
    byte_range.resize(byte_range_placeholder.len(), b' ');
    out[byte_range_at..byte_range_at + byte_range.len()].copy_from_slice(&byte_range);
    let mut hasher = Sha256::new();
    hasher.update(&out[..contents_start]);
    hasher.update(&out[contents_end..]);
    let digest = hasher.finalize();
    let cms = cms_build::detached(signer, &digest, None)?;
    if cms.len() > reserve {
        return Err(SignError::Crypto(format!(
            "firma più grande dello spazio riservato ({} > {reserve} byte)",
            cms.len()
        )));
    }
    let hex = hex::encode_upper(&cms);
    out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}
