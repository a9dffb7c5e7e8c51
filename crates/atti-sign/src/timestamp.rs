//! RFC 3161 time-stamp tokens on a signature (the signature-time-stamp unsigned attribute of
//! CAdES-T and PAdES-T): the only time a verifier may trust. The signer's own declared time is
//! a claim; a token from a time-stamping authority the Comune trusts proves that the signature
//! value existed at its `genTime`.

use cms::signed_data::{SignedData, SignerInfo};
use const_oid::ObjectIdentifier;
use der::asn1::{Any, Int, OctetString};
use der::{Decode, Encode, Reader, Sequence, SliceReader, Tagged};
use jiff::Timestamp;
use openssl::cms::{CMSOptions, CmsContentInfo};
use openssl::x509::X509;
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::pkix::ExtendedKeyUsage;

use crate::cert::{info_of, italian_date_time};
use crate::cms_build::parse_signed_data;
use crate::verify::{check_chain, digest_of, find_signer_cert};

/// id-aa-signatureTimeStampToken (RFC 3161 appendix A): an unsigned attribute of a SignerInfo.
pub(crate) const ID_SIGNATURE_TIME_STAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// id-ct-TSTInfo: the content type of a time-stamp token.
const ID_CT_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
/// id-kp-timeStamping: the only extended key usage of a TSA's certificate (RFC 3161 §2.3).
const ID_KP_TIME_STAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");

/// `MessageImprint` (RFC 3161 §2.4.1).
#[derive(Clone, Debug, Sequence)]
struct MessageImprint {
    hash_algorithm: AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

/// What a valid token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TrustedTime {
    /// The TSA's `genTime`.
    pub at: Timestamp,
    /// The TSA's name (its certificate's common name).
    pub tsa: String,
}

/// The token on `si`, if any: `Ok(None)` without one, `Err(problem)` (Italian) when a token is
/// there but proves nothing (altered, over another signature, from an authority the Comune
/// does not trust, or outside its certificate's validity).
pub(crate) fn signature_time(
    si: &SignerInfo,
    anchors: &[X509],
) -> Result<Option<TrustedTime>, String> {
    let Some(token) = si.unsigned_attrs.as_ref().and_then(|attrs| {
        attrs
            .iter()
            .find(|a| a.oid == ID_SIGNATURE_TIME_STAMP_TOKEN)
            .and_then(|a| a.values.iter().next())
    }) else {
        return Ok(None);
    };
    let token = token
        .to_der()
        .map_err(|e| format!("La marca temporale non è leggibile ({e})."))?;
    check_token(&token, si.signature.as_bytes(), anchors).map(Some)
}

/// Checks a time-stamp token (DER ContentInfo) over `stamped` (the signature value).
pub(crate) fn check_token(
    token: &[u8],
    stamped: &[u8],
    anchors: &[X509],
) -> Result<TrustedTime, String> {
    let unreadable =
        |e: &dyn std::fmt::Display| format!("La marca temporale non è leggibile ({e}).");
    let sd: SignedData = parse_signed_data(token).map_err(|e| unreadable(&e))?;
    if sd.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err("La marca temporale non contiene un TSTInfo (RFC 3161).".to_string());
    }
    // The token's own signature (message digest and signature value), by OpenSSL; the TSA's
    // certificate is checked below, at the token's own time.
    let mut cms = CmsContentInfo::from_der(token).map_err(|e| unreadable(&e))?;
    let mut tst_der = Vec::new();
    cms.verify(
        None,
        None,
        None,
        Some(&mut tst_der),
        CMSOptions::NO_SIGNER_CERT_VERIFY | CMSOptions::BINARY,
    )
    .map_err(|_| {
        "La marca temporale è stata alterata: la firma dell'autorità non corrisponde.".to_string()
    })?;
    let (imprint, gen_time) = read_tst_info(&tst_der).map_err(|e| unreadable(&e))?;

    let Some(md) = digest_of(imprint.hash_algorithm.oid) else {
        return Err(format!(
            "La marca temporale usa un algoritmo di impronta non ammesso ({}).",
            imprint.hash_algorithm.oid
        ));
    };
    let expected = openssl::hash::hash(md, stamped).map_err(|e| unreadable(&e))?;
    if imprint.hashed_message.as_bytes() != expected.as_ref() {
        return Err(
            "La marca temporale non riguarda questa firma (l'impronta marcata è di altri dati)."
                .to_string(),
        );
    }

    let [si] = &sd.signer_infos.0.as_slice() else {
        return Err("La marca temporale deve avere una sola firma dell'autorità.".to_string());
    };
    let Some(tsa_cert) = find_signer_cert(&sd, &si.sid) else {
        return Err(
            "La marca temporale non include il certificato dell'autorità che l'ha emessa."
                .to_string(),
        );
    };
    let tsa = info_of(tsa_cert).common_name;
    let time_stamping = matches!(
        tsa_cert.tbs_certificate().get_extension::<ExtendedKeyUsage>(),
        Ok(Some((true, eku))) if eku.0 == [ID_KP_TIME_STAMPING]
    );
    if !time_stamping {
        return Err(format!(
            "Il certificato di «{tsa}» non è di un'autorità di marcatura temporale (manca l'uso esclusivo timeStamping)."
        ));
    }
    let tsa_der = tsa_cert.to_der().map_err(|e| unreadable(&e))?;
    let others: Vec<Vec<u8>> = crate::verify::certificates_of(&sd);
    if let Err(why) = check_chain(&tsa_der, &others, anchors, gen_time) {
        return Err(match why {
            Some(why) => format!("Marca temporale di «{tsa}» non attendibile: {why}"),
            None => format!(
                "Il certificato di «{tsa}» non era valido all'ora della marca ({}).",
                italian_date_time(gen_time)
            ),
        });
    }
    Ok(TrustedTime { at: gen_time, tsa })
}

