//! The detector's proposals that need words, not digits: names of natural persons and health
//! data (D.Lgs. 33/2013 art. 7-bis c.4, art. 26 c.4: the publication never reveals the health
//! of a beneficiary). Proposals, not decisions: the clerk marks what is personal data, and
//! the messo confirms by name what goes on the albo as it is.
//!
//! A name is found after a title («sig.», «signora», «dott.ssa», «avv.», ...) or as a common
//! Italian first name followed by a surname; never in a street's or an institution's name
//! («via Giuseppe Verdi», «scuola Maria Montessori»).

/// Titles that announce a person's name.
const TITLES: &[&str] = &[
    "sig.ra",
    "sig.na",
    "sig.",
    "signor",
    "signora",
    "signorina",
    "dott.ssa",
    "dott.",
    "dottor",
    "dottoressa",
    "avv.",
    "ing.",
    "arch.",
    "geom.",
    "rag.",
    "prof.ssa",
    "prof.",
    "p.i.",
];

/// Common Italian first names (and a few of the Comuni's residents from elsewhere).
const FIRST_NAMES: &[&str] = &[
    "Alberto",
    "Alessandra",
    "Alessandro",
    "Alessia",
    "Alice",
    "Andrea",
    "Angela",
    "Angelo",
    "Anna",
    "Antonella",
    "Antonio",
    "Arianna",
    "Aurora",
    "Barbara",
    "Beatrice",
    "Benedetta",
    "Bruno",
    "Carla",
    "Carlo",
    "Caterina",
    "Chiara",
    "Claudia",
    "Claudio",
    "Cristian",
    "Cristina",
    "Daniela",
    "Daniele",
    "Dario",
    "Davide",
    "Debora",
    "Domenico",
    "Edoardo",
    "Elena",
    "Elisa",
    "Elisabetta",
    "Emanuele",
    "Emma",
    "Enrico",
    "Enzo",
    "Erika",
    "Fabio",
    "Fabrizio",
    "Federica",
    "Federico",
    "Filippo",
    "Francesca",
    "Francesco",
    "Franco",
    "Gabriele",
    "Gabriella",
    "Giacomo",
    "Gianluca",
    "Gianni",
    "Giada",
    "Giorgia",
    "Giorgio",
    "Giovanna",
    "Giovanni",
    "Giulia",
    "Giuliano",
    "Giulio",
    "Giuseppe",
    "Giuseppina",
    "Grazia",
    "Ilaria",
    "Irene",
    "Laura",
    "Leonardo",
    "Lorenzo",
    "Luca",
    "Lucia",
    "Luciano",
    "Luigi",
    "Luisa",
    "Marco",
    "Maria",
    "Marina",
    "Mario",
    "Marta",
    "Martina",
    "Massimo",
    "Matteo",
    "Mattia",
    "Maurizio",
    "Michela",
    "Michele",
    "Monica",
    "Nadia",
    "Nicola",
    "Nicoletta",
    "Paola",
    "Paolo",
    "Pietro",
    "Raffaele",
    "Rita",
    "Riccardo",
    "Roberta",
    "Roberto",
    "Rosa",
    "Rosanna",
    "Salvatore",
    "Samuele",
    "Sara",
    "Serena",
    "Sergio",
    "Silvia",
    "Simona",
    "Simone",
    "Sofia",
    "Stefania",
    "Stefano",
    "Teresa",
    "Tommaso",
    "Valentina",
    "Valerio",
    "Vincenzo",
    "Vittoria",
    "Ahmed",
    "Mohamed",
    "Fatima",
    "Elena",
    "Ana",
    "Ion",
];

/// Words that make the name after them a place's or an institution's.
const NOT_A_PERSON_BEFORE: &[&str] = &[
    "via",
    "viale",
    "piazza",
    "piazzale",
    "corso",
    "largo",
    "vicolo",
    "strada",
    "contrada",
    "località",
    "scuola",
    "istituto",
    "liceo",
    "ospedale",
    "fondazione",
    "teatro",
    "stadio",
    "parco",
    "ponte",
    "palazzo",
    "chiesa",
    "san",
    "santa",
    "santo",
    "sant'",
    "s.",
];

/// Particles inside surnames («De Luca», «Di Stefano», «Lo Russo»).
const PARTICLES: &[&str] = &[
    "de", "di", "del", "della", "dello", "lo", "la", "da", "dal", "dalla",
];

/// Phrases of health data (lowercase; a phrase ending in «*» matches any ending).
const HEALTH: &[&str] = &[
    "invalidità civile",
    "invalido civile",
    "invalida civile",
    "disabilità",
    "handicap",
    "legge 104",
    "l. 104/1992",
    "l. 104/92",
    "patologia",
    "patologie",
    "malattia",
    "diagnosi",
    "terapia",
    "ricoverat*",
    "ricovero",
    "tossicodipenden*",
    "alcoldipenden*",
    "stato di salute",
    "certificato medico",
    "certificazione medica",
    "non autosufficien*",
    "trattamento sanitario obbligatorio",
    "gravidanza",
];

/// A word of `text` starting at byte `i`: (start, end), letters and apostrophes.
fn word_at(text: &str, i: usize) -> Option<(usize, usize)> {
    let rest = text.get(i..)?;
    let len: usize = rest
        .char_indices()
        .take_while(|(_, c)| c.is_alphabetic() || *c == '\'' || *c == '’')
        .map(|(_, c)| c.len_utf8())
        .sum();
    (len > 0).then_some((i, i + len))
}

