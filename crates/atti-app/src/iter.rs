//! The iter as use cases: what a user may do on an act, taking an action, giving a parere,
//! the timeline, the registers, the inbox, and verifying the audit log. The rules are
//! atti-core's ([`atti_core::iter::decide`]); this module gathers the facts, asks, and
//! records the outcome with the store.

use crate::dto::{
    ActDates, ActionRequest, InboxGroup, IterStatus, LinkDto, ParereDto, SignatureDto,
    TimelineEntry,
};
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::drafting::Correzione;
use atti_core::event::EventKind;
use atti_core::iter::{self, Action, ActionInput, IterFacts, Refusal, RefusalReason};
use atti_core::parere::{Esito, ParereTipo};
use atti_core::{ActId, ActKind, ActState};
use atti_store::{AuditReport, LocalRegister, RegistroRow, StoredFacts, TransitionWrite};
use jiff::civil::Date;

/// The comments of a request as the store keeps them: (field path, text).
fn comments_of(request: &ActionRequest) -> Vec<(String, String)> {
    request
        .comments
        .iter()
        .map(|c| (c.field.clone(), c.text.clone()))
        .collect()
}

pub(crate) use atti_core::dates::day_in_italy;

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> AppError {
        let code = match r.reason {
            RefusalReason::Forbidden => ErrorCode::Forbidden,
            RefusalReason::WrongState | RefusalReason::Guard | RefusalReason::NeedsSignature => {
                ErrorCode::NotAllowed
            }
            RefusalReason::MissingInput => ErrorCode::InvalidInput,
        };
        AppError::new(code, r.message)
    }
}

impl Atti {
    /// Today in the Comune's calendar.
    pub fn today(&self) -> Date {
        day_in_italy(self.clock.now())
    }

    pub(crate) fn iter_facts(&self, stored: &StoredFacts) -> IterFacts {
        IterFacts {
            pareri: stored.pareri.clone(),
            signed_by: stored.signed_by.clone(),
            seduta: stored.seduta.clone(),
            adoption: stored.adoption,
            publication_start: stored.publication_start,
            numbered: stored.numero.is_some(),
            today: self.today(),
        }
    }

    /// Where an act is in its iter, and what the current user may do on it.
    pub fn iter_status(&self, id: ActId) -> AppResult<IterStatus> {
        let act = self.store.load_act(id)?;
        let stored = self.store.facts(id)?;
        let facts = self.iter_facts(&stored);
        let user = self.current_user()?;
        let options = iter::options(&act, &facts, crate::actor(user));
        let dates = iter::key_dates(&act, &facts);
        let day = |d: Option<Date>| d.map(|d| d.to_string());
        let links = self
            .store
            .links(id)?
            .into_iter()
            .map(|(correction, original, tipo)| LinkDto {
                correction,
                original,
                tipo,
            })
            .collect();
        Ok(IterStatus {
            id,
            kind: act.kind,
            state: act.state,
            state_label: act.state.label().into(),
            version: act.version,
            numero: stored.numero.clone(),
            dates: ActDates {
                adoption: day(dates.adoption),
                publication_start: day(dates.publication_start),
                publication_end: day(dates.publication_end),
                esecutivita: day(dates.esecutivita),
                notifica_deadline: day(dates.notifica_deadline),
                notifica_giorni: atti_core::verbale::giorni_per_notificare(&act, facts.today),
            },
            efficacia: self.efficacia(id, &act, &stored)?.label(),
            pareri: stored
                .pareri
                .iter()
                .map(|p| ParereDto {
                    tipo: p.tipo,
                    label: p.tipo.label().into(),
                    esito: p.esito,
                    motivazione: p.motivazione.clone(),
                    author: p.author.clone(),
                    given_at: p.given_at.clone(),
                    version: p.version,
                    da_rinnovare: p.is_stale(act.version),
                    document: p.document.clone(),
                })
                .collect(),
            signatures: stored
                .signed_by
                .iter()
                .map(|r| SignatureDto {
                    role: *r,
                    role_label: r.label().into(),
                })
                .collect(),
            required_signers: iter::signers(act.kind, act.tipo_ordinanza),
            seduta: stored.seduta.clone(),
            options,
            parere_options: atti_core::parere::pareri_for(act.kind, act.state, user.role),
            editable: atti_core::drafting::may_edit(&act, user.role),
            may_correct: atti_core::drafting::check_correctable(&act, stored.numero.as_deref())
                .and_then(|()| atti_core::drafting::check_may_correct(&act, crate::actor(user)))
                .is_ok()
                && act.state != ActState::Annullata,
            may_duplicate: atti_core::drafting::check_may_draft(
                user.role,
                &user.username,
                act.kind,
            )
            .is_ok(),
            may_save_modello: atti_core::modello::check_may_save_from(&act, crate::actor(user))
                .is_ok(),
            links,
            queued: self.queued_steps(id)?,
            shared: self.store.global(id)?.map(|g| crate::dto::SharedDto {
                uid: g.uid,
                seq: g.seq,
                head: g.head,
            }),
            bozza: self.bozza_notice(id)?,
        })
    }

