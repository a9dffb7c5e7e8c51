//! One clap value parser for every closed set of the domain (kinds of act, states, actions,
//! pareri and esiti: [`atti_core::slug::Slug`]). `--help` lists the contract names, and a
//! name that is not one of them is a usage error (exit 2) that lists those allowed and
//! suggests the nearest, put into Italian with every other usage error (italian.rs).

use atti_core::slug::Slug;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use std::ffi::OsStr;
use std::marker::PhantomData;

/// Reads a `T` by its contract name: `#[arg(value_parser = slug::<ActKind>())]`.
pub fn slug<T: Slug + Send + Sync>() -> SlugParser<T> {
    SlugParser(PhantomData)
}

/// The parser [`slug`] returns.
#[derive(Clone)]
pub struct SlugParser<T>(PhantomData<T>);

impl<T: Slug + Send + Sync> SlugParser<T> {
    /// The names clap checks a value against, in `T::ALL`'s order.
    fn names() -> PossibleValuesParser {
        PossibleValuesParser::new(T::ALL.iter().map(|value| value.slug()))
    }
}

impl<T: Slug + Send + Sync> TypedValueParser for SlugParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        // clap checks the name and words the error, so it reads like clap's other errors.
        let name = Self::names().parse_ref(cmd, arg, value)?;
        T::from_slug(&name).ok_or_else(|| clap::Error::new(ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            T::ALL.iter().map(|value| PossibleValue::new(value.slug())),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atti_core::ActKind;
    use clap::{Arg, Command};

    fn command() -> Command {
        Command::new("atti").arg(
            Arg::new("kind")
                .long("kind")
                .value_parser(slug::<ActKind>()),
        )
    }

    #[test]
    fn a_contract_name_reads_as_its_value() {
        let matches = command().try_get_matches_from(["atti", "--kind", "verbale-pl"]);
        let kind = matches
            .ok()
            .and_then(|m| m.get_one::<ActKind>("kind").copied());
        assert_eq!(kind, Some(ActKind::VerbalePl));
    }

    #[test]
    fn another_name_is_a_usage_error_that_lists_the_allowed_ones() {
        let Err(error) = command().try_get_matches_from(["atti", "--kind", "delibera"]) else {
            panic!("«delibera» is not a kind");
        };
        assert_eq!(error.kind(), ErrorKind::InvalidValue);
        let text = error.render().to_string();
        for kind in ActKind::ALL {
            assert!(text.contains(kind.slug()), "{text}");
        }
    }
}
