//! The later control of administrative regularity (TUEL art. 147-bis c.2): the segretario
//! draws a sample of the acts adopted in a period (the rule of the draw is in
//! `atti_core::controllo`) and records the outcome of each check.

use crate::dto::{ControlloAttoDto, ControlloDto, ImpegnoSemeDto};
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::controllo::{self, EsitoControllo};
use atti_core::{ActId, ActKind};
use atti_store::{ControlloRow, ImpegnoSemeRow, NewControllo};
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

    /// A new seed to commit to: 20 random characters in groups of four, from an alphabet
    /// without look-alikes (0/O, 1/I/L), to be written down and kept until the draw. Nothing is
    /// recorded.
    pub fn controllo_seed_new(&self) -> AppResult<String> {
        self.check_segretario("il seme del controllo successivo")?;
        const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
        let bytes = crate::session::random_bytes::<20>()?;
        // 256 is not a multiple of 31: the few values above 247 are folded, a bias of under
        // 3% on some characters that leaves the seed far beyond guessing (about 99 bits).
        let chars: Vec<char> = bytes
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
            .collect();
        Ok(chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-"))
    }

    /// The last day covered by the commitments of `kind`, else by its draws (made before
    /// commitments existed): where the next commitment starts.
    fn last_committed_day(&self, kind: ActKind) -> AppResult<Option<Date>> {
        let committed = self
            .store
            .impegni_seme()?
            .iter()
            .filter(|i| i.kind == kind.slug())
            .filter_map(|i| i.period_to.parse::<Date>().ok())
            .max();
        Ok(match committed {
            Some(day) => Some(day),
            None => self.last_drawn_day(kind)?,
        })
    }

    fn last_drawn_day(&self, kind: ActKind) -> AppResult<Option<Date>> {
        Ok(self
            .store
            .controlli()?
            .iter()
            .filter(|c| c.kind == kind.slug())
            .filter_map(|c| c.period_to.parse::<Date>().ok())
            .max())
    }

    /// Commits to the seed of the draw of the acts of `kind` adopted from `from` to `to`, before
    /// the period ends: only its SHA-256 is recorded (and in the audit chain). The seed is told
    /// at the draw, which refuses any other. Only the segretario.
    pub fn controllo_commit(
        &mut self,
        kind: ActKind,
        from: &str,
        to: &str,
        seed: &str,
    ) -> AppResult<ImpegnoSemeDto> {
        let by = self.check_segretario("l'impegno sul seme del controllo successivo")?;
        let (from, to) = (parse_day("from", from)?, parse_day("to", to)?);
        let previous_end = self.last_committed_day(kind)?;
        controllo::validate_commitment(from, to, self.today(), seed, previous_end)?;
        let row = ImpegnoSemeRow {
            kind: kind.slug().to_string(),
            period_from: from.to_string(),
            period_to: to.to_string(),
            seed_sha256: controllo::seed_sha256(seed),
            committed_at: self.clock.now().to_string(),
            committed_by: by,
        };
        self.store.record_impegno_seme(&row)?;
        self.controllo_impegni()?
            .into_iter()
            .find(|i| i.kind == row.kind && i.period_from == row.period_from)
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "impegno non registrato"))
    }

    /// Every commitment to a seed, newest period first.
    pub fn controllo_impegni(&self) -> AppResult<Vec<ImpegnoSemeDto>> {
        let drawn: Vec<(String, String, String)> = self
            .store
            .controlli()?
            .into_iter()
            .map(|c| (c.kind, c.period_from, c.period_to))
            .collect();
        Ok(self
            .store
            .impegni_seme()?
            .into_iter()
            .map(|i| ImpegnoSemeDto {
                kind_label: ActKind::from_slug(&i.kind)
                    .map_or(i.kind.clone(), |k| k.label().to_string()),
                drawn: drawn.contains(&(
                    i.kind.clone(),
                    i.period_from.clone(),
                    i.period_to.clone(),
                )),
                kind: i.kind,
                period_from: i.period_from,
                period_to: i.period_to,
                seed_sha256: i.seed_sha256,
                committed_at: i.committed_at,
                committed_by: i.committed_by,
            })
            .collect())
    }

    /// The commitment of exactly this period, with the day (in Italy) it was recorded.
    fn commitment(
        &self,
        kind: ActKind,
        from: Date,
        to: Date,
    ) -> AppResult<Option<controllo::Commitment>> {
        Ok(self
            .store
            .impegni_seme()?
            .into_iter()
            .find(|i| {
                i.kind == kind.slug()
                    && i.period_from == from.to_string()
                    && i.period_to == to.to_string()
            })
            .and_then(|i| {
                let at: jiff::Timestamp = i.committed_at.parse().ok()?;
                Some(controllo::Commitment {
                    seed_sha256: i.seed_sha256,
                    committed_on: crate::iter::day_in_italy(at),
                })
            }))
    }

    /// Draws the sample of the acts of `kind` adopted from `from` to `to` (YYYY-MM-DD, a period
    /// that has ended and no earlier draw covered): `percent` % of them, rounded up, chosen by
    /// `seed`, the one committed to before the period ended. Only the segretario.
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
        let previous_end = self.last_drawn_day(kind)?;
        let commitment = self.commitment(kind, from, to)?;
        controllo::validate_draw(
            from,
            to,
            self.today(),
            percent,
            seed,
            previous_end,
            commitment.as_ref(),
        )?;
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
