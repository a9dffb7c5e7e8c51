//! Digital signatures as use cases: a user's signing identity (smart card or PKCS#12 file),
//! signing an act as the step of its iter that needs a signature (CAD art. 21 c.2-bis: a
//! public act without the official's digital signature is void), verifying any signed file,
//! and the trust store of the Comune. The cryptography is atti-sign's.
//!
//! **Invariant:** a signature is all or nothing. The PIN and the certificate are checked, the
//! number is prepared, the document rendered and signed in memory; only then one SQLite
//! transaction records the step, the number, the document and the signed files. A wrong PIN,
//! a removed token or an expired certificate leave everything as it was.

use crate::dto::{CertificateDto, IdentityDto, SignOutcome, SignatureCheckDto, VerifyReportDto};
use crate::files::absolute;
use crate::signed_step::{PART_ATTO, PART_PUBBLICAZIONE, SignedStep};
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::event::{EventKind, SignedPart};
use atti_core::iter::{self, Action};
use atti_core::{ActId, Sensitive};
use atti_sign::{IdentitySource, PadesOptions, SignError, Signer};
use atti_store::{IdentityRow, NewOutboxFile, NewSignedFile};
use std::path::{Path, PathBuf};

/// Setting: the format the Comune signs its acts in ("pades", the default, or "cades").
pub(crate) const SIGNATURE_FORMAT: &str = "formato_firma";

impl From<SignError> for AppError {
    fn from(e: SignError) -> AppError {
        AppError::new(ErrorCode::Signature, e.to_string())
    }
}

/// Where a user's signing key is, as given by the clerk or IT staff.
#[derive(Debug, Clone, serde::Deserialize, ts_rs::TS)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum IdentityInput {
    /// A smart card or HSM through its PKCS#11 module.
    Pkcs11 {
        /// Path of the PKCS#11 module (.so, .dll, .dylib).
        module: PathBuf,
        /// The token's label.
        token_label: String,
        /// The key's CKA_ID, hex.
        key_id: String,
    },
    /// A PKCS#12 file (.p12, .pfx).
    Pkcs12 {
        /// Its path.
        path: PathBuf,
    },
}

fn source_of(row: &IdentityRow) -> AppResult<IdentitySource> {
    let corrupt = || {
        AppError::new(
            ErrorCode::Storage,
            format!(
                "identità di firma di {} incompleta nell'archivio",
                row.username
            ),
        )
    };
    match row.source.as_str() {
        "pkcs11" => Ok(IdentitySource::Pkcs11 {
            module: PathBuf::from(row.module.clone().ok_or_else(corrupt)?),
            token_label: row.token_label.clone().ok_or_else(corrupt)?,
            key_id: hex::decode(row.key_id.clone().ok_or_else(corrupt)?).map_err(|_| corrupt())?,
        }),
        "pkcs12" => Ok(IdentitySource::Pkcs12 {
            path: PathBuf::from(row.p12_path.clone().ok_or_else(corrupt)?),
        }),
        _ => Err(corrupt()),
    }
}

fn describe(row: &IdentityRow) -> String {
    match row.source.as_str() {
        "pkcs11" => format!(
            "dispositivo «{}» (chiave {}) tramite {}",
            row.token_label.as_deref().unwrap_or_default(),
            row.key_id.as_deref().unwrap_or_default(),
            row.module.as_deref().unwrap_or_default()
        ),
        _ => format!("file {}", row.p12_path.as_deref().unwrap_or_default()),
    }
}

fn identity_dto(row: &IdentityRow, warnings: Vec<String>) -> AppResult<IdentityDto> {
    Ok(IdentityDto {
        username: row.username.clone(),
        description: describe(row),
        certificate: certificate_dto(&row.certificate)?,
        warnings,
    })
}

fn certificate_dto(der: &[u8]) -> AppResult<CertificateDto> {
    let info = atti_sign::cert_info(der)?;
    Ok(CertificateDto {
        common_name: info.common_name,
        codice_fiscale: info.codice_fiscale,
        issuer: info.issuer,
        not_before: info.not_before.to_string(),
        not_after: info.not_after.to_string(),
        non_repudiation: info.non_repudiation,
    })
}

