//! Verification of PAdES PDFs and CAdES `.p7m` files, offline, against trust anchors passed in.

use cms::cert::CertificateChoices;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use const_oid::ObjectIdentifier;
use der::Encode;
use der::asn1::OctetString;
use jiff::Timestamp;
use lopdf::{Document, Object, ObjectId};
use openssl::hash::MessageDigest;
use openssl::stack::Stack;
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::verify::X509VerifyParam;
use openssl::x509::{X509, X509StoreContext};
use x509_cert::Certificate;
use x509_cert::ext::pkix::SubjectKeyIdentifier;

use crate::SignError;
use crate::cert::{CertInfo, info_of, italian_date_time, time_to_timestamp};
use crate::cms_build::{
    ID_CONTENT_TYPE, ID_MESSAGE_DIGEST, ID_SIGNING_CERTIFICATE_V2, ID_SIGNING_TIME,
    SigningCertificateV2, parse_signed_data,
};
use crate::pdf::{find_from, load};
use crate::revocation::{Embedded, Fetch, Status};
use crate::timestamp;

/// The kind of signed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Format {
    /// A PDF with one or more signatures in it.
    Pades,
    /// A CMS envelope (.p7m) with the content inside.
    Cades,
    /// A detached CMS signature over content kept apart (an S/MIME message's smime.p7s).
    Detached,
}

/// What verification found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    /// PDF or p7m.
    pub format: Format,
    /// Every signature, in file order (for a PDF, the order of the revisions).
    pub signatures: Vec<SignatureReport>,
    /// The enveloped content of a p7m.
    #[serde(skip)]
    pub content: Option<Vec<u8>>,
}

impl Report {
    /// True when there is at least one signature and every one is valid.
    pub fn is_valid(&self) -> bool {
        !self.signatures.is_empty() && self.signatures.iter().all(SignatureReport::is_valid)
    }
}

/// One signature.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SignatureReport {
    /// The signer's certificate.
    pub signer: CertInfo,
    /// The claimed signing time (/M of a PDF signature, signing-time of a CAdES one).
    pub signing_time: Option<Timestamp>,
    /// Message digest and signature value check out.
    pub intact: bool,
    /// The signature covers the whole file (for a PDF: nothing was appended after it).
    pub covers_whole_file: bool,
    /// For a PDF it does not cover whole: what follows it is only later signatures (with their
    /// validation data) and metadata, a legitimate later revision (a visto, a co-signer).
    pub only_signatures_after: bool,
    /// The certificate chains up to a trust anchor, valid at the time checked (the time-stamp's,
    /// else the verification's).
    pub trusted: bool,
    /// The time a trusted RFC 3161 time-stamp proves the signature existed at, if any.
    pub timestamp: Option<Timestamp>,
    /// The revocation of the signer's certificate was checked (OCSP or CRL) and found clear.
    pub revocation_checked: bool,
    /// For a PDF: the field name; for a p7m: "Firma 1", "Firma 2", ...
    pub field_name: String,
    /// /SubFilter of a PDF signature (ETSI.CAdES.detached, adbe.pkcs7.detached).
    pub sub_filter: Option<String>,
    /// What is wrong (Italian); empty = valid.
    pub problems: Vec<String>,
    /// What is worth knowing but not wrong (Italian), e.g. that later signatures followed.
    pub notes: Vec<String>,
}

impl SignatureReport {
    /// Intact, trusted and without problems.
    pub fn is_valid(&self) -> bool {
        self.intact && self.trusted && self.problems.is_empty()
    }
}

/// Verifies a signed PDF or p7m (DER, or base64/PEM as some tools write it) at the time `at`
/// (the caller's clock: now, for a clerk). `Err` only when the file is not a signed document
/// at all; every other failure is a problem in the report.
///
/// The time a signature declares (/M, signing-time) is the signer's claim: without a trusted
/// time-stamp, the certificate and its chain must be valid at `at`, and the report says so.
///
/// No network is used: the revocation of a certificate is checked only with the data in the
/// file, and said «non verificata» otherwise ([`verify_with`] lends a [`Fetch`]).
pub fn verify(
    bytes: &[u8],
    trust_anchors_der: &[Vec<u8>],
    at: Timestamp,
) -> Result<Report, SignError> {
    verify_with(bytes, trust_anchors_der, at, None)
}

/// [`verify`], fetching revocation data (OCSP, CRL) through `fetch` from the pointers of
/// certificates that chain to a trust anchor.
pub fn verify_with(
    bytes: &[u8],
    trust_anchors_der: &[Vec<u8>],
    at: Timestamp,
    fetch: Option<&dyn Fetch>,
) -> Result<Report, SignError> {
    let mut ctx = Context::new(trust_anchors_der, at, fetch)?;
    // A DER envelope first: a .pdf.p7m carries «%PDF-» within its first bytes as well.
    if bytes.first() != Some(&0x30)
        && find_from(&bytes[..bytes.len().min(1024)], b"%PDF-", 0).is_some()
    {
        return verify_pdf(bytes, &mut ctx);
    }
    let der = if bytes.first() == Some(&0x30) {
        bytes.to_vec()
    } else {
        decode_base64(bytes).ok_or(SignError::NotSigned)?
    };
    let sd = parse_signed_data(&der).map_err(|_| SignError::NotSigned)?;
    let content = match &sd.encap_content_info.econtent {
        Some(any) => Some(
            any.decode_as::<OctetString>()
                .map_err(|e| SignError::Malformed(format!("Contenuto del .p7m illeggibile: {e}.")))?
                .into_bytes()
                .into_vec(),
        ),
        None => None,
    };
    let mut signatures = Vec::new();
    for (i, si) in sd.signer_infos.0.iter().enumerate() {
        let mut r = check_signer_info(&sd, si, content.as_deref().unwrap_or_default(), None, &ctx);
        r.field_name = format!("Firma {}", i + 1);
        if content.is_none() {
            r.intact = false;
            r.problems.push(
                "Il file contiene solo la firma (.p7s staccata) senza il documento firmato."
                    .to_string(),
            );
        }
        signatures.push(r);
    }
    if signatures.is_empty() {
        return Err(SignError::NotSigned);
    }
    Ok(Report {
        format: Format::Cades,
        signatures,
        content,
    })
}

