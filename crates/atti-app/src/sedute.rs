//! The sessions of the Giunta and of the Consiglio as use cases (docs/sedute.md): convening
//! one, recording its facts, and carrying each outcome to the act it decides. The rules are
//! atti-core's (`seduta`: every fact checked against the state it follows); this module reads
//! the organs from the Comune's set-up, stores the facts, and takes the acts' steps.
//!
//! A fact is recorded first, then the acts follow it (`settle`): a proposal put on the ordine
//! del giorno takes `iscrivi`, an item voted takes `approva` or `respingi` with the session
//! data computed from the record, a withdrawn item goes back with `restituisci`. A PC stopped
//! between the two finds the act's step still due and takes it at the next fact or look.

use crate::dto::{ActionRequest, MembroDto, PuntoDto, SedutaDto, SedutaSummary};
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::iter::Action;
use atti_core::organo::{Organo, OrganoSetup};
use atti_core::seduta::{self, EsitoPunto, SedutaEvento, SedutaFatto, SedutaStato};
use atti_core::{ActId, ActState};
use atti_store::SedutaRow;

/// Setting: the organs of the Comune's set-up (JSON), as the last set-up applied said.
pub(crate) const ORGANI: &str = "organi";

impl Atti {
    /// The organs of the Comune's set-up.
    pub(crate) fn organi(&self) -> AppResult<Vec<OrganoSetup>> {
        match self.store.setting(ORGANI)? {
            None => Ok(Vec::new()),
            Some(json) => crate::acts::parse_json(json.as_bytes(), "organi del Comune"),
        }
    }

    /// Keeps the organs of the Comune's set-up (checked with it by atti-core).
    pub(crate) fn store_organi(&mut self, organi: &[OrganoSetup]) -> AppResult<()> {
        let json = serde_json::to_string(organi).map_err(|e| {
            AppError::new(ErrorCode::InvalidInput, format!("organi del Comune: {e}"))
        })?;
        self.store.set_setting(ORGANI, &json)?;
        Ok(())
    }

