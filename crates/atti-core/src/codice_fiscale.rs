//! Codice fiscale (persons, 16 characters with a check character, DM 23/12/1976) and
//! partita IVA (11 digits with a Luhn-like check digit, DPR 633/1972).

/// Whether `s` is a well-formed codice fiscale of a person (check character included;
/// omocodia letters accepted) or a partita IVA / codice fiscale numerico of a legal person.
pub fn is_valid(s: &str) -> bool {
    match s.len() {
        16 => is_valid_person(s),
        11 => is_valid_numeric(s),
        _ => false,
    }
}

/// Completes the first 15 characters of a person's codice fiscale with its check character.
pub fn with_check_char(first15: &str) -> Option<String> {
    let b = first15.as_bytes();
    if b.len() != 15
        || !b
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return None;
    }
    Some(format!("{first15}{}", char::from(check_char(b))))
}

fn is_valid_person(s: &str) -> bool {
    let b = s.as_bytes();
    // Positions that are digits, or omocodia letters in their place.
    const DIGIT_POS: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];
    const OMOCODIA: &[u8] = b"LMNPQRSTUV";
    for (i, &c) in b.iter().enumerate() {
        let ok = if DIGIT_POS.contains(&i) {
            c.is_ascii_digit() || OMOCODIA.contains(&c)
        } else {
            c.is_ascii_uppercase()
        };
        if !ok {
            return false;
        }
    }
    b[15] == check_char(&b[..15])
}

fn check_char(b: &[u8]) -> u8 {
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let value = |c: u8| -> usize {
        if c.is_ascii_digit() {
            (c - b'0') as usize
        } else {
            (c - b'A') as usize
        }
    };
    let sum: u32 = b[..15]
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let v = value(c);
            // Positions are counted from 1: odd positions are even indexes.
            if i % 2 == 0 { ODD[v] } else { v as u32 }
        })
        .sum();
    b'A' + (sum % 26) as u8
}

fn is_valid_numeric(s: &str) -> bool {
    if !s.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let d: Vec<u32> = s.bytes().map(|c| u32::from(c - b'0')).collect();
    let mut sum = 0;
    for (i, &x) in d[..10].iter().enumerate() {
        sum += if i % 2 == 0 {
            x
        } else {
            let y = x * 2;
            if y > 9 { y - 9 } else { y }
        };
    }
    (10 - sum % 10) % 10 == d[10]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes() {
        assert!(is_valid("RSSMRA85T10A562S")); // the textbook Mario Rossi
        assert!(!is_valid("RSSMRA85T10A562T"));
        assert!(!is_valid("rssmra85t10a562s"));
        assert!(is_valid("00743110157")); // a well-known partita IVA
        assert!(!is_valid("00743110158"));
        assert!(!is_valid("ABC"));
    }
}
