//! Registers and lists out: the register of final numbers of a kind and year, and the list of
//! acts as filtered or searched, as CSV for the clerk's spreadsheet (LibreOffice, Excel in
//! Italian: `;` between fields, UTF-8 with its BOM so that accents are read right, dates as
//! dd/mm/yyyy, times in Rome).

use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::{ActKind, ActState};

/// The columns of the register's CSV.
const REGISTRO_COLUMNS: [&str; 8] = [
    "Numero",
    "Anno",
    "Data di adozione",
    "Oggetto",
    "Stato",
    "Numero assegnato il",
    "Numero assegnato da",
    "Motivo dell'annullamento",
];

impl Atti {
    /// The register of final numbers of `kind` for `year` (this year when `None`), as CSV.
    pub fn registro_csv(&self, kind: ActKind, year: Option<i16>) -> AppResult<Vec<u8>> {
        let rows = self.registro(kind, year)?;
        let users = self.store.users()?;
        let name = |u: &str| {
            users
                .iter()
                .find(|x| x.username == u)
                .map_or_else(|| u.to_string(), |x| x.full_name.clone())
        };
        let mut out = csv_writer();
        out.write_record(REGISTRO_COLUMNS).map_err(csv_failed)?;
        for r in &rows {
            let state = ActState::from_slug(&r.state)
                .map_or_else(|| r.state.clone(), |s| s.label().to_string());
            out.write_record([
                r.number.to_string(),
                r.year.to_string(),
                r.adoption_date
                    .as_deref()
                    .map(italian_date)
                    .unwrap_or_default(),
                r.oggetto.clone(),
                state,
                italian_time(&r.assigned_at),
                name(&r.assigned_by),
                r.annulled_reason.clone().unwrap_or_default(),
            ])
            .map_err(csv_failed)?;
        }
        csv_bytes(out)
    }

    /// The acts the list shows for `filter` (the search's too), as CSV.
    pub fn act_list_csv(&self, filter: &crate::dto::ActFilter) -> AppResult<Vec<u8>> {
        let rows = self.act_list(filter)?;
        let offices = self.store.offices()?;
        let office = |code: &str| {
            offices
                .iter()
                .find(|o| o.code == code)
                .map_or_else(|| code.to_string(), |o| o.name.clone())
        };
        let mut out = csv_writer();
        out.write_record(LIST_COLUMNS).map_err(csv_failed)?;
        for r in &rows {
            out.write_record([
                r.kind_label.clone(),
                r.numero.clone().unwrap_or_default(),
                r.proposal.clone().unwrap_or_default(),
                r.adoption_date
                    .as_deref()
                    .map(italian_date)
                    .unwrap_or_default(),
                r.oggetto.clone(),
                r.state_label.clone(),
                office(&r.office),
                italian_time(&r.updated_at),
            ])
            .map_err(csv_failed)?;
        }
        csv_bytes(out)
    }

    /// [`Atti::act_list_csv`] saved to `path`, whole or not at all.
    pub fn act_list_csv_save(
        &self,
        filter: &crate::dto::ActFilter,
        path: &std::path::Path,
    ) -> AppResult<()> {
        crate::write_file(path, &self.act_list_csv(filter)?)
    }

    /// [`Atti::registro_csv`] saved to `path`, whole or not at all.
    pub fn registro_csv_save(
        &self,
        kind: ActKind,
        year: Option<i16>,
        path: &std::path::Path,
    ) -> AppResult<()> {
        crate::write_file(path, &self.registro_csv(kind, year)?)
    }
}

/// The columns of the list's CSV.
const LIST_COLUMNS: [&str; 8] = [
    "Tipo di atto",
    "Numero",
    "Proposta",
    "Data di adozione",
    "Oggetto",
    "Stato",
    "Ufficio",
    "Ultima modifica",
];

/// A CSV for Italian spreadsheets: `;`, UTF-8 with its BOM.
fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(vec![0xEF, 0xBB, 0xBF])
}

fn csv_failed(e: csv::Error) -> AppError {
    AppError::new(ErrorCode::Internal, format!("CSV: {e}"))
}

fn csv_bytes(out: csv::Writer<Vec<u8>>) -> AppResult<Vec<u8>> {
    out.into_inner()
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("CSV: {e}")))
}

/// "2026-03-12" as "12/03/2026" (anything else as it is).
fn italian_date(iso: &str) -> String {
    match iso.parse::<jiff::civil::Date>() {
        Ok(d) => d.strftime("%d/%m/%Y").to_string(),
        Err(_) => iso.to_string(),
    }
}

/// An RFC 3339 instant as "12/03/2026 10:42" in Rome (anything else as it is).
fn italian_time(rfc3339: &str) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/Rome").unwrap_or(jiff::tz::TimeZone::UTC);
    match rfc3339.parse::<jiff::Timestamp>() {
        Ok(t) => t.to_zoned(tz).strftime("%d/%m/%Y %H:%M").to_string(),
        Err(_) => rfc3339.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_as_a_clerk_reads_them() {
        assert_eq!(italian_date("2026-03-12"), "12/03/2026");
        // 09:42 UTC is 10:42 in Rome in winter, 11:42 in summer.
        assert_eq!(italian_time("2026-11-26T09:42:00Z"), "26/11/2026 10:42");
        assert_eq!(italian_time("2026-07-01T09:42:00Z"), "01/07/2026 11:42");
        assert_eq!(italian_time("non una data"), "non una data");
    }
}
