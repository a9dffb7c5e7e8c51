//! The certified paper copy (copia analogica conforme, CAD art. 23 c.1, 2 and 2-bis): every page
//! of the original PDF, as it was signed, scaled onto an A4 page above a band that carries the
//! QR contrassegno and "Copia analogica di documento informatico"; then the attestation of
//! conformity by the official, with the CAD art. 3-bis c.4-bis/4-ter wording for citizens
//! without a digital domicile.
//!
//! The original's pages are placed as vector images (typst reads the PDF with hayro and copies
//! each page's content as a form XObject): nothing is re-rendered, so the copy shows exactly
//! what was signed, and its text stays extractable. The copy itself is a plain (tagged) PDF, not
//! PDF/A: PDF/A-2 forbids embedding PDF content whose conformance the writer cannot vouch for,
//! and a paper copy is meant to be printed, not archived (the original is the archived one).

use atti_core::ActKind;
use jiff::civil::Date;
use qrcode::{EcLevel, QrCode};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::contrassegno::{CopiaClaims, SealKey, TokenClaims, issue_token, qr_payload, sha256_hex};
use crate::render::{date_long, date_short, export, stemma_bytes};
use crate::text::{check_printable, model_json, to_value};
use crate::world::DocWorld;

/// What the copy states besides the original's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyInput {
    /// Name of the Comune ("Comune di Esempio").
    pub comune: String,
    /// The act's id in the store.
    pub act_id: i64,
    /// The act's kind (its register).
    pub kind: ActKind,
    /// The number in the register ("12/2026").
    pub numero: String,
    /// The registration (adoption) date.
    pub data: Date,
    /// The act's oggetto, as the attestation quotes it (pass the publication version's oggetto
    /// when the copy is for someone who may not read the riservati).
    pub oggetto: String,
    /// Where the Comune offers the verification of contrassegni.
    pub verification_url: String,
    /// The official who attests conformity.
    pub official: Official,
    /// Place of issue ("Esempio").
    pub place: String,
    /// Date of issue.
    pub issued_on: Date,
    /// The copy's number in the Comune's register of certified copies (printed on every page
    /// and sealed in the contrassegno).
    pub serial: i64,
    /// For whom the copy is issued, if said ("Mario Rossi, su istanza prot. 1234/2026").
    #[serde(default)]
    pub recipient: Option<String>,
    /// The recipient has no domicilio digitale: add the wording of CAD art. 3-bis c.4-bis and
    /// 4-ter and of art. 3 c.2 D.Lgs. 39/1993 (firma autografa sostituita a mezzo stampa).
    #[serde(default)]
    pub senza_domicilio_digitale: bool,
    /// The Comune's stemma as SVG; `None` prints the neutral demo stemma.
    #[serde(default)]
    pub stemma_svg: Option<String>,
    /// The signatures of the original, as verified when the copy is issued: the attestation
    /// names them and how they were verified.
    #[serde(default)]
    pub firme: Vec<VerifiedSignature>,
}

/// A signature of the original, verified when the copy is issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedSignature {
    /// The signer's name, from the certificate.
    pub signer: String,
    /// The signer's codice fiscale, from the certificate.
    #[serde(default)]
    pub codice_fiscale: Option<String>,
    /// Who issued the certificate.
    pub issuer: String,
    /// Whether the certificate was found not revoked (OCSP or CRL) at the verification.
    pub revocation_checked: bool,
}

/// The official who attests the conformity of a copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Official {
    /// Name and surname.
    pub name: String,
    /// Role ("Responsabile dell'Ufficio Segreteria").
    pub role: String,
}

/// A certified copy and the contrassegno it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertifiedCopy {
    /// The copy, ready to print.
    pub pdf: Vec<u8>,
    /// The contrassegno's text (what the QR encodes), to record in the register of copies.
    pub token: String,
    /// What the contrassegno states.
    pub claims: TokenClaims,
    /// Pages of the original.
    pub original_pages: usize,
}

#[derive(Serialize)]
struct CopyModel {
    title: String,
    comune: String,
    kind_label: &'static str,
    numero: String,
    data: String,
    oggetto: String,
    sha256: String,
    url: String,
    token: String,
    /// The code printed under the QR ([`crate::short_code`]).
    short_code: String,
    pages: usize,
    serial: i64,
    official_name: String,
    official_role: String,
    place: String,
    issued_on: String,
    issued_year: i16,
    issued_month: i8,
    issued_day: i8,
    recipient: Option<String>,
    senza_domicilio_digitale: bool,
    firme: Vec<FirmaModel>,
    revoca_verificata: bool,
}

