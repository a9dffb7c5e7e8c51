//! A step of the iter taken with a digital signature (adotta, firma), in two halves: what
//! is signed (the decision, the number the register will give, the document with it) and
//! the recording (one transaction). Signing on this PC puts the signature in between
//! (`signatures.rs`); the replay of a `Signed` event checks the files signed elsewhere
//! instead, and records them the same way.

use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::event::SignedPart;
use atti_core::iter::{self, Action, ActionInput, Outcome};
use atti_core::{Act, ActId};
use atti_docs::Variant as DocVariant;
use atti_store::{LocalRegister, NewSignedFile, TransitionWrite, Variant};
use sha2::Digest;

/// The part of the signed files that is the act itself.
pub(crate) const PART_ATTO: &str = "atto";
/// The part that is the act's publication version (omissis), the PDF the albo shows: signed
/// PAdES by each signer of the act, whatever the Comune's format.
pub(crate) const PART_PUBBLICAZIONE: &str = "pubblicazione";

/// The input of a step taken with the actor's digital signature.
const SIGNED: ActionInput = ActionInput {
    note: None,
    seduta: None,
    signed: true,
    dati_personali: Vec::new(),
    conferma_dati: Vec::new(),
    notificazione: None,
    archiviazione: None,
};

/// What a signature step signs, before the signature.
pub(crate) struct SignedStep {
    /// The act as decided on.
    pub act: Act,
    /// Everything the step does, as atti-core decided it.
    pub outcome: Outcome,
    /// The bytes to sign: the original rendered with the number (adoption), or the latest
    /// signed file of the act (a further signature).
    pub base: Vec<u8>,
    /// The unsigned original of the act.
    original: Vec<u8>,
    /// The publication version (omissis) to sign: its latest signed file, or the document
    /// rendered at adoption.
    pub publication: Vec<u8>,
    /// The documents rendered at adoption (original and publication version).
    pub documents: Vec<(Variant, Vec<u8>)>,
    /// The number the document carries (adoption).
    pub number: Option<u32>,
    /// The number as claimed on the server register, if one is configured.
    claimed: Option<u32>,
    /// This PC's turn on the register, held until the step is recorded.
    _turn: Option<std::fs::File>,
}

impl Atti {
    /// The core's decision on a step that comes with `user`'s signature, with the act and
    /// its stored facts it was taken on.
    pub(crate) fn decide_signed(
        &self,
        id: ActId,
        action: Action,
        user: &atti_store::User,
    ) -> AppResult<(Act, atti_store::StoredFacts, Outcome)> {
        let act = self.store.load_act(id)?;
        let stored = self.store.facts(id)?;
        let facts = self.iter_facts(&stored);
        let outcome = iter::decide(&act, &facts, action, crate::actor(user), &SIGNED)?;
        if outcome.number_on.is_none() {
            // A further signature of a document already rendered: it names who signs for
            // each role, and only that person may sign for it (the PDF states no falsehood).
            let role = user.role.label();
            let named = self
                .render_input_with(&act, &stored)?
                .signers
                .into_iter()
                .find(|s| s.role == role)
                .map(|s| s.name)
                .filter(|n| !n.is_empty());
            if let Some(name) = named.filter(|n| *n != user.full_name) {
                return Err(AppError::new(
                    ErrorCode::NotAllowed,
                    format!(
                        "il documento dell'atto {id} nomina {name} per il ruolo «{role}»: la firma spetta a {name}, non a {}",
                        user.full_name
                    ),
                ));
            }
        }
        Ok((act, stored, outcome))
    }