    /// Takes an action of the iter on an act, as the current user (not a signature: those
    /// come with the signed document, through [`Atti::sign`]). In a Comune with a document
    /// server the step goes to the act's shared history first (`shared.rs`).
    pub fn iter_take(
        &mut self,
        id: ActId,
        action: Action,
        request: &ActionRequest,
    ) -> AppResult<IterStatus> {
        if let Some(client) = self.shared_client()? {
            self.take_shared_action(&client, id, action, request)?;
        } else {
            self.take_action(id, action, request)?;
        }
        if action == Action::Pubblica && !self.replaying {
            self.albo_after_publishing(id)?;
        }
        self.iter_status(id)
    }

    /// An action on this PC's archive alone (no shared iter).
    fn take_action(&mut self, id: ActId, action: Action, request: &ActionRequest) -> AppResult<()> {
        let act = self.store.load_act(id)?;
        let outcome = self.decide_action(id, action, request)?;
        let user = self.current_user()?.clone();
        let comments = comments_of(request);
        let now = self.clock.now().to_string();
        let claimed = self.claim_for(id, act.kind, &outcome)?;
        let write = TransitionWrite {
            comments: &comments,
            global: self.shared_apply.as_ref().map(|s| &s.global),
            ..TransitionWrite::new(id, act.version, &outcome, &user.username, &now)
        };
        match claimed {
            Some(n) => self
                .store
                .apply_transition(&write, &atti_store::ClaimedRegister(n))?,
            None => self.store.apply_transition(&write, &LocalRegister)?,
        };
        Ok(())
    }

    /// The number a step gives, claimed on the server's register (None: the local register
    /// gives it): the act's final number (adoption, approval), or its number of the
    /// register of publications (pubblica). No step gives both.
    fn claim_for(
        &mut self,
        id: ActId,
        kind: atti_core::ActKind,
        outcome: &iter::Outcome,
    ) -> AppResult<Option<u32>> {
        match (outcome.number_on, outcome.albo) {
            (Some(day), _) => self.claim_number(id, kind, day.year()),
            (None, Some(p)) => self.claim_albo_number(id, p.inizio.year()),
            (None, None) => Ok(None),
        }
    }

