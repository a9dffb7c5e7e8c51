//! The set-up of a Comune: its name, offices and users, as IT staff write it in a JSON file
//! for `atti init --comune FILE.json`, and the rules it must follow.

use crate::codice_fiscale;
use crate::role::Role;
use crate::validate::{Errors, ValidationError, check_text};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The demo Comune's name: reserved, since the demo's keys protect nothing.
pub const DEMO_COMUNE: &str = "Comune di Esempio";

/// A Comune as IT staff describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComuneSetup {
    /// The name printed on every document, e.g. "Comune di Castelnuovo".
    pub name: String,
    /// The offices (uffici, servizi, aree).
    pub offices: Vec<OfficeSetup>,
    /// The people who work on acts; the first is the default user of the CLI.
    pub users: Vec<UserSetup>,
    /// The usernames of the officials authorised to attest certified copies (CAD art. 23);
    /// the amministratore can change the list later.
    #[serde(default)]
    pub funzionari_copie: Vec<String>,
    /// The certification authorities whose signatures the Comune trusts (PEM), the same on
    /// every PC: a signature verified on one PC verifies on all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fiducia: Vec<String>,
    /// How long a PC may take to complete a step of the shared iter once it has reserved its
    /// place in the act's history (a signature with a smart card included), in seconds; after
    /// it the place is void and the others go on. The same on every PC (default 120).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_timeout_seconds: Option<u32>,
    /// How the Comune is known to pagoPA (its codice fiscale, the segregation code of Atti's
    /// IUVs): the avvisi di pagamento of the verbali need it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagopa: Option<crate::pagopa::Ente>,
    /// The Giunta and the Consiglio: their members over time and the numero legale of their
    /// sessions (docs/sedute.md). Without them, no session can be held, and no delibera
    /// approved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organi: Vec<crate::organo::OrganoSetup>,
}

/// [`ComuneSetup::step_timeout_seconds`] when the set-up does not say.
pub const DEFAULT_STEP_TIMEOUT_SECONDS: u32 = 120;

/// An office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeSetup {
    /// Short code: capital letters, digits and '-', at most 12 characters, e.g. "RAG".
    pub code: String,
    /// Name, e.g. "Servizio finanziario".
    pub name: String,
}

/// A user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserSetup {
    /// Login name: lowercase letters, digits, '.', '-', '_', at most 32 characters.
    pub username: String,
    /// First name and surname as printed in the signature blocks.
    pub full_name: String,
    /// The role.
    pub role: Role,
    /// The code of the user's office.
    #[serde(default)]
    pub office: Option<String>,
    /// Codice fiscale (16 characters, check character verified): it must match the one in the
    /// user's signing certificate.
    pub codice_fiscale: String,
}

