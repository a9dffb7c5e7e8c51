//! The later control of administrative regularity (TUEL art. 147-bis c.2): the segretario
//! draws a sample of the acts adopted in a period (the rule of the draw is in
//! `atti_core::controllo`) and records the outcome of each check.

use crate::dto::{ControlloAttoDto, ControlloDto};
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::controllo::{self, EsitoControllo};
use atti_core::{ActId, ActKind};
use atti_store::{ControlloRow, NewControllo};
use jiff::civil::Date;

fn parse_day(field: &str, text: &str) -> AppResult<Date> {
    text.trim().parse().map_err(|_| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("{field}: data non valida «{text}» (formato AAAA-MM-GG)"),
        )
    })
}

fn dto(row: ControlloRow) -> ControlloDto {
    let kind = ActKind::from_slug(&row.kind);
    ControlloDto {
        id: row.id,
        kind_label: kind.map_or(row.kind.clone(), |k| k.label().to_string()),
        kind: row.kind,
        period_from: row.period_from,
        period_to: row.period_to,
        percent: row.percent,
        seed: row.seed,
        candidates: row.candidates,
        drawn_at: row.drawn_at,
        drawn_by: row.drawn_by,
        checked: row.acts.iter().filter(|a| a.esito.is_some()).count(),
        acts: row
            .acts
            .into_iter()
            .map(|a| {
                let esito = a.esito.as_deref().and_then(EsitoControllo::from_slug);
                ControlloAttoDto {
                    act_id: a.act_id,
                    numero: a.numero,
                    oggetto: a.oggetto,
                    esito,
                    esito_label: esito.map(|e| e.label().to_string()),
                    note: a.note,
                    checked_at: a.checked_at,
                    checked_by: a.checked_by,
                }
            })
            .collect(),
    }
}

impl Atti {
    fn check_segretario(&self, what: &str) -> AppResult<String> {
        let user = self.current_user()?;
        controllo::check_role(user.role, what)?;
        Ok(user.username.clone())
    }

    /// Draws the sample of the acts of `kind` adopted from `from` to `to` (YYYY-MM-DD, a period
    /// that has ended and no earlier draw covered): `percent` % of them, rounded up, chosen by
    /// the public `seed`. Only the segretario.
    pub fn controllo_draw(
        &mut self,
        kind: ActKind,
        from: &str,
        to: &str,
        percent: u8,
        seed: &str,
    ) -> AppResult<ControlloDto> {
        let by = self.check_segretario("il sorteggio del controllo successivo")?;
        let (from, to) = (parse_day("from", from)?, parse_day("to", to)?);
        let previous_end = self
            .store
            .controlli()?
            .iter()
            .filter(|c| c.kind == kind.slug())
            .filter_map(|c| c.period_to.parse::<Date>().ok())
            .max();
        controllo::validate_draw(from, to, self.today(), percent, seed, previous_end)?;
        let seed = seed.trim();
        let at = self.clock.now().to_string();
        let id = self.store.record_controllo(
            &NewControllo {
                kind,
                period_from: &from.to_string(),
                period_to: &to.to_string(),
                percent,
                seed,
                at: &at,
                by: &by,
            },
            |numeri| controllo::draw(seed, numeri, percent),
        )?;
        self.controllo(id)
    }

    /// Records what the check of a drawn act found (once). Only the segretario.
    pub fn controllo_esito(
        &mut self,
        controllo: i64,
        act: ActId,
        esito: EsitoControllo,
        note: &str,
    ) -> AppResult<ControlloDto> {
        let by = self.check_segretario("l'esito del controllo successivo")?;
        controllo::validate_esito(esito, note)?;
        let note = Some(note.trim()).filter(|n| !n.is_empty());
        let at = self.clock.now().to_string();
        self.store
            .record_esito_controllo(controllo, act, esito.slug(), note, &at, &by)?;
        self.controllo(controllo)
    }

    /// Every draw, newest first.
    pub fn controlli(&self) -> AppResult<Vec<ControlloDto>> {
        Ok(self.store.controlli()?.into_iter().map(dto).collect())
    }

    fn controllo(&self, id: i64) -> AppResult<ControlloDto> {
        self.controlli()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("il sorteggio n. {id} non esiste"),
                )
            })
    }
}
