//! A receipt of the PEC (DM 2 novembre 2005, art. 9-13 and allegato): a message the provider
//! signs (S/MIME, multipart/signed) whose daticert.xml says what happened to which message,
//! and when. [`read`] accepts a receipt only when the provider's signature is intact and chains
//! to a trusted certificate; everything it returns comes from the signed part.

use jiff::Timestamp;
use mail_parser::{MessageParser, MimeHeaders};

use crate::PecError;

/// What a receipt says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TipoRicevuta {
    /// The sender's provider took the message (ricevuta di accettazione).
    Accettazione,
    /// The sender's provider refused it (avviso di non accettazione).
    NonAccettazione,
    /// The recipient's provider received it (ricevuta di presa in carico).
    PresaInCarico,
    /// It reached the recipient's mailbox (ricevuta di avvenuta consegna).
    AvvenutaConsegna,
    /// It could not be delivered (avviso di mancata consegna).
    ErroreConsegna,
    /// Not delivered within 12 hours (avviso di mancata consegna per superamento dei tempi).
    PreavvisoErroreConsegna,
}

impl TipoRicevuta {
    /// As daticert.xml and the X-Ricevuta header name it.
    pub fn slug(self) -> &'static str {
        match self {
            TipoRicevuta::Accettazione => "accettazione",
            TipoRicevuta::NonAccettazione => "non-accettazione",
            TipoRicevuta::PresaInCarico => "presa-in-carico",
            TipoRicevuta::AvvenutaConsegna => "avvenuta-consegna",
            TipoRicevuta::ErroreConsegna => "errore-consegna",
            TipoRicevuta::PreavvisoErroreConsegna => "preavviso-errore-consegna",
        }
    }

    /// As a clerk reads it.
    pub fn label(self) -> &'static str {
        match self {
            TipoRicevuta::Accettazione => "ricevuta di accettazione",
            TipoRicevuta::NonAccettazione => "avviso di non accettazione",
            TipoRicevuta::PresaInCarico => "ricevuta di presa in carico",
            TipoRicevuta::AvvenutaConsegna => "ricevuta di avvenuta consegna",
            TipoRicevuta::ErroreConsegna => "avviso di mancata consegna",
            TipoRicevuta::PreavvisoErroreConsegna => "preavviso di mancata consegna",
        }
    }

    /// From its slug.
    pub fn from_slug(slug: &str) -> Option<TipoRicevuta> {
        [
            TipoRicevuta::Accettazione,
            TipoRicevuta::NonAccettazione,
            TipoRicevuta::PresaInCarico,
            TipoRicevuta::AvvenutaConsegna,
            TipoRicevuta::ErroreConsegna,
            TipoRicevuta::PreavvisoErroreConsegna,
        ]
        .into_iter()
        .find(|t| t.slug() == slug)
    }
}

/// A receipt, read from its signed part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ricevuta {
    /// What happened.
    pub tipo: TipoRicevuta,
    /// The Message-ID of the message it is about.
    pub riferimento: String,
    /// When, as the provider certifies it.
    pub data: Timestamp,
    /// The mailbox it was delivered to (avvenuta or mancata consegna).
    pub consegna: Option<String>,
    /// The provider that issued it.
    pub gestore: String,
    /// Who signed it (the subject of the provider's certificate).
    pub firmatario: String,
    /// The provider's error code, when not «nessuno».
    pub errore: Option<String>,
}

/// Reads and checks a receipt (`raw`: the message as the mailbox holds it) at the time `at`,
/// against the trusted certificates `anchors` (DER).
pub fn read(raw: &[u8], anchors: &[Vec<u8>], at: Timestamp) -> Result<Ricevuta, PecError> {
    let raw = crlf(raw);
    let message = MessageParser::default()
        .parse(&raw)
        .ok_or_else(|| bad("il messaggio non è leggibile"))?;
    let ct = message
        .content_type()
        .ok_or_else(|| bad("manca il Content-Type"))?;
    let signed = ct.ctype().eq_ignore_ascii_case("multipart")
        && ct
            .subtype()
            .is_some_and(|s| s.eq_ignore_ascii_case("signed"));
    if !signed {
        return Err(bad(
            "non è firmata dal gestore (attesa una busta S/MIME multipart/signed)",
        ));
    }
    let boundary = ct
        .attribute("boundary")
        .ok_or_else(|| bad("busta S/MIME senza boundary"))?;
    let (content, signature_part) = split_signed(&raw, boundary)?;
    let signature = MessageParser::default()
        .parse(signature_part)
        .and_then(|m| m.part(0).map(|p| p.contents().to_vec()))
        .filter(|b| !b.is_empty())
        .ok_or_else(|| bad("la firma del gestore (smime.p7s) non è leggibile"))?;
    let report = atti_sign::verify_detached(&signature, content, anchors, at)
        .map_err(|e| bad(&format!("la firma del gestore non è valida ({e})")))?;
    if !report.is_valid() {
        let problems: Vec<String> = report
            .signatures
            .iter()
            .flat_map(|s| s.problems.iter().cloned())
            .collect();
        return Err(bad(&format!(
            "la firma del gestore non è valida: {}",
            problems.join(" ")
        )));
    }
    let firmatario = report
        .signatures
        .first()
        .map(|s| s.signer.common_name.clone())
        .unwrap_or_default();
    let inner = MessageParser::default()
        .parse(content)
        .ok_or_else(|| bad("il contenuto firmato non è leggibile"))?;
    let daticert = inner
        .attachments()
        .find(|a| {
            a.attachment_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("daticert.xml"))
        })
        .map(|a| a.contents().to_vec())
        .ok_or_else(|| bad("manca daticert.xml nel contenuto firmato"))?;
    let mut ricevuta = daticert_of(&daticert)?;
    ricevuta.firmatario = firmatario;
    Ok(ricevuta)
}

