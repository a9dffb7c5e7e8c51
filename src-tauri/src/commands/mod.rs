//! One module per area; each command is a 1-3 line adapter over atti-app.

pub mod acts;
pub mod albo;
pub mod attachments;
pub mod controllo;
pub mod documents;
pub mod iter;
pub mod modelli;
pub mod notifiche;
pub mod sedute;
pub mod session;
pub mod signatures;
pub mod sync;
