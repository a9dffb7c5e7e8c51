//! The metadata sidecar of an archival package: the fields of AgID Allegato 5 to the Linee
//! guida sulla formazione, gestione e conservazione dei documenti informatici (2021) for a
//! documento amministrativo informatico, as XML. The schema is documented in
//! docs/metadati.md. Its presence on the server marks a complete package (it is sent last).

use crate::{AppResult, Atti};
use atti_core::Act;
use atti_store::{NewOutboxFile, StoredFacts};
use quick_xml::escape::escape;
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// File name of the sidecar inside a package.
pub(crate) const SIDECAR_NAME: &str = "metadati.xml";

/// The sidecar of an act's package; `files` are the package's other files.
pub(crate) fn sidecar(
    atti: &Atti,
    act: &Act,
    stored: &StoredFacts,
    files: &[NewOutboxFile],
) -> AppResult<String> {
    let comune = atti.store.comune_name()?;
    let users = atti.store.users()?;
    let name_of = |username: &str| {
        users
            .iter()
            .find(|u| u.username == username)
            .map(|u| {
                (
                    u.full_name.clone(),
                    u.codice_fiscale.clone().unwrap_or_default(),
                )
            })
            .unwrap_or((username.to_string(), String::new()))
    };
    let id = act.id.map(|i| i.0).unwrap_or_default();
    let main = files.first();
    let main_sha = main
        .map(|f| hex::encode(Sha256::digest(&f.bytes)))
        .unwrap_or_default();
    let main_name = main.map(|f| f.name.clone()).unwrap_or_default();
    let (numero, year) = match stored.numero.as_deref().and_then(|n| n.split_once('/')) {
        Some((n, y)) => (n.to_string(), y.to_string()),
        None => (String::new(), String::new()),
    };
    let e = |s: &str| escape(s).into_owned();
    let mut x = String::new();
    // write! to a String cannot fail.
    let _ = writeln!(x, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        x,
        r#"<DocumentoAmministrativoInformatico xmlns="urn:atti:metadati:agid-allegato5:1">"#
    );
    let _ = writeln!(
        x,
        "  <IdDoc>\n    <ImprontaCrittograficaDelDocumento>\n      <Impronta>{main_sha}</Impronta>\n      <Algoritmo>SHA-256</Algoritmo>\n    </ImprontaCrittograficaDelDocumento>\n    <Identificativo>{}</Identificativo>\n  </IdDoc>",
        e(&format!("{}-{}-{year}-{numero}", comune, act.kind.slug()))
    );
    let _ = writeln!(
        x,
        "  <ModalitaDiFormazione>a</ModalitaDiFormazione>\n  <TipologiaDocumentale>{}</TipologiaDocumentale>",
        e(act.kind.label())
    );
    let _ = writeln!(
        x,
        "  <DatiDiRegistrazione>\n    <TipologiaDiFlusso>I</TipologiaDiFlusso>\n    <TipoRegistro>Repertorio/Registro</TipoRegistro>\n    <DataRegistrazione>{}</DataRegistrazione>\n    <NumeroDocumento>{}</NumeroDocumento>\n    <CodiceRegistro>{}</CodiceRegistro>\n  </DatiDiRegistrazione>",
        stored.adoption.map(|d| d.to_string()).unwrap_or_default(),
        e(&numero),
        e(&format!("{}-{year}", act.kind.slug()))
    );
    let _ = writeln!(x, "  <Soggetti>");
    let _ = writeln!(
        x,
        "    <Ruolo>\n      <TipoRuolo>Amministrazione che effettua la registrazione</TipoRuolo>\n      <Denominazione>{}</Denominazione>\n    </Ruolo>",
        e(&comune)
    );
    for s in atti
        .store
        .signed_file_history(act.id.unwrap_or(atti_core::ActId(0)))?
    {
        if s.part != crate::signed_step::PART_ATTO {
            continue;
        }
        let (name, cf) = name_of(&s.username);
        let _ = writeln!(
            x,
            "    <Ruolo>\n      <TipoRuolo>Firmatario</TipoRuolo>\n      <Nome>{}</Nome>\n      <CodiceFiscale>{}</CodiceFiscale>\n      <Qualifica>{}</Qualifica>\n      <DataFirma>{}</DataFirma>\n    </Ruolo>",
            e(&name),
            e(&cf),
            e(&s.role),
            e(&s.signed_at)
        );
    }
    let _ = writeln!(x, "  </Soggetti>");
    let _ = writeln!(
        x,
        "  <ChiaveDescrittiva>\n    <Oggetto>{}</Oggetto>\n  </ChiaveDescrittiva>",
        e(&act.oggetto)
    );
    let _ = writeln!(
        x,
        "  <Allegati>\n    <NumeroAllegati>{}</NumeroAllegati>",
        files.len().saturating_sub(1)
    );
    for f in files.iter().skip(1) {
        let _ = writeln!(
            x,
            "    <IndiceAllegati>\n      <Nome>{}</Nome>\n      <Impronta>{}</Impronta>\n      <Algoritmo>SHA-256</Algoritmo>\n    </IndiceAllegati>",
            e(&f.name),
            hex::encode(Sha256::digest(&f.bytes))
        );
    }
    let _ = writeln!(x, "  </Allegati>");
    let _ = writeln!(
        x,
        "  <Classificazione/>\n  <Riservato>{}</Riservato>",
        !act.riservati.is_empty()
    );
    let format = if main_name.ends_with(".p7m") {
        "p7m (CAdES)"
    } else {
        "pdf (PDF/A-2a, PAdES)"
    };
    let _ = writeln!(
        x,
        "  <IdentificativoDelFormato>\n    <Formato>{format}</Formato>\n    <ProdottoSoftware>\n      <NomeProdotto>Atti</NomeProdotto>\n      <VersioneProdotto>{}</VersioneProdotto>\n    </ProdottoSoftware>\n  </IdentificativoDelFormato>",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        x,
        "  <Verifica>\n    <FirmatoDigitalmente>true</FirmatoDigitalmente>\n    <SigillatoElettronicamente>false</SigillatoElettronicamente>\n    <MarcaturaTemporale>false</MarcaturaTemporale>\n    <ConformitaCopieImmagineSuSupportoInformatico>false</ConformitaCopieImmagineSuSupportoInformatico>\n  </Verifica>"
    );
    let _ = writeln!(
        x,
        "  <NomeDelDocumento>{}</NomeDelDocumento>\n  <VersioneDelDocumento>{}</VersioneDelDocumento>\n  <TempoDiConservazione>illimitato</TempoDiConservazione>\n  <Note>Identificativo interno dell'atto: {id}</Note>",
        e(&main_name),
        act.version
    );
    // Atti's own element: the head of the audit chain of the PC that queued the package, an
    // anchor outside the SQLite file (`atti audit verify` on that PC reads it back).
    if let Some((seq, hash)) = atti.store.audit_head()? {
        let _ = writeln!(
            x,
            "  <AncoraRegistroOperazioni>\n    <Postazione>{}</Postazione>\n    <Voce>{seq}</Voce>\n    <Impronta>{hash}</Impronta>\n    <Algoritmo>SHA-256</Algoritmo>\n  </AncoraRegistroOperazioni>",
            atti.workstation_id()?
        );
    }
    let _ = writeln!(x, "</DocumentoAmministrativoInformatico>");
    Ok(x)
}
