//! Full-text search over oggetto and body (FTS5, `remove_diacritics 2`: "qualita" finds
//! "qualità"), as a clerk searches: each word typed is a prefix, so search works as they type;
//! the other form of a word is found too («manutenzioni» finds «manutenzione»), and so are the
//! words of the archive one typo away («manutenzone»).

use crate::acts::{ACT_ROW_COLUMNS, ACT_ROW_LEN, FILTER_SQL, act_row, into_act_row};
use crate::{ActRow, ListFilter, Store, StoreError};
use rusqlite::OptionalExtension;

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
        let Some(query) = fts_query(text, &ArchiveWords(&self.conn))? else {
            return Ok(Vec::new());
        };
        let mut params = filter.params();
        params.push((":query", Box::new(query)));
        let named: Vec<(&str, &dyn rusqlite::ToSql)> =
            params.iter().map(|(k, v)| (*k, v.as_ref())).collect();
        // A common word matches thousands of acts: they are ranked among the most recent
        // RANKED of them (the oldest id that still counts, found by walking the index
        // backwards), never all.
        let from_id: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT act_fts.rowid FROM act_fts JOIN act a ON a.id = act_fts.rowid
                 WHERE act_fts MATCH :query AND {FILTER_SQL}
                 ORDER BY act_fts.rowid DESC LIMIT 1 OFFSET {}",
                RANKED - 1
            ))?
            .query_row(
                &named
                    .iter()
                    .filter(|(k, _)| *k != ":limit")
                    .copied()
                    .collect::<Vec<_>>()[..],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ACT_ROW_COLUMNS},
                    snippet(act_fts, -1, '«', '»', '…', 12)
             FROM act_fts
             JOIN act a ON a.id = act_fts.rowid
             JOIN act_version v ON v.act_id = a.id AND v.version = a.current_version
             WHERE act_fts MATCH :query AND act_fts.rowid >= :from_id AND {FILTER_SQL}
             ORDER BY bm25(act_fts, 5.0, 1.0), a.updated_at DESC
             LIMIT :limit"
        ))?;
        let mut named = named;
        named.push((":from_id", &from_id));
        let rows = stmt.query_map(
            named.as_slice(),
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

/// The words of the archive, as the search asks for them: in order, lowercase, without
/// accents.
trait Words {
    /// The words from `prefix` on while they begin with it, in order (at most `max`).
    fn beginning(&self, prefix: &str, max: usize) -> Result<Vec<String>, StoreError>;
    /// Every word (to find those one typo away).
    fn all(&self) -> Result<Vec<String>, StoreError>;
}

/// The words of the store (`act_word`, kept by [`record_words`]).
struct ArchiveWords<'c>(&'c rusqlite::Connection);

impl Words for ArchiveWords<'_> {
    fn beginning(&self, prefix: &str, max: usize) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .0
            .prepare_cached("SELECT term FROM act_word WHERE term >= ?1 ORDER BY term")?;
        let mut rows = stmt.query([prefix])?;
        let mut words = Vec::new();
        while let Some(r) = rows.next()? {
            let term: String = r.get(0)?;
            if !term.starts_with(prefix) || words.len() == max {
                break;
            }
            words.push(term);
        }
        Ok(words)
    }

    fn all(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.0.prepare_cached("SELECT term FROM act_word")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A list of words in order (the tests' archive).
impl Words for [String] {
    fn beginning(&self, prefix: &str, max: usize) -> Result<Vec<String>, StoreError> {
        let from = self.partition_point(|t| t.as_str() < prefix);
        Ok(self[from..]
            .iter()
            .take_while(|t| t.starts_with(prefix))
            .take(max)
            .cloned()
            .collect())
    }

    fn all(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.to_vec())
    }
}

/// Records the words of `texts` in the archive's words (`act_word`), as the full-text index
/// splits them (on what is not a letter or a digit), lowercase and without accents.
pub(crate) fn record_words(
    tx: &rusqlite::Transaction<'_>,
    texts: &[&str],
) -> Result<(), StoreError> {
    let words: std::collections::BTreeSet<String> = texts
        .iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(plain)
        .collect();
    let mut insert = tx.prepare_cached("INSERT OR IGNORE INTO act_word (term) VALUES (?1)")?;
    for word in words {
        insert.execute([word])?;
    }
    Ok(())
}

/// Most matches of a search ranked by relevance: the most recent ones, when there are more.
pub const RANKED: usize = 2000;

/// Most words of the archive tried in place of one typed word.
const MAX_ALTERNATIVES: usize = 20;

/// Turns what a clerk typed into an FTS5 query: every word must match, as a prefix, or as
/// one of its other forms in the archive (number, gender), or, when neither is the
/// beginning of a word of the archive (`words`), as a word of it one typo away (two for a
/// long word). Every word is quoted, so no FTS syntax can be injected. `None` when there is
/// no word.
fn fts_query(text: &str, words: &(impl Words + ?Sized)) -> Result<Option<String>, StoreError> {
    let mut query = Vec::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut forms = vec![format!("\"{w}\"*")];
        let plain = plain(w);
        // A word that begins the typed one begins its stem too: one read of the words
        // answers both whether the archive has it and which other forms it has.
        let found = match stem(&plain) {
            Some(stem) => {
                let beginning = words.beginning(stem, MAX_BEGINNING)?;
                forms.extend(
                    other_forms(stem, &plain, &beginning)
                        .into_iter()
                        .map(|t| format!("\"{t}\"")),
                );
                !beginning.is_empty()
            }
            None => !words.beginning(&plain, 1)?.is_empty(),
        };
        if !found {
            forms.extend(
                near_words(&plain, &words.all()?)
                    .into_iter()
                    .map(|t| format!("\"{t}\"")),
            );
        }
        query.push(match forms.len() {
            1 => forms.remove(0),
            _ => format!("({})", forms.join(" OR ")),
        });
    }
    Ok((!query.is_empty()).then(|| query.join(" AND ")))
}

