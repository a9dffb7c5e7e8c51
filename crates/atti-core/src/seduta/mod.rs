//! The sessions of the Giunta and of the Consiglio (docs/sedute.md): the arithmetic of their
//! votes (`voti`) and the record of a session as events, folded into its state by the rules
//! here, so that no count, quorum or outcome is decided outside the core.
//!
//! A session is a sequence of facts recorded in order by the segreteria: convened, items put
//! on the ordine del giorno and moved, opened with the roll call, arrivals and departures,
//! each item voted by name (or postponed, or withdrawn), declarations, closed. Each fact is
//! checked against the state it follows ([`SedutaStato::apply`]); the counts of a vote are
//! computed from the names, never typed.

mod voti;

pub use voti::{
    Conteggio, Maggioranza, Quorum, approvata, check_conteggio, favorevoli_richiesti, numero_legale,
};

use crate::ActId;
use crate::iter::{Seduta, SedutaRecord, Votazione};
use crate::organo::{Carica, Convocazione, MembroSetup, Organo, OrganoSetup};
use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Ordinaria, straordinaria or urgente.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum TipoSeduta {
    /// Seduta ordinaria.
    Ordinaria,
    /// Seduta straordinaria.
    Straordinaria,
    /// Seduta urgente (convened with 24 hours' notice).
    Urgente,
}

impl TipoSeduta {
    /// Every type.
    pub const ALL: [TipoSeduta; 3] = [
        TipoSeduta::Ordinaria,
        TipoSeduta::Straordinaria,
        TipoSeduta::Urgente,
    ];

    /// The contract name (as printed, too).
    pub fn slug(self) -> &'static str {
        self.label()
    }

    /// Parses a contract name.
    pub fn from_slug(slug: &str) -> Option<TipoSeduta> {
        TipoSeduta::ALL.into_iter().find(|t| t.slug() == slug)
    }

    /// As printed.
    pub fn label(self) -> &'static str {
        match self {
            TipoSeduta::Ordinaria => "ordinaria",
            TipoSeduta::Straordinaria => "straordinaria",
            TipoSeduta::Urgente => "urgente",
        }
    }
}

/// One fact of a session, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SedutaEvento {
    /// When it was recorded.
    pub at: jiff::Timestamp,
    /// Who recorded it (username).
    pub by: String,
    /// What happened.
    pub what: SedutaFatto,
}

/// What happened in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum SedutaFatto {
    /// The session was convened: always the first fact.
    Convocata {
        /// Which organ.
        organo: Organo,
        /// Ordinaria, straordinaria, urgente.
        tipo: TipoSeduta,
        /// Prima or seconda convocazione.
        convocazione: Convocazione,
        /// The day.
        #[ts(type = "string")]
        #[schemars(with = "String")]
        data: Date,
        /// The time.
        #[ts(type = "string")]
        #[schemars(with = "String")]
        ora: Time,
        /// The place (the room), or the platform of a videoconference.
        luogo: String,
        /// Held by videoconference.
        videoconferenza: bool,
    },
    /// A proposal was put on the ordine del giorno (last place).
    Iscritto {
        /// The act.
        atto: ActId,
        /// Its oggetto, as read in the session.
        oggetto: String,
        /// The majority its approval needs.
        maggioranza: Maggioranza,
    },
    /// An item was moved to another place of the ordine del giorno (1 is the first).
    Spostato {
        /// The item (its number).
        punto: u16,
        /// Its new place.
        posizione: u16,
    },
    /// The session was opened with the roll call: the members present; the others in
    /// office are absent (with justification if listed).
    Aperta {
        /// Members present (ids).
        presenti: Vec<String>,
        /// Members absent with justification (ids).
        giustificati: Vec<String>,
        /// Who presides (a member present, by the organ's order of presidency).
        presiede: String,
        /// The segretario who takes the minutes (full name).
        segretario: String,
    },
    /// A member arrived.
    Entra {
        /// The member (id).
        membro: String,
    },
    /// A member left the session.
    Esce {
        /// The member (id).
        membro: String,
    },
    /// An item was voted by name. Each member present and taking part votes once.
    Votazione {
        /// The item (its number).
        punto: u16,
        /// In favour (ids).
        favorevoli: Vec<String>,
        /// Against (ids).
        contrari: Vec<String>,
        /// Abstaining (ids).
        astenuti: Vec<String>,
        /// Present but out of the room for this item (art. 78 c.2 TUEL: an interest of
        /// theirs): not counted.
        non_partecipano: Vec<String>,
        /// The separate vote on immediate executability (art. 134 c.4 TUEL), when taken.
        immediata: Option<VotoNominale>,
    },
    /// An item was postponed to another session.
    Rinviato {
        /// The item.
        punto: u16,
        /// Why.
        motivo: String,
    },
    /// An item was withdrawn by its proposer.
    Ritirato {
        /// The item.
        punto: u16,
        /// Why.
        motivo: String,
    },
    /// A declaration for the minutes.
    Dichiarazione {
        /// On an item, or on the session.
        punto: Option<u16>,
        /// The member who made it (id).
        membro: String,
        /// Its text.
        testo: String,
    },
    /// The session was closed: nothing may be added after but the signatures of its minutes
    /// and the communication of its delibere.
    Chiusa,
    /// The avviso di convocazione, signed by who convenes the organ (the sindaco, the
    /// presidente del consiglio, or who stands in): it lists the ordine del giorno as it is.
    Avviso {
        /// SHA-256 of the signed avviso.
        sha256: String,
        /// The day it was issued and sent.
        #[ts(type = "string")]
        #[schemars(with = "String")]
        emesso_il: Date,
        /// Who signed it (username).
        firmato_da: String,
    },
    /// The minutes (art. 97 TUEL) signed: first by who presided, then by the segretario.
    VerbaleFirmato {
        /// SHA-256 of the minutes with every signature so far.
        sha256: String,
        /// Who signed (username).
        firmato_da: String,
        /// As which of the two.
        ruolo: FirmaVerbale,
    },
    /// The list of the Giunta's delibere communicated to the capigruppo (art. 125 TUEL).
    ComunicazioneCapigruppo {
        /// The delibere, by number ("12/2026").
        delibere: Vec<String>,
        /// The day of the communication.
        #[ts(type = "string")]
        #[schemars(with = "String")]
        il: Date,
    },
}

/// Who signs the minutes of a session.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum FirmaVerbale {
    /// Who presided, first.
    Presidente,
    /// The segretario who took the minutes, second.
    Segretario,
}

