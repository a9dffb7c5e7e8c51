//! The one error type of the crate; every message is Italian and says what to do.

use jiff::Timestamp;

use crate::cert::italian_date;

/// What went wrong while signing, opening an identity or reading a signed file.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The PIN (or the PKCS#12 password) is wrong.
    #[error("PIN errato.")]
    WrongPin,
    /// The PIN is wrong and the token says few attempts are left before it locks
    /// (CKF_USER_PIN_COUNT_LOW), or only one (CKF_USER_PIN_FINAL_TRY).
    #[error("{}", if *last_try {
        "PIN errato. Attenzione: al prossimo PIN errato il dispositivo si blocca; in caso di dubbio fermarsi e recuperare il PIN."
    } else {
        "PIN errato. Attenzione: il dispositivo segnala che restano pochi tentativi prima del blocco."
    })]
    WrongPinFewAttemptsLeft {
        /// Only one attempt is left.
        last_try: bool,
    },
    /// Too many wrong PINs: the token refuses further attempts.
    #[error(
        "PIN bloccato: troppi tentativi errati. Sbloccarlo con il PUK del dispositivo o rivolgersi a chi lo ha rilasciato."
    )]
    PinLocked,
    /// The PKCS#11 module cannot be loaded.
    #[error(
        "Impossibile usare il software del dispositivo di firma ({module}): controllare che sia installato."
    )]
    ModuleNotLoadable {
        /// Path of the module.
        module: String,
    },
    /// No token with that label is present.
    #[error("Dispositivo di firma non trovato: inserire la smart card o controllare il lettore.")]
    TokenNotFound,
    /// The token has no private key with that id.
    #[error(
        "Chiave di firma non trovata sul dispositivo: controllare la configurazione della firma."
    )]
    KeyNotFound,
    /// The token has no certificate with that id.
    #[error(
        "Certificato di firma non trovato sul dispositivo: controllare la configurazione della firma."
    )]
    CertificateNotFound,
    /// The certificate expired before the signing time.
    #[error("Certificato scaduto il {}: serve un certificato rinnovato per firmare.", italian_date(*not_after))]
    CertificateExpired {
        /// End of validity.
        not_after: Timestamp,
    },
    /// The certificate is not valid yet at the signing time.
    #[error("Certificato non ancora valido: lo sarà dal {}.", italian_date(*not_before))]
    CertificateNotYetValid {
        /// Start of validity.
        not_before: Timestamp,
    },
    /// The certificate lacks the keyUsage nonRepudiation (contentCommitment).
    #[error("Il certificato non ha l'uso «non ripudio» richiesto per firmare.")]
    NoNonRepudiation,
    /// The certificate belongs to someone else.
    #[error(
        "Il certificato è intestato a {holder} (codice fiscale {found}), non all'utente ({expected})."
    )]
    NotTheUser {
        /// The holder's name as in the certificate.
        holder: String,
        /// The codice fiscale in the certificate (or "assente").
        found: String,
        /// The user's codice fiscale.
        expected: String,
    },
    /// A certificate that cannot be read.
    #[error("Certificato non leggibile: {0}.")]
    BadCertificate(String),
    /// A signer's certificate that does not chain to the trust anchors given.
    #[error("{0}")]
    Untrusted(String),
    /// A PDF, p7m or key file that is not what it should be.
    #[error("{0}")]
    Malformed(String),
    /// The file carries no signature at all.
    #[error("Il file non è un documento firmato digitalmente (né PDF firmato né .p7m).")]
    NotSigned,
    /// The PDF already has a field with the requested name.
    #[error("Il PDF ha già un campo firma «{0}»: scegliere un altro nome.")]
    FieldExists(String),
    /// Other PKCS#11 failures (never carries the PIN).
    #[error("Errore del dispositivo di firma: {0}.")]
    Pkcs11(String),
    /// Failures of the cryptographic library.
    #[error("Errore crittografico: {0}.")]
    Crypto(String),
    /// A file could not be read.
    #[error("Impossibile leggere il file {path}: {reason}.")]
    Io {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
}

impl From<openssl::error::ErrorStack> for SignError {
    fn from(e: openssl::error::ErrorStack) -> Self {
        SignError::Crypto(e.to_string())
    }
}

impl From<der::Error> for SignError {
    fn from(e: der::Error) -> Self {
        SignError::Malformed(format!("Struttura ASN.1 non valida: {e}"))
    }
}
