//! Pareri and visti (art. 49 and 183 c.7 TUEL): signed statements on a proposal, with their
//! outcome and reasons. A parere refers to the version of the text it was given on: when the
//! text changes afterwards, it must be given again ("da rinnovare").

use crate::{ActKind, ActState, Role};
use serde::{Deserialize, Serialize};

/// Which parere or visto.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum ParereTipo {
    /// Parere di regolarità tecnica (art. 49 TUEL), by the responsabile del servizio.
    Tecnico,
    /// Parere di regolarità contabile (art. 49 TUEL), by the responsabile finanziario.
    Contabile,
    /// Visto di regolarità contabile attestante la copertura finanziaria (art. 183 c.7 TUEL).
    VistoContabile,
}

impl ParereTipo {
    /// Every tipo.
    pub const ALL: [ParereTipo; 3] = [
        ParereTipo::Tecnico,
        ParereTipo::Contabile,
        ParereTipo::VistoContabile,
    ];

    /// The contract name.
    pub fn slug(self) -> &'static str {
        match self {
            ParereTipo::Tecnico => "tecnico",
            ParereTipo::Contabile => "contabile",
            ParereTipo::VistoContabile => "visto-contabile",
        }
    }

    /// Parses a contract name.
    pub fn from_slug(s: &str) -> Option<ParereTipo> {
        ParereTipo::ALL.into_iter().find(|t| t.slug() == s)
    }

    /// The full name, as refusals and the act print it.
    pub fn label(self) -> &'static str {
        match self {
            ParereTipo::Tecnico => "parere di regolarità tecnica",
            ParereTipo::Contabile => "parere di regolarità contabile",
            ParereTipo::VistoContabile => "visto di regolarità contabile",
        }
    }

    /// The role that gives it.
    pub fn role(self) -> Role {
        match self {
            ParereTipo::Tecnico => Role::Dirigente,
            ParereTipo::Contabile | ParereTipo::VistoContabile => Role::Ragioniere,
        }
    }

    /// The kinds and the state in which it is given.
    pub fn applies_to(self, kind: ActKind, state: ActState) -> bool {
        match self {
            ParereTipo::Tecnico | ParereTipo::Contabile => {
                kind.is_delibera() && state == ActState::Proposta
            }
            ParereTipo::VistoContabile => {
                kind == ActKind::Determinazione && state == ActState::Visto
            }
        }
    }
}

/// The outcome of a parere.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum Esito {
    /// Favorevole.
    Favorevole,
    /// Non favorevole (reasons required).
    NonFavorevole,
    /// Non dovuto: the act needs no such parere (e.g. no economic effects).
    NonDovuto,
}

impl Esito {
    /// Every esito.
    pub const ALL: [Esito; 3] = [Esito::Favorevole, Esito::NonFavorevole, Esito::NonDovuto];

    /// The contract name.
    pub fn slug(self) -> &'static str {
        match self {
            Esito::Favorevole => "favorevole",
            Esito::NonFavorevole => "non-favorevole",
            Esito::NonDovuto => "non-dovuto",
        }
    }

    /// Parses a contract name.
    pub fn from_slug(s: &str) -> Option<Esito> {
        Esito::ALL.into_iter().find(|e| e.slug() == s)
    }

    /// The word the act prints.
    pub fn label(self) -> &'static str {
        match self {
            Esito::Favorevole => "favorevole",
            Esito::NonFavorevole => "non favorevole",
            Esito::NonDovuto => "non dovuto",
        }
    }
}

/// A parere or visto as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Parere {
    /// Which one.
    pub tipo: ParereTipo,
    /// Outcome.
    pub esito: Esito,
    /// Reasons (required when not favorable).
    pub motivazione: String,
    /// Username of who gave it.
    pub author: String,
    /// When (RFC 3339).
    pub given_at: String,
    /// The version of the act it was given on.
    pub version: u32,
    /// The SHA-256 of its signed document (the author signs the parere's own PDF/A); `None`
    /// only for a parere recorded before pareri were signed.
    #[serde(default)]
    pub document: Option<String>,
}

impl Parere {
    /// Whether the text changed after this parere, so that it must be given again.
    pub fn is_stale(&self, current_version: u32) -> bool {
        current_version > self.version
    }
}

/// The pareri and visti that `role` gives on an act of `kind` in `state`.
pub fn pareri_for(kind: ActKind, state: ActState, role: Role) -> Vec<ParereTipo> {
    ParereTipo::ALL
        .into_iter()
        .filter(|t| t.role() == role && t.applies_to(kind, state))
        .collect()
}

/// The latest parere of a tipo, if any.
pub fn latest(pareri: &[Parere], tipo: ParereTipo) -> Option<&Parere> {
    pareri.iter().rev().find(|p| p.tipo == tipo)
}
