//! The shared iter on the document server (docs/iter-condiviso.md): each act's history is a
//! chain of events, one per slot, on the server's own atomic primitive (MKCOL), with no
//! server of ours and no LOCK.
//!
//! - `utenti/<u>/eventi/<sha256>.json`: the events user `u` wrote, each named by the SHA-256 of
//!   its bytes (create-only: two writers of one name write the same bytes). Only `u` may write
//!   there (the server's access rules: docs/apache-atti.conf), so the area proves the author.
//! - `iter/<uid>/<seq>/`: the slot of the act's `seq`-th event. Of two PCs that MKCOL it, one
//!   gets 201: the slot is its to decide.
//! - `iter/<uid>/<seq>.<u>.<sha256>/`: the decision: u's event `<sha256>` is the `seq`-th. It
//!   counts only when made within [`Tuning::slot_timeout`] of the slot, by the server's clock
//!   (the folders' creation dates, the `Date` of its answers): a slot left without a decision
//!   (a PC killed in between) is void once that time is over, and the history goes on at the
//!   next slot: nobody waits longer than that.
//!
//! An event's envelope names the act, its `seq`, its author and the SHA-256 of the previous
//! event's file (`prev`): an event changed on the server no longer matches its name, a removed
//! one leaves a decision without its file, a reordered one breaks `prev`; the history stops
//! there and says where. What an event says (`evento`) is the caller's (atti-core's `Event`).

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::SyncError;
use crate::client::{Client, sha256};
use crate::dav::RemotePath;
use crate::slots::{self, Slot, Taken};

/// Folder of the acts' slots and decisions under the base URL.
pub const ITER_ROOT: &str = "iter";
/// Folder of the users' own areas under the base URL.
pub const USERS_ROOT: &str = "utenti";
/// `prev` of an act's first event.
pub const NO_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event as it lies on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// The act's global identifier.
    pub atto: String,
    /// Its place in the act's history, from 1.
    pub seq: u64,
    /// SHA-256 of the previous event's file ([`NO_PREV`] for the first).
    pub prev: String,
    /// Who wrote it: the owner of the area it lives in.
    pub autore: String,
    /// What happened (atti-core's `Event`, as JSON).
    pub evento: serde_json::Value,
}

impl Envelope {
    /// The file's bytes (compact JSON, UTF-8) and its name's SHA-256 (hex) of them.
    pub fn file(&self) -> Result<(Vec<u8>, String), SyncError> {
        let bytes =
            serde_json::to_vec(self).map_err(|e| SyncError::Protocol(format!("evento: {e}")))?;
        let sha = hex::encode(sha256(&bytes));
        Ok((bytes, sha))
    }
}

/// One event of an act's history, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEvent {
    /// SHA-256 of its file (its name).
    pub sha256: String,
    /// The event.
    pub envelope: Envelope,
}

/// An act's history from a given slot on, as far as it is decided.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    /// The events, in order (void slots skipped).
    pub events: Vec<HistoryEvent>,
    /// The first slot not decided yet: where the next event goes.
    pub next_seq: u64,
    /// SHA-256 of the last event's file (the next event's `prev`).
    pub head: String,
    /// A slot claimed, not decided yet and not yet void: the history may grow there soon.
    pub pending: bool,
    /// What is wrong on the server (an event changed, removed, out of place, or in the
    /// wrong area): the history stops at the first such slot, each is named.
    pub problems: Vec<String>,
}

/// The outcome of an append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Appended {
    /// The event is the `seq`-th of the act.
    Ours {
        /// Its place.
        seq: u64,
    },
    /// Another event took the slot (or ours came too late): read the history again and
    /// decide the step anew on it.
    Taken,
}

