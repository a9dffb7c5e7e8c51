//! The albo pretorio online: the register of publications (written by the step «pubblica»),
//! the automatic defissione after the last day, and the albo's website on the document
//! server (atti-docs makes the pages, atti-sync writes them). Only the publication version of
//! an act (with omissis) ever leaves the PC for the albo.

use crate::dto::{AlboConfigDto, AlboReportDto, AlboVoceDto};
use crate::error::{AppError, ErrorCode};
use crate::sync::block_on;
use crate::{AppResult, Atti};
use atti_store::AlboRow;

/// Setting: the albo's folder on the document server ("albo").
const ALBO_FOLDER: &str = "albo_cartella";
/// Setting: the albo's public address, when the Comune's website shows it elsewhere.
const ALBO_ADDRESS: &str = "albo_indirizzo";
/// Setting: what the albo's index last written from this PC lists (its SHA-256).
const ALBO_WRITTEN: &str = "albo_scritto";

/// The folders of the document server that belong to the archive and the shared iter: the
/// albo's site never goes there.
const RESERVED: &[&str] = &[
    crate::sync::REGISTRO_ROOT,
    crate::audit_anchor::ARCHIVE_ROOT,
    atti_sync::ARCHIVE_ROOT,
    atti_sync::TEST_DIR,
    atti_sync::history::ITER_ROOT,
    atti_sync::history::USERS_ROOT,
    atti_sync::index::INDEX_ROOT,
];

impl Atti {
    /// The albo's place online: its folder on the document server and the address where
    /// citizens read it (the folder's own, unless the Comune's website shows it elsewhere).
    pub fn albo_config(&self) -> AppResult<Option<AlboConfigDto>> {
        let Some(cartella) = self.store.setting(ALBO_FOLDER)? else {
            return Ok(None);
        };
        let indirizzo = match self.store.setting(ALBO_ADDRESS)? {
            Some(a) => a,
            None => {
                let Some(server) = self.server_config()? else {
                    return Ok(None);
                };
                format!("{}/{cartella}/", server.base_url.trim_end_matches('/'))
            }
        };
        Ok(Some(AlboConfigDto {
            cartella,
            indirizzo,
        }))
    }

    /// Sets where the albo is published (the amministratore's): a folder of the document
    /// server, and optionally the https address where the Comune's website shows it.
    pub fn albo_config_set(
        &mut self,
        cartella: &str,
        indirizzo: Option<&str>,
    ) -> AppResult<AlboConfigDto> {
        let admin = self.check_amministratore("scegliere dove si pubblica l'albo pretorio")?;
        let cartella = cartella.trim().trim_matches('/');
        let first = cartella.split('/').next().unwrap_or_default();
        if cartella.is_empty()
            || cartella.len() > 100
            || !cartella
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/'))
            || cartella.split('/').any(str::is_empty)
            || RESERVED.contains(&first)
        {
            return Err(invalid_input(format!(
                "cartella dell'albo non valida: «{cartella}». Serve un percorso del server documentale fatto di lettere, cifre, «-», «_» e «/», fuori dalle cartelle dell'archivio ({})",
                RESERVED.join(", ")
            )));
        }
        let indirizzo = indirizzo.map(str::trim).filter(|a| !a.is_empty());
        if let Some(a) = indirizzo
            && (!a.starts_with("https://")
                || a.len() > 200
                || a.len() <= "https://".len()
                || a.chars()
                    .any(|c| c.is_control() || c.is_whitespace() || c == '#'))
        {
            return Err(invalid_input(
                "indirizzo dell'albo non valido: serve un URL https:// senza spazi né «#», al massimo 200 caratteri",
            ));
        }
        self.store.set_setting(ALBO_FOLDER, cartella)?;
        match indirizzo {
            Some(a) => {
                let a = format!("{}/", a.trim_end_matches('/'));
                self.store.set_setting(ALBO_ADDRESS, &a)?;
            }
            None => self.store.remove_setting(ALBO_ADDRESS)?,
        }
        self.store.remove_setting(ALBO_WRITTEN)?;
        self.audit_setting(
            &admin,
            "albo pretorio online",
            serde_json::json!({ "cartella": cartella, "indirizzo": indirizzo }),
        )?;
        self.albo_config()?.ok_or_else(|| {
            invalid_input(
                "l'albo è nella cartella indicata, ma manca il server documentale: configurarlo con «atti server set»",
            )
        })
    }