/// The words of `text`: (start, end).
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if let Some((s, e)) = word_at(text, i)
            && (s == 0 || !text[..s].ends_with(|c: char| c.is_alphanumeric()))
        {
            out.push((s, e));
            i = e;
            continue;
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

fn capitalized(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.clone().any(char::is_lowercase)
        && chars.all(|c| c.is_alphabetic() || c == '\'' || c == '’')
}

/// The surname after the word `next - 1`: one or two capitalized words, particles («De»,
/// «Di») included, each one space after the other; its end.
fn surname_after(text: &str, ws: &[(usize, usize)], next: usize) -> Option<usize> {
    let mut prev = ws.get(next.checked_sub(1)?)?.1;
    let mut end = None;
    let mut taken = 0;
    for &(s, e) in ws.get(next..).unwrap_or_default() {
        if text.get(prev..s) != Some(" ") {
            break;
        }
        let w = &text[s..e];
        if PARTICLES.contains(&w.to_lowercase().as_str()) && capitalized(w) {
            prev = e;
            continue;
        }
        if !capitalized(w) || taken == 2 {
            break;
        }
        end = Some(e);
        prev = e;
        taken += 1;
    }
    end
}

/// Whether the word at `s` follows a title («sig.ra », «dott. »).
fn after_title(text: &str, s: usize) -> bool {
    let mut from = s.saturating_sub(12);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let tail = text[from..s].to_lowercase();
    TITLES.iter().any(|t| {
        tail.strip_suffix(' ')
            .and_then(|x| x.strip_suffix(t))
            .is_some_and(|before| match before.chars().last() {
                Some(c) => !c.is_alphanumeric(),
                None => !text[..from].ends_with(|c: char| c.is_alphanumeric()),
            })
    })
}

/// Names of persons in `text`: (byte start, byte end) of «Nome Cognome».
pub(crate) fn names(text: &str) -> Vec<(usize, usize)> {
    let ws = words(text);
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, &(s, e)) in ws.iter().enumerate() {
        let word = &text[s..e];
        let before = k
            .checked_sub(1)
            .and_then(|p| ws.get(p))
            .map(|&(ps, pe)| text[ps..pe].to_lowercase());
        let place = before.as_deref().is_some_and(|b| {
            NOT_A_PERSON_BEFORE
                .iter()
                .any(|n| n.trim_end_matches(['.', '\'']) == b)
        });
        if place || out.iter().any(|&(os, oe)| os <= s && e <= oe) {
            continue;
        }
        let titled = after_title(text, s) && capitalized(word);
        if !titled && !FIRST_NAMES.contains(&word) {
            continue;
        }
        // A first name alone is no one; after a title, the surname alone is someone.
        if let Some(end) = surname_after(text, &ws, k + 1).or(titled.then_some(e)) {
            out.push((s, end));
        }
    }
    out
}

/// Health data in `text`: (byte start, byte end) of each phrase.
pub(crate) fn health(text: &str) -> Vec<(usize, usize)> {
    let lower = text.to_lowercase();
    // Lowercasing keeps byte offsets only when no letter changes length.
    if lower.len() != text.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for phrase in HEALTH {
        let (stem, open) = match phrase.strip_suffix('*') {
            Some(stem) => (stem, true),
            None => (*phrase, false),
        };
        for (pos, _) in lower.match_indices(stem) {
            if pos > 0 && lower[..pos].ends_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            let mut end = pos + stem.len();
            if open {
                end += lower[end..]
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .map(char::len_utf8)
                    .sum::<usize>();
            } else if lower[end..].starts_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            if !out.iter().any(|&(s, e)| s <= pos && end <= e) {
                out.push((pos, end));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(f: fn(&str) -> Vec<(usize, usize)>, text: &str) -> Vec<String> {
        let mut spans = f(text);
        spans.sort();
        spans
            .into_iter()
            .map(|(s, e)| text[s..e].to_string())
            .collect()
    }

    #[test]
    fn names_after_a_title_or_a_first_name() {
        assert_eq!(
            found(
                names,
                "che il signor Giovanni Esposito ha chiesto il contributo;"
            ),
            ["Giovanni Esposito"]
        );
        assert_eq!(
            found(
                names,
                "di concedere a Maria De Luca e alla sig.ra Bianchi il contributo"
            ),
            ["Maria De Luca", "Bianchi"]
        );
        assert_eq!(
            found(names, "Vista la relazione della dott.ssa Anna Maria Ferri"),
            ["Anna Maria Ferri"]
        );
    }

    #[test]
    fn not_a_street_a_school_a_saint_or_a_lone_first_name() {
        assert!(
            found(
                names,
                "in via Giuseppe Verdi 3, presso la scuola Maria Montessori"
            )
            .is_empty()
        );
        assert!(found(names, "la festa di San Giovanni Battista").is_empty());
        assert!(found(names, "Il dirigente dell'area tecnica, Marco").is_empty());
        assert!(found(names, "Visto il D.Lgs. 267/2000 e la Giunta Comunale").is_empty());
    }

    #[test]
    fn health_phrases_whole_words_any_case() {
        assert_eq!(
            found(
                health,
                "beneficiario con invalidità civile al 100% e Legge 104 art. 3"
            ),
            ["invalidità civile", "Legge 104"]
        );
        assert_eq!(
            found(health, "già ricoverata presso l'ospedale"),
            ["ricoverata"]
        );
        assert!(found(health, "la terapiaX e le malattie").is_empty());
    }
}