/// An avviso di convocazione issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AvvisoEmesso {
    /// SHA-256 of the signed avviso.
    pub sha256: String,
    /// The day it was issued.
    #[ts(type = "string")]
    pub emesso_il: Date,
    /// Who signed it (username).
    pub firmato_da: String,
    /// The items on the ordine del giorno it lists.
    pub punti: Vec<u16>,
}

/// A vote by name.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(deny_unknown_fields)]
pub struct VotoNominale {
    /// In favour (ids).
    pub favorevoli: Vec<String>,
    /// Against (ids).
    pub contrari: Vec<String>,
    /// Abstaining (ids).
    pub astenuti: Vec<String>,
}

/// Where a session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum Fase {
    /// Convened: the ordine del giorno may change.
    Convocata,
    /// Under way.
    Aperta,
    /// Closed.
    Chiusa,
}

impl Fase {
    /// As a clerk reads it: «convocata», «aperta», «chiusa».
    pub fn label(self) -> &'static str {
        match self {
            Fase::Convocata => "convocata",
            Fase::Aperta => "aperta",
            Fase::Chiusa => "chiusa",
        }
    }
}

/// What became of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "esito", rename_all = "kebab-case")]
pub enum EsitoPunto {
    /// Not dealt with yet.
    DaTrattare,
    /// Voted: approved or rejected, by the counts.
    Votato {
        /// Whether approved.
        approvato: bool,
        /// The vote.
        voto: Box<VotoPunto>,
    },
    /// Postponed.
    Rinviato {
        /// Why.
        motivo: String,
    },
    /// Withdrawn.
    Ritirato {
        /// Why.
        motivo: String,
    },
}

/// The vote on an item, as the minutes report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct VotoPunto {
    /// Members in office on the day.
    pub componenti: u16,
    /// Present and counted for the item (ids).
    pub presenti: Vec<String>,
    /// The vote by name.
    pub voto: VotoNominale,
    /// Out of the room for the item (art. 78).
    pub non_partecipano: Vec<String>,
    /// The separate vote on immediate executability, when taken, and whether it was won.
    pub immediata: Option<(VotoNominale, bool)>,
}

/// An item of the ordine del giorno.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Punto {
    /// Its number, given when it was put on the ordine del giorno (it keeps it when moved).
    pub numero: u16,
    /// The act.
    pub atto: ActId,
    /// Its oggetto.
    pub oggetto: String,
    /// The majority it needs.
    pub maggioranza: Maggioranza,
    /// What became of it.
    pub esito: EsitoPunto,
}

/// A change of attendance, for the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Movimento {
    /// The member (id).
    pub membro: String,
    /// Arrived (true) or left.
    pub entra: bool,
    /// The items already dealt with when it happened.
    pub dopo_punti: u16,
    /// When.
    #[ts(type = "string")]
    pub at: jiff::Timestamp,
}

/// A declaration for the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DichiarazioneResa {
    /// On an item, or on the session.
    pub punto: Option<u16>,
    /// The member (id).
    pub membro: String,
    /// The text.
    pub testo: String,
}

/// A session as its facts made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SedutaStato {
    /// Which organ.
    pub organo: Organo,
    /// Ordinaria, straordinaria, urgente.
    pub tipo: TipoSeduta,
    /// Prima or seconda.
    pub convocazione: Convocazione,
    /// The day.
    #[ts(type = "string")]
    pub data: Date,
    /// The time.
    #[ts(type = "string")]
    pub ora: Time,
    /// The place.
    pub luogo: String,
    /// Held by videoconference.
    pub videoconferenza: bool,
    /// Where it is.
    pub fase: Fase,
    /// The ordine del giorno, in its order.
    pub punti: Vec<Punto>,
    /// Members present now (ids).
    pub presenti: BTreeSet<String>,
    /// Members absent with justification at the roll call (ids).
    pub giustificati: BTreeSet<String>,
    /// Who presides (id), once opened.
    pub presiede: Option<String>,
    /// The segretario (full name), once opened.
    pub segretario: Option<String>,
    /// Arrivals and departures after the roll call.
    pub movimenti: Vec<Movimento>,
    /// Declarations.
    pub dichiarazioni: Vec<DichiarazioneResa>,
    /// The avvisi di convocazione issued, the last one valid.
    pub avvisi: Vec<AvvisoEmesso>,
    /// The signatures of the minutes so far: (as whom, by whom, the signed file's SHA-256).
    pub verbale: Vec<(FirmaVerbale, String, String)>,
    /// The day the delibere were communicated to the capigruppo (Giunta).
    #[ts(type = "string | null")]
    pub comunicazione_capigruppo: Option<Date>,
}

/// Whether a user in `role` may record the facts of a session: the segretario (or who
/// stands in, with the same role), who takes the minutes.
pub fn may_record(role: crate::Role) -> bool {
    role == crate::Role::Segretario
}

/// Whether a proposal of `kind` in `state` may be put on the ordine del giorno of a session of
/// `organo`: a delibera of that organ, proposed (its pareri given: the act's `iscrivi` checks
/// them) or already iscritta (postponed by an earlier session).
pub fn check_iscrivibile(
    organo: Organo,
    kind: crate::ActKind,
    state: crate::ActState,
) -> Result<(), String> {
    let own = organo.delibera();
    if kind != own {
        return Err(format!(
            "all'ordine del giorno {} vanno solo proposte di {}",
            organo.della(),
            own.label().to_lowercase()
        ));
    }
    match state {
        crate::ActState::Proposta | crate::ActState::Iscritta => Ok(()),
        other => Err(format!(
            "la proposta è «{}»: si iscrive all'ordine del giorno una proposta con i pareri dati",
            other.label()
        )),
    }
}

/// Who presides a session among `presenti`: the first present in the organ's order of
/// presidency (the sindaco, else the vicesindaco, for the Giunta).
pub fn chi_presiede(organo: &OrganoSetup, data: Date, presenti: &[String]) -> Option<String> {
    let in_office = organo.in_carica(data);
    organo.organo.presidenza().iter().find_map(|c| {
        presenti
            .iter()
            .find(|id| in_office.iter().any(|m| &m.id == *id && m.carica == *c))
            .cloned()
    })
}

