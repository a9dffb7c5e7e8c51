//! Demo identities: a local CA and per-user software identities (PKCS#12), for trying Atti and for
//! tests. Their certificates are shaped like Italian qualified ones (subject serialNumber
//! `TINIT-<CF>`, givenName, surname, keyUsage nonRepudiation critical, certificatePolicies,
//! AIA/CRL URLs under the reserved `.invalid` domain) and marked "NON QUALIFICATA - SOLO PROVA" in
//! the subject of the CA (O and CN) and of every user (O); the Comune goes in OU. OpenSSL (the `openssl` crate) makes keys, certificates
//! and PKCS#12 files; the extensions that its builders lack are encoded with `x509-cert`.

use const_oid::ObjectIdentifier;
use der::Encode;
use der::asn1::Ia5String;
use jiff::{SignedDuration, Timestamp};
use openssl::asn1::{Asn1Object, Asn1OctetString, Asn1Time};
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private, Public};
use openssl::rsa::Rsa;
use openssl::x509::extension::{
    AuthorityKeyIdentifier, BasicConstraints, KeyUsage, SubjectKeyIdentifier,
};
use openssl::x509::{X509, X509Builder, X509Extension, X509Name, X509NameBuilder};
use x509_cert::ext::pkix::certpolicy::PolicyInformation;
use x509_cert::ext::pkix::crl::dp::DistributionPoint;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{
    AccessDescription, AuthorityInfoAccessSyntax, CertificatePolicies, CrlDistributionPoints,
};

use crate::{Sensitive, SignError, SoftwareSigner};

/// The mark carried by every demo certificate.
pub const DEMO_MARK: &str = "NON QUALIFICATA - SOLO PROVA";

/// anyPolicy: a demo certificate claims no real (qualified) policy.
const DEMO_POLICY: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.32.0");
const ID_AD_CA_ISSUERS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.2");
const ID_AD_OCSP: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1");

/// A demo certification authority, with its key.
pub struct DemoCa {
    key: PKey<Private>,
    cert: X509,
    comune: String,
}

impl std::fmt::Debug for DemoCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoCa")
            .field("comune", &self.comune)
            .finish_non_exhaustive()
    }
}

/// The certificate of a demo user: who and when, and whether it may sign (tests make bad ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCertSpec {
    /// givenName.
    pub given_name: String,
    /// surname.
    pub surname: String,
    /// Codice fiscale, in serialNumber `TINIT-<CF>`.
    pub codice_fiscale: String,
    /// Start of validity.
    pub not_before: Timestamp,
    /// End of validity.
    pub not_after: Timestamp,
    /// keyUsage nonRepudiation (critical) when true, digitalSignature only when false.
    pub non_repudiation: bool,
    /// The OCSP responder named in authorityInfoAccess (none by default).
    pub ocsp_url: Option<String>,
    /// The CRL named in cRLDistributionPoints (by default an address under `.invalid`).
    pub crl_url: Option<String>,
}

impl UserCertSpec {
    /// A signing certificate valid from a day before `now` for about three years.
    pub fn new(given_name: &str, surname: &str, codice_fiscale: &str, now: Timestamp) -> Self {
        UserCertSpec {
            given_name: given_name.to_string(),
            surname: surname.to_string(),
            codice_fiscale: codice_fiscale.trim().to_uppercase(),
            not_before: now - SignedDuration::from_hours(24),
            not_after: now + SignedDuration::from_hours(24 * (3 * 365 + 1)),
            non_repudiation: true,
            ocsp_url: None,
            crl_url: None,
        }
    }
}

/// The kind of key a demo identity gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA 3072.
    Rsa3072,
    /// ECDSA P-256.
    EcP256,
}

fn asn1_time(t: Timestamp) -> Result<Asn1Time, SignError> {
    Ok(Asn1Time::from_unix(t.as_second() as _)?)
}

fn serial() -> Result<openssl::asn1::Asn1Integer, SignError> {
    let mut bn = BigNum::new()?;
    bn.rand(127, MsbOption::MAYBE_ZERO, false)?;
    Ok(bn.to_asn1_integer()?)
}

fn der_extension(
    oid: &str,
    critical: bool,
    value: &impl Encode,
) -> Result<X509Extension, SignError> {
    let object = Asn1Object::from_str(oid)?;
    let contents = Asn1OctetString::new_from_bytes(&value.to_der()?)?;
    Ok(X509Extension::new_from_der(&object, critical, &contents)?)
}

fn uri(s: &str) -> Result<GeneralName, SignError> {
    Ok(GeneralName::UniformResourceIdentifier(Ia5String::new(s)?))
}

pub(crate) fn new_key(kind: KeyKind) -> Result<PKey<Private>, SignError> {
    Ok(match kind {
        KeyKind::Rsa3072 => PKey::from_rsa(Rsa::generate(3072)?)?,
        KeyKind::EcP256 => {
            let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1)?;
            PKey::from_ec_key(EcKey::generate(&group)?)?
        }
    })
}