/// `TSTInfo`'s message imprint and `genTime` (read by hand: a TSA may write fractional seconds,
/// which DER's `GeneralizedTime` type refuses, and the fields after them are not needed).
fn read_tst_info(der: &[u8]) -> Result<(MessageImprint, Timestamp), der::Error> {
    let mut reader = SliceReader::new(der)?;
    let out = reader.sequence(|r| {
        let _version = Int::decode(r)?;
        let _policy: ObjectIdentifier = ObjectIdentifier::decode(r)?;
        let imprint = MessageImprint::decode(r)?;
        let _serial = Int::decode(r)?;
        let gen_time = Any::decode(r)?;
        let rest = r.remaining_len();
        r.read_slice(rest)?;
        Ok::<_, der::Error>((imprint, gen_time))
    })?;
    let (imprint, gen_time) = out;
    if gen_time.tag() != der::Tag::GeneralizedTime {
        return Err(der::Tag::GeneralizedTime.value_error().into());
    }
    let time = parse_generalized_time(gen_time.value())
        .ok_or_else(|| der::Error::from(der::Tag::GeneralizedTime.value_error()))?;
    Ok((imprint, time))
}

/// `YYYYMMDDHHMMSS[.f+]Z` (the fraction is dropped: a second is precise enough here).
pub(crate) fn parse_generalized_time(bytes: &[u8]) -> Option<Timestamp> {
    let s = std::str::from_utf8(bytes).ok()?;
    let s = s.strip_suffix('Z')?;
    let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
    if whole.len() != 14
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || fraction.is_empty()
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let n = |a: usize, b: usize| whole[a..b].parse::<i16>().ok();
    let dt = jiff::civil::DateTime::new(
        n(0, 4)?,
        i8::try_from(n(4, 6)?).ok()?,
        i8::try_from(n(6, 8)?).ok()?,
        i8::try_from(n(8, 10)?).ok()?,
        i8::try_from(n(10, 12)?).ok()?,
        i8::try_from(n(12, 14)?).ok()?,
        0,
    )
    .ok()?;
    jiff::tz::Offset::UTC.to_timestamp(dt).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generalized_time_with_and_without_fraction() {
        let t = parse_generalized_time(b"20260329013000Z").expect("time");
        assert_eq!(t.to_string(), "2026-03-29T01:30:00Z");
        let f = parse_generalized_time(b"20260329013000.123Z").expect("fraction");
        assert_eq!(f, t);
        for bad in [
            &b"20260329013000"[..],
            b"2026032901300Z",
            b"20261329013000Z",
            b"20260329013000.Z",
            b"20260329013000+0100",
            b"2026-03-29T01:30Z",
        ] {
            assert_eq!(parse_generalized_time(bad), None, "{bad:?}");
        }
    }
}