/// Most words that begin with a stem read to find its other forms.
const MAX_BEGINNING: usize = 500;

/// A word as the index holds it: lowercase, without accents.
fn plain(word: &str) -> String {
    word.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            other => other,
        })
        .collect()
}

/// The stem of an Italian word of five letters or more ending in a vowel: the word without it
/// («manutenzioni», «manutenzione» → «manutenzion»), so that its other forms match too.
fn stem(word: &str) -> Option<&str> {
    let last = word.chars().last()?;
    (word.chars().count() >= 5 && "aeio".contains(last)).then(|| &word[..word.len() - 1])
}

/// The endings of the other forms of a word after its stem: number and gender
/// («pubblico», «pubblica», «pubblici», «pubbliche»; «bianco», «bianchi»).
const ENDINGS: [&str; 6] = ["a", "e", "i", "o", "he", "hi"];

/// The other forms of the word `typed` among the words that begin with its `stem`: the stem
/// with another ending. Each is a whole word: «pubblic» as a prefix would find
/// «pubblicazione» in nearly every act, and rank them all.
fn other_forms<'v>(stem: &str, typed: &str, beginning: &'v [String]) -> Vec<&'v str> {
    beginning
        .iter()
        .map(String::as_str)
        .filter(|t| {
            *t != typed
                && t.get(stem.len()..)
                    .is_some_and(|end| ENDINGS.contains(&end))
        })
        .collect()
}

