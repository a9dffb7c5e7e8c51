//! The life of an act as a sequence of events: created, a version saved, an action of the
//! iter, a parere. Applying the same events in the same order to an empty archive gives the
//! same states, numbers and audit hashes, byte for byte (atti-app's `apply_event`, proven by
//! its replay property test): every PC of a Comune can replay the shared iter to one truth.
//!
//! An event carries everything the step needs, and nothing the archive computes: the moment
//! and the user are part of it (the replay reads no clock), the number is not (the register
//! gives it again, in the same order).

use crate::iter::{Action, Seduta};
use crate::parere::{Esito, ParereTipo};
use crate::{Act, ActId, ActKind};
use serde::{Deserialize, Serialize};

/// One step in the life of an act.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The act, by its id in the archive (acts are created in the order of their events).
    pub act: ActId,
    /// When it happened: the clock of the step, and of its replay.
    pub at: jiff::Timestamp,
    /// Who took it (username).
    pub by: String,
    /// What happened.
    pub what: EventKind,
}

/// What happened to the act.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum EventKind {
    /// A draft was created.
    Created {
        /// Its kind.
        kind: ActKind,
        /// Its oggetto.
        oggetto: String,
        /// The office proposing it.
        office: String,
        /// Its identifier in the Comune, when it is shared through the document server
        /// (`<username>-<uuid>`: docs/iter-condiviso.md).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        uid: Option<String>,
        /// Its proposal number in its office and year, as claimed on the server's register
        /// (shared acts); without it the archive gives the next one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        proposta: Option<u32>,
    },
    /// A new version of the text was saved; `content.version` is the version it started from.
    Saved {
        /// The whole content.
        content: Box<Act>,
    },
    /// An attachment was added (a new version of the act with it).
    Attached {
        /// Its name.
        name: String,
        /// Its content (base64 on the wire).
        #[serde(with = "base64_bytes")]
        bytes: Vec<u8>,
    },
    /// An attachment was removed (a new version of the act without it).
    Detached {
        /// SHA-256 of its content.
        sha256: String,
    },
    /// An action of the iter that is not a signature.
    Action {
        /// The action.
        action: Action,
        /// The reasons, if any.
        note: Option<String>,
        /// The session data (approva, respingi).
        seduta: Option<Box<Seduta>>,
        /// Comments per part of the act: (field path, text).
        comments: Vec<(String, String)>,
        /// The number the step gave, as claimed on the server's register, so that every PC
        /// records the same one: a delibera's final number when approved, or the act's number
        /// of the register of publications when put on the albo (pubblica).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        numero: Option<u32>,
        /// Pubblica: the personal data in the text that who published confirmed by name.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        conferma_dati: Vec<String>,
        /// Notifica of a verbale: how and when it was notified, with its proofs.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        notificazione: Option<Box<crate::notifica::Notificazione>>,
    },
    /// A parere or visto given on the current version, by signing its own document: the
    /// file as signed on the PC where it was given. A replay checks it (one valid signature,
    /// the user's, over the document the replay renders) and records it; it never signs.
    Parere {
        /// Which one.
        tipo: ParereTipo,
        /// Its outcome.
        esito: Esito,
        /// Its reasons.
        motivazione: String,
        /// Its signed document (part "parere").
        file: SignedPart,
    },
    /// An attestation signed after the act's publication (the referto di pubblicazione, the
    /// certificato di esecutività): its document as signed on the PC where it was. A replay
    /// checks it (one valid signature, the user's, over the document the replay renders) and
    /// records it; it never signs.
    Attestazione {
        /// Which one.
        tipo: crate::attestazione::Attestazione,
        /// Its signed document (part "attestazione:<tipo>").
        file: SignedPart,
    },
    /// The archiviazione of a verbale (the step «archivia»), taken by signing its own
    /// provvedimento: the file as signed on the PC where it was. A replay checks it (one valid
    /// signature, the user's, over the document the replay renders) and records it with the
    /// step; it never signs.
    Archiviazione {
        /// The reason and the reasons.
        archiviazione: crate::archiviazione::Archiviazione,
        /// Its signed document (part "archiviazione").
        file: SignedPart,
    },
    /// A step taken with the actor's digital signature (adotta, firma): the files as signed
    /// on the PC where the signature was made. A replay checks them (the signatures verify,
    /// the last signer is the user, the act's file extends the document the replay renders)
    /// and records them; it never signs.
    Signed {
        /// Adotta or firma.
        action: Action,
        /// The final number the signed document carries (adotta): the register must give
        /// the same one.
        numero: Option<u32>,
        /// The signed files of this step, one per part.
        files: Vec<SignedPart>,
    },
}

impl EventKind {
    /// Whether it is a step of the iter (an action, a parere, a signature), as opposed to the
    /// drafting that comes before one (creation, saves, attachments).
    pub fn is_step(&self) -> bool {
        matches!(
            self,
            EventKind::Action { .. }
                | EventKind::Parere { .. }
                | EventKind::Signed { .. }
                | EventKind::Attestazione { .. }
                | EventKind::Archiviazione { .. }
        )
    }
}

/// One signed file of a signature step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedPart {
    /// "atto" or "allegato:<sha256 of the attachment>".
    pub part: String,
    /// "pades" or "cades".
    pub format: String,
    /// The file's name.
    pub name: String,
    /// The bytes, with every signature so far (base64 on the wire).
    #[serde(with = "base64_bytes")]
    pub bytes: Vec<u8>,
}

/// Bytes as standard base64 text in JSON.
pub(crate) mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}
