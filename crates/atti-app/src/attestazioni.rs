//! The attestations after an act's publication as use cases (atti-core `attestazione`): the
//! referto di pubblicazione, signed by who publishes once the act left the albo, and the
//! certificato di esecutività of a delibera, signed by the segretario. Each is rendered by
//! atti-docs from what the core decided, signed PAdES with the signer's PIN and recorded as a
//! signed file of the act in one transaction (SQL refuses a second one, a referto before the
//! defissione). On a shared iter it travels as an event, checked on every PC like a parere.

use crate::dto::{AttestazioneDto, SignOutcome};
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::attestazione::{self, Attestazione, Contenuto};
use atti_core::event::{EventKind, SignedPart};
use atti_core::{ActId, Sensitive};
use atti_sign::PadesOptions;
use atti_store::{NewSignedFile, User};

impl Atti {
    /// The attestations of act `id` that concern it (the referto once it was published, the
    /// certificato of a delibera): each signed one with who signed it, the others with what
    /// the current user would attest or why they cannot now.
    pub fn attestazioni(&self, id: ActId) -> AppResult<Vec<AttestazioneDto>> {
        let act = self.store.load_act(id)?;
        let stored = self.store.facts(id)?;
        if stored.publication_start.is_none() {
            return Ok(Vec::new());
        }
        let facts = self.iter_facts(&stored);
        let user = self.current_user()?;
        let signed = self.store.signed_files(id)?;
        let full_name = self.full_names()?;
        let mut out = Vec::new();
        for tipo in Attestazione::ALL {
            if !tipo.applies_to(act.kind) {
                continue;
            }
            let file = signed.iter().find(|f| f.part == tipo.part());
            let check = attestazione::check(tipo, &act, &facts, user.role, file.is_some());
            out.push(AttestazioneDto {
                tipo,
                label: tipo.label().into(),
                firmata_da: file.map(|f| full_name(&f.username)),
                firmata_at: file.map(|f| f.signed_at.clone()),
                sha256: file.map(|f| f.sha256.clone()),
                file_name: file.map(|f| f.name.clone()),
                testo: match &check {
                    Ok(contenuto) => Some(
                        self.attestazione_input(id, tipo, contenuto.clone(), user)?
                            .1,
                    ),
                    Err(_) => None,
                },
                blocked_by: match check {
                    Ok(_) => None,
                    Err(_) if file.is_some() => None,
                    Err(refusal) => Some(refusal.message),
                },
            });
        }
        Ok(out)
    }

    /// What the current user would attest with `tipo` on act `id` now, or why not: asked
    /// before anyone types a PIN.
    pub fn attestazione_check(&self, id: ActId, tipo: Attestazione) -> AppResult<Contenuto> {
        let act = self.store.load_act(id)?;
        let stored = self.store.facts(id)?;
        let facts = self.iter_facts(&stored);
        let firmata = self
            .store
            .signed_files(id)?
            .iter()
            .any(|f| f.part == tipo.part());
        let user = self.current_user()?;
        Ok(attestazione::check(tipo, &act, &facts, user.role, firmata)?)
    }

    /// Signs `tipo` of act `id` as the current user with the PIN of their signing device, and
    /// records it. A wrong PIN leaves everything as it was.
    pub fn attestazione_firma(
        &mut self,
        id: ActId,
        tipo: Attestazione,
        pin: &Sensitive<String>,
    ) -> AppResult<SignOutcome> {
        let contenuto = self.attestazione_check(id, tipo)?;
        let user = self.current_user()?.clone();
        let now = self.clock.now();
        let (signer, warnings) = self.open_checked_identity(&user, pin, now)?;
        let name = atti_docs::attestazione_file_name(id.0, tipo);
        if let Some(client) = self.shared_client()? {
            self.share_step(
                &client,
                id,
                &|atti| atti.attestazione_check(id, tipo).map(|_| ()),
                &mut |atti, at| {
                    let contenuto = atti.attestazione_check(id, tipo)?;
                    let document = atti.attestazione_document(id, tipo, contenuto)?;
                    Ok(EventKind::Attestazione {
                        tipo,
                        file: SignedPart {
                            part: tipo.part(),
                            format: "pades".into(),
                            name: name.clone(),
                            bytes: sign(atti, &document, tipo, signer.as_ref(), at)?,
                        },
                    })
                },
            )?;
        } else {
            let document = self.attestazione_document(id, tipo, contenuto)?;
            let signed = sign(self, &document, tipo, signer.as_ref(), now)?;
            self.record_attestazione(id, tipo, &name, signed)?;
        }
        Ok(SignOutcome {
            status: self.iter_status(id)?,
            files: vec![name],
            warnings,
        })
    }