/// "Comune di <comune>", cut to the 64 characters X.520 allows.
fn unit(comune: &str) -> String {
    format!("Comune di {comune}").chars().take(64).collect()
}

fn slug(comune: &str) -> String {
    comune
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

impl DemoCa {
    /// A new CA for `comune` with an RSA-3072 key, valid from a day before `now` for ten
    /// years.
    pub fn generate(comune: &str, now: Timestamp) -> Result<DemoCa, SignError> {
        DemoCa::generate_with(comune, now, KeyKind::Rsa3072)
    }

    /// [`DemoCa::generate`] with a key of `kind` (EC P-256 keys are made in microseconds, RSA
    /// ones in about half a second each: the app's first start uses EC).
    pub fn generate_with(comune: &str, now: Timestamp, kind: KeyKind) -> Result<DemoCa, SignError> {
        let key = new_key(kind)?;
        let mut name = X509NameBuilder::new()?;
        name.append_entry_by_nid(Nid::COUNTRYNAME, "IT")?;
        name.append_entry_by_nid(Nid::ORGANIZATIONNAME, DEMO_MARK)?;
        name.append_entry_by_nid(Nid::ORGANIZATIONALUNITNAME, &unit(comune))?;
        name.append_entry_by_nid(Nid::COMMONNAME, &format!("CA di prova - {DEMO_MARK}"))?;
        let name = name.build();
        let mut b = X509Builder::new()?;
        b.set_version(2)?;
        let sn = serial()?;
        b.set_serial_number(&sn)?;
        b.set_subject_name(&name)?;
        b.set_issuer_name(&name)?;
        b.set_pubkey(&key)?;
        let (from, to) = (
            asn1_time(now - SignedDuration::from_hours(24))?,
            asn1_time(now + SignedDuration::from_hours(24 * 3653))?,
        );
        b.set_not_before(&from)?;
        b.set_not_after(&to)?;
        b.append_extension(BasicConstraints::new().critical().ca().build()?)?;
        b.append_extension(
            KeyUsage::new()
                .critical()
                .key_cert_sign()
                .crl_sign()
                .build()?,
        )?;
        let ski = SubjectKeyIdentifier::new().build(&b.x509v3_context(None, None))?;
        b.append_extension(ski)?;
        b.sign(&key, MessageDigest::sha256())?;
        Ok(DemoCa {
            key,
            cert: b.build(),
            comune: comune.to_string(),
        })
    }

    /// The CA certificate, PEM (the trust anchor to configure).
    pub fn certificate_pem(&self) -> String {
        self.cert
            .to_pem()
            .map(|p| String::from_utf8_lossy(&p).into_owned())
            .unwrap_or_default()
    }

    /// The CA's private key, PEM (unencrypted): for the test tools that act as this CA
    /// (`openssl ca -gencrl`, `openssl ocsp`).
    #[cfg(feature = "testkit")]
    pub(crate) fn private_key_pem(&self) -> Result<Vec<u8>, SignError> {
        Ok(self.key.private_key_to_pem_pkcs8()?)
    }

    /// The CA certificate, DER.
    pub fn certificate_der(&self) -> Result<Vec<u8>, SignError> {
        Ok(self.cert.to_der()?)
    }

    /// The CA with its key as a PKCS#12 file, to keep it between runs.
    pub fn to_pkcs12(&self, password: &Sensitive<String>) -> Result<Vec<u8>, SignError> {
        let p12 = openssl::pkcs12::Pkcs12::builder()
            .name(&self.comune)
            .pkey(&self.key)
            .cert(&self.cert)
            .build2(password.expose())?;
        Ok(p12.to_der()?)
    }

    /// A CA kept with [`DemoCa::to_pkcs12`].
    pub fn from_pkcs12(der: &[u8], password: &Sensitive<String>) -> Result<DemoCa, SignError> {
        let parsed = openssl::pkcs12::Pkcs12::from_der(der)?
            .parse2(password.expose())
            .map_err(|_| SignError::WrongPin)?;
        let (Some(key), Some(cert)) = (parsed.pkey, parsed.cert) else {
            return Err(SignError::KeyNotFound);
        };
        // The Comune is in the subject OU: "Comune di <comune>".
        let comune = cert
            .subject_name()
            .entries_by_nid(Nid::ORGANIZATIONALUNITNAME)
            .next()
            .and_then(|e| e.data().to_string().ok())
            .and_then(|o| o.strip_prefix("Comune di ").map(str::to_string))
            .ok_or_else(|| {
                SignError::BadCertificate("non è una CA di prova di Atti".to_string())
            })?;
        Ok(DemoCa { key, cert, comune })
    }

    /// A user certificate for `public_key` (SubjectPublicKeyInfo, DER: e.g. read from a token).
    pub fn issue_certificate(
        &self,
        spec: &UserCertSpec,
        public_key_der: &[u8],
    ) -> Result<Vec<u8>, SignError> {
        let public: PKey<Public> = PKey::public_key_from_der(public_key_der)?;
        Ok(self.issue(spec, &public)?.to_der()?)
    }

    fn issue<T: openssl::pkey::HasPublic>(
        &self,
        spec: &UserCertSpec,
        public: &PKey<T>,
    ) -> Result<X509, SignError> {
        let mut name = X509NameBuilder::new()?;
        name.append_entry_by_nid(Nid::COUNTRYNAME, "IT")?;
        name.append_entry_by_nid(Nid::ORGANIZATIONNAME, DEMO_MARK)?;
        name.append_entry_by_nid(Nid::ORGANIZATIONALUNITNAME, &unit(&self.comune))?;
        name.append_entry_by_nid(Nid::SURNAME, &spec.surname)?;
        name.append_entry_by_nid(Nid::GIVENNAME, &spec.given_name)?;
        name.append_entry_by_nid(Nid::SERIALNUMBER, &format!("TINIT-{}", spec.codice_fiscale))?;
        name.append_entry_by_nid(
            Nid::COMMONNAME,
            &format!("{} {}", spec.given_name, spec.surname),
        )?;
        let name: X509Name = name.build();
        let mut b = X509Builder::new()?;
        b.set_version(2)?;
        let sn = serial()?;
        b.set_serial_number(&sn)?;
        b.set_subject_name(&name)?;
        b.set_issuer_name(self.cert.subject_name())?;
        b.set_pubkey(public)?;
        let (from, to) = (asn1_time(spec.not_before)?, asn1_time(spec.not_after)?);
        b.set_not_before(&from)?;
        b.set_not_after(&to)?;
        b.append_extension(BasicConstraints::new().critical().build()?)?;
        let mut ku = KeyUsage::new();
        ku.critical();
        if spec.non_repudiation {
            ku.non_repudiation();
        } else {
            ku.digital_signature();
        }
        b.append_extension(ku.build()?)?;
        let ski = SubjectKeyIdentifier::new().build(&b.x509v3_context(Some(&self.cert), None))?;
        b.append_extension(ski)?;
        let aki = AuthorityKeyIdentifier::new()
            .keyid(true)
            .build(&b.x509v3_context(Some(&self.cert), None))?;
        b.append_extension(aki)?;
        let policies = CertificatePolicies(vec![PolicyInformation {
            policy_identifier: DEMO_POLICY,
            policy_qualifiers: None,
        }]);
        b.append_extension(der_extension("2.5.29.32", false, &policies)?)?;
        let base = format!("http://ca-prova-{}.invalid", slug(&self.comune));
        let mut access = vec![AccessDescription {
            access_method: ID_AD_CA_ISSUERS,
            access_location: uri(&format!("{base}/ca.crt"))?,
        }];
        if let Some(url) = &spec.ocsp_url {
            access.push(AccessDescription {
                access_method: ID_AD_OCSP,
                access_location: uri(url)?,
            });
        }
        let aia = AuthorityInfoAccessSyntax(access);
        b.append_extension(der_extension("1.3.6.1.5.5.7.1.1", false, &aia)?)?;
        let crl = CrlDistributionPoints(vec![DistributionPoint {
            distribution_point: Some(DistributionPointName::FullName(vec![uri(spec
                .crl_url
                .as_deref()
                .unwrap_or(&format!("{base}/ca.crl")))?])),
            reasons: None,
            crl_issuer: None,
        }]);
        b.append_extension(der_extension("2.5.29.31", false, &crl)?)?;
        b.sign(&self.key, MessageDigest::sha256())?;
        Ok(b.build())
    }

    /// A software signer with a new key of `kind` and a certificate per `spec`.
    pub fn issue_signer(
        &self,
        spec: &UserCertSpec,
        kind: KeyKind,
    ) -> Result<SoftwareSigner, SignError> {
        let key = new_key(kind)?;
        let cert = self.issue(spec, &key)?;
        SoftwareSigner::new(key, cert.to_der()?, Vec::new())
    }

    /// A PKCS#12 file (RSA 3072 key, certificate valid ~3 years from `now`, the CA certificate)
    /// protected by `password`.
    pub fn issue_pkcs12(
        &self,
        given_name: &str,
        surname: &str,
        codice_fiscale: &str,
        password: &Sensitive<String>,
        now: Timestamp,
    ) -> Result<Vec<u8>, SignError> {
        let spec = UserCertSpec::new(given_name, surname, codice_fiscale, now);
        self.pkcs12_for(&spec, KeyKind::Rsa3072, password)
    }

    /// A PKCS#12 file for any `spec` and key kind.
    pub fn pkcs12_for(
        &self,
        spec: &UserCertSpec,
        kind: KeyKind,
        password: &Sensitive<String>,
    ) -> Result<Vec<u8>, SignError> {
        let key = new_key(kind)?;
        let cert = self.issue(spec, &key)?;
        let mut ca = openssl::stack::Stack::new()?;
        ca.push(self.cert.clone())?;
        let p12 = openssl::pkcs12::Pkcs12::builder()
            .name(&format!("{} {}", spec.given_name, spec.surname))
            .pkey(&key)
            .cert(&cert)
            .ca(ca)
            .build2(password.expose())?;
        Ok(p12.to_der()?)
    }
}
