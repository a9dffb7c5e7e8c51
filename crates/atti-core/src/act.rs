//! What an act contains (DOMAIN.md, "What an act contains"), in the one JSON form that the CLI
//! prints, accepts and documents in `docs/act.schema.json`.

use crate::kind::ActKind;
use serde::{Deserialize, Serialize};

/// The local id of an act in this Comune's store.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    ts_rs::TS,
)]
#[ts(type = "number")]
pub struct ActId(pub i64);

impl std::fmt::Display for ActId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Where an act is in its iter (see [`crate::iter`] for the paths of each kind).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum ActState {
    /// Being drafted.
    Bozza,
    /// Under review by the responsible office.
    Istruttoria,
    /// A formal proposal to the Giunta or Consiglio, waiting for its pareri (art. 49 TUEL).
    Proposta,
    /// On the agenda of a session.
    Iscritta,
    /// Approved by the collegial body: numbered, waiting for its signatures.
    Approvata,
    /// Rejected by the collegial body.
    Respinta,
    /// Adopted determinazione with spending, waiting for the visto (art. 183 c.7 TUEL).
    Visto,
    /// Adopted and signed.
    Firmata,
    /// Ordinanza contingibile e urgente sent to the prefetto (art. 54 c.4 TUEL).
    Prefetto,
    /// Published on the albo pretorio (art. 124 TUEL).
    Pubblicata,
    /// In effect (art. 134 TUEL; art. 183 c.7 for determinazioni).
    Esecutiva,
    /// Notified to the people it concerns.
    Notificata,
    /// Decreto communicated.
    Comunicata,
    /// Verbale written, to be signed by the agente.
    Redatto,
    /// Verbale contested on the spot (art. 200 CdS).
    Contestato,
    /// Verbale archived by the comandante's reasoned provvedimento (art. 386 Reg. CdS): it
    /// does not go on, and nothing is owed on it.
    Archiviato,
    /// Withdrawn before adoption: no final number was used.
    Ritirata,
    /// Annulled after numbering: the number stays in the register with the reason.
    Annullata,
}

impl ActState {
    /// Every state.
    pub const ALL: [ActState; 18] = [
        ActState::Bozza,
        ActState::Istruttoria,
        ActState::Proposta,
        ActState::Iscritta,
        ActState::Approvata,
        ActState::Respinta,
        ActState::Visto,
        ActState::Firmata,
        ActState::Prefetto,
        ActState::Pubblicata,
        ActState::Esecutiva,
        ActState::Notificata,
        ActState::Comunicata,
        ActState::Redatto,
        ActState::Contestato,
        ActState::Archiviato,
        ActState::Ritirata,
        ActState::Annullata,
    ];

    /// The contract name.
    pub fn slug(self) -> &'static str {
        match self {
            ActState::Bozza => "bozza",
            ActState::Istruttoria => "istruttoria",
            ActState::Proposta => "proposta",
            ActState::Iscritta => "iscritta",
            ActState::Approvata => "approvata",
            ActState::Respinta => "respinta",
            ActState::Visto => "visto",
            ActState::Firmata => "firmata",
            ActState::Prefetto => "prefetto",
            ActState::Pubblicata => "pubblicata",
            ActState::Esecutiva => "esecutiva",
            ActState::Notificata => "notificata",
            ActState::Comunicata => "comunicata",
            ActState::Redatto => "redatto",
            ActState::Contestato => "contestato",
            ActState::Archiviato => "archiviato",
            ActState::Ritirata => "ritirata",
            ActState::Annullata => "annullata",
        }
    }

    /// Parses a contract name.
    pub fn from_slug(slug: &str) -> Option<ActState> {
        ActState::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// The name a clerk reads.
    pub fn label(self) -> &'static str {
        match self {
            ActState::Bozza => "Bozza",
            ActState::Istruttoria => "In istruttoria",
            ActState::Proposta => "Proposta, in attesa dei pareri",
            ActState::Iscritta => "Iscritta all'ordine del giorno",
            ActState::Approvata => "Approvata in seduta",
            ActState::Respinta => "Respinta",
            ActState::Visto => "In attesa del visto contabile",
            ActState::Firmata => "Firmata",
            ActState::Prefetto => "Comunicata al prefetto",
            ActState::Pubblicata => "In pubblicazione all'albo",
            ActState::Esecutiva => "Esecutiva",
            ActState::Notificata => "Notificata",
            ActState::Comunicata => "Comunicata",
            ActState::Redatto => "Redatto",
            ActState::Contestato => "Contestato",
            ActState::Archiviato => "Archiviato",
            ActState::Ritirata => "Ritirata",
            ActState::Annullata => "Annullata",
        }
    }

    /// Whether the content may still change (before adoption).
    pub fn is_editable(self) -> bool {
        matches!(
            self,
            ActState::Bozza | ActState::Istruttoria | ActState::Proposta | ActState::Redatto
        )
    }
}