impl SedutaStato {
    /// The state of a session from its first fact, which must convene it.
    pub fn convocata(first: &SedutaFatto, organo: &OrganoSetup) -> Result<SedutaStato, String> {
        let SedutaFatto::Convocata {
            organo: which,
            tipo,
            convocazione,
            data,
            ora,
            luogo,
            videoconferenza,
        } = first
        else {
            return Err("una seduta comincia con la sua convocazione".into());
        };
        if *which != organo.organo {
            return Err(format!(
                "la convocazione è {}, non {}",
                which.della(),
                organo.organo.della()
            ));
        }
        if organo.quorum(*convocazione).is_none() {
            return Err(format!(
                "{} non si riunisce in seconda convocazione",
                which.la()
            ));
        }
        if luogo.trim().is_empty() {
            return Err(
                "manca il luogo della seduta (o la piattaforma della videoconferenza)".into(),
            );
        }
        if organo.in_carica(*data).is_empty() {
            return Err(format!(
                "{} non ha componenti in carica il {data}",
                which.la()
            ));
        }
        Ok(SedutaStato {
            organo: *which,
            tipo: *tipo,
            convocazione: *convocazione,
            data: *data,
            ora: *ora,
            luogo: luogo.trim().to_string(),
            videoconferenza: *videoconferenza,
            fase: Fase::Convocata,
            punti: Vec::new(),
            presenti: BTreeSet::new(),
            giustificati: BTreeSet::new(),
            presiede: None,
            segretario: None,
            movimenti: Vec::new(),
            dichiarazioni: Vec::new(),
            avvisi: Vec::new(),
            verbale: Vec::new(),
            comunicazione_capigruppo: None,
        })
    }

    /// The state of a session from all its facts, in order.
    pub fn from_events(
        facts: &[SedutaEvento],
        organo: &OrganoSetup,
    ) -> Result<SedutaStato, String> {
        let (first, rest) = facts
            .split_first()
            .ok_or_else(|| "la seduta non ha fatti registrati".to_string())?;
        let mut state = SedutaStato::convocata(&first.what, organo)?;
        for e in rest {
            state.apply(&e.what, e.at, organo)?;
        }
        Ok(state)
    }

