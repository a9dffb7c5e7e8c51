//! The closed sets of the domain whose values have a contract name (a slug): kinds of act,
//! states, roles, iter actions, pareri and their esiti, control outcomes. One trait over the
//! names each type already defines, so that a front door (the `atti` command's argument
//! parser, for one) can list and read any of them in the same way.

use crate::archiviazione::MotivoArchiviazione;
use crate::controllo::EsitoControllo;
use crate::drafting::Correzione;
use crate::iter::Action;
use crate::notifica::Mezzo;
use crate::organo::Organo;
use crate::parere::{Esito, ParereTipo};
use crate::seduta::TipoSeduta;
use crate::{ActKind, ActState, Role, TipoOrdinanza};

/// A value known by a stable name, from a closed list.
pub trait Slug: Copy + 'static {
    /// Every value, in the order a person reads them.
    const ALL: &'static [Self];

    /// The contract name.
    fn slug(self) -> &'static str;

    /// The value with this contract name, if any.
    fn from_slug(slug: &str) -> Option<Self>;
}

/// Implements [`Slug`] with the type's own `ALL`, `slug` and `from_slug` (inherent items
/// take precedence over the trait's, so each line below reads the type's definition).
macro_rules! slug_from_inherent {
    ($($ty:ty),* $(,)?) => {
        $(
            impl Slug for $ty {
                const ALL: &'static [Self] = &<$ty>::ALL;

                fn slug(self) -> &'static str {
                    <$ty>::slug(self)
                }

                fn from_slug(slug: &str) -> Option<Self> {
                    <$ty>::from_slug(slug)
                }
            }
        )*
    };
}

slug_from_inherent!(
    ActKind,
    ActState,
    Role,
    Action,
    ParereTipo,
    Esito,
    EsitoControllo,
    Correzione,
    TipoOrdinanza,
    Organo,
    TipoSeduta,
    Mezzo,
    MotivoArchiviazione,
);

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name reads back as its value, and no two values share a name.
    fn round_trips<T: Slug + PartialEq + std::fmt::Debug>() {
        for (i, value) in T::ALL.iter().enumerate() {
            assert_eq!(T::from_slug(value.slug()), Some(*value));
            assert!(
                T::ALL[..i].iter().all(|other| other.slug() != value.slug()),
                "{value:?}"
            );
        }
        assert_eq!(T::from_slug("nessuno"), None);
    }

    #[test]
    fn every_slug_round_trips() {
        round_trips::<ActKind>();
        round_trips::<ActState>();
        round_trips::<Role>();
        round_trips::<Action>();
        round_trips::<ParereTipo>();
        round_trips::<Esito>();
        round_trips::<EsitoControllo>();
        round_trips::<Correzione>();
        round_trips::<TipoOrdinanza>();
    }

    /// The contract name is the JSON one.
    #[test]
    fn slugs_are_the_json_names() {
        for t in TipoOrdinanza::ALL {
            assert_eq!(
                serde_json::to_value(t).ok(),
                Some(serde_json::json!(t.slug()))
            );
        }
    }
}
