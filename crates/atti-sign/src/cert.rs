//! Reading certificates: who they name, when they are valid, what they may do.

use const_oid::ObjectIdentifier;
use const_oid::db::rfc4519;
use der::{Decode, Encode};
use jiff::Timestamp;
use x509_cert::Certificate;
use x509_cert::ext::pkix::KeyUsage;
use x509_cert::name::Name;

use crate::SignError;

/// What a clerk needs to know about a certificate.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CertInfo {
    /// Subject commonName.
    pub common_name: String,
    /// Subject givenName.
    pub given_name: Option<String>,
    /// Subject surname.
    pub surname: Option<String>,
    /// The codice fiscale from the subject serialNumber `TINIT-<CF>` (or a bare CF).
    pub codice_fiscale: Option<String>,
    /// The issuer (its commonName, else the whole name).
    pub issuer: String,
    /// Serial number, hex.
    pub serial: String,
    /// Start of validity.
    pub not_before: Timestamp,
    /// End of validity.
    pub not_after: Timestamp,
    /// Whether keyUsage has nonRepudiation (contentCommitment).
    pub non_repudiation: bool,
}

const SERIAL_NUMBER: ObjectIdentifier = rfc4519::SERIAL_NUMBER;

pub(crate) fn parse_cert(der: &[u8]) -> Result<Certificate, SignError> {
    Certificate::from_der(der).map_err(|e| SignError::BadCertificate(e.to_string()))
}

fn attr(name: &Name, oid: ObjectIdentifier) -> Option<String> {
    name.iter().find(|a| a.oid == oid).and_then(|a| {
        // DirectoryString covers UTF8String, PrintableString, etc.; fall back to the raw bytes.
        a.value
            .decode_as::<x509_cert::ext::pkix::name::DirectoryString>()
            .map(|s| s.value().into_owned())
            .ok()
            .or_else(|| String::from_utf8(a.value.value().to_vec()).ok())
    })
}

/// The codice fiscale in a subject serialNumber: `TINIT-<CF>`, `IT:<CF>` or a bare 16-char CF.
fn codice_fiscale(serial_number: &str) -> Option<String> {
    let s = serial_number.trim();
    let cf = s
        .strip_prefix("TINIT-")
        .or_else(|| s.strip_prefix("IT:"))
        .unwrap_or(s);
    (cf.len() == 16 && cf.chars().all(|c| c.is_ascii_alphanumeric())).then(|| cf.to_uppercase())
}

pub(crate) fn time_to_timestamp(t: &x509_cert::time::Time) -> Timestamp {
    let secs = i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
    Timestamp::from_second(secs).unwrap_or(Timestamp::MAX)
}

pub(crate) fn info_of(cert: &Certificate) -> CertInfo {
    let tbs = cert.tbs_certificate();
    let subject = tbs.subject();
    let issuer = tbs.issuer();
    let non_repudiation = matches!(
        tbs.get_extension::<KeyUsage>(),
        Ok(Some((_, ku))) if ku.non_repudiation()
    );
    CertInfo {
        common_name: attr(subject, rfc4519::CN).unwrap_or_else(|| subject.to_string()),
        given_name: attr(subject, rfc4519::GIVEN_NAME),
        surname: attr(subject, rfc4519::SN),
        codice_fiscale: attr(subject, SERIAL_NUMBER).and_then(|s| codice_fiscale(&s)),
        issuer: attr(issuer, rfc4519::CN).unwrap_or_else(|| issuer.to_string()),
        serial: hex::encode_upper(tbs.serial_number().as_bytes()),
        not_before: time_to_timestamp(&tbs.validity().not_before),
        not_after: time_to_timestamp(&tbs.validity().not_after),
        non_repudiation,
    }
}

/// Reads a certificate (DER).
pub fn cert_info(der: &[u8]) -> Result<CertInfo, SignError> {
    Ok(info_of(&parse_cert(der)?))
}

/// "12/03/2026", in Italian time.
pub(crate) fn italian_date(t: Timestamp) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/Rome").unwrap_or(jiff::tz::TimeZone::UTC);
    t.to_zoned(tz).strftime("%d/%m/%Y").to_string()
}

/// "12/03/2026 10:15", in Italian time.
pub(crate) fn italian_date_time(t: Timestamp) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/Rome").unwrap_or(jiff::tz::TimeZone::UTC);
    t.to_zoned(tz).strftime("%d/%m/%Y %H:%M").to_string()
}

/// Checks made before signing with `der` at `now` for the user with `codice_fiscale`: valid now,
/// keyUsage nonRepudiation, subject codice fiscale equal to the user's. Returns warnings (Italian),
/// e.g. a certificate that expires within 30 days.
pub fn check_signer_certificate(
    der: &[u8],
    now: Timestamp,
    codice_fiscale: &str,
) -> Result<Vec<String>, SignError> {
    let info = cert_info(der)?;
    if now < info.not_before {
        return Err(SignError::CertificateNotYetValid {
            not_before: info.not_before,
        });
    }
    if now > info.not_after {
        return Err(SignError::CertificateExpired {
            not_after: info.not_after,
        });
    }
    if !info.non_repudiation {
        return Err(SignError::NoNonRepudiation);
    }
    let expected = codice_fiscale.trim().to_uppercase();
    if info.codice_fiscale.as_deref() != Some(expected.as_str()) {
        return Err(SignError::NotTheUser {
            holder: info.common_name.clone(),
            found: info
                .codice_fiscale
                .clone()
                .unwrap_or_else(|| "assente".to_string()),
            expected,
        });
    }
    let mut warnings = Vec::new();
    let left = info.not_after.as_second() - now.as_second();
    let days = left / 86_400;
    if left < 30 * 86_400 {
        let when = italian_date(info.not_after);
        warnings.push(if days == 0 {
            format!("Il certificato di firma scade oggi ({when}): chiederne subito il rinnovo.")
        } else if days == 1 {
            format!("Il certificato di firma scade domani ({when}): chiederne subito il rinnovo.")
        } else {
            format!(
                "Il certificato di firma scade tra {days} giorni (il {when}): chiederne per tempo il rinnovo."
            )
        });
    }
    Ok(warnings)
}

/// A DER certificate as PEM text.
pub fn der_to_pem(der: &[u8]) -> Result<String, SignError> {
    use der::EncodePem;
    Ok(parse_cert(der)?.to_pem(der::pem::LineEnding::LF)?)
}

/// Every certificate in a PEM file (a trust file), as DER. A DER certificate is accepted too.
pub fn pem_to_der_certs(pem: &[u8]) -> Result<Vec<Vec<u8>>, SignError> {
    if pem.first() == Some(&0x30) {
        return Ok(vec![parse_cert(pem)?.to_der()?]);
    }
    let certs = openssl::x509::X509::stack_from_pem(pem)
        .map_err(|e| SignError::BadCertificate(format!("file PEM non valido ({e})")))?;
    if certs.is_empty() {
        return Err(SignError::BadCertificate(
            "il file non contiene certificati PEM".to_string(),
        ));
    }
    certs
        .iter()
        .map(|c| c.to_der().map_err(SignError::from))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codice_fiscale_forms() {
        assert_eq!(
            codice_fiscale("TINIT-RSSMRA80A01H501U").as_deref(),
            Some("RSSMRA80A01H501U")
        );
        assert_eq!(
            codice_fiscale("IT:RSSMRA80A01H501U").as_deref(),
            Some("RSSMRA80A01H501U")
        );
        assert_eq!(codice_fiscale("12345"), None);
    }
}
