//! Digital signatures for Atti: PAdES baseline B-B signatures on PDF/A originals (as incremental
//! updates, so a second signer keeps the first signature valid), CAdES-BES enveloping `.p7m` files
//! with parallel signers, their verification against trust anchors passed in, the checks made on a
//! signer's certificate before signing, and the identities that sign (PKCS#11 tokens through
//! `cryptoki`, PKCS#12 files, and demo identities issued by a local, clearly non-qualified CA).
//!
//! Verification trusts a time only from an RFC 3161 time-stamp token on the signature (from an
//! authority that chains to the anchors), and checks revocation with OCSP and CRLs: those in the
//! file, and those a caller's [`Fetch`] brings from the certificate's own pointers.
//!
//! It is not a trust service: it never opens a socket itself (the caller lends a [`Fetch`]), has
//! no trusted lists, never reads the clock (time is always passed in) and keeps no state. It does not decide
//! who may sign what: that is the domain's job (atti-core); here a signer is a [`Signer`].
//!
//! Crates, and why: the CMS/X.509 structures are RustCrypto's `cms` 0.3.0-rc.0, `x509-cert` 0.3 and
//! `der` 0.8, built field by field (the `cms` builder wants a `signature::Keypair`, which a PKCS#11
//! session is not). The `openssl` crate does the things OpenSSL is the reference for: PKCS#12 parse
//! and build, key generation and certificate issuing for the demo CA, signature verification for RSA
//! and ECDSA and the X.509 path validation at a given time. It replaces `p12-keystore` (0.4 pins
//! `cms =0.3.0-pre.1`, which clashes with `cms` 0.3.0-rc.0) and costs nothing new: libssl-dev is
//! already a build dependency of the app. `lopdf` reads the existing PDF (xref, catalog, pages,
//! AcroForm); only the appended incremental section is written by hand.

mod cades;
mod cert;
mod cms_build;
mod error;
mod pdf;
mod pkcs11;
mod revocation;
mod soft;
mod timestamp;
mod verify;

pub mod demo;
#[cfg(feature = "testkit")]
pub mod testkit;

use std::path::PathBuf;

pub use atti_core::Sensitive;
pub use cades::{cades_add_signer, cades_sign};
pub use cert::{CertInfo, cert_info, check_signer_certificate, der_to_pem, pem_to_der_certs};
pub use error::SignError;
pub use pdf::{PadesOptions, pades_sign};
pub use pkcs11::{Pkcs11Signer, pkcs11_certificate};
pub use revocation::Fetch;
pub use soft::SoftwareSigner;
pub use verify::{
    Format, Report, SignatureReport, check_trusted, verify, verify_detached, verify_with,
};

/// The signature algorithms we make. Verification accepts more (SHA-384/512, plain RSA).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum SignatureAlgorithm {
    /// RSA PKCS#1 v1.5 with SHA-256.
    RsaSha256,
    /// ECDSA on P-256 with SHA-256 (DER-encoded signature value).
    EcdsaP256Sha256,
}

/// Something that can sign: a key on a token, in a PKCS#12 file, or a test double.
pub trait Signer {
    /// The signer's certificate, DER.
    fn certificate(&self) -> &[u8];
    /// Intermediate certificates, DER, to embed in the signature.
    fn chain(&self) -> &[Vec<u8>] {
        &[]
    }
    /// The algorithm of [`Signer::sign`].
    fn algorithm(&self) -> SignatureAlgorithm;
    /// Signs `message` (hashing it with SHA-256 itself or through the token) and returns the value
    /// that goes in the CMS SignerInfo: PKCS#1 v1.5 bytes for RSA, a DER `Ecdsa-Sig-Value` for ECDSA.
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError>;
}

impl std::fmt::Debug for dyn Signer + '_ {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("algorithm", &self.algorithm())
            .finish_non_exhaustive()
    }
}

/// Where a signing identity lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentitySource {
    /// A key on a PKCS#11 token (smart card, USB key, SoftHSM2), with its certificate next to it
    /// under the same CKA_ID.
    Pkcs11 {
        /// The PKCS#11 module (a shared library), e.g. `/usr/lib/softhsm/libsofthsm2.so`.
        module: PathBuf,
        /// The token label.
        token_label: String,
        /// CKA_ID of the private key and its certificate.
        key_id: Vec<u8>,
    },
    /// A PKCS#12 file protected by a password (the "PIN").
    Pkcs12 {
        /// Path of the `.p12`/`.pfx` file.
        path: PathBuf,
    },
}

/// Opens a signing identity, logging in with `pin` (the token PIN or the PKCS#12 password).
pub fn open_identity(
    source: &IdentitySource,
    pin: &Sensitive<String>,
) -> Result<Box<dyn Signer>, SignError> {
    match source {
        IdentitySource::Pkcs11 {
            module,
            token_label,
            key_id,
        } => Ok(Box::new(Pkcs11Signer::open(
            module,
            token_label,
            key_id,
            pin,
        )?)),
        IdentitySource::Pkcs12 { path } => {
            let bytes = std::fs::read(path).map_err(|e| SignError::Io {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
            Ok(Box::new(SoftwareSigner::from_pkcs12(&bytes, pin)?))
        }
    }
}
