//! The later control of administrative regularity (TUEL art. 147-bis c.2): under the
//! segretario, a random sample of the determinazioni adopted in a period is checked, and the
//! outcome of each check is recorded.
//!
//! The draw is reproducible by anyone, so nobody can choose which acts are checked: every
//! eligible act gets the score SHA-256(`seed` + "|" + its number, e.g. "12/2026"); the acts
//! with the lowest scores are drawn. The seed is committed before the period ends (only its
//! SHA-256 is recorded, in the audit chain too, while the acts of the period are not all known)
//! and revealed at the draw, which is refused unless it matches: nobody can try seeds until one
//! gives a convenient sample. It is recorded with the percentage, the period and the list of
//! eligible numbers. Periods of two draws never overlap, so a draw cannot be repeated.

use crate::validate::{Errors, ValidationError, check_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What the check found.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum EsitoControllo {
    /// The act is regular.
    Regolare,
    /// Regular, with observations for the office (note required).
    ConOsservazioni,
    /// Irregular: the office is told what to correct (note required).
    Irregolare,
}

impl EsitoControllo {
    /// Every outcome.
    pub const ALL: [EsitoControllo; 3] = [
        EsitoControllo::Regolare,
        EsitoControllo::ConOsservazioni,
        EsitoControllo::Irregolare,
    ];

    /// The contract name.
    pub fn slug(self) -> &'static str {
        match self {
            EsitoControllo::Regolare => "regolare",
            EsitoControllo::ConOsservazioni => "con-osservazioni",
            EsitoControllo::Irregolare => "irregolare",
        }
    }

    /// Parses a contract name.
    pub fn from_slug(slug: &str) -> Option<EsitoControllo> {
        EsitoControllo::ALL.into_iter().find(|e| e.slug() == slug)
    }

    /// What a person reads.
    pub fn label(self) -> &'static str {
        match self {
            EsitoControllo::Regolare => "Regolare",
            EsitoControllo::ConOsservazioni => "Regolare con osservazioni",
            EsitoControllo::Irregolare => "Irregolare",
        }
    }
}

/// How many of `candidates` acts a draw of `percent` % takes: rounded up, so that a period
/// with at least one act always has one checked.
pub fn sample_size(candidates: usize, percent: u8) -> usize {
    (candidates * usize::from(percent))
        .div_ceil(100)
        .min(candidates)
}

