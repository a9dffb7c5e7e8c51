//! Reading the closed sets of the domain from the command line: a kind, a state, an action,
//! a parere and the esiti, with an Italian message naming the allowed values.

use atti_app::{AppError, AppResult, ErrorCode};
use atti_core::controllo::EsitoControllo;
use atti_core::iter::Action;
use atti_core::parere::{Esito, ParereTipo};
use atti_core::{ActKind, ActState};

pub fn kind(s: &str) -> AppResult<ActKind> {
    ActKind::from_slug(s).ok_or_else(|| {
        let all: Vec<&str> = ActKind::ALL.iter().map(|k| k.slug()).collect();
        AppError::new(
            ErrorCode::InvalidInput,
            format!("tipo di atto sconosciuto «{s}»: ammessi {}", all.join(", ")),
        )
    })
}

pub fn kind_opt(s: Option<String>) -> AppResult<Option<ActKind>> {
    s.as_deref().map(kind).transpose()
}

pub fn state_opt(s: Option<String>) -> AppResult<Option<ActState>> {
    match s {
        Some(s) => Ok(Some(ActState::from_slug(&s).ok_or_else(|| {
            AppError::new(ErrorCode::InvalidInput, format!("stato sconosciuto «{s}»"))
        })?)),
        None => Ok(None),
    }
}

pub fn action(action: &str) -> AppResult<Action> {
    Action::from_slug(action).ok_or_else(|| {
        let all: Vec<&str> = Action::ALL.iter().map(|a| a.slug()).collect();
        AppError::new(
            ErrorCode::InvalidInput,
            format!("azione sconosciuta «{action}»: ammesse {}", all.join(", ")),
        )
    })
}

pub fn parere_tipo(tipo: &str) -> AppResult<ParereTipo> {
    ParereTipo::from_slug(tipo).ok_or_else(|| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "tipo di parere sconosciuto «{tipo}»: ammessi tecnico, contabile, visto-contabile"
            ),
        )
    })
}

pub fn esito(esito: &str) -> AppResult<Esito> {
    Esito::from_slug(esito).ok_or_else(|| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("esito sconosciuto «{esito}»: ammessi favorevole, non-favorevole, non-dovuto"),
        )
    })
}

pub fn esito_controllo(esito: &str) -> AppResult<EsitoControllo> {
    EsitoControllo::from_slug(esito).ok_or_else(|| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("esito sconosciuto «{esito}»: ammessi regolare, con-osservazioni, irregolare"),
        )
    })
}