/// An administrative act: its identity (read-only in an edit) and its content.
///
/// The fields marked read-only are filled by the store; in `atti act edit` they may be present
/// (the output of `atti act show --json` is accepted as is) but `id` and `kind` must match the
/// act being edited, and `state`, `version`, `office`, `proposal` are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Act {
    /// Local id (read-only).
    #[serde(default)]
    pub id: Option<ActId>,
    /// The kind of act; it cannot change after creation.
    pub kind: ActKind,
    /// State in the iter (read-only).
    #[serde(default = "default_state")]
    pub state: ActState,
    /// Number of the saved version this content is (read-only); 0 before the first save.
    #[serde(default)]
    pub version: u32,
    /// Code of the proposing office (read-only after creation).
    #[serde(default)]
    pub office: String,
    /// Proposal number, e.g. "RAG/2026/0007" (read-only).
    #[serde(default)]
    pub proposal: Option<String>,
    /// Final number in the register of its kind, e.g. "12/2026", once adopted (read-only).
    #[serde(default)]
    pub numero: Option<String>,
    /// OGGETTO: what the act is about, in one sentence.
    pub oggetto: String,
    /// The body, in its classic sections, in reading order.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The dispositivo: numbered points, numbered by their position (1, 2, ...).
    #[serde(default)]
    pub dispositivo: Vec<DispositivoPoint>,
    /// Impegni di spesa (determinazioni and delibere only).
    #[serde(default)]
    pub impegni: Vec<Impegno>,
    /// Attachments, by reference to content stored by the store (read-only in an edit:
    /// attachments are added and removed with their own commands).
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The fields of a verbale della Polizia locale (verbale-pl only).
    #[serde(default)]
    pub verbale: Option<VerbalePl>,
    /// For an ordinanza: which kind, which decides who signs it and whether the prefetto must
    /// be informed first.
    #[serde(default)]
    pub tipo_ordinanza: Option<TipoOrdinanza>,
    /// Spans of personal data that the publication version (albo, trasparenza) replaces with
    /// "omissis" (D.Lgs. 33/2013 art. 7-bis c.4); the full version keeps them.
    #[serde(default)]
    pub riservati: Vec<Riservato>,
    /// A publication on the albo longer than its kind's, where a law asks for it; None: the
    /// kind's rule (15 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pubblicazione: Option<PubblicazioneSpeciale>,
}

/// A publication on the albo longer than the 15 days of art. 124 TUEL, where a law asks for
/// it (the statuto comunale: 30 days, art. 6 c.5 TUEL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct PubblicazioneSpeciale {
    /// Consecutive days on the albo, the first one counted: 16 to 365.
    pub giorni: u16,
    /// The law that asks for them («art. 6 c.5 TUEL»).
    pub norma: String,
}

/// A span of personal data marked as riservato: the exact text (robust to edits elsewhere,
/// unlike a byte range), in one field or, with no field, wherever it appears.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(deny_unknown_fields)]
pub struct Riservato {
    /// Field path where the mark applies ("oggetto", "sections[0].text",
    /// "dispositivo[2].text", "impegni[0].beneficiario", "verbale.trasgressore.nome", ...);
    /// none (recommended) applies it to every field.
    #[serde(default)]
    pub field: Option<String>,
    /// The exact text to hide; every occurrence is replaced.
    pub text: String,
}

impl Riservato {
    /// A mark that applies to every field.
    pub fn everywhere(text: &str) -> Riservato {
        Riservato {
            field: None,
            text: text.to_string(),
        }
    }

    /// Whether the mark applies to the field at `path`.
    pub fn applies_to(&self, path: &str) -> bool {
        self.field.as_deref().is_none_or(|f| f == path)
    }
}