/// The score of an act in a draw: SHA-256 of `seed|numero`, lowercase hex.
pub fn score(seed: &str, numero: &str) -> String {
    let digest = Sha256::digest(format!("{seed}|{numero}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The numbers drawn among `numeri` (the eligible acts' numbers, e.g. "12/2026"), lowest score
/// first. The order of `numeri` does not matter.
pub fn draw(seed: &str, numeri: &[String], percent: u8) -> Vec<String> {
    let mut scored: Vec<(String, &String)> = numeri.iter().map(|n| (score(seed, n), n)).collect();
    scored.sort();
    scored
        .into_iter()
        .take(sample_size(numeri.len(), percent))
        .map(|(_, n)| n.clone())
        .collect()
}

/// The fewest characters of a seed: its SHA-256 is public from the commitment on, so the seed
/// must be too long to guess from it (16 characters of the generated alphabet are 80 bits).
pub const MIN_SEED_CHARS: usize = 16;

/// The commitment to a seed: SHA-256 of the seed (trimmed), lowercase hex.
pub fn seed_sha256(seed: &str) -> String {
    Sha256::digest(seed.trim().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A commitment to the seed of a period, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    /// [`seed_sha256`] of the seed.
    pub seed_sha256: String,
    /// The day (in Italy) it was recorded.
    pub committed_on: Date,
}

fn day(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// The period's own rules, for a commitment and for a draw: from before to, starting the day
/// after the previous draw or commitment of the kind ended (`previous_end`), so that no day is
/// drawn twice and none is left out.
fn check_period(errors: &mut Errors, from: Date, to: Date, previous_end: Option<Date>) {
    if from > to {
        errors.add("from", "l'inizio del periodo è dopo la fine");
    }
    if let Some(end) = previous_end
        && let Ok(next) = end.tomorrow()
        && from != next
    {
        let why = if from < next {
            "si sovrapporrebbe al sorteggio precedente"
        } else {
            "lascerebbe giorni senza controllo"
        };
        errors.add(
            "from",
            format!(
                "il periodo deve iniziare il {}, il giorno dopo la fine del sorteggio precedente: così {why}",
                day(next)
            ),
        );
    }
}

/// Checks a commitment to a seed: the period's rules, a period not yet ended (`to` today or
/// later: the acts to draw from are not all known), a seed of [`MIN_SEED_CHARS`] or more.
pub fn validate_commitment(
    from: Date,
    to: Date,
    today: Date,
    seed: &str,
    previous_end: Option<Date>,
) -> Result<(), ValidationError> {
    let mut errors = Errors::default();
    check_period(&mut errors, from, to, previous_end);
    if to < today {
        errors.add(
            "to",
            "il periodo è già concluso: l'impegno sul seme si prende prima della fine del periodo, quando gli atti da sorteggiare non sono ancora tutti noti",
        );
    }
    if seed.trim().chars().count() < MIN_SEED_CHARS {
        errors.add(
            "seed",
            format!(
                "il seme va tenuto riservato fino al sorteggio e deve essere lungo almeno {MIN_SEED_CHARS} caratteri, perché dalla sua impronta nessuno possa indovinarlo"
            ),
        );
    }
    check_text(&mut errors, "seed", seed);
    errors.finish()
}

/// Checks the terms of a draw: the period's rules, a period that has ended (`to` before
/// `today`), a percentage from 1 to 100, and a seed that is the one committed for this very
/// period before it ended.
pub fn validate_draw(
    from: Date,
    to: Date,
    today: Date,
    percent: u8,
    seed: &str,
    previous_end: Option<Date>,
    commitment: Option<&Commitment>,
) -> Result<(), ValidationError> {
    let mut errors = Errors::default();
    check_period(&mut errors, from, to, previous_end);
    if to >= today {
        errors.add(
            "to",
            "il periodo deve essere concluso: il sorteggio riguarda atti adottati fino a ieri",
        );
    }
    if !(1..=100).contains(&percent) {
        errors.add("percent", "la percentuale va da 1 a 100");
    }
    match commitment {
        None => errors.add(
            "seed",
            "per questo periodo non c'è un impegno sul seme: va registrato prima che il periodo finisca, e il sorteggio usa quel seme",
        ),
        Some(c) if c.committed_on > to => errors.add(
            "seed",
            format!(
                "l'impegno sul seme è del {}, dopo la fine del periodo: non vale",
                day(c.committed_on)
            ),
        ),
        Some(c) if seed_sha256(seed) != c.seed_sha256 => errors.add(
            "seed",
            format!(
                "il seme non è quello impegnato il {}: l'impronta non corrisponde",
                day(c.committed_on)
            ),
        ),
        Some(_) => {}
    }
    check_text(&mut errors, "seed", seed);
    errors.finish()
}

/// Checks an outcome: observations and irregularities need a note that says what was found.
pub fn validate_esito(esito: EsitoControllo, note: &str) -> Result<(), ValidationError> {
    let mut errors = Errors::default();
    if esito != EsitoControllo::Regolare && note.trim().is_empty() {
        errors.add(
            "note",
            format!(
                "con l'esito «{}» la nota è obbligatoria: indicare che cosa è stato rilevato",
                esito.label()
            ),
        );
    }
    if note.chars().count() > 10_000 {
        errors.add("note", "la nota supera i 10000 caratteri");
    }
    errors.finish()
}

/// Whether `role` may draw samples and record outcomes: only the segretario generale, who
/// directs the control (art. 147-bis c.2). `what` names the step in the refusal.
pub fn check_role(role: crate::Role, what: &str) -> Result<(), crate::iter::Refusal> {
    if role == crate::Role::Segretario {
        return Ok(());
    }
    Err(crate::iter::Refusal {
        reason: crate::iter::RefusalReason::Forbidden,
        message: format!("{what} spetta al segretario generale (TUEL art. 147-bis)"),
    })
}

/// The period the next draw of a kind proposes, given today and the last day of the previous
/// draw of that kind: from the day after it (or the first day of the previous month) to the
/// last day of the previous month or, when the draws already reach it, to the end of the
/// month the period starts in (to be drawn once it has ended).
pub fn proposed_period(today: Date, previous_end: Option<Date>) -> (Date, Date) {
    let month_start = today.first_of_month();
    let previous_month_end = month_start.yesterday().unwrap_or(month_start);
    let from = match previous_end {
        Some(end) => end.tomorrow().unwrap_or(end),
        None => previous_month_end.first_of_month(),
    };
    let to = if previous_month_end >= from {
        previous_month_end
    } else {
        from.last_of_month()
    };
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn numeri(n: u32) -> Vec<String> {
        (1..=n).map(|i| format!("{i}/2026")).collect()
    }

    #[test]
    fn sizes_round_up() {
        assert_eq!(sample_size(0, 10), 0);
        assert_eq!(sample_size(1, 1), 1);
        assert_eq!(sample_size(95, 10), 10);
        assert_eq!(sample_size(100, 10), 10);
        assert_eq!(sample_size(101, 10), 11);
        assert_eq!(sample_size(7, 100), 7);
    }

    #[test]
    fn the_draw_is_reproducible_and_ignores_the_order_of_the_list() {
        let list = numeri(40);
        let a = draw("Lotto 12/11/2026 Bari 12 45 67 3 89", &list, 10);
        let mut reversed = list.clone();
        reversed.reverse();
        assert_eq!(
            a,
            draw("Lotto 12/11/2026 Bari 12 45 67 3 89", &reversed, 10)
        );
        assert_eq!(a.len(), 4);
        // Another seed, another sample.
        assert_ne!(a, draw("Lotto 19/11/2026 Bari 1 2 3 4 5", &list, 10));
        // The score is SHA-256 of "seed|numero": `printf 'seme|1/2026' | sha256sum`.
        assert_eq!(
            score("seme", "1/2026"),
            "af76effe3bb825fb85b68dd6dbb2a769762a8b456bb7a8b7c21a433d46baa53e"
        );
    }

    const SEED: &str = "K7QM-2XVD-9HPA-W4TN";

    fn committed(on: Date) -> Commitment {
        Commitment {
            seed_sha256: seed_sha256(SEED),
            committed_on: on,
        }
    }

    #[test]
    fn the_terms_of_a_draw_are_checked() {
        let today = date(2026, 7, 1);
        let on_time = committed(date(2026, 6, 15));
        assert!(
            validate_draw(
                date(2026, 1, 1),
                date(2026, 6, 30),
                today,
                10,
                SEED,
                None,
                Some(&on_time)
            )
            .is_ok()
        );
        let err = validate_draw(
            date(2026, 7, 1),
            date(2026, 6, 30),
            today,
            0,
            "corto",
            None,
            Some(&on_time),
        )
        .expect_err("bad");
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["from", "percent", "seed"]);
        let err = validate_draw(
            date(2026, 6, 1),
            date(2026, 7, 1),
            today,
            10,
            SEED,
            None,
            Some(&on_time),
        )
        .expect_err("not ended");
        assert_eq!(err.0[0].field, "to");
        // After a draw ending on 31 March: from 1 April, not before, not after.
        let previous = Some(date(2026, 3, 31));
        let terms = |from| {
            validate_draw(
                from,
                date(2026, 6, 30),
                today,
                10,
                SEED,
                previous,
                Some(&on_time),
            )
        };
        assert!(terms(date(2026, 4, 1)).is_ok());
        for wrong in [date(2026, 3, 31), date(2026, 4, 2)] {
            let err = terms(wrong).expect_err("not contiguous");
            assert_eq!(err.0[0].field, "from");
            assert!(
                err.0[0].message.contains("01/04/2026"),
                "{}",
                err.0[0].message
            );
        }
        assert!(validate_esito(EsitoControllo::Regolare, "").is_ok());
        assert!(validate_esito(EsitoControllo::Irregolare, " ").is_err());
        assert!(validate_esito(EsitoControllo::ConOsservazioni, "manca il CIG").is_ok());
    }

    #[test]
    fn a_draw_uses_the_seed_committed_before_the_period_ended() {
        let (from, to, today) = (date(2026, 6, 1), date(2026, 6, 30), date(2026, 7, 2));
        let draw = |seed: &str, c: Option<&Commitment>| {
            validate_draw(from, to, today, 10, seed, None, c)
                .err()
                .map(|e| e.0[0].message.clone())
        };
        assert_eq!(draw(SEED, Some(&committed(to))), None);
        // Surrounding spaces are not part of the seed.
        assert_eq!(draw(&format!("  {SEED} "), Some(&committed(to))), None);
        assert!(
            draw(SEED, None)
                .is_some_and(|m| m.starts_with("per questo periodo non c'è un impegno"))
        );
        let late = draw(SEED, Some(&committed(date(2026, 7, 1)))).expect("late");
        assert!(
            late.contains("01/07/2026, dopo la fine del periodo"),
            "{late}"
        );
        // Any other seed, even one character off, is refused: trying seeds is pointless.
        let other = draw("K7QM-2XVD-9HPA-W4TM", Some(&committed(to))).expect("other");
        assert!(
            other.contains("non è quello impegnato il 30/06/2026"),
            "{other}"
        );
        // The commitment: before the period ends, with a seed too long to guess from its hash.
        assert!(validate_commitment(from, to, date(2026, 6, 30), SEED, None).is_ok());
        let err = validate_commitment(from, to, today, "breve", None).expect_err("bad");
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["to", "seed"]);
        // `printf 'K7QM-2XVD-9HPA-W4TN' | sha256sum`
        assert_eq!(
            seed_sha256(SEED),
            "40b5e401f9a67fe188e17ed810af2a95924b98c5a0497baa064405a7b756d5ce"
        );
    }

    #[test]
    fn the_proposed_period_follows_the_previous_draw_without_gaps() {
        let d = |t: &str| t.parse::<Date>().unwrap_or_default();
        // No draw yet: the previous month, also across a new year.
        assert_eq!(
            proposed_period(d("2027-01-01"), None),
            (d("2026-12-01"), d("2026-12-31"))
        );
        // From the day after the last draw to the end of the previous month.
        assert_eq!(
            proposed_period(d("2026-12-06"), Some(d("2026-10-15"))),
            (d("2026-10-16"), d("2026-11-30"))
        );
        // The draws reach the previous month already: the current month, drawn once ended.
        assert_eq!(
            proposed_period(d("2026-12-06"), Some(d("2026-11-30"))),
            (d("2026-12-01"), d("2026-12-31"))
        );
        // Every proposal is valid for validate_draw once it has ended, starting where it must.
        let previous = d("2026-02-27");
        let (from, to) = proposed_period(d("2026-03-10"), Some(previous));
        assert!(
            validate_draw(
                from,
                to,
                d("2026-03-10"),
                10,
                SEED,
                Some(previous),
                Some(&committed(to))
            )
            .is_ok()
        );
        assert!(check_role(crate::Role::Dirigente, "il sorteggio").is_err());
        assert!(check_role(crate::Role::Segretario, "il sorteggio").is_ok());
    }
}
