//! What changed between two versions of an act, part by part, word by word.

use crate::dto::{ActDiff, DiffPart, DiffSpan};
use crate::{AppResult, Atti};
use atti_core::money::format_euro;
use atti_core::{Act, ActId};
use similar::{ChangeTag, TextDiff};

impl Atti {
    /// The differences between versions `from` and `to` of an act.
    pub fn act_diff(&self, id: ActId, from: u32, to: u32) -> AppResult<ActDiff> {
        let old = self.store.load_version(id, from)?;
        let new = self.store.load_version(id, to)?;
        let (a, b) = (parts(&old), parts(&new));
        let mut changes = Vec::new();
        let names: Vec<&String> = a
            .iter()
            .map(|(n, _)| n)
            .chain(
                b.iter()
                    .map(|(n, _)| n)
                    .filter(|n| !a.iter().any(|(m, _)| m == *n)),
            )
            .collect();
        for name in names {
            let before = a
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.as_str())
                .unwrap_or("");
            let after = b
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.as_str())
                .unwrap_or("");
            if before != after {
                changes.push(DiffPart {
                    part: name.clone(),
                    spans: word_diff(before, after),
                });
            }
        }
        Ok(ActDiff { from, to, changes })
    }
}

/// The parts of an act a clerk compares, with their text.
fn parts(act: &Act) -> Vec<(String, String)> {
    let mut out = vec![("Oggetto".to_string(), act.oggetto.clone())];
    let mut counts = std::collections::HashMap::new();
    for s in &act.sections {
        let n = counts.entry(s.kind).or_insert(0);
        *n += 1;
        // Compared as read, without the formatting marks.
        let text = atti_core::rich_text::plain_text(&s.text);
        out.push((format!("{} ({n})", s.kind.heading()), text));
    }
    for (i, p) in act.dispositivo.iter().enumerate() {
        out.push((format!("Dispositivo, punto {}", i + 1), p.text.clone()));
    }
    let impegni: Vec<String> = act
        .impegni
        .iter()
        .map(|i| {
            format!(
                "{} cap. {} {} a {}{}{}",
                i.esercizio,
                i.capitolo,
                format_euro(i.importo_centesimi),
                i.beneficiario,
                i.cig
                    .as_deref()
                    .map(|c| format!(" CIG {c}"))
                    .unwrap_or_default(),
                i.cup
                    .as_deref()
                    .map(|c| format!(" CUP {c}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    out.push(("Impegni di spesa".into(), impegni.join("\n")));
    let names: Vec<String> = act.attachments.iter().map(|a| a.name.clone()).collect();
    out.push(("Allegati".into(), names.join("\n")));
    if let Some(v) = &act.verbale {
        out.push((
            "Verbale".into(),
            serde_json::to_string_pretty(v).unwrap_or_default(),
        ));
    }
    out
}

fn word_diff(before: &str, after: &str) -> Vec<DiffSpan> {
    let diff = TextDiff::from_words(before, after);
    let mut spans: Vec<DiffSpan> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => "same",
            ChangeTag::Delete => "removed",
            ChangeTag::Insert => "added",
        };
        match spans.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => spans.push(DiffSpan {
                kind: kind.into(),
                text: change.value().to_string(),
            }),
        }
    }
    spans
}
