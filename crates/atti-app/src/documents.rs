//! The documents of an act: its PDF/A (rendered with atti-docs), the publication version with
//! omissis, the certified paper copy with its QR contrassegno, and the verification of a
//! contrassegno. The original of an adopted act is rendered once, at adoption, and kept: a
//! certified copy always reproduces those bytes.

use crate::dto::{CopiaIssued, CopiaNelRegistro, PdfDocument, QrVerification};
use crate::files::write_file;
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::{Act, ActId, ActState};
use atti_docs::{CertifiedCopy, CopyInput, Official, Proposal, RenderInput, Signer, Variant};
use atti_store::Variant as StoredVariant;
use base64::Engine;
use std::path::Path;

/// Setting: the usernames of the officials authorised to attest certified copies (JSON list).
const FUNZIONARI_COPIE: &str = "funzionari_copie";

impl From<atti_docs::Error> for AppError {
    fn from(e: atti_docs::Error) -> AppError {
        let code = match e {
            atti_docs::Error::Unprintable { .. }
            | atti_docs::Error::TokenMalformed(_)
            | atti_docs::Error::TokenSignature
            | atti_docs::Error::RetiredKey(_)
            | atti_docs::Error::Picture(_)
            | atti_docs::Error::UnreadableOriginal(_) => ErrorCode::InvalidInput,
            _ => ErrorCode::Internal,
        };
        AppError::new(code, e.to_string())
    }
}

