//! The collegial organs of a Comune (Giunta, Consiglio), their members over time and the
//! numero legale of their sessions, as IT staff write them in the Comune's set-up
//! (docs/sedute.md). A member who leaves and one who replaces them are two entries with their
//! days: what a past session counted is what was true on its day.

use crate::seduta::Quorum;
use crate::validate::Errors;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A collegial organ of the Comune.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum Organo {
    /// La Giunta comunale: the sindaco and the assessori.
    Giunta,
    /// Il Consiglio comunale: the sindaco and the consiglieri.
    Consiglio,
}

impl Organo {
    /// Both organs.
    pub const ALL: [Organo; 2] = [Organo::Giunta, Organo::Consiglio];

    /// The contract name.
    pub fn slug(self) -> &'static str {
        match self {
            Organo::Giunta => "giunta",
            Organo::Consiglio => "consiglio",
        }
    }

    /// Parses a contract name.
    pub fn from_slug(slug: &str) -> Option<Organo> {
        Organo::ALL.into_iter().find(|o| o.slug() == slug)
    }

    /// The organ whose delibere are of `kind`, if any.
    pub fn of(kind: crate::ActKind) -> Option<Organo> {
        Organo::ALL.into_iter().find(|o| o.delibera() == kind)
    }

    /// The ending of a past participle that agrees with it: «convocat-a», «riunit-o».
    pub fn ending(self) -> &'static str {
        match self {
            Organo::Giunta => "a",
            Organo::Consiglio => "o",
        }
    }

    /// The kind of the delibere it adopts.
    pub fn delibera(self) -> crate::ActKind {
        match self {
            Organo::Giunta => crate::ActKind::DeliberaGiunta,
            Organo::Consiglio => crate::ActKind::DeliberaConsiglio,
        }
    }

    /// Its name as printed.
    pub fn label(self) -> &'static str {
        match self {
            Organo::Giunta => "Giunta comunale",
            Organo::Consiglio => "Consiglio comunale",
        }
    }

    /// Its name with the article: «la Giunta comunale», «il Consiglio comunale».
    pub fn la(self) -> &'static str {
        match self {
            Organo::Giunta => "la Giunta comunale",
            Organo::Consiglio => "il Consiglio comunale",
        }
    }

    /// «della Giunta comunale», «del Consiglio comunale».
    pub fn della(self) -> &'static str {
        match self {
            Organo::Giunta => "della Giunta comunale",
            Organo::Consiglio => "del Consiglio comunale",
        }
    }

    /// The charges its members may hold.
    pub fn cariche(self) -> &'static [Carica] {
        match self {
            Organo::Giunta => &[Carica::Sindaco, Carica::Vicesindaco, Carica::Assessore],
            Organo::Consiglio => &[
                Carica::Sindaco,
                Carica::Presidente,
                Carica::Vicepresidente,
                Carica::Consigliere,
            ],
        }
    }

    /// The charges that may preside a session, in order: the first present presides.
    pub fn presidenza(self) -> &'static [Carica] {
        match self {
            Organo::Giunta => &[Carica::Sindaco, Carica::Vicesindaco],
            Organo::Consiglio => &[Carica::Presidente, Carica::Vicepresidente, Carica::Sindaco],
        }
    }

    /// The numero legale when the set-up does not say: the majority of the members (more than
    /// half) in prima convocazione; a third in seconda (Consiglio only: the Giunta has none).
    pub fn default_quorum(self, convocazione: Convocazione) -> Option<Quorum> {
        match (self, convocazione) {
            (_, Convocazione::Prima) => Some(Quorum {
                num: 1,
                den: 2,
                strictly_more: true,
            }),
            (Organo::Consiglio, Convocazione::Seconda) => Some(Quorum {
                num: 1,
                den: 3,
                strictly_more: false,
            }),
            (Organo::Giunta, Convocazione::Seconda) => None,
        }
    }
}

/// Prima or seconda convocazione (the second, after a first without the numero legale, has a
/// lower one).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum Convocazione {
    /// Prima convocazione.
    Prima,
    /// Seconda convocazione.
    Seconda,
}

impl Convocazione {
    /// As printed: «prima convocazione».
    pub fn label(self) -> &'static str {
        match self {
            Convocazione::Prima => "prima convocazione",
            Convocazione::Seconda => "seconda convocazione",
        }
    }
}

