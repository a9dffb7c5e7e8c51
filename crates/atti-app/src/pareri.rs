//! Pareri and visti as use cases (art. 49 and 183 c.7 TUEL): each is given by signing its own
//! document with the author's PIN. The document (atti-docs `render_parere`, PDF/A) is bound to
//! the version of the text it is given on and, for the visto, to the signed act; it is signed
//! PAdES and recorded with the parere in one transaction, so that no parere exists without its
//! signed document (SQL refuses one), and the act's PDF can say «firmato digitalmente» of each.

use crate::dto::SignOutcome;
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::event::{EventKind, SignedPart};
use atti_core::iter;
use atti_core::parere::{Esito, Parere, ParereTipo};
use atti_core::{Act, ActId, Sensitive};
use atti_sign::PadesOptions;
use atti_store::{ParereDocument, User};

impl Atti {
    /// Whether the current user may give a parere of `tipo` on the act now: the core's
    /// refusal, before anyone asks for a PIN.
    pub fn parere_check(
        &self,
        id: ActId,
        tipo: ParereTipo,
        esito: Esito,
        motivazione: &str,
    ) -> AppResult<()> {
        let act = self.store.load_act(id)?;
        let user = self.current_user()?;
        iter::check_parere_allowed(&act, tipo, esito, motivazione, crate::actor(user))?;
        Ok(())
    }

    /// Gives a parere or the visto contabile as the current user, by signing its document
    /// with the PIN of their signing device. A wrong PIN or a refused certificate leave
    /// everything as it was.
    pub fn parere_sign(
        &mut self,
        id: ActId,
        tipo: ParereTipo,
        esito: Esito,
        motivazione: &str,
        pin: &Sensitive<String>,
    ) -> AppResult<SignOutcome> {
        self.parere_check(id, tipo, esito, motivazione)?;
        let act = self.store.load_act(id)?;
        let user = self.current_user()?.clone();
        let now = self.clock.now();
        let (signer, warnings) = self.open_checked_identity(&user, pin, now)?;
        if let Some(client) = self.shared_client()? {
            let mut name = String::new();
            self.share_step(
                &client,
                id,
                &|atti| atti.parere_check(id, tipo, esito, motivazione),
                &mut |atti, at| {
                    let act = atti.store.load_act(id)?;
                    let user = atti.current_user()?.clone();
                    let document = atti.parere_document(&act, tipo, esito, motivazione, &user)?;
                    let signed =
                        atti.sign_parere_document(&document, tipo, esito, signer.as_ref(), at)?;
                    name = atti_docs::parere_file_name(id.0, tipo, act.version);
                    Ok(EventKind::Parere {
                        tipo,
                        esito,
                        motivazione: motivazione.to_string(),
                        file: SignedPart {
                            part: "parere".into(),
                            format: "pades".into(),
                            name: name.clone(),
                            bytes: signed,
                        },
                    })
                },
            )?;
            return self.after_parere(id, tipo, esito, name, warnings);
        }
        let document = self.parere_document(&act, tipo, esito, motivazione, &user)?;
        let signed = self.sign_parere_document(&document, tipo, esito, signer.as_ref(), now)?;
        let name = atti_docs::parere_file_name(id.0, tipo, act.version);
        self.record_parere(&act, tipo, esito, motivazione, &user, &name, signed)?;
        self.after_parere(id, tipo, esito, name, warnings)
    }

    /// The step a parere brings with it (a favourable visto: the act is executive), taken by
    /// its author at once; if it cannot be taken now, the parere stays given and the outcome
    /// says why, with the iter's action left to take by hand.
    fn after_parere(
        &mut self,
        id: ActId,
        tipo: ParereTipo,
        esito: Esito,
        name: String,
        mut warnings: Vec<String>,
    ) -> AppResult<SignOutcome> {
        if let Some(action) = iter::step_after_parere(tipo, esito)
            && let Err(e) = self.iter_take(id, action, &crate::dto::ActionRequest::default())
        {
            warnings.push(format!(
                "Il {} è registrato, ma l'atto non è ancora stato reso esecutivo: {}. Usa «{}».",
                tipo.label(),
                e.message,
                action.label()
            ));
        }
        Ok(SignOutcome {
            status: self.iter_status(id)?,
            files: vec![name],
            warnings,
        })
    }

    /// The parere's document signed (PAdES) by its author at `now`.
    fn sign_parere_document(
        &self,
        document: &[u8],
        tipo: ParereTipo,
        esito: Esito,
        signer: &dyn atti_sign::Signer,
        now: jiff::Timestamp,
    ) -> AppResult<Vec<u8>> {
        let options = PadesOptions {
            field_name: "Parere".into(),
            signing_time: now,
            reason: Some(format!(
                "{} {}: {}",
                atti_docs::parere_title(tipo),
                atti_docs::norma(tipo),
                esito.label()
            )),
            location: Some(self.store.comune_name()?),
        };
        Ok(atti_sign::pades_sign(document, signer, &options)?)
    }