    pub(crate) fn organo_setup(&self, organo: Organo) -> AppResult<OrganoSetup> {
        self.organi()?
            .into_iter()
            .find(|o| o.organo == organo)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotAllowed,
                    format!(
                        "{} manca nell'anagrafica del Comune: l'amministratore ne aggiunge i componenti («organi» nel file del Comune)",
                        organo.la()
                    ),
                )
            })
    }

    /// The current user, if they may record the facts of a session.
    fn check_verbalizzante(&self) -> AppResult<String> {
        let user = self.current_user()?;
        if !seduta::may_record(user.role) {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!(
                    "i fatti di una seduta li registra il segretario che ne redige il verbale, non il {}",
                    user.role.label().to_lowercase()
                ),
            ));
        }
        Ok(user.username.clone())
    }

    /// Convenes a session: `fatto` is its convocation ([`SedutaFatto::Convocata`]).
    pub fn seduta_new(&mut self, fatto: SedutaFatto) -> AppResult<SedutaDto> {
        let by = self.check_verbalizzante()?;
        let SedutaFatto::Convocata { organo, data, .. } = &fatto else {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "una seduta comincia con la sua convocazione",
            ));
        };
        let setup = self.organo_setup(*organo)?;
        SedutaStato::convocata(&fatto, &setup).map_err(invalid)?;
        let (uid, numero, condivisa) = self.seduta_identity(*organo, data.year())?;
        let event = SedutaEvento {
            at: self.clock.now(),
            by,
            what: fatto.clone(),
        };
        let row =
            self.store
                .create_seduta(&uid, *organo, *data, &event, numero, condivisa.as_ref())?;
        let avvisi = self.publish_or_say(row.id);
        let mut dto = self.seduta_show(row.id)?;
        dto.avvisi = avvisi;
        Ok(dto)
    }

    /// Records one more fact of session `id`, then takes the acts' steps it decides.
    pub fn seduta_record(&mut self, id: i64, fatto: SedutaFatto) -> AppResult<SedutaDto> {
        let by = self.check_verbalizzante()?;
        self.check_seduta_qui(id)?;
        let (row, setup, facts, mut state) = self.seduta_state(id)?;
        let fatto = match fatto {
            SedutaFatto::Iscritto {
                atto, maggioranza, ..
            } => {
                let oggetto = self.check_iscrivibile(&row, atto)?;
                SedutaFatto::Iscritto {
                    atto,
                    oggetto,
                    maggioranza,
                }
            }
            // Who presides and who takes the minutes, when not said: the first present by
            // charge, and the user.
            SedutaFatto::Aperta {
                presenti,
                giustificati,
                presiede,
                segretario,
            } => SedutaFatto::Aperta {
                presiede: match presiede.trim() {
                    "" => seduta::chi_presiede(&setup, state.data, &presenti).unwrap_or_default(),
                    id => id.to_string(),
                },
                segretario: match segretario.trim() {
                    "" => self.current_user()?.full_name.clone(),
                    name => name.to_string(),
                },
                presenti,
                giustificati,
            },
            // The delibere the session approved, by their numbers, communicated today.
            SedutaFatto::ComunicazioneCapigruppo { .. } => {
                let mut delibere = Vec::new();
                for p in &state.punti {
                    if let EsitoPunto::Votato {
                        approvato: true, ..
                    } = p.esito
                        && let Some(n) = self.store.facts(p.atto)?.numero
                    {
                        delibere.push(n);
                    }
                }
                SedutaFatto::ComunicazioneCapigruppo {
                    delibere,
                    il: self.today(),
                }
            }
            other => other,
        };
        let now = self.clock.now();
        state.apply(&fatto, now, &setup).map_err(invalid)?;
        let event = SedutaEvento {
            at: now,
            by,
            what: fatto,
        };
        self.store
            .append_seduta_fact(id, facts.len() as u32 + 1, &event, None, None)?;
        let mut avvisi = self.publish_or_say(id);
        avvisi.extend(self.settle(&row, &state, &setup));
        let mut dto = self.seduta_show(id)?;
        dto.avvisi = avvisi;
        Ok(dto)
    }

    /// Session `id` as its record makes it, with the acts of its items where they are now.
    pub fn seduta_show(&self, id: i64) -> AppResult<SedutaDto> {
        let (row, setup, _, state) = self.seduta_state(id)?;
        let componenti = state
            .componenti(&setup)
            .into_iter()
            .map(|m| MembroDto {
                id: m.id.clone(),
                nome: m.nome.clone(),
                carica: m.carica,
                carica_label: m.carica.label().into(),
                gruppo: m.gruppo.clone(),
                presente: state.presenti.contains(&m.id),
                giustificato: state.giustificati.contains(&m.id),
            })
            .collect();
        let mut punti = Vec::new();
        for p in &state.punti {
            let act = self.store.load_act(p.atto)?;
            punti.push(PuntoDto {
                numero: p.numero,
                act_id: p.atto,
                act_state: act.state,
                act_state_label: act.state.label().into(),
                act_numero: self.store.facts(p.atto)?.numero,
            });
        }
        Ok(SedutaDto {
            id: row.id,
            uid: row.uid.clone(),
            titolo: titolo(&row),
            numero_legale: state.numero_legale(&setup),
            presiede_atteso: seduta::chi_presiede(
                &setup,
                state.data,
                &state.presenti.iter().cloned().collect::<Vec<_>>(),
            ),
            stato: state,
            componenti,
            punti,
            avvisi: Vec::new(),
            may_record: seduta::may_record(self.current_user()?.role)
                && !self.store.seduta_condivisa(id)?.is_some_and(|c| c.altrove),
        })
    }

    /// Sends the session's new facts to the server; what went wrong, as a notice (the facts
    /// are recorded here, and go with the next fact or sync).
    pub(crate) fn publish_or_say(&mut self, id: i64) -> Vec<String> {
        match self.publish_seduta(id) {
            Ok(()) => Vec::new(),
            Err(e) => vec![format!(
                "la seduta non è ancora sul server documentale: {}",
                e.message
            )],
        }
    }

    /// Every session, the newest first.
    pub fn sedute(&self) -> AppResult<Vec<SedutaSummary>> {
        let mut out = Vec::new();
        for row in self.store.sedute()? {
            let (_, _, _, state) = self.seduta_state(row.id)?;
            out.push(SedutaSummary {
                id: row.id,
                titolo: titolo(&row),
                organo: row.organo,
                data: row.data.clone(),
                fase: state.fase,
                punti: state.punti.len() as u16,
            });
        }
        Ok(out)
    }

    /// The facts of the session a delibera's `approva` or `respingi` follows, for a CLI or
    /// UI that records a vote with the usual form: everyone counted who is not named votes in
    /// favour ([`SedutaStato::votazione`]).
    pub fn seduta_votazione(
        &self,
        id: i64,
        punto: u16,
        contrari: &[String],
        astenuti: &[String],
        non_partecipano: &[String],
        immediata: Option<(&[String], &[String])>,
    ) -> AppResult<SedutaFatto> {
        let (_, _, _, state) = self.seduta_state(id)?;
        Ok(state.votazione(punto, contrari, astenuti, non_partecipano, immediata))
    }

    pub(crate) fn seduta_state(
        &self,
        id: i64,
    ) -> AppResult<(SedutaRow, OrganoSetup, Vec<SedutaEvento>, SedutaStato)> {
        let row = self.store.seduta(id)?;
        let setup = self.organo_setup(row.organo)?;
        let facts = self.store.seduta_facts(id)?;
        let state = SedutaStato::from_events(&facts, &setup).map_err(|e| {
            AppError::new(
                ErrorCode::Storage,
                format!("il registro della seduta {id} non si rilegge: {e}"),
            )
        })?;
        Ok((row, setup, facts, state))
    }

    /// What a proposal needs to go on the ordine del giorno: the organ's delibera, proposed
    /// (its `iscrivi` allowed now) or postponed, and on no other session's list still to be
    /// dealt with. Returns its oggetto.
    fn check_iscrivibile(&self, row: &SedutaRow, atto: ActId) -> AppResult<String> {
        let act = self.store.load_act(atto)?;
        seduta::check_iscrivibile(row.organo, act.kind, act.state).map_err(invalid)?;
        if act.state == ActState::Proposta {
            self.decide_action(atto, Action::Iscrivi, &ActionRequest::default())?;
        }
        for other in self.store.sedute()? {
            if other.id == row.id {
                continue;
            }
            let (_, _, _, s) = self.seduta_state(other.id)?;
            if s.punti
                .iter()
                .any(|p| p.atto == atto && p.esito == EsitoPunto::DaTrattare)
            {
                return Err(AppError::new(
                    ErrorCode::NotAllowed,
                    format!(
                        "la proposta è già all'ordine del giorno della {}, ancora da trattare",
                        titolo(&other)
                    ),
                ));
            }
        }
        Ok(act.oggetto.clone())
    }

    /// Takes the acts' steps the record decides and they have not taken yet; says what could
    /// not be taken (the record stays as it is: it is the truth of the session).
    fn settle(&mut self, row: &SedutaRow, state: &SedutaStato, setup: &OrganoSetup) -> Vec<String> {
        let mut avvisi = Vec::new();
        for p in &state.punti {
            let Ok(act) = self.store.load_act(p.atto) else {
                continue;
            };
            let step = match (&p.esito, act.state) {
                (EsitoPunto::DaTrattare, ActState::Proposta) => {
                    Some((Action::Iscrivi, ActionRequest::default()))
                }
                (EsitoPunto::Votato { approvato, .. }, ActState::Iscritta) => {
                    let action = if *approvato {
                        Action::Approva
                    } else {
                        Action::Respingi
                    };
                    let request = ActionRequest {
                        seduta: state.seduta_per(p.numero, &row.uid, setup),
                        ..ActionRequest::default()
                    };
                    Some((action, request))
                }
                (EsitoPunto::Ritirato { motivo }, ActState::Iscritta) => Some((
                    Action::Restituisci,
                    ActionRequest {
                        note: Some(format!(
                            "Ritirata dall'ordine del giorno della {}: {motivo}",
                            titolo(row)
                        )),
                        ..ActionRequest::default()
                    },
                )),
                _ => None,
            };
            if let Some((action, request)) = step
                && let Err(e) = self.iter_take(p.atto, action, &request)
            {
                avvisi.push(format!(
                    "punto {} («{}»): «{}» non registrato sull'atto: {}",
                    p.numero,
                    p.oggetto,
                    action.label(),
                    e.message
                ));
            }
        }
        avvisi
    }
}

/// «Seduta n. 3/2026 della Giunta comunale».
pub(crate) fn titolo(row: &SedutaRow) -> String {
    format!(
        "Seduta n. {}/{} {}",
        row.numero,
        row.anno,
        row.organo.della()
    )
}

fn invalid(message: String) -> AppError {
    AppError::new(ErrorCode::NotAllowed, message)
}