impl Client {
    /// Reads the history of act `uid` from slot `from` on, the event before it having the
    /// SHA-256 `prev` ([`NO_PREV`] from the start): one PROPFIND of the act's folder, then
    /// each new event's file.
    pub async fn history(&self, uid: &str, from: u64, prev: &str) -> Result<History, SyncError> {
        let dir = act_dir(uid)?;
        let mut history = History {
            next_seq: from,
            head: prev.to_string(),
            ..History::default()
        };
        let listed = match self.listed_retrying(&dir).await {
            Ok(listed) => listed,
            Err(SyncError::NotFound { .. }) => return Ok(history),
            Err(e) => return Err(e),
        };
        let entries = slots::entries(&listed);
        loop {
            let seq = history.next_seq;
            let decision = match slots::slot(
                &entries,
                seq,
                self.tuning().slot_timeout,
                listed.server_now,
            ) {
                Slot::Free => return Ok(history),
                Slot::Pending => {
                    history.pending = true;
                    return Ok(history);
                }
                Slot::Void => {
                    history.next_seq += 1;
                    continue;
                }
                Slot::Decided { what, others } => {
                    if !others.is_empty() {
                        history.problems.push(format!(
                            "iter/{uid}/{seq}: più di una decisione (anche {}): vale la più vecchia",
                            others.join(", ")
                        ));
                    }
                    format!("{seq}.{what}")
                }
            };
            match self
                .decided_event(uid, seq, &history.head, &decision)
                .await?
            {
                Ok(event) => {
                    history.head = event.sha256.clone();
                    history.events.push(event);
                    history.next_seq += 1;
                }
                Err(problem) => {
                    history.problems.push(problem);
                    return Ok(history);
                }
            }
        }
    }

    /// The event a decision names, checked; or what is wrong with it.
    async fn decided_event(
        &self,
        uid: &str,
        seq: u64,
        prev: &str,
        decision: &str,
    ) -> Result<Result<HistoryEvent, String>, SyncError> {
        let place = format!("iter/{uid}/{decision}");
        let Some((author, sha)) = decision
            .strip_prefix(&format!("{seq}."))
            .and_then(|rest| rest.rsplit_once('.'))
        else {
            return Ok(Err(format!("{place}: nome non valido")));
        };
        if !is_sha256(sha) || !is_username(author) {
            return Ok(Err(format!("{place}: nome non valido")));
        }
        let file = event_path(author, sha)?;
        let bytes = match self.get_retrying(&file.as_text()).await {
            Ok(bytes) => bytes,
            Err(SyncError::NotFound { .. }) => {
                return Ok(Err(format!(
                    "{place}: l'evento {} non c'è più sul server",
                    file.as_text()
                )));
            }
            Err(e) => return Err(e),
        };
        if hex::encode(sha256(&bytes)) != sha {
            return Ok(Err(format!(
                "{place}: l'evento {} è stato modificato (impronta diversa dal nome)",
                file.as_text()
            )));
        }
        let envelope: Envelope = match serde_json::from_slice(&bytes) {
            Ok(e) => e,
            Err(e) => {
                return Ok(Err(format!(
                    "{place}: l'evento {} non è leggibile ({e})",
                    file.as_text()
                )));
            }
        };
        let wrong = if envelope.atto != uid {
            Some(format!("è di un altro atto ({})", envelope.atto))
        } else if envelope.seq != seq {
            Some(format!(
                "è l'evento {} dell'atto, non il {seq}",
                envelope.seq
            ))
        } else if envelope.prev != prev {
            Some("non segue l'evento precedente (catena interrotta)".to_string())
        } else if envelope.autore != author {
            Some(format!(
                "dice di essere di {}, ma sta nell'area di {author}",
                envelope.autore
            ))
        } else {
            None
        };
        Ok(match wrong {
            Some(what) => Err(format!("{place}: l'evento {} {what}", file.as_text())),
            None => Ok(HistoryEvent {
                sha256: sha.to_string(),
                envelope,
            }),
        })
    }

