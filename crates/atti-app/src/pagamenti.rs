//! What the verbali collect, as use cases (atti-core `pagamento`): the flussi di
//! rendicontazione of pagoPA, read from a file or from the folder on the document server where
//! the Comune's intermediary puts them (set by the amministratore), each payment matched to
//! its verbale by the IUV of its avviso and kept with the flusso as its proof; and where the
//! payments leave each verbale (extinguished, short, late).

use crate::dto::{IntermediarioDto, PagamentiDto, PagamentoDto, RendicontazioneDto};
use crate::sync::block_on;
use crate::{AppError, AppResult, Atti, ErrorCode};
use atti_core::pagamento::{self, Pagamento};
use atti_core::{ActId, ActKind};

/// The setting with the Comune's pagoPA intermediary (JSON of [`IntermediarioDto`]).
const INTERMEDIARIO: &str = "pagopa_intermediario";
/// The largest flusso read (its payments are a few hundred bytes each).
const MAX_FLUSSO: u64 = 50_000_000;

impl Atti {
    /// The Comune's pagoPA intermediary and the folder of its flussi, if set.
    pub fn pagopa_intermediario(&self) -> AppResult<Option<IntermediarioDto>> {
        Ok(self
            .store
            .setting(INTERMEDIARIO)?
            .and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// Sets the Comune's pagoPA intermediary (the amministratore): its name and the folder of
    /// the document server where it puts the flussi di rendicontazione.
    pub fn pagopa_intermediario_set(
        &mut self,
        nome: &str,
        cartella: &str,
    ) -> AppResult<IntermediarioDto> {
        let admin = self.check_amministratore("indicare l'intermediario pagoPA del Comune")?;
        let invalid = |m: &str| AppError::new(ErrorCode::InvalidInput, m);
        let nome = nome.trim();
        if nome.is_empty() {
            return Err(invalid("manca il nome dell'intermediario pagoPA"));
        }
        let cartella = cartella.trim().trim_matches('/');
        if cartella.is_empty() || !atti_sync::is_valid_dir(cartella) {
            return Err(invalid(
                "la cartella dei flussi è un percorso sul server documentale, come pagopa/rendicontazione (senza «..»)",
            ));
        }
        let dto = IntermediarioDto {
            nome: nome.to_string(),
            cartella: cartella.to_string(),
        };
        let json = serde_json::to_string(&dto)
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("intermediario: {e}")))?;
        self.store.set_setting(INTERMEDIARIO, &json)?;
        self.audit_setting(
            &admin,
            "intermediario pagoPA",
            serde_json::json!({ "nome": dto.nome, "cartella": dto.cartella }),
        )?;
        Ok(dto)
    }