    /// The register of publications, newest first, with what the albo online holds.
    pub fn albo_elenco(&self) -> AppResult<Vec<AlboVoceDto>> {
        let today = self.today();
        let rows = self.store.albo()?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let facts = self.store.facts(row.act_id)?;
            let act = self.store.load_act(row.act_id)?;
            out.push(AlboVoceDto::of(&row, &act, facts.numero, today));
        }
        Ok(out)
    }

    /// The albo brought up to date: every publication past its last day leaves it
    /// (defissione, recorded in the register with its audit entry), then, when the Comune
    /// has an albo online, its site is written: the new publications' PDF (publication
    /// version) and page, the index and the feeds, and the pages of those that left are
    /// removed. Failures are kept per publication (shown, retried at the next run) and
    /// never undo the register.
    pub fn albo_aggiorna(&mut self) -> AppResult<AlboReportDto> {
        let today = self.today();
        let now = self.clock.now().to_string();
        let user = self.current_user()?.username.clone();
        let mut report = AlboReportDto::default();
        for row in self.store.albo()? {
            if row.defissa_il.is_none()
                && row.periodo.da_defiggere(today)
                && self.store.albo_defiggi(row.act_id, today, &user, &now)?
            {
                report.defissi.push(repertorio(&row));
            }
        }
        let (Some(config), Some(client)) = (self.albo_config()?, self.server_client()?) else {
            report.online = false;
            return Ok(report);
        };
        report.online = true;
        let rows = self.store.albo()?;
        let on_albo: Vec<&AlboRow> = rows.iter().filter(|r| r.defissa_il.is_none()).collect();
        let site = self.albo_site(&config, &on_albo)?;
        let path = |p: &str| format!("{}/{p}", config.cartella);
        // The new publications first (create-only PDF, then its page), so that the index
        // never links what is not there.
        for (row, pdf) in &site.pdfs {
            if row.online && row.errore.is_none() {
                continue;
            }
            let page = atti_docs::albo_pagina(row.anno, row.numero);
            let page_bytes = site.file(&page);
            let pdf_path = path(&atti_docs::albo_pdf(row.anno, row.numero));
            let written = block_on({
                let client = client.clone();
                let pdf = pdf.clone();
                let page_path = path(&page);
                async move {
                    client
                        .upload(&pdf_path, pdf, atti_sync::Check::Sha256)
                        .await?;
                    client
                        .site_put(&page_path, page_bytes, "text/html; charset=utf-8")
                        .await
                }
            })?;
            match written {
                Ok(()) => {
                    self.store.albo_sito_set(row.act_id, Ok(true), &now)?;
                    report.pubblicati.push(repertorio(row));
                }
                Err(e) => {
                    let message = e.to_string();
                    self.store.albo_sito_set(row.act_id, Err(&message), &now)?;
                    report
                        .errori
                        .push(format!("{}: {message}", repertorio(row)));
                }
            }
        }
        // The index and the feeds list only what is online.
        let listed = site.listed_digest(&self.store.albo()?);
        if self.store.setting(ALBO_WRITTEN)?.as_deref() != Some(listed.as_str()) {
            let files: Vec<_> = site
                .files
                .iter()
                .filter(|f| !f.path.starts_with("atti/"))
                .map(|f| (path(&f.path), f.bytes.clone(), f.media_type))
                .collect();
            let written = block_on({
                let client = client.clone();
                async move {
                    for (p, bytes, media_type) in files {
                        client.site_put(&p, bytes, media_type).await?;
                    }
                    Ok::<(), atti_sync::SyncError>(())
                }
            })?;
            match written {
                Ok(()) => self.store.set_setting(ALBO_WRITTEN, &listed)?,
                Err(e) => report.errori.push(format!("indice dell'albo: {e}")),
            }
        }
        // Then the pages of the publications that left the albo go.
        for row in rows.iter().filter(|r| r.defissa_il.is_some() && r.online) {
            let gone = block_on({
                let client = client.clone();
                let page = path(&atti_docs::albo_pagina(row.anno, row.numero));
                let pdf = path(&atti_docs::albo_pdf(row.anno, row.numero));
                async move {
                    client.site_delete(&page).await?;
                    client.site_delete(&pdf).await
                }
            })?;
            match gone {
                Ok(()) => self.store.albo_sito_set(row.act_id, Ok(false), &now)?,
                Err(e) => {
                    let message = e.to_string();
                    self.store.albo_sito_set(row.act_id, Err(&message), &now)?;
                    report
                        .errori
                        .push(format!("{}: {message}", repertorio(row)));
                }
            }
        }
        Ok(report)
    }

    /// Right after an act is published: the albo online brought up to date. The publication
    /// stands whatever happens online: what fails is kept on it (shown, retried).
    pub(crate) fn albo_after_publishing(&mut self, id: atti_core::ActId) -> AppResult<()> {
        if let Err(e) = self.albo_aggiorna() {
            let now = self.clock.now().to_string();
            self.store.albo_sito_set(id, Err(&e.message), &now)?;
        }
        Ok(())
    }

    /// The site of the albo with `rows` on it, and each one's PDF (publication version).
    fn albo_site<'r>(
        &mut self,
        config: &AlboConfigDto,
        rows: &[&'r AlboRow],
    ) -> AppResult<Site<'r>> {
        let offices = self.store.offices()?;
        let mut voci = Vec::with_capacity(rows.len());
        let mut pdfs = Vec::with_capacity(rows.len());
        for row in rows {
            let act = self.store.load_act(row.act_id)?;
            let facts = self.store.facts(row.act_id)?;
            let (_, publication) = self.ensure_documents(row.act_id)?;
            let regola = atti_core::albo::regola(act.kind).ok_or_else(|| {
                AppError::new(
                    ErrorCode::Internal,
                    format!("l'atto {} non è di un tipo che si pubblica", row.act_id),
                )
            })?;
            voci.push(atti_docs::AlboVoce {
                anno: row.anno,
                numero: row.numero,
                tipo: act.kind.label().into(),
                numero_atto: facts.numero,
                adozione: facts.adoption,
                oggetto: act.oggetto.clone(),
                ufficio: offices
                    .iter()
                    .find(|o| o.code == act.office)
                    .map_or_else(|| act.office.clone(), |o| o.name.clone()),
                periodo: row.periodo,
                giorni: regola.giorni,
                norma: regola.norma.into(),
                pubblicata: row.pubblicata_at.parse().map_err(|_| {
                    AppError::new(
                        ErrorCode::Internal,
                        format!("data di pubblicazione non valida: {}", row.pubblicata_at),
                    )
                })?,
                pdf_sha256: atti_docs::sha256_hex(&publication),
                pdf_byte: publication.len() as u64,
            });
            pdfs.push((*row, publication));
        }
        let files = atti_docs::albo_sito(&atti_docs::AlboSito {
            comune: self.store.comune_name()?,
            indirizzo: config.indirizzo.clone(),
            aggiornato: self.clock.now(),
            pubblicazioni: voci,
        })?;
        Ok(Site { files, pdfs })
    }
}