    /// Appends `envelope` (written by this client's user) as event `envelope.seq` of its
    /// act: its file into the user's area, then the slot (MKCOL: 201 is ours), then the
    /// decision, checked in time. Every request is repeatable: a PC that dies anywhere in
    /// between appends again with the same envelope and finds what it had done.
    pub async fn append(&self, envelope: &Envelope) -> Result<Appended, SyncError> {
        self.write_event(envelope, false).await
    }

    /// Reserves slot `seq` of act `uid` before its event exists (a step that claims a number
    /// or signs: nothing is claimed or signed for a slot another PC holds). True: the slot is
    /// ours, to be decided by [`Client::decide`] within `Tuning::slot_timeout`; false: another
    /// PC holds it (read the history again).
    pub async fn reserve(&self, uid: &str, seq: u64) -> Result<bool, SyncError> {
        self.claim_slot(&act_dir(uid)?, seq).await
    }

    /// Decides the slot reserved with [`Client::reserve`] for `envelope`: its file into the
    /// user's area, then the decision, checked in time (`Taken`: too late, the slot is void).
    pub async fn decide(&self, envelope: &Envelope) -> Result<Appended, SyncError> {
        self.write_event(envelope, true).await
    }

    /// The event's file, then its decision: in a slot taken now, or `reserved` before.
    async fn write_event(
        &self,
        envelope: &Envelope,
        reserved: bool,
    ) -> Result<Appended, SyncError> {
        let sha = self.put_event(envelope).await?;
        let dir = act_dir(&envelope.atto)?;
        let what = format!("{}.{sha}", envelope.autore);
        let taken = if reserved {
            self.decide_slot(&dir, envelope.seq, &what).await?
        } else {
            self.take_slot(&dir, envelope.seq, &what).await?
        };
        Ok(match taken {
            Taken::Ours => Appended::Ours { seq: envelope.seq },
            Taken::Lost => Appended::Taken,
        })
    }

    /// Writes an envelope of this client's user into the user's area (create-only, verified);
    /// returns its SHA-256.
    async fn put_event(&self, envelope: &Envelope) -> Result<String, SyncError> {
        if envelope.autore != self.user() {
            return Err(SyncError::Protocol(format!(
                "l'evento è di {}, ma sul server accede {}",
                envelope.autore,
                self.user()
            )));
        }
        let (bytes, sha) = envelope.file()?;
        let file = event_path(&envelope.autore, &sha)?.as_text();
        let bytes = Bytes::from(bytes);
        // Create-only and verified: a try after a server error finds the file there (the same
        // bytes: already present) or puts it; WsgiDAV answers 500 now and then under a race.
        self.retrying(|| self.upload(&file, bytes.clone(), crate::Check::Sha256))
            .await?;
        Ok(sha)
    }
}

/// The act's folder.
fn act_dir(uid: &str) -> Result<RemotePath, SyncError> {
    if !is_uid(uid) {
        return Err(SyncError::InvalidPath(uid.to_string()));
    }
    RemotePath::dir(ITER_ROOT)?.child(uid)
}

/// An event's file in its author's area.
fn event_path(author: &str, sha: &str) -> Result<RemotePath, SyncError> {
    if !is_username(author) {
        return Err(SyncError::InvalidPath(author.to_string()));
    }
    RemotePath::dir(USERS_ROOT)?
        .child(author)?
        .child("eventi")?
        .child(&format!("{sha}.json"))
}

fn is_sha256(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A username as atti-core allows them (lowercase letters, digits, `.`, `-`, `_`).
fn is_username(text: &str) -> bool {
    is_plain_name(text, 32)
}

/// An act's global identifier: `<username>-<uuid>` or any name of the same letters.
fn is_uid(text: &str) -> bool {
    is_plain_name(text, 80) && !text.starts_with('.')
}

/// At most `max` lowercase letters, digits, `.`, `-` and `_`; at least one.
fn is_plain_name(text: &str, max: usize) -> bool {
    !text.is_empty()
        && text.len() <= max
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}