/// Verifies a detached CMS signature (DER) over `content`, as an S/MIME message carries it
/// (multipart/signed: the first part signed, the second its `smime.p7s`), at the time `at`,
/// against `trust_anchors_der`. `Err` only when `signature_der` is not a CMS signature.
pub fn verify_detached(
    signature_der: &[u8],
    content: &[u8],
    trust_anchors_der: &[Vec<u8>],
    at: Timestamp,
) -> Result<Report, SignError> {
    let ctx = Context::new(trust_anchors_der, at, None)?;
    let sd = parse_signed_data(signature_der).map_err(|_| SignError::NotSigned)?;
    let mut signatures = Vec::new();
    for (i, si) in sd.signer_infos.0.iter().enumerate() {
        let mut r = check_signer_info(&sd, si, content, None, &ctx);
        r.field_name = format!("Firma {}", i + 1);
        signatures.push(r);
    }
    if signatures.is_empty() {
        return Err(SignError::NotSigned);
    }
    Ok(Report {
        format: Format::Detached,
        signatures,
        content: None,
    })
}

/// What every signature of a file is checked with.
pub(crate) struct Context<'a> {
    anchors: Vec<X509>,
    /// The verification time (the caller's clock).
    at: Timestamp,
    fetch: Option<&'a dyn Fetch>,
    /// Revocation data of the file as a whole (a PDF's DSS).
    embedded: Embedded,
}

impl<'a> Context<'a> {
    /// The trust anchors (DER) read, at the caller's time, with no revocation data yet.
    fn new(
        trust_anchors_der: &[Vec<u8>],
        at: Timestamp,
        fetch: Option<&'a dyn Fetch>,
    ) -> Result<Context<'a>, SignError> {
        let anchors = trust_anchors_der
            .iter()
            .map(|d| X509::from_der(d))
            .collect::<Result<_, _>>()
            .map_err(|e| {
                SignError::BadCertificate(format!("certificato di fiducia illeggibile ({e})"))
            })?;
        Ok(Context {
            anchors,
            at,
            fetch,
            embedded: Embedded::default(),
        })
    }
}

fn decode_base64(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    if body.is_empty() {
        return None;
    }
    let der = openssl::base64::decode_block(&body).ok()?;
    (der.first() == Some(&0x30)).then_some(der)
}

/// SHA-1, whose collisions are practical: no longer accepted for digital signatures (the
/// Italian rules ask for SHA-256 or stronger, Deliberazione CNIPA 45/2009 as amended).
const SHA1: &str = "1.3.14.3.2.26";

pub(crate) fn digest_of(oid: ObjectIdentifier) -> Option<MessageDigest> {
    match oid.to_string().as_str() {
        "2.16.840.1.101.3.4.2.1" => Some(MessageDigest::sha256()),
        "2.16.840.1.101.3.4.2.2" => Some(MessageDigest::sha384()),
        "2.16.840.1.101.3.4.2.3" => Some(MessageDigest::sha512()),
        _ => None,
    }
}

pub(crate) fn find_signer_cert<'a>(
    sd: &'a SignedData,
    sid: &SignerIdentifier,
) -> Option<&'a Certificate> {
    sd.certificates.as_ref()?.0.iter().find_map(|c| {
        let CertificateChoices::Certificate(cert) = c else {
            return None;
        };
        let tbs = cert.tbs_certificate();
        let hit = match sid {
            SignerIdentifier::IssuerAndSerialNumber(isn) => {
                tbs.issuer() == &isn.issuer && tbs.serial_number() == &isn.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => matches!(
                tbs.get_extension::<SubjectKeyIdentifier>(),
                Ok(Some((_, own))) if &own == ski
            ),
        };
        hit.then_some(cert)
    })
}

fn empty_info() -> CertInfo {
    CertInfo {
        common_name: "(sconosciuto)".to_string(),
        given_name: None,
        surname: None,
        codice_fiscale: None,
        issuer: String::new(),
        serial: String::new(),
        not_before: Timestamp::UNIX_EPOCH,
        not_after: Timestamp::UNIX_EPOCH,
        non_repudiation: false,
    }
}

/// The certificates carried by a SignedData, DER.
pub(crate) fn certificates_of(sd: &SignedData) -> Vec<Vec<u8>> {
    sd.certificates
        .iter()
        .flat_map(|s| s.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => c.to_der().ok(),
            CertificateChoices::Other(_) => None,
        })
        .collect()
}

/// The CRLs carried by a SignedData (its `crls` field), DER.
fn crls_of(sd: &SignedData) -> Vec<Vec<u8>> {
    sd.crls
        .iter()
        .flat_map(|s| s.0.iter())
        .filter_map(|c| match c {
            cms::revocation::RevocationInfoChoice::Crl(crl) => crl.to_der().ok(),
            cms::revocation::RevocationInfoChoice::Other(_) => None,
        })
        .collect()
}