/// The kinds of ordinanza, by who issues it and under which rule.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum TipoOrdinanza {
    /// Ordinanza sindacale (art. 50 TUEL), contingibile e urgente included.
    Sindacale,
    /// Ordinanza contingibile e urgente of the sindaco as officer of the Government (art. 54
    /// c.4 TUEL): sent to the prefetto before it is carried out.
    Contingibile,
    /// Ordinanza dirigenziale (art. 107 TUEL).
    Dirigenziale,
}

impl TipoOrdinanza {
    /// Every tipo.
    pub const ALL: [TipoOrdinanza; 3] = [
        TipoOrdinanza::Sindacale,
        TipoOrdinanza::Contingibile,
        TipoOrdinanza::Dirigenziale,
    ];

    /// The contract name (as in JSON).
    pub fn slug(self) -> &'static str {
        match self {
            TipoOrdinanza::Sindacale => "sindacale",
            TipoOrdinanza::Contingibile => "contingibile",
            TipoOrdinanza::Dirigenziale => "dirigenziale",
        }
    }

    /// Parses a contract name.
    pub fn from_slug(s: &str) -> Option<TipoOrdinanza> {
        TipoOrdinanza::ALL.into_iter().find(|t| t.slug() == s)
    }

    /// The name a clerk reads.
    pub fn label(self) -> &'static str {
        match self {
            TipoOrdinanza::Sindacale => "Ordinanza sindacale (art. 50 TUEL)",
            TipoOrdinanza::Contingibile => "Ordinanza contingibile e urgente (art. 54 c.4 TUEL)",
            TipoOrdinanza::Dirigenziale => "Ordinanza dirigenziale (art. 107 TUEL)",
        }
    }
}

fn default_state() -> ActState {
    ActState::Bozza
}

impl Act {
    /// A new, empty act of a kind, with its oggetto.
    pub fn new(kind: ActKind, oggetto: &str) -> Act {
        Act {
            id: None,
            kind,
            state: ActState::Bozza,
            version: 0,
            office: String::new(),
            proposal: None,
            numero: None,
            oggetto: oggetto.trim().to_string(),
            sections: Vec::new(),
            dispositivo: Vec::new(),
            impegni: Vec::new(),
            attachments: Vec::new(),
            verbale: kind.is_verbale().then(VerbalePl::default),
            tipo_ordinanza: None,
            riservati: Vec::new(),
            pubblicazione: None,
        }
    }

    /// The text that full-text search indexes besides the oggetto: sections, dispositivo,
    /// impegni beneficiaries, verbale fields.
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        let mut push = |s: &str| {
            if !s.trim().is_empty() {
                out.push_str(s);
                out.push('\n');
            }
        };
        for s in &self.sections {
            push(&s.text);
        }
        for p in &self.dispositivo {
            push(&p.text);
        }
        for i in &self.impegni {
            push(&i.beneficiario);
            push(&i.capitolo);
        }
        if let Some(v) = &self.verbale {
            push(&v.luogo);
            push(&v.targa);
            push(&v.norma_violata);
            push(&v.trasgressore.nome);
        }
        out
    }

    /// Sum of the impegni, in euro cents.
    pub fn total_impegni_cents(&self) -> i64 {
        self.impegni.iter().map(|i| i.importo_centesimi).sum()
    }
}

/// One section of the body, e.g. "Premesso che ...".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Which classic section this is.
    pub kind: SectionKind,
    /// The text of the section, with the formatting the PDF prints: Markdown (CommonMark with
    /// tables) read as [`crate::rich_text`] says: paragraphs, line breaks, **bold**, *italic*,
    /// headings, bulleted and numbered lists, tables. A plain text prints line by line.
    pub text: String,
}

/// The classic sections of the body of an act.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// "Premesso che".
    Premesso,
    /// "Visto" / "Richiamati": the laws and acts the act rests on.
    Visto,
    /// "Considerato che".
    Considerato,
    /// "Ritenuto".
    Ritenuto,
    /// "Dato atto che".
    DatoAtto,
}

impl SectionKind {
    /// Every section kind, in the classic reading order.
    pub const ALL: [SectionKind; 5] = [
        SectionKind::Premesso,
        SectionKind::Visto,
        SectionKind::Considerato,
        SectionKind::Ritenuto,
        SectionKind::DatoAtto,
    ];