#[derive(Serialize)]
struct FirmaModel {
    signer: String,
    codice_fiscale: Option<String>,
    issuer: String,
}

/// The number of pages of a PDF, or why it cannot be read.
pub fn pdf_page_count(pdf: &[u8]) -> Result<usize, Error> {
    let doc = hayro_syntax::Pdf::new(pdf.to_vec())
        .map_err(|e| Error::UnreadableOriginal(format!("{e:?}")))?;
    let n = doc.pages().len();
    if n == 0 {
        return Err(Error::UnreadableOriginal("il PDF non ha pagine".into()));
    }
    Ok(n)
}

/// A QR code of `text`, as SVG.
pub fn qr_svg(text: &str) -> Result<String, Error> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| Error::BadClaims(format!("contrassegno troppo lungo per un QR: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(4, 4)
        .build())
}

/// Issues the contrassegno for `original_pdf` (the exact bytes that were signed and archived)
/// and renders the certified copy. The same input, key and original give the same bytes.
pub fn render_copy(
    original_pdf: &[u8],
    input: &CopyInput,
    key: &SealKey,
) -> Result<CertifiedCopy, Error> {
    check_printable(&to_value(input)?, &["stemma_svg"])?;
    let pages = pdf_page_count(original_pdf)?;
    let claims = TokenClaims {
        act_id: input.act_id,
        registro: input.kind.slug().to_string(),
        numero: input.numero.clone(),
        data: input.data,
        sha256: sha256_hex(original_pdf),
        url: input.verification_url.clone(),
        copia: Some(CopiaClaims {
            numero: input.serial,
            rilasciata: input.issued_on,
            funzionario: input.official.name.clone(),
            // Every page of the original, then the attestation (templates/copia.typ).
            pagine: u32::try_from(pages + 1).unwrap_or(u32::MAX),
            per_sha256: input
                .recipient
                .as_deref()
                .map(|per| sha256_hex(per.as_bytes())),
        }),
    };
    let token = issue_token(&claims, key)?;
    let model = CopyModel {
        title: format!(
            "Copia analogica conforme – {} n. {} del {}",
            input.kind.label(),
            input.numero,
            date_short(input.data)
        ),
        comune: input.comune.clone(),
        kind_label: input.kind.label(),
        numero: input.numero.clone(),
        data: date_short(input.data),
        oggetto: input.oggetto.clone(),
        sha256: claims.sha256.clone(),
        url: input.verification_url.clone(),
        short_code: crate::short_code(&token),
        token: token.clone(),
        pages,
        serial: input.serial,
        official_name: input.official.name.clone(),
        official_role: input.official.role.clone(),
        place: input.place.clone(),
        issued_on: date_long(input.issued_on),
        issued_year: input.issued_on.year(),
        issued_month: input.issued_on.month(),
        issued_day: input.issued_on.day(),
        recipient: input.recipient.clone(),
        senza_domicilio_digitale: input.senza_domicilio_digitale,
        firme: input
            .firme
            .iter()
            .map(|f| FirmaModel {
                signer: f.signer.clone(),
                codice_fiscale: f.codice_fiscale.clone(),
                issuer: f.issuer.clone(),
            })
            .collect(),
        revoca_verificata: !input.firme.is_empty()
            && input.firme.iter().all(|f| f.revocation_checked),
    };
    let json = model_json(&model)?;
    let world = DocWorld::new(
        "/copia.typ",
        vec![
            ("/data.json", json),
            ("/original.pdf", original_pdf.to_vec()),
            (
                "/qr.svg",
                qr_svg(&qr_payload(&token, &claims.url))?.into_bytes(),
            ),
            ("/stemma.svg", stemma_bytes(input.stemma_svg.as_deref())),
        ],
    )?;
    let document = world.compile()?;
    let ident = format!("atti/copia/{}/{}", input.act_id, claims.sha256);
    let pdf = export(&world, &document, &ident, input.issued_on, false)?;
    Ok(CertifiedCopy {
        pdf,
        token,
        claims,
        original_pages: pages,
    })
}
