//! The archiviazione of a verbale as a use case (atti-core `archiviazione`, art. 386 Reg.
//! CdS): the comandante signs a provvedimento of its own, reasoned, rendered by atti-docs from
//! the verbale and the reasons; the step «archivia» records it with its signed document in one
//! transaction (SQL archives a verbale only with it). On a shared iter it travels as an event,
//! checked on every PC like a parere.

use crate::dto::{ArchiviazioneDto, SignOutcome};
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::archiviazione::Archiviazione;
use atti_core::event::{EventKind, SignedPart};
use atti_core::iter::{self, Action, ActionInput, Outcome};
use atti_core::{ActId, Sensitive};
use atti_sign::PadesOptions;
use atti_store::{LocalRegister, NewSignedFile, PART_ARCHIVIAZIONE, TransitionWrite};

impl Atti {
    /// The provvedimento that archived verbale `id`, if it was archived.
    pub fn archiviazione(&self, id: ActId) -> AppResult<Option<ArchiviazioneDto>> {
        let Some(row) = self.store.archiviazione(id)? else {
            return Ok(None);
        };
        let full_name = self.full_names()?;
        Ok(Some(ArchiviazioneDto {
            motivo: row.archiviazione.motivo,
            motivo_label: row.archiviazione.motivo.label().into(),
            motivazione: row.archiviazione.motivazione,
            firmata_da: full_name(&row.author),
            firmata_il: row
                .at
                .parse::<jiff::Timestamp>()
                .map(|t| {
                    atti_core::dates::day_in_italy(t)
                        .strftime("%d/%m/%Y")
                        .to_string()
                })
                .unwrap_or_else(|_| row.at.clone()),
            firmata_at: row.at,
            sha256: row.document_sha256,
            file_name: atti_docs::archiviazione_file_name(id.0),
        }))
    }

    /// Whether the current user may archive verbale `id` with `a` now: the core's refusal,
    /// before anyone types a PIN.
    pub fn archiviazione_check(&self, id: ActId, a: &Archiviazione) -> AppResult<()> {
        self.decide_archiviazione(id, a).map(|_| ())
    }

    /// Archives verbale `id` as the current user (the comandante), by signing the
    /// provvedimento with the PIN of their signing device. A wrong PIN leaves everything as
    /// it was.
    pub fn archivia(
        &mut self,
        id: ActId,
        a: &Archiviazione,
        pin: &Sensitive<String>,
    ) -> AppResult<SignOutcome> {
        self.archiviazione_check(id, a)?;
        let user = self.current_user()?.clone();
        let now = self.clock.now();
        let (signer, warnings) = self.open_checked_identity(&user, pin, now)?;
        let name = atti_docs::archiviazione_file_name(id.0);
        if let Some(client) = self.shared_client()? {
            self.share_step(
                &client,
                id,
                &|atti| atti.archiviazione_check(id, a),
                &mut |atti, at| {
                    let document = atti.archiviazione_document(id, a)?;
                    Ok(EventKind::Archiviazione {
                        archiviazione: a.clone(),
                        file: SignedPart {
                            part: PART_ARCHIVIAZIONE.into(),
                            format: "pades".into(),
                            name: name.clone(),
                            bytes: sign(atti, &document, signer.as_ref(), at)?,
                        },
                    })
                },
            )?;
        } else {
            let document = self.archiviazione_document(id, a)?;
            let signed = sign(self, &document, signer.as_ref(), now)?;
            self.record_archiviazione(id, a, &name, signed)?;
        }
        Ok(SignOutcome {
            status: self.iter_status(id)?,
            files: vec![name],
            warnings,
        })
    }

    /// The replay of an archiviazione signed elsewhere: the same decision, and a file that is
    /// what it claims (one valid PAdES signature, by the user, over the provvedimento this
    /// archive renders).
    pub(crate) fn replay_archiviazione(
        &mut self,
        id: ActId,
        a: &Archiviazione,
        file: &SignedPart,
    ) -> AppResult<()> {
        self.archiviazione_check(id, a)?;
        let document = self.archiviazione_document(id, a)?;
        let user = self.current_user()?.clone();
        let refused = |what: &str| {
            AppError::new(
                ErrorCode::Signature,
                format!(
                    "il provvedimento di archiviazione del verbale {id} ricevuto non è accettabile: {what}"
                ),
            )
        };
        if file.part != PART_ARCHIVIAZIONE {
            return Err(refused("non è il documento dell'archiviazione"));
        }
        if let Some(problem) = self.signed_once_by(&file.bytes, &document, &user)? {
            return Err(refused(&problem));
        }
        self.record_archiviazione(id, a, &file.name, file.bytes.clone())
    }

