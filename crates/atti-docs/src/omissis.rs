//! The publication version of an act ("omissis") and the detector that proposes what to hide.
//!
//! D.Lgs. 33/2013 art. 7-bis c.4 and the Garante's guidelines (provv. 243/2014) require that the
//! version published on the albo and in Amministrazione trasparente hides the personal data that
//! is not pertinent. A clerk marks spans as riservati; the publication render replaces them with
//! "omissis", the full version stays as it is.
//!
//! A mark is the exact text, not a byte range: byte ranges break with every edit above them,
//! while the text stays true as long as the personal data is still there. A mark applies to
//! every occurrence, in every text field of the act (or only in one field, when `field` is
//! given), so that a name that appears in the oggetto and in three paragraphs is hidden
//! everywhere by one mark. [`stale_riservati`] tells which marks no longer match anything, so
//! the editor can warn instead of silently publishing a changed spelling.

use atti_core::Act;
use serde::{Deserialize, Serialize};

/// The word that replaces a riservato span in the publication version.
pub const OMISSIS: &str = "omissis";

pub use atti_core::Riservato;

/// Every free-text field of an act with its path, in reading order.
pub fn text_fields(act: &Act) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = vec![("oggetto".into(), &act.oggetto)];
    for (i, s) in act.sections.iter().enumerate() {
        out.push((format!("sections[{i}].text"), &s.text));
    }
    for (i, p) in act.dispositivo.iter().enumerate() {
        out.push((format!("dispositivo[{i}].text"), &p.text));
    }
    for (i, imp) in act.impegni.iter().enumerate() {
        out.push((format!("impegni[{i}].beneficiario"), &imp.beneficiario));
    }
    for (i, a) in act.attachments.iter().enumerate() {
        out.push((format!("attachments[{i}].name"), &a.name));
    }
    if let Some(v) = &act.verbale {
        out.push(("verbale.luogo".into(), &v.luogo));
        out.push(("verbale.veicolo".into(), &v.veicolo));
        out.push(("verbale.targa".into(), &v.targa));
        out.push(("verbale.norma_violata".into(), &v.norma_violata));
        let people = [
            ("trasgressore", Some(&v.trasgressore)),
            ("obbligato_solidale", v.obbligato_solidale.as_ref()),
        ];
        for (name, person) in people {
            if let Some(p) = person {
                out.push((format!("verbale.{name}.nome"), &p.nome));
                if let Some(cf) = &p.codice_fiscale {
                    out.push((format!("verbale.{name}.codice_fiscale"), cf));
                }
                out.push((format!("verbale.{name}.indirizzo"), &p.indirizzo));
            }
        }
    }
    out
}

fn text_fields_mut(act: &mut Act) -> Vec<(String, &mut String)> {
    let mut out: Vec<(String, &mut String)> = vec![("oggetto".into(), &mut act.oggetto)];
    for (i, s) in act.sections.iter_mut().enumerate() {
        out.push((format!("sections[{i}].text"), &mut s.text));
    }
    for (i, p) in act.dispositivo.iter_mut().enumerate() {
        out.push((format!("dispositivo[{i}].text"), &mut p.text));
    }
    for (i, imp) in act.impegni.iter_mut().enumerate() {
        out.push((format!("impegni[{i}].beneficiario"), &mut imp.beneficiario));
    }
    for (i, a) in act.attachments.iter_mut().enumerate() {
        out.push((format!("attachments[{i}].name"), &mut a.name));
    }
    if let Some(v) = &mut act.verbale {
        out.push(("verbale.luogo".into(), &mut v.luogo));
        out.push(("verbale.veicolo".into(), &mut v.veicolo));
        out.push(("verbale.targa".into(), &mut v.targa));
        out.push(("verbale.norma_violata".into(), &mut v.norma_violata));
        let people = [
            ("trasgressore", Some(&mut v.trasgressore)),
            ("obbligato_solidale", v.obbligato_solidale.as_mut()),
        ];
        for (name, person) in people {
            if let Some(p) = person {
                out.push((format!("verbale.{name}.nome"), &mut p.nome));
                if let Some(cf) = &mut p.codice_fiscale {
                    out.push((format!("verbale.{name}.codice_fiscale"), cf));
                }
                out.push((format!("verbale.{name}.indirizzo"), &mut p.indirizzo));
            }
        }
    }
    out
}