    /// Reads the flussi the intermediary put in its folder on the document server since the
    /// last look (the files not read from there before), by name: each as
    /// [`Atti::pagopa_rendicontazione`] would.
    pub fn pagopa_leggi(&mut self) -> AppResult<Vec<RendicontazioneDto>> {
        let intermediario = self.pagopa_intermediario()?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotAllowed,
                "l'intermediario pagoPA non è configurato: l'amministratore lo indica con «atti pagopa intermediario»",
            )
        })?;
        let client = self.server_client()?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotAllowed,
                "i flussi dell'intermediario stanno sul server documentale, che non è configurato",
            )
        })?;
        let mut entries = block_on(client.list(&intermediario.cartella))??;
        // Only the files not read before: a folder of ten years is listed, not downloaded.
        let read = self.store.pagopa_origini()?;
        entries.retain(|e| {
            !e.is_dir && e.path.to_lowercase().ends_with(".xml") && !read.contains(&e.path)
        });
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        let mut out = Vec::new();
        for e in entries {
            let bytes = block_on(client.get(&e.path))??;
            out.push(self.read_flusso(&bytes, Some(&e.path))?);
        }
        Ok(out)
    }

    /// Reads the flusso di rendicontazione in file `path` (one the user picked), as
    /// [`Atti::pagopa_rendicontazione`].
    pub fn pagopa_rendicontazione_file(
        &mut self,
        path: &std::path::Path,
    ) -> AppResult<RendicontazioneDto> {
        let bytes = crate::files::read_capped(path, MAX_FLUSSO)?;
        self.pagopa_rendicontazione(&bytes)
    }

    /// Reads a flusso di rendicontazione (its XML): the payments of Atti's avvisi are recorded
    /// with their verbale, once (a flusso read again changes nothing); the others are listed.
    pub fn pagopa_rendicontazione(&mut self, xml: &[u8]) -> AppResult<RendicontazioneDto> {
        self.read_flusso(xml, None)
    }

    /// [`Atti::pagopa_rendicontazione`] of a flusso read from `origine` on the document
    /// server, if it was.
    fn read_flusso(&mut self, xml: &[u8], origine: Option<&str>) -> AppResult<RendicontazioneDto> {
        if xml.len() as u64 > MAX_FLUSSO {
            return Err(AppError::new(
                ErrorCode::TooLarge,
                format!(
                    "il file è di {} MB: oltre i {} MB non è un flusso di rendicontazione di pagoPA",
                    xml.len() / 1_000_000,
                    MAX_FLUSSO / 1_000_000
                ),
            ));
        }
        let ente = self.pagopa_ente_configured()?;
        let flusso = pagamento::read_flusso(xml, &ente)
            .map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
        let mut dto = RendicontazioneDto {
            flusso: flusso.identificativo.clone(),
            mittente: flusso.mittente.clone(),
            data_regolamento: flusso.data_regolamento.to_string(),
            pagamenti: flusso.pagamenti.len(),
            registrati: 0,
            gia_letto: self.store.pagopa_flusso_letto(&flusso.identificativo)?,
            verbali: Vec::new(),
            non_nostri: Vec::new(),
        };
        if dto.gia_letto {
            return Ok(dto);
        }
        let mut matched: Vec<(ActId, &Pagamento)> = Vec::new();
        for p in &flusso.pagamenti {
            let verbale = pagamento::verbale_of_iuv(&p.iuv, &ente)
                .map(|(anno, _, numero)| self.store.act_of_number(ActKind::VerbalePl, anno, numero))
                .transpose()?
                .flatten();
            match verbale {
                Some(id) => {
                    if !dto.verbali.contains(&id) {
                        dto.verbali.push(id);
                    }
                    matched.push((id, p));
                }
                None => dto.non_nostri.push(p.iuv.clone()),
            }
        }
        let user = self.current_user()?.username.clone();
        dto.registrati = self.store.record_flusso(
            &flusso,
            xml,
            origine,
            &matched,
            &self.clock.now().to_string(),
            &user,
        )?;
        Ok(dto)
    }

    /// The payments of verbale `id`, and where they leave it.
    pub fn pagamenti(&self, id: ActId) -> AppResult<PagamentiDto> {
        let act = self.store.load_act(id)?;
        let rows = self.store.pagamenti(id)?;
        let pagati: Vec<(i64, jiff::civil::Date)> = rows
            .iter()
            .filter(|r| !r.pagamento.revocato)
            .map(|r| (r.pagamento.importo_centesimi, r.pagamento.pagato_il))
            .collect();
        let consegnata_il = self
            .store
            .notifiche(id)?
            .into_iter()
            .find(|n| n.esito == atti_store::EsitoNotifica::Consegnata)
            .and_then(|n| n.consegnata_il);
        let dal = pagamento::decorrenza(&act, consegnata_il);
        let esito = match &act.verbale {
            Some(v) => pagamento::esito(v, dal, &pagati),
            None => pagamento::EsitoPagamento::NonPagato,
        };
        Ok(PagamentiDto {
            esito_label: esito.label(),
            esito,
            pagamenti: rows
                .into_iter()
                .map(|r| PagamentoDto {
                    iuv: r.pagamento.iuv,
                    importo: atti_core::money::format_euro(r.pagamento.importo_centesimi),
                    importo_centesimi: r.pagamento.importo_centesimi,
                    pagato_il: r.pagamento.pagato_il.to_string(),
                    revocato: r.pagamento.revocato,
                    flusso: r.flusso,
                })
                .collect(),
        })
    }
}