    /// The core's decision on an action of the current user on the act as it stands.
    pub(crate) fn decide_action(
        &self,
        id: ActId,
        action: Action,
        request: &ActionRequest,
    ) -> AppResult<iter::Outcome> {
        let act = self.store.load_act(id)?;
        let facts = self.iter_facts(&self.store.facts(id)?);
        let dati_personali = if action == Action::Pubblica {
            self.omissis_proposals(id)?
                .into_iter()
                .map(|p| atti_core::albo::DatoPersonale {
                    testo: p.text,
                    tipo: p.kind.label().into(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let input = ActionInput {
            note: request.note.clone(),
            seduta: request.seduta.clone(),
            signed: false,
            dati_personali,
            conferma_dati: request.conferma_dati.clone(),
            notificazione: request.notificazione.clone(),
            archiviazione: None,
        };
        Ok(iter::decide(
            &act,
            &facts,
            action,
            crate::actor(self.current_user()?),
            &input,
        )?)
    }

    /// The event of an action of the shared iter, with the final number it gives (claimed
    /// on the server's register now).
    pub(crate) fn action_event(
        &mut self,
        id: ActId,
        action: Action,
        request: &ActionRequest,
    ) -> AppResult<EventKind> {
        let outcome = self.decide_action(id, action, request)?;
        let kind = self.store.load_act(id)?.kind;
        let numero = self.claim_for(id, kind, &outcome)?;
        Ok(EventKind::Action {
            action,
            note: request.note.clone(),
            seduta: request.seduta.clone().map(Box::new),
            comments: comments_of(request),
            numero,
            conferma_dati: request.conferma_dati.clone(),
            notificazione: request.notificazione.clone().map(Box::new),
        })
    }

    /// Every step of an act: creation, saves, actions, pareri, numbers, signatures.
    pub fn act_history(&self, id: ActId) -> AppResult<Vec<TimelineEntry>> {
        if !self.store.act_exists(id)? {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("l'atto {id} non esiste"),
            ));
        }
        let users = self.store.users()?;
        let name = |u: &str| {
            users
                .iter()
                .find(|x| x.username == u)
                .map(|x| x.full_name.clone())
                .unwrap_or_default()
        };
        // The version each step saw: the latest saved by then with that content.
        let versions = self.store.versions(id)?;
        let version_at = |hash: &str, at: &str| {
            versions
                .iter()
                .find(|v| v.content_sha256 == hash && v.saved_at.as_str() <= at)
                .map(|v| v.version)
        };
        Ok(self
            .store
            .audit_of(id)?
            .into_iter()
            .map(|e| TimelineEntry {
                version: version_at(&e.version_hash, &e.at),
                seq: e.seq,
                at: e.at,
                actor_name: name(&e.actor),
                actor: e.actor,
                label: timeline_label(&e.action, &e.detail),
                note: e
                    .detail
                    .get("note")
                    .and_then(|n| n.as_str())
                    .map(String::from),
                comments: e
                    .detail
                    .get("comments")
                    .and_then(|c| c.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|c| {
                                Some(crate::dto::SectionComment {
                                    field: c.get("field")?.as_str()?.into(),
                                    text: c.get("text")?.as_str()?.into(),
                                })
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                action: e.action,
                version_hash: e.version_hash,
            })
            .collect())
    }

    /// The register of final numbers of a kind for a year; a verbale's row says where its
    /// notification and its payments stand.
    pub fn registro(&self, kind: ActKind, year: Option<i16>) -> AppResult<Vec<RegistroRow>> {
        let year = year.unwrap_or_else(|| self.today().year());
        let mut rows = self.store.registro(kind, year)?;
        if kind == ActKind::VerbalePl {
            // Only the verbali with payments: the others have nothing to say yet.
            for id in self.store.verbali_con_pagamenti(year)? {
                let label = self.pagamenti(id)?.esito_label;
                if let Some(r) = rows.iter_mut().find(|r| r.act_id == id.0) {
                    r.pagamento = Some(label);
                }
            }
        }
        Ok(rows)
    }

    /// Walks the audit log and names the first broken entry.
    pub fn audit_verify(&self) -> AppResult<AuditReport> {
        Ok(self.store.audit_verify()?)
    }

    /// The current user's work, in groups: what to review, to give a parere on, to sign,
    /// and what is being published; in each, the [`INBOX_SHOWN`] most recently changed acts
    /// and how many there are.
    pub fn inbox(&self) -> AppResult<Vec<InboxGroup>> {
        let user = self.current_user()?.clone();
        let shown: Vec<iter::InboxGroup> = iter::InboxGroup::ALL
            .into_iter()
            .filter(|g| g.concerns(user.role))
            .collect();
        // Every act where something may be asked of this user (an old act in istruttoria is
        // still work to do), from the index alone; the table decides most of them, the
        // others are read.
        let scope = iter::inbox_scope(crate::actor(&user));
        let mut found: Vec<Vec<atti_store::InboxCandidate>> = vec![Vec::new(); shown.len()];
        for c in self.store.inbox_candidates(&scope)? {
            let actor = crate::actor(&user);
            let group = iter::inbox_group(c.kind, c.state, &c.office, c.published, actor, || {
                let act = self.store.load_act(c.id)?;
                let facts = self.iter_facts(&self.store.facts(c.id)?);
                Ok::<_, AppError>((act, facts))
            })?;
            if let Some(g) = group
                && let Some(i) = shown.iter().position(|x| *x == g)
            {
                found[i].push(c);
            }
        }
        let mut groups = Vec::with_capacity(shown.len() + 1);
        for (group, mut candidates) in shown.iter().zip(found) {
            let (rows, total) = if *group == iter::InboxGroup::InPubblicazione {
                // What is on the albo today, from the register of publications.
                let rows = self
                    .store
                    .acts_on_albo(self.today(), scope.office.as_deref())?;
                let total = rows.len();
                (rows, total)
            } else {
                // The most recently changed first; only the rows of those shown are read.
                candidates.sort_by(|a, b| (&b.updated_at, b.id.0).cmp(&(&a.updated_at, a.id.0)));
                let ids: Vec<ActId> = candidates.iter().take(INBOX_SHOWN).map(|c| c.id).collect();
                (self.store.act_rows(&ids)?, candidates.len())
            };
            groups.push(group_dto(group.label(), rows, total));
        }
        // The segretario's checks of the later control of regularity (TUEL art. 147-bis).
        if user.role == atti_core::Role::Segretario {
            let rows = self.store.acts_to_check()?;
            let total = rows.len();
            groups.push(group_dto("Da controllare (art. 147-bis)", rows, total));
        }
        Ok(groups)
    }

    /// Starts a correction of an adopted act: a new draft of the same kind (rettifica or
    /// annullamento in autotutela), linked to the original, with its content to edit.
    pub fn act_correct(&mut self, original: ActId, tipo: Correzione) -> AppResult<atti_core::Act> {
        let act = self.store.load_act(original)?;
        let numero = self.store.facts(original)?.numero;
        atti_core::drafting::check_correctable(&act, numero.as_deref())?;
        atti_core::drafting::check_may_correct(&act, crate::actor(self.current_user()?))?;
        let oggetto = tipo.oggetto(numero.as_deref().unwrap_or_default(), &act.oggetto);
        let mut created = self.act_create(act.kind, &oggetto, Some(&act.office))?;
        let id = created
            .id
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "atto senza id"))?;
        self.store.link_correction(id, original, tipo.slug())?;
        if tipo.copies_content() {
            let content = atti_core::Act {
                sections: act.sections.clone(),
                dispositivo: act.dispositivo.clone(),
                impegni: act.impegni.clone(),
                verbale: act.verbale.clone(),
                tipo_ordinanza: act.tipo_ordinanza,
                riservati: act.riservati.clone(),
                pubblicazione: act.pubblicazione.clone(),
                ..created.clone()
            };
            self.act_save(&content)?;
            created = self.store.load_act(id)?;
        }
        Ok(created)
    }

    /// «Duplica da un atto precedente»: a new draft of the current user, in their office,
    /// from the text of `source`, its impegni in this year's budget (a verbale: its place and
    /// violation only, dated today), kept linked to it; [`Atti::act_duplicato`] says what must
    /// change.
    pub fn act_duplicate(&mut self, source: ActId) -> AppResult<atti_core::Act> {
        let original = self.store.load_act(source)?;
        let created = self.act_create(original.kind, &original.oggetto, None)?;
        let id = created
            .id
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "atto senza id"))?;
        self.store.link_duplicato(id, source)?;
        self.act_save(&atti_core::duplica::duplicate(
            &original,
            created,
            self.today(),
        ))?;
        Ok(self.store.load_act(id)?)
    }