/// Checks one SignerInfo over `content`. `claimed_time` is the PDF's /M (a signing-time attribute
/// wins when present).
fn check_signer_info(
    sd: &SignedData,
    si: &SignerInfo,
    content: &[u8],
    claimed_time: Option<Timestamp>,
    ctx: &Context,
) -> SignatureReport {
    let (anchors, at) = (&ctx.anchors[..], ctx.at);
    let mut problems = Vec::new();
    let mut report = SignatureReport {
        signer: empty_info(),
        signing_time: claimed_time,
        intact: false,
        covers_whole_file: true,
        only_signatures_after: false,
        trusted: false,
        timestamp: None,
        revocation_checked: false,
        field_name: String::new(),
        sub_filter: None,
        problems: Vec::new(),
        notes: Vec::new(),
    };
    let Some(cert) = find_signer_cert(sd, &si.sid) else {
        report
            .problems
            .push("Il certificato del firmatario non è incluso nella firma.".to_string());
        return report;
    };
    report.signer = info_of(cert);
    let Some(md) = digest_of(si.digest_alg.oid) else {
        report.problems.push(if si.digest_alg.oid.to_string() == SHA1 {
            "Impronta calcolata con SHA-1, non più ammessa per la firma digitale (servono SHA-256 o superiori).".to_string()
        } else {
            format!(
                "Algoritmo di impronta non supportato ({}).",
                si.digest_alg.oid
            )
        });
        return report;
    };
    let digest = match openssl::hash::hash(md, content) {
        Ok(d) => d.to_vec(),
        Err(e) => {
            report
                .problems
                .push(format!("Errore nel calcolo dell'impronta: {e}."));
            return report;
        }
    };
    let cert_der = cert.to_der().unwrap_or_default();

    // What the signature value covers: the signed attributes (as a SET OF), or the content itself.
    let signed_message = match &si.signed_attrs {
        Some(attrs) => {
            let attr = |oid: ObjectIdentifier| attrs.iter().find(|a| a.oid == oid);
            match attr(ID_MESSAGE_DIGEST)
                .and_then(|a| a.values.iter().next())
                .and_then(|v| v.decode_as::<OctetString>().ok())
            {
                Some(md_attr) if md_attr.as_bytes() == digest.as_slice() => {}
                Some(_) => problems.push(
                    "Il contenuto firmato è stato alterato: l'impronta non corrisponde a quella firmata."
                        .to_string(),
                ),
                None => problems.push("Manca l'attributo firmato message-digest.".to_string()),
            }
            if attr(ID_CONTENT_TYPE).is_none() {
                problems.push("Manca l'attributo firmato content-type.".to_string());
            }
            if let Some(t) = attr(ID_SIGNING_TIME)
                .and_then(|a| a.values.iter().next())
                .and_then(|v| v.decode_as::<x509_cert::time::Time>().ok())
            {
                report.signing_time = Some(time_to_timestamp(&t));
            }
            if let Some(ess) = attr(ID_SIGNING_CERTIFICATE_V2)
                .and_then(|a| a.values.iter().next())
                .and_then(|v| v.decode_as::<SigningCertificateV2>().ok())
            {
                let ok = ess.certs.first().is_some_and(|id| {
                    let md = id
                        .hash_algorithm
                        .as_ref()
                        .map_or(Some(MessageDigest::sha256()), |a| digest_of(a.oid));
                    md.and_then(|md| openssl::hash::hash(md, &cert_der).ok())
                        .is_some_and(|h| h.as_ref() == id.cert_hash.as_bytes())
                });
                if !ok {
                    problems.push(
                        "L'attributo signing-certificate-v2 non corrisponde al certificato del firmatario."
                            .to_string(),
                    );
                }
            }
            attrs.to_der().unwrap_or_default()
        }
        None => content.to_vec(),
    };
    let intact_value = X509::from_der(&cert_der)
        .and_then(|x| x.public_key())
        .and_then(|key| {
            let mut v = openssl::sign::Verifier::new(md, &key)?;
            v.update(&signed_message)?;
            v.verify(si.signature.as_bytes())
        })
        .unwrap_or(false);
    if !intact_value {
        problems.push(
            "Il valore di firma non è valido: il documento o la firma sono stati alterati."
                .to_string(),
        );
    }
    report.intact = intact_value && problems.is_empty();

    // The time the certificate is checked at: a trusted time-stamp's, else the verification's
    // (the declared time is only the signer's claim).
    let stamp = match timestamp::signature_time(si, anchors) {
        Ok(stamp) => stamp,
        Err(problem) => {
            problems.push(problem);
            None
        }
    };
    let when = stamp.as_ref().map_or(at, |s| s.at);
    report.timestamp = stamp.as_ref().map(|s| s.at);
    let info = &report.signer;
    if when < info.not_before {
        problems.push(format!(
            "Il certificato del firmatario non era ancora valido il {} (lo è dal {}).",
            italian_date_time(when),
            italian_date_time(info.not_before)
        ));
    } else if when > info.not_after {
        problems.push(match &stamp {
            Some(_) => format!(
                "Il certificato del firmatario era già scaduto ({}) all'ora della marca temporale.",
                italian_date_time(info.not_after)
            ),
            None => format!(
                "Il certificato del firmatario è scaduto il {}: senza marca temporale la firma non è più verificabile.",
                italian_date_time(info.not_after)
            ),
        });
    }
    match (report.signing_time, &stamp) {
        (Some(t), _) if t < info.not_before || t > info.not_after => problems.push(format!(
            "L'ora dichiarata della firma ({}) cade fuori dalla validità del certificato.",
            italian_date_time(t)
        )),
        (Some(t), Some(s)) if t.as_second() > s.at.as_second() + crate::revocation::SKEW_SECONDS => problems.push(format!(
            "L'ora dichiarata della firma ({}) è successiva alla sua marca temporale ({}).",
            italian_date_time(t),
            italian_date_time(s.at)
        )),
        (_, Some(s)) => report.notes.push(format!(
            "Marca temporale di «{}»: la firma esisteva il {}; il certificato è verificato a quell'ora.",
            s.tsa,
            italian_date_time(s.at)
        )),
        (Some(t), None) => report.notes.push(format!(
            "L'ora della firma ({}) è dichiarata dal firmatario, senza marca temporale: il certificato è verificato alla data della verifica ({}).",
            italian_date_time(t),
            italian_date_time(at)
        )),
        (None, None) => report.notes.push(format!(
            "La firma non dichiara l'ora in cui è stata apposta: il certificato è verificato alla data della verifica ({}).",
            italian_date_time(at)
        )),
    }
    if !info.non_repudiation {
        problems.push(
            "Il certificato del firmatario non ha l'uso «non ripudio»: non è un certificato di firma."
                .to_string(),
        );
    }
    let others = certificates_of(sd);
    match check_chain(&cert_der, &others, anchors, when) {
        Ok(chain) => {
            report.trusted = true;
            let issuer = chain.get(1).or_else(|| chain.first());
            if let (Ok(leaf), Some(issuer)) = (X509::from_der(&cert_der), issuer) {
                let mut embedded = ctx.embedded.clone();
                embedded.crls.extend(crls_of(sd));
                let status = crate::revocation::status(
                    &leaf, issuer, anchors, when, at, &embedded, ctx.fetch,
                );
                match status {
                    Status::Revoked { at: revoked, .. } if revoked <= when => {
                        problems.push(status.sentence(when));
                    }
                    Status::Revoked { at: revoked, .. } => report.notes.push(format!(
                        "Il certificato del firmatario è stato revocato il {}, dopo l'ora verificata ({}): la firma resta valida.",
                        italian_date_time(revoked),
                        italian_date_time(when)
                    )),
                    Status::Good { .. } => {
                        report.revocation_checked = true;
                        report.notes.push(status.sentence(when));
                    }
                    Status::Unknown(_) => report.notes.push(status.sentence(when)),
                }
            }
        }
        Err(p) => problems.extend(p),
    }
    report.problems = problems;
    report
}

