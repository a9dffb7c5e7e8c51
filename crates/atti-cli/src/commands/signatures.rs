//! Signing: an act with the user's device (`atti sign`), and the users' signing devices
//! (`atti identity`).

use crate::input::read_pin;
use crate::print;
use atti_app::dto::SignOutcome;
use atti_app::{AppError, AppResult, Atti, ErrorCode, IdentityInput};
use atti_core::ActId;
use atti_core::iter::Action;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// Firma l'atto come utente corrente (adozione o firma della delibera), con il suo dispositivo.
    Sign {
        /// Identificativo dell'atto.
        id: i64,
        /// Legge il PIN dallo standard input invece di chiederlo.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Il dispositivo di firma degli utenti.
    #[command(subcommand)]
    Identity(IdentityCommand),
}

#[derive(Subcommand)]
pub enum IdentityCommand {
    /// Configura il dispositivo di firma di un utente: smart card (PKCS#11) o file PKCS#12.
    Add {
        /// L'utente.
        #[arg(long, value_name = "UTENTE")]
        user: String,
        /// Modulo PKCS#11 della smart card (es. /usr/lib/libbit4xpki.so).
        #[arg(long, conflicts_with = "p12", requires_all = ["token", "key_id"], value_name = "MODULO.so")]
        pkcs11: Option<PathBuf>,
        /// Etichetta del token.
        #[arg(long, value_name = "ETICHETTA")]
        token: Option<String>,
        /// Id della chiave (esadecimale).
        #[arg(long, value_name = "ESADECIMALE")]
        key_id: Option<String>,
        /// File PKCS#12 (.p12, .pfx); la password è chiesta o letta con --pin-stdin.
        #[arg(long, required_unless_present = "pkcs11", value_name = "FILE.p12")]
        p12: Option<PathBuf>,
        /// Legge la password del file PKCS#12 dallo standard input.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Mostra il dispositivo di firma di un utente e lo stato del certificato.
    Show {
        /// L'utente (predefinito: l'utente corrente).
        #[arg(long, value_name = "UTENTE")]
        user: Option<String>,
    },
}

pub fn run(atti: &mut Atti, command: Command, json: bool) -> AppResult<()> {
    match command {
        Command::Sign { id, pin_stdin } => {
            let action = atti.signing_action(ActId(id))?;
            let outcome = sign_with_pin(atti, ActId(id), action, pin_stdin)?;
            if json {
                print::json(&outcome)
            } else {
                outln!("Firmato: {}", outcome.files.join(", "));
                print::iter_status(&outcome.status)
            }
            Ok(())
        }
        Command::Identity(IdentityCommand::Add {
            user,
            pkcs11,
            token,
            key_id,
            p12,
            pin_stdin,
        }) => {
            let (input, pin) = match (pkcs11, p12) {
                (Some(module), _) => (
                    IdentityInput::Pkcs11 {
                        module,
                        token_label: token.unwrap_or_default(),
                        key_id: key_id.unwrap_or_default(),
                    },
                    None,
                ),
                (None, Some(path)) => (
                    IdentityInput::Pkcs12 { path },
                    Some(read_pin(pin_stdin, "Password del file PKCS#12: ")?),
                ),
                (None, None) => {
                    return Err(AppError::new(
                        ErrorCode::InvalidInput,
                        "indicare --pkcs11 MODULO --token ETICHETTA --key-id HEX oppure --p12 FILE",
                    ));
                }
            };
            let identity = atti.identity_add(&user, &input, pin.as_ref())?;
            print::warnings(&identity.warnings);
            if json {
                print::json(&identity)
            } else {
                print::identity(&identity)
            }
            Ok(())
        }
        Command::Identity(IdentityCommand::Show { user }) => {
            let user = match user {
                Some(u) => u,
                None => atti.session_info()?.user.username,
            };
            match atti.identity(&user)? {
                Some(identity) if json => print::json(&identity),
                Some(identity) => print::identity(&identity),
                None => {
                    return Err(AppError::new(
                        ErrorCode::NotFound,
                        format!("l'utente {user} non ha un dispositivo di firma configurato"),
                    ));
                }
            }
            Ok(())
        }
    }
}

/// Signs (`action`: adotta or firma) after reading the PIN; the certificate's warnings go to
/// stderr. The caller has already checked that the user may sign, before the PIN is asked.
pub fn sign_with_pin(
    atti: &mut Atti,
    id: ActId,
    action: Action,
    pin_stdin: bool,
) -> AppResult<SignOutcome> {
    let pin = read_pin(pin_stdin, "PIN del dispositivo di firma: ")?;
    let outcome = atti.sign_as(id, action, &pin)?;
    print::warnings(&outcome.warnings);
    Ok(outcome)
}
