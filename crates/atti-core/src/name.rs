//! Attachment names come from outside (a file picker, a drop, a JSON file): never trusted.
//! The store keeps content by its SHA-256, so a name is only a label, but it is a label that
//! later becomes a file name on the document server and in exports: keep it harmless.

/// The longest name we keep, in characters.
pub const MAX_NAME_CHARS: usize = 120;

/// Returns a harmless file name for an attachment: the last path component only, without
/// control characters, path separators or characters Windows refuses, not `.`/`..`, not
/// starting with a dot or dash, at most [`MAX_NAME_CHARS`] characters (the extension is kept).
/// `None` when nothing usable is left.
pub fn clean_attachment_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut name: String = last
        .chars()
        .map(|c| match c {
            c if c.is_control() => '_',
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            c => c,
        })
        .collect();
    name = name
        .trim()
        .trim_start_matches(['.', '-'])
        .trim()
        .to_string();
    // Windows also refuses names ending in a dot or space.
    name = name.trim_end_matches(['.', ' ']).to_string();
    if name.is_empty() {
        return None;
    }
    if name.chars().count() > MAX_NAME_CHARS {
        let (stem, ext) = match name.rfind('.') {
            Some(i) if name.len() - i <= 10 => (&name[..i], &name[i..]),
            _ => (name.as_str(), ""),
        };
        let keep = MAX_NAME_CHARS - ext.chars().count();
        name = stem.chars().take(keep).collect::<String>() + ext;
    }
    let upper = name
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    const RESERVED: [&str; 6] = ["CON", "PRN", "AUX", "NUL", "COM1", "LPT1"];
    if RESERVED.contains(&upper.as_str()) {
        name = format!("_{name}");
    }
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned() {
        let cases = [
            ("../../etc/passwd", Some("passwd")),
            (
                "C:\\Users\\rossi\\Documenti\\Relazione tecnica.pdf",
                Some("Relazione tecnica.pdf"),
            ),
            ("..", None),
            ("/", None),
            ("  .bashrc", Some("bashrc")),
            ("-rf", Some("rf")),
            ("a\u{0}b\nc.txt", Some("a_b_c.txt")),
            ("prospetto?.xlsx", Some("prospetto_.xlsx")),
            ("CON.txt", Some("_CON.txt")),
            ("verbale.", Some("verbale")),
            (
                "Perizia più estimativa.pdf",
                Some("Perizia più estimativa.pdf"),
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_attachment_name(raw).as_deref(), want, "for {raw:?}");
        }
    }

    #[test]
    fn long_names_keep_their_extension() {
        let raw = format!("{}.pdf", "x".repeat(300));
        let name = clean_attachment_name(&raw).unwrap_or_default();
        assert_eq!(name.chars().count(), MAX_NAME_CHARS);
        assert!(name.ends_with(".pdf"));
    }
}
