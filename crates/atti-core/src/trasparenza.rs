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

/// Above this amount, granted to one beneficiary in a year, the publication of a vantaggio
/// economico is the condition of the legal effectiveness of the act that grants it (art. 26
/// c.2-3 D.Lgs. 33/2013: «di importo superiore a mille euro», the amounts of the solar year
/// added up): in euro cents.
pub const SOGLIA_SOVVENZIONI_CENTESIMI: i64 = 100_000;

/// Whether an act granting vantaggi economici takes effect by itself or only once published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Efficacia {
    /// No publication condition: the act takes effect by its own rules (its esecutività).
    Ordinaria,
    /// Not effective until published (art. 26 c.3): the beneficiaries whose grants of the
    /// year, with this act's, exceed the threshold, with their totals in cents.
    InAttesaDellaPubblicazione(Vec<(String, i64)>),
    /// Effective from its first day of publication (art. 26 c.3).
    DallaPubblicazione(Date),
}

impl Efficacia {
    /// What a clerk reads of it; None when ordinary.
    pub fn label(&self) -> Option<String> {
        let norma = "art. 26 c.3 D.Lgs. 33/2013";
        match self {
            Efficacia::Ordinaria => None,
            Efficacia::InAttesaDellaPubblicazione(sopra) => {
                let who: Vec<String> = sopra
                    .iter()
                    .map(|(b, c)| format!("{b} ({} nell'anno)", crate::money::format_euro(*c)))
                    .collect();
                Some(format!(
                    "Non ancora efficace: concede vantaggi economici oltre 1.000 euro a {}, e la pubblicazione è condizione della sua efficacia ({norma})",
                    who.join(", ")
                ))
            }
            Efficacia::DallaPubblicazione(day) => Some(format!(
                "Efficace dal {}, primo giorno di pubblicazione: concede vantaggi economici oltre 1.000 euro ({norma})",
                day.strftime("%d/%m/%Y")
            )),
        }
    }
}

/// A beneficiary's name as the grants of a year are added up by: without case and extra
/// spaces («Associazione  Pro Loco» is «associazione pro loco»).
fn chiave(beneficiario: &str) -> String {
    beneficiario
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The efficacy of `act` with respect to its vantaggi economici (the impegni with a
/// sovvenzione), given the grants of the year to the same beneficiaries by the other acts
/// adopted (`gia_concessi`: beneficiary and cents, as the registers hold them) and its first
/// day of publication, if published.
pub fn efficacia(
    act: &crate::Act,
    gia_concessi: &[(String, i64)],
    publication_start: Option<Date>,
) -> Efficacia {
    let mut totali: Vec<(String, String, i64)> = Vec::new();
    for i in act.impegni.iter().filter(|i| i.sovvenzione.is_some()) {
        let key = chiave(&i.beneficiario);
        match totali.iter_mut().find(|(k, _, _)| *k == key) {
            Some(t) => t.2 += i.importo_centesimi,
            None => totali.push((key, i.beneficiario.trim().to_string(), i.importo_centesimi)),
        }
    }
    if totali.is_empty() {
        return Efficacia::Ordinaria;
    }
    let sopra: Vec<(String, i64)> = totali
        .into_iter()
        .map(|(key, nome, cents)| {
            let prima: i64 = gia_concessi
                .iter()
                .filter(|(b, _)| chiave(b) == key)
                .map(|(_, c)| *c)
                .sum();
            (nome, cents + prima)
        })
        .filter(|(_, total)| *total > SOGLIA_SOVVENZIONI_CENTESIMI)
        .collect();
    match (sopra.is_empty(), publication_start) {
        (true, _) => Efficacia::Ordinaria,
        (false, Some(day)) => Efficacia::DallaPubblicazione(day),
        (false, None) => Efficacia::InAttesaDellaPubblicazione(sopra),
    }
}

/// Whether the grants of a year (`concessi`: beneficiary and cents, one row per impegno)
/// to `beneficiario` add up above the threshold: its grants go in the list of art. 26 c.2.
pub fn sopra_soglia(concessi: &[(String, i64)], beneficiario: &str) -> bool {
    let key = chiave(beneficiario);
    concessi
        .iter()
        .filter(|(b, _)| chiave(b) == key)
        .map(|(_, c)| *c)
        .sum::<i64>()
        > SOGLIA_SOVVENZIONI_CENTESIMI
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn contributo(beneficiario: &str, cents: i64) -> crate::Impegno {
        crate::Impegno {
            esercizio: 2026,
            capitolo: "1420".into(),
            importo_centesimi: cents,
            beneficiario: beneficiario.into(),
            cig: None,
            cup: None,
            sovvenzione: Some(crate::Sovvenzione {
                norma: "Regolamento comunale dei contributi, art. 5".into(),
                modalita: "bando pubblico".into(),
                disagio: false,
            }),
        }
    }

    #[test]
    fn a_grant_above_1000_euro_takes_effect_only_when_published() {
        let mut act = crate::Act::new(ActKind::Determinazione, "Contributi alle associazioni");
        act.impegni = vec![contributo("Pro Loco", 100_000)];
        // 1,000 euro exactly: not above the threshold.
        assert_eq!(efficacia(&act, &[], None), Efficacia::Ordinaria);
        act.impegni.push(contributo("  pro  loco ", 1));
        let waiting = efficacia(&act, &[], None);
        assert_eq!(
            waiting,
            Efficacia::InAttesaDellaPubblicazione(vec![("Pro Loco".into(), 100_001)])
        );
        assert!(
            waiting
                .label()
                .is_some_and(|l| l.starts_with("Non ancora efficace") && l.contains("art. 26 c.3")),
            "{waiting:?}"
        );
        let published = efficacia(&act, &[], Some(date(2026, 12, 9)));
        assert_eq!(published, Efficacia::DallaPubblicazione(date(2026, 12, 9)));
        assert!(published.label().is_some_and(|l| l.contains("09/12/2026")));
        // An impegno that is not a grant never counts.
        let mut spesa = crate::Act::new(ActKind::Determinazione, "Fornitura");
        spesa.impegni = vec![crate::Impegno {
            sovvenzione: None,
            ..contributo("Ditta Srl", 5_000_000)
        }];
        assert_eq!(efficacia(&spesa, &[], None), Efficacia::Ordinaria);
    }

    #[test]
    fn the_grants_of_the_year_to_one_beneficiary_add_up() {
        let mut act = crate::Act::new(ActKind::Determinazione, "Secondo contributo");
        act.impegni = vec![contributo("Associazione Sportiva", 30_000)];
        assert_eq!(efficacia(&act, &[], None), Efficacia::Ordinaria);
        let before = [
            ("ASSOCIAZIONE SPORTIVA".to_string(), 80_000),
            ("Altra associazione".to_string(), 500_000),
        ];
        assert_eq!(
            efficacia(&act, &before, None),
            Efficacia::InAttesaDellaPubblicazione(vec![("Associazione Sportiva".into(), 110_000)])
        );
        // The list of art. 26 c.2 adds them up the same way.
        let year = [
            ("Associazione Sportiva".to_string(), 30_000),
            ("associazione sportiva".to_string(), 80_000),
            ("Altra".to_string(), 100_000),
        ];
        assert!(sopra_soglia(&year, "ASSOCIAZIONE SPORTIVA"));
        assert!(!sopra_soglia(&year, "Altra"));
    }

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