    /// The act a draft was duplicated from, and what of it the draft still has and must be
    /// checked (none once the text no longer changes); `None` for a draft written anew.
    pub fn act_duplicato(&self, id: ActId) -> AppResult<Option<crate::dto::DuplicatoDto>> {
        let Some(source) = self.store.duplicato_source(id)? else {
            return Ok(None);
        };
        let draft = self.store.load_act(id)?;
        let original = self.store.load_act(source)?;
        let da_verificare = if draft.state.is_editable() {
            atti_core::duplica::da_verificare(&draft, &original)
        } else {
            Vec::new()
        };
        Ok(Some(crate::dto::DuplicatoDto {
            source,
            kind: original.kind,
            numero: original.numero,
            proposal: original.proposal,
            oggetto: original.oggetto,
            da_verificare,
        }))
    }
}

fn timeline_label(action: &str, detail: &serde_json::Value) -> String {
    let s = |k: &str| {
        detail
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let n = |k: &str| detail.get(k).and_then(|v| v.as_i64()).unwrap_or_default();
    match action {
        "crea" => "Bozza creata".into(),
        "salva" => format!("Salvata la versione {}", n("version")),
        "parere" => {
            let tipo = ParereTipo::from_slug(&s("tipo"))
                .map(|t| t.label())
                .unwrap_or("parere");
            let esito = Esito::from_slug(&s("esito"))
                .map(|e| e.label())
                .unwrap_or("");
            let mut label = format!("Espresso il {tipo}: {esito}");
            if let Some(first) = label.get(..1) {
                label = first.to_uppercase() + &label[1..];
            }
            label
        }
        "numero" => format!("Assegnato il numero {}/{}", n("number"), n("year")),
        "albo" => format!(
            "Iscritto al repertorio dell'albo con il n. {}/{}, in pubblicazione {}",
            n("numero"),
            n("anno"),
            period_label(&s("inizio"), &s("fine"))
        ),
        "defissione" => format!(
            "Defisso dall'albo (pubblicazione n. {}/{}) il {}",
            n("numero"),
            n("anno"),
            italian_day(&s("il"))
        ),
        "firma" => {
            let role = atti_core::Role::from_slug(&s("role"))
                .map(|r| r.label())
                .unwrap_or("");
            format!("Firmato ({role})")
        }
        "documento" if s("variant") == "pubblicazione" => {
            "Generata la versione per la pubblicazione (con omissis)".into()
        }
        "documento" => "Generato e conservato il documento originale (PDF/A)".into(),
        "firma digitale"
            if let Some(tipo) = atti_core::attestazione::Attestazione::ALL
                .into_iter()
                .find(|t| t.part() == s("part")) =>
        {
            format!("{} firmato digitalmente (PAdES)", tipo.label())
        }
        "firma digitale" if s("part") == atti_store::PART_ARCHIVIAZIONE => {
            "Provvedimento di archiviazione firmato digitalmente (PAdES)".into()
        }
        "pagamento" => format!(
            "Pagamento di {} del {}{} (flusso pagoPA {})",
            atti_core::money::format_euro(n("importo_centesimi")),
            italian_day(&s("pagato_il")),
            if detail.get("revocato").and_then(|v| v.as_bool()) == Some(true) {
                ", revocato"
            } else {
                ""
            },
            s("flusso")
        ),
        "archivia" => {
            let motivo = detail
                .get("archiviazione")
                .and_then(|a| a.get("motivo"))
                .and_then(|m| m.as_str())
                .and_then(atti_core::archiviazione::MotivoArchiviazione::from_slug)
                .map(|m| m.label())
                .unwrap_or_default();
            format!("Verbale archiviato: {motivo}")
        }
        "firma digitale" if s("format") == "cades" => {
            format!("Firma digitale CAdES apposta ({})", s("part"))
        }
        "firma digitale" => format!("Firma digitale PAdES apposta ({})", s("part")),
        "copia" => match detail.get("per").and_then(|v| v.as_str()) {
            Some(per) => format!("Rilasciata una copia conforme su carta per {per}"),
            None => "Rilasciata una copia conforme su carta".into(),
        },
        "in coda per l'archivio" => "In coda per il server documentale".into(),
        "controllo-sorteggio" => format!(
            "Estratto per il controllo successivo di regolarità (sorteggio n. {})",
            n("controllo")
        ),
        "controllo-esito" => {
            let esito = atti_core::controllo::EsitoControllo::from_slug(&s("esito"))
                .map(|e| e.label())
                .unwrap_or("");
            format!("Controllo successivo di regolarità: {esito}")
        }
        other => {
            let to = ActState::from_slug(&s("to"))
                .map(|st| st.label())
                .unwrap_or("");
            let label = Action::from_slug(other).map(|a| a.label()).unwrap_or(other);
            format!("{label} → {to}")
        }
    }
}

/// Most acts an inbox group shows: the most recently changed (the group says how many it has).
pub(crate) const INBOX_SHOWN: usize = 100;

/// An inbox group named `name` with `total` acts, of which the first [`INBOX_SHOWN`] of `rows`.
fn group_dto(name: &str, rows: Vec<atti_store::ActRow>, total: usize) -> InboxGroup {
    InboxGroup {
        name: name.into(),
        total: u32::try_from(total).unwrap_or(u32::MAX),
        acts: rows
            .into_iter()
            .take(INBOX_SHOWN)
            .map(|row| crate::acts::summary(row, None))
            .collect(),
    }
}

/// "25/12/2026" from "2026-12-25" (the text itself if it is not a date).
pub(crate) fn italian_day(text: &str) -> String {
    text.parse::<jiff::civil::Date>()
        .map(|d| d.strftime("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| text.to_string())
}

/// "dal 01/12/2026 al 15/12/2026" (the core's words for a period on the albo).
fn period_label(inizio: &str, fine: &str) -> String {
    match (inizio.parse(), fine.parse()) {
        (Ok(inizio), Ok(fine)) => atti_core::albo::Periodo { inizio, fine }.label(),
        _ => format!("dal {inizio} al {fine}"),
    }
}