    /// The replay of a parere signed elsewhere: the same checks, and a file that is what it
    /// claims (one valid signature, by the user, over the document this archive renders).
    pub(crate) fn replay_parere(
        &mut self,
        id: ActId,
        tipo: ParereTipo,
        esito: Esito,
        motivazione: &str,
        file: &SignedPart,
    ) -> AppResult<()> {
        self.parere_check(id, tipo, esito, motivazione)?;
        let act = self.store.load_act(id)?;
        let user = self.current_user()?.clone();
        let document = self.parere_document(&act, tipo, esito, motivazione, &user)?;
        let refused = |what: &str| {
            AppError::new(
                ErrorCode::Signature,
                format!(
                    "il {} dell'atto {id} ricevuto non è accettabile: {what}",
                    tipo.label()
                ),
            )
        };
        if let Some(problem) = self.signed_once_by(&file.bytes, &document, &user)? {
            return Err(refused(&problem));
        }
        self.record_parere(
            &act,
            tipo,
            esito,
            motivazione,
            &user,
            &file.name,
            file.bytes.clone(),
        )
    }

    /// Saves the signed document of a parere of the act (by its SHA-256, as the act lists
    /// it) to `path`, whole or not at all.
    pub fn parere_document_save(
        &self,
        id: ActId,
        sha256: &str,
        path: &std::path::Path,
    ) -> AppResult<()> {
        let known = self
            .store
            .facts(id)?
            .pareri
            .iter()
            .any(|p| p.document.as_deref() == Some(sha256));
        if !known {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("l'atto {id} non ha un parere firmato con impronta {sha256}"),
            ));
        }
        crate::write_file(path, &self.store.blob(sha256)?)
    }

    #[allow(clippy::too_many_arguments)]
    fn record_parere(
        &mut self,
        act: &Act,
        tipo: ParereTipo,
        esito: Esito,
        motivazione: &str,
        user: &User,
        name: &str,
        signed: Vec<u8>,
    ) -> AppResult<()> {
        let id = act_id(act)?;
        let parere = Parere {
            tipo,
            esito,
            motivazione: motivazione.trim().to_string(),
            author: user.username.clone(),
            given_at: self.clock.now().to_string(),
            version: act.version,
            document: None,
        };
        let document = ParereDocument {
            name: name.to_string(),
            bytes: signed,
        };
        self.store.add_parere(
            id,
            act.state,
            &parere,
            &document,
            user.role,
            self.shared_apply.as_ref().map(|s| &s.global),
        )?;
        // The visto may be the last thing a determinazione waited for.
        self.enqueue_if_complete(id)
    }

    /// The parere's document as `user` gives it today, before it is signed.
    fn parere_document(
        &self,
        act: &Act,
        tipo: ParereTipo,
        esito: Esito,
        motivazione: &str,
        user: &User,
    ) -> AppResult<Vec<u8>> {
        let id = act_id(act)?;
        let offices = self.store.offices()?;
        let office_name = |code: &str| {
            offices
                .iter()
                .find(|o| o.code == code)
                .map(|o| o.name.clone())
        };
        let version_sha256 = self
            .store
            .versions(id)?
            .into_iter()
            .find(|v| v.version == act.version)
            .map(|v| v.content_sha256)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Storage,
                    format!(
                        "la versione {} dell'atto {id} manca nell'archivio",
                        act.version
                    ),
                )
            })?;
        let facts = self.store.facts(id)?;
        let atto_sha256 = match tipo {
            ParereTipo::VistoContabile => self
                .store
                .signed_files(id)?
                .into_iter()
                .find(|f| f.part == crate::signed_step::PART_ATTO)
                .map(|f| f.sha256),
            ParereTipo::Tecnico | ParereTipo::Contabile => None,
        };
        if tipo == ParereTipo::VistoContabile && atto_sha256.is_none() {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!("l'atto {id} non è ancora firmato: il visto si dà sull'atto adottato"),
            ));
        }
        let comune = self.store.comune_name()?;
        let author_role = match user.office.as_deref().and_then(office_name) {
            Some(office) => format!("{} – {office}", user.role.label()),
            None => user.role.label().to_string(),
        };
        let input = atti_docs::ParereInput {
            place: comune.trim_start_matches("Comune di ").to_string(),
            comune,
            office: office_name(&act.office),
            kind: act.kind,
            act_ref: self.act_ref(id)?,
            proposta: act.proposal.clone(),
            numero: facts.numero.clone().zip(facts.adoption),
            oggetto: act.oggetto.clone(),
            version: act.version,
            version_sha256,
            atto_sha256,
            impegni: match tipo {
                ParereTipo::Tecnico => Vec::new(),
                ParereTipo::Contabile | ParereTipo::VistoContabile => act.impegni.clone(),
            },
            tipo,
            esito,
            motivazione: motivazione.trim().to_string(),
            author: user.full_name.clone(),
            author_role,
            date: self.today(),
            stemma_svg: self.store.setting("stemma_svg")?,
        };
        Ok(atti_docs::render_parere(&input)?)
    }
}

fn act_id(act: &Act) -> AppResult<ActId> {
    act.id
        .ok_or_else(|| AppError::new(ErrorCode::Storage, "atto senza identificativo"))
}
