//! The PKCS#11 modules (smart-card drivers) the Comune allows. A module is a shared library
//! that Atti loads into its own process to talk to a card: an arbitrary path would run
//! arbitrary code as the clerk. So a module is loaded only if the Comune's settings list it,
//! when a device is configured and again at every signature; the list is the amministratore's
//! (an audited step). By default it holds the drivers of the usual Italian signature cards and
//! OpenSC where Debian and their vendors install them (docs/comune.md).

use crate::{AppError, AppResult, Atti, ErrorCode};
use std::path::{Path, PathBuf};

/// The setting that holds the list (one absolute path a line).
const PKCS11_MODULES: &str = "moduli_pkcs11";

/// The modules allowed until the amministratore says otherwise.
pub const DEFAULT_PKCS11_MODULES: &[&str] = &[
    // Bit4id (InfoCert, Aruba, Namirial cards and the miniLector readers).
    "/usr/lib/libbit4xpki.so",
    "/usr/lib/libbit4ipki.so",
    "/usr/lib/libbit4opki.so",
    "/usr/lib/bit4id/libbit4xpki.so",
    // Athena / Incard (Aruba, Poste).
    "/usr/lib/libASEP11.so",
    "/usr/lib/x86_64-linux-gnu/libASEP11.so",
    // OpenSC (CNS, CIE and most cards).
    "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
    "/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so",
    "/usr/lib/opensc-pkcs11.so",
];

/// The same file, however it is named (links resolved); the path itself when it does not exist.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

impl Atti {
    /// The PKCS#11 modules the Comune allows.
    pub fn pkcs11_modules(&self) -> AppResult<Vec<String>> {
        Ok(match self.store.setting(PKCS11_MODULES)? {
            Some(list) => list.lines().map(String::from).collect(),
            None => DEFAULT_PKCS11_MODULES
                .iter()
                .map(|m| m.to_string())
                .collect(),
        })
    }

    /// Sets the PKCS#11 modules the Comune allows (absolute paths): the amministratore's, an
    /// audited step. Returns the list as kept.
    pub fn pkcs11_modules_set(&mut self, modules: &[String]) -> AppResult<Vec<String>> {
        let admin = self.check_amministratore("cambiare i moduli PKCS#11 ammessi")?;
        let mut list: Vec<String> = Vec::new();
        for module in modules.iter().map(|m| m.trim()).filter(|m| !m.is_empty()) {
            if !Path::new(module).is_absolute()
                || module.chars().any(char::is_control)
                || module.len() > 500
            {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "modulo PKCS#11 non valido «{module}»: serve il percorso completo della libreria (per esempio /usr/lib/libbit4xpki.so)"
                    ),
                ));
            }
            if !list.iter().any(|m| m == module) {
                list.push(module.to_string());
            }
        }
        self.store.set_setting(PKCS11_MODULES, &list.join("\n"))?;
        self.audit_setting(
            &admin,
            "moduli PKCS#11 ammessi",
            serde_json::json!({ "moduli": list }),
        )?;
        Ok(list)
    }

    /// Refuses a PKCS#11 module the Comune does not allow.
    pub(crate) fn check_pkcs11_module(&self, module: &Path) -> AppResult<()> {
        let wanted = canonical(module);
        let allowed = self
            .pkcs11_modules()?
            .iter()
            .any(|m| canonical(Path::new(m)) == wanted);
        if allowed {
            return Ok(());
        }
        Err(AppError::new(
            ErrorCode::Forbidden,
            format!(
                "il modulo PKCS#11 {} non è tra quelli ammessi dal Comune: può aggiungerlo l'amministratore di sistema («atti comune moduli-pkcs11 --aggiungi»)",
                module.display()
            ),
        ))
    }
}
