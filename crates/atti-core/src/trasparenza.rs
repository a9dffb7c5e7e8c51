//! Amministrazione trasparente (D.Lgs. 33/2013): which acts go in the lists of art. 23 and
//! under which organ, by semester, and which data of a contract art. 37 publishes. Pure
//! functions: the caller reads the acts.

use crate::{ActKind, TipoOrdinanza};
use jiff::civil::Date;

/// A half of a year: the lists of art. 23 are updated every six months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Semestre {
    /// The year.
    pub anno: i16,
    /// 1 (January–June) or 2 (July–December).
    pub numero: u8,
}

impl Semestre {
    /// The semester a day belongs to.
    pub fn of(day: Date) -> Semestre {
        Semestre {
            anno: day.year(),
            numero: if day.month() <= 6 { 1 } else { 2 },
        }
    }

    /// Its first and last day.
    pub fn days(self) -> (Date, Date) {
        let (from, to) = if self.numero == 1 {
            ((1, 1), (6, 30))
        } else {
            ((7, 1), (12, 31))
        };
        let day = |(m, d): (i8, i8)| Date::new(self.anno, m, d).unwrap_or(Date::MIN);
        (day(from), day(to))
    }

    /// Whether `day` is in it.
    pub fn contains(self, day: Date) -> bool {
        Semestre::of(day) == self
    }

    /// «1° semestre 2026».
    pub fn label(self) -> String {
        format!("{}° semestre {}", self.numero, self.anno)
    }
}

/// Who adopted a provvedimento, as art. 23 c.1 lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Organo {
    /// Provvedimenti dei dirigenti amministrativi.
    Dirigenti,
    /// Provvedimenti degli organi di indirizzo politico.
    IndirizzoPolitico,
}

impl Organo {
    /// Both lists.
    pub const ALL: [Organo; 2] = [Organo::Dirigenti, Organo::IndirizzoPolitico];

    /// The list of a contract name.
    pub fn from_slug(slug: &str) -> Option<Organo> {
        Organo::ALL.into_iter().find(|o| o.slug() == slug)
    }

    /// The list's heading.
    pub fn label(self) -> &'static str {
        match self {
            Organo::Dirigenti => "Provvedimenti dei dirigenti",
            Organo::IndirizzoPolitico => "Provvedimenti degli organi di indirizzo politico",
        }
    }

    /// The contract name.
    pub fn slug(self) -> &'static str {
        match self {
            Organo::Dirigenti => "dirigenti",
            Organo::IndirizzoPolitico => "organi-politici",
        }
    }
}

/// The list of art. 23 an act of `kind` goes in, or None (the verbali of the Polizia locale
/// are not provvedimenti published in Amministrazione trasparente).
pub fn organo(kind: ActKind, tipo_ordinanza: Option<TipoOrdinanza>) -> Option<Organo> {
    match kind {
        ActKind::Determinazione => Some(Organo::Dirigenti),
        ActKind::Ordinanza if tipo_ordinanza == Some(TipoOrdinanza::Dirigenziale) => {
            Some(Organo::Dirigenti)
        }
        ActKind::DeliberaGiunta
        | ActKind::DeliberaConsiglio
        | ActKind::Decreto
        | ActKind::Ordinanza => Some(Organo::IndirizzoPolitico),
        ActKind::VerbalePl => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn semesters_split_the_year_at_july() {
        let first = Semestre::of(date(2026, 6, 30));
        assert_eq!(
            first,
            Semestre {
                anno: 2026,
                numero: 1
            }
        );
        assert_eq!(Semestre::of(date(2026, 7, 1)).numero, 2);
        assert_eq!(first.days(), (date(2026, 1, 1), date(2026, 6, 30)));
        assert_eq!(
            Semestre {
                anno: 2026,
                numero: 2
            }
            .days()
            .1,
            date(2026, 12, 31)
        );
        assert!(first.contains(date(2026, 1, 1)) && !first.contains(date(2025, 6, 1)));
        assert_eq!(first.label(), "1° semestre 2026");
    }

    #[test]
    fn each_act_under_its_organ() {
        assert_eq!(
            organo(ActKind::Determinazione, None),
            Some(Organo::Dirigenti)
        );
        assert_eq!(
            organo(ActKind::Ordinanza, Some(TipoOrdinanza::Dirigenziale)),
            Some(Organo::Dirigenti)
        );
        assert_eq!(
            organo(ActKind::Ordinanza, Some(TipoOrdinanza::Contingibile)),
            Some(Organo::IndirizzoPolitico)
        );
        assert_eq!(
            organo(ActKind::DeliberaGiunta, None),
            Some(Organo::IndirizzoPolitico)
        );
        assert_eq!(organo(ActKind::VerbalePl, None), None);
    }
}
