//! The dates of an act, by the rules of the TUEL (those of the Codice della Strada are in
//! `verbale.rs`). Pure functions of civil dates (the Comune's calendar, Europe/Rome): the
//! caller says what "today" is.

use jiff::ToSpan;
use jiff::civil::Date;

/// Days of publication on the albo pretorio: 15 consecutive days (art. 124 c.1 TUEL).
pub const PUBLICATION_DAYS: i64 = 15;

/// A delibera becomes executive "dopo il decimo giorno dalla pubblicazione" (art. 134 c.3
/// TUEL): on the 11th day, counting the first day of publication as day 1.
pub const ESECUTIVITA_DAY: i64 = 11;

/// An instant on the Comune's clock (Europe/Rome). The time zone database is compiled in: no
/// file is read, and every PC gives the same day and hour.
pub fn in_italy(t: jiff::Timestamp) -> jiff::Zoned {
    let tz = jiff::tz::TimeZone::get("Europe/Rome").unwrap_or(jiff::tz::TimeZone::UTC);
    t.to_zoned(tz)
}

/// The day in the Comune's calendar (Europe/Rome) of an instant.
pub fn day_in_italy(t: jiff::Timestamp) -> Date {
    in_italy(t).date()
}

/// The last day of publication, when it starts on `start` (the first day counted).
pub fn publication_end(start: Date) -> Date {
    nth_day(start, PUBLICATION_DAYS)
}

/// The day a delibera becomes executive: at once (adoption) when immediately executable
/// (art. 134 c.4), else on the 11th day of publication (art. 134 c.3).
pub fn esecutivita_delibera(
    adoption: Date,
    publication_start: Date,
    immediatamente_eseguibile: bool,
) -> Date {
    if immediatamente_eseguibile {
        adoption
    } else {
        nth_day(publication_start, ESECUTIVITA_DAY)
    }
}

/// The `n`th day of a period that starts on `start` (day 1).
pub(crate) fn nth_day(start: Date, n: i64) -> Date {
    start.checked_add((n - 1).days()).unwrap_or(Date::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn examples_across_month_and_year_ends() {
        assert_eq!(publication_end(date(2026, 12, 20)), date(2027, 1, 3));
        assert_eq!(
            esecutivita_delibera(date(2026, 12, 19), date(2026, 12, 28), false),
            date(2027, 1, 7)
        );
        assert_eq!(
            esecutivita_delibera(date(2026, 12, 19), date(2026, 12, 28), true),
            date(2026, 12, 19)
        );
        assert_eq!(publication_end(date(2028, 2, 20)), date(2028, 3, 5)); // 2028 is a leap year
        assert_eq!(publication_end(date(2027, 2, 20)), date(2027, 3, 6));
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (2000i16..2100, 1i8..=12, 1i8..=31)
            .prop_filter_map("valid date", |(y, m, d)| Date::new(y, m, d).ok())
    }

    proptest! {
        #[test]
        fn publication_lasts_fifteen_consecutive_days(start in any_date()) {
            let end = publication_end(start);
            // Counting both ends: 15 days.
            prop_assert_eq!((end - start).get_days() + 1, 15);
            prop_assert_eq!(start.until(end).map(|s| s.get_days()).ok(), Some(14));
            prop_assert!(end > start);
        }

        #[test]
        fn esecutivita_is_the_eleventh_day_or_at_once(
            adoption in any_date(),
            gap in 0i64..60,
            immediata in any::<bool>(),
        ) {
            let start = adoption.checked_add(gap.days()).unwrap_or(adoption);
            let day = esecutivita_delibera(adoption, start, immediata);
            if immediata {
                prop_assert_eq!(day, adoption);
            } else {
                prop_assert_eq!((day - start).get_days(), 10);
                // Always within the publication period.
                prop_assert!(day <= publication_end(start));
            }
        }
    }
}