/// The words of `vocabulary` one edit away from `word` (two for a word of eight letters or
/// more), or whose beginning is: words of four letters or more only, at most
/// [`MAX_ALTERNATIVES`], nearest first.
fn near_words(word: &str, vocabulary: &[String]) -> Vec<String> {
    let len = word.chars().count();
    if len < 4 || word.chars().any(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    let max = if len >= 8 { 2 } else { 1 };
    let mut near: Vec<(usize, &String)> = vocabulary
        .iter()
        .filter(|t| t.as_str() != word)
        .filter_map(|t| {
            let whole = strsim::damerau_levenshtein(word, t);
            let start: String = t.chars().take(len).collect();
            let begins = if len >= 6 && t.chars().count() > len {
                strsim::damerau_levenshtein(word, &start)
            } else {
                usize::MAX
            };
            let d = whole.min(begins);
            (d > 0 && d <= max).then_some((d, t))
        })
        .collect();
    near.sort();
    near.into_iter()
        .take(MAX_ALTERNATIVES)
        .map(|(_, t)| t.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{RANKED, fts_query, near_words, stem};

    /// The query of `text` over the archive of `words` (in order).
    fn q(text: &str, words: &[String]) -> Option<String> {
        fts_query(text, words).expect("query")
    }
    use crate::{ListFilter, NewAct, Office, Store, User};
    use atti_core::{Act, ActKind, Role};

    #[test]
    fn a_common_word_is_ranked_among_its_most_recent_matches_and_a_filter_still_finds_the_rest() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("atti.sqlite3")).expect("open");
        let now: jiff::Timestamp = "2027-01-02T09:00:00Z".parse().expect("now");
        let office = |code: &str| Office {
            code: code.into(),
            name: code.into(),
        };
        store
            .init_comune(
                "Comune di Prova",
                &[office("TEC"), office("SEG")],
                &[User {
                    username: "istruttore".into(),
                    full_name: "Istruttore".into(),
                    role: Role::Istruttore,
                    office: Some("SEG".into()),
                    codice_fiscale: None,
                }],
                now,
            )
            .expect("init");
        store
            .conn
            .pragma_update(None, "synchronous", "OFF")
            .expect("pragma");
        let create = |store: &mut Store, oggetto: &str, office: &str| {
            let act = Act::new(ActKind::Determinazione, oggetto);
            store
                .create_act(NewAct {
                    content: &act,
                    office,
                    by: "istruttore",
                    proposal_seq: None,
                    global: None,
                    now,
                })
                .expect("create")
                .id
                .expect("id")
        };
        // The best match, the oldest act, then more recent matches than are ranked.
        let best = create(
            &mut store,
            "Manutenzione del verde, verde e ancora verde",
            "TEC",
        );
        let mut last = best;
        for i in 0..RANKED {
            last = create(
                &mut store,
                &format!("Manutenzione della strada n. {i} e altri lavori"),
                "SEG",
            );
        }
        let ids = |store: &Store, text: &str, filter: &ListFilter| -> Vec<i64> {
            store
                .search(text, filter)
                .expect("search")
                .into_iter()
                .map(|h| h.act.id.0)
                .collect()
        };
        let all = ids(&store, "manutenzione", &ListFilter::default());
        assert_eq!(all.len(), RANKED, "the most recent {RANKED}");
        assert!(!all.contains(&best.0) && all.contains(&last.0));
        // A filter narrows the matches before they are counted: the old act is found, first.
        let tec = ListFilter {
            office: Some("TEC".into()),
            ..ListFilter::default()
        };
        assert_eq!(ids(&store, "manutenzione", &tec), [best.0]);
        // Among fewer matches than are ranked, the best ranks first, however old.
        for i in 0..3 {
            create(&mut store, &format!("Potatura del verde n. {i}"), "SEG");
        }
        let verde = ids(&store, "verde", &ListFilter::default());
        assert_eq!((verde.len(), verde.first()), (4, Some(&best.0)));
    }

    #[test]
    fn queries_are_quoted_prefixes() {
        assert_eq!(
            q("manut più", &[]).as_deref(),
            Some("\"manut\"* AND \"più\"*")
        );
        assert_eq!(
            q("a\" OR b NEAR(", &[]).as_deref(),
            Some("\"a\"* AND \"OR\"* AND \"b\"* AND \"NEAR\"*")
        );
        assert_eq!(q(" -- ", &[]), None);
    }

    #[test]
    fn a_word_is_also_its_stem_and_the_words_one_typo_away() {
        assert_eq!(stem("manutenzioni"), Some("manutenzion"));
        assert_eq!(stem("verde"), Some("verd"));
        assert_eq!(stem("via"), None);
        assert_eq!(stem("servizi"), Some("serviz"));
        let vocabulary: Vec<String> = [
            "manutenzione",
            "manutenzioni",
            "mansarda",
            "verde",
            "verbale",
            "vende",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            near_words("manutenzone", &vocabulary),
            ["manutenzione", "manutenzioni"]
        );
        assert_eq!(near_words("verde", &vocabulary), ["vende"]);
        assert!(near_words("via", &vocabulary).is_empty());
        assert!(near_words("2026", &["2025".to_string()]).is_empty());
        let mut sorted = vocabulary.clone();
        sorted.sort();
        assert_eq!(
            q("manutenzone", &sorted).as_deref(),
            Some("(\"manutenzone\"* OR \"manutenzione\" OR \"manutenzioni\")")
        );
        // A word the archive has (or begins) is not also read as a typo of another; its
        // other forms are whole words of the archive, not every word its stem begins.
        sorted.extend(
            [
                "pubblica",
                "pubblicazione",
                "pubbliche",
                "pubblico",
                "verdi",
            ]
            .map(String::from),
        );
        sorted.sort();
        assert_eq!(
            q("verde manutenz", &sorted).as_deref(),
            Some("(\"verde\"* OR \"verdi\") AND \"manutenz\"*")
        );
        assert_eq!(
            q("manutenzioni pubblico", &sorted).as_deref(),
            Some(
                "(\"manutenzioni\"* OR \"manutenzione\") AND (\"pubblico\"* OR \"pubblica\" OR \"pubbliche\")"
            )
        );
    }
}
