//! The Comune's seal: the ECDSA P-256 key that signs the contrassegno (QR) of every certified
//! paper copy.
//!
//! The private key lives in the OS keyring of the PC (account `sigillo:<fingerprint>`), never in
//! the SQLite file. The public keys live in the setting `sigillo_chiavi`, newest first, one SEC1
//! hex per line: the newest signs, all of them verify, so copies issued before a new key was
//! set keep verifying. The demo Comune starts on the demo key, which is derived from a public
//! phrase and protects nothing; any other Comune must generate or import its own key before it
//! issues a copy.

use crate::dto::SealInfo;
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::Sensitive;
use atti_docs::{SealKey, SealPublicKey};
use atti_sync::secrets::SecretStore;
use std::path::Path;

/// The setting with the Comune's seal public keys (SEC1 hex), newest first, one per line.
const SEAL_KEYS: &str = "sigillo_chiavi";

/// The setting with the keys retired, one per line: "<fingerprint> <yyyy-mm-dd>", the day from
/// which the key no longer vouches for the copies it seals.
const SEAL_RETIRED: &str = "sigillo_ritiri";

fn keyring_account(public: &SealPublicKey) -> String {
    format!("sigillo:{}", public.fingerprint())
}

fn keyring_failure(e: atti_sync::SyncError) -> AppError {
    AppError::new(ErrorCode::Signature, e.to_string())
}

impl Atti {
    /// The seal's public keys, newest first (the demo key for a demo Comune that set none).
    pub(crate) fn seal_public_keys(&self) -> AppResult<Vec<SealPublicKey>> {
        let setting = self.store.setting(SEAL_KEYS)?.unwrap_or_default();
        let mut keys = Vec::new();
        for line in setting.lines().filter(|l| !l.trim().is_empty()) {
            let bytes = hex::decode(line.trim()).map_err(|_| {
                AppError::new(
                    ErrorCode::Storage,
                    "l'impostazione delle chiavi di sigillo è illeggibile",
                )
            })?;
            keys.push(SealPublicKey::from_sec1_bytes(&bytes)?);
        }
        if keys.is_empty() && self.is_demo_comune()? {
            keys.push(SealKey::demo().public_key());
        }
        Ok(keys)
    }

