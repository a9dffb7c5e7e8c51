//! The albo pretorio online: the register of publications (written by the step «pubblica»),
//! the automatic defissione after the last day, and the albo's website on the document
//! server (atti-docs makes the pages, atti-sync writes them). Only the publication version of
//! an act (with omissis) ever leaves the PC for the albo.

use crate::dto::{AlboConfigDto, AlboRepertorioDto, AlboReportDto, AlboVoceDto};
use crate::error::{AppError, ErrorCode};
use crate::sync::block_on;
use crate::{AppResult, Atti};
use atti_core::attestazione::Attestazione;
use atti_store::{AlboRow, AlboScelta};

/// Setting: the albo's WebDAV collection, on the document server ("https://…/albo/").
const ALBO_URL: &str = "albo_url";
/// Setting: the albo's public address, when the Comune's website shows it elsewhere.
const ALBO_PUBLIC: &str = "albo_indirizzo_pubblico";
/// Setting: what the albo's index last written from this PC lists (its SHA-256).
const ALBO_WRITTEN: &str = "albo_scritto";

impl Atti {
    /// The albo's place online: its WebDAV collection on the document server, and the
    /// address where citizens read it (the collection's own, unless the Comune's website
    /// shows it elsewhere). None until the amministratore sets it.
    pub fn albo_config(&self) -> AppResult<Option<AlboConfigDto>> {
        let Some(url) = self.store.setting(ALBO_URL)? else {
            return Ok(None);
        };
        let indirizzo = self
            .store
            .setting(ALBO_PUBLIC)?
            .unwrap_or_else(|| url.clone());
        Ok(Some(AlboConfigDto { url, indirizzo }))
    }