    /// The heading the act prints.
    pub fn heading(self) -> &'static str {
        match self {
            SectionKind::Premesso => "Premesso che",
            SectionKind::Visto => "Visti e richiamati",
            SectionKind::Considerato => "Considerato che",
            SectionKind::Ritenuto => "Ritenuto",
            SectionKind::DatoAtto => "Dato atto che",
        }
    }
}

/// One numbered point of the dispositivo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct DispositivoPoint {
    /// The text of the point.
    pub text: String,
}

/// One impegno di spesa.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Impegno {
    /// Esercizio finanziario (year of the budget).
    pub esercizio: u16,
    /// Capitolo di bilancio, e.g. "1043.02".
    pub capitolo: String,
    /// Amount in euro cents (12345 = 123,45 €); more than zero.
    #[ts(type = "number")]
    pub importo_centesimi: i64,
    /// Who receives the money.
    pub beneficiario: String,
    /// Codice Identificativo di Gara (10 characters), when the spending needs one.
    #[serde(default)]
    pub cig: Option<String>,
    /// Codice Unico di Progetto (15 characters), for investment projects.
    #[serde(default)]
    pub cup: Option<String>,
    /// The impegno grants a vantaggio economico (sovvenzione, contributo, sussidio, ausilio
    /// finanziario: art. 26 D.Lgs. 33/2013), with what art. 27 publishes about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sovvenzione: Option<Sovvenzione>,
}

/// What Amministrazione trasparente publishes of a vantaggio economico (art. 27 c.1 D.Lgs.
/// 33/2013), besides the beneficiary and the amount of its impegno.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Sovvenzione {
    /// The norm or title it is granted under («Regolamento comunale dei contributi, art. 5»).
    pub norma: String,
    /// How the beneficiary was chosen («bando pubblico approvato con determinazione n. 3/2026»).
    pub modalita: String,
    /// The beneficiary is a natural person whose economic or social hardship, or health, the
    /// grant would reveal: their name is never published (art. 26 c.4).
    #[serde(default)]
    pub disagio: bool,
}

/// An attachment: metadata of content the store keeps by its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// File name, cleaned of any path and of characters no file system accepts.
    pub name: String,
    /// Media type, e.g. "application/pdf".
    pub media_type: String,
    /// Size in bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
}

/// The formats a clerk attaches: media type, and the name a clerk (and a lawyer reading the
/// act) reads. The editor and the act's PDF show the same (ui/src/lib/gen/formati.ts is
/// generated from this list).
pub const FORMATI: &[(&str, &str)] = &[
    ("application/pdf", "PDF"),
    ("application/pkcs7-mime", "Documento firmato (p7m)"),
    ("application/pkcs7-signature", "Firma (p7s)"),
    ("application/xml", "XML"),
    ("text/xml", "XML"),
    ("text/plain", "Testo"),
    ("text/csv", "Tabella CSV"),
    ("image/jpeg", "Immagine JPEG"),
    ("image/png", "Immagine PNG"),
    ("image/tiff", "Immagine TIFF"),
    ("application/vnd.oasis.opendocument.text", "Documento ODT"),
    (
        "application/vnd.oasis.opendocument.spreadsheet",
        "Foglio ODS",
    ),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Documento Word",
    ),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Foglio Excel",
    ),
    ("application/zip", "Archivio ZIP"),
];

impl Attachment {
    /// Its format as a clerk reads it («PDF», «Documento Word»); else its media type.
    pub fn format_label(&self) -> &str {
        FORMATI
            .iter()
            .find(|(t, _)| *t == self.media_type)
            .map_or(self.media_type.as_str(), |(_, label)| label)
    }
}

/// A size as file managers show it, in decimal units with at most one decimal and the Italian
/// comma: "532 byte", "12,4 kB", "3 MB", "1,2 GB". The editor's `formatSize` gives the same
/// (both are checked against ui/tests/fixtures/dimensioni.json).
pub fn size_label(bytes: u64) -> String {
    let (unit, scale) = match bytes {
        0..1_000 => return format!("{bytes} byte"),
        1_000..1_000_000 => ("kB", 1_000u64),
        1_000_000..1_000_000_000 => ("MB", 1_000_000),
        _ => ("GB", 1_000_000_000),
    };
    // Tenths, rounded half up, in integers (no float: both sides round alike).
    let (bytes, scale) = (u128::from(bytes), u128::from(scale));
    let tenths = (bytes * 10 + scale / 2) / scale;
    let (whole, tenth) = (tenths / 10, tenths % 10);
    let whole = group_thousands(whole);
    if tenth == 0 {
        format!("{whole} {unit}")
    } else {
        format!("{whole},{tenth} {unit}")
    }
}

