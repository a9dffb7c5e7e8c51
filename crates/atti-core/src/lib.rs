//! The domain of Atti: the kinds of administrative act a Comune adopts, what an act contains,
//! and the rules that say whether its content is well formed.
//!
//! This crate is pure: no IO, no async, no clock reads. Time, ids and storage are the business
//! of the crates around it (atti-store, atti-app). Every rule of the domain lives here, so that
//! the desktop UI, the CLI and the tests cannot bypass it.

#![deny(missing_docs)]

pub mod act;
pub mod albo;
pub mod archiviazione;
pub mod attestazione;
pub mod codice_fiscale;
pub mod comune;
pub mod controllo;
pub mod dates;
pub mod drafting;
pub mod duplica;
pub mod event;
pub mod iter;
pub mod kind;
pub mod modello;
pub mod money;
pub mod name;
pub mod notifica;
pub mod organo;
pub mod pagamento;
pub mod pagopa;
pub mod parere;
pub mod rich_text;
pub mod role;
pub mod seduta;
pub mod sensitive;
pub mod slug;
pub mod trasparenza;
pub mod validate;
pub mod verbale;

pub use act::{
    Act, ActId, ActState, Attachment, DispositivoPoint, Impegno, Person, PubblicazioneSpeciale,
    Riservato, Section, SectionKind, Sovvenzione, TipoOrdinanza, VerbalePl,
};
pub use kind::ActKind;
pub use role::Role;
pub use sensitive::Sensitive;
pub use validate::{FieldError, ValidationError, validate_act, validate_complete};