/// Whether a signer's certificate (DER) chains to one of `trust_anchors_der` at `at`: a device
/// is accepted only with a certificate of an authority the Comune trusts, when it is configured
/// and at every signature. The certificate's own validity and uses are
/// [`crate::check_signer_certificate`]'s.
pub fn check_trusted(
    cert_der: &[u8],
    trust_anchors_der: &[Vec<u8>],
    at: Timestamp,
) -> Result<(), SignError> {
    let anchors: Vec<X509> = trust_anchors_der
        .iter()
        .filter_map(|der| X509::from_der(der).ok())
        .collect();
    match check_chain(cert_der, &[], &anchors, at) {
        Ok(_) | Err(None) => Ok(()),
        Err(Some(why)) => Err(SignError::Untrusted(why)),
    }
}

/// Path validation with OpenSSL at `at`: the validated chain, the leaf first and the anchor
/// last; `Err(None)` when only the leaf's own validity period fails (reported by the caller).
pub(crate) fn check_chain(
    cert: &[u8],
    others: &[Vec<u8>],
    anchors: &[X509],
    at: Timestamp,
) -> Result<Vec<X509>, Option<String>> {
    let inner = || -> Result<Result<Vec<X509>, Option<String>>, openssl::error::ErrorStack> {
        let leaf = X509::from_der(cert)?;
        let mut builder = X509StoreBuilder::new()?;
        for a in anchors {
            builder.add_cert(a.clone())?;
        }
        let mut param = X509VerifyParam::new()?;
        param.set_time(at.as_second() as _);
        builder.set_param(&param)?;
        let store = builder.build();
        let mut chain = Stack::new()?;
        for o in others {
            chain.push(X509::from_der(o)?)?;
        }
        let mut ctx = X509StoreContext::new()?;
        ctx.init(&store, &leaf, &chain, |c| {
            if c.verify_cert()? {
                let chain = c
                    .chain()
                    .map(|s| s.iter().map(ToOwned::to_owned).collect())
                    .unwrap_or_default();
                return Ok(Ok(chain));
            }
            let code = c.error().as_raw();
            let depth = c.error_depth();
            Ok(Err(match code {
                // The signer's own validity is reported by check_signer_info.
                9 | 10 if depth == 0 => None,
                9 => Some("Un certificato della catena non è ancora valido alla data della verifica.".to_string()),
                10 => Some("Un certificato della catena è scaduto alla data della verifica.".to_string()),
                2 | 18 | 19 | 20 | 21 => Some(
                    "Il certificato del firmatario non è emesso da un'autorità di fiducia (catena non verificabile con i certificati di fiducia configurati)."
                        .to_string(),
                ),
                7 => Some("La firma di un certificato della catena non è valida.".to_string()),
                _ => Some(format!(
                    "Catena di certificazione non valida ({}).",
                    c.error().error_string()
                )),
            }))
        })
    };
    match inner() {
        Ok(r) => r,
        Err(e) => Err(Some(format!(
            "Catena di certificazione non verificabile ({e})."
        ))),
    }
}

