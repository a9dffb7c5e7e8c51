//! PKCS#11 tokens through `cryptoki`: find the token by label, the key and certificate by CKA_ID,
//! log in with the PIN, sign with the best mechanism the token offers.

use std::path::Path;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error, RvError};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, AttributeType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use sha2::{Digest, Sha256};

use crate::cert::parse_cert;
use crate::{Sensitive, SignError, SignatureAlgorithm, Signer};

/// DER prefix of a DigestInfo for SHA-256 (RFC 8017 §9.2 note 1), for tokens that offer only
/// CKM_RSA_PKCS.
const SHA256_DIGEST_INFO: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

fn map_err(e: Error) -> SignError {
    match e {
        Error::Pkcs11(RvError::PinIncorrect | RvError::PinLenRange | RvError::PinInvalid, _) => {
            SignError::WrongPin
        }
        Error::Pkcs11(RvError::PinLocked, _) => SignError::PinLocked,
        Error::Pkcs11(
            RvError::TokenNotPresent | RvError::TokenNotRecognized | RvError::DeviceRemoved,
            _,
        ) => SignError::TokenNotFound,
        other => SignError::Pkcs11(other.to_string()),
    }
}

/// A wrong PIN says how close the token is to locking, as the token reports it.
fn after_failed_login(ctx: &Pkcs11, slot: Slot, err: SignError) -> SignError {
    if !matches!(err, SignError::WrongPin) {
        return err;
    }
    match ctx.get_token_info(slot) {
        Ok(info) if info.user_pin_locked() => SignError::PinLocked,
        Ok(info) if info.user_pin_final_try() => {
            SignError::WrongPinFewAttemptsLeft { last_try: true }
        }
        Ok(info) if info.user_pin_count_low() => {
            SignError::WrongPinFewAttemptsLeft { last_try: false }
        }
        _ => err,
    }
}

fn open_module(module: &Path) -> Result<Pkcs11, SignError> {
    let ctx = Pkcs11::new(module).map_err(|_| SignError::ModuleNotLoadable {
        module: module.display().to_string(),
    })?;
    match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) | Err(Error::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => Ok(ctx),
        Err(e) => Err(map_err(e)),
    }
}

fn find_slot(ctx: &Pkcs11, token_label: &str) -> Result<Slot, SignError> {
    for slot in ctx.get_slots_with_token().map_err(map_err)? {
        let info = ctx.get_token_info(slot).map_err(map_err)?;
        if info.label().trim_end() == token_label.trim_end() {
            return Ok(slot);
        }
    }
    Err(SignError::TokenNotFound)
}

fn find_one(
    session: &Session,
    class: ObjectClass,
    key_id: &[u8],
) -> Result<Option<ObjectHandle>, SignError> {
    let found = session
        .find_objects(&[Attribute::Class(class), Attribute::Id(key_id.to_vec())])
        .map_err(map_err)?;
    Ok(found.into_iter().next())
}

fn read_certificate(session: &Session, key_id: &[u8]) -> Result<Vec<u8>, SignError> {
    let handle = find_one(session, ObjectClass::CERTIFICATE, key_id)?
        .ok_or(SignError::CertificateNotFound)?;
    let attrs = session
        .get_attributes(handle, &[AttributeType::Value])
        .map_err(map_err)?;
    attrs
        .into_iter()
        .find_map(|a| match a {
            Attribute::Value(v) => Some(v),
            _ => None,
        })
        .ok_or(SignError::CertificateNotFound)
}

/// Reads the certificate stored next to `key_id` on the token, without logging in.
pub fn pkcs11_certificate(
    module: &Path,
    token_label: &str,
    key_id: &[u8],
) -> Result<Vec<u8>, SignError> {
    let ctx = open_module(module)?;
    let slot = find_slot(&ctx, token_label)?;
    let session = ctx.open_ro_session(slot).map_err(map_err)?;
    read_certificate(&session, key_id)
}

enum TokenMechanism {
    Sha256RsaPkcs,
    RsaPkcs,
    Ecdsa,
}

/// A logged-in session on a PKCS#11 token, with the key to sign with. RSA keys sign with
/// CKM_SHA256_RSA_PKCS when the token offers it, else with CKM_RSA_PKCS over a DigestInfo built
/// here; P-256 keys with plain CKM_ECDSA over a SHA-256 computed here (r || s turned into DER).
pub struct Pkcs11Signer {
    session: Session,
    key: ObjectHandle,
    cert: Vec<u8>,
    mechanism: TokenMechanism,
    // Keeps the module loaded for as long as the session lives.
    _ctx: Pkcs11,
}