/// Replaces, in one field's text, every occurrence of the marks that apply to `path`.
/// Longer marks go first, so that "Mario Rossi" wins over "Rossi".
pub(crate) fn redact(path: &str, text: &str, riservati: &[Riservato]) -> String {
    let mut marks: Vec<&str> = riservati
        .iter()
        .filter(|r| r.applies_to(path) && !r.text.trim().is_empty())
        .map(|r| r.text.as_str())
        .collect();
    marks.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    marks.dedup();
    let mut out = text.to_string();
    for m in marks {
        out = out.replace(m, OMISSIS);
    }
    out
}

/// The act as the publication version shows it: every riservato span reads "omissis".
pub fn apply_omissis(act: &Act, riservati: &[Riservato]) -> Act {
    let mut act = act.clone();
    for (path, text) in text_fields_mut(&mut act) {
        *text = redact(&path, text, riservati);
    }
    act
}

/// The marks that no longer match any text of the act, e.g. because the text was edited after
/// marking: the editor shows them, so that a changed spelling is not published by mistake.
/// Marks restricted to a parere's reasons (`pareri[i].motivazione`) are not checked here.
pub fn stale_riservati<'a>(act: &Act, riservati: &'a [Riservato]) -> Vec<&'a Riservato> {
    let fields = text_fields(act);
    riservati
        .iter()
        .filter(|r| !r.field.as_deref().is_some_and(|f| f.starts_with("pareri[")))
        .filter(|r| {
            !fields.iter().any(|(path, text)| {
                r.applies_to(path) && !r.text.is_empty() && text.contains(&r.text)
            })
        })
        .collect()
}

/// What kind of personal data a proposal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum ProposalKind {
    /// Codice fiscale of a person (with a valid check character).
    CodiceFiscale,
    /// IBAN (with valid mod-97 check digits).
    Iban,
    /// Italian phone number, fixed or mobile.
    Telefono,
    /// E-mail or PEC address.
    Email,
    /// Date of birth ("nato a ... il 12/03/1980").
    DataNascita,
    /// Name of a natural person («il signor Giovanni Esposito»).
    Persona,
    /// Health data («invalidità civile», «ricoverata»): never published of a beneficiary
    /// (D.Lgs. 33/2013 art. 26 c.4).
    DatiSalute,
}

impl ProposalKind {
    /// Every kind.
    pub const ALL: [ProposalKind; 7] = [
        ProposalKind::CodiceFiscale,
        ProposalKind::Iban,
        ProposalKind::Telefono,
        ProposalKind::Email,
        ProposalKind::DataNascita,
        ProposalKind::Persona,
        ProposalKind::DatiSalute,
    ];

    /// The name a clerk reads.
    pub fn label(self) -> &'static str {
        match self {
            ProposalKind::CodiceFiscale => "codice fiscale",
            ProposalKind::Iban => "IBAN",
            ProposalKind::Telefono => "numero di telefono",
            ProposalKind::Email => "indirizzo e-mail",
            ProposalKind::DataNascita => "data di nascita",
            ProposalKind::Persona => "nome di persona",
            ProposalKind::DatiSalute => "dato sulla salute",
        }
    }
}

/// A span the detector proposes to mark as riservato.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
pub struct Proposal {
    /// Field path where it was found.
    pub field: String,
    /// The exact text found.
    pub text: String,
    /// What it looks like.
    pub kind: ProposalKind,
}

