//! The sessions through the Comune's document server (docs/sedute.md, «Many PCs»): a session
//! is run on the PC that convened it and seen on every other. Its facts are a history of the
//! shared iter (`seduta-<user>-<hex>`), written by the PC that runs it, each fact by its own
//! author (the segretario's record, the avviso and the minutes of who signed them) and with
//! the signed file it names; the other PCs apply them through the same rules of atti-core
//! (`SedutaStato::apply`) and only read the session. The acts' steps a session causes travel in
//! the acts' own histories (`shared.rs`).

use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::seduta::{SedutaEvento, SedutaFatto, SedutaStato};
use atti_store::{SedutaCondivisa, SedutaRow};
use atti_sync::Client;
use atti_sync::history::{Appended, Envelope, NO_PREV};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

/// The start of a session's identifier, which sets its history apart from the acts'.
const SEDUTA_UID: &str = "seduta-";
/// The folder of the sessions' numbers on the server's register, per organ.
const SEDUTE_REGISTRO: &str = "sedute";

/// Whether `uid` names a session (not an act).
pub(crate) fn is_seduta_uid(uid: &str) -> bool {
    uid.starts_with(SEDUTA_UID)
}

/// A fact of a session as it lies on the server.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SedutaPayload {
    /// The fact.
    fatto: SedutaEvento,
    /// The session's number in its organ's year (the first fact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    numero: Option<u32>,
    /// The signed file the fact names (an avviso, the minutes), base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    documento: Option<String>,
}

/// What pulling a session did.
#[derive(Debug, Default)]
pub(crate) struct SedutaPulled {
    pub(crate) applied: usize,
    pub(crate) problems: Vec<String>,
}

impl Atti {
    /// A new session's identifier and number: in a Comune with a document server, its number
    /// claimed on the server's register (two PCs never convene the same «n. 3/2026»).
    pub(crate) fn seduta_identity(
        &self,
        organo: atti_core::organo::Organo,
        anno: i16,
    ) -> AppResult<(String, Option<u32>, Option<SedutaCondivisa>)> {
        let user = self.current_user()?.username.clone();
        let uid = format!("{SEDUTA_UID}{}", crate::shared::new_uid(&user)?);
        let Some(client) = self.shared_client()? else {
            return Ok((uid, None, None));
        };
        let first = self.store.next_seduta_numero(organo, anno)?;
        let folder = format!("{SEDUTE_REGISTRO}-{}", organo.slug());
        let claim = serde_json::json!({ "seduta": uid, "by": user }).to_string();
        let numero = crate::sync::block_on(async move {
            client
                .claim_number(
                    crate::sync::REGISTRO_ROOT,
                    i32::from(anno),
                    &folder,
                    first,
                    claim.as_bytes(),
                )
                .await
        })?
        .map_err(|e| crate::shared::offline_or(e, "la seduta non è stata convocata"))?;
        let condivisa = SedutaCondivisa {
            sul_server: 0,
            slot: 0,
            head: NO_PREV.to_string(),
            altrove: false,
        };
        Ok((uid, Some(numero), Some(condivisa)))
    }

