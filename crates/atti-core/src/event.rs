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
    },
    /// A new version of the text was saved; `content.version` is the version it started from.
    Saved {
        /// The whole content.
        content: Box<Act>,
    },
    /// An action of the iter that is not a signature.
    Action {
        /// The action.
        action: Action,
        /// The reasons, if any.
        note: Option<String>,
        /// The session data (approva, respingi).
        seduta: Option<Seduta>,
        /// Comments per part of the act: (field path, text).
        comments: Vec<(String, String)>,
    },
    /// A parere given on the current version (not the visto, which is a signature).
    Parere {
        /// Which one.
        tipo: ParereTipo,
        /// Its outcome.
        esito: Esito,
        /// Its reasons.
        motivazione: String,
    },
}