    /// Sets where the albo is published (the amministratore's): a WebDAV collection of the
    /// document server (the same https server: its password is never sent elsewhere), and
    /// optionally the https address where the Comune's website shows it.
    pub fn albo_config_set(
        &mut self,
        url: &str,
        indirizzo: Option<&str>,
    ) -> AppResult<AlboConfigDto> {
        let admin = self.check_amministratore("scegliere dove si pubblica l'albo pretorio")?;
        let server = self.server_config()?.ok_or_else(|| {
            invalid_input(
                "l'albo online sta sul server documentale: configurarlo prima con «atti server set» o da Impostazioni › Server",
            )
        })?;
        let url = collection_url(url, "indirizzo dell'albo sul server documentale")?;
        if origin(&url) != origin(&server.base_url) {
            return Err(invalid_input(format!(
                "l'albo deve stare sul server documentale ({}): la sua password non si invia ad altri server",
                origin(&server.base_url)
            )));
        }
        if url.trim_end_matches('/') == server.base_url.trim_end_matches('/')
            || url.starts_with(&format!("{}/", server.base_url.trim_end_matches('/')))
        {
            return Err(invalid_input(
                "l'albo non può stare nella cartella dell'archivio: serve una raccolta WebDAV sua (per esempio https://server/albo/), leggibile da tutti",
            ));
        }
        let indirizzo = indirizzo
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| collection_url(a, "indirizzo pubblico dell'albo"))
            .transpose()?;
        self.store.set_setting(ALBO_URL, &url)?;
        match &indirizzo {
            Some(a) => self.store.set_setting(ALBO_PUBLIC, a)?,
            None => self.store.remove_setting(ALBO_PUBLIC)?,
        }
        self.store.remove_setting(ALBO_WRITTEN)?;
        self.audit_setting(
            &admin,
            "albo pretorio online",
            serde_json::json!({ "url": url, "indirizzo": indirizzo }),
        )?;
        Ok(AlboConfigDto {
            indirizzo: indirizzo.unwrap_or_else(|| url.clone()),
            url,
        })
    }

    /// The albo online and a client of it, or why there is none.
    pub(crate) fn albo_target(&self) -> AppResult<(AlboConfigDto, atti_sync::Client)> {
        let config = self.albo_config()?.ok_or_else(|| {
            invalid_input(
                "l'albo online non è configurato: l'amministratore indica la sua raccolta sul server documentale con «atti albo configura»",
            )
        })?;
        let client = self
            .albo_client(&config)?
            .ok_or_else(crate::sync::no_server)?;
        Ok((config, client))
    }

    /// A client of the albo's collection: the document server's user, password and CA.
    fn albo_client(&self, config: &AlboConfigDto) -> AppResult<Option<atti_sync::Client>> {
        let Some(server) = self.server_config()? else {
            return Ok(None);
        };
        let password = self.server_password(&server)?;
        let albo = atti_sync::ServerConfig {
            base_url: config.url.clone(),
            ..server
        };
        Ok(Some(atti_sync::Client::new(&albo, password)?))
    }

    /// The register of publications, newest first, with what the albo online holds: of
    /// year `anno`, or every year (the register exported).
    pub fn albo_elenco(&self, anno: Option<i16>) -> AppResult<Vec<AlboVoceDto>> {
        let scelta = anno.map_or(AlboScelta::Tutte, AlboScelta::Anno);
        self.albo_voci(scelta)
    }

    fn albo_voci(&self, scelta: AlboScelta) -> AppResult<Vec<AlboVoceDto>> {
        let today = self.today();
        Ok(self
            .store
            .albo_voci(&Attestazione::Referto.part(), scelta)?
            .into_iter()
            .map(|v| AlboVoceDto::of(v, today))
            .collect())
    }

    /// The albo's screen: the register of year `anno` (this year by default) and the years
    /// there are, and, of every year, the publications not taken down yet. Ten years of a
    /// Comune are tens of thousands of publications: the screen never holds them all.
    pub fn albo_repertorio(&self, anno: Option<i16>) -> AppResult<AlboRepertorioDto> {
        let anno = anno.unwrap_or_else(|| self.today().year());
        let mut anni = self.store.albo_anni()?;
        if !anni.contains(&anno) {
            anni.push(anno);
            anni.sort_unstable_by(|a, b| b.cmp(a));
        }
        Ok(AlboRepertorioDto {
            anno,
            anni,
            voci: self.albo_voci(AlboScelta::Anno(anno))?,
            in_corso: self.albo_voci(AlboScelta::InCorso)?,
        })
    }

    /// The publication of act `id` in the register, if it was published.
    pub fn albo_voce(&self, id: atti_core::ActId) -> AppResult<Option<AlboVoceDto>> {
        let Some(row) = self.store.albo_of(id)? else {
            return Ok(None);
        };
        let act = self.store.load_act(id)?;
        let referto = self
            .store
            .signed_files(id)?
            .iter()
            .any(|f| f.part == Attestazione::Referto.part());
        let voce = atti_store::AlboVoce {
            row,
            kind: act.kind,
            numero_atto: act.numero,
            oggetto: act.oggetto,
            referto,
        };
        Ok(Some(AlboVoceDto::of(voce, self.today())))
    }

    /// Records the defissione of every publication past its last day (in the register, with
    /// its audit entry). Returns their numbers in the register.
    pub(crate) fn albo_defissioni(&mut self) -> AppResult<Vec<String>> {
        let today = self.today();
        let now = self.clock.now().to_string();
        let user = self.current_user()?.username.clone();
        let mut defissi = Vec::new();
        for row in self.store.albo_in_corso()? {
            if row.defissa_il.is_none()
                && row.periodo.da_defiggere(today)
                && self.store.albo_defiggi(row.act_id, today, &user, &now)?
            {
                defissi.push(repertorio(&row));
            }
        }
        Ok(defissi)
    }

    /// The albo brought up to date: every publication past its last day leaves it
    /// (defissione, recorded in the register with its audit entry), then, when the Comune
    /// has an albo online, its site is written: the new publications' PDF (publication
    /// version) and page, the index and the feeds, and the pages of those that left are
    /// removed. Failures are kept per publication (shown, retried at the next run) and
    /// never undo the register.
    pub fn albo_aggiorna(&mut self) -> AppResult<AlboReportDto> {
        let now = self.clock.now().to_string();
        let mut report = AlboReportDto {
            defissi: self.albo_defissioni()?,
            ..AlboReportDto::default()
        };
        let Some(config) = self.albo_config()? else {
            report.online = false;
            return Ok(report);
        };
        let Some(client) = self.albo_client(&config)? else {
            report.online = false;
            return Ok(report);
        };
        report.online = true;
        // The new publications first (create-only PDF, then its page), then the index: it
        // never links what is not there.
        let rows = self.store.albo_in_corso()?;
        let pending: Vec<&AlboRow> = rows
            .iter()
            .filter(|r| r.defissa_il.is_none() && (!r.online || r.errore.is_some()))
            .collect();
        if !pending.is_empty() {
            let site = self.albo_site(&config, &pending)?;
            for (row, pdf) in &site.pdfs {
                let page = atti_docs::albo_pagina(row.anno, row.numero);
                let page_bytes = site.file(&page);
                let pdf_path = atti_docs::albo_pdf(row.anno, row.numero);
                let written = block_on({
                    let client = client.clone();
                    let pdf = pdf.clone();
                    async move {
                        client
                            .upload(&pdf_path, pdf, atti_sync::Check::Sha256)
                            .await?;
                        client
                            .site_put(&page, page_bytes, "text/html; charset=utf-8")
                            .await
                    }
                })?;
                match written {
                    Ok(()) => {
                        self.store.albo_sito_set(row.act_id, Ok(true), &now)?;
                        report.pubblicati.push(repertorio(row));
                    }
                    Err(e) => self.albo_failed(row, &e, &now, &mut report)?,
                }
            }
        }
        // The index and the feeds list what is online now; made and written only when that
        // changed (this runs at every pull: no PDF is read when nothing did).
        let rows = self.store.albo_in_corso()?;
        let online: Vec<&AlboRow> = rows
            .iter()
            .filter(|r| r.defissa_il.is_none() && r.online && r.errore.is_none())
            .collect();
        let listed = listed_digest(&online);
        if self.store.setting(ALBO_WRITTEN)?.as_deref() != Some(listed.as_str()) {
            let site = self.albo_site(&config, &online)?;
            let files: Vec<_> = site
                .files
                .into_iter()
                .filter(|f| !f.path.starts_with("atti/"))
                .collect();
            let written = block_on({
                let client = client.clone();
                async move {
                    for f in files {
                        client.site_put(&f.path, f.bytes, f.media_type).await?;
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
                let page = atti_docs::albo_pagina(row.anno, row.numero);
                let pdf = atti_docs::albo_pdf(row.anno, row.numero);
                async move {
                    client.site_delete(&page).await?;
                    client.site_delete(&pdf).await
                }
            })?;
            match gone {
                Ok(()) => self.store.albo_sito_set(row.act_id, Ok(false), &now)?,
                Err(e) => self.albo_failed(row, &e, &now, &mut report)?,
            }
        }
        Ok(report)
    }

    /// A publication the albo online could not be brought up to date with: the error kept on
    /// it (shown, retried at the next run) and in the report.
    fn albo_failed(
        &self,
        row: &AlboRow,
        e: &atti_sync::SyncError,
        now: &str,
        report: &mut AlboReportDto,
    ) -> AppResult<()> {
        let message = e.to_string();
        self.store.albo_sito_set(row.act_id, Err(&message), now)?;
        report
            .errori
            .push(format!("{}: {message}", repertorio(row)));
        Ok(())
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

    /// Who signed the publication version of act `id`, in order: «Marco Rossi (Dirigente)».
    fn publication_signers(&self, id: atti_core::ActId) -> AppResult<Vec<String>> {
        let full_name = self.full_names()?;
        let mut out = Vec::new();
        for f in self.store.signed_file_history(id)? {
            if f.part != crate::signed_step::PART_PUBBLICAZIONE {
                continue;
            }
            let name = full_name(&f.username);
            let role = atti_core::Role::from_slug(&f.role).map_or("", |r| r.label());
            out.push(format!("{name} ({role})"));
        }
        Ok(out)
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
            let publication = self.publication_file(row.act_id)?;
            let regola = atti_core::albo::regola(&act).ok_or_else(|| {
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
                norma: regola.norma,
                pubblicata: row.pubblicata_at.parse().map_err(|_| {
                    AppError::new(
                        ErrorCode::Internal,
                        format!("data di pubblicazione non valida: {}", row.pubblicata_at),
                    )
                })?,
                pdf_sha256: atti_docs::sha256_hex(&publication),
                pdf_byte: publication.len() as u64,
                firmatari: self.publication_signers(row.act_id)?,
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
}

/// What an index of `rows` lists, as a SHA-256 (a publication's act and its publication
/// version never change: its number and its act say it all).
fn listed_digest(rows: &[&AlboRow]) -> String {
    let text: String = rows
        .iter()
        .map(|r| format!("{}/{} {}\n", r.numero, r.anno, r.act_id))
        .collect();
    atti_docs::sha256_hex(text.as_bytes())
}

/// "3/2026".
pub(crate) fn repertorio(row: &AlboRow) -> String {
    format!("{}/{}", row.numero, row.anno)
}

impl AlboVoceDto {
    fn of(voce: atti_store::AlboVoce, today: jiff::civil::Date) -> AlboVoceDto {
        let row = &voce.row;
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
            kind: voce.kind,
            numero_atto: voce.numero_atto,
            oggetto: voce.oggetto,
            inizio: row.periodo.inizio.to_string(),
            fine: row.periodo.fine.to_string(),
            defissa_il: row.defissa_il.map(|d| d.to_string()),
            stato: stato.into(),
            stato_label: stato_label.into(),
            online: row.online,
            errore: row.errore.clone(),
            referto: voce.referto,
        }
    }
}

fn invalid_input(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message)
}

/// An https URL of a collection, ending with "/", or why not.
fn collection_url(text: &str, what: &str) -> AppResult<String> {
    let text = text.trim();
    let rest = text.strip_prefix("https://").unwrap_or_default();
    if rest.is_empty()
        || text.len() > 200
        || text
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || matches!(c, '#' | '?'))
    {
        return Err(invalid_input(format!(
            "{what} non valido: serve un URL https:// senza spazi, «#» o «?», al massimo 200 caratteri"
        )));
    }
    Ok(format!("{}/", text.trim_end_matches('/')))
}

/// "https://host:port" of an https URL.
fn origin(url: &str) -> &str {
    let rest = url.strip_prefix("https://").unwrap_or(url);
    let end = rest
        .find('/')
        .map_or(url.len(), |i| url.len() - rest.len() + i);
    &url[..end]
}