impl Atti {
    pub(crate) fn codice_fiscale_of(&self, username: &str) -> AppResult<String> {
        let user = self.store.user(username)?;
        user.codice_fiscale.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotAllowed,
                format!(
                    "l'utente {username} non ha un codice fiscale: serve per riconoscere il suo certificato di firma"
                ),
            )
        })
    }

    /// Sets the signing identity of `username` (the user themselves, or the segretario for
    /// anyone). The certificate is read (from the token without PIN; from a PKCS#12 file with
    /// its password) and must belong to the user: codice fiscale, validity, non-repudiation.
    pub fn identity_add(
        &mut self,
        username: &str,
        input: &IdentityInput,
        pin: Option<&Sensitive<String>>,
    ) -> AppResult<IdentityDto> {
        let actor = self.current_user()?.clone();
        if actor.username != username && actor.role != atti_core::Role::Segretario {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                "solo l'interessato o il segretario possono configurare un dispositivo di firma",
            ));
        }
        let cf = self.codice_fiscale_of(username)?;
        let row = match input {
            IdentityInput::Pkcs11 {
                module,
                token_label,
                key_id,
            } => {
                self.check_pkcs11_module(module)?;
                let key = hex::decode(key_id.trim()).map_err(|_| {
                    AppError::new(
                        ErrorCode::InvalidInput,
                        format!("id della chiave non valido «{key_id}»: servono cifre esadecimali"),
                    )
                })?;
                let cert = atti_sign::pkcs11_certificate(module, token_label, &key)?;
                IdentityRow {
                    username: username.into(),
                    source: "pkcs11".into(),
                    module: Some(absolute(module)?.display().to_string()),
                    token_label: Some(token_label.clone()),
                    key_id: Some(hex::encode(&key)),
                    p12_path: None,
                    certificate: cert,
                    added_at: self.clock.now().to_string(),
                }
            }
            IdentityInput::Pkcs12 { path } => {
                let path = absolute(path)?;
                let pin = pin.ok_or_else(|| {
                    AppError::new(
                        ErrorCode::InvalidInput,
                        "serve la password del file PKCS#12 per leggerne il certificato",
                    )
                })?;
                let signer =
                    atti_sign::open_identity(&IdentitySource::Pkcs12 { path: path.clone() }, pin)?;
                let cert = signer.certificate().to_vec();
                IdentityRow {
                    username: username.into(),
                    source: "pkcs12".into(),
                    module: None,
                    token_label: None,
                    key_id: None,
                    p12_path: Some(path.display().to_string()),
                    certificate: cert,
                    added_at: self.clock.now().to_string(),
                }
            }
        };
        let warnings =
            atti_sign::check_signer_certificate(&row.certificate, self.clock.now(), &cf)?;
        // Only a certificate of an authority the Comune trusts (its amministratore's list).
        atti_sign::check_trusted(
            &row.certificate,
            &self.store.trust_anchors()?,
            self.clock.now(),
        )?;
        self.store.set_identity(&row, &actor.username)?;
        identity_dto(&row, warnings)
    }

    /// The signing identity of a user, with the state of its certificate today.
    pub fn identity(&self, username: &str) -> AppResult<Option<IdentityDto>> {
        let Some(row) = self.store.identity(username)? else {
            return Ok(None);
        };
        let cf = self.codice_fiscale_of(username)?;
        let warnings =
            match atti_sign::check_signer_certificate(&row.certificate, self.clock.now(), &cf) {
                Ok(w) => w,
                Err(e) => vec![e.to_string()],
            };
        identity_dto(&row, warnings).map(Some)
    }

    /// Which step of the iter the current user would sign now (adotta or firma), or why
    /// there is none: asked before the PIN.
    pub fn signing_action(&self, id: ActId) -> AppResult<Action> {
        let act = self.store.load_act(id)?;
        let facts = self.iter_facts(&self.store.facts(id)?);
        let user = self.current_user()?;
        Ok(iter::signing_step(&act, &facts, crate::actor(user))?)
    }

    /// Signs an act as the current user: the step of its iter that needs this user's
    /// signature (adotta: final number + first signature; firma: a further signature of a
    /// delibera). The act's PDF gets a PAdES signature (or a CAdES .p7m when the Comune signs
    /// in CAdES), every attachment that is not a PDF a CAdES .p7m. All or nothing.
    pub fn sign(&mut self, id: ActId, pin: &Sensitive<String>) -> AppResult<SignOutcome> {
        let action = self.signing_action(id)?;
        self.sign_as(id, action, pin)
    }

    /// Whether the current user may take `action` (adotta or firma) on the act now: the
    /// core's refusal, before anyone asks for a PIN.
    pub fn sign_check(&self, id: ActId, action: Action) -> AppResult<()> {
        let user = self.current_user()?.clone();
        self.decide_signed(id, action, &user)?;
        Ok(())
    }

    /// [`Atti::sign`] for a given step of the iter (adotta or firma).
    pub fn sign_as(
        &mut self,
        id: ActId,
        action: Action,
        pin: &Sensitive<String>,
    ) -> AppResult<SignOutcome> {
        self.sign_check(id, action)?;
        let user = self.current_user()?.clone();
        let now = self.clock.now();
        let (signer, warnings) = self.open_checked_identity(&user, pin, now)?;
        if let Some(client) = self.shared_client()? {
            let files = self.share_signed_step(&client, id, action, signer.as_ref())?;
            return Ok(SignOutcome {
                status: self.iter_status(id)?,
                files,
                warnings,
            });
        }
        // Another PC or process may adopt an act of the same kind meanwhile: the number this
        // signature was prepared with is then taken, nothing was written, and it is prepared
        // again with the next one.
        let mut attempts = 0;
        let files = loop {
            attempts += 1;
            match self.sign_once(id, action, signer.as_ref(), &user, now) {
                Err(e) if e.code == ErrorCode::Conflict && attempts < 5 => continue,
                other => break other?,
            }
        };
        self.enqueue_if_complete(id)?;
        Ok(SignOutcome {
            status: self.iter_status(id)?,
            files,
            warnings,
        })
    }

    /// A signature step of the shared iter: the slot reserved before the number is claimed
    /// and the document signed, the signed files sent as its event, then recorded here as
    /// on every PC. Returns the files' names.
    fn share_signed_step(
        &mut self,
        client: &atti_sync::Client,
        id: ActId,
        action: Action,
        signer: &dyn Signer,
    ) -> AppResult<Vec<String>> {
        let mut names = Vec::new();
        self.share_step(
            client,
            id,
            &|atti| atti.sign_check(id, action),
            &mut |atti, at| {
                let user = atti.current_user()?.clone();
                let step = atti.prepare_signed_step(id, action, &user)?;
                let files = atti.signed_files_for(id, &step, signer, at, &user)?;
                names = files.iter().map(|f| f.name.clone()).collect();
                Ok(EventKind::Signed {
                    action,
                    numero: step.number,
                    files: files
                        .into_iter()
                        .map(|f| SignedPart {
                            part: f.part,
                            format: f.format.to_string(),
                            name: f.name,
                            bytes: f.bytes,
                        })
                        .collect(),
                })
            },
        )?;
        Ok(names)
    }

    /// Prepares the document, signs it in memory and records everything in one transaction.
    fn sign_once(
        &mut self,
        id: ActId,
        action: Action,
        signer: &dyn Signer,
        user: &atti_store::User,
        now: jiff::Timestamp,
    ) -> AppResult<Vec<String>> {
        let step = self.prepare_signed_step(id, action, user)?;
        let files = self.signed_files_for(id, &step, signer, now, user)?;
        self.record_signed_step(id, step, &files, user, now)?;
        Ok(files.iter().map(|f| f.name.clone()).collect())
    }

    /// Why `bytes`, received from another PC, is not `document` signed once by `user` (one
    /// valid PAdES signature, theirs, over this archive's own rendering of it), or None: the
    /// check of a parere's or an attestation's document before it is recorded.
    pub(crate) fn signed_once_by(
        &self,
        bytes: &[u8],
        document: &[u8],
        user: &atti_store::User,
    ) -> AppResult<Option<String>> {
        let report = match atti_sign::verify(bytes, &self.store.trust_anchors()?, self.clock.now())
        {
            Ok(report) => report,
            Err(e) => return Ok(Some(e.to_string())),
        };
        let cf = self.codice_fiscale_of(&user.username)?;
        let by_user = report.signatures.len() == 1
            && report.signatures[0].signer.codice_fiscale.as_deref() == Some(cf.as_str());
        if !report.is_valid() || report.format != atti_sign::Format::Pades || !by_user {
            return Ok(Some(format!(
                "serve una firma PAdES valida, una sola, di {}",
                user.full_name
            )));
        }
        if !bytes.starts_with(document) {
            return Ok(Some("non firma il documento di questo archivio".into()));
        }
        Ok(None)
    }

    /// The user's signing identity opened with the PIN, after checking its certificate (and
    /// again the token's, if the card was renewed). Returns the signer and the warnings.
    pub(crate) fn open_checked_identity(
        &self,
        user: &atti_store::User,
        pin: &Sensitive<String>,
        now: jiff::Timestamp,
    ) -> AppResult<(Box<dyn Signer>, Vec<String>)> {
        let row = self.store.identity(&user.username)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::Signature,
                format!(
                    "{} non ha un dispositivo di firma configurato: configurarlo in «Dispositivo di firma» o con «atti identity add»",
                    user.full_name
                ),
            )
        })?;
        let cf = self.codice_fiscale_of(&user.username)?;
        // The certificate before the PIN: an expired one never gets as far as the token.
        let mut warnings = atti_sign::check_signer_certificate(&row.certificate, now, &cf)?;
        let source = source_of(&row)?;
        if let IdentitySource::Pkcs11 { module, .. } = &source {
            // The allow-list may have changed since the device was configured.
            self.check_pkcs11_module(module)?;
        }
        let signer = atti_sign::open_identity(&source, pin)?;
        if signer.certificate() != row.certificate.as_slice() {
            // The card was renewed: its certificate must pass the same checks.
            warnings = atti_sign::check_signer_certificate(signer.certificate(), now, &cf)?;
        }
        // The trust anchors may have changed since the device was configured.
        atti_sign::check_trusted(signer.certificate(), &self.store.trust_anchors()?, now)?;
        Ok((signer, warnings))
    }

    /// An exclusive lock on the data dir's register, released when dropped.
    pub(crate) fn register_turn(&self) -> AppResult<std::fs::File> {
        let path = self.data_dir().join("registro.lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .and_then(|f| f.lock().map(|()| f))
            .map_err(|e| {
                AppError::new(
                    ErrorCode::Storage,
                    format!(
                        "impossibile riservare il registro ({}): {e}",
                        path.display()
                    ),
                )
            })?;
        Ok(file)
    }

    /// The signed files one signature produces: the act (PAdES on the PDF, or CAdES), its
    /// publication version (PAdES: the albo's PDF, signed by the same hands) and a .p7m of
    /// each attachment that is not a PDF (a parallel signature when one exists).
    fn signed_files_for(
        &self,
        id: ActId,
        step: &SignedStep,
        signer: &dyn Signer,
        now: jiff::Timestamp,
        user: &atti_store::User,
    ) -> AppResult<Vec<NewSignedFile>> {
        let (act, base) = (&step.act, step.base.as_slice());
        let previous = self.store.signed_files(id)?;
        let latest = |part: &str| previous.iter().find(|f| f.part == part);
        let stem = format!("{}-{}", id.0, act.kind.slug());
        let cades = self.store.setting(SIGNATURE_FORMAT)?.as_deref() == Some("cades");
        let mut files = Vec::new();
        let pades = |part: &str, bytes: &[u8], reason: String| -> AppResult<NewSignedFile> {
            let seq = latest(part).map_or(1, |f| f.seq + 1);
            let options = PadesOptions {
                field_name: format!("Firma{seq}"),
                signing_time: now,
                reason: Some(reason),
                location: Some(self.store.comune_name()?),
            };
            Ok(NewSignedFile {
                previous: latest(part).map(|f| f.sha256.clone()),
                part: part.into(),
                format: "pades",
                name: match part {
                    PART_PUBBLICAZIONE => format!("{stem}-pubblicazione.pdf"),
                    _ => format!("{stem}.pdf"),
                },
                bytes: atti_sign::pades_sign(bytes, signer, &options)?,
            })
        };
        let reason = format!(
            "Firma di {} in qualità di {} (D.Lgs. 82/2005)",
            user.full_name,
            user.role.label()
        );
        let act_file = match latest(PART_ATTO) {
            Some(prev) if prev.format == "cades" => NewSignedFile {
                previous: Some(prev.sha256.clone()),
                part: PART_ATTO.into(),
                format: "cades",
                name: prev.name.clone(),
                bytes: atti_sign::cades_add_signer(&self.store.blob(&prev.sha256)?, signer, now)?,
            },
            None if cades => NewSignedFile {
                previous: None,
                part: PART_ATTO.into(),
                format: "cades",
                name: format!("{stem}.pdf.p7m"),
                bytes: atti_sign::cades_sign(base, signer, now)?,
            },
            _ => pades(PART_ATTO, base, reason.clone())?,
        };
        files.push(act_file);
        files.push(pades(
            PART_PUBBLICAZIONE,
            &step.publication,
            format!("{reason}: versione per la pubblicazione"),
        )?);
        for a in act
            .attachments
            .iter()
            .filter(|a| a.media_type != "application/pdf")
        {
            let part = format!("allegato:{}", a.sha256);
            let file = match latest(&part) {
                Some(prev) => NewSignedFile {
                    previous: Some(prev.sha256.clone()),
                    part,
                    format: "cades",
                    name: prev.name.clone(),
                    bytes: atti_sign::cades_add_signer(
                        &self.store.blob(&prev.sha256)?,
                        signer,
                        now,
                    )?,
                },
                None => NewSignedFile {
                    previous: None,
                    part,
                    format: "cades",
                    name: format!("{}.p7m", a.name),
                    bytes: atti_sign::cades_sign(&self.store.blob(&a.sha256)?, signer, now)?,
                },
            };
            files.push(file);
        }
        Ok(files)
    }

    /// The signed file of an act to hand out: its PDF with every signature so far (or the
    /// .p7m when signed in CAdES), if signed.
    pub fn signed_act_file(&self, id: ActId) -> AppResult<Option<(String, Vec<u8>)>> {
        let Some(f) = self
            .store
            .signed_files(id)?
            .into_iter()
            .find(|f| f.part == PART_ATTO)
        else {
            return Ok(None);
        };
        Ok(Some((f.name, self.store.blob(&f.sha256)?)))
    }

    /// Verifies a signed file (PDF or .p7m) against the Comune's trust store and the extra
    /// certificates given (PEM or DER). The revocation of trusted certificates is checked on
    /// the network (OCSP, CRL from the certificates' own pointers) when it is not in the file.
    pub fn verify_signed(
        &self,
        bytes: &[u8],
        extra_trust: &[Vec<u8>],
    ) -> AppResult<VerifyReportDto> {
        let mut anchors = self.store.trust_anchors()?;
        for t in extra_trust {
            if t.starts_with(b"-----BEGIN") {
                anchors.extend(atti_sign::pem_to_der_certs(t)?);
            } else {
                anchors.push(t.clone());
            }
        }
        let network = crate::public_fetch::NetFetch::new();
        let fetch = network.as_ref().map(|n| n as &dyn atti_sign::Fetch);
        let report = atti_sign::verify_with(bytes, &anchors, self.clock.now(), fetch)
            .map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
        let signatures: Vec<SignatureCheckDto> = report
            .signatures
            .iter()
            .map(|s| SignatureCheckDto {
                valid: s.is_valid(),
                signer: s.signer.common_name.clone(),
                codice_fiscale: s.signer.codice_fiscale.clone(),
                issuer: s.signer.issuer.clone(),
                signing_time: s.signing_time.map(|t| t.to_string()),
                timestamp: s.timestamp.map(|t| t.to_string()),
                intact: s.intact,
                coverage: crate::dto::SignatureCoverage::of(s),
                trusted: s.trusted,
                revocation_checked: s.revocation_checked,
                problems: s.problems.clone(),
                notes: s.notes.clone(),
            })
            .collect();
        Ok(VerifyReportDto {
            format: match report.format {
                atti_sign::Format::Pades => "PAdES".into(),
                atti_sign::Format::Cades => "CAdES".into(),
                atti_sign::Format::Detached => "CMS".into(),
            },
            valid: !signatures.is_empty() && signatures.iter().all(|s| s.valid),
            signatures,
        })
    }

    /// The certification authorities the Comune trusts, oldest first.
    pub fn trust_list(&self) -> AppResult<Vec<crate::dto::TrustAnchorDto>> {
        self.store
            .trust_anchors()?
            .iter()
            .map(|der| {
                Ok(crate::dto::TrustAnchorDto {
                    sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(der)),
                    certificate: certificate_dto(der)?,
                })
            })
            .collect()
    }

    /// [`Atti::trust_add`] from a PEM file (at most 1 MB).
    pub fn trust_add_file(&mut self, path: &Path) -> AppResult<usize> {
        let pem = crate::files::read_capped(path, 1024 * 1024)?;
        self.trust_add(&pem)
    }

    /// Adds a certificate (PEM file, one or more certificates) to the Comune's trust store:
    /// the amministratore's, an audited step.
    pub fn trust_add(&mut self, pem: &[u8]) -> AppResult<usize> {
        let admin = self.check_amministratore("aggiungere autorità di fiducia")?;
        let added = self.add_trust_anchors(pem)?;
        self.audit_setting(
            &admin,
            "autorità di fiducia",
            serde_json::json!({ "aggiunti_sha256": added }),
        )?;
        Ok(added.len())
    }

    /// Adds the certificates of `pem` to the trust store; their SHA-256 (the demo Comune's CA
    /// at its creation, the amministratore's [`Atti::trust_add`]).
    pub(crate) fn add_trust_anchors(&mut self, pem: &[u8]) -> AppResult<Vec<String>> {
        let certs = atti_sign::pem_to_der_certs(pem)?;
        let now = self.clock.now().to_string();
        let mut added = Vec::new();
        for der in &certs {
            let info = atti_sign::cert_info(der)?;
            self.store.add_trust_anchor(der, &info.common_name, &now)?;
            added.push(atti_docs::sha256_hex(der));
        }
        Ok(added)
    }

    /// The files of an adopted act as they are handed out and archived: the signed act (its
    /// unsigned original when not signed yet) and the signed attachments (.p7m), then the
    /// other attachments, then the publication version. `signed` marks signed documents.
    pub(crate) fn package_files(
        &mut self,
        id: ActId,
        act: &atti_core::Act,
    ) -> AppResult<Vec<NewOutboxFile>> {
        let (original, publication) = self.ensure_documents(id)?;
        let stem = format!("{}-{}", id.0, act.kind.slug());
        let file = |name: String, bytes: Vec<u8>, signed: bool| NewOutboxFile {
            name,
            bytes,
            signed,
            last: false,
        };
        let signed = self.store.signed_files(id)?;
        let mut files = Vec::new();
        if !signed.iter().any(|f| f.part == PART_ATTO) {
            files.push(file(format!("{stem}.pdf"), original, false));
        }
        let publication_signed = signed.iter().any(|f| f.part == PART_PUBBLICAZIONE);
        for f in &signed {
            files.push(file(f.name.clone(), self.store.blob(&f.sha256)?, true));
        }
        for a in &act.attachments {
            let part = format!("allegato:{}", a.sha256);
            if !signed.iter().any(|f| f.part == part) {
                files.push(file(a.name.clone(), self.store.blob(&a.sha256)?, false));
            }
        }
        if !publication_signed {
            files.push(file(
                format!("{stem}-pubblicazione.pdf"),
                publication,
                false,
            ));
        }
        distinct_names(&mut files, &[crate::metadata::SIDECAR_NAME]);
        Ok(files)
    }

    /// Writes the files of an adopted act into `dir` (see [`Atti::package_files`]). Returns
    /// the names written.
    pub fn export(&mut self, id: ActId, dir: &Path) -> AppResult<Vec<String>> {
        let act = self.store.load_act(id)?;
        if act.numero.is_none() {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!("l'atto {id} non è ancora adottato: non c'è un documento da esportare"),
            ));
        }
        let files = self.package_files(id, &act)?;
        std::fs::create_dir_all(dir).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("impossibile creare la cartella {}: {e}", dir.display()),
            )
        })?;
        let dir = absolute(dir)?;
        let mut names = Vec::new();
        for f in files {
            let name = atti_core::name::clean_attachment_name(&f.name)
                .unwrap_or_else(|| format!("file-{}", names.len() + 1));
            crate::write_file(&dir.join(&name), &f.bytes)?;
            names.push(name);
        }
        Ok(names)
    }
}

