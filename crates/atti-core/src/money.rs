//! Euro amounts are integer cents everywhere; this module formats them the Italian way.

/// Formats cents as "1.234,56 €".
pub fn format_euro(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let euros = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in euros.chars().enumerate() {
        if i > 0 && (euros.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped},{:02} €", abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_format() {
        assert_eq!(format_euro(0), "0,00 €");
        assert_eq!(format_euro(5), "0,05 €");
        assert_eq!(format_euro(123456), "1.234,56 €");
        assert_eq!(format_euro(100_000_000), "1.000.000,00 €");
        assert_eq!(format_euro(-2550), "-25,50 €");
    }
}
