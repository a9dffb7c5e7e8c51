//! Text as it reaches the typesetter: invisible characters dropped, and every character checked
//! against the bundled fonts before typesetting, so that a glyph no font has is refused with the
//! field it is in (PDF/A forbids .notdef glyphs; a box instead of a letter would alter the act).

use serde_json::Value;

use crate::Error;
use crate::world::printable;

/// Drops characters that print nothing but may confuse the layout (pasted from word
/// processors): control characters except the line feed, zero-width spaces, byte order marks.
/// A tab becomes a space.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            '\u{200B}' | '\u{2060}' | '\u{FEFF}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// A value as JSON.
pub(crate) fn to_value<T: serde::Serialize>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::Template(e.to_string()))
}

/// The model as the JSON bytes a template reads, every string cleaned.
pub(crate) fn model_json<T: serde::Serialize>(model: &T) -> Result<Vec<u8>, Error> {
    let mut value = to_value(model)?;
    clean_all(&mut value);
    serde_json::to_vec(&value).map_err(|e| Error::Template(e.to_string()))
}

/// Cleans every string of a JSON value in place.
pub(crate) fn clean_all(value: &mut Value) {
    match value {
        Value::String(s) => *s = clean(s),
        Value::Array(items) => items.iter_mut().for_each(clean_all),
        Value::Object(map) => map.values_mut().for_each(clean_all),
        _ => {}
    }
}

/// The first character of the input that no bundled font can print, with its field path
/// ("act.dispositivo[2].text"). Keys in `skip` are not text (e.g. the stemma's SVG source).
pub(crate) fn check_printable(value: &Value, skip: &[&str]) -> Result<(), Error> {
    fn walk(value: &Value, path: &str, skip: &[&str]) -> Result<(), Error> {
        match value {
            Value::String(s) => {
                if let Some(c) = clean(s).chars().find(|&c| !printable(c)) {
                    return Err(Error::Unprintable {
                        field: path.to_string(),
                        character: c,
                    });
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"), skip)?;
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    if skip.contains(&k.as_str()) {
                        continue;
                    }
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(v, &p, skip)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
    walk(value, "", skip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_and_checking() {
        assert_eq!(clean("a\tb\u{200B}c\u{FEFF}\r\nd\u{7}"), "a bc\nd");
        let ok =
            serde_json::json!({"a": ["più ≥ 40.000 € → αβγ «x» – №", {"b": "ok"}], "svg": "漢"});
        assert!(check_printable(&ok, &["svg"]).is_ok());
        let bad =
            serde_json::json!({"act": {"dispositivo": [{"text": "ok"}, {"text": "grazie 漢字"}]}});
        match check_printable(&bad, &[]) {
            Err(Error::Unprintable { field, character }) => {
                assert_eq!(field, "act.dispositivo[1].text");
                assert_eq!(character, '漢');
            }
            other => panic!("{other:?}"),
        }
    }
}
