//! Full-text search over oggetto and body (FTS5, `remove_diacritics 2`: "qualita" finds
//! "qualità"). Each word the clerk types is a prefix, so search works as they type.

use crate::acts::{ACT_ROW_COLUMNS, ACT_ROW_LEN, act_row, into_act_row};
use crate::{ActRow, ListFilter, Store, StoreError};
use atti_core::{ActKind, ActState};
use rusqlite::params;

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The act.
    pub act: ActRow,
    /// An excerpt with the matched words between « and ».
    pub snippet: String,
}

impl Store {
    /// Acts whose oggetto or body match every word of `text`, best first.
    pub fn search(&self, text: &str, filter: &ListFilter) -> Result<Vec<SearchHit>, StoreError> {
        let Some(query) = fts_query(text) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ACT_ROW_COLUMNS},
                    snippet(act_fts, -1, '«', '»', '…', 12)
             FROM act_fts
             JOIN act a ON a.id = act_fts.rowid
             JOIN act_version v ON v.act_id = a.id AND v.version = a.current_version
             WHERE act_fts MATCH ?1
               AND (?2 IS NULL OR a.kind = ?2) AND (?3 IS NULL OR a.state = ?3)
             ORDER BY bm25(act_fts, 5.0, 1.0), a.updated_at DESC
             LIMIT ?4"
        ))?;
        let rows = stmt.query_map(
            params![
                query,
                filter.kind.map(ActKind::slug),
                filter.state.map(ActState::slug),
                filter.limit.map_or(-1, i64::from)
            ],
            // The snippet comes right after the act's columns.
            |r| Ok((act_row(r)?, r.get::<_, String>(ACT_ROW_LEN)?)),
        )?;
        let mut hits = Vec::new();
        for row in rows {
            let (raw, snippet) = row?;
            hits.push(SearchHit {
                act: into_act_row(raw)?,
                snippet,
            });
        }
        Ok(hits)
    }
}

/// Turns what a clerk typed into an FTS5 query: every word quoted (so no FTS syntax can be
/// injected) and made a prefix. `None` when there is no word.
fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn queries_are_quoted_prefixes() {
        assert_eq!(
            fts_query("manut più").as_deref(),
            Some("\"manut\"* \"più\"*")
        );
        assert_eq!(
            fts_query("a\" OR b NEAR(").as_deref(),
            Some("\"a\"* \"OR\"* \"b\"* \"NEAR\"*")
        );
        assert_eq!(fts_query(" -- "), None);
    }
}