impl Atti {
    /// Sets the format the Comune signs its acts in: "pades" (the signed PDF) or "cades"
    /// (a .p7m envelope around it).
    pub fn set_signature_format(&mut self, format: &str) -> AppResult<()> {
        let admin = self.check_amministratore("cambiare il formato di firma degli atti")?;
        if !matches!(format, "pades" | "cades") {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("formato di firma sconosciuto «{format}»: ammessi pades, cades"),
            ));
        }
        self.store.set_setting(SIGNATURE_FORMAT, format)?;
        self.audit_setting(
            &admin,
            "formato di firma",
            serde_json::json!({ "formato": format }),
        )
    }
}

/// Largest file `verify_signed_path` reads (a signed act with its pages is far smaller).
const MAX_VERIFY_BYTES: u64 = 200 * 1024 * 1024;

impl Atti {
    /// Verifies a signed file given by path (the desktop's "Verifica firma").
    pub fn verify_signed_path(&self, path: &Path) -> AppResult<VerifyReportDto> {
        let meta = std::fs::metadata(path).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("impossibile leggere {}: {e}", path.display()),
            )
        })?;
        if meta.len() > MAX_VERIFY_BYTES {
            return Err(AppError::new(
                ErrorCode::TooLarge,
                format!(
                    "{} è di {} MB: oltre i {} MB di un documento firmato",
                    path.display(),
                    meta.len() / (1024 * 1024),
                    MAX_VERIFY_BYTES / (1024 * 1024)
                ),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("impossibile leggere {}: {e}", path.display()),
            )
        })?;
        self.verify_signed(&bytes, &[])
    }

    /// Sets the signing identity of the current user (see [`Atti::identity_add`]).
    pub fn my_identity_add(
        &mut self,
        input: &IdentityInput,
        pin: Option<&Sensitive<String>>,
    ) -> AppResult<IdentityDto> {
        let user = self.current_user()?.username.clone();
        self.identity_add(&user, input, pin)
    }

    /// The signing identity of the current user.
    pub fn my_identity(&self) -> AppResult<Option<IdentityDto>> {
        let user = self.current_user()?.username.clone();
        self.identity(&user)
    }
}