fn bad(what: &str) -> PecError {
    PecError::Ricevuta(what.to_string())
}

/// The text with every line ending as CRLF (S/MIME signs the canonical form).
fn crlf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 40);
    for (i, b) in raw.iter().enumerate() {
        if *b == b'\n' && (i == 0 || raw[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(*b);
    }
    out
}

/// The signed part and the signature part of a multipart/signed body (RFC 1847): the bytes
/// between the first delimiter line and the CRLF before the next one.
fn split_signed<'a>(raw: &'a [u8], boundary: &str) -> Result<(&'a [u8], &'a [u8]), PecError> {
    let delimiter = format!("\r\n--{boundary}");
    let delimiter = delimiter.as_bytes();
    let find = |from: usize| {
        raw[from..]
            .windows(delimiter.len())
            .position(|w| w == delimiter)
            .map(|p| p + from)
    };
    let after_line = |at: usize| {
        raw[at..]
            .windows(2)
            .position(|w| w == b"\r\n")
            .map(|p| at + p + 2)
    };
    let missing = || bad("busta S/MIME incompleta");
    let first = find(0).ok_or_else(missing)?;
    let start = after_line(first + delimiter.len()).ok_or_else(missing)?;
    let second = find(start).ok_or_else(missing)?;
    let sig_start = after_line(second + delimiter.len()).ok_or_else(missing)?;
    let third = find(sig_start).ok_or_else(missing)?;
    Ok((&raw[start..second], &raw[sig_start..third]))
}

/// What daticert.xml says.
fn daticert_of(xml: &[u8]) -> Result<Ricevuta, PecError> {
    let text = std::str::from_utf8(xml).map_err(|_| bad("daticert.xml non è UTF-8"))?;
    let doc = roxmltree::Document::parse(text)
        .map_err(|e| bad(&format!("daticert.xml illeggibile ({e})")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "postacert" {
        return Err(bad("daticert.xml senza <postacert>"));
    }
    let tipo_slug = root.attribute("tipo").unwrap_or_default();
    let tipo = TipoRicevuta::from_slug(tipo_slug)
        .ok_or_else(|| bad(&format!("tipo di ricevuta sconosciuto ({tipo_slug:?})")))?;
    let errore = root
        .attribute("errore")
        .filter(|e| *e != "nessuno")
        .map(str::to_string);
    let find = |name: &str| {
        root.descendants()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .map(|t| t.trim().to_string())
    };
    let riferimento = find("msgid").ok_or_else(|| bad("daticert.xml senza msgid"))?;
    let data = root
        .descendants()
        .find(|n| n.has_tag_name("data"))
        .ok_or_else(|| bad("daticert.xml senza data"))?;
    let zona = data.attribute("zona").unwrap_or("+0000");
    let child = |name: &str| {
        data.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .map(str::trim)
            .unwrap_or_default()
    };
    let when = format!("{} {} {zona}", child("giorno"), child("ora"));
    let data = jiff::fmt::strtime::parse("%d/%m/%Y %H:%M:%S %z", &when)
        .and_then(|t| t.to_timestamp())
        .map_err(|_| bad(&format!("data della ricevuta non valida ({when:?})")))?;
    Ok(Ricevuta {
        tipo,
        riferimento,
        data,
        consegna: find("consegna"),
        gestore: find("gestore-emittente").unwrap_or_default(),
        firmatario: String::new(),
        errore,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daticert_gives_type_reference_and_time() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="avvenuta-consegna" errore="nessuno"><intestazione><mittente>a@b.it</mittente>
<destinatari tipo="certificato">c@d.it</destinatari><oggetto>x</oggetto></intestazione>
<dati><gestore-emittente>G</gestore-emittente><data zona="+0100"><giorno>01/03/2028</giorno>
<ora>23:30:00</ora></data><identificativo>i</identificativo><msgid>&lt;m@x&gt;</msgid>
<consegna>c@d.it</consegna></dati></postacert>"#;
        let r = daticert_of(xml).expect("daticert");
        assert_eq!(r.tipo, TipoRicevuta::AvvenutaConsegna);
        assert_eq!(r.riferimento, "<m@x>");
        assert_eq!(r.consegna.as_deref(), Some("c@d.it"));
        assert_eq!(r.data.to_string(), "2028-03-01T22:30:00Z");
    }

    #[test]
    fn refuses_what_is_not_a_receipt() {
        for xml in [&b"<x/>"[..], b"<postacert tipo=\"boh\"/>", b"\xff\xfe", b"<postacert tipo=\"accettazione\"><dati><msgid>m</msgid><data><giorno>31/02/2026</giorno><ora>10:00:00</ora></data></dati></postacert>"] {
            assert!(daticert_of(xml).is_err());
        }
        let unsigned = b"From: a@b.it\r\nContent-Type: text/plain\r\n\r\nciao\r\n";
        let err = read(unsigned, &[], Timestamp::UNIX_EPOCH).expect_err("unsigned");
        assert!(err.to_string().contains("non è firmata"), "{err}");
    }

    #[test]
    fn split_takes_the_bytes_between_delimiters() {
        let raw = b"Content-Type: multipart/signed; boundary=\"b\"\r\n\r\nThis is S/MIME\r\n--b\r\nA: 1\r\n\r\nbody\r\n--b\r\nB: 2\r\n\r\nsig\r\n--b--\r\n";
        let (content, sig) = split_signed(raw, "b").expect("split");
        assert_eq!(content, b"A: 1\r\n\r\nbody");
        assert_eq!(sig, b"B: 2\r\n\r\nsig");
    }
}
