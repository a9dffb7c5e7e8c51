//! Registers and lists out: the register of final numbers of a kind and year, the list of acts
//! as filtered or searched, and the register of the copies of an act, for the clerk's
//! spreadsheet: as an OpenDocument spreadsheet (.ods, the format the AgID guidelines want from
//! a PA: dates are dates, numbers numbers) or as CSV (LibreOffice, Excel in Italian: `;`
//! between fields, UTF-8 with its BOM so that accents are read right, dates as dd/mm/yyyy,
//! times in Rome). The file's name says which.

use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::dates::in_italy;
use atti_core::{ActId, ActKind, ActState};
use std::path::Path;

/// How a table goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// OpenDocument spreadsheet.
    Ods,
    /// Comma (semicolon) separated values.
    Csv,
}

impl ExportFormat {
    /// The format a file's name asks for: «.ods» or «.csv».
    pub fn of_path(path: &Path) -> AppResult<ExportFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("ods") => Ok(ExportFormat::Ods),
            Some("csv") => Ok(ExportFormat::Csv),
            _ => Err(AppError::new(
                ErrorCode::InvalidInput,
                "il nome del file deve finire in «.ods» (foglio di calcolo OpenDocument) o in «.csv»",
            )),
        }
    }
}

/// One cell of a table going out.
enum Cell {
    Text(String),
    Number(i64),
    /// A civil date (an adoption date).
    Date(jiff::civil::Date),
    /// An instant, shown in Rome.
    Time(jiff::Timestamp),
}

impl Cell {
    /// An ISO date ("2026-03-12"), or the text as it is.
    fn date(iso: &str) -> Cell {
        iso.parse()
            .map_or_else(|_| Cell::Text(iso.to_string()), Cell::Date)
    }

    /// An RFC 3339 instant, or the text as it is.
    fn time(rfc3339: &str) -> Cell {
        rfc3339
            .parse()
            .map_or_else(|_| Cell::Text(rfc3339.to_string()), Cell::Time)
    }

    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// As CSV writes it.
    fn as_text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.strftime("%d/%m/%Y").to_string(),
            Cell::Time(t) => in_italy(*t).strftime("%d/%m/%Y %H:%M").to_string(),
        }
    }
}

/// A civil date as the ODS writer takes it.
fn chrono_date(d: jiff::civil::Date) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(
        i32::from(d.year()),
        u32::from(d.month().unsigned_abs()),
        u32::from(d.day().unsigned_abs()),
    )
}

/// A table going out: the name of its sheet, its columns, its rows.
struct Table {
    sheet: String,
    columns: &'static [&'static str],
    rows: Vec<Vec<Cell>>,
}

impl Table {
    fn bytes(&self, format: ExportFormat) -> AppResult<Vec<u8>> {
        match format {
            ExportFormat::Csv => self.csv(),
            ExportFormat::Ods => self.ods(),
        }
    }