impl std::fmt::Debug for Pkcs11Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkcs11Signer").finish_non_exhaustive()
    }
}

impl Pkcs11Signer {
    /// Signs RSA with plain CKM_RSA_PKCS (DigestInfo built here) even when the token offers
    /// CKM_SHA256_RSA_PKCS: what many smart cards need, and how tests exercise that path.
    pub fn with_plain_rsa_pkcs(mut self) -> Self {
        if matches!(self.mechanism, TokenMechanism::Sha256RsaPkcs) {
            self.mechanism = TokenMechanism::RsaPkcs;
        }
        self
    }

    /// Opens the token `token_label` of `module`, logs in with `pin` and finds key and
    /// certificate under `key_id`.
    pub fn open(
        module: &Path,
        token_label: &str,
        key_id: &[u8],
        pin: &Sensitive<String>,
    ) -> Result<Self, SignError> {
        let ctx = open_module(module)?;
        let slot = find_slot(&ctx, token_label)?;
        let session = ctx.open_ro_session(slot).map_err(map_err)?;
        let cert = read_certificate(&session, key_id)?;
        let auth = AuthPin::from(pin.expose().clone());
        match session.login(UserType::User, Some(&auth)) {
            Ok(()) | Err(Error::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {}
            Err(e) => return Err(after_failed_login(&ctx, slot, map_err(e))),
        }
        let key =
            find_one(&session, ObjectClass::PRIVATE_KEY, key_id)?.ok_or(SignError::KeyNotFound)?;
        let is_rsa = parse_cert(&cert)?
            .tbs_certificate()
            .subject_public_key_info()
            .algorithm
            .oid
            .to_string()
            == "1.2.840.113549.1.1.1";
        let mechanisms = ctx.get_mechanism_list(slot).map_err(map_err)?;
        let mechanism = if !is_rsa {
            TokenMechanism::Ecdsa
        } else if mechanisms.contains(&MechanismType::SHA256_RSA_PKCS) {
            TokenMechanism::Sha256RsaPkcs
        } else {
            TokenMechanism::RsaPkcs
        };
        Ok(Pkcs11Signer {
            session,
            key,
            cert,
            mechanism,
            _ctx: ctx,
        })
    }
}

impl Signer for Pkcs11Signer {
    fn certificate(&self) -> &[u8] {
        &self.cert
    }
    fn algorithm(&self) -> SignatureAlgorithm {
        match self.mechanism {
            TokenMechanism::Ecdsa => SignatureAlgorithm::EcdsaP256Sha256,
            _ => SignatureAlgorithm::RsaSha256,
        }
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        match self.mechanism {
            TokenMechanism::Sha256RsaPkcs => self
                .session
                .sign(&Mechanism::Sha256RsaPkcs, self.key, message)
                .map_err(map_err),
            TokenMechanism::RsaPkcs => {
                let mut digest_info = SHA256_DIGEST_INFO.to_vec();
                digest_info.extend_from_slice(&Sha256::digest(message));
                self.session
                    .sign(&Mechanism::RsaPkcs, self.key, &digest_info)
                    .map_err(map_err)
            }
            TokenMechanism::Ecdsa => {
                let raw = self
                    .session
                    .sign(&Mechanism::Ecdsa, self.key, &Sha256::digest(message))
                    .map_err(map_err)?;
                // PKCS#11 returns r || s; CMS wants the DER Ecdsa-Sig-Value.
                if raw.len() % 2 != 0 || raw.is_empty() {
                    return Err(SignError::Pkcs11(
                        "firma ECDSA di lunghezza inattesa".to_string(),
                    ));
                }
                let (r, s) = raw.split_at(raw.len() / 2);
                let sig = openssl::ecdsa::EcdsaSig::from_private_components(
                    openssl::bn::BigNum::from_slice(r)?,
                    openssl::bn::BigNum::from_slice(s)?,
                )?;
                Ok(sig.to_der()?)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cryptoki::context::Function;

    // SoftHSM 2.6 never locks a PIN (it answers CKR_PIN_INCORRECT forever), so the mapping of
    // CKR_PIN_LOCKED is checked here.
    #[test]
    fn pin_errors_map_to_named_variants() {
        let locked = map_err(Error::Pkcs11(RvError::PinLocked, Function::Login));
        assert!(matches!(locked, SignError::PinLocked));
        assert!(locked.to_string().starts_with("PIN bloccato: "));
        let wrong = map_err(Error::Pkcs11(RvError::PinIncorrect, Function::Login));
        assert_eq!(wrong.to_string(), "PIN errato.");
    }
}