/// The length of the DER element at the start of `bytes` (the /Contents of a PDF signature is
/// padded with zeros).
pub(crate) fn der_len(bytes: &[u8]) -> Option<usize> {
    let first = *bytes.get(1)?;
    if first < 0x80 {
        return Some(2 + usize::from(first));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 {
        return None;
    }
    let mut len = 0usize;
    for i in 0..n {
        len = (len << 8) | usize::from(*bytes.get(2 + i)?);
    }
    Some(2 + n + len)
}

struct PdfSignature {
    field_name: String,
    byte_range: Vec<i64>,
    sub_filter: Option<String>,
    time: Option<Timestamp>,
}

fn parse_pdf_date(s: &[u8]) -> Option<Timestamp> {
    let s = std::str::from_utf8(s).ok()?;
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take(14).collect();
    if digits.len() < 14 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let num = |a: usize, b: usize| digits[a..b].parse::<i16>().ok();
    let dt = jiff::civil::DateTime::new(
        num(0, 4)?,
        i8::try_from(num(4, 6)?).ok()?,
        i8::try_from(num(6, 8)?).ok()?,
        i8::try_from(num(8, 10)?).ok()?,
        i8::try_from(num(10, 12)?).ok()?,
        i8::try_from(num(12, 14)?).ok()?,
        0,
    )
    .ok()?;
    let rest = &s[14..];
    let offset_secs = match rest.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let tz: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            let h: i32 = tz.get(0..2)?.parse().ok()?;
            let m: i32 = tz.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
            let secs = h * 3600 + m * 60;
            if sign == '-' { -secs } else { secs }
        }
        _ => 0,
    };
    let offset = jiff::tz::Offset::from_seconds(offset_secs).ok()?;
    offset.to_timestamp(dt).ok()
}

fn is_sig_field(doc: &Document, d: &lopdf::Dictionary) -> bool {
    let mut cur = d.clone();
    for _ in 0..16 {
        if let Ok(ft) = cur.get(b"FT") {
            return ft.as_name().is_ok_and(|n| n == b"Sig");
        }
        match cur
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|p| doc.get_dictionary(p))
        {
            Ok(p) => cur = p.clone(),
            Err(_) => return false,
        }
    }
    false
}

/// How deep a field tree may go: a /Kids that leads back to itself stops here.
pub(crate) const MAX_FIELD_DEPTH: usize = 32;

fn collect_signatures(
    doc: &Document,
    fields: &[Object],
    prefix: &str,
    out: &mut Vec<PdfSignature>,
) {
    collect_signatures_at(doc, fields, prefix, out, 0);
}

fn collect_signatures_at(
    doc: &Document,
    fields: &[Object],
    prefix: &str,
    out: &mut Vec<PdfSignature>,
    depth: usize,
) {
    if depth > MAX_FIELD_DEPTH {
        return;
    }
    for f in fields {
        let Ok((_, Object::Dictionary(d))) = doc.dereference(f) else {
            continue;
        };
        let name = match d.get(b"T") {
            Ok(Object::String(s, _)) => decode_text(s),
            _ => String::new(),
        };
        let full = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}.{name}")
        };
        if is_sig_field(doc, d)
            && let Ok(v) = d.get(b"V")
            && let Ok((_, Object::Dictionary(sig))) = doc.dereference(v)
        {
            let byte_range = sig
                .get(b"ByteRange")
                .and_then(|o| doc.dereference(o).map(|x| x.1))
                .and_then(Object::as_array)
                .map(|a| a.iter().filter_map(|x| x.as_i64().ok()).collect())
                .unwrap_or_default();
            out.push(PdfSignature {
                field_name: full.clone(),
                byte_range,
                sub_filter: sig
                    .get(b"SubFilter")
                    .and_then(Object::as_name)
                    .ok()
                    .map(|n| String::from_utf8_lossy(n).into_owned()),
                time: match sig.get(b"M") {
                    Ok(Object::String(s, _)) => parse_pdf_date(s),
                    _ => None,
                },
            });
        }
        if let Ok(kids) = d
            .get(b"Kids")
            .and_then(|k| doc.dereference(k).map(|x| x.1))
            .and_then(Object::as_array)
        {
            collect_signatures_at(doc, kids, &full, out, depth + 1);
        }
    }
}

fn decode_text(s: &[u8]) -> String {
    if s.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = s[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        s.iter().map(|&b| char::from(b)).collect()
    }
}

/// Signature dictionaries found by scanning the bytes, for files too damaged for the parser.
fn scan_signatures(bytes: &[u8]) -> Vec<PdfSignature> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(p) = find_from(bytes, b"/ByteRange", at) {
        at = p + 10;
        let Some(open) = find_from(bytes, b"[", at) else {
            break;
        };
        let Some(close) = find_from(bytes, b"]", open) else {
            break;
        };
        let nums: Vec<i64> = String::from_utf8_lossy(&bytes[open + 1..close])
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        out.push(PdfSignature {
            field_name: format!("Firma {}", out.len() + 1),
            byte_range: nums,
            sub_filter: None,
            time: None,
        });
    }
    out
}