    fn csv(&self) -> AppResult<Vec<u8>> {
        let failed = |e: csv::Error| AppError::new(ErrorCode::Internal, format!("CSV: {e}"));
        // `;` and the BOM: what LibreOffice and Excel in Italian read without asking.
        let mut out = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(vec![0xEF, 0xBB, 0xBF]);
        out.write_record(self.columns).map_err(failed)?;
        for row in &self.rows {
            out.write_record(row.iter().map(Cell::as_text))
                .map_err(failed)?;
        }
        out.into_inner()
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("CSV: {e}")))
    }

    fn ods(&self) -> AppResult<Vec<u8>> {
        use spreadsheet_ods::format::FormatNumberStyle::Long;
        use spreadsheet_ods::format::ValueFormatTrait;
        use spreadsheet_ods::{CellStyle, Length, Sheet, ValueFormatDateTime, WorkBook};
        let mut book = WorkBook::new_empty();
        let mut date = ValueFormatDateTime::new_named("data");
        date.part_day().style(Long).build();
        date.part_text("/").build();
        date.part_month().style(Long).build();
        date.part_text("/").build();
        date.part_year().style(Long).build();
        let mut time = date.clone();
        time.set_name("data-ora");
        time.part_text(" ").build();
        time.part_hours().style(Long).build();
        time.part_text(":").build();
        time.part_minutes().style(Long).build();
        let date = book.add_datetime_format(date);
        let date = book.add_cellstyle(CellStyle::new("data", &date));
        let time = book.add_datetime_format(time);
        let time = book.add_cellstyle(CellStyle::new("data-ora", &time));
        let mut bold = CellStyle::new_empty();
        bold.set_name("intestazione");
        bold.set_font_bold();
        let bold = book.add_cellstyle(bold);

        let mut sheet = Sheet::new(&self.sheet);
        for (c, name) in (0u32..).zip(self.columns) {
            sheet.set_styled_value(0, c, *name, &bold);
            // Wide enough for the header, wider for an oggetto.
            let chars = if *name == "Oggetto" {
                60
            } else {
                name.chars().count().max(12)
            };
            sheet.set_col_width(c, Length::Cm(chars as f64 * 0.22));
        }
        sheet.set_header_rows(0, 0);
        for (r, row) in (1u32..).zip(&self.rows) {
            for (c, cell) in (0u32..).zip(row) {
                match cell {
                    Cell::Text(t) if t.is_empty() => {}
                    Cell::Text(t) => sheet.set_value(r, c, t.as_str()),
                    Cell::Number(n) => sheet.set_value(r, c, *n as f64),
                    Cell::Date(d) => {
                        if let Some(d) = chrono_date(*d) {
                            sheet.set_styled_value(r, c, d, &date);
                        }
                    }
                    Cell::Time(t) => {
                        let z = in_italy(*t);
                        let (hour, minute) = (z.hour().unsigned_abs(), z.minute().unsigned_abs());
                        if let Some(dt) = chrono_date(z.date())
                            .and_then(|d| d.and_hms_opt(u32::from(hour), u32::from(minute), 0))
                        {
                            sheet.set_styled_value(r, c, dt, &time);
                        }
                    }
                }
            }
        }
        book.push_sheet(sheet);
        spreadsheet_ods::write_ods_buf(&mut book, Vec::new())
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("ODS: {e}")))
    }
}

/// The columns of the register.
const REGISTRO_COLUMNS: &[&str] = &[
    "Numero",
    "Anno",
    "Data di adozione",
    "Oggetto",
    "Stato",
    "Numero assegnato il",
    "Numero assegnato da",
    "Motivo dell'annullamento",
];

/// The columns of the list of acts.
const LIST_COLUMNS: &[&str] = &[
    "Tipo di atto",
    "Numero",
    "Proposta",
    "Data di adozione",
    "Oggetto",
    "Stato",
    "Ufficio",
    "Ultima modifica",
];

/// The columns of the register of copies.
const COPIE_COLUMNS: &[&str] = &[
    "Copia n.",
    "Rilasciata il",
    "Dal funzionario",
    "Rilasciata a",
    "Impronta SHA-256 dell'originale",
    "Impronta SHA-256 della copia",
];

const ALBO_COLUMNS: &[&str] = &[
    "Numero",
    "Anno",
    "Tipo di atto",
    "Numero dell'atto",
    "Oggetto",
    "Dal",
    "Al",
    "Defisso il",
    "Stato",
];

impl Atti {
    /// The register of final numbers of `kind` for `year` (this year when `None`).
    pub fn registro_export(
        &self,
        kind: ActKind,
        year: Option<i16>,
        format: ExportFormat,
    ) -> AppResult<Vec<u8>> {
        let rows = self.registro(kind, year)?;
        let name = self.full_names()?;
        let year_shown = rows.first().map(|r| r.year);
        let table = Table {
            sheet: format!(
                "Registro {}{}",
                kind.label(),
                year_shown.map(|y| format!(" {y}")).unwrap_or_default()
            ),
            columns: REGISTRO_COLUMNS,
            rows: rows
                .iter()
                .map(|r| {
                    let state = stato_registro(r);
                    vec![
                        Cell::Number(i64::from(r.number)),
                        Cell::Number(i64::from(r.year)),
                        r.adoption_date
                            .as_deref()
                            .map_or_else(|| Cell::text(""), Cell::date),
                        Cell::text(r.oggetto.clone()),
                        Cell::text(state),
                        Cell::time(&r.assigned_at),
                        Cell::text(name(&r.assigned_by)),
                        Cell::text(r.annulled_reason.clone().unwrap_or_default()),
                    ]
                })
                .collect(),
        };
        table.bytes(format)
    }

