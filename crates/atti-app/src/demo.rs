//! The embedded default: "Comune di Esempio", with offices and one demo user per role.
//! The user names equal the role names: a contract that scripts and checks rely on.

use atti_core::Role;
use atti_store::{Office, User};

/// Name of the demo Comune.
pub const DEMO_COMUNE: &str = "Comune di Esempio";

pub(crate) fn offices() -> Vec<Office> {
    [
        ("SEG", "Segreteria generale"),
        ("RAG", "Servizio finanziario"),
        ("TEC", "Area tecnica - Lavori pubblici"),
        ("PL", "Comando di Polizia locale"),
    ]
    .into_iter()
    .map(|(code, name)| Office {
        code: code.into(),
        name: name.into(),
    })
    .collect()
}

pub(crate) fn users() -> Vec<User> {
    // Codici fiscali are fictitious; the check character is computed.
    [
        (Role::Istruttore, "Giulia Bianchi", "TEC", "BNCGLI80A41H501"),
        (Role::Dirigente, "Marco Rossi", "TEC", "RSSMRC75C12H501"),
        (Role::Ragioniere, "Anna Verdi", "RAG", "VRDNNA70D50H501"),
        (Role::Segretario, "Paolo Esposito", "SEG", "SPSPLA68E10H501"),
        (Role::Sindaco, "Laura Ferrari", "SEG", "FRRLRA72H45H501"),
        (Role::Presidente, "Luca Romano", "SEG", "RMNLCU66L20H501"),
        (Role::Agente, "Sara Colombo", "PL", "CLMSRA88M60H501"),
    ]
    .into_iter()
    .map(|(role, name, office, cf)| User {
        username: role.slug().into(),
        full_name: name.into(),
        role,
        office: Some(office.into()),
        codice_fiscale: atti_core::codice_fiscale::with_check_char(cf),
    })
    .collect()
}