    /// Refuses to record on a session run on another PC.
    pub(crate) fn check_seduta_qui(&self, id: i64) -> AppResult<()> {
        if self.store.seduta_condivisa(id)?.is_some_and(|c| c.altrove) {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                "la seduta si registra sulla postazione che l'ha convocata: qui la si consulta soltanto",
            ));
        }
        Ok(())
    }

    /// Sends to the server the facts of session `id` it lacks, in order, as far as they are
    /// the current user's (another user's fact waits for them). Offline: they wait for the
    /// next fact or the next sync.
    pub(crate) fn publish_seduta(&mut self, id: i64) -> AppResult<()> {
        let Some(client) = self.shared_client()? else {
            return Ok(());
        };
        let Some(mut c) = self.store.seduta_condivisa(id)? else {
            return Ok(());
        };
        if c.altrove {
            return Ok(());
        }
        let row = self.store.seduta(id)?;
        let user = self.current_user()?.username.clone();
        let facts = self.store.seduta_facts(id)?;
        for (i, fact) in facts.iter().enumerate().skip(c.sul_server as usize) {
            if fact.by != user {
                break;
            }
            let documento = match document_sha(&fact.what) {
                Some(sha) => Some(STANDARD.encode(self.store.blob(sha)?)),
                None => None,
            };
            let payload = SedutaPayload {
                fatto: fact.clone(),
                numero: (i == 0).then_some(row.numero),
                documento,
            };
            let evento = serde_json::to_value(&payload)
                .map_err(|e| AppError::new(ErrorCode::Internal, format!("seduta: {e}")))?;
            let mut tries = 0;
            loop {
                let envelope = Envelope {
                    atto: row.uid.clone(),
                    seq: c.slot + 1,
                    prev: c.head.clone(),
                    autore: user.clone(),
                    evento: evento.clone(),
                };
                let (_, sha) = envelope.file()?;
                let writer = client.clone();
                let appended =
                    match crate::sync::block_on(async move { writer.append(&envelope).await })? {
                        Ok(a) => a,
                        Err(e) if e.is_transient() => return Ok(()),
                        Err(e) => return Err(e.into()),
                    };
                match appended {
                    Appended::Ours { seq } => {
                        c.slot = seq;
                        c.head = sha;
                        c.sul_server = i as u32 + 1;
                        self.store.set_seduta_condivisa(id, &c)?;
                        self.owe_index(&row.uid, seq)?;
                        self.pay_index(&client)?;
                        break;
                    }
                    // A place left void by an attempt that died: the history says where next.
                    Appended::Taken if tries < 3 => {
                        tries += 1;
                        let (reader, uid, head) = (client.clone(), row.uid.clone(), c.head.clone());
                        let from = c.slot + 1;
                        let history = crate::sync::block_on(async move {
                            reader.history(&uid, from, &head).await
                        })??;
                        if !history.events.is_empty() {
                            return Err(AppError::new(
                                ErrorCode::Conflict,
                                format!(
                                    "sul server la {} ha fatti che questa postazione non ha registrato: la seduta si registra su una postazione sola",
                                    crate::sedute::titolo(&row)
                                ),
                            ));
                        }
                        c.slot = history.next_seq.saturating_sub(1);
                    }
                    Appended::Taken => {
                        return Err(AppError::new(
                            ErrorCode::Conflict,
                            "il server non accetta i fatti della seduta: riprovare tra poco",
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Sends what every session run here has not sent yet (at each sync).
    pub(crate) fn publish_sedute(&mut self) -> AppResult<()> {
        for row in self.store.sedute()? {
            self.publish_seduta(row.id)?;
        }
        Ok(())
    }

    /// Applies the facts of session `uid` run on another PC that this PC does not have yet.
    pub(crate) fn pull_seduta(&mut self, client: &Client, uid: &str) -> AppResult<SedutaPulled> {
        let mut pulled = SedutaPulled::default();
        let local = self.store.seduta_by_uid(uid)?;
        let mut c = match &local {
            Some(row) => match self.store.seduta_condivisa(row.id)? {
                Some(c) if c.altrove => c,
                // Run here: this PC writes it.
                _ => return Ok(pulled),
            },
            None => SedutaCondivisa {
                sul_server: 0,
                slot: 0,
                head: NO_PREV.to_string(),
                altrove: true,
            },
        };
        let (reader, name, head, from) =
            (client.clone(), uid.to_string(), c.head.clone(), c.slot + 1);
        let history =
            crate::sync::block_on(async move { reader.history(&name, from, &head).await })?
                .map_err(|e| {
                    crate::shared::offline_or(
                        e,
                        "le sedute degli altri uffici non sono state aggiornate",
                    )
                })?;
        pulled.problems.extend(history.problems.clone());
        let mut row = local;
        for event in history.events {
            let refused =
                |why: String| format!("seduta {uid}, fatto n. {}: {why}", event.envelope.seq);
            let payload: SedutaPayload = match serde_json::from_value(event.envelope.evento.clone())
            {
                Ok(p) => p,
                Err(e) => {
                    pulled.problems.push(refused(format!("illeggibile ({e})")));
                    break;
                }
            };
            if let Err(why) = self.check_remote_fact(&event.envelope.autore, &payload) {
                pulled.problems.push(refused(why));
                break;
            }
            let document = match &payload.documento {
                Some(b64) => match STANDARD.decode(b64) {
                    Ok(bytes) => Some(bytes),
                    Err(e) => {
                        pulled
                            .problems
                            .push(refused(format!("documento illeggibile ({e})")));
                        break;
                    }
                },
                None => None,
            };
            c.sul_server += 1;
            c.slot = event.envelope.seq;
            c.head = event.sha256.clone();
            let outcome = match &row {
                None => self
                    .create_remote_seduta(uid, &payload, &c)
                    .map(|r| row = Some(r)),
                Some(r) => self.apply_remote_fact(r, &payload.fatto, document.as_deref(), &c),
            };
            if let Err(e) = outcome {
                pulled.problems.push(refused(e.message));
                break;
            }
            pulled.applied += 1;
        }
        Ok(pulled)
    }

    /// A fact from the server is its author's, and the author may write it: the segretario the
    /// record; the avviso and the minutes whoever signed them, with a valid signature of theirs
    /// over the file it names.
    fn check_remote_fact(&self, autore: &str, p: &SedutaPayload) -> Result<(), String> {
        if p.fatto.by != autore {
            return Err(format!(
                "attribuisce a {} un fatto scritto da {autore}",
                p.fatto.by
            ));
        }
        let user = self
            .store
            .user(autore)
            .map_err(|_| format!("«{autore}» non è tra gli utenti del Comune"))?;
        match document_sha(&p.fatto.what) {
            None if atti_core::seduta::may_record(user.role) => Ok(()),
            None => Err(format!(
                "i fatti di una seduta li registra il segretario, non {}",
                user.full_name
            )),
            Some(sha) => {
                let bytes = p
                    .documento
                    .as_deref()
                    .and_then(|b| STANDARD.decode(b).ok())
                    .ok_or("manca il documento firmato")?;
                if atti_docs::sha256_hex(&bytes) != sha {
                    return Err("il documento non è quello che il fatto nomina".into());
                }
                let anchors = self.store.trust_anchors().map_err(|e| e.to_string())?;
                let report = atti_sign::verify(&bytes, &anchors, self.clock.now())
                    .map_err(|e| e.to_string())?;
                let cf = self
                    .codice_fiscale_of(autore)
                    .map_err(|e| e.message.clone())?;
                let last = report.signatures.last();
                if !report.is_valid()
                    || last.and_then(|s| s.signer.codice_fiscale.as_deref()) != Some(cf.as_str())
                {
                    return Err(format!(
                        "il documento non reca una firma valida di {}",
                        user.full_name
                    ));
                }
                Ok(())
            }
        }
    }

    fn create_remote_seduta(
        &mut self,
        uid: &str,
        p: &SedutaPayload,
        c: &SedutaCondivisa,
    ) -> AppResult<SedutaRow> {
        let SedutaFatto::Convocata { organo, data, .. } = &p.fatto.what else {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "una seduta comincia con la sua convocazione",
            ));
        };
        let setup = self.organo_setup(*organo)?;
        SedutaStato::convocata(&p.fatto.what, &setup)
            .map_err(|e| AppError::new(ErrorCode::Conflict, e))?;
        Ok(self
            .store
            .create_seduta(uid, *organo, *data, &p.fatto, p.numero, Some(c))?)
    }

    fn apply_remote_fact(
        &mut self,
        row: &SedutaRow,
        fact: &SedutaEvento,
        document: Option<&[u8]>,
        c: &SedutaCondivisa,
    ) -> AppResult<()> {
        let (_, setup, facts, mut state) = self.seduta_state(row.id)?;
        state
            .apply(&fact.what, fact.at, &setup)
            .map_err(|e| AppError::new(ErrorCode::Conflict, e))?;
        self.store
            .append_seduta_fact(row.id, facts.len() as u32 + 1, fact, document, Some(c))?;
        Ok(())
    }
}

/// What a delibera's package owes to its session.
pub(crate) enum SedutaPackage {
    /// Not a delibera of a session recorded in Atti: the act's own rule.
    Nessuna,
    /// The session is run on another PC: that PC sends the package.
    Altrove,
    /// The session's minutes are not signed by both yet: the package waits for them.
    Verbale,
    /// The session's signed avviso and minutes, to go with the delibera.
    Files(Vec<atti_store::NewOutboxFile>),
}

impl Atti {
    /// What the package of a delibera with these facts owes to its session.
    pub(crate) fn seduta_package(
        &self,
        stored: &atti_store::StoredFacts,
    ) -> AppResult<SedutaPackage> {
        let Some(record) = stored.seduta.as_ref().and_then(|s| s.record.as_ref()) else {
            return Ok(SedutaPackage::Nessuna);
        };
        let Some(row) = self.store.seduta_by_uid(&record.seduta)? else {
            return Ok(SedutaPackage::Altrove);
        };
        if self
            .store
            .seduta_condivisa(row.id)?
            .is_some_and(|c| c.altrove)
        {
            return Ok(SedutaPackage::Altrove);
        }
        let (_, _, _, state) = self.seduta_state(row.id)?;
        let Some((_, _, verbale)) = state.verbale.get(1) else {
            return Ok(SedutaPackage::Verbale);
        };
        let file = |avviso: bool, sha: &str| -> AppResult<atti_store::NewOutboxFile> {
            Ok(atti_store::NewOutboxFile {
                name: atti_docs::seduta_file_name(row.id, avviso),
                bytes: self.store.blob(sha)?,
                signed: true,
                last: false,
            })
        };
        let mut files = Vec::new();
        if let Some(a) = state.avvisi.last() {
            files.push(file(true, &a.sha256)?);
        }
        files.push(file(false, verbale)?);
        Ok(SedutaPackage::Files(files))
    }

    /// After the minutes are signed by both: the packages of the session's delibere that were
    /// waiting for them.
    pub(crate) fn enqueue_seduta_delibere(&mut self, id: i64) -> AppResult<()> {
        let (_, _, _, state) = self.seduta_state(id)?;
        if state.verbale.len() < 2 {
            return Ok(());
        }
        for p in &state.punti {
            if matches!(p.esito, atti_core::seduta::EsitoPunto::Votato { .. }) {
                self.enqueue_if_complete(p.atto)?;
            }
        }
        Ok(())
    }
}

/// The SHA-256 of the signed file a fact names, if it names one.
fn document_sha(fact: &SedutaFatto) -> Option<&str> {
    match fact {
        SedutaFatto::Avviso { sha256, .. } | SedutaFatto::VerbaleFirmato { sha256, .. } => {
            Some(sha256)
        }
        _ => None,
    }
}