/// The charge of a member in an organ.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum Carica {
    /// Il Sindaco: member of both organs, presides the Giunta.
    Sindaco,
    /// Il Vicesindaco: an assessore who stands in for the sindaco.
    Vicesindaco,
    /// Un assessore.
    Assessore,
    /// Il Presidente del Consiglio.
    Presidente,
    /// Il Vicepresidente del Consiglio: stands in for the presidente.
    Vicepresidente,
    /// Un consigliere.
    Consigliere,
}

impl Carica {
    /// As printed.
    pub fn label(self) -> &'static str {
        match self {
            Carica::Sindaco => "Sindaco",
            Carica::Vicesindaco => "Vicesindaco",
            Carica::Assessore => "Assessore",
            Carica::Presidente => "Presidente del Consiglio",
            Carica::Vicepresidente => "Vicepresidente del Consiglio",
            Carica::Consigliere => "Consigliere",
        }
    }
}

/// The numero legale of an organ as the Comune's regolamento sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuorumSetup {
    /// Numerator of the share of the members in office.
    pub num: u16,
    /// Denominator (not zero).
    pub den: u16,
    /// Whether the share itself is not enough («la metà più uno»: more than half).
    #[serde(default)]
    pub strictly_more: bool,
}

impl From<QuorumSetup> for Quorum {
    fn from(q: QuorumSetup) -> Quorum {
        Quorum {
            num: q.num,
            den: q.den,
            strictly_more: q.strictly_more,
        }
    }
}

/// An organ as IT staff describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganoSetup {
    /// Which organ.
    pub organo: Organo,
    /// Its members over time (the sindaco included).
    pub membri: Vec<MembroSetup>,
    /// The numero legale in prima convocazione (default: more than half of the members).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum_prima: Option<QuorumSetup>,
    /// The numero legale in seconda convocazione (Consiglio; default: a third).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum_seconda: Option<QuorumSetup>,
    /// The days before an ordinary session by which the avviso di convocazione must reach the
    /// members (the regolamento's; urgent sessions: 24 hours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preavviso_giorni: Option<u16>,
}

impl OrganoSetup {
    /// The members in office on `day`, in the order of the set-up.
    pub fn in_carica(&self, day: Date) -> Vec<&MembroSetup> {
        self.membri.iter().filter(|m| m.in_carica(day)).collect()
    }

    /// The numero legale of a session in this convocazione, if the organ may meet in it.
    pub fn quorum(&self, convocazione: Convocazione) -> Option<Quorum> {
        let set = match convocazione {
            Convocazione::Prima => self.quorum_prima,
            Convocazione::Seconda => self.quorum_seconda,
        };
        set.map(Quorum::from)
            .or_else(|| self.organo.default_quorum(convocazione))
    }
}

/// A member of an organ for a span of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MembroSetup {
    /// Short identifier, unique in the organ (lowercase letters, digits, '-'), e.g.
    /// "rossi-mario": the record of a session names members by it.
    pub id: String,
    /// First name and surname, as printed in the minutes.
    pub nome: String,
    /// The charge.
    pub carica: Carica,
    /// The user account, when the member signs acts in Atti (the sindaco).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The council group (Consiglio).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gruppo: Option<String>,
    /// Whether the member leads their group (capogruppo: art. 125 TUEL).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub capogruppo: bool,
    /// First day in office (default: always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub dal: Option<Date>,
    /// Last day in office (default: still in office).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub al: Option<Date>,
}

impl MembroSetup {
    /// Whether the member is in office on `day`.
    pub fn in_carica(&self, day: Date) -> bool {
        self.dal.is_none_or(|d| d <= day) && self.al.is_none_or(|a| day <= a)
    }
}