    /// The key that seals new copies: the newest one, from the keyring (or the demo key).
    pub(crate) fn seal_key(&self) -> AppResult<SealKey> {
        let keys = self.seal_public_keys()?;
        let Some(current) = keys.first() else {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                "il Comune non ha ancora una chiave di sigillo per i contrassegni: generarla o importarla da Impostazioni › Sigillo dei contrassegni (oppure con «atti comune sigillo --genera» o «atti comune sigillo --importa FILE.pem»)",
            ));
        };
        let demo = SealKey::demo();
        if *current == demo.public_key() {
            return Ok(demo);
        }
        let secret = self
            .secret_store()
            .get(&keyring_account(current))
            .map_err(keyring_failure)?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Signature,
                    format!(
                        "la chiave di sigillo del Comune ({}) non è nel portachiavi di questo computer: importarla da Impostazioni › Sigillo dei contrassegni (oppure con «atti comune sigillo --importa FILE.pem»)",
                        current.fingerprint()
                    ),
                )
            })?;
        let bytes = hex::decode(secret.expose().trim()).map_err(|_| {
            AppError::new(
                ErrorCode::Signature,
                "la chiave di sigillo nel portachiavi è illeggibile",
            )
        })?;
        let key = SealKey::from_secret_bytes(&bytes)?;
        if key.public_key() != *current {
            return Err(AppError::new(
                ErrorCode::Signature,
                "la chiave di sigillo nel portachiavi non corrisponde a quella del Comune: reimportarla",
            ));
        }
        Ok(key)
    }

    /// The keys retired, by fingerprint, with the day they were retired from.
    pub(crate) fn seal_retirements(
        &self,
    ) -> AppResult<std::collections::HashMap<String, jiff::civil::Date>> {
        let setting = self.store.setting(SEAL_RETIRED)?.unwrap_or_default();
        let mut retired = std::collections::HashMap::new();
        for line in setting.lines().filter(|l| !l.trim().is_empty()) {
            let (fingerprint, day) = line.trim().split_once(' ').unwrap_or_default();
            let day = day.parse().map_err(|_| {
                AppError::new(
                    ErrorCode::Storage,
                    "l'impostazione delle chiavi di sigillo ritirate è illeggibile",
                )
            })?;
            retired.insert(fingerprint.to_string(), day);
        }
        Ok(retired)
    }

    /// Retires an earlier seal key from `from` (yyyy-mm-dd): a contrassegno it sealed for a copy
    /// issued on or after that day is refused (a lost or stolen key). The amministratore's, an
    /// audited step; the current key is retired by setting a new one first.
    pub fn seal_retire(&mut self, fingerprint: &str, from: &str) -> AppResult<SealInfo> {
        let admin = self.check_amministratore("ritirare una chiave di sigillo")?;
        let from: jiff::civil::Date = from.trim().parse().map_err(|_| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("data non valida «{from}»: scriverla come AAAA-MM-GG"),
            )
        })?;
        let keys = self.seal_public_keys()?;
        let fingerprint = fingerprint.trim();
        match keys.iter().position(|k| k.fingerprint() == fingerprint) {
            None => {
                return Err(AppError::new(
                    ErrorCode::NotFound,
                    format!("il Comune non ha una chiave di sigillo con impronta «{fingerprint}»"),
                ));
            }
            Some(0) => {
                return Err(AppError::new(
                    ErrorCode::NotAllowed,
                    "la chiave attuale sigilla le nuove copie: generarne o importarne prima un'altra, poi ritirare questa",
                ));
            }
            Some(_) => {}
        }
        let mut retired = self.seal_retirements()?;
        retired.insert(fingerprint.to_string(), from);
        let mut lines: Vec<String> = retired
            .iter()
            .map(|(fp, day)| format!("{fp} {day}"))
            .collect();
        lines.sort();
        self.store.set_setting(SEAL_RETIRED, &lines.join("\n"))?;
        self.audit_setting(
            &admin,
            "chiave di sigillo ritirata",
            serde_json::json!({ "impronta": fingerprint, "dal": from.to_string() }),
        )?;
        self.seal_info()
    }

    /// The seal as IT staff see it: the current key's fingerprint and public key (PEM, for the
    /// Comune's verification page), and whether it is the demo key.
    pub fn seal_info(&self) -> AppResult<SealInfo> {
        let keys = self.seal_public_keys()?;
        let Some(current) = keys.first() else {
            return Ok(SealInfo {
                fingerprint: None,
                public_key_pem: None,
                demo: false,
                previous_keys: 0,
                previous: Vec::new(),
                verification_url: self.verification_url()?.unwrap_or_default(),
            });
        };
        let retired = self.seal_retirements()?;
        let previous = keys[1..]
            .iter()
            .map(|k| {
                let fingerprint = k.fingerprint();
                let retired_from = retired.get(&fingerprint).map(ToString::to_string);
                crate::dto::PreviousSealKey {
                    fingerprint,
                    retired_from,
                }
            })
            .collect();
        Ok(SealInfo {
            fingerprint: Some(current.fingerprint()),
            public_key_pem: Some(current.to_pem()?),
            demo: *current == SealKey::demo().public_key(),
            previous_keys: keys.len() - 1,
            previous,
            verification_url: self.verification_url()?.unwrap_or_default(),
        })
    }

    /// Makes a new random seal key the Comune's: the private key goes to the OS keyring, the
    /// public one to the settings. Copies issued before keep verifying.
    pub fn seal_generate(&mut self) -> AppResult<SealInfo> {
        let admin = self.check_amministratore("generare la chiave di sigillo")?;
        self.seal_set(&admin, SealKey::generate()?)
    }

    /// Makes a P-256 key from a PEM file (PKCS#8 or SEC1, unencrypted) the Comune's seal: to
    /// use one key on every PC of the Comune, generate it once (e.g. `openssl genpkey
    /// -algorithm EC -pkeyopt ec_paramgen_curve:P-256`) and import it on each.
    pub fn seal_import(&mut self, path: &Path) -> AppResult<SealInfo> {
        let admin = self.check_amministratore("importare la chiave di sigillo")?;
        let bytes = crate::files::read_capped(path, 64 * 1024)?;
        let pem = Sensitive::new(String::from_utf8(bytes).map_err(|_| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("{} non è una chiave PEM (non è testo)", path.display()),
            )
        })?);
        let key = SealKey::from_pem(pem.expose())
            .map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
        self.seal_set(&admin, key)
    }

    fn seal_set(&mut self, admin: &atti_store::User, key: SealKey) -> AppResult<SealInfo> {
        let public = key.public_key();
        let secret = Sensitive::new(hex::encode(key.secret_bytes()));
        // The keyring first: a key in the settings without its private half would stop copies.
        self.secret_store()
            .set(&keyring_account(&public), &secret)
            .map_err(keyring_failure)?;
        let mut keys = vec![public];
        keys.extend(
            self.seal_public_keys()?
                .into_iter()
                .filter(|k| *k != public),
        );
        let setting: Vec<String> = keys
            .iter()
            .map(|k| hex::encode(k.to_sec1_bytes()))
            .collect();
        self.store.set_setting(SEAL_KEYS, &setting.join("\n"))?;
        let fingerprint = public.fingerprint();
        self.audit_setting(
            admin,
            "chiave di sigillo",
            serde_json::json!({ "impronta": fingerprint }),
        )?;
        self.seal_info()
    }
}