    /// The members in office on the session's day.
    pub fn componenti<'a>(&self, organo: &'a OrganoSetup) -> Vec<&'a MembroSetup> {
        organo.in_carica(self.data)
    }

    /// The members needed present for the numero legale.
    pub fn numero_legale(&self, organo: &OrganoSetup) -> u32 {
        organo
            .quorum(self.convocazione)
            .map(|q| numero_legale(q, self.componenti(organo).len() as u16))
            .unwrap_or(u32::MAX)
    }

    /// The item numbered `numero`.
    pub fn punto(&self, numero: u16) -> Option<&Punto> {
        self.punti.iter().find(|p| p.numero == numero)
    }

    /// Applies one more fact, or says in Italian why it cannot be.
    pub fn apply(
        &mut self,
        fact: &SedutaFatto,
        at: jiff::Timestamp,
        organo: &OrganoSetup,
    ) -> Result<(), String> {
        let after_closing = matches!(
            fact,
            SedutaFatto::VerbaleFirmato { .. } | SedutaFatto::ComunicazioneCapigruppo { .. }
        );
        if self.fase == Fase::Chiusa && !after_closing {
            return Err("la seduta è chiusa: non si registra più nulla".into());
        }
        let in_office: Vec<&str> = self
            .componenti(organo)
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        let member = |id: &str| -> Result<(), String> {
            if in_office.contains(&id) {
                Ok(())
            } else {
                Err(format!(
                    "«{id}» non è un componente in carica {} il {}",
                    self.organo.della(),
                    self.data
                ))
            }
        };
        match fact {
            SedutaFatto::Convocata { .. } => Err("la seduta è già convocata".into()),
            SedutaFatto::Iscritto {
                atto,
                oggetto,
                maggioranza,
            } => {
                self.require(Fase::Convocata, "iscrivere una proposta")?;
                if self.punti.iter().any(|p| p.atto == *atto) {
                    return Err("la proposta è già all'ordine del giorno".into());
                }
                if let Maggioranza::Qualificata { num, den } = maggioranza
                    && (*den == 0 || *num == 0 || num > den)
                {
                    return Err(format!("{num}/{den} non è una maggioranza dei componenti"));
                }
                let numero = self.punti.iter().map(|p| p.numero).max().unwrap_or(0) + 1;
                self.punti.push(Punto {
                    numero,
                    atto: *atto,
                    oggetto: oggetto.clone(),
                    maggioranza: *maggioranza,
                    esito: EsitoPunto::DaTrattare,
                });
                Ok(())
            }
            SedutaFatto::Spostato { punto, posizione } => {
                let from = self.index_da_trattare(*punto)?;
                let to = usize::from(*posizione).saturating_sub(1);
                if *posizione == 0 || to >= self.punti.len() {
                    return Err(format!(
                        "il posto {posizione} non c'è: l'ordine del giorno ha {} punti",
                        self.punti.len()
                    ));
                }
                if self.punti[to].esito != EsitoPunto::DaTrattare {
                    return Err(format!(
                        "al posto {posizione} c'è un punto già trattato: si spostano solo i punti ancora da trattare"
                    ));
                }
                let p = self.punti.remove(from);
                self.punti.insert(to, p);
                Ok(())
            }
            SedutaFatto::Aperta {
                presenti,
                giustificati,
                presiede,
                segretario,
            } => {
                self.require(Fase::Convocata, "aprire la seduta")?;
                let oggi = crate::dates::day_in_italy(at);
                if oggi < self.data {
                    return Err(format!(
                        "la seduta è convocata per il {}: si apre quel giorno, non il {oggi}",
                        self.data
                    ));
                }
                if organo.preavviso_giorni.is_some() {
                    let listed = self
                        .avvisi
                        .last()
                        .map(|a| a.punti.clone())
                        .unwrap_or_default();
                    if listed.is_empty() {
                        return Err(format!(
                            "{} si apre dopo l'avviso di convocazione firmato e recapitato ai componenti",
                            self.organo.la()
                        ));
                    }
                    if let Some(p) = self.punti.iter().find(|p| !listed.contains(&p.numero)) {
                        return Err(format!(
                            "il punto {} («{}») è stato iscritto dopo l'ultimo avviso: serve un avviso integrativo",
                            p.numero, p.oggetto
                        ));
                    }
                }
                let mut seen = BTreeSet::new();
                for id in presenti.iter().chain(giustificati) {
                    member(id)?;
                    if !seen.insert(id.as_str()) {
                        return Err(format!("«{id}» è nominato due volte nell'appello"));
                    }
                }
                let needed = self.numero_legale(organo);
                if (presenti.len() as u32) < needed {
                    return Err(format!(
                        "manca il numero legale: presenti {} su {} componenti, ne servono almeno {needed}",
                        presenti.len(),
                        in_office.len()
                    ));
                }
                if !presenti.contains(presiede) {
                    return Err(format!("chi presiede («{presiede}») deve essere presente"));
                }
                self.check_presidenza(presiede, presenti, organo)?;
                if segretario.trim().is_empty() {
                    return Err("manca il segretario che redige il verbale".into());
                }
                self.presenti = presenti.iter().cloned().collect();
                self.giustificati = giustificati.iter().cloned().collect();
                self.presiede = Some(presiede.clone());
                self.segretario = Some(segretario.trim().to_string());
                self.fase = Fase::Aperta;
                Ok(())
            }
            SedutaFatto::Entra { membro } | SedutaFatto::Esce { membro } => {
                self.require(Fase::Aperta, "registrare le presenze")?;
                member(membro)?;
                let entra = matches!(fact, SedutaFatto::Entra { .. });
                if entra == self.presenti.contains(membro) {
                    return Err(if entra {
                        format!("«{membro}» è già presente")
                    } else {
                        format!("«{membro}» non è presente")
                    });
                }
                if !entra && self.presiede.as_deref() == Some(membro.as_str()) {
                    return Err(format!(
                        "«{membro}» presiede la seduta: prima di uscire lascia la presidenza (chiudi la seduta o riaprila con chi subentra)"
                    ));
                }
                if entra {
                    self.presenti.insert(membro.clone());
                } else {
                    self.presenti.remove(membro);
                }
                let dopo_punti = self
                    .punti
                    .iter()
                    .filter(|p| p.esito != EsitoPunto::DaTrattare)
                    .count() as u16;
                self.movimenti.push(Movimento {
                    membro: membro.clone(),
                    entra,
                    dopo_punti,
                    at,
                });
                Ok(())
            }
            SedutaFatto::Votazione {
                punto,
                favorevoli,
                contrari,
                astenuti,
                non_partecipano,
                immediata,
            } => {
                self.require(Fase::Aperta, "votare")?;
                let i = self.index_da_trattare(*punto)?;
                let voto = VotoNominale {
                    favorevoli: favorevoli.clone(),
                    contrari: contrari.clone(),
                    astenuti: astenuti.clone(),
                };
                let mut out = BTreeSet::new();
                for id in non_partecipano {
                    if !self.presenti.contains(id) {
                        return Err(format!(
                            "«{id}» non è presente: non può uscire per questo punto"
                        ));
                    }
                    if !out.insert(id.as_str()) {
                        return Err(format!("«{id}» è nominato due volte"));
                    }
                }
                let counted: BTreeSet<&str> = self
                    .presenti
                    .iter()
                    .map(String::as_str)
                    .filter(|id| !out.contains(id))
                    .collect();
                self.check_voto(&voto, &counted, "la votazione")?;
                let needed = self.numero_legale(organo);
                if (counted.len() as u32) < needed {
                    return Err(format!(
                        "manca il numero legale per votare: presenti per il punto {}, ne servono almeno {needed}",
                        counted.len()
                    ));
                }
                let componenti = in_office.len() as u16;
                let conteggio = |v: &VotoNominale| Conteggio {
                    componenti,
                    presenti: counted.len() as u16,
                    favorevoli: v.favorevoli.len() as u16,
                    contrari: v.contrari.len() as u16,
                    astenuti: v.astenuti.len() as u16,
                };
                let approvato = approvata(self.punti[i].maggioranza, conteggio(&voto));
                let immediata = match immediata {
                    None => None,
                    Some(_) if !approvato => {
                        return Err(
                            "la proposta è respinta: non c'è immediata eseguibilità da votare"
                                .into(),
                        );
                    }
                    Some(v) => {
                        self.check_voto(v, &counted, "la votazione sull'immediata eseguibilità")?;
                        Some((v.clone(), approvata(Maggioranza::Componenti, conteggio(v))))
                    }
                };
                self.punti[i].esito = EsitoPunto::Votato {
                    approvato,
                    voto: Box::new(VotoPunto {
                        componenti,
                        presenti: counted.iter().map(|s| s.to_string()).collect(),
                        voto,
                        non_partecipano: non_partecipano.clone(),
                        immediata,
                    }),
                };
                Ok(())
            }
            SedutaFatto::Rinviato { punto, motivo } | SedutaFatto::Ritirato { punto, motivo } => {
                let i = self.index_da_trattare(*punto)?;
                if motivo.trim().is_empty() {
                    return Err("serve il motivo".into());
                }
                let motivo = motivo.trim().to_string();
                self.punti[i].esito = if matches!(fact, SedutaFatto::Rinviato { .. }) {
                    self.require(Fase::Aperta, "rinviare un punto")?;
                    EsitoPunto::Rinviato { motivo }
                } else {
                    EsitoPunto::Ritirato { motivo }
                };
                Ok(())
            }
            SedutaFatto::Dichiarazione {
                punto,
                membro,
                testo,
            } => {
                self.require(Fase::Aperta, "registrare una dichiarazione")?;
                member(membro)?;
                if let Some(n) = punto
                    && self.punto(*n).is_none()
                {
                    return Err(format!("il punto {n} non è all'ordine del giorno"));
                }
                if testo.trim().is_empty() {
                    return Err("la dichiarazione è vuota".into());
                }
                self.dichiarazioni.push(DichiarazioneResa {
                    punto: *punto,
                    membro: membro.clone(),
                    testo: testo.trim().to_string(),
                });
                Ok(())
            }
            SedutaFatto::Avviso {
                sha256,
                emesso_il,
                firmato_da,
            } => {
                self.require(Fase::Convocata, "firmare l'avviso di convocazione")?;
                if self.punti.is_empty() {
                    return Err(
                        "l'avviso elenca l'ordine del giorno: iscrivi prima le proposte".into(),
                    );
                }
                self.check_convoca(firmato_da, organo)?;
                self.check_preavviso(*emesso_il, organo)?;
                self.avvisi.push(AvvisoEmesso {
                    sha256: sha256.clone(),
                    emesso_il: *emesso_il,
                    firmato_da: firmato_da.clone(),
                    punti: self.punti.iter().map(|p| p.numero).collect(),
                });
                Ok(())
            }
            SedutaFatto::VerbaleFirmato {
                sha256,
                firmato_da,
                ruolo,
            } => {
                self.require(Fase::Chiusa, "firmare il verbale")?;
                let atteso = self.firma_verbale_attesa(organo)?;
                if atteso.0 != *ruolo {
                    return Err(format!(
                        "il verbale lo firma prima chi ha presieduto, poi il segretario: ora tocca a {}",
                        atteso.1
                    ));
                }
                if ruolo == &FirmaVerbale::Presidente && atteso.1 != *firmato_da {
                    return Err(format!(
                        "il verbale lo firma chi ha presieduto la seduta («{}»), non «{firmato_da}»",
                        atteso.1
                    ));
                }
                self.verbale
                    .push((*ruolo, firmato_da.clone(), sha256.clone()));
                Ok(())
            }
            SedutaFatto::ComunicazioneCapigruppo { delibere, il } => {
                self.require(Fase::Chiusa, "comunicare le delibere ai capigruppo")?;
                if self.organo != Organo::Giunta {
                    return Err(
                        "si comunicano ai capigruppo le delibere della Giunta (art. 125 TUEL)"
                            .into(),
                    );
                }
                if self.comunicazione_capigruppo.is_some() {
                    return Err(
                        "le delibere di questa seduta sono già state comunicate ai capigruppo"
                            .into(),
                    );
                }
                if delibere.is_empty() {
                    return Err("la seduta non ha approvato delibere da comunicare".into());
                }
                if *il < self.data {
                    return Err(format!("il {il} viene prima della seduta"));
                }
                self.comunicazione_capigruppo = Some(*il);
                Ok(())
            }
            SedutaFatto::Chiusa => {
                self.require(Fase::Aperta, "chiudere la seduta")?;
                if let Some(p) = self
                    .punti
                    .iter()
                    .find(|p| p.esito == EsitoPunto::DaTrattare)
                {
                    return Err(format!(
                        "il punto {} («{}») non è stato trattato: votalo, rinvialo o ritiralo prima di chiudere",
                        p.numero, p.oggetto
                    ));
                }
                self.fase = Fase::Chiusa;
                Ok(())
            }
        }
    }

    fn require(&self, fase: Fase, what: &str) -> Result<(), String> {
        if self.fase == fase {
            return Ok(());
        }
        Err(match (self.fase, fase) {
            (Fase::Convocata, _) => format!("la seduta non è ancora aperta: non si può {what}"),
            (Fase::Aperta, Fase::Chiusa) => {
                format!("la seduta non è ancora chiusa: non si può {what}")
            }
            (Fase::Aperta, _) => format!("la seduta è già aperta: non si può più {what}"),
            (Fase::Chiusa, _) => format!("la seduta è chiusa: non si può {what}"),
        })
    }

    fn index_da_trattare(&self, numero: u16) -> Result<usize, String> {
        let i = self
            .punti
            .iter()
            .position(|p| p.numero == numero)
            .ok_or_else(|| format!("il punto {numero} non è all'ordine del giorno"))?;
        if self.punti[i].esito != EsitoPunto::DaTrattare {
            return Err(format!("il punto {numero} è già stato trattato"));
        }
        Ok(i)
    }

    /// Whether `username` may convene the organ and sign its avviso: a member in office with
    /// a charge that presides it (the sindaco, the presidente, or who stands in).
    /// The first charge of the organ's presidency someone in office holds (the presidente of
    /// the Consiglio, where it has one, else the sindaco) and its stand-in.
    fn check_convoca(&self, username: &str, organo: &OrganoSetup) -> Result<(), String> {
        let in_office = self.componenti(organo);
        let first = self
            .organo
            .presidenza()
            .iter()
            .copied()
            .find(|c| in_office.iter().any(|m| m.carica == *c));
        let vice = match first {
            Some(Carica::Sindaco) => Some(Carica::Vicesindaco),
            Some(Carica::Presidente) => Some(Carica::Vicepresidente),
            _ => None,
        };
        let titled = [first, vice];
        let ok = in_office
            .iter()
            .any(|m| m.username.as_deref() == Some(username) && titled.contains(&Some(m.carica)));
        if ok {
            Ok(())
        } else {
            Err(format!(
                "l'avviso di convocazione {} lo firma {}: «{username}» non ne ha titolo",
                self.organo.della(),
                titled
                    .iter()
                    .flatten()
                    .map(|c| c.label())
                    .collect::<Vec<_>>()
                    .join(" o, in sua vece, ")
            ))
        }
    }

    /// The avviso reaches the members in time: the regolamento's days before an ordinary or
    /// extraordinary session, the day before an urgent one; never after the session's day.
    fn check_preavviso(&self, emesso_il: Date, organo: &OrganoSetup) -> Result<(), String> {
        let days = match (self.tipo, organo.preavviso_giorni) {
            (_, None) => 0,
            (TipoSeduta::Urgente, Some(_)) => 1,
            (_, Some(d)) => i64::from(d),
        };
        let deadline = self
            .data
            .checked_sub(jiff::Span::new().days(days))
            .map_err(|e| e.to_string())?;
        if emesso_il > deadline {
            return Err(match days {
                0 => format!(
                    "l'avviso del {emesso_il} viene dopo la seduta del {}",
                    self.data
                ),
                1 if self.tipo == TipoSeduta::Urgente => format!(
                    "una seduta urgente si convoca almeno 24 ore prima: l'avviso va recapitato entro il {deadline}"
                ),
                d => format!(
                    "l'avviso di una seduta {} va recapitato almeno {d} giorni prima (regolamento): entro il {deadline}, non il {emesso_il}; per l'urgenza si convoca una seduta urgente",
                    self.tipo.label()
                ),
            });
        }
        Ok(())
    }

    /// Who signs the minutes next: who presided (their username), then the segretario (the
    /// name that took the minutes); refused once both have signed.
    pub fn firma_verbale_attesa(
        &self,
        organo: &OrganoSetup,
    ) -> Result<(FirmaVerbale, String), String> {
        match self.verbale.len() {
            0 => {
                let presiede = self.presiede.clone().unwrap_or_default();
                let username = self
                    .componenti(organo)
                    .into_iter()
                    .find(|m| m.id == presiede)
                    .and_then(|m| m.username.clone())
                    .ok_or_else(|| {
                        format!(
                            "chi ha presieduto («{presiede}») non ha un account per firmare: l'amministratore indica il suo utente nell'anagrafica (organi)"
                        )
                    })?;
                Ok((FirmaVerbale::Presidente, username))
            }
            1 => Ok((
                FirmaVerbale::Segretario,
                self.segretario.clone().unwrap_or_default(),
            )),
            _ => Err("il verbale è già firmato da chi ha presieduto e dal segretario".into()),
        }
    }

    /// Whether the user (`username`, `full_name`, `role`) signs the minutes now, and as whom:
    /// who presided, first; then the segretario who took them (by role and name).
    pub fn check_firma_verbale(
        &self,
        organo: &OrganoSetup,
        username: &str,
        full_name: &str,
        role: crate::Role,
    ) -> Result<FirmaVerbale, String> {
        self.require(Fase::Chiusa, "firmare il verbale")?;
        let (ruolo, atteso) = self.firma_verbale_attesa(organo)?;
        let ok = match ruolo {
            FirmaVerbale::Presidente => atteso == username,
            FirmaVerbale::Segretario => may_record(role) && atteso == full_name,
        };
        if ok {
            Ok(ruolo)
        } else {
            Err(format!(
                "il verbale lo firma ora {} ({atteso}), non {full_name}",
                match ruolo {
                    FirmaVerbale::Presidente => "chi ha presieduto la seduta",
                    FirmaVerbale::Segretario => "il segretario che lo ha redatto",
                }
            ))
        }
    }

    fn check_presidenza(
        &self,
        presiede: &str,
        presenti: &[String],
        organo: &OrganoSetup,
    ) -> Result<(), String> {
        match chi_presiede(organo, self.data, presenti) {
            Some(id) if id == presiede => Ok(()),
            Some(id) => Err(format!(
                "presiede «{id}», presente e primo per carica: «{presiede}» non ne ha titolo"
            )),
            None => Err(format!(
                "non è presente nessuno che possa presiedere {} ({})",
                self.organo.la(),
                self.organo
                    .presidenza()
                    .iter()
                    .map(|c| c.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// The vote of an item where everyone counted who is not named against, abstaining or out
    /// of the room votes in favour: how the segreteria records a vote (the usual one is
    /// unanimous). The separate vote, when asked, likewise.
    pub fn votazione(
        &self,
        punto: u16,
        contrari: &[String],
        astenuti: &[String],
        non_partecipano: &[String],
        immediata: Option<(&[String], &[String])>,
    ) -> SedutaFatto {
        let gli_altri = |named: &[&[String]]| -> Vec<String> {
            self.presenti
                .iter()
                .filter(|id| !named.iter().any(|list| list.contains(id)))
                .cloned()
                .collect()
        };
        SedutaFatto::Votazione {
            punto,
            favorevoli: gli_altri(&[contrari, astenuti, non_partecipano]),
            contrari: contrari.to_vec(),
            astenuti: astenuti.to_vec(),
            non_partecipano: non_partecipano.to_vec(),
            immediata: immediata.map(|(c, a)| VotoNominale {
                favorevoli: gli_altri(&[c, a, non_partecipano]),
                contrari: c.to_vec(),
                astenuti: a.to_vec(),
            }),
        }
    }

    fn check_voto(
        &self,
        v: &VotoNominale,
        counted: &BTreeSet<&str>,
        what: &str,
    ) -> Result<(), String> {
        let mut voted = BTreeSet::new();
        for id in v.favorevoli.iter().chain(&v.contrari).chain(&v.astenuti) {
            if !counted.contains(id.as_str()) {
                return Err(format!(
                    "«{id}» non è presente per questo punto: non vota ({what})"
                ));
            }
            if !voted.insert(id.as_str()) {
                return Err(format!("«{id}» ha votato due volte ({what})"));
            }
        }
        if let Some(missing) = counted.iter().find(|id| !voted.contains(*id)) {
            return Err(format!(
                "manca il voto di «{missing}» ({what}): ogni presente vota, si astiene o esce per il punto"
            ));
        }
        Ok(())
    }

    /// The session data a delibera carries from this record, for an item voted: what the act's
    /// `approva` or `respingi` records (`uid`: the session's identifier).
    pub fn seduta_per(&self, numero: u16, uid: &str, organo: &OrganoSetup) -> Option<Seduta> {
        let p = self.punto(numero)?;
        let EsitoPunto::Votato { voto, .. } = &p.esito else {
            return None;
        };
        let componenti = self.componenti(organo);
        let nome = |id: &String| {
            componenti
                .iter()
                .find(|m| &m.id == id)
                .map_or_else(|| id.clone(), |m| m.nome.clone())
        };
        // Names in the organ's order (the sindaco first), as the minutes list them.
        let names = |ids: &[String]| {
            componenti
                .iter()
                .filter(|m| ids.contains(&m.id))
                .map(|m| m.nome.clone())
                .collect::<Vec<_>>()
        };
        let votazione = |v: &VotoNominale| Votazione {
            favorevoli: v.favorevoli.len() as u16,
            contrari: v.contrari.len() as u16,
            astenuti: v.astenuti.len() as u16,
        };
        let assenti: Vec<String> = componenti
            .iter()
            .filter(|m| !voto.presenti.contains(&m.id) && !voto.non_partecipano.contains(&m.id))
            .map(|m| m.nome.clone())
            .collect();
        Some(Seduta {
            data: self.data,
            presenti: voto.presenti.len() as u16,
            favorevoli: voto.voto.favorevoli.len() as u16,
            contrari: voto.voto.contrari.len() as u16,
            astenuti: voto.voto.astenuti.len() as u16,
            immediatamente_eseguibile: voto.immediata.as_ref().is_some_and(|(_, won)| *won),
            componenti: Some(voto.componenti),
            voto_immediata: voto.immediata.as_ref().map(|(v, _)| votazione(v)),
            record: Some(SedutaRecord {
                seduta: uid.to_string(),
                punto: numero,
                maggioranza: p.maggioranza,
                ora: self.ora,
                luogo: self.luogo.clone(),
                videoconferenza: self.videoconferenza,
                presiede: self.presiede.as_ref().map(nome).unwrap_or_default(),
                segretario: self.segretario.clone().unwrap_or_default(),
                presenti: names(&voto.presenti),
                assenti,
                contrari: names(&voto.voto.contrari),
                astenuti: names(&voto.voto.astenuti),
                non_partecipano: names(&voto.non_partecipano),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organo::MembroSetup;
    use jiff::civil::{date, time};
    use proptest::prelude::*;

    /// A Giunta of `n` members: the sindaco, the vicesindaco, the assessori a1, a2...
    fn giunta(n: usize) -> OrganoSetup {
        let mut membri = vec![membro("sindaco", Carica::Sindaco)];
        membri.push(membro("vice", Carica::Vicesindaco));
        for i in 1..n - 1 {
            membri.push(membro(&format!("a{i}"), Carica::Assessore));
        }
        OrganoSetup {
            organo: Organo::Giunta,
            membri,
            quorum_prima: None,
            quorum_seconda: None,
            preavviso_giorni: None,
        }
    }

    fn membro(id: &str, carica: Carica) -> MembroSetup {
        crate::organo::tests::membro(id, carica, None, None)
    }

    fn convocata(organo: &OrganoSetup) -> SedutaStato {
        SedutaStato::convocata(
            &SedutaFatto::Convocata {
                organo: organo.organo,
                tipo: TipoSeduta::Ordinaria,
                convocazione: Convocazione::Prima,
                data: date(2026, 12, 10),
                ora: time(9, 30, 0, 0),
                luogo: "Sala della Giunta".into(),
                videoconferenza: false,
            },
            organo,
        )
        .expect("convened")
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// The moment of every fact of the tests: the evening of the last session's day.
    fn at() -> jiff::Timestamp {
        "2026-12-10T19:00:00+01:00".parse().expect("instant")
    }

    fn iscrivi(s: &mut SedutaStato, o: &OrganoSetup, atto: i64) {
        s.apply(
            &SedutaFatto::Iscritto {
                atto: ActId(atto),
                oggetto: format!("Proposta {atto}"),
                maggioranza: Maggioranza::Votanti,
            },
            at(),
            o,
        )
        .expect("iscritto");
    }

    fn apri(s: &mut SedutaStato, o: &OrganoSetup, presenti: &[&str]) -> Result<(), String> {
        s.apply(
            &SedutaFatto::Aperta {
                presenti: ids(presenti),
                giustificati: Vec::new(),
                presiede: presenti[0].into(),
                segretario: "Anna Neri".into(),
            },
            at(),
            o,
        )
    }

    fn voto(punto: u16, fav: &[&str], contr: &[&str], ast: &[&str], fuori: &[&str]) -> SedutaFatto {
        SedutaFatto::Votazione {
            punto,
            favorevoli: ids(fav),
            contrari: ids(contr),
            astenuti: ids(ast),
            non_partecipano: ids(fuori),
            immediata: None,
        }
    }

    fn con_immediata(mut f: SedutaFatto, v: VotoNominale) -> SedutaFatto {
        if let SedutaFatto::Votazione { immediata, .. } = &mut f {
            *immediata = Some(v);
        }
        f
    }

    #[test]
    fn a_giunta_votes_three_items_by_name_one_member_out_for_one() {
        let o = giunta(5);
        let mut s = convocata(&o);
        for atto in [11, 12, 13] {
            iscrivi(&mut s, &o, atto);
        }
        // The third item comes first.
        s.apply(
            &SedutaFatto::Spostato {
                punto: 3,
                posizione: 1,
            },
            at(),
            &o,
        )
        .expect("moved");
        assert_eq!(
            s.punti.iter().map(|p| p.numero).collect::<Vec<_>>(),
            [3, 1, 2]
        );
        // Votes before the opening are refused.
        let early = s.apply(&voto(1, &["sindaco"], &[], &[], &[]), at(), &o);
        assert!(early.expect_err("refused").contains("non è ancora aperta"));
        // Two of five are not the numero legale; the vicesindaco cannot preside a present sindaco.
        assert!(
            apri(&mut s, &o, &["sindaco", "vice"])
                .expect_err("refused")
                .contains("numero legale")
        );
        assert!(
            apri(&mut s, &o, &["vice", "sindaco", "a1", "a2"])
                .expect_err("refused")
                .contains("presiede «sindaco»")
        );
        // Not before its day (the 10th, in Rome: late on the 9th in UTC is still the 9th).
        let eve: jiff::Timestamp = "2026-12-09T22:30:00Z".parse().expect("instant");
        let early = SedutaFatto::Aperta {
            presenti: ids(&["sindaco", "vice", "a1", "a2"]),
            giustificati: Vec::new(),
            presiede: "sindaco".into(),
            segretario: "Anna Neri".into(),
        };
        assert!(
            s.clone()
                .apply(&early, eve, &o)
                .expect_err("the day before")
                .contains("si apre quel giorno")
        );
        let midnight: jiff::Timestamp = "2026-12-09T23:30:00Z".parse().expect("instant");
        assert!(s.clone().apply(&early, midnight, &o).is_ok());
        apri(&mut s, &o, &["sindaco", "vice", "a1", "a2"]).expect("opened");
        // Item 3: approved and immediately executable (3 of 5 members in the separate vote).
        s.apply(
            &con_immediata(
                voto(3, &["sindaco", "vice", "a1"], &["a2"], &[], &[]),
                VotoNominale {
                    favorevoli: ids(&["sindaco", "vice", "a1"]),
                    contrari: Vec::new(),
                    astenuti: ids(&["a2"]),
                },
            ),
            at(),
            &o,
        )
        .expect("voted");
        let d = s.seduta_per(3, "segretario-1", &o).expect("data");
        assert_eq!((d.presenti, d.favorevoli, d.contrari), (4, 3, 1));
        assert!(d.immediatamente_eseguibile);
        let r = d.record.expect("record");
        assert_eq!(r.assenti, ["Nome a3"]);
        assert_eq!(r.contrari, ["Nome a2"]);
        assert_eq!(r.presiede, "Nome sindaco");
        // Item 1: a1 leaves for it (art. 78); a vote naming a1 is refused, a missing vote too.
        assert!(
            s.apply(
                &voto(1, &["sindaco", "vice", "a1"], &[], &["a2"], &["a1"]),
                at(),
                &o
            )
            .expect_err("refused")
            .contains("non è presente per questo punto")
        );
        assert!(
            s.apply(&voto(1, &["sindaco"], &[], &["a2"], &["a1"]), at(), &o)
                .expect_err("refused")
                .contains("manca il voto di «vice»")
        );
        s.apply(
            &voto(1, &["sindaco", "vice", "a2"], &[], &[], &["a1"]),
            at(),
            &o,
        )
        .expect("voted");
        let d = s.seduta_per(1, "segretario-1", &o).expect("data");
        assert_eq!(d.presenti, 3);
        assert!(!d.immediatamente_eseguibile);
        assert_eq!(d.record.expect("record").non_partecipano, ["Nome a1"]);
        // Item 2 postponed; a1 leaves; the session is closed; nothing after.
        assert!(
            s.apply(&SedutaFatto::Chiusa, at(), &o)
                .expect_err("refused")
                .contains("punto 2")
        );
        s.apply(
            &SedutaFatto::Rinviato {
                punto: 2,
                motivo: "Istruttoria da integrare".into(),
            },
            at(),
            &o,
        )
        .expect("postponed");
        s.apply(
            &SedutaFatto::Esce {
                membro: "a1".into(),
            },
            at(),
            &o,
        )
        .expect("left");
        assert_eq!(s.movimenti[0].dopo_punti, 3);
        s.apply(&SedutaFatto::Chiusa, at(), &o).expect("closed");
        assert!(
            s.apply(
                &SedutaFatto::Entra {
                    membro: "a1".into()
                },
                at(),
                &o
            )
            .expect_err("refused")
            .contains("chiusa")
        );
    }

    #[test]
    fn a_rejected_item_has_no_separate_vote_and_a_qualified_majority_counts_the_members() {
        let o = giunta(6);
        let mut s = convocata(&o);
        s.apply(
            &SedutaFatto::Iscritto {
                atto: ActId(1),
                oggetto: "Regolamento".into(),
                maggioranza: Maggioranza::Qualificata { num: 2, den: 3 },
            },
            at(),
            &o,
        )
        .expect("iscritto");
        apri(&mut s, &o, &["sindaco", "vice", "a1", "a2", "a3"]).expect("opened");
        let with_immediata = con_immediata(
            voto(1, &["sindaco", "vice", "a1"], &["a2", "a3"], &[], &[]),
            VotoNominale::default(),
        );
        assert!(
            s.apply(&with_immediata, at(), &o)
                .expect_err("refused")
                .contains("respinta")
        );
        // Three in favour of six members: a majority of voters, not the two thirds (4).
        s.apply(
            &voto(1, &["sindaco", "vice", "a1"], &["a2", "a3"], &[], &[]),
            at(),
            &o,
        )
        .expect("voted");
        assert!(matches!(
            s.punto(1).map(|p| &p.esito),
            Some(EsitoPunto::Votato {
                approvato: false,
                ..
            })
        ));
    }

    #[test]
    fn the_consiglio_opens_after_an_avviso_in_time_and_its_minutes_are_signed_in_order() {
        let mut o = giunta(5);
        o.organo = Organo::Consiglio;
        o.membri[0].carica = Carica::Sindaco;
        o.membri[1] = MembroSetup {
            username: Some("presidente".into()),
            ..membro("pres", Carica::Presidente)
        };
        for m in &mut o.membri[2..] {
            m.carica = Carica::Consigliere;
        }
        o.preavviso_giorni = Some(5);
        let mut s = convocata(&o);
        let avviso = |day: Date, by: &str| SedutaFatto::Avviso {
            sha256: "a".repeat(64),
            emesso_il: day,
            firmato_da: by.into(),
        };
        assert!(
            s.apply(&avviso(date(2026, 12, 1), "presidente"), at(), &o)
                .expect_err("no items")
                .contains("iscrivi prima")
        );
        iscrivi(&mut s, &o, 1);
        // Five days before the 10th: the 5th at the latest; and only who presides signs it.
        assert!(
            s.apply(&avviso(date(2026, 12, 6), "presidente"), at(), &o)
                .expect_err("late")
                .contains("almeno 5 giorni prima")
        );
        assert!(
            s.apply(&avviso(date(2026, 12, 1), "segretario"), at(), &o)
                .expect_err("not the presidente")
                .contains("non ne ha titolo")
        );
        assert!(
            apri(&mut s, &o, &["pres", "a1", "a2"])
                .expect_err("no avviso")
                .contains("dopo l'avviso")
        );
        s.apply(&avviso(date(2026, 12, 5), "presidente"), at(), &o)
            .expect("in time");
        iscrivi(&mut s, &o, 2);
        assert!(
            apri(&mut s, &o, &["pres", "a1", "a2"])
                .expect_err("item 2 after the avviso")
                .contains("avviso integrativo")
        );
        s.apply(&avviso(date(2026, 12, 5), "presidente"), at(), &o)
            .expect("integrated");
        apri(&mut s, &o, &["pres", "a1", "a2"]).expect("opened");
        for n in [1, 2] {
            s.apply(
                &SedutaFatto::Rinviato {
                    punto: n,
                    motivo: "tardi".into(),
                },
                at(),
                &o,
            )
            .expect("postponed");
        }
        let firma = |ruolo, by: &str| SedutaFatto::VerbaleFirmato {
            sha256: "b".repeat(64),
            firmato_da: by.into(),
            ruolo,
        };
        assert!(
            s.apply(&firma(FirmaVerbale::Presidente, "presidente"), at(), &o)
                .expect_err("still open")
                .contains("non è ancora chiusa: non si può firmare il verbale")
        );
        s.apply(&SedutaFatto::Chiusa, at(), &o).expect("closed");
        assert!(
            s.apply(&firma(FirmaVerbale::Segretario, "segretario"), at(), &o)
                .expect_err("the segretario second")
                .contains("prima chi ha presieduto")
        );
        assert!(
            s.apply(&firma(FirmaVerbale::Presidente, "sindaco"), at(), &o)
                .expect_err("not who presided")
                .contains("chi ha presieduto")
        );
        s.apply(&firma(FirmaVerbale::Presidente, "presidente"), at(), &o)
            .expect("presidente");
        s.apply(&firma(FirmaVerbale::Segretario, "segretario"), at(), &o)
            .expect("segretario");
        assert!(s.firma_verbale_attesa(&o).is_err());
        assert!(
            s.apply(
                &SedutaFatto::ComunicazioneCapigruppo {
                    delibere: vec!["1/2026".into()],
                    il: date(2026, 12, 11)
                },
                at(),
                &o
            )
            .expect_err("not the Giunta")
            .contains("della Giunta")
        );
    }

    proptest! {
        /// Any split of those present into the three answers gives the outcome of the
        /// arithmetic, and the delibera's data say the same counts.
        #[test]
        fn the_outcome_is_the_arithmetic_of_the_names(
            n in 2usize..=10,
            split in proptest::collection::vec(0u8..4, 10),
        ) {
            let o = giunta(n);
            let mut s = convocata(&o);
            iscrivi(&mut s, &o, 7);
            let all: Vec<String> = o.membri.iter().map(|m| m.id.clone()).collect();
            let presenti: Vec<&str> = all
                .iter()
                .zip(&split)
                .filter(|(id, k)| **k != 3 || *id == "sindaco")
                .map(|(id, _)| id.as_str())
                .collect();
            let opened = apri(&mut s, &o, &presenti);
            let legale = presenti.len() * 2 > all.len();
            prop_assert_eq!(opened.is_ok(), legale);
            if legale {
                let pick = |want: u8| -> Vec<&str> {
                    presenti
                        .iter()
                        .zip(&split)
                        .filter(|(_, k)| **k % 3 == want)
                        .map(|(id, _)| *id)
                        .collect()
                };
                // Members absent from the split (k == 3) are not present; the sindaco, always
                // present, votes with k % 3.
                let (f, c, a) = (pick(0), pick(1), pick(2));
                s.apply(&voto(1, &f, &c, &a, &[]), at(), &o).expect("a full vote");
                let d = s.seduta_per(1, "x", &o).expect("voted");
                prop_assert_eq!(usize::from(d.favorevoli), f.len());
                prop_assert_eq!(usize::from(d.presenti), presenti.len());
                let approvato = matches!(
                    s.punto(1).map(|p| &p.esito),
                    Some(EsitoPunto::Votato { approvato: true, .. })
                );
                prop_assert_eq!(approvato, f.len() > c.len());
            }
        }
    }
}