fn verify_pdf(bytes: &[u8], ctx: &mut Context) -> Result<Report, SignError> {
    let (doc, mut sigs, damaged) = match load(bytes) {
        Ok(doc) => {
            let mut sigs = Vec::new();
            if let Ok(root) = doc.trailer.get(b"Root").and_then(Object::as_reference)
                && let Ok(cat) = doc.get_dictionary(root)
                && let Ok(af) = cat.get(b"AcroForm")
                && let Ok((_, Object::Dictionary(af))) = doc.dereference(af)
                && let Ok(fields) = af
                    .get(b"Fields")
                    .and_then(|f| doc.dereference(f).map(|x| x.1))
                    .and_then(Object::as_array)
            {
                collect_signatures(&doc, fields, "", &mut sigs);
            }
            ctx.embedded = dss_data(&doc);
            (Some(doc), sigs, None)
        }
        Err(e) => (None, scan_signatures(bytes), Some(e.to_string())),
    };
    if sigs.is_empty() {
        return match damaged {
            Some(e) => Err(SignError::Malformed(e)),
            None => Err(SignError::NotSigned),
        };
    }
    let signed_end = |s: &PdfSignature| {
        let at = |i: usize| s.byte_range.get(i).copied().unwrap_or(0);
        at(2).saturating_add(at(3))
    };
    sigs.sort_by_key(signed_end);
    let mut signatures = Vec::new();
    for sig in &sigs {
        let mut r = check_pdf_signature(bytes, sig, ctx);
        if let Some(e) = &damaged {
            r.problems
                .push(format!("Il file PDF è danneggiato o troncato ({e})."));
        }
        if let (Some(doc), true) = (&doc, r.problems.is_empty() || r.intact) {
            let end = usize::try_from(signed_end(sig)).unwrap_or(0);
            if end < bytes.len() && r.intact {
                r.covers_whole_file = false;
                match load(&bytes[..end]) {
                    Ok(before) => {
                        let (changes, notes) = changes_after(&before, doc);
                        if changes.is_empty() {
                            r.only_signatures_after = true;
                            r.notes.push(
                                "Dopo questa firma il documento ha ricevuto solo altre firme."
                                    .to_string(),
                            );
                        }
                        r.problems.extend(changes);
                        r.notes.extend(notes);
                    }
                    Err(e) => r.problems.push(format!(
                        "La revisione firmata non è leggibile come PDF ({e})."
                    )),
                }
            }
        }
        signatures.push(r);
    }
    // Bytes after the last complete revision that the PDF reader skips may still be read by a
    // viewer (an update without its %%EOF): they are a change nobody signed.
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace() && *b != 0)
        .map_or(0, |i| i + 1);
    if !bytes[..end].ends_with(b"%%EOF") {
        for r in signatures.iter_mut().filter(|r| r.problems.is_empty()) {
            r.problems.push(
                "Il file non termina con una revisione completa (%%EOF): dopo le firme sono stati aggiunti dati."
                    .to_string(),
            );
        }
    }
    Ok(Report {
        format: Format::Pades,
        signatures,
        content: None,
    })
}

/// The revocation data of a PDF's Document Security Store (/DSS /CRLs and /OCSPs, PAdES-LT).
fn dss_data(doc: &Document) -> Embedded {
    let streams = |key: &[u8]| -> Vec<Vec<u8>> {
        let dss = doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .and_then(|r| doc.get_dictionary(r))
            .and_then(|c| c.get(b"DSS"))
            .and_then(|d| doc.dereference(d).map(|x| x.1))
            .and_then(Object::as_dict);
        let Ok(dss) = dss else {
            return Vec::new();
        };
        array_in(doc, dss, key)
            .iter()
            .filter_map(|o| match doc.dereference(o) {
                Ok((_, Object::Stream(s))) => s
                    .decompressed_content()
                    .ok()
                    .or_else(|| Some(s.content.clone())),
                _ => None,
            })
            .collect()
    };
    Embedded {
        crls: streams(b"CRLs"),
        ocsps: streams(b"OCSPs"),
    }
}

fn check_pdf_signature(bytes: &[u8], sig: &PdfSignature, ctx: &Context) -> SignatureReport {
    let fail = |problem: String| SignatureReport {
        signer: empty_info(),
        signing_time: sig.time,
        intact: false,
        covers_whole_file: false,
        only_signatures_after: false,
        trusted: false,
        timestamp: None,
        revocation_checked: false,
        field_name: sig.field_name.clone(),
        sub_filter: sig.sub_filter.clone(),
        problems: vec![problem],
        notes: Vec::new(),
    };
    let br: Vec<usize> = sig
        .byte_range
        .iter()
        .filter_map(|&n| usize::try_from(n).ok())
        .collect();
    let [start, len1, start2, len2] = br[..] else {
        return fail("L'intervallo firmato (/ByteRange) manca o non è valido.".to_string());
    };
    let end = start2.saturating_add(len2);
    if start != 0 || len1 >= start2 || end > bytes.len() {
        return fail(if end > bytes.len() {
            "Il file è troncato: l'intervallo firmato va oltre la fine del file.".to_string()
        } else {
            "L'intervallo firmato (/ByteRange) non parte dall'inizio del file.".to_string()
        });
    }
    let gap = &bytes[len1..start2];
    let hex_ok = gap.first() == Some(&b'<')
        && gap.last() == Some(&b'>')
        && gap[1..gap.len() - 1].iter().all(u8::is_ascii_hexdigit);
    if !hex_ok {
        return fail(
            "L'intervallo firmato non esclude esattamente la firma (/Contents): il file è stato manipolato."
                .to_string(),
        );
    }
    let Ok(contents) = hex::decode(&gap[1..gap.len() - 1]) else {
        return fail("La firma (/Contents) non è leggibile.".to_string());
    };
    let cms = match der_len(&contents) {
        Some(n) if n <= contents.len() => &contents[..n],
        _ => return fail("La firma (/Contents) non è una busta CMS valida.".to_string()),
    };
    // After the envelope only the zeros that reserved its room: no data hidden outside the
    // signed ranges and outside the envelope.
    if contents[cms.len()..].iter().any(|b| *b != 0) {
        return fail(
            "La firma (/Contents) contiene dati oltre la busta CMS: il file è stato manipolato."
                .to_string(),
        );
    }
    let sd = match parse_signed_data(cms) {
        Ok(sd) => sd,
        Err(e) => return fail(e.to_string()),
    };
    let Some(si) = sd.signer_infos.0.iter().next() else {
        return fail("La firma non contiene firmatari.".to_string());
    };
    let mut content = Vec::with_capacity(len1 + len2);
    content.extend_from_slice(&bytes[..len1]);
    content.extend_from_slice(&bytes[start2..end]);
    let mut r = check_signer_info(&sd, si, &content, sig.time, ctx);
    r.field_name = sig.field_name.clone();
    r.sub_filter = sig.sub_filter.clone();
    // The signed range must end where a revision ends (its %%EOF and end of line).
    let signed = &bytes[..end];
    let trimmed = signed
        .strip_suffix(b"\r\n")
        .or_else(|| signed.strip_suffix(b"\n"))
        .or_else(|| signed.strip_suffix(b"\r"))
        .unwrap_or(signed);
    if !trimmed.ends_with(b"%%EOF") {
        r.problems.push(
            "L'intervallo firmato non copre un'intera revisione del documento (non termina con %%EOF)."
                .to_string(),
        );
    }
    r.covers_whole_file = end == bytes.len();
    r
}

