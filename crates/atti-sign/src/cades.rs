//! CAdES-BES enveloping signatures (`.p7m`, DER) and parallel signers.

use cms::cert::CertificateChoices;
use cms::signed_data::SignerInfo;
use der::asn1::OctetString;
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use crate::cms_build::{content_info, parse_signed_data, signer_certs, signer_info};
use crate::{SignError, Signer};

/// Wraps `content` in a CAdES-BES `.p7m` (DER, SHA-256, signed attributes content-type,
/// message-digest, signing-time, signing-certificate-v2).
pub fn cades_sign(
    content: &[u8],
    signer: &dyn Signer,
    signing_time: Timestamp,
) -> Result<Vec<u8>, SignError> {
    let certs = signer_certs(signer)?;
    let first = certs
        .first()
        .ok_or_else(|| SignError::BadCertificate("manca il certificato".to_string()))?;
    let digest = Sha256::digest(content);
    let si = signer_info(signer, first, &digest, Some(signing_time))?;
    content_info(vec![si], certs, Some(content))
}

/// Adds a parallel signature (a further SignerInfo over the same content) to a `.p7m`; the
/// existing signatures are kept byte for byte.
pub fn cades_add_signer(
    p7m: &[u8],
    signer: &dyn Signer,
    signing_time: Timestamp,
) -> Result<Vec<u8>, SignError> {
    let sd = parse_signed_data(p7m)?;
    let content = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or_else(|| {
            SignError::Malformed(
                "Il .p7m non contiene il documento (firma staccata): impossibile aggiungere una firma."
                    .to_string(),
            )
        })?
        .decode_as::<OctetString>()
        .map_err(|e| SignError::Malformed(format!("Contenuto del .p7m illeggibile: {e}.")))?;
    let mut certs: Vec<Certificate> = sd
        .certificates
        .iter()
        .flat_map(|s| s.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let mine = signer_certs(signer)?;
    let first = mine
        .first()
        .ok_or_else(|| SignError::BadCertificate("manca il certificato".to_string()))?;
    let digest = Sha256::digest(content.as_bytes());
    let si = signer_info(signer, first, &digest, Some(signing_time))?;
    certs.extend(mine);
    let mut infos: Vec<SignerInfo> = sd.signer_infos.0.into_vec();
    infos.push(si);
    content_info(infos, certs, Some(content.as_bytes()))
}
