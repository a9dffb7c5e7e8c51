//! The six kinds of act, with the facts about each that do not depend on an act's content.

use serde::{Deserialize, Serialize};

/// A kind of administrative act. The kebab-case names are a contract (CLI, JSON, SQL).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum ActKind {
    /// Deliberazione della Giunta comunale.
    DeliberaGiunta,
    /// Deliberazione del Consiglio comunale.
    DeliberaConsiglio,
    /// Determinazione dirigenziale.
    Determinazione,
    /// Ordinanza (sindacale, art. 50/54 TUEL, or dirigenziale).
    Ordinanza,
    /// Decreto sindacale.
    Decreto,
    /// Verbale di accertamento della Polizia locale.
    VerbalePl,
}

impl ActKind {
    /// Every kind, in the order the UI lists them.
    pub const ALL: [ActKind; 6] = [
        ActKind::DeliberaGiunta,
        ActKind::DeliberaConsiglio,
        ActKind::Determinazione,
        ActKind::Ordinanza,
        ActKind::Decreto,
        ActKind::VerbalePl,
    ];

    /// The contract name: `delibera-giunta`, `determinazione`, ...
    pub fn slug(self) -> &'static str {
        match self {
            ActKind::DeliberaGiunta => "delibera-giunta",
            ActKind::DeliberaConsiglio => "delibera-consiglio",
            ActKind::Determinazione => "determinazione",
            ActKind::Ordinanza => "ordinanza",
            ActKind::Decreto => "decreto",
            ActKind::VerbalePl => "verbale-pl",
        }
    }

    /// Parses a contract name; `None` when it is not one of the six.
    pub fn from_slug(slug: &str) -> Option<ActKind> {
        ActKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The name a clerk reads.
    pub fn label(self) -> &'static str {
        match self {
            ActKind::DeliberaGiunta => "Deliberazione di Giunta",
            ActKind::DeliberaConsiglio => "Deliberazione di Consiglio",
            ActKind::Determinazione => "Determinazione dirigenziale",
            ActKind::Ordinanza => "Ordinanza",
            ActKind::Decreto => "Decreto sindacale",
            ActKind::VerbalePl => "Verbale della Polizia locale",
        }
    }

    /// The name with its Italian indefinite article, for sentences ("una determinazione").
    pub fn with_article(self) -> &'static str {
        match self {
            ActKind::DeliberaGiunta => "una deliberazione di Giunta",
            ActKind::DeliberaConsiglio => "una deliberazione di Consiglio",
            ActKind::Determinazione => "una determinazione",
            ActKind::Ordinanza => "un'ordinanza",
            ActKind::Decreto => "un decreto",
            ActKind::VerbalePl => "un verbale",
        }
    }

    /// Whether the act is a deliberazione (collegial: session, votes, two signatures).
    pub fn is_delibera(self) -> bool {
        matches!(self, ActKind::DeliberaGiunta | ActKind::DeliberaConsiglio)
    }

    /// The verb that introduces the dispositivo; `None` for a verbale, which has none.
    pub fn dispositivo_verb(self) -> Option<&'static str> {
        match self {
            ActKind::DeliberaGiunta | ActKind::DeliberaConsiglio => Some("DELIBERA"),
            ActKind::Determinazione => Some("DETERMINA"),
            ActKind::Ordinanza => Some("ORDINA"),
            ActKind::Decreto => Some("DECRETA"),
            ActKind::VerbalePl => None,
        }
    }

    /// Whether the act may carry a table of impegni di spesa (determinazioni and delibere).
    pub fn has_impegni(self) -> bool {
        matches!(
            self,
            ActKind::DeliberaGiunta | ActKind::DeliberaConsiglio | ActKind::Determinazione
        )
    }

    /// Whether the act is a verbale PL, with its own fields instead of body and dispositivo.
    pub fn is_verbale(self) -> bool {
        self == ActKind::VerbalePl
    }
}

impl std::fmt::Display for ActKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_match_serde() {
        for kind in ActKind::ALL {
            assert_eq!(ActKind::from_slug(kind.slug()), Some(kind));
            let json = format!("\"{}\"", kind.slug());
            assert_eq!(serde_json::to_string(&kind).ok(), Some(json));
        }
        assert_eq!(ActKind::from_slug("delibera"), None);
    }
}