/// Equality of PDF objects that ignores how strings are written (literal or hex).
fn same(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::String(x, _), Object::String(y, _)) => x == y,
        (Object::Array(x), Object::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Object::Dictionary(x), Object::Dictionary(y)) => same_dict(x, y, &[]).is_empty(),
        (Object::Stream(x), Object::Stream(y)) => {
            x.content == y.content && same_dict(&x.dict, &y.dict, &[]).is_empty()
        }
        _ => a == b,
    }
}

/// Keys whose values differ between two dictionaries, except `allowed`.
fn same_dict(a: &lopdf::Dictionary, b: &lopdf::Dictionary, allowed: &[&[u8]]) -> Vec<String> {
    let mut diff = Vec::new();
    for (k, v) in a.iter().chain(b.iter()) {
        if allowed.contains(&k.as_slice())
            || diff.contains(&String::from_utf8_lossy(k).into_owned())
        {
            continue;
        }
        let other = if a.get(k).is_ok_and(|x| std::ptr::eq(x, v)) {
            b.get(k)
        } else {
            a.get(k)
        };
        if !other.is_ok_and(|o| same(v, o)) {
            diff.push(String::from_utf8_lossy(k).into_owned());
        }
    }
    diff
}

/// Whether a /Fields or /Annots array only grew at its end, by signature fields whose widgets
/// show nothing on the page: nothing removed, changed or reordered.
fn new_refs_are_signatures(doc: &Document, old: &[Object], new: &[Object]) -> bool {
    new.len() >= old.len()
        && old.iter().zip(new).all(|(o, n)| same(o, n))
        && new[old.len()..].iter().all(|n| match doc.dereference(n) {
            Ok((_, Object::Dictionary(d))) => is_sig_field(doc, d) && shows_nothing(doc, d),
            _ => false,
        })
}

/// The arrays kept as objects of their own that a later signature may extend: the /Annots of
/// a page and the /Fields of the form. Any other array (a page's /Contents, /Kids, widths)
/// must stay as it was signed.
fn appendable_arrays(doc: &Document) -> Vec<ObjectId> {
    let reference = |d: &lopdf::Dictionary, key: &[u8]| d.get(key).ok()?.as_reference().ok();
    let mut ids: Vec<ObjectId> = doc
        .get_pages()
        .values()
        .filter_map(|p| reference(doc.get_dictionary(*p).ok()?, b"Annots"))
        .collect();
    let form = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .and_then(|r| doc.get_dictionary(r))
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|f| doc.dereference(f).ok().map(|x| x.1))
        .and_then(|f| f.as_dict().ok())
        .and_then(|f| reference(f, b"Fields"));
    ids.extend(form);
    ids
}

/// A form that the catalog gains after a signature (or one written inside the catalog) may
/// hold only signature fields that show nothing.
fn new_form_has_only_signatures(
    before: &Document,
    after: &Document,
    old: &lopdf::Dictionary,
    new: &lopdf::Dictionary,
) -> bool {
    let form = |doc: &Document, d: &lopdf::Dictionary| {
        d.get(b"AcroForm")
            .ok()
            .and_then(|f| doc.dereference(f).ok().map(|x| x.1.clone()))
    };
    let (was, is) = (form(before, old), form(after, new));
    let inline_or_new = match new.get(b"AcroForm") {
        Ok(Object::Reference(id)) => !before.objects.contains_key(id),
        Ok(_) => true,
        Err(_) => false,
    };
    if !inline_or_new {
        return true; // an existing form object: checked as such
    }
    let fields = |doc: &Document, f: &Option<Object>| {
        f.as_ref()
            .and_then(|f| f.as_dict().ok())
            .map(|d| array_in(doc, d, b"Fields"))
            .unwrap_or_default()
    };
    new_refs_are_signatures(after, &fields(before, &was), &fields(after, &is))
}