impl Atti {
    /// Sets the Comune's stemma printed in every document's header: an SVG file (at most
    /// 512 KB). Acts already adopted keep the document they were adopted with.
    pub fn set_stemma(&mut self, path: &Path) -> AppResult<()> {
        let admin = self.check_amministratore("cambiare lo stemma del Comune")?;
        let bytes = std::fs::read(path).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("impossibile leggere {}: {e}", path.display()),
            )
        })?;
        if bytes.len() > 512 * 1024 {
            return Err(AppError::new(
                ErrorCode::TooLarge,
                "lo stemma supera 512 KB: usare un SVG più leggero",
            ));
        }
        let svg = String::from_utf8(bytes)
            .ok()
            .filter(|s| s.contains("<svg"))
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    "lo stemma deve essere un file SVG (testo UTF-8 con <svg>)",
                )
            })?;
        // Render a sample first: an SVG typst cannot draw is refused here, not at adoption.
        let mut sample = RenderInput::new(
            &self.store.comune_name()?,
            Act::new(atti_core::ActKind::Decreto, "Prova dello stemma"),
            self.today(),
        );
        sample.stemma_svg = Some(svg.clone());
        atti_docs::render_pdf(&sample, Variant::Full).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("lo stemma non è utilizzabile: {e}"),
            )
        })?;
        self.store.set_setting("stemma_svg", &svg)?;
        let sha256 = atti_docs::sha256_hex(svg.as_bytes());
        self.audit_setting(&admin, "stemma", serde_json::json!({ "sha256": sha256 }))
    }

    /// What the document of an act shows, from the store.
    fn render_input(&self, act: &Act) -> AppResult<RenderInput> {
        let id = act
            .id
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "atto senza id"))?;
        self.render_input_with(act, &self.store.facts(id)?)
    }

    /// What the document of an act shows, given its iter facts (the signature prepares the
    /// document of an adoption with the number it is about to get).
    pub(crate) fn render_input_with(
        &self,
        act: &Act,
        stored: &atti_store::StoredFacts,
    ) -> AppResult<RenderInput> {
        let users = self.store.users()?;
        let name_of = |username: &str| {
            users
                .iter()
                .find(|u| u.username == username)
                .map(|u| (u.full_name.clone(), u.role.label().to_string()))
        };
        let document_date = stored.adoption.unwrap_or_else(|| self.today());
        let mut input = RenderInput::new(&self.store.comune_name()?, act.clone(), document_date);
        input.office = self
            .store
            .offices()?
            .into_iter()
            .find(|o| o.code == act.office)
            .map(|o| o.name);
        input.numero = stored.numero.clone();
        // The original of an adopted act shows what was true when it was adopted: its date and
        // the pareri of the proposal (art. 49 TUEL). What comes after (publication, the visto
        // contabile of art. 183 c.7, which is affixed to the adopted act) is not part of it, so
        // the original renders to the same bytes whenever it is first kept.
        let adopted = stored.numero.is_some();
        input.dates = atti_docs::ActDates {
            adoption: stored.adoption,
            ..Default::default()
        };
        let signed_files = match act.id {
            Some(id) => self.store.signed_files(id)?,
            None => Vec::new(),
        };
        input.pareri = stored
            .pareri
            .iter()
            .filter(|p| !adopted || p.tipo != atti_core::parere::ParereTipo::VistoContabile)
            .map(|p| {
                let (author, role) =
                    name_of(&p.author).unwrap_or((p.author.clone(), String::new()));
                atti_docs::Parere {
                    tipo: p.tipo,
                    esito: p.esito,
                    motivazione: p.motivazione.clone(),
                    author,
                    author_role: Some(role).filter(|r| !r.is_empty()),
                    date: p
                        .given_at
                        .parse::<jiff::Timestamp>()
                        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
                        .unwrap_or(document_date),
                    da_rinnovare: p.is_stale(act.version),
                    signed: p.document.as_ref().map(|sha| atti_docs::SignedDocument {
                        name: signed_files
                            .iter()
                            .find(|f| &f.sha256 == sha)
                            .map(|f| f.name.clone())
                            .unwrap_or_else(|| {
                                atti_docs::parere_file_name(
                                    act.id.map_or(0, |i| i.0),
                                    p.tipo,
                                    p.version,
                                )
                            }),
                        sha256: sha.clone(),
                    }),
                }
            })
            .collect();
        input.seduta = stored.seduta.clone();
        input.signers = atti_core::iter::signers(act.kind, act.tipo_ordinanza)
            .into_iter()
            .map(|role| Signer {
                role: role.label().to_string(),
                name: users
                    .iter()
                    .find(|u| u.role == role)
                    .map(|u| u.full_name.clone())
                    .unwrap_or_default(),
            })
            .collect();
        if stored.numero.is_none() {
            input.version_label = Some(format!("{} – versione {}", act.state.label(), act.version));
        }
        input.riservati = act.riservati.clone();
        input.stemma_svg = self.store.setting("stemma_svg")?;
        if let Some(id) = act.id {
            input.uid = self.store.global(id)?.map(|g| g.uid);
        }
        Ok(input)
    }

    /// The PDF/A of an act: the kept original once adopted, a fresh rendering of the draft
    /// before; with `publication`, the version for the albo with omissis.
    pub fn render(&mut self, id: ActId, publication: bool) -> AppResult<Vec<u8>> {
        let act = self.store.load_act(id)?;
        if act.numero.is_some() {
            return if publication {
                self.publication_file(id)
            } else {
                self.digital_original(id)
            };
        }
        let input = self.render_input(&act)?;
        let variant = if publication {
            Variant::Publication
        } else {
            Variant::Full
        };
        Ok(atti_docs::render_pdf(&input, variant)?)
    }

    /// The publication version (omissis) of an adopted act as the albo shows it: signed by
    /// the act's signers (PAdES), else as kept at adoption (not signed yet, or signed before
    /// the publication version was).
    pub(crate) fn publication_file(&mut self, id: ActId) -> AppResult<Vec<u8>> {
        let signed = self
            .store
            .signed_files(id)?
            .into_iter()
            .find(|f| f.part == crate::signed_step::PART_PUBBLICAZIONE);
        match signed {
            Some(f) => Ok(self.store.blob(&f.sha256)?),
            None => Ok(self.ensure_documents(id)?.1),
        }
    }

    /// The kept original and publication version of an adopted act, rendered and kept now if
    /// they are not yet.
    pub(crate) fn ensure_documents(&mut self, id: ActId) -> AppResult<(Vec<u8>, Vec<u8>)> {
        let original = self.store.document(id, StoredVariant::Originale)?;
        let publication = self.store.document(id, StoredVariant::Pubblicazione)?;
        if let (Some(o), Some(p)) = (&original, &publication) {
            return Ok((o.clone(), p.clone()));
        }
        let act = self.store.load_act(id)?;
        let input = self.render_input(&act)?;
        let actor = self.current_user()?.username.clone();
        let now = self.clock.now().to_string();
        let original = match original {
            Some(o) => o,
            None => {
                let pdf = atti_docs::render_pdf(&input, Variant::Full)?;
                self.store
                    .put_document(id, StoredVariant::Originale, &pdf, &actor, &now)?;
                pdf
            }
        };
        let publication = match publication {
            Some(p) => p,
            None => {
                let pdf = atti_docs::render_pdf(&input, Variant::Publication)?;
                self.store
                    .put_document(id, StoredVariant::Pubblicazione, &pdf, &actor, &now)?;
                pdf
            }
        };
        Ok((original, publication))
    }

    /// The PDF of the digital original of an adopted act: the signed PDF with every
    /// signature so far (PAdES), else the kept original (unsigned yet, or signed in CAdES,
    /// whose .p7m envelops exactly these bytes).
    pub(crate) fn digital_original(&mut self, id: ActId) -> AppResult<Vec<u8>> {
        let signed = self
            .store
            .signed_files(id)?
            .into_iter()
            .find(|f| f.part == crate::signed_step::PART_ATTO && f.format == "pades");
        match signed {
            Some(f) => Ok(self.store.blob(&f.sha256)?),
            None => Ok(self.ensure_documents(id)?.0),
        }
    }

    /// The officials authorised to attest certified copies (CAD art. 23), by username.
    pub fn funzionari_copie(&self) -> AppResult<Vec<String>> {
        match self.store.setting(FUNZIONARI_COPIE)? {
            None => Ok(Vec::new()),
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                AppError::new(
                    ErrorCode::Storage,
                    format!("elenco dei funzionari delle copie illeggibile: {e}"),
                )
            }),
        }
    }

    /// Sets the officials authorised to attest certified copies: the amministratore's, an
    /// audited change; each must be a user of the Comune.
    pub fn funzionari_copie_set(&mut self, usernames: &[String]) -> AppResult<Vec<String>> {
        let admin = self.check_amministratore("indicare i funzionari che attestano le copie")?;
        let users = self.store.users()?;
        let mut list: Vec<String> = Vec::new();
        for name in usernames {
            if !users.iter().any(|u| &u.username == name) {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!("«{name}» non è tra gli utenti del Comune"),
                ));
            }
            if !list.contains(name) {
                list.push(name.clone());
            }
        }
        self.store_funzionari_copie(&list)?;
        self.audit_setting(
            &admin,
            "funzionari delle copie conformi",
            serde_json::json!({ "funzionari": list }),
        )?;
        Ok(list)
    }

    pub(crate) fn store_funzionari_copie(&self, list: &[String]) -> AppResult<()> {
        let json = serde_json::to_string(list).map_err(|e| {
            AppError::new(ErrorCode::Internal, format!("elenco dei funzionari: {e}"))
        })?;
        Ok(self.store.set_setting(FUNZIONARI_COPIE, &json)?)
    }

    /// Issues a certified paper copy of an adopted act (CAD art. 23), attested by the current
    /// user (one the Comune authorises for it), for `per` if given (a citizen without
    /// domicilio digitale gets the wording of art. 3-bis c.4-bis). It is recorded in the
    /// register of copies and the audit log.
    pub fn copia(&mut self, id: ActId, per: Option<&str>) -> AppResult<CertifiedCopy> {
        let username = self.current_user()?.username.clone();
        atti_core::role::check_copy_official(&username, &self.funzionari_copie()?)?;
        let act = self.store.load_act(id)?;
        let Some(numero) = act.numero.clone() else {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!(
                    "l'atto {id} non è ancora adottato: la copia conforme si rilascia solo di un atto numerato"
                ),
            ));
        };
        if matches!(act.state, ActState::Annullata | ActState::Ritirata) {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!(
                    "l'atto {id} è {}: non se ne rilasciano copie conformi",
                    act.state.label().to_lowercase()
                ),
            ));
        }
        let stored = self.store.facts(id)?;
        // Only of an act with every signature, each verified now: the attestation says so.
        let missing = atti_core::iter::missing_signers(&act, &stored.signed_by);
        if !missing.is_empty() {
            let roles: Vec<&str> = missing.iter().map(|r| r.label()).collect();
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!(
                    "l'atto {id} attende ancora la firma di: {}; la copia conforme si rilascia dell'atto con tutte le firme",
                    roles.join(", ")
                ),
            ));
        }
        let firme = self.verified_signatures(id)?;
        let original = self.digital_original(id)?;
        let user = self.current_user()?.clone();
        let comune = self.store.comune_name()?;
        let per = per.map(str::trim).filter(|p| !p.is_empty());
        // The number in the register of copies, printed and sealed on the copy.
        let serial = self.store.next_copia_serial()?;
        let input = CopyInput {
            place: comune.trim_start_matches("Comune di ").to_string(),
            comune,
            act_id: id.0,
            kind: act.kind,
            numero,
            data: stored.adoption.unwrap_or_else(|| self.today()),
            // The attestation quotes the publication version's oggetto: the copy may go to
            // someone who may not read the riservati.
            oggetto: atti_docs::apply_omissis(&act, &act.riservati).oggetto,
            verification_url: self.verification_url_for_copies()?,
            official: Official {
                name: user.full_name.clone(),
                role: user.role.label().to_string(),
            },
            issued_on: self.today(),
            serial,
            recipient: per.map(String::from),
            senza_domicilio_digitale: per.is_some(),
            stemma_svg: self.store.setting("stemma_svg")?,
            firme,
        };
        let copy = atti_docs::render_copy(&original, &input, &self.seal_key()?)?;
        let now = self.clock.now().to_string();
        self.store.record_copia(
            serial,
            id,
            &user.username,
            per,
            &copy.token,
            &copy.claims.sha256,
            &copy.pdf,
            &now,
        )?;
        Ok(copy)
    }

    /// The signatures of the act's signed file, verified now (as «Verifica firma» does): all
    /// must be valid for a copy to be attested.
    fn verified_signatures(&self, id: ActId) -> AppResult<Vec<atti_docs::VerifiedSignature>> {
        let signed = self
            .store
            .signed_files(id)?
            .into_iter()
            .find(|f| f.part == crate::signed_step::PART_ATTO)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotAllowed,
                    format!(
                        "l'atto {id} non è firmato: la copia conforme si rilascia dell'atto firmato"
                    ),
                )
            })?;
        let report = self.verify_signed(&self.store.blob(&signed.sha256)?, &[])?;
        if !report.valid {
            let problems: Vec<String> = report
                .signatures
                .iter()
                .flat_map(|s| s.problems.iter().cloned())
                .collect();
            return Err(AppError::new(
                ErrorCode::Signature,
                format!(
                    "le firme dell'atto {id} non risultano valide oggi ({}): la copia conforme non si rilascia",
                    problems.join("; ")
                ),
            ));
        }
        Ok(report
            .signatures
            .into_iter()
            .map(|s| atti_docs::VerifiedSignature {
                signer: s.signer,
                codice_fiscale: s.codice_fiscale,
                issuer: s.issuer,
                revocation_checked: s.revocation_checked,
            })
            .collect())
    }

    /// Verifies the contrassegno of a paper copy from a picture of it (a scan or a photo, PNG or
    /// JPEG, or the PDF a scanner makes; at most 30 MB): the QR codes found in it, the first that
    /// is a contrassegno.
    pub fn verify_qr_image(&self, path: &Path) -> AppResult<QrVerification> {
        let picture = crate::files::read_capped(path, 30 * 1024 * 1024)?;
        let texts = atti_docs::qr_texts(&picture)?;
        let Some(found) = contrassegno_in(&texts) else {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                if texts.is_empty() {
                    "nell'immagine non si trova un QR: serve la pagina intera della copia, a fuoco e non tagliata".to_string()
                } else {
                    "il QR dell'immagine non è un contrassegno di Atti".to_string()
                },
            ));
        };
        self.verify_qr(found)
    }

    /// A frame of the camera held in front of a copy (a PNG or JPEG, base64): the verification
    /// of the contrassegno whose QR is in it, or none while no QR of a contrassegno is seen.
    pub fn verify_qr_frame(&self, picture_base64: &str) -> AppResult<Option<QrVerification>> {
        use base64::Engine;
        const MAX_BASE64: usize = 16 * 1024 * 1024;
        if picture_base64.len() > MAX_BASE64 {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "il fotogramma della fotocamera è troppo grande",
            ));
        }
        let picture = base64::engine::general_purpose::STANDARD
            .decode(picture_base64.trim())
            .map_err(|_| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    "il fotogramma della fotocamera non è leggibile",
                )
            })?;
        let texts = atti_docs::qr_texts(&picture)?;
        contrassegno_in(&texts)
            .map(|found| self.verify_qr(found))
            .transpose()
    }

    /// Checks a contrassegno read from a paper copy: that the Comune's seal signed it, and,
    /// when the original is kept here, that it matches it.
    pub fn verify_qr(&self, token: &str) -> AppResult<QrVerification> {
        // The code printed under the QR names a copy of the register: its contrassegno.
        if let Some(code) = atti_docs::parse_short_code(token) {
            let Some(token) = self
                .store
                .copie_tokens()?
                .into_iter()
                .find(|t| atti_docs::short_code(t) == code)
            else {
                return Err(AppError::new(
                    ErrorCode::NotFound,
                    format!(
                        "nessuna copia con il codice di verifica {code} nel registro delle copie di questo archivio: leggi il QR della copia, o verificala da una scansione"
                    ),
                ));
            };
            return self.verify_qr(&token);
        }
        // What a QR reader gives: the token, or the link to the verification page with it.
        let token = &atti_docs::token_from_qr(token);
        // Any of the Comune's seal keys, the newest first: older copies keep verifying.
        let mut verified = Err(atti_docs::Error::TokenSignature);
        let retired = self.seal_retirements()?;
        for key in self.seal_public_keys()? {
            match atti_docs::verify_token(token.trim(), &key) {
                // Sealed with this key: whether it still vouches for the copy decides.
                Ok(claims) => {
                    let from = retired.get(&key.fingerprint()).copied();
                    verified = atti_docs::check_not_retired(&claims, from).map(|()| claims);
                    break;
                }
                Err(e) => verified = Err(e),
            }
        }
        let claims = verified?;
        let original = match self.store.act_with_original(&claims.sha256)? {
            Some(act) => Some(act.0 == claims.act_id),
            None => {
                if self.store.act_exists(ActId(claims.act_id))?
                    && self
                        .store
                        .document(ActId(claims.act_id), StoredVariant::Originale)?
                        .is_some()
                {
                    Some(false)
                } else {
                    None
                }
            }
        };
        let later = self.what_happened_since(ActId(claims.act_id))?;
        // The copy it names, in this archive's register of copies (for an act kept here).
        let registro = match &claims.copia {
            Some(copia) if self.store.act_exists(ActId(claims.act_id))? => {
                let row = self.store.copia(copia.numero)?;
                let registrata = row
                    .as_ref()
                    .is_some_and(|r| r.token == token.trim() && r.act_id == claims.act_id);
                Some(CopiaNelRegistro {
                    registrata,
                    per: row.filter(|_| registrata).and_then(|r| r.per),
                })
            }
            _ => None,
        };
        Ok(QrVerification {
            claims,
            original_matches: original,
            registro,
            later,
        })
    }

    /// An adopted act annulled, or corrected by another act: what a reader of its copy must
    /// know (nothing for an act not kept here).
    fn what_happened_since(&self, id: ActId) -> AppResult<Vec<String>> {
        if !self.store.act_exists(id)? {
            return Ok(Vec::new());
        }
        let act = self.store.load_act(id)?;
        let mut later = Vec::new();
        if act.state == atti_core::ActState::Annullata {
            later.push(
                "L'atto è stato annullato: la copia riproduce un atto che non produce più effetti."
                    .to_string(),
            );
        }
        for (correction, original, tipo) in self.store.links(id)? {
            if original != id.0 {
                continue;
            }
            let numero = self.store.facts(ActId(correction))?.numero;
            let what = match atti_core::drafting::Correzione::from_slug(&tipo) {
                Some(atti_core::drafting::Correzione::Annullamento) => {
                    "un annullamento in autotutela"
                }
                _ => "una rettifica",
            };
            later.push(match numero {
                Some(n) => format!("Sull'atto è stata adottata {what} (atto n. {n})."),
                None => {
                    format!("Sull'atto è in corso {what} (atto {correction}, non ancora adottato).")
                }
            });
        }
        Ok(later)
    }

    /// Personal data found in the act's text, proposed for omissis (codici fiscali, IBAN,
    /// phone numbers, e-mail addresses, dates of birth), except what is already marked.
    pub fn omissis_proposals(&self, id: ActId) -> AppResult<Vec<Proposal>> {
        let act = self.store.load_act(id)?;
        Ok(atti_docs::propose_omissis(&act)
            .into_iter()
            .filter(|p| !act.riservati.iter().any(|r| r.text == p.text))
            .collect())
    }

    /// The document of an act for the UI (see [`Atti::render`]).
    pub fn document_pdf(&mut self, id: ActId, publication: bool) -> AppResult<PdfDocument> {
        let pdf = self.render(id, publication)?;
        let act = self.store.load_act(id)?;
        let suffix = if publication { "-pubblicazione" } else { "" };
        Ok(pdf_document(&act, suffix, &pdf))
    }

    /// Saves the document of an act to `path` (whole or not at all).
    pub fn document_save(&mut self, id: ActId, publication: bool, path: &Path) -> AppResult<()> {
        let pdf = self.render(id, publication)?;
        write_file(path, &pdf)
    }

    /// Issues a certified copy (see [`Atti::copia`]) for the UI, saving it to `path` if given.
    pub fn copia_issue(
        &mut self,
        id: ActId,
        per: Option<&str>,
        path: Option<&Path>,
    ) -> AppResult<CopiaIssued> {
        let copy = self.copia(id, per)?;
        if let Some(path) = path {
            write_file(path, &copy.pdf)?;
        }
        let act = self.store.load_act(id)?;
        Ok(CopiaIssued {
            document: pdf_document(&act, "-copia", &copy.pdf),
            token: copy.token,
        })
    }

    /// The certified copies issued of an act.
    pub fn copie(&self, id: ActId) -> AppResult<Vec<atti_store::CopiaRow>> {
        Ok(self.store.copie(id)?)
    }

    /// The certified copy number `serial` as it was issued, to see and print again (the same
    /// pages, attestation and contrassegno: not a new copy).
    pub fn copia_pdf(&self, serial: i64) -> AppResult<PdfDocument> {
        let row = self.store.copia(serial)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("nel registro non c'è la copia n. {serial}"),
            )
        })?;
        let sha = row.pdf_sha256.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!(
                    "la copia n. {serial} è stata rilasciata prima che Atti conservasse le copie: non si può riaprire, se ne rilascia una nuova"
                ),
            )
        })?;
        let act = self.store.load_act(ActId(row.act_id))?;
        Ok(pdf_document(
            &act,
            &format!("-copia-{serial}"),
            &self.store.blob(&sha)?,
        ))
    }
}