/// Gives every file of a package a name of its own: an attachment named like the act's own
/// files, the sidecar or another attachment (compared without case, as some servers and file
/// systems do) becomes «name (2).ext», so that no name can stop an adopted act from being
/// archived or exported. The first file keeps its name.
fn distinct_names(files: &mut [NewOutboxFile], reserved: &[&str]) {
    let mut taken: Vec<String> = reserved.iter().map(|r| r.to_lowercase()).collect();
    for f in files.iter_mut() {
        if taken.contains(&f.name.to_lowercase()) {
            // «relazione.csv.p7m» becomes «relazione (2).csv.p7m».
            let (inner, envelope) = match f.name.strip_suffix(".p7m") {
                Some(inner) if !inner.is_empty() => (inner, ".p7m"),
                _ => (f.name.as_str(), ""),
            };
            let (stem, ext) = match inner.rsplit_once('.') {
                Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}{envelope}")),
                _ => (inner.to_string(), envelope.to_string()),
            };
            let mut n = 2;
            while taken.contains(&format!("{stem} ({n}){ext}").to_lowercase()) {
                n += 1;
            }
            f.name = format!("{stem} ({n}){ext}");
        }
        taken.push(f.name.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_a_package_are_distinct() {
        let file = |name: &str| NewOutboxFile {
            name: name.into(),
            bytes: Vec::new(),
            signed: false,
            last: false,
        };
        let mut files = vec![
            file("7-determinazione.pdf"),
            file("7-Determinazione.PDF"),
            file("metadati.xml"),
            file("relazione"),
            file("relazione"),
            file("7-determinazione (2).pdf"),
            file("computo.csv.p7m"),
            file("computo.csv.p7m"),
        ];
        distinct_names(&mut files, &["metadati.xml"]);
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "7-determinazione.pdf",
                "7-Determinazione (2).PDF",
                "metadati (2).xml",
                "relazione",
                "relazione (2)",
                "7-determinazione (2) (2).pdf",
                "computo.csv.p7m",
                "computo (2).csv.p7m",
            ]
        );
    }
}