/// Whether a signature field's widget draws nothing over the page: no area (/Rect of zero
/// width or height), or hidden (/F bit 2). A signature added after another may not paint
/// text or images on the document that the first signer signed (the shadow and overlay
/// attacks of the published PDF signature research).
fn shows_nothing(doc: &Document, d: &lopdf::Dictionary) -> bool {
    // A widget (or a field without one), and no actions that could show or run anything.
    let widget = d
        .get(b"Subtype")
        .map_or(true, |s| s.as_name().is_ok_and(|n| n == b"Widget"));
    if !widget || d.get(b"A").is_ok() || d.get(b"AA").is_ok() {
        return false;
    }
    let number = |o: &Object| match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    };
    let hidden = d
        .get(b"F")
        .ok()
        .and_then(|f| f.as_i64().ok())
        .is_some_and(|f| f & 2 != 0);
    let rect = d
        .get(b"Rect")
        .ok()
        .and_then(|r| doc.dereference(r).ok().map(|x| x.1))
        .and_then(|r| r.as_array().ok())
        .map(|r| r.iter().map(number).collect::<Option<Vec<f64>>>());
    let no_area = match rect {
        // A field without a widget of its own shows nothing.
        None => d.get(b"Subtype").is_err(),
        Some(Some(r)) if r.len() == 4 => {
            (r[2] - r[0]).abs() < f64::EPSILON || (r[3] - r[1]).abs() < f64::EPSILON
        }
        Some(_) => false,
    };
    hidden || no_area
}

fn array_in(doc: &Document, d: &lopdf::Dictionary, key: &[u8]) -> Vec<Object> {
    d.get(key)
        .and_then(|o| doc.dereference(o).map(|x| x.1))
        .and_then(Object::as_array)
        .cloned()
        .unwrap_or_default()
}

/// What changed between the signed revision and the whole file that is not a signature or DSS
/// (problems), and the harmless changes worth a note: the document metadata (/Info and the XMP
/// stream of the catalog), which other signing tools (pyHanko among them) update when they sign.
fn changes_after(before: &Document, after: &Document) -> (Vec<String>, Vec<String>) {
    let root = |d: &Document| d.trailer.get(b"Root").and_then(Object::as_reference).ok();
    let info = |d: &Document| d.trailer.get(b"Info").and_then(Object::as_reference).ok();
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    if root(before) != root(after) {
        return (
            vec!["Dopo questa firma è stato sostituito il catalogo del documento.".to_string()],
            notes,
        );
    }
    let metadata_of = |d: &Document| -> Option<ObjectId> {
        d.get_dictionary(root(d)?)
            .ok()?
            .get(b"Metadata")
            .ok()?
            .as_reference()
            .ok()
    };
    let root_id = root(after);
    let acroform_of = |d: &Document| -> Option<ObjectId> {
        d.get_dictionary(root(d)?)
            .ok()?
            .get(b"AcroForm")
            .ok()?
            .as_reference()
            .ok()
    };
    let dss_of = |d: &Document| -> Option<ObjectId> {
        d.get_dictionary(root(d)?)
            .ok()?
            .get(b"DSS")
            .ok()?
            .as_reference()
            .ok()
    };
    let changed = |id: ObjectId, what: &str| {
        format!(
            "Dopo questa firma il documento è stato modificato ({what}, oggetto {} {}).",
            id.0, id.1
        )
    };
    for (id, old) in &before.objects {
        let Some(new) = after.objects.get(id) else {
            problems.push(format!(
                "Dopo questa firma è stato eliminato l'oggetto {} {} del documento.",
                id.0, id.1
            ));
            continue;
        };
        if same(old, new) || Some(*id) == dss_of(before) {
            continue;
        }
        if Some(*id) == info(before) || Some(*id) == metadata_of(before) {
            let note = "Dopo questa firma sono stati aggiornati i metadati del documento (non il contenuto).".to_string();
            if !notes.contains(&note) {
                notes.push(note);
            }
            continue;
        }
        let ok = match (old, new) {
            (Object::Dictionary(o), Object::Dictionary(n)) => {
                let is = |t: &[u8]| {
                    n.get(b"Type")
                        .and_then(Object::as_name)
                        .is_ok_and(|x| x == t)
                };
                if Some(*id) == root_id {
                    same_dict(o, n, &[b"AcroForm", b"DSS", b"Extensions"]).is_empty()
                        && new_form_has_only_signatures(before, after, o, n)
                } else if is(b"Page") {
                    same_dict(o, n, &[b"Annots"]).is_empty()
                        && new_refs_are_signatures(
                            after,
                            &array_in(before, o, b"Annots"),
                            &array_in(after, n, b"Annots"),
                        )
                } else if Some(*id) == acroform_of(before) {
                    same_dict(o, n, &[b"Fields", b"SigFlags", b"DR", b"DA"]).is_empty()
                        && new_refs_are_signatures(
                            after,
                            &array_in(before, o, b"Fields"),
                            &array_in(after, n, b"Fields"),
                        )
                } else {
                    // An empty signature field that has been signed: it was one before, and
                    // only its value (the signature) and its appearance, inside the area the
                    // earlier signer saw reserved for it, were added.
                    is_sig_field(before, o)
                        && is_sig_field(after, n)
                        && o.get(b"V").is_err()
                        && n.get(b"V").is_ok()
                        && same_dict(o, n, &[b"V", b"AP"]).is_empty()
                }
            }
            (Object::Array(o), Object::Array(n)) => {
                appendable_arrays(before).contains(id) && new_refs_are_signatures(after, o, n)
            }
            _ => false,
        };
        if !ok {
            let what = match new {
                Object::Dictionary(d)
                    if d.get(b"Type")
                        .and_then(Object::as_name)
                        .is_ok_and(|t| t == b"Page") =>
                {
                    "una pagina"
                }
                Object::Dictionary(_) if Some(*id) == root_id => "il catalogo",
                Object::Stream(_) => "un contenuto",
                _ => "un oggetto",
            };
            problems.push(changed(*id, what));
        }
    }
    // New annotations on pages that existed are caught above; new pages change /Pages (above too).
    (problems, notes)
}
