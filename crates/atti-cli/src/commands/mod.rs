//! One module per area, as in src-tauri/src/commands: each owns its clap commands (with their
//! Italian help) and a `run` that carries them out on atti-app and prints the outcome.

pub mod acts;
pub mod albo;
pub mod attachments;
pub mod audit;
pub mod comune;
pub mod controllo;
pub mod documents;
pub mod iter;
pub mod login;
pub mod modelli;
pub mod notifica;
pub mod pagopa;
pub mod seduta;
pub mod session;
pub mod signatures;
pub mod sync;
pub mod trasparenza;
pub mod verify;