/// The name a document is proposed with when the clerk saves it: the kind and the act's
/// number («determinazione-12-2026»), its proposal before adoption
/// («determinazione-proposta-TEC-2026-0007»); `suffix` says which document.
fn document_file_name(act: &atti_core::Act, suffix: &str) -> String {
    let which = match (&act.numero, &act.proposal) {
        (Some(n), _) => n.replace('/', "-"),
        (None, Some(p)) => format!("proposta-{}", p.replace('/', "-")),
        (None, None) => act.id.map(|i| i.0.to_string()).unwrap_or_default(),
    };
    format!("{}-{which}{suffix}.pdf", act.kind.slug())
}

/// A document of `act` for the UI; `suffix` says which («-pubblicazione», «-copia»).
/// The first of the texts read from QR codes that is a contrassegno of Atti.
fn contrassegno_in(texts: &[String]) -> Option<&str> {
    texts
        .iter()
        .find(|t| {
            let token = atti_docs::token_from_qr(t);
            token.starts_with(atti_docs::TOKEN_PREFIX)
                || token.starts_with(atti_docs::TOKEN_PREFIX_V1)
        })
        .map(String::as_str)
}

fn pdf_document(act: &atti_core::Act, suffix: &str, pdf: &[u8]) -> PdfDocument {
    PdfDocument {
        file_name: document_file_name(act, suffix),
        copia_file_name: document_file_name(act, "-copia"),
        pdf_base64: base64::engine::general_purpose::STANDARD.encode(pdf),
        sha256: atti_docs::sha256_hex(pdf),
    }
}
