//! A software identity: a private key in memory, from a PKCS#12 file (parsed by OpenSSL).

use openssl::hash::MessageDigest;
use openssl::pkey::{Id, PKey, Private};

use crate::{Sensitive, SignError, SignatureAlgorithm, Signer};

/// A key and its certificate held in memory (from a PKCS#12 file or made by the demo CA).
pub struct SoftwareSigner {
    key: PKey<Private>,
    cert: Vec<u8>,
    chain: Vec<Vec<u8>>,
    algorithm: SignatureAlgorithm,
}

impl std::fmt::Debug for SoftwareSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoftwareSigner")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl SoftwareSigner {
    /// Opens a PKCS#12 file with its password. A wrong password is [`SignError::WrongPin`].
    pub fn from_pkcs12(der: &[u8], password: &Sensitive<String>) -> Result<Self, SignError> {
        let p12 = openssl::pkcs12::Pkcs12::from_der(der).map_err(|_| {
            SignError::Malformed(
                "Il file non è un'identità PKCS#12 (.p12/.pfx) valida.".to_string(),
            )
        })?;
        let parsed = p12
            .parse2(password.expose())
            .map_err(|_| SignError::WrongPin)?;
        let key = parsed.pkey.ok_or(SignError::KeyNotFound)?;
        let cert = parsed
            .cert
            .ok_or(SignError::CertificateNotFound)?
            .to_der()?;
        let mut chain = Vec::new();
        if let Some(ca) = parsed.ca {
            for c in ca.iter() {
                chain.push(c.to_der()?);
            }
        }
        Self::new(key, cert, chain)
    }

    /// A signer from an OpenSSL key and its certificate (DER) and intermediates (DER).
    pub fn new(key: PKey<Private>, cert: Vec<u8>, chain: Vec<Vec<u8>>) -> Result<Self, SignError> {
        let algorithm = match key.id() {
            Id::RSA => SignatureAlgorithm::RsaSha256,
            Id::EC => SignatureAlgorithm::EcdsaP256Sha256,
            _ => {
                return Err(SignError::Crypto(
                    "tipo di chiave non supportato (servono RSA o ECDSA P-256)".to_string(),
                ));
            }
        };
        let x509 = openssl::x509::X509::from_der(&cert)?;
        if !x509.public_key()?.public_eq(&key) {
            return Err(SignError::BadCertificate(
                "il certificato non corrisponde alla chiave privata".to_string(),
            ));
        }
        Ok(SoftwareSigner {
            key,
            cert,
            chain,
            algorithm,
        })
    }
}

impl Signer for SoftwareSigner {
    fn certificate(&self) -> &[u8] {
        &self.cert
    }
    fn chain(&self) -> &[Vec<u8>] {
        &self.chain
    }
    fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        let mut signer = openssl::sign::Signer::new(MessageDigest::sha256(), &self.key)?;
        signer.update(message)?;
        Ok(signer.sign_to_vec()?)
    }
}
