//! The formatted text of a section of an act.
//!
//! A section's `text` stays a plain string in the act's JSON (no HTML in the store): a small part
//! of Markdown (CommonMark with GFM tables) that a clerk can also read and write by hand in
//! `atti act edit`. What the PDF can show is kept: paragraphs and line breaks, **bold**,
//! *italic*, headings, bulleted and numbered lists (nested), tables with a header row. Anything
//! else Markdown knows (links, images, code, quotes, HTML) is read as its plain text, never as
//! markup. The editor of the UI writes the same subset, and the PDF renders exactly these blocks.
//!
//! A plain text written before formatting existed reads as it always did: each line is shown on
//! its own line.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// The widest table the A4 page of an act can print legibly.
pub const MAX_TABLE_COLUMNS: usize = 8;

/// The deepest nesting of lists the page can indent legibly.
pub const MAX_LIST_DEPTH: usize = 3;

/// A block of formatted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    /// A paragraph.
    Paragraph {
        /// Its text.
        inlines: Vec<Inline>,
    },
    /// A heading inside the section (one level: the section's own heading is above it).
    Heading {
        /// Its text.
        inlines: Vec<Inline>,
    },
    /// A bulleted or numbered list.
    List {
        /// Numbered (1., 2., ...) rather than bulleted.
        ordered: bool,
        /// The number of the first item of a numbered list.
        start: u64,
        /// The items, each a sequence of blocks (a paragraph, a nested list).
        items: Vec<Vec<Block>>,
    },
    /// A table whose first row is its header; every row has as many cells as the header.
    Table {
        /// The header's cells.
        header: Vec<Vec<Inline>>,
        /// The other rows.
        rows: Vec<Vec<Vec<Inline>>>,
    },
}

/// A run of text inside a block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Inline {
    /// Text, in bold and/or italic or neither.
    Text {
        /// The characters.
        text: String,
        /// In bold.
        bold: bool,
        /// In italic.
        italic: bool,
    },
    /// A line break inside the block.
    Break,
}

/// Reads a section's text into its blocks.
pub fn parse(text: &str) -> Vec<Block> {
    let mut b = Builder::default();
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        b.event(event);
    }
    b.flush_paragraph();
    b.root
}

/// The text without its formatting: a line per paragraph, list item or table row ("a | b"),
/// as the comparison of versions and a terminal show it.
pub fn plain_text(text: &str) -> String {
    let mut out = Vec::new();
    plain_blocks(&parse(text), &mut out);
    out.join("\n")
}

/// What is wrong with a section's text that the page could not print: the messages, in Italian.
pub fn problems(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    check_blocks(&parse(text), 0, &mut out);
    out.dedup();
    out
}

fn check_blocks(blocks: &[Block], depth: usize, out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::List { items, .. } => {
                if depth + 1 > MAX_LIST_DEPTH {
                    out.push(format!(
                        "un elenco può essere annidato al più in {MAX_LIST_DEPTH} livelli"
                    ));
                }
                for item in items {
                    check_blocks(item, depth + 1, out);
                }
            }
            Block::Table { header, .. } if header.len() > MAX_TABLE_COLUMNS => out.push(format!(
                "una tabella può avere al più {MAX_TABLE_COLUMNS} colonne (questa ne ha {})",
                header.len()
            )),
            _ => {}
        }
    }
}

fn plain_inlines(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text { text, .. } => text.as_str(),
            Inline::Break => "\n",
        })
        .collect()
}

fn plain_blocks(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Paragraph { inlines } | Block::Heading { inlines } => {
                for line in plain_inlines(inlines).lines() {
                    out.push(line.to_string());
                }
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}. ", *start + n as u64)
                    } else {
                        "- ".to_string()
                    };
                    let mut lines = Vec::new();
                    plain_blocks(item, &mut lines);
                    let pad = " ".repeat(marker.chars().count());
                    for (k, line) in lines.iter().enumerate() {
                        let lead = if k == 0 { &marker } else { &pad };
                        out.push(format!("{lead}{line}"));
                    }
                }
            }
            Block::Table { header, rows } => {
                for row in std::iter::once(header).chain(rows) {
                    let cells: Vec<String> = row
                        .iter()
                        .map(|c| plain_inlines(c).replace('\n', " "))
                        .collect();
                    out.push(cells.join(" | "));
                }
            }
        }
    }
}