/// The albo's site as made now.
struct Site<'r> {
    files: Vec<atti_docs::SitoFile>,
    pdfs: Vec<(&'r AlboRow, Vec<u8>)>,
}

impl Site<'_> {
    fn file(&self, path: &str) -> Vec<u8> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.bytes.clone())
            .unwrap_or_default()
    }

    /// What the index lists: the publications online (and their PDFs), as a SHA-256.
    fn listed_digest(&self, rows: &[AlboRow]) -> String {
        let mut text = String::new();
        for (row, pdf) in &self.pdfs {
            let online = rows
                .iter()
                .any(|r| r.act_id == row.act_id && r.online && r.errore.is_none());
            if online {
                text.push_str(&format!(
                    "{}/{} {}\n",
                    row.numero,
                    row.anno,
                    atti_docs::sha256_hex(pdf)
                ));
            }
        }
        atti_docs::sha256_hex(text.as_bytes())
    }
}

/// "3/2026".
fn repertorio(row: &AlboRow) -> String {
    format!("{}/{}", row.numero, row.anno)
}

impl AlboVoceDto {
    fn of(
        row: &AlboRow,
        act: &atti_core::Act,
        numero_atto: Option<String>,
        today: jiff::civil::Date,
    ) -> AlboVoceDto {
        let (stato, stato_label) = match row.defissa_il {
            Some(_) => ("defissa", "Defissa"),
            None if row.periodo.da_defiggere(today) => ("da-defiggere", "Da defiggere"),
            None => ("in-pubblicazione", "In pubblicazione"),
        };
        AlboVoceDto {
            act_id: row.act_id,
            repertorio: repertorio(row),
            anno: row.anno,
            numero: row.numero,
            kind: act.kind,
            numero_atto,
            oggetto: act.oggetto.clone(),
            inizio: row.periodo.inizio.to_string(),
            fine: row.periodo.fine.to_string(),
            defissa_il: row.defissa_il.map(|d| d.to_string()),
            stato: stato.into(),
            stato_label: stato_label.into(),
            online: row.online,
            errore: row.errore.clone(),
        }
    }
}

fn invalid_input(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message)
}
