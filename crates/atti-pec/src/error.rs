//! What can go wrong with the PEC, in Italian.

/// An error of the PEC mailbox or of a receipt.
#[derive(Debug, thiserror::Error)]
pub enum PecError {
    /// The settings are wrong.
    #[error("Configurazione PEC: {0}")]
    Config(String),
    /// The provider could not be reached or the connection broke.
    #[error(
        "Il gestore PEC non risponde ({0}): riprovare più tardi; il messaggio non è stato inviato o la ricevuta non è stata letta."
    )]
    Network(String),
    /// The provider's certificate is not trusted.
    #[error("Il certificato del gestore PEC non è valido ({0}).")]
    Tls(String),
    /// User or password refused.
    #[error("Il gestore PEC ha rifiutato utente o password della casella.")]
    Auth,
    /// The provider refused the message.
    #[error("Il gestore PEC ha rifiutato il messaggio: {0}")]
    Refused(String),
    /// A message that should be a receipt is not one, or not a valid one.
    #[error("Ricevuta PEC non valida: {0}")]
    Ricevuta(String),
}