/// Where the parser is: the containers open around the next event.
enum Frame {
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
    Table {
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Row(Vec<Vec<Inline>>),
}

#[derive(Default)]
struct Builder {
    root: Vec<Block>,
    frames: Vec<Frame>,
    inlines: Vec<Inline>,
    bold: u32,
    italic: u32,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                self.text(&t)
            }
            Event::InlineMath(t) | Event::DisplayMath(t) | Event::FootnoteReference(t) => {
                self.text(&t)
            }
            Event::SoftBreak | Event::HardBreak => self.inlines.push(Inline::Break),
            Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock => {
                self.flush_paragraph()
            }
            Tag::List(start) => {
                self.flush_paragraph();
                self.frames.push(Frame::List {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                    items: Vec::new(),
                });
            }
            Tag::Item => {
                self.flush_paragraph();
                self.frames.push(Frame::Item(Vec::new()));
            }
            Tag::Table(_) => {
                self.flush_paragraph();
                self.frames.push(Frame::Table {
                    header: Vec::new(),
                    rows: Vec::new(),
                });
            }
            Tag::TableHead | Tag::TableRow => self.frames.push(Frame::Row(Vec::new())),
            Tag::TableCell => self.inlines.clear(),
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock => self.flush_paragraph(),
            TagEnd::Heading(_) => {
                let inlines = self.take_inlines();
                if !inlines.is_empty() {
                    self.push_block(Block::Heading { inlines });
                }
            }
            TagEnd::Item => {
                self.flush_paragraph();
                if let Some(Frame::Item(blocks)) = self.frames.pop()
                    && let Some(Frame::List { items, .. }) = self.frames.last_mut()
                {
                    items.push(blocks);
                }
            }
            TagEnd::List(_) => {
                if let Some(Frame::List {
                    ordered,
                    start,
                    items,
                }) = self.frames.pop()
                {
                    self.push_block(Block::List {
                        ordered,
                        start,
                        items,
                    });
                }
            }
            TagEnd::TableCell => {
                let cell = self.take_inlines();
                if let Some(Frame::Row(cells)) = self.frames.last_mut() {
                    cells.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(Frame::Row(cells)) = self.frames.pop()
                    && let Some(Frame::Table { header, rows }) = self.frames.last_mut()
                {
                    if matches!(tag, TagEnd::TableHead) {
                        *header = cells;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            TagEnd::Table => {
                if let Some(Frame::Table { header, mut rows }) = self.frames.pop() {
                    for row in &mut rows {
                        row.resize(header.len(), Vec::new());
                    }
                    self.push_block(Block::Table { header, rows });
                }
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        // A code or HTML block's text carries its own line ends.
        for (k, line) in t.split('\n').enumerate() {
            if k > 0 {
                self.inlines.push(Inline::Break);
            }
            if line.is_empty() {
                continue;
            }
            match self.inlines.last_mut() {
                Some(Inline::Text {
                    text,
                    bold: b,
                    italic: i,
                }) if *b == bold && *i == italic => text.push_str(line),
                _ => self.inlines.push(Inline::Text {
                    text: line.to_string(),
                    bold,
                    italic,
                }),
            }
        }
    }

    /// The inlines gathered so far, without breaks at their ends.
    fn take_inlines(&mut self) -> Vec<Inline> {
        let mut inlines = std::mem::take(&mut self.inlines);
        while inlines.last() == Some(&Inline::Break) {
            inlines.pop();
        }
        let lead = inlines.iter().take_while(|i| **i == Inline::Break).count();
        inlines.drain(..lead);
        inlines
    }

    fn flush_paragraph(&mut self) {
        let inlines = self.take_inlines();
        if !inlines.is_empty() {
            self.push_block(Block::Paragraph { inlines });
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.frames.last_mut() {
            Some(Frame::Item(blocks)) => blocks.push(block),
            // Blocks are only ever opened at the root or inside an item; a list or table
            // never holds a block directly.
            _ => self.root.push(block),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn plain_blocks_of_inlines(blocks: &[Block]) -> Vec<String> {
        let mut out = Vec::new();
        plain_blocks(blocks, &mut out);
        out
    }

    fn t(text: &str) -> Inline {
        Inline::Text {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }

    #[test]
    fn plain_text_written_before_formatting_keeps_its_lines() {
        let blocks =
            parse("Premesso che il Comune\nha approvato il bilancio;\n\nSecondo paragrafo");
        assert_eq!(
            blocks,
            [
                Block::Paragraph {
                    inlines: vec![
                        t("Premesso che il Comune"),
                        Inline::Break,
                        t("ha approvato il bilancio;")
                    ]
                },
                Block::Paragraph {
                    inlines: vec![t("Secondo paragrafo")]
                },
            ]
        );
    }

    #[test]
    fn bold_italic_headings_lists_and_tables() {
        let text = "## Spese\n\nLa **spesa** è *stimata* in:\n\n1. primo\n2. secondo\n   - a\n   - b\n\n| Voce | Importo |\n|---|---|\n| Verde | 10,00 € |\n| Altro |\n";
        let blocks = parse(text);
        assert_eq!(
            blocks[0],
            Block::Heading {
                inlines: vec![t("Spese")]
            }
        );
        assert_eq!(
            blocks[1],
            Block::Paragraph {
                inlines: vec![
                    t("La "),
                    Inline::Text {
                        text: "spesa".into(),
                        bold: true,
                        italic: false
                    },
                    t(" è "),
                    Inline::Text {
                        text: "stimata".into(),
                        bold: false,
                        italic: true
                    },
                    t(" in:"),
                ]
            }
        );
        let Block::List {
            ordered: true,
            start: 1,
            items,
        } = &blocks[2]
        else {
            panic!("not a numbered list: {:?}", blocks[2]);
        };
        assert_eq!(items.len(), 2);
        assert!(
            matches!(&items[1][1], Block::List { ordered: false, items, .. } if items.len() == 2)
        );
        let Block::Table { header, rows } = &blocks[3] else {
            panic!("not a table: {:?}", blocks[3]);
        };
        assert_eq!(header, &vec![vec![t("Voce")], vec![t("Importo")]]);
        assert_eq!(
            rows[1],
            vec![vec![t("Altro")], vec![]],
            "short rows are padded"
        );
        assert_eq!(
            plain_text(text),
            "Spese\nLa spesa è stimata in:\n1. primo\n2. secondo\n   - a\n   - b\nVoce | Importo\nVerde | 10,00 €\nAltro | "
        );
    }

    #[test]
    fn markup_the_page_cannot_show_is_read_as_text() {
        let blocks =
            parse("Vedi [il sito](https://example.org) e <b>questo</b> `codice`\n\n> citato");
        assert_eq!(
            plain_blocks_of_inlines(&blocks),
            ["Vedi il sito e <b>questo</b> codice", "citato"]
        );
    }

    #[test]
    fn too_wide_tables_and_too_deep_lists_are_problems() {
        let wide = format!("|{}\n|{}\n", "a|".repeat(9), "-|".repeat(9));
        assert_eq!(
            problems(&wide),
            ["una tabella può avere al più 8 colonne (questa ne ha 9)"]
        );
        assert!(problems("- a\n  - b\n    - c\n").is_empty());
        assert_eq!(
            problems("- a\n  - b\n    - c\n      - d\n"),
            ["un elenco può essere annidato al più in 3 livelli"]
        );
    }

    /// The editor of the UI writes this Markdown (ui/tests/fixtures/testo-formattato.json,
    /// checked by ui/tests/richtext.test.ts too): the core reads the same words on the same lines.
    #[test]
    fn reads_the_editors_markdown_as_the_editor_does() {
        #[derive(serde::Deserialize)]
        struct Case {
            about: String,
            markdown: String,
            canonical: Option<String>,
            plain: String,
        }
        let cases: Vec<Case> = serde_json::from_str(include_str!(
            "../../../ui/tests/fixtures/testo-formattato.json"
        ))
        .expect("the fixture is JSON");
        for c in cases {
            assert_eq!(plain_text(&c.markdown), c.plain, "{}", c.about);
            if let Some(canonical) = &c.canonical {
                assert_eq!(
                    plain_text(canonical),
                    c.plain,
                    "{} (as the editor writes it)",
                    c.about
                );
            }
        }
    }

    proptest! {
        #[test]
        fn any_text_parses_and_keeps_its_words(text in "[-*_#|`>1. \na-z]{0,80}") {
            let blocks = parse(&text);
            let _ = problems(&text);
            // Every block has something in it, and every table row is as wide as its header.
            for b in &blocks {
                match b {
                    Block::Paragraph { inlines } | Block::Heading { inlines } => prop_assert!(!inlines.is_empty()),
                    Block::Table { header, rows } => prop_assert!(rows.iter().all(|r| r.len() == header.len())),
                    Block::List { items, .. } => prop_assert!(!items.is_empty()),
                }
            }
        }
    }
}