    /// The replay of an attestation signed elsewhere: the same checks, and a file that is
    /// what it claims (one valid PAdES signature, by the user, over the document this archive
    /// renders).
    pub(crate) fn replay_attestazione(
        &mut self,
        id: ActId,
        tipo: Attestazione,
        file: &SignedPart,
    ) -> AppResult<()> {
        let contenuto = self.attestazione_check(id, tipo)?;
        let document = self.attestazione_document(id, tipo, contenuto)?;
        let user = self.current_user()?.clone();
        let refused = |what: &str| {
            AppError::new(
                ErrorCode::Signature,
                format!(
                    "il {} dell'atto {id} ricevuto non è accettabile: {what}",
                    tipo.label().to_lowercase()
                ),
            )
        };
        if file.part != tipo.part() {
            return Err(refused("non è il documento di questa attestazione"));
        }
        if let Some(problem) = self.signed_once_by(&file.bytes, &document, &user)? {
            return Err(refused(&problem));
        }
        self.record_attestazione(id, tipo, &file.name, file.bytes.clone())
    }

    /// Saves the signed `tipo` of act `id` to `path`, whole or not at all.
    pub fn attestazione_save(
        &self,
        id: ActId,
        tipo: Attestazione,
        path: &std::path::Path,
    ) -> AppResult<()> {
        let file = self
            .store
            .signed_files(id)?
            .into_iter()
            .find(|f| f.part == tipo.part())
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!(
                        "l'atto {id} non ha ancora il {} firmato",
                        tipo.label().to_lowercase()
                    ),
                )
            })?;
        crate::write_file(path, &self.store.blob(&file.sha256)?)
    }

    /// Records the signed attestation; a referto after the act's defissione, which is
    /// recorded first if its day has come (as «Albo» would).
    fn record_attestazione(
        &mut self,
        id: ActId,
        tipo: Attestazione,
        name: &str,
        signed: Vec<u8>,
    ) -> AppResult<()> {
        if tipo == Attestazione::Referto {
            self.albo_defissioni()?;
        }
        let user = self.current_user()?.clone();
        let file = NewSignedFile {
            previous: None,
            part: tipo.part(),
            format: "pades",
            name: name.to_string(),
            bytes: signed,
        };
        self.store.add_attestazione(
            id,
            &file,
            &user.username,
            user.role.slug(),
            &self.clock.now().to_string(),
            self.shared_apply.as_ref().map(|s| &s.global),
        )?;
        Ok(())
    }

    /// The document of `tipo` as the current user attests `contenuto` today (what
    /// [`Atti::attestazione_check`] decided), before it is signed.
    fn attestazione_document(
        &self,
        id: ActId,
        tipo: Attestazione,
        contenuto: Contenuto,
    ) -> AppResult<Vec<u8>> {
        let user = self.current_user()?;
        let (input, _) = self.attestazione_input(id, tipo, contenuto, user)?;
        Ok(atti_docs::render_attestazione(&input)?)
    }

    /// What the document of `tipo` states, and its sentence.
    fn attestazione_input(
        &self,
        id: ActId,
        tipo: Attestazione,
        contenuto: Contenuto,
        user: &User,
    ) -> AppResult<(atti_docs::AttestazioneInput, String)> {
        let act = self.store.load_act(id)?;
        let stored = self.store.facts(id)?;
        let numero = stored.numero.clone().zip(stored.adoption).ok_or_else(|| {
            AppError::new(ErrorCode::NotAllowed, format!("l'atto {id} non è adottato"))
        })?;
        let atto_sha256 = self
            .store
            .signed_files(id)?
            .into_iter()
            .find(|f| f.part == crate::signed_step::PART_ATTO)
            .map(|f| f.sha256)
            .ok_or_else(|| {
                AppError::new(ErrorCode::NotAllowed, format!("l'atto {id} non è firmato"))
            })?;
        let comune = self.store.comune_name()?;
        let input = atti_docs::AttestazioneInput {
            place: comune.trim_start_matches("Comune di ").to_string(),
            comune,
            tipo,
            contenuto,
            kind: act.kind,
            act_ref: self.act_ref(id)?,
            numero,
            oggetto: atti_docs::apply_omissis(&act, &act.riservati).oggetto,
            repertorio: self.store.albo_of(id)?.map(|r| crate::albo::repertorio(&r)),
            atto_sha256,
            author: user.full_name.clone(),
            author_role: user.role.label().to_string(),
            date: self.today(),
            stemma_svg: self.store.setting("stemma_svg")?,
        };
        let testo = format!(
            "{}, {}, {}",
            user.full_name,
            user.role.label(),
            atti_docs::attestazione_testo(&input)
        );
        Ok((input, testo))
    }
}

/// The attestation's document signed (PAdES) at `now`.
fn sign(
    atti: &Atti,
    document: &[u8],
    tipo: Attestazione,
    signer: &dyn atti_sign::Signer,
    now: jiff::Timestamp,
) -> AppResult<Vec<u8>> {
    let options = PadesOptions {
        field_name: "Attestazione".into(),
        signing_time: now,
        reason: Some(tipo.label().to_string()),
        location: Some(atti.store.comune_name()?),
    };
    Ok(atti_sign::pades_sign(document, signer, &options)?)
}