fn is_member_id(id: &str) -> bool {
    (1..=40).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Checks the organs of a set-up, adding what is wrong to `errors` (fields under
/// `organi[i]`); `usernames` are the Comune's users.
pub(crate) fn check_organi(errors: &mut Errors, organi: &[OrganoSetup], usernames: &HashSet<&str>) {
    let mut seen = HashSet::new();
    for (i, organo) in organi.iter().enumerate() {
        let field = |name: &str| format!("organi[{i}].{name}");
        if !seen.insert(organo.organo) {
            errors.add(
                &field("organo"),
                format!("{} compare due volte", organo.organo.la()),
            );
        }
        for (name, q) in [
            ("quorum_prima", organo.quorum_prima),
            ("quorum_seconda", organo.quorum_seconda),
        ] {
            if let Some(q) = q
                && (q.den == 0 || q.num == 0 || q.num > q.den)
            {
                errors.add(
                    &field(name),
                    format!(
                        "{}/{}: il numero legale è una quota dei componenti, tra 0 e 1",
                        q.num, q.den
                    ),
                );
            }
        }
        if organo.organo == Organo::Giunta && organo.quorum_seconda.is_some() {
            errors.add(
                &field("quorum_seconda"),
                "la Giunta non si riunisce in seconda convocazione",
            );
        }
        let mut ids = HashSet::new();
        for (j, m) in organo.membri.iter().enumerate() {
            let field = |name: &str| format!("organi[{i}].membri[{j}].{name}");
            if !is_member_id(&m.id) {
                errors.add(
                    &field("id"),
                    "l'identificativo va scritto con lettere minuscole, cifre e '-', al massimo 40 caratteri",
                );
            } else if !ids.insert(m.id.as_str()) {
                errors.add(&field("id"), format!("«{}» è ripetuto", m.id));
            }
            if m.nome.trim().is_empty() || m.nome.trim() != m.nome {
                errors.add(
                    &field("nome"),
                    "il nome e cognome è obbligatorio, senza spazi ai lati",
                );
            }
            crate::validate::check_text(errors, &field("nome"), &m.nome);
            if !organo.organo.cariche().contains(&m.carica) {
                errors.add(
                    &field("carica"),
                    format!(
                        "«{}» non è una carica {}",
                        m.carica.label(),
                        organo.organo.della()
                    ),
                );
            }
            if let Some(u) = &m.username
                && !usernames.contains(u.as_str())
            {
                errors.add(
                    &field("username"),
                    format!("«{u}» non è tra gli utenti del Comune"),
                );
            }
            if let (Some(dal), Some(al)) = (m.dal, m.al)
                && al < dal
            {
                errors.add(&field("al"), format!("il {al} viene prima del {dal}"));
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use jiff::civil::date;

    /// A member named «Nome <id>», without an account, in office from `dal` to `al` (also the
    /// sessions' tests').
    pub(crate) fn membro(
        id: &str,
        carica: Carica,
        dal: Option<Date>,
        al: Option<Date>,
    ) -> MembroSetup {
        MembroSetup {
            id: id.into(),
            nome: format!("Nome {id}"),
            carica,
            username: None,
            gruppo: None,
            capogruppo: false,
            dal,
            al,
        }
    }

    #[test]
    fn a_member_who_leaves_and_the_one_who_replaces_them_count_on_their_own_days() {
        let giunta = OrganoSetup {
            organo: Organo::Giunta,
            membri: vec![
                membro("sindaco", Carica::Sindaco, None, None),
                membro("bianchi", Carica::Assessore, None, Some(date(2026, 5, 31))),
                membro("verdi", Carica::Assessore, Some(date(2026, 6, 1)), None),
            ],
            quorum_prima: None,
            quorum_seconda: None,
            preavviso_giorni: None,
        };
        let ids = |d| {
            giunta
                .in_carica(d)
                .iter()
                .map(|m| m.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(date(2026, 5, 31)), ["sindaco", "bianchi"]);
        assert_eq!(ids(date(2026, 6, 1)), ["sindaco", "verdi"]);
        assert_eq!(giunta.quorum(Convocazione::Seconda), None);
    }

    #[test]
    fn a_wrong_organ_is_refused_naming_each_field() {
        let organi = vec![OrganoSetup {
            organo: Organo::Giunta,
            membri: vec![
                membro("rossi", Carica::Consigliere, None, None),
                membro(
                    "rossi",
                    Carica::Assessore,
                    Some(date(2026, 2, 1)),
                    Some(date(2026, 1, 1)),
                ),
                MembroSetup {
                    username: Some("nessuno".into()),
                    ..membro("Bad Id", Carica::Sindaco, None, None)
                },
            ],
            quorum_prima: Some(QuorumSetup {
                num: 3,
                den: 2,
                strictly_more: false,
            }),
            quorum_seconda: Some(QuorumSetup {
                num: 1,
                den: 3,
                strictly_more: false,
            }),
            preavviso_giorni: None,
        }];
        let mut errors = Errors::default();
        check_organi(&mut errors, &organi, &HashSet::from(["sindaco"]));
        let fields: Vec<String> = errors
            .finish()
            .expect_err("refused")
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "organi[0].quorum_prima",
                "organi[0].quorum_seconda",
                "organi[0].membri[0].carica",
                "organi[0].membri[1].id",
                "organi[0].membri[1].al",
                "organi[0].membri[2].id",
                "organi[0].membri[2].username",
            ]
        );
    }
}