    /// Saves the signed provvedimento of verbale `id` to `path`, whole or not at all.
    pub fn archiviazione_save(&self, id: ActId, path: &std::path::Path) -> AppResult<()> {
        let row = self.store.archiviazione(id)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("il verbale {id} non è archiviato"),
            )
        })?;
        crate::write_file(path, &self.store.blob(&row.document_sha256)?)
    }

    /// The core's decision on archiving verbale `id` with `a`, as the current user.
    fn decide_archiviazione(&self, id: ActId, a: &Archiviazione) -> AppResult<Outcome> {
        let act = self.store.load_act(id)?;
        let facts = self.iter_facts(&self.store.facts(id)?);
        let input = ActionInput {
            signed: true,
            archiviazione: Some(a.clone()),
            ..ActionInput::default()
        };
        let user = self.current_user()?;
        Ok(iter::decide(
            &act,
            &facts,
            Action::Archivia,
            crate::actor(user),
            &input,
        )?)
    }

    /// Records the step «archivia» with its signed provvedimento, in one transaction.
    fn record_archiviazione(
        &mut self,
        id: ActId,
        a: &Archiviazione,
        name: &str,
        signed: Vec<u8>,
    ) -> AppResult<()> {
        let act = self.store.load_act(id)?;
        let outcome = self.decide_archiviazione(id, a)?;
        let user = self.current_user()?.clone();
        let now = self.clock.now().to_string();
        let files = [NewSignedFile {
            previous: None,
            part: PART_ARCHIVIAZIONE.into(),
            format: "pades",
            name: name.to_string(),
            bytes: signed,
        }];
        let write = TransitionWrite {
            signed_files: &files,
            global: self.shared_apply.as_ref().map(|s| &s.global),
            ..TransitionWrite::new(id, act.version, &outcome, &user.username, &now)
        };
        self.store.apply_transition(&write, &LocalRegister)?;
        Ok(())
    }

    /// The provvedimento as the current user gives it today, before it is signed.
    fn archiviazione_document(&self, id: ActId, a: &Archiviazione) -> AppResult<Vec<u8>> {
        let act = self.store.load_act(id)?;
        let stored = self.store.facts(id)?;
        let numero = stored.numero.clone().zip(stored.adoption).ok_or_else(|| {
            AppError::new(
                ErrorCode::NotAllowed,
                format!("il verbale {id} non è firmato"),
            )
        })?;
        let atto_sha256 = self
            .store
            .signed_files(id)?
            .into_iter()
            .find(|f| f.part == crate::signed_step::PART_ATTO)
            .map(|f| f.sha256)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotAllowed,
                    format!("il verbale {id} non è firmato"),
                )
            })?;
        let user = self.current_user()?;
        let office = self
            .store
            .offices()?
            .into_iter()
            .find(|o| o.code == act.office)
            .map(|o| o.name);
        let comune = self.store.comune_name()?;
        let input = atti_docs::ArchiviazioneInput {
            place: comune.trim_start_matches("Comune di ").to_string(),
            comune,
            office,
            act_ref: self.act_ref(id)?,
            numero,
            oggetto: act.oggetto.clone(),
            accertamento: act.verbale.as_ref().map(accertamento).unwrap_or_default(),
            atto_sha256,
            archiviazione: a.clone(),
            author: user.full_name.clone(),
            author_role: user.role.label().to_string(),
            date: self.today(),
            stemma_svg: self.store.setting("stemma_svg")?,
        };
        Ok(atti_docs::render_archiviazione(&input)?)
    }
}

/// What a verbale records, in one sentence.
fn accertamento(v: &atti_core::VerbalePl) -> String {
    let mut out = format!("violazione dell'{}", v.norma_violata.trim());
    if let Some(day) = v.data {
        out.push_str(&format!(" accertata il {}", day.strftime("%d/%m/%Y")));
    }
    if !v.luogo.trim().is_empty() {
        out.push_str(&format!(" in {}", v.luogo.trim()));
    }
    if !v.targa.trim().is_empty() {
        out.push_str(&format!(
            ", veicolo {} targa {}",
            v.veicolo.trim(),
            v.targa.trim()
        ));
    }
    if !v.trasgressore.nome.trim().is_empty() {
        out.push_str(&format!(", trasgressore {}", v.trasgressore.nome.trim()));
    }
    out
}

/// The provvedimento signed (PAdES) at `now`.
fn sign(
    atti: &Atti,
    document: &[u8],
    signer: &dyn atti_sign::Signer,
    now: jiff::Timestamp,
) -> AppResult<Vec<u8>> {
    let options = PadesOptions {
        field_name: "Archiviazione".into(),
        signing_time: now,
        reason: Some("Provvedimento di archiviazione (art. 386 Reg. CdS)".into()),
        location: Some(atti.store.comune_name()?),
    };
    Ok(atti_sign::pades_sign(document, signer, &options)?)
}
