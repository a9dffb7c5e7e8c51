//! Building CMS SignedData by hand from `cms` types: one SignerInfo at a time, so that a PKCS#11
//! session or any other [`Signer`] can sign the DER of the signed attributes.

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::ObjectIdentifier;
use der::asn1::{OctetString, SetOfVec, UtcTime};
use der::{Any, Decode, Encode, Sequence};
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;

use crate::cert::parse_cert;
use crate::{SignError, SignatureAlgorithm, Signer};

pub(crate) const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
pub(crate) const ID_SIGNED_DATA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
pub(crate) const ID_CONTENT_TYPE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
pub(crate) const ID_MESSAGE_DIGEST: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
pub(crate) const ID_SIGNING_TIME: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
pub(crate) const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
pub(crate) const ID_SHA256: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
pub(crate) const SHA256_WITH_RSA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
pub(crate) const ECDSA_WITH_SHA256: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

/// ESS `SigningCertificateV2` (RFC 5035), hash algorithm SHA-256 (the DEFAULT, so omitted).
#[derive(Clone, Debug, Sequence)]
pub(crate) struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
}

/// ESS `ESSCertIDv2` with the default hash algorithm (SHA-256).
#[derive(Clone, Debug, Sequence)]
pub(crate) struct EssCertIdV2 {
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    pub cert_hash: OctetString,
    pub issuer_serial: Option<IssuerSerial>,
}

/// ESS `IssuerSerial`.
#[derive(Clone, Debug, Sequence)]
pub(crate) struct IssuerSerial {
    pub issuer: Vec<GeneralName>,
    pub serial_number: SerialNumber,
}

fn attribute(oid: ObjectIdentifier, value: &impl Encode) -> Result<Attribute, SignError> {
    let mut values = SetOfVec::new();
    values.insert(Any::from_der(&value.to_der()?)?)?;
    Ok(Attribute { oid, values })
}

fn algorithm(oid: ObjectIdentifier, null_params: bool) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid,
        parameters: null_params.then_some(Any::null()),
    }
}

/// The certificates of `signer` (its own first), parsed.
pub(crate) fn signer_certs(signer: &dyn Signer) -> Result<Vec<Certificate>, SignError> {
    std::iter::once(signer.certificate())
        .chain(signer.chain().iter().map(Vec::as_slice))
        .map(parse_cert)
        .collect()
}

/// One SignerInfo over content whose SHA-256 is `content_digest`: signed attributes content-type,
/// message-digest, optionally signing-time (CAdES; PAdES carries the time in /M), and ESS
/// signing-certificate-v2.
pub(crate) fn signer_info(
    signer: &dyn Signer,
    cert: &Certificate,
    content_digest: &[u8],
    signing_time: Option<Timestamp>,
) -> Result<SignerInfo, SignError> {
    let tbs = cert.tbs_certificate();
    let cert_hash = Sha256::digest(cert.to_der()?);
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None,
            cert_hash: OctetString::new(cert_hash.to_vec())?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer().clone())],
                serial_number: tbs.serial_number().clone(),
            }),
        }],
    };
    let mut attrs = SetOfVec::new();
    attrs.insert(attribute(ID_CONTENT_TYPE, &ID_DATA)?)?;
    attrs.insert(attribute(
        ID_MESSAGE_DIGEST,
        &OctetString::new(content_digest.to_vec())?,
    )?)?;
    if let Some(t) = signing_time {
        let secs = u64::try_from(t.as_second())
            .map_err(|_| SignError::Malformed("Ora della firma non valida.".to_string()))?;
        let utc = UtcTime::from_unix_duration(std::time::Duration::from_secs(secs))?;
        attrs.insert(attribute(ID_SIGNING_TIME, &utc)?)?;
    }
    attrs.insert(attribute(ID_SIGNING_CERTIFICATE_V2, &ess)?)?;
    // The signature covers the DER of the attributes as a SET OF (tag 0x31), not the [0] form.
    let signed_attrs_der = attrs.to_der()?;
    let signature = signer.sign(&signed_attrs_der)?;
    let signature_algorithm = match signer.algorithm() {
        SignatureAlgorithm::RsaSha256 => algorithm(SHA256_WITH_RSA, true),
        SignatureAlgorithm::EcdsaP256Sha256 => algorithm(ECDSA_WITH_SHA256, false),
    };
    Ok(SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: algorithm(ID_SHA256, false),
        signed_attrs: Some(attrs),
        signature_algorithm,
        signature: OctetString::new(signature)?,
        unsigned_attrs: None,
    })
}

/// A ContentInfo wrapping SignedData, DER. `econtent` present = enveloping (.p7m), absent = detached.
pub(crate) fn content_info(
    signer_infos: Vec<SignerInfo>,
    certs: Vec<Certificate>,
    econtent: Option<&[u8]>,
) -> Result<Vec<u8>, SignError> {
    let mut digest_algorithms = SetOfVec::new();
    for si in &signer_infos {
        if !digest_algorithms.iter().any(|a| a == &si.digest_alg) {
            digest_algorithms.insert(si.digest_alg.clone())?;
        }
    }
    let mut cert_set = SetOfVec::new();
    for c in certs {
        let choice = CertificateChoices::Certificate(c);
        if !cert_set.iter().any(|x| x == &choice) {
            cert_set.insert(choice)?;
        }
    }
    let econtent = match econtent {
        Some(bytes) => Some(Any::encode_from(&OctetString::new(bytes.to_vec())?)?),
        None => None,
    };
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent,
        },
        certificates: Some(CertificateSet(cert_set)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(signer_infos)?),
    };
    let ci = ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data)?,
    };
    Ok(ci.to_der()?)
}

/// A detached CMS signature over content with this SHA-256 (for PAdES).
pub(crate) fn detached(
    signer: &dyn Signer,
    content_digest: &[u8],
    signing_time: Option<Timestamp>,
) -> Result<Vec<u8>, SignError> {
    let certs = signer_certs(signer)?;
    let first = certs
        .first()
        .ok_or_else(|| SignError::BadCertificate("manca il certificato".to_string()))?;
    let si = signer_info(signer, first, content_digest, signing_time)?;
    content_info(vec![si], certs, None)
}

/// Parses a ContentInfo(SignedData), DER or (as a fallback) BER.
pub(crate) fn parse_signed_data(bytes: &[u8]) -> Result<SignedData, SignError> {
    let ci = ContentInfo::from_der(bytes)
        .or_else(|_| ContentInfo::from_ber(bytes))
        .map_err(|e| SignError::Malformed(format!("Busta crittografica (CMS) non valida: {e}.")))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(SignError::Malformed(
            "La busta crittografica non contiene una firma (SignedData).".to_string(),
        ));
    }
    ci.content
        .decode_as::<SignedData>()
        .map_err(|e| SignError::Malformed(format!("Firma CMS non valida: {e}.")))
}