/// 1234567 as "1.234.567".
fn group_thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A natural or legal person named in a verbale.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Name and surname, or company name.
    #[serde(default)]
    pub nome: String,
    /// Codice fiscale (16 characters) or partita IVA (11 digits), if known.
    #[serde(default)]
    pub codice_fiscale: Option<String>,
    /// Address of residence or seat.
    #[serde(default)]
    pub indirizzo: String,
}

/// The fields of a verbale di accertamento (Codice della Strada, artt. 200-201).
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(deny_unknown_fields)]
pub struct VerbalePl {
    /// Date of the violation.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub data: Option<jiff::civil::Date>,
    /// Time of the violation (HH:MM).
    #[serde(default)]
    #[ts(type = "string | null")]
    pub ora: Option<jiff::civil::Time>,
    /// Place of the violation.
    #[serde(default)]
    pub luogo: String,
    /// Vehicle (kind and model), e.g. "autovettura Fiat Panda".
    #[serde(default)]
    pub veicolo: String,
    /// Licence plate.
    #[serde(default)]
    pub targa: String,
    /// The offender (trasgressore).
    #[serde(default)]
    pub trasgressore: Person,
    /// The party jointly liable (obbligato in solido), e.g. the vehicle's owner.
    #[serde(default)]
    pub obbligato_solidale: Option<Person>,
    /// Rule violated, e.g. "art. 7 c. 1 e 14 CdS".
    #[serde(default)]
    pub norma_violata: String,
    /// Fine in euro cents.
    #[serde(default)]
    #[ts(type = "number")]
    pub sanzione_centesimi: i64,
    /// Reduced fine (payment within 5 days, art. 202 c.1 CdS) in euro cents.
    #[serde(default)]
    #[ts(type = "number")]
    pub sanzione_ridotta_centesimi: i64,
    /// Points taken from the driving licence.
    #[serde(default)]
    pub punti: u8,
    /// Matricola of the agente accertatore.
    #[serde(default)]
    pub agente_matricola: String,
    /// The facts as the agente saw them (art. 383 Reg. CdS).
    #[serde(default)]
    pub fatto: String,
    /// What the offender declared; empty: nothing (art. 200 c.2 CdS).
    #[serde(default)]
    pub dichiarazioni: String,
    /// Not contested on the spot, and the case of the law (art. 201 c.1-bis CdS); None:
    /// contested on the spot (art. 200 CdS).
    #[serde(default)]
    pub mancata_contestazione: Option<crate::verbale::MancataContestazione>,
    /// The reasons the contestation was impossible, when not a case of art. 201 c.1-bis
    /// (c.1-ter); more words on the case otherwise.
    #[serde(default)]
    pub motivo_mancata_contestazione: String,
    /// The day the party to notify was identified, from which the term of notification runs
    /// (art. 201 c.1 CdS); None: the day of the violation.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub identificato_il: Option<jiff::civil::Date>,
    /// The party to notify resides abroad: 360 days to notify (art. 201 c.1 CdS).
    #[serde(default)]
    pub residente_estero: bool,
    /// Costs of notification and procedure, in euro cents, added to what is paid.
    #[serde(default)]
    #[ts(type = "number")]
    pub spese_centesimi: i64,
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_as_the_editor_shows_them() {
        let cases: Vec<(u64, String)> =
            serde_json::from_str(include_str!("../../../ui/tests/fixtures/dimensioni.json"))
                .unwrap_or_default();
        assert!(cases.len() > 5);
        for (bytes, label) in cases {
            assert_eq!(super::size_label(bytes), label, "{bytes}");
        }
    }

    #[test]
    fn formats_by_name() {
        let a = |t: &str| super::Attachment {
            name: "x".into(),
            media_type: t.into(),
            size: 1,
            sha256: String::new(),
        };
        assert_eq!(a("application/pdf").format_label(), "PDF");
        assert_eq!(
            a("application/x-sconosciuto").format_label(),
            "application/x-sconosciuto"
        );
    }
}