/// Finds personal data in the act's text that should probably be hidden in the publication
/// version: codici fiscali, IBAN, phone numbers, e-mail addresses, dates of birth, names of
/// persons, health data. Each
/// (field, text) is proposed once, in reading order.
pub fn propose_omissis(act: &Act) -> Vec<Proposal> {
    let mut out: Vec<Proposal> = Vec::new();
    for (field, text) in text_fields(act) {
        let mut found = detect(text);
        found.sort_by_key(|(start, _, _)| *start);
        for (_, found_text, kind) in found {
            let p = Proposal {
                field: field.clone(),
                text: found_text,
                kind,
            };
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// Every detection in one text: (byte start, exact text, kind).
pub(crate) fn detect(text: &str) -> Vec<(usize, String, ProposalKind)> {
    let mut out = Vec::new();
    for (start, end) in codici_fiscali(text) {
        out.push((
            start,
            text[start..end].to_string(),
            ProposalKind::CodiceFiscale,
        ));
    }
    for (start, end) in ibans(text) {
        out.push((start, text[start..end].to_string(), ProposalKind::Iban));
    }
    for (start, end) in phones(text) {
        out.push((start, text[start..end].to_string(), ProposalKind::Telefono));
    }
    for (start, end) in emails(text) {
        out.push((start, text[start..end].to_string(), ProposalKind::Email));
    }
    for (start, end) in birth_dates(text) {
        out.push((
            start,
            text[start..end].to_string(),
            ProposalKind::DataNascita,
        ));
    }
    for (start, end) in crate::persone::names(text) {
        out.push((start, text[start..end].to_string(), ProposalKind::Persona));
    }
    for (start, end) in crate::persone::health(text) {
        out.push((
            start,
            text[start..end].to_string(),
            ProposalKind::DatiSalute,
        ));
    }
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Maximal runs of ASCII letters and digits: (start, end).
fn alnum_runs(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphanumeric() {
            let start = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            // A run glued to a non-ASCII letter ("àRSS...") is part of a word, not a code.
            let glued = (start > 0 && b[start - 1] >= 0x80) || (i < b.len() && b[i] >= 0x80);
            if !glued {
                out.push((start, i));
            }
        } else {
            i += 1;
        }
    }
    out
}

fn codici_fiscali(text: &str) -> Vec<(usize, usize)> {
    alnum_runs(text)
        .into_iter()
        .filter(|&(s, e)| {
            e - s == 16 && {
                let run = &text[s..e];
                run.bytes().any(|c| c.is_ascii_digit())
                    && atti_core::codice_fiscale::is_valid(&run.to_ascii_uppercase())
            }
        })
        .collect()
}

/// Whether an IBAN (no spaces, uppercase) has valid check digits (ISO 13616 mod 97).
pub fn iban_is_valid(iban: &str) -> bool {
    let b = iban.as_bytes();
    if !(15..=34).contains(&b.len())
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..4].iter().all(u8::is_ascii_digit)
        || !b
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    if matches!(&iban[..2], "IT" | "SM") && b.len() != 27 {
        return false;
    }
    let mut rem: u32 = 0;
    for &c in b[4..].iter().chain(&b[..4]) {
        let v = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

fn ibans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        let at_boundary = i == 0 || !is_word_byte(b[i - 1]);
        if !(at_boundary
            && b[i].is_ascii_uppercase()
            && b[i + 1].is_ascii_uppercase()
            && b[i + 2].is_ascii_digit()
            && b[i + 3].is_ascii_digit())
        {
            i += 1;
            continue;
        }
        // Collect up to 34 characters [A-Z0-9], allowing single spaces between groups;
        // remember where each one ends and whether a group ends after it.
        let mut chars = String::new();
        let mut ends: Vec<(usize, bool)> = Vec::new();
        let mut j = i;
        while j < b.len() && chars.len() < 34 {
            let c = b[j];
            if c.is_ascii_uppercase() || c.is_ascii_digit() {
                chars.push(char::from(c));
                ends.push((j + 1, false));
                j += 1;
            } else if c == b' '
                && j + 1 < b.len()
                && (b[j + 1].is_ascii_uppercase() || b[j + 1].is_ascii_digit())
                && !chars.is_empty()
            {
                if let Some(last) = ends.last_mut() {
                    last.1 = true;
                }
                j += 1;
            } else {
                break;
            }
        }
        if let Some(last) = ends.last_mut() {
            // The last collected character ends the candidate if what follows is not a word.
            last.1 = j >= b.len()
                || !is_word_byte(b[j])
                || chars.len() == 34 && !b[j].is_ascii_alphanumeric();
        }
        let mut matched = None;
        for len in (15..=chars.len()).rev() {
            let (end, group_end) = ends[len - 1];
            if group_end && iban_is_valid(&chars[..len]) {
                matched = Some(end);
                break;
            }
        }
        match matched {
            Some(end) => {
                out.push((i, end));
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

fn phones(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // Not in the middle of a word, a number or an amount ("1.333 ...", "-333").
        let prev_ok = i == 0 || {
            let p = b[i - 1];
            let glued = is_word_byte(p) || matches!(p, b',' | b'/' | b'-' | b'+');
            let after_digit_dot = p == b'.' && i >= 2 && b[i - 2].is_ascii_digit();
            !glued && !after_digit_dot
        };
        if !prev_ok || !(b[i].is_ascii_digit() || b[i] == b'+') {
            i += 1;
            continue;
        }
        match phone_at(b, i) {
            Some(end) => {
                out.push((i, end));
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// A phone number starting at `start`: returns its end.
fn phone_at(b: &[u8], start: usize) -> Option<usize> {
    let mut j = start;
    // International prefix.
    if b[j..].starts_with(b"+39") {
        j += 3;
    } else if b[j..].starts_with(b"0039") {
        j += 4;
    } else if b[j] == b'+' {
        return None;
    }
    if j > start && j < b.len() && b[j] == b' ' {
        j += 1;
    }
    let mut digits = String::new();
    let mut groups: Vec<usize> = Vec::new();
    let mut seps: Vec<u8> = Vec::new();
    let mut end = j;
    let mut current = 0;
    while j < b.len() {
        let c = b[j];
        if c.is_ascii_digit() {
            digits.push(char::from(c));
            current += 1;
            j += 1;
            end = j;
        } else if matches!(c, b' ' | b'.' | b'-' | b'/')
            && current > 0
            && j + 1 < b.len()
            && b[j + 1].is_ascii_digit()
        {
            groups.push(current);
            seps.push(c);
            current = 0;
            j += 1;
        } else {
            break;
        }
    }
    if current > 0 {
        groups.push(current);
    }
    // What follows must not continue a number or a word ("312.345.678,00").
    if end < b.len() {
        let n = b[end];
        if is_word_byte(n)
            || (matches!(n, b',' | b'.') && end + 1 < b.len() && b[end + 1].is_ascii_digit())
        {
            return None;
        }
    }
    let d = digits.as_bytes();
    let n = d.len();
    let ok_len = match d.first() {
        // Mobile: 3xx, 9-10 digits; no "30x" prefix exists.
        Some(b'3') => (9..=10).contains(&n) && d.get(1).is_some_and(|c| *c != b'0'),
        // Fixed line: 0 + area code, 8-11 digits in practice.
        Some(b'0') => (8..=11).contains(&n),
        _ => false,
    };
    if !ok_len {
        return None;
    }
    // d.m.yyyy, d-m-yyyy: a date, not a number.
    if groups.len() == 3 && seps[0] == seps[1] && groups[0] <= 2 && groups[1] <= 2 && groups[2] == 4
    {
        return None;
    }
    // A slash separates at most once (area code / number), otherwise it is a date.
    if seps.iter().filter(|&&s| s == b'/').count() > 1 {
        return None;
    }
    // Dots between groups of exactly three digits look like an amount (312.345.678).
    if !seps.is_empty() && seps.iter().all(|&s| s == b'.') && groups[1..].iter().all(|&g| g == 3) {
        return None;
    }
    Some(end)
}

fn emails(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let local_ok =
        |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let domain_ok = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-');
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (at, _) in text.match_indices('@') {
        let mut s = at;
        while s > 0 && local_ok(b[s - 1]) {
            s -= 1;
        }
        while s < at && b[s] == b'.' {
            s += 1;
        }
        let mut e = at + 1;
        while e < b.len() && domain_ok(b[e]) {
            e += 1;
        }
        while e > at + 1 && matches!(b[e - 1], b'.' | b'-') {
            e -= 1;
        }
        if s == at || e <= at + 1 {
            continue;
        }
        let domain = &text[at + 1..e];
        let tld = domain.rsplit('.').next().unwrap_or("");
        if !domain.contains('.') || tld.len() < 2 || !tld.bytes().all(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        if out.last().is_some_and(|&(_, pe)| pe > s) {
            continue;
        }
        out.push((s, e));
    }
    out
}

use crate::render::MONTHS;

/// A date at `start` ("12/03/1980", "12.03.1980", "12-03-1980", "1° marzo 1980",
/// "12 marzo 1980"): returns its end.
fn date_at(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let digits = |from: usize, min: usize, max: usize| -> Option<usize> {
        let mut k = from;
        while k < b.len() && b[k].is_ascii_digit() && k - from < max {
            k += 1;
        }
        (k - from >= min && (k >= b.len() || !b[k].is_ascii_digit())).then_some(k)
    };
    let d_end = digits(start, 1, 2)?;
    // Numeric form.
    if d_end < b.len() && matches!(b[d_end], b'/' | b'.' | b'-') {
        let sep = b[d_end];
        let m_end = digits(d_end + 1, 1, 2)?;
        if m_end < b.len() && b[m_end] == sep {
            let y_end = digits(m_end + 1, 4, 4)?;
            let day: u32 = text[start..d_end].parse().ok()?;
            let month: u32 = text[d_end + 1..m_end].parse().ok()?;
            if (1..=31).contains(&day) && (1..=12).contains(&month) {
                return Some(y_end);
            }
        }
        return None;
    }
    // Written form.
    let mut k = d_end;
    for ord in ["°", "º"] {
        if text[k..].starts_with(ord) {
            k += ord.len();
        }
    }
    if k < b.len() && b[k] == b' ' {
        k += 1;
    } else {
        return None;
    }
    let rest = text[k..].to_lowercase();
    let month = MONTHS.iter().find(|m| rest.starts_with(*m))?;
    k += month.len();
    if k < b.len() && b[k] == b' ' {
        k += 1;
    } else {
        return None;
    }
    digits(k, 4, 4)
}

/// Dates of birth: a date after "nato/nata/nati/nate ... il" or after "nascita".
fn birth_dates(text: &str) -> Vec<(usize, usize)> {
    let lower = text.to_lowercase();
    // Lowercasing keeps byte offsets only for ASCII-preserving text; fall back otherwise.
    if lower.len() != text.len() {
        return Vec::new();
    }
    let b = lower.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let keywords = ["nato", "nata", "nati", "nate", "nascita"];
    for kw in keywords {
        for (pos, _) in lower.match_indices(kw) {
            let before_ok = pos == 0 || !is_word_byte(b[pos - 1]);
            let after = pos + kw.len();
            let after_ok = after >= b.len() || !b[after].is_ascii_alphabetic();
            if !before_ok || !after_ok {
                continue;
            }
            // Look ahead a short way (within the sentence) for "il <date>" or, after
            // "nascita", for the date itself.
            let window_end = (after + 120).min(b.len());
            let mut k = after;
            while k < window_end {
                if !text.is_char_boundary(k) {
                    k += 1;
                    continue;
                }
                if matches!(b[k], b';' | b'\n') {
                    break;
                }
                let word_start = k == 0 || !is_word_byte(b[k - 1]);
                let candidate = if lower[k..].starts_with("il ") && word_start {
                    Some(k + 3)
                } else if kw == "nascita" && word_start && b[k].is_ascii_digit() {
                    Some(k)
                } else {
                    None
                };
                if let Some(ds) = candidate
                    && let Some(de) = date_at(text, ds)
                {
                    if !out.contains(&(ds, de)) {
                        out.push((ds, de));
                    }
                    break;
                }
                k += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use atti_core::{ActKind, DispositivoPoint, Section, SectionKind};

    fn found(text: &str) -> Vec<(String, ProposalKind)> {
        let mut d = detect(text);
        d.sort_by_key(|x| x.0);
        d.into_iter().map(|(_, t, k)| (t, k)).collect()
    }

    fn one(text: &str, kind: ProposalKind) -> Vec<String> {
        found(text)
            .into_iter()
            .filter(|(_, k)| *k == kind)
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn codice_fiscale_needs_a_valid_check_character() {
        assert_eq!(
            one(
                "il sig. Rossi (C.F. RSSMRA85T10A562S) chiede",
                ProposalKind::CodiceFiscale
            ),
            ["RSSMRA85T10A562S"]
        );
        assert!(
            one(
                "codice RSSMRA85T10A562T errato",
                ProposalKind::CodiceFiscale
            )
            .is_empty()
        );
        assert_eq!(
            one("cf rssmra85t10a562s minuscolo", ProposalKind::CodiceFiscale),
            ["rssmra85t10a562s"]
        );
        // Part of a longer code: not a codice fiscale.
        assert!(one("XRSSMRA85T10A562S", ProposalKind::CodiceFiscale).is_empty());
        // A partita IVA is a company's, not personal data.
        assert!(one("P.IVA 00743110157", ProposalKind::CodiceFiscale).is_empty());
    }

    #[test]
    fn iban_with_and_without_spaces() {
        assert!(iban_is_valid("IT60X0542811101000000123456"));
        assert!(!iban_is_valid("IT60X0542811101000000123457"));
        assert!(iban_is_valid("DE89370400440532013000"));
        assert_eq!(
            one(
                "accredito su IBAN IT60X0542811101000000123456.",
                ProposalKind::Iban
            ),
            ["IT60X0542811101000000123456"]
        );
        assert_eq!(
            one(
                "IBAN: IT60 X054 2811 1010 0000 0123 456 presso la banca",
                ProposalKind::Iban
            ),
            ["IT60 X054 2811 1010 0000 0123 456"]
        );
        assert!(one("IBAN IT60X0542811101000000123457", ProposalKind::Iban).is_empty());
        assert_eq!(
            one(
                "conto DE89 3704 0044 0532 0130 00 tedesco",
                ProposalKind::Iban
            ),
            ["DE89 3704 0044 0532 0130 00"]
        );
    }

    #[test]
    fn italian_phone_numbers() {
        assert_eq!(
            one("cell. 333 1234567, ufficio", ProposalKind::Telefono),
            ["333 1234567"]
        );
        assert_eq!(
            one("tel. +39 06 6982 1234", ProposalKind::Telefono),
            ["+39 06 6982 1234"]
        );
        assert_eq!(
            one("tel 0862/123456 oppure", ProposalKind::Telefono),
            ["0862/123456"]
        );
        assert_eq!(
            one("chiamare il 347.123.4567", ProposalKind::Telefono),
            ["347.123.4567"]
        );
        assert_eq!(
            one("num. 00393471234567", ProposalKind::Telefono),
            ["00393471234567"]
        );
        // Not phone numbers: amounts, dates, years, CIG, protocol numbers.
        assert!(one("importo di 312.345.678,00 euro", ProposalKind::Telefono).is_empty());
        assert!(one("importo di 312.345.678 euro", ProposalKind::Telefono).is_empty());
        assert!(one("in data 01/03/2026 alle", ProposalKind::Telefono).is_empty());
        assert!(one("in data 01.03.2026 alle", ProposalKind::Telefono).is_empty());
        assert!(one("in data 01-03-2026 alle", ProposalKind::Telefono).is_empty());
        assert!(one("prot. n. 0012345 del", ProposalKind::Telefono).is_empty());
        assert!(one("CIG 9A1B2C3D4E", ProposalKind::Telefono).is_empty());
        assert!(one("capitolo 1043.02", ProposalKind::Telefono).is_empty());
        assert!(one("numero 3000000000000", ProposalKind::Telefono).is_empty());
    }

    #[test]
    fn email_addresses() {
        assert_eq!(
            one("scrivere a mario.rossi@example.it.", ProposalKind::Email),
            ["mario.rossi@example.it"]
        );
        assert_eq!(
            one(
                "PEC: protocollo@pec.comune.esempio.it;",
                ProposalKind::Email
            ),
            ["protocollo@pec.comune.esempio.it"]
        );
        assert!(one("utente@localhost o @mention", ProposalKind::Email).is_empty());
    }

    #[test]
    fn dates_of_birth() {
        assert_eq!(
            one(
                "Mario Rossi, nato a Pescara (PE) il 03/04/1975, residente",
                ProposalKind::DataNascita
            ),
            ["03/04/1975"]
        );
        assert_eq!(
            one(
                "la sig.ra Bianchi, nata il 1° marzo 1980",
                ProposalKind::DataNascita
            ),
            ["1° marzo 1980"]
        );
        assert_eq!(
            one(
                "Nato a S. Giovanni Rotondo il 12.11.1969",
                ProposalKind::DataNascita
            ),
            ["12.11.1969"]
        );
        assert_eq!(
            one("data di nascita: 5-6-2001", ProposalKind::DataNascita),
            ["5-6-2001"]
        );
        // A date that is not a birth date.
        assert!(
            one(
                "con determinazione del 12/03/2026, il contratto",
                ProposalKind::DataNascita
            )
            .is_empty()
        );
        // "nato" far away, in another sentence part.
        assert!(
            one(
                "il progetto è nato; il 12/03/2026 è stato approvato",
                ProposalKind::DataNascita
            )
            .is_empty()
        );
        // Words that contain the keyword.
        assert!(one("la donata il 12/03/2026", ProposalKind::DataNascita).is_empty());
    }

    #[test]
    fn proposals_name_their_field_once() {
        let mut act = Act::new(
            ActKind::Determinazione,
            "Contributo a Mario Rossi (RSSMRA85T10A562S)",
        );
        act.sections.push(Section {
            kind: SectionKind::Premesso,
            text: "Vista l'istanza di Mario Rossi, nato a Roma il 10/12/1985, tel. 333 1234567, \
                   e-mail mario.rossi@example.it, C.F. RSSMRA85T10A562S."
                .into(),
        });
        act.dispositivo.push(DispositivoPoint {
            text: "di liquidare su IBAN IT60X0542811101000000123456.".into(),
        });
        let p = propose_omissis(&act);
        let got: Vec<String> = p
            .iter()
            .map(|p| format!("{} {:?} {}", p.field, p.kind, p.text))
            .collect();
        assert_eq!(
            got,
            [
                "oggetto Persona Mario Rossi",
                "oggetto CodiceFiscale RSSMRA85T10A562S",
                "sections[0].text Persona Mario Rossi",
                "sections[0].text DataNascita 10/12/1985",
                "sections[0].text Telefono 333 1234567",
                "sections[0].text Email mario.rossi@example.it",
                "sections[0].text CodiceFiscale RSSMRA85T10A562S",
                "dispositivo[0].text Iban IT60X0542811101000000123456",
            ]
        );
    }

    #[test]
    fn omissis_replaces_every_occurrence_longest_first() {
        let mut act = Act::new(ActKind::Determinazione, "Contributo a Mario Rossi");
        act.sections.push(Section {
            kind: SectionKind::Premesso,
            text: "Mario Rossi chiede; il sig. Rossi allega".into(),
        });
        let marks = [
            Riservato::everywhere("Rossi"),
            Riservato::everywhere("Mario Rossi"),
        ];
        let out = apply_omissis(&act, &marks);
        assert_eq!(out.oggetto, "Contributo a omissis");
        assert_eq!(
            out.sections[0].text,
            "omissis chiede; il sig. omissis allega"
        );
        // A mark restricted to one field leaves the others alone.
        let only = [Riservato {
            field: Some("sections[0].text".into()),
            text: "Mario Rossi".into(),
        }];
        let out = apply_omissis(&act, &only);
        assert_eq!(out.oggetto, "Contributo a Mario Rossi");
        assert_eq!(out.sections[0].text, "omissis chiede; il sig. Rossi allega");
        // Stale marks are reported.
        let marks = [
            Riservato::everywhere("Mario Rossi"),
            Riservato::everywhere("Giuseppe Verdi"),
        ];
        let stale = stale_riservati(&act, &marks);
        assert_eq!(stale, [&marks[1]]);
    }
}
