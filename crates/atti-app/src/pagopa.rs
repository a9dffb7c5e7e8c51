//! The avviso di pagamento pagoPA of a verbale (atti-core `pagopa` makes its codici avviso,
//! atti-docs `avviso.rs` prints it): from the signed verbale, its number in the register and
//! how the Comune is known to pagoPA (its set-up).

use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::ActId;
use atti_core::pagopa::{Ente, Opzione};

impl Atti {
    /// The avviso di pagamento of verbale `id` as PDF/A: one payment option per amount (the
    /// reduced one within 5 days where the law allows it, the ordinary one within 60), each
    /// with its codice avviso and QR code.
    pub fn avviso_pagopa(&self, id: ActId) -> AppResult<Vec<u8>> {
        let (ente, opzioni) = self.pagopa_opzioni(id)?;
        let act = self.store.load_act(id)?;
        let stored = self.store.facts(id)?;
        let (Some(v), Some(numero), Some(adozione)) = (
            act.verbale.as_ref(),
            stored.numero.as_deref(),
            stored.adoption,
        ) else {
            return Err(AppError::new(
                ErrorCode::Storage,
                format!("il verbale {id} non ha i suoi dati o il suo numero"),
            ));
        };
        let destinatario = match (&v.obbligato_solidale, v.trasgressore.nome.trim()) {
            (_, nome) if !nome.is_empty() => nome.to_string(),
            (Some(p), _) => p.nome.clone(),
            (None, _) => String::new(),
        };
        let input = atti_docs::AvvisoInput {
            comune: self.store.comune_name()?,
            ente_codice_fiscale: ente.codice_fiscale,
            oggetto: format!(
                "Verbale n. {numero} del {}, targa {}",
                adozione.strftime("%d/%m/%Y"),
                v.targa
            ),
            destinatario,
            opzioni,
            act_ref: self.act_ref(id)?,
            date: self.today(),
            stemma_svg: self.store.setting("stemma_svg")?,
        };
        Ok(atti_docs::render_avviso_pagopa(&input)?)
    }

    /// The payment options of signed verbale `id` (each with its codice avviso), and how the
    /// Comune is known to pagoPA: what its avviso prints and what a payment of it pays.
    pub fn pagopa_opzioni(&self, id: ActId) -> AppResult<(Ente, Vec<Opzione>)> {
        let refuse = |message: String| AppError::new(ErrorCode::NotAllowed, message);
        let act = self.store.load_act(id)?;
        let v = act
            .verbale
            .as_ref()
            .filter(|_| act.kind.is_verbale())
            .ok_or_else(|| {
                refuse(format!(
                    "l'atto {id} non è un verbale: non ha un avviso di pagamento"
                ))
            })?;
        let stored = self.store.facts(id)?;
        let Some(numero) = stored.numero.as_deref() else {
            return Err(refuse(format!(
                "il verbale {id} non è ancora firmato: l'avviso porta il suo numero"
            )));
        };
        let (n, anno) = numero
            .split_once('/')
            .and_then(|(n, y)| Some((n.parse::<u32>().ok()?, y.parse::<i16>().ok()?)))
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Storage,
                    format!("numero del verbale non valido: {numero}"),
                )
            })?;
        let ente = self.pagopa_ente_configured()?;
        let opzioni = atti_core::pagopa::opzioni(v, &ente, anno, n).ok_or_else(|| {
            refuse(format!(
                "il numero {numero} non entra nel codice avviso di pagoPA"
            ))
        })?;
        Ok((ente, opzioni))
    }

    /// How the Comune is known to pagoPA, or why there is nothing to pay through it yet.
    pub(crate) fn pagopa_ente_configured(&self) -> AppResult<Ente> {
        self.pagopa_ente()?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotAllowed,
                "pagoPA non è configurato: l'amministratore indica il codice fiscale del Comune e il codice di segregazione nell'anagrafica del Comune («pagopa»)",
            )
        })
    }

    /// Saves the avviso di pagamento of verbale `id` to `path`, whole or not at all.
    pub fn avviso_pagopa_save(&self, id: ActId, path: &std::path::Path) -> AppResult<()> {
        crate::write_file(path, &self.avviso_pagopa(id)?)
    }
}