fn is_office_code(code: &str) -> bool {
    (1..=12).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

fn is_username(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

fn check_name(errors: &mut Errors, field: &str, text: &str, what: &str) {
    if text.trim().is_empty() {
        errors.add(field, format!("{what} è obbligatorio"));
    } else if text.trim() != text {
        errors.add(field, "non deve iniziare o finire con spazi");
    }
    check_text(errors, field, text);
}

/// Checks a Comune's set-up: every error found, or the warnings (in Italian) about roles no
/// user has, whose steps of the iter nobody could take.
pub fn validate_setup(setup: &ComuneSetup) -> Result<Vec<String>, ValidationError> {
    let mut errors = Errors::default();
    check_name(&mut errors, "name", &setup.name, "il nome del Comune");
    if setup.name.trim() == DEMO_COMUNE {
        errors.add(
            "name",
            format!("«{DEMO_COMUNE}» è il nome riservato al Comune dimostrativo"),
        );
    }
    if let Some(p) = &setup.pagopa {
        if p.codice_fiscale.len() != 11 || !codice_fiscale::is_valid(&p.codice_fiscale) {
            errors.add(
                "pagopa.codice_fiscale",
                "il codice fiscale dell'ente per pagoPA è di 11 cifre, con la cifra di controllo giusta",
            );
        }
        if p.segregazione > 99 {
            errors.add(
                "pagopa.segregazione",
                "il codice di segregazione di pagoPA è di due cifre (da 0 a 99)",
            );
        }
    }
    if let Some(s) = setup.step_timeout_seconds
        && !(2..=3600).contains(&s)
    {
        errors.add(
            "step_timeout_seconds",
            format!("{s} secondi: il tempo di un passo va da 2 secondi a un'ora"),
        );
    }
    for (i, pem) in setup.fiducia.iter().enumerate() {
        if !pem.contains("-----BEGIN CERTIFICATE-----") {
            errors.add(
                &format!("fiducia[{i}]"),
                "non è un certificato in formato PEM (-----BEGIN CERTIFICATE-----)".to_string(),
            );
        }
    }
    let mut codes = HashSet::new();
    for (i, office) in setup.offices.iter().enumerate() {
        let field = |name: &str| format!("offices[{i}].{name}");
        if !is_office_code(&office.code) {
            errors.add(
                &field("code"),
                "il codice dell'ufficio va scritto con lettere maiuscole, cifre e '-', al massimo 12 caratteri",
            );
        } else if !codes.insert(office.code.as_str()) {
            errors.add(
                &field("code"),
                format!("il codice «{}» è ripetuto", office.code),
            );
        }
        check_name(
            &mut errors,
            &field("name"),
            &office.name,
            "il nome dell'ufficio",
        );
    }
    if setup.users.is_empty() {
        errors.add("users", "serve almeno un utente");
    }
    let mut usernames = HashSet::new();
    for (i, user) in setup.users.iter().enumerate() {
        let field = |name: &str| format!("users[{i}].{name}");
        if !is_username(&user.username) {
            errors.add(
                &field("username"),
                "il nome utente va scritto con lettere minuscole, cifre, '.', '-' o '_', al massimo 32 caratteri",
            );
        } else if !usernames.insert(user.username.as_str()) {
            errors.add(
                &field("username"),
                format!("il nome utente «{}» è ripetuto", user.username),
            );
        }
        check_name(
            &mut errors,
            &field("full_name"),
            &user.full_name,
            "il nome e cognome",
        );
        if let Some(office) = &user.office
            && !codes.contains(office.as_str())
        {
            errors.add(
                &field("office"),
                format!("l'ufficio «{office}» non è tra gli uffici del Comune"),
            );
        }
        if !codice_fiscale::is_valid(&user.codice_fiscale) {
            errors.add(
                &field("codice_fiscale"),
                "codice fiscale non valido (16 caratteri con il carattere di controllo giusto)",
            );
        }
    }
    crate::organo::check_organi(&mut errors, &setup.organi, &usernames);
    for (i, name) in setup.funzionari_copie.iter().enumerate() {
        if !usernames.contains(name.as_str()) {
            errors.add(
                &format!("funzionari_copie[{i}]"),
                format!("«{name}» non è tra gli utenti del Comune"),
            );
        }
    }
    errors.finish()?;
    Ok(Role::ALL
        .into_iter()
        .filter(|role| setup.users.iter().all(|u| u.role != *role))
        .map(|role| {
            format!(
                "nessun utente ha il ruolo «{}»: i passi dell'iter che gli spettano resteranno in attesa",
                role.label()
            )
        })
        .collect())
}

/// Whether `author` may write `next` as the new version of the Comune's set-up after
/// `previous` (`None`: the first version, published on the document server so that every PC
/// agrees on who is what): it must be valid, of the same Comune, and written by an
/// amministratore of the version before (of its own, for the first), who stays one (nobody
/// locks the Comune out of its own set-up).
pub fn check_setup_version(
    previous: Option<&ComuneSetup>,
    next: &ComuneSetup,
    author: &str,
) -> Result<(), ValidationError> {
    validate_setup(next)?;
    let mut errors = Errors::default();
    let is_admin = |setup: &ComuneSetup| {
        setup
            .users
            .iter()
            .any(|u| u.username == author && crate::role::may_administer(u.role))
    };
    if let Some(previous) = previous
        && previous.name != next.name
    {
        errors.add(
            "name",
            format!(
                "l'anagrafica è del {}, non del {}",
                next.name, previous.name
            ),
        );
    }
    if !is_admin(previous.unwrap_or(next)) {
        errors.add(
            "users",
            format!("«{author}» non è amministratore di sistema del Comune: non può cambiarne l'anagrafica"),
        );
    }
    if !is_admin(next) {
        errors.add(
            "users",
            format!("«{author}» non sarebbe più amministratore di sistema: l'anagrafica resterebbe senza chi la cambia"),
        );
    }
    errors.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> ComuneSetup {
        ComuneSetup {
            name: "Comune di Castelnuovo".into(),
            offices: vec![OfficeSetup {
                code: "SEG".into(),
                name: "Segreteria".into(),
            }],
            users: vec![UserSetup {
                username: "m.rossi".into(),
                full_name: "Mario Rossi".into(),
                role: Role::Segretario,
                office: Some("SEG".into()),
                codice_fiscale: codice_fiscale::with_check_char("RSSMRA70A01H501")
                    .unwrap_or_default(),
            }],
            funzionari_copie: vec!["m.rossi".into()],
            fiducia: Vec::new(),
            step_timeout_seconds: None,
            pagopa: None,
            organi: Vec::new(),
        }
    }

    #[test]
    fn the_officials_of_copies_are_users_of_the_comune() {
        let mut s = setup();
        s.funzionari_copie.push("nessuno".into());
        let err = validate_setup(&s).expect_err("unknown user");
        assert_eq!(err.0[0].field, "funzionari_copie[1]");
        assert!(crate::role::check_copy_official("m.rossi", &s.funzionari_copie).is_ok());
        let refused = crate::role::check_copy_official("l.bianchi", &s.funzionari_copie)
            .expect_err("not authorised");
        assert!(
            refused.message.contains("non è tra i funzionari"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn a_good_setup_passes_with_warnings_for_missing_roles() {
        let warnings = validate_setup(&setup()).expect("valid");
        assert_eq!(warnings.len(), Role::ALL.len() - 1);
        assert!(warnings.iter().all(|w| !w.contains("Segretario")));
    }

    #[test]
    fn every_error_is_reported_with_its_field() {
        let mut s = setup();
        s.name = DEMO_COMUNE.into();
        s.offices.push(s.offices[0].clone());
        s.offices.push(OfficeSetup {
            code: "rag".into(),
            name: " ".into(),
        });
        let mut twin = s.users[0].clone();
        twin.office = Some("TEC".into());
        twin.codice_fiscale = "RSSMRA70A01H501X".into();
        twin.full_name = "Mario\nRossi".into();
        s.users.push(twin);
        let err = validate_setup(&s).expect_err("invalid");
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "offices[1].code",
                "offices[2].code",
                "offices[2].name",
                "users[1].username",
                "users[1].full_name",
                "users[1].office",
                "users[1].codice_fiscale",
            ]
        );
        let no_users = ComuneSetup {
            users: Vec::new(),
            ..setup()
        };
        assert_eq!(
            validate_setup(&no_users).expect_err("no users").0[0].field,
            "users"
        );
    }

    #[test]
    fn a_new_version_of_the_setup_is_an_amministratore_s() {
        let mut first = setup();
        first.users.push(UserSetup {
            username: "e.ricci".into(),
            full_name: "Elena Ricci".into(),
            role: Role::Amministratore,
            office: None,
            codice_fiscale: codice_fiscale::with_check_char("RCCLNE80A41H501").unwrap_or_default(),
        });
        let (admin, clerk) = ("e.ricci", "m.rossi");
        assert!(check_setup_version(None, &first, admin).is_ok());
        assert!(check_setup_version(None, &first, clerk).is_err());
        let mut next = first.clone();
        next.offices[0].name = "Servizio nuovo".into();
        assert!(check_setup_version(Some(&first), &next, admin).is_ok());
        let refused = check_setup_version(Some(&first), &next, clerk).expect_err("clerk");
        assert!(
            refused.0[0].message.contains("non è amministratore"),
            "{refused:?}"
        );
        // Another Comune's set-up is refused; so is one that demotes its own author.
        let mut other = next.clone();
        other.name = "Comune di Altrove".into();
        assert!(check_setup_version(Some(&first), &other, admin).is_err());
        let mut demoted = next.clone();
        for u in demoted.users.iter_mut().filter(|u| u.username == admin) {
            u.role = Role::Segretario;
        }
        assert!(check_setup_version(Some(&first), &demoted, admin).is_err());
    }
}
