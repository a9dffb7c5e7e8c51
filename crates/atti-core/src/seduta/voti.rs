//! The arithmetic of a session's votes (docs/sedute.md): the numero legale and the majorities,
//! in one place, so that no count is decided outside the core. Pure: counts in, outcome out.

/// Whose majority a vote needs.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum Maggioranza {
    /// More in favour than against, among those who voted (abstentions do not count): the
    /// ordinary rule of a delibera.
    Votanti,
    /// More than half of those present.
    Presenti,
    /// More than half of the members of the organ (art. 134 c.4 TUEL: immediate executability).
    Componenti,
    /// At least `num`/`den` of the members (e.g. two thirds), rounded up.
    Qualificata {
        /// Numerator.
        num: u16,
        /// Denominator (not zero).
        den: u16,
    },
}

/// The counts of one vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conteggio {
    /// Members of the organ in office.
    pub componenti: u16,
    /// Present and counted for the item.
    pub presenti: u16,
    /// In favour.
    pub favorevoli: u16,
    /// Against.
    pub contrari: u16,
    /// Abstaining.
    pub astenuti: u16,
}

/// The share of the members in office that makes the numero legale (e.g. half + 1: `1/2`,
/// more than; one third: `1/3`, at least).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quorum {
    /// Numerator.
    pub num: u16,
    /// Denominator (not zero).
    pub den: u16,
    /// Whether the share itself is not enough (half + 1 is "more than half").
    pub strictly_more: bool,
}

/// The members needed present for the numero legale, out of `componenti`.
pub fn numero_legale(quorum: Quorum, componenti: u16) -> u32 {
    let share = u32::from(componenti) * u32::from(quorum.num);
    let den = u32::from(quorum.den.max(1));
    if quorum.strictly_more {
        share / den + 1
    } else {
        share.div_ceil(den)
    }
}

/// The favorevoli a vote needs under `rule` with these counts: the outcome is an approval
/// exactly when `favorevoli` reaches it.
pub fn favorevoli_richiesti(rule: Maggioranza, c: Conteggio) -> u32 {
    match rule {
        Maggioranza::Votanti => u32::from(c.contrari) + 1,
        Maggioranza::Presenti => u32::from(c.presenti) / 2 + 1,
        Maggioranza::Componenti => u32::from(c.componenti) / 2 + 1,
        Maggioranza::Qualificata { num, den } => {
            (u32::from(c.componenti) * u32::from(num)).div_ceil(u32::from(den.max(1)))
        }
    }
}

/// Whether the vote approves under `rule`.
pub fn approvata(rule: Maggioranza, c: Conteggio) -> bool {
    u32::from(c.favorevoli) >= favorevoli_richiesti(rule, c)
}

/// What is wrong with the counts, if anything: votes above those present, presents above the
/// members. In Italian, naming the numbers.
pub fn check_conteggio(c: Conteggio) -> Result<(), String> {
    let votes = u32::from(c.favorevoli) + u32::from(c.contrari) + u32::from(c.astenuti);
    if votes > u32::from(c.presenti) {
        return Err(format!(
            "i voti ({votes} tra favorevoli, contrari e astenuti) superano i presenti ({})",
            c.presenti
        ));
    }
    if c.presenti > c.componenti {
        return Err(format!(
            "i presenti ({}) superano i componenti ({})",
            c.presenti, c.componenti
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every valid count of an organ of up to 40 members.
    fn counts() -> impl Strategy<Value = Conteggio> {
        (1u16..=40).prop_flat_map(|componenti| {
            (0..=componenti).prop_flat_map(move |presenti| {
                (0..=presenti).prop_flat_map(move |favorevoli| {
                    (0..=presenti - favorevoli).prop_flat_map(move |contrari| {
                        (0..=presenti - favorevoli - contrari).prop_map(move |astenuti| Conteggio {
                            componenti,
                            presenti,
                            favorevoli,
                            contrari,
                            astenuti,
                        })
                    })
                })
            })
        })
    }

    fn rules() -> impl Strategy<Value = Maggioranza> {
        prop_oneof![
            Just(Maggioranza::Votanti),
            Just(Maggioranza::Presenti),
            Just(Maggioranza::Componenti),
            Just(Maggioranza::Qualificata { num: 2, den: 3 }),
            Just(Maggioranza::Qualificata { num: 3, den: 5 }),
        ]
    }

    proptest! {
        #[test]
        fn one_more_in_favour_never_turns_an_approval_into_a_rejection(
            c in counts(), rule in rules()
        ) {
            prop_assert!(check_conteggio(c).is_ok());
            if approvata(rule, c) && c.favorevoli < c.presenti {
                let more = Conteggio { favorevoli: c.favorevoli + 1, ..c };
                let fewer_against = Conteggio {
                    contrari: c.contrari.saturating_sub(1),
                    ..c
                };
                prop_assert!(approvata(rule, more));
                prop_assert!(approvata(rule, fewer_against));
            }
        }

        #[test]
        fn a_tie_never_approves_and_the_majorities_are_more_than_half(c in counts()) {
            if c.favorevoli == c.contrari {
                prop_assert!(!approvata(Maggioranza::Votanti, c));
            }
            prop_assert_eq!(
                approvata(Maggioranza::Componenti, c),
                u32::from(c.favorevoli) * 2 > u32::from(c.componenti)
            );
            prop_assert_eq!(
                approvata(Maggioranza::Presenti, c),
                u32::from(c.favorevoli) * 2 > u32::from(c.presenti)
            );
            // Two thirds of the members, reached exactly at the rounded-up share.
            prop_assert_eq!(
                approvata(Maggioranza::Qualificata { num: 2, den: 3 }, c),
                u32::from(c.favorevoli) * 3 >= u32::from(c.componenti) * 2
            );
        }

        #[test]
        fn the_numero_legale_is_never_met_by_fewer_than_its_share(componenti in 1u16..=60) {
            let half_plus_one = Quorum { num: 1, den: 2, strictly_more: true };
            let a_third = Quorum { num: 1, den: 3, strictly_more: false };
            let n = numero_legale(half_plus_one, componenti);
            prop_assert!(n * 2 > u32::from(componenti));
            prop_assert!((n - 1) * 2 <= u32::from(componenti));
            let t = numero_legale(a_third, componenti);
            prop_assert!(t * 3 >= u32::from(componenti));
            prop_assert!(t == 0 || (t - 1) * 3 < u32::from(componenti));
        }
    }

    #[test]
    fn counts_that_cannot_be_are_refused_naming_them() {
        let c = Conteggio {
            componenti: 7,
            presenti: 5,
            favorevoli: 4,
            contrari: 2,
            astenuti: 0,
        };
        assert_eq!(
            check_conteggio(c),
            Err("i voti (6 tra favorevoli, contrari e astenuti) superano i presenti (5)".into())
        );
        let c = Conteggio {
            presenti: 8,
            favorevoli: 1,
            contrari: 0,
            ..c
        };
        assert_eq!(
            check_conteggio(c),
            Err("i presenti (8) superano i componenti (7)".into())
        );
    }
}