    /// The register of publications on the albo (repertorio), newest first.
    pub fn albo_export(&self, format: ExportFormat) -> AppResult<Vec<u8>> {
        let table = Table {
            sheet: "Repertorio dell'albo".into(),
            columns: ALBO_COLUMNS,
            rows: self
                .albo_elenco(None)?
                .into_iter()
                .map(|v| {
                    vec![
                        Cell::Number(i64::from(v.numero)),
                        Cell::Number(i64::from(v.anno)),
                        Cell::text(v.kind.label()),
                        Cell::text(v.numero_atto.unwrap_or_default()),
                        Cell::text(v.oggetto),
                        Cell::date(&v.inizio),
                        Cell::date(&v.fine),
                        v.defissa_il
                            .as_deref()
                            .map_or_else(|| Cell::text(""), Cell::date),
                        Cell::text(v.stato_label),
                    ]
                })
                .collect(),
        };
        table.bytes(format)
    }

    /// Writes the register of publications to `path`, as .ods or .csv by its name.
    pub fn albo_save(&self, path: &Path) -> AppResult<()> {
        let format = ExportFormat::of_path(path)?;
        crate::write_file(path, &self.albo_export(format)?)
    }

    /// The acts the list shows for `filter` (the search's too).
    pub fn act_list_export(
        &self,
        filter: &crate::dto::ActFilter,
        format: ExportFormat,
    ) -> AppResult<Vec<u8>> {
        let rows = self.act_list(filter)?;
        let offices = self.store.offices()?;
        let office = |code: &str| {
            offices
                .iter()
                .find(|o| o.code == code)
                .map_or_else(|| code.to_string(), |o| o.name.clone())
        };
        let table = Table {
            sheet: "Elenco degli atti".into(),
            columns: LIST_COLUMNS,
            rows: rows
                .iter()
                .map(|r| {
                    vec![
                        Cell::text(r.kind_label.clone()),
                        Cell::text(r.numero.clone().unwrap_or_default()),
                        Cell::text(r.proposal.clone().unwrap_or_default()),
                        r.adoption_date
                            .as_deref()
                            .map_or_else(|| Cell::text(""), Cell::date),
                        Cell::text(r.oggetto.clone()),
                        Cell::text(r.state_label.clone()),
                        Cell::text(office(&r.office)),
                        Cell::time(&r.updated_at),
                    ]
                })
                .collect(),
        };
        table.bytes(format)
    }

    /// The register of the certified copies issued of an act.
    pub fn copie_export(&self, id: ActId, format: ExportFormat) -> AppResult<Vec<u8>> {
        let rows = self.copie(id)?;
        let name = self.full_names()?;
        let table = Table {
            sheet: "Copie conformi".into(),
            columns: COPIE_COLUMNS,
            rows: rows
                .iter()
                .map(|c| {
                    vec![
                        Cell::Number(c.id),
                        Cell::time(&c.issued_at),
                        Cell::text(name(&c.issued_by)),
                        Cell::text(c.per.clone().unwrap_or_default()),
                        Cell::text(c.original_sha256.clone()),
                        Cell::text(c.pdf_sha256.clone().unwrap_or_default()),
                    ]
                })
                .collect(),
        };
        table.bytes(format)
    }

    /// The register of `kind` for `year` (this year when `None`) printed, as the window shows
    /// it: see [`Atti::registro_print`].
    pub fn registro_pdf(
        &self,
        kind: ActKind,
        year: Option<i16>,
    ) -> AppResult<crate::dto::PdfDocument> {
        use base64::Engine;
        let year = year.unwrap_or_else(|| self.today().year());
        let pdf = self.registro_print(kind, Some(year))?;
        let file_name = atti_docs::registro_file_name(kind, year);
        Ok(crate::dto::PdfDocument {
            copia_file_name: file_name.clone(),
            file_name,
            pdf_base64: base64::engine::general_purpose::STANDARD.encode(&pdf),
            sha256: atti_docs::sha256_hex(&pdf),
        })
    }

