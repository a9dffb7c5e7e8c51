//! The signed documents of a session: the avviso di convocazione (by who convenes the organ)
//! and the verbale della seduta (by who presided, then by the segretario). Each is rendered by
//! atti-docs from the record, signed PAdES with the signer's PIN, and recorded as a fact of the
//! session with its file, in one transaction. atti-core decides who signs and when
//! ([`SedutaStato::apply`] with the fact, [`SedutaStato::check_firma_verbale`]), before the PIN.

use crate::sedute::titolo;
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::Sensitive;
use atti_core::organo::OrganoSetup;
use atti_core::seduta::{SedutaEvento, SedutaFatto, SedutaStato};
use atti_docs::{SedutaDocInput, Signer};
use atti_sign::PadesOptions;
use atti_store::SedutaRow;

/// Which document of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum SedutaDocumento {
    /// The avviso di convocazione.
    Avviso,
    /// The verbale della seduta.
    Verbale,
}

impl Atti {
    /// The fact the current user's signature of `documento` would record now, or why not:
    /// asked before anyone types a PIN.
    pub fn seduta_firma_check(&self, id: i64, documento: SedutaDocumento) -> AppResult<()> {
        self.check_seduta_qui(id)?;
        let (_, setup, _, state) = self.seduta_state(id)?;
        self.firma_fact(&state, &setup, documento, String::new())?;
        Ok(())
    }

    /// Signs `documento` of session `id` as the current user with the PIN of their device, and
    /// records it. A wrong PIN leaves everything as it was.
    pub fn seduta_firma(
        &mut self,
        id: i64,
        documento: SedutaDocumento,
        pin: &Sensitive<String>,
    ) -> AppResult<crate::dto::SedutaDto> {
        self.check_seduta_qui(id)?;
        let (row, setup, facts, mut state) = self.seduta_state(id)?;
        self.firma_fact(&state, &setup, documento, String::new())?;
        let user = self.current_user()?.clone();
        let now = self.clock.now();
        let (identity, warnings) = self.open_checked_identity(&user, pin, now)?;
        let (base, field) = match documento {
            SedutaDocumento::Avviso => {
                // Signed by who convenes, with their charge.
                let carica = setup
                    .in_carica(state.data)
                    .into_iter()
                    .find(|m| m.username.as_deref() == Some(user.username.as_str()))
                    .map_or("Il Presidente", |m| m.carica.label());
                let signers = vec![signer(carica, &user.full_name)];
                let input = self.seduta_doc_input(&row, &state, &setup, signers)?;
                (atti_docs::render_avviso(&input)?, "Avviso")
            }
            SedutaDocumento::Verbale => match state.verbale.last() {
                // The segretario signs the file who presided signed (an incremental update).
                Some((_, _, sha)) => (self.store.blob(sha)?, "Segretario"),
                None => {
                    let presiede = state
                        .presiede
                        .as_ref()
                        .and_then(|p| setup.membri.iter().find(|m| &m.id == p))
                        .map(|m| m.nome.clone())
                        .unwrap_or_default();
                    let segretario = state.segretario.clone().unwrap_or_default();
                    let signers = vec![
                        signer("Il Presidente", &presiede),
                        signer("Il Segretario", &segretario),
                    ];
                    let input = self.seduta_doc_input(&row, &state, &setup, signers)?;
                    (atti_docs::render_verbale(&input)?, "Presidente")
                }
            },
        };
        let options = PadesOptions {
            field_name: field.into(),
            signing_time: now,
            reason: Some(match documento {
                SedutaDocumento::Avviso => format!("Avviso di convocazione – {}", titolo(&row)),
                SedutaDocumento::Verbale => format!("Verbale – {}", titolo(&row)),
            }),
            location: Some(self.store.comune_name()?),
        };
        let signed = atti_sign::pades_sign(&base, identity.as_ref(), &options)?;
        let sha256 = atti_docs::sha256_hex(&signed);
        let fact = self.firma_fact(&state, &setup, documento, sha256)?;
        state.apply(&fact, now, &setup).map_err(invalid)?;
        let event = SedutaEvento {
            at: now,
            by: user.username.clone(),
            what: fact,
        };
        self.store
            .append_seduta_fact(id, facts.len() as u32 + 1, &event, Some(&signed), None)?;
        let mut avvisi = warnings;
        avvisi.extend(self.publish_or_say(id));
        self.enqueue_seduta_delibere(id)?;
        let mut dto = self.seduta_show(id)?;
        dto.avvisi = avvisi;
        Ok(dto)
    }

    /// Saves the signed `documento` of session `id` (its last signature) to `path`.
    pub fn seduta_document_save(
        &self,
        id: i64,
        documento: SedutaDocumento,
        path: &std::path::Path,
    ) -> AppResult<()> {
        let (_, _, _, state) = self.seduta_state(id)?;
        let sha = match documento {
            SedutaDocumento::Avviso => state.avvisi.last().map(|a| a.sha256.clone()),
            SedutaDocumento::Verbale => state.verbale.last().map(|(_, _, sha)| sha.clone()),
        }
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                match documento {
                    SedutaDocumento::Avviso => "la seduta non ha ancora un avviso firmato",
                    SedutaDocumento::Verbale => "il verbale della seduta non è ancora firmato",
                },
            )
        })?;
        crate::write_file(path, &self.store.blob(&sha)?)
    }

    /// The fact the current user's signature records (`sha256` of the signed file), checked
    /// by atti-core on the session as it is.
    fn firma_fact(
        &self,
        state: &SedutaStato,
        setup: &OrganoSetup,
        documento: SedutaDocumento,
        sha256: String,
    ) -> AppResult<SedutaFatto> {
        let user = self.current_user()?;
        let fact = match documento {
            SedutaDocumento::Avviso => SedutaFatto::Avviso {
                sha256,
                emesso_il: self.today(),
                firmato_da: user.username.clone(),
            },
            SedutaDocumento::Verbale => {
                let ruolo = state
                    .check_firma_verbale(setup, &user.username, &user.full_name, user.role)
                    .map_err(invalid)?;
                SedutaFatto::VerbaleFirmato {
                    sha256,
                    firmato_da: user.username.clone(),
                    ruolo,
                }
            }
        };
        // The whole rule, on a copy: nothing is signed that the record would refuse.
        state
            .clone()
            .apply(&fact, self.clock.now(), setup)
            .map_err(invalid)?;
        Ok(fact)
    }

    fn seduta_doc_input(
        &self,
        row: &SedutaRow,
        state: &SedutaStato,
        setup: &OrganoSetup,
        signers: Vec<Signer>,
    ) -> AppResult<SedutaDocInput> {
        let mut delibere = Vec::new();
        for p in &state.punti {
            if let Some(n) = self.store.facts(p.atto)?.numero {
                delibere.push((p.numero, format!("deliberazione n. {n}")));
            }
        }
        Ok(SedutaDocInput {
            comune: self.store.comune_name()?,
            uid: row.uid.clone(),
            titolo: titolo(row),
            stato: state.clone(),
            componenti: state.componenti(setup).into_iter().cloned().collect(),
            delibere,
            signers,
            date: self.today(),
            stemma_svg: self.store.setting("stemma_svg")?,
        })
    }
}

fn signer(role: &str, name: &str) -> Signer {
    Signer {
        role: role.to_string(),
        name: name.to_string(),
    }
}

fn invalid(message: String) -> AppError {
    AppError::new(ErrorCode::NotAllowed, message)
}