    /// Decides the step and prepares what is signed: at adoption, the number the register
    /// will give and the original rendered with it.
    pub(crate) fn prepare_signed_step(
        &mut self,
        id: ActId,
        action: Action,
        user: &atti_store::User,
    ) -> AppResult<SignedStep> {
        let (act, stored, outcome) = self.decide_signed(id, action, user)?;
        let Some(day) = outcome.number_on else {
            let (original, publication) = self.ensure_documents(id)?;
            let signed = self.store.signed_files(id)?;
            let latest = |part: &str, unsigned: &[u8]| match signed.iter().find(|f| f.part == part)
            {
                Some(f) => self.store.blob(&f.sha256),
                None => Ok(unsigned.to_vec()),
            };
            let base = latest(PART_ATTO, &original)?;
            let publication = latest(PART_PUBBLICAZIONE, &publication)?;
            return Ok(SignedStep {
                act,
                outcome,
                base,
                original,
                publication,
                documents: Vec::new(),
                number: None,
                claimed: None,
                _turn: None,
            });
        };
        // Processes on this PC adopting at once take turns from here to the commit, so the
        // number a document is prepared with is still free when it is recorded.
        let turn = self.register_turn()?;
        let year = day.year();
        let claimed = self.claim_number(id, act.kind, year)?;
        let number = match claimed {
            Some(n) => n,
            None => self.store.next_number(act.kind, year, &LocalRegister)?,
        };
        let mut facts = stored.clone();
        facts.numero = Some(format!("{number}/{year}"));
        facts.adoption = Some(day);
        let mut input = self.render_input_with(&act, &facts)?;
        // The document names who signs it now (not any user with the same role).
        for s in &mut input.signers {
            if s.role == user.role.label() {
                s.name = user.full_name.clone();
            }
        }
        let full = atti_docs::render_pdf(&input, DocVariant::Full)?;
        let publication = atti_docs::render_pdf(&input, DocVariant::Publication)?;
        Ok(SignedStep {
            act,
            outcome,
            base: full.clone(),
            original: full.clone(),
            publication: publication.clone(),
            documents: vec![
                (Variant::Originale, full),
                (Variant::Pubblicazione, publication),
            ],
            number: Some(number),
            claimed,
            _turn: Some(turn),
        })
    }

    /// Records the step with its signed files, in one transaction.
    pub(crate) fn record_signed_step(
        &mut self,
        id: ActId,
        step: SignedStep,
        files: &[NewSignedFile],
        user: &atti_store::User,
        now: jiff::Timestamp,
    ) -> AppResult<()> {
        let now_text = now.to_string();
        let write = TransitionWrite {
            expected_number: step.number,
            documents: &step.documents,
            signed_files: files,
            global: self.shared_apply.as_ref().map(|s| &s.global),
            ..TransitionWrite::new(
                id,
                step.act.version,
                &step.outcome,
                &user.username,
                &now_text,
            )
        };
        match step.claimed {
            Some(n) => self
                .store
                .apply_transition(&write, &atti_store::ClaimedRegister(n))?,
            None => self.store.apply_transition(&write, &LocalRegister)?,
        };
        Ok(())
    }