    /// The register of `kind` for `year` (this year when `None`) printed: a PDF/A with every
    /// number, dated today, to print or keep.
    pub fn registro_print(&self, kind: ActKind, year: Option<i16>) -> AppResult<Vec<u8>> {
        let year = year.unwrap_or_else(|| self.today().year());
        let rows = self.registro(kind, Some(year))?;
        let input = atti_docs::RegistroInput {
            comune: self.store.comune_name()?,
            kind,
            year,
            righe: rows
                .iter()
                .map(|r| atti_docs::RegistroRiga {
                    numero: format!("{}/{}", r.number, r.year),
                    data: r.adoption_date.as_deref().and_then(|d| d.parse().ok()),
                    oggetto: r.oggetto.clone(),
                    stato: stato_registro(r),
                    annullato: r.annulled_reason.clone(),
                })
                .collect(),
            date: self.today(),
            stemma_svg: self.store.setting("stemma_svg")?,
        };
        Ok(atti_docs::render_registro(&input)?)
    }

    /// [`Atti::registro_export`] saved to `path` (its name says the format), whole or not at all.
    pub fn registro_save(&self, kind: ActKind, year: Option<i16>, path: &Path) -> AppResult<()> {
        let format = ExportFormat::of_path(path)?;
        crate::write_file(path, &self.registro_export(kind, year, format)?)
    }

    /// [`Atti::act_list_export`] saved to `path` (its name says the format), whole or not at all.
    pub fn act_list_save(&self, filter: &crate::dto::ActFilter, path: &Path) -> AppResult<()> {
        let format = ExportFormat::of_path(path)?;
        crate::write_file(path, &self.act_list_export(filter, format)?)
    }

    /// [`Atti::copie_export`] saved to `path` (its name says the format), whole or not at all.
    pub fn copie_save(&self, id: ActId, path: &Path) -> AppResult<()> {
        let format = ExportFormat::of_path(path)?;
        crate::write_file(path, &self.copie_export(id, format)?)
    }

    /// A user's full name by username (the username itself for one no longer known).
    pub(crate) fn full_names(&self) -> AppResult<impl Fn(&str) -> String> {
        let users = self.store.users()?;
        Ok(move |u: &str| {
            users
                .iter()
                .find(|x| x.username == u)
                .map_or_else(|| u.to_string(), |x| x.full_name.clone())
        })
    }
}

/// The state of an act as its register says it; a verbale's with where its notification
/// and its payments stand («Notificata (PEC: consegnata il 21/01/2026; pagato il 25/01/2026
/// in misura ridotta: obbligazione estinta)»).
fn stato_registro(r: &atti_store::RegistroRow) -> String {
    let state =
        ActState::from_slug(&r.state).map_or_else(|| r.state.clone(), |s| s.label().to_string());
    let more: Vec<&str> = [r.notifica.as_deref(), r.pagamento.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if more.is_empty() {
        state
    } else {
        format!("{state} ({})", more.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_as_a_clerk_reads_them() {
        assert_eq!(Cell::date("2026-03-12").as_text(), "12/03/2026");
        // 09:42 UTC is 10:42 in Rome in winter, 11:42 in summer.
        assert_eq!(
            Cell::time("2026-11-26T09:42:00Z").as_text(),
            "26/11/2026 10:42"
        );
        assert_eq!(
            Cell::time("2026-07-01T09:42:00Z").as_text(),
            "01/07/2026 11:42"
        );
        assert_eq!(Cell::time("non una data").as_text(), "non una data");
    }

    #[test]
    fn the_file_name_says_the_format() {
        assert_eq!(
            ExportFormat::of_path(Path::new("r.ODS")).ok(),
            Some(ExportFormat::Ods)
        );
        assert_eq!(
            ExportFormat::of_path(Path::new("r.csv")).ok(),
            Some(ExportFormat::Csv)
        );
        let e = ExportFormat::of_path(Path::new("registro.xlsx")).expect_err("xlsx");
        assert!(e.message.contains("«.ods»"), "{}", e.message);
    }
}