    /// The replay of a signature step taken elsewhere: the same decision and document as
    /// there, and files that are what they claim (every signature verifies against the
    /// Comune's trust store, the last one is the user's, the act's file is the document
    /// this archive renders). Nothing is signed here.
    pub(crate) fn record_signed(
        &mut self,
        id: ActId,
        action: Action,
        numero: Option<u32>,
        parts: &[SignedPart],
    ) -> AppResult<()> {
        let user = self.current_user()?.clone();
        let step = self.prepare_signed_step(id, action, &user)?;
        if step.number != numero {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "l'atto {id} è stato firmato con il numero {}, ma il registro di questo archivio darebbe il {}",
                    numero
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| "(nessuno)".into()),
                    step.number
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| "(nessuno)".into())
                ),
            ));
        }
        // The same parts the signing PC signs: the act, its publication version, and each
        // attachment that is not a PDF. Steps signed before the publication version was (their
        // events are in the history) have no publication part: it may be missing only while
        // the act has no signed publication version yet.
        let latest = self.store.signed_files(id)?;
        let mut expected: Vec<String> = step
            .act
            .attachments
            .iter()
            .filter(|a| a.media_type != "application/pdf")
            .map(|a| format!("allegato:{}", a.sha256))
            .chain([PART_ATTO.to_string(), PART_PUBBLICAZIONE.to_string()])
            .collect();
        let mut given: Vec<String> = parts.iter().map(|p| p.part.clone()).collect();
        let publication_signed = latest.iter().any(|f| f.part == PART_PUBBLICAZIONE);
        if !publication_signed && !given.iter().any(|p| p == PART_PUBBLICAZIONE) {
            expected.retain(|p| p != PART_PUBBLICAZIONE);
        }
        expected.sort();
        given.sort();
        if expected != given {
            return Err(invalid(
                id,
                "le parti firmate non sono l'atto, la sua versione per la pubblicazione e i suoi allegati da firmare",
            ));
        }
        let cf = self.codice_fiscale_of(&user.username)?;
        let anchors = self.store.trust_anchors()?;
        let mut files = Vec::new();
        for p in parts {
            let report = atti_sign::verify(&p.bytes, &anchors, self.clock.now())
                .map_err(|e| invalid(id, &format!("{}: {e}", p.name)))?;
            if !report.is_valid() {
                return Err(invalid(
                    id,
                    &format!("{}: le firme non sono valide", p.name),
                ));
            }
            // Exactly one signature more than the file it follows (its seq: each signed file
            // adds one signature to the one before): nobody's dropped.
            let previous = latest.iter().find(|f| f.part == p.part);
            let before = previous.map_or(0, |f| f.seq as usize);
            if report.signatures.len() != before + 1 {
                return Err(invalid(
                    id,
                    &format!("{}: non aggiunge una firma a quelle già apposte", p.name),
                ));
            }
            let format = match report.format {
                atti_sign::Format::Pades => "pades",
                atti_sign::Format::Cades | atti_sign::Format::Detached => "cades",
            };
            if previous.is_some_and(|f| f.format != format) {
                return Err(invalid(
                    id,
                    &format!("{}: cambia il formato della firma", p.name),
                ));
            }
            let last = report
                .signatures
                .last()
                .map(|s| s.signer.codice_fiscale.clone());
            if last.flatten().as_deref() != Some(cf.as_str()) {
                return Err(invalid(
                    id,
                    &format!("{}: l'ultima firma non è di {}", p.name, user.full_name),
                ));
            }
            // What is signed is this archive's own document: the act's original or its
            // publication version (a PDF signature extends the latest signed file), or the
            // attachment the part names.
            let content = report.content.as_deref();
            let signs_what_it_claims = match (p.part.as_str(), format) {
                (PART_ATTO, "pades") => p.bytes.starts_with(&step.base),
                (PART_ATTO, _) => content == Some(step.original.as_slice()),
                (PART_PUBBLICAZIONE, "pades") => p.bytes.starts_with(&step.publication),
                (PART_PUBBLICAZIONE, _) => false,
                (part, _) => part.strip_prefix("allegato:").is_some_and(|sha| {
                    content.is_some_and(|c| hex::encode(sha2::Sha256::digest(c)) == sha)
                        && step.act.attachments.iter().any(|a| a.sha256 == sha)
                }),
            };
            if !signs_what_it_claims {
                return Err(invalid(
                    id,
                    &format!(
                        "{}: non firma il documento dell'atto di questo archivio",
                        p.name
                    ),
                ));
            }
            files.push(NewSignedFile {
                previous: latest
                    .iter()
                    .find(|f| f.part == p.part)
                    .map(|f| f.sha256.clone()),
                part: p.part.clone(),
                format,
                name: p.name.clone(),
                bytes: p.bytes.clone(),
            });
        }
        let now = self.clock.now();
        self.record_signed_step(id, step, &files, &user, now)?;
        // As on the PC that signed: a completely signed act is queued for the archive (the
        // upload is create-only, so two PCs sending the same package store it once).
        self.enqueue_if_complete(id)
    }
}

fn invalid(id: ActId, what: &str) -> AppError {
    AppError::new(
        ErrorCode::Signature,
        format!("la firma dell'atto {id} ricevuta non è accettabile: {what}"),
    )
}
