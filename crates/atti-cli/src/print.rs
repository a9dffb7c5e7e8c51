//! How the CLI prints: JSON for scripts, plain Italian text for people.

use atti_app::RegistroRow;
use atti_app::dto::{
    ActDiff, ActSummary, ControlloDto, IdentityDto, ImpegnoSemeDto, InboxGroup, IterStatus,
    OutboxEntryDto, SealInfo, SyncSummaryDto, TimelineEntry, VerifyReportDto, VersionSummary,
};
use atti_core::money::format_euro;
use atti_core::{Act, SectionKind};

pub fn json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => outln!("{s}"),
        Err(e) => eprintln!("errore: serializzazione JSON non riuscita: {e}"),
    }
}

/// Warnings (a certificate about to expire, a Comune file's doubtful entry) go to stderr, so
/// that standard output stays what was asked for.
pub fn warnings(warnings: &[String]) {
    for w in warnings {
        eprintln!("attenzione: {w}");
    }
}

pub fn summaries(list: &[ActSummary], with_snippet: bool) {
    if list.is_empty() {
        outln!("Nessun atto.");
        return;
    }
    for s in list {
        outln!(
            "{:>6}  {:<28} {:<15} {:<8} {}",
            s.id,
            s.kind_label,
            s.proposal.as_deref().unwrap_or("-"),
            s.state_label,
            s.oggetto
        );
        if with_snippet && let Some(snippet) = &s.snippet {
            outln!("        {snippet}");
        }
    }
}

pub fn versions(list: &[VersionSummary]) {
    for v in list {
        outln!(
            "{:>4}  {}  {:<12} {}",
            v.version,
            v.saved_at,
            v.author,
            v.oggetto
        );
    }
}

pub fn act(act: &Act) {
    outln!(
        "{} n. proposta {}",
        act.kind.label(),
        act.proposal.as_deref().unwrap_or("-")
    );
    outln!("Stato: {} (versione {})", act.state.label(), act.version);
    outln!();
    outln!("OGGETTO: {}", act.oggetto);
    for kind in SectionKind::ALL {
        for s in act.sections.iter().filter(|s| s.kind == kind) {
            outln!();
            outln!("{}", s.kind.heading());
            outln!("{}", s.text);
        }
    }
    if let Some(verb) = act.kind.dispositivo_verb()
        && !act.dispositivo.is_empty()
    {
        outln!();
        outln!("{verb}");
        for (i, p) in act.dispositivo.iter().enumerate() {
            outln!("{}. {}", i + 1, p.text);
        }
    }
    if !act.impegni.is_empty() {
        outln!();
        outln!("Impegni di spesa:");
        for i in &act.impegni {
            outln!(
                "  {} cap. {} {} a favore di {}{}",
                i.esercizio,
                i.capitolo,
                format_euro(i.importo_centesimi),
                i.beneficiario,
                i.cig
                    .as_deref()
                    .map(|c| format!(" (CIG {c})"))
                    .unwrap_or_default()
            );
        }
        outln!("  Totale: {}", format_euro(act.total_impegni_cents()));
    }
    if let Some(v) = &act.verbale {
        outln!();
        outln!(
            "Data e ora: {} {}",
            v.data.map(|d| d.to_string()).unwrap_or_default(),
            v.ora
                .map(|t| t.strftime("%H:%M").to_string())
                .unwrap_or_default()
        );
        outln!("Luogo: {}", v.luogo);
        outln!("Veicolo: {} targa {}", v.veicolo, v.targa);
        outln!("Trasgressore: {}", v.trasgressore.nome);
        outln!("Norma violata: {}", v.norma_violata);
        outln!(
            "Sanzione: {} (ridotta {}), punti {}",
            format_euro(v.sanzione_centesimi),
            format_euro(v.sanzione_ridotta_centesimi),
            v.punti
        );
        outln!("Agente accertatore: matricola {}", v.agente_matricola);
    }
    if !act.attachments.is_empty() {
        outln!();
        outln!("Allegati:");
        for a in &act.attachments {
            outln!(
                "  {} ({}, {} byte) SHA-256 {}",
                a.name,
                a.media_type,
                a.size,
                a.sha256
            );
        }
    }
}

pub fn iter_status(s: &IterStatus) {
    outln!(
        "Atto {}: {}{}",
        s.id,
        s.state_label,
        s.numero
            .as_deref()
            .map(|n| format!(", n. {n}"))
            .unwrap_or_default()
    );
    if let Some(bozza) = &s.bozza {
        outln!("  {bozza}");
    }
    for q in &s.queued {
        match &q.refused {
            None => outln!(
                "  In invio: «{}» ({}, {}): il server documentale non rispondeva; lo invia «atti sync»",
                q.label,
                q.by,
                q.queued_at
            ),
            Some(reason) => outln!("  Non registrato: {reason}"),
        }
    }
    let d = &s.dates;
    for (label, value) in [
        ("Adozione", &d.adoption),
        ("Pubblicazione dal", &d.publication_start),
        ("Pubblicazione fino al", &d.publication_end),
        ("Esecutività", &d.esecutivita),
        ("Termine per la notifica", &d.notifica_deadline),
    ] {
        if let Some(v) = value {
            outln!("  {label}: {v}");
        }
    }
    if let Some(efficacia) = &s.efficacia {
        outln!("  {efficacia}");
    }
    for p in &s.pareri {
        outln!(
            "  {}: {} ({}, versione {}){}{}",
            p.label,
            p.esito.label(),
            p.author,
            p.version,
            if p.motivazione.is_empty() {
                String::new()
            } else {
                format!(" – {}", p.motivazione)
            },
            if p.da_rinnovare {
                " – DA RINNOVARE"
            } else {
                ""
            }
        );
    }
    for sig in &s.signatures {
        outln!("  Firmato: {}", sig.role_label);
    }
    if s.options.is_empty() {
        outln!("Nessuna azione possibile per questo utente.");
    } else {
        outln!("Azioni possibili:");
        for o in &s.options {
            let blocked = o
                .blocked_by
                .as_deref()
                .map(|b| format!(" (non ora: {b})"))
                .unwrap_or_default();
            outln!("  {:<20} {}{}", o.action.slug(), o.label, blocked);
        }
    }
}

pub fn history(entries: &[TimelineEntry]) {
    for e in entries {
        outln!("{:>4}  {}  {:<12} {}", e.seq, e.at, e.actor, e.label);
        if let Some(note) = &e.note {
            outln!("        motivazione: {note}");
        }
        for c in &e.comments {
            outln!("        su {}: {}", c.field, c.text);
        }
    }
}

pub fn registro(rows: &[RegistroRow]) {
    if rows.is_empty() {
        outln!("Registro vuoto.");
    }
    for r in rows {
        let annulled = r
            .annulled_reason
            .as_deref()
            .map(|a| format!("  [ANNULLATO: {a}]"))
            .unwrap_or_default();
        outln!(
            "{:>5}/{}  {}  atto {:<5} {}{}",
            r.number,
            r.year,
            r.adoption_date.as_deref().unwrap_or("-"),
            r.act_id,
            r.oggetto,
            annulled
        );
    }
}

pub fn diff(d: &ActDiff) {
    if d.changes.is_empty() {
        outln!("Nessuna differenza tra le versioni {} e {}.", d.from, d.to);
    }
    for c in &d.changes {
        outln!("{}:", c.part);
        let mut line = String::from("  ");
        for s in &c.spans {
            match s.kind.as_str() {
                "removed" => line.push_str(&format!("[-{}-]", s.text)),
                "added" => line.push_str(&format!("{{+{}+}}", s.text)),
                _ => line.push_str(&s.text),
            }
        }
        outln!("{line}");
    }
}

pub fn inbox(groups: &[InboxGroup]) {
    for g in groups {
        if g.total as usize > g.acts.len() {
            outln!("{} ({}; i {} più recenti)", g.name, g.total, g.acts.len());
        } else {
            outln!("{} ({})", g.name, g.total);
        }
        for a in &g.acts {
            outln!(
                "  {:>6}  {:<28} {:<30} {}",
                a.id,
                a.kind_label,
                a.state_label,
                a.oggetto
            );
        }
    }
}

pub fn identity(i: &IdentityDto) {
    let c = &i.certificate;
    outln!("Dispositivo di firma di {}: {}", i.username, i.description);
    outln!(
        "Certificato: {} (codice fiscale {}), rilasciato da {}",
        c.common_name,
        c.codice_fiscale.as_deref().unwrap_or("-"),
        c.issuer
    );
    outln!("Valido dal {} al {}", c.not_before, c.not_after);
}

pub fn controlli(list: &[ControlloDto]) {
    if list.is_empty() {
        outln!("Nessun sorteggio del controllo successivo");
    }
    for c in list {
        outln!(
            "Sorteggio n. {}: {}% degli atti «{}» adottati dal {} al {} (estratti {} su {}; seme «{}»), il {} da {}",
            c.id,
            c.percent,
            c.kind_label,
            c.period_from,
            c.period_to,
            c.acts.len(),
            c.candidates.len(),
            c.seed,
            c.drawn_at,
            c.drawn_by
        );
        for a in &c.acts {
            let esito = a.esito_label.as_deref().unwrap_or("da controllare");
            outln!("  [{}] n. {} «{}»: {esito}", a.act_id, a.numero, a.oggetto);
            if let Some(note) = &a.note {
                outln!("      {note}");
            }
        }
        outln!("  Controllati {} di {}", c.checked, c.acts.len());
    }
}

pub fn impegni_seme(list: &[ImpegnoSemeDto]) {
    if list.is_empty() {
        outln!("Nessun impegno sul seme del controllo successivo");
    }
    for i in list {
        outln!(
            "Impegno sul seme degli atti «{}» dal {} al {}: impronta SHA-256 {}, il {} da {}{}",
            i.kind_label,
            i.period_from,
            i.period_to,
            i.seed_sha256,
            i.committed_at,
            i.committed_by,
            if i.drawn { " (sorteggio fatto)" } else { "" }
        );
    }
}

pub fn seme_generato(seme: &str) {
    outln!("Seme generato: {seme}");
    outln!(
        "Annotatelo e conservatelo riservato fino al sorteggio: Atti ne registra solo l'impronta, e il sorteggio accetta solo questo seme."
    );
}

pub fn seal(s: &SealInfo) {
    let (Some(fingerprint), Some(pem)) = (&s.fingerprint, &s.public_key_pem) else {
        outln!("Il Comune non ha ancora una chiave di sigillo: «atti comune sigillo --genera»");
        return;
    };
    if s.demo {
        outln!("Sigillo dei contrassegni: chiave DIMOSTRATIVA {fingerprint} (non protegge nulla)");
    } else {
        outln!("Sigillo dei contrassegni: chiave {fingerprint} (la privata è nel portachiavi)");
    }
    for key in &s.previous {
        match &key.retired_from {
            Some(day) => outln!(
                "Chiave precedente {}: ritirata dal {day} (vale solo per le copie rilasciate prima)",
                key.fingerprint
            ),
            None => outln!(
                "Chiave precedente {}: valida per le copie rilasciate con essa",
                key.fingerprint
            ),
        }
    }
    out!("{pem}");
}

pub fn verify_report(r: &VerifyReportDto) {
    outln!(
        "Formato {}: {} firme. {}",
        r.format,
        r.signatures.len(),
        if r.valid {
            "Tutte le firme sono valide."
        } else {
            "ATTENZIONE: la verifica non è riuscita."
        }
    );
    for (i, s) in r.signatures.iter().enumerate() {
        outln!(
            "{}. {} {} (codice fiscale {}), certificato di {}",
            i + 1,
            if s.valid { "VALIDA" } else { "NON VALIDA" },
            s.signer,
            s.codice_fiscale.as_deref().unwrap_or("-"),
            s.issuer
        );
        if let Some(t) = &s.signing_time {
            outln!("   firmata il {t} (ora dichiarata dal firmatario)");
        }
        if let Some(t) = &s.timestamp {
            outln!("   marca temporale: {t}");
        }
        for p in &s.problems {
            outln!("   - {p}");
        }
        for n in &s.notes {
            outln!("   · {n}");
        }
    }
}

pub fn sync_summary(s: &SyncSummaryDto) {
    outln!(
        "Inviati e verificati: {}; già presenti e identici: {}; conflitti: {}; da controllare: {}; ancora in coda: {}",
        s.verified,
        s.already_present,
        s.conflicts,
        s.attention,
        s.remaining
    );
    if let Some(why) = &s.stopped {
        outln!("Interrotto: {why}");
    }
}

pub fn outbox(rows: &[OutboxEntryDto]) {
    if rows.is_empty() {
        outln!("Nessun file in coda.");
        return;
    }
    for r in rows {
        outln!(
            "{:>6}  {:<22} {:>9}  {}{}",
            r.act_id,
            r.state_label,
            r.size,
            r.remote_path,
            r.detail
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        );
    }
}

/// The sessions, one per line.
pub fn sedute(list: &[atti_app::dto::SedutaSummary]) {
    if list.is_empty() {
        outln!("Nessuna seduta.");
    }
    for s in list {
        let fase = s.fase.label();
        outln!(
            "{:>4}  {}  {} del {} — {} punti",
            s.id,
            fase,
            s.titolo,
            s.data,
            s.punti
        );
    }
}

/// A session: when and where, who is present, the ordine del giorno and the outcome of each
/// item, the declarations, and what could not reach the acts.
pub fn seduta(d: &atti_app::dto::SedutaDto) {
    use atti_core::seduta::{EsitoPunto, Fase};
    let s = &d.stato;
    let nome = |id: &str| {
        d.componenti
            .iter()
            .find(|m| m.id == id)
            .map_or_else(|| id.to_string(), |m| m.nome.clone())
    };
    let names = |ids: &[String]| {
        if ids.is_empty() {
            "nessuno".to_string()
        } else {
            ids.iter().map(|id| nome(id)).collect::<Vec<_>>().join(", ")
        }
    };
    outln!("{} (id {})", d.titolo, d.id);
    outln!(
        "  seduta {}, {}: {} ore {}, {}{}",
        s.tipo.label(),
        s.convocazione.label(),
        s.data,
        s.ora.strftime("%H:%M"),
        s.luogo,
        if s.videoconferenza {
            " (videoconferenza)"
        } else {
            ""
        }
    );
    outln!(
        "  stato: {}; componenti {}, numero legale {}",
        s.fase.label(),
        d.componenti.len(),
        d.numero_legale
    );
    if s.fase != Fase::Convocata {
        let presenti: Vec<String> = s.presenti.iter().cloned().collect();
        outln!(
            "  presiede: {}",
            s.presiede.as_deref().map(nome).unwrap_or_default()
        );
        outln!("  segretario: {}", s.segretario.clone().unwrap_or_default());
        outln!("  presenti ora ({}): {}", presenti.len(), names(&presenti));
        let giustificati: Vec<String> = s.giustificati.iter().cloned().collect();
        if !giustificati.is_empty() {
            outln!("  assenti giustificati: {}", names(&giustificati));
        }
    }
    outln!("Ordine del giorno:");
    for p in &s.punti {
        let act = d.punti.iter().find(|a| a.numero == p.numero);
        outln!(
            "  {}. {} (atto {}{})",
            p.numero,
            p.oggetto,
            p.atto,
            act.map(|a| format!(
                ", {}{}",
                a.act_state_label,
                a.act_numero
                    .as_ref()
                    .map(|n| format!(" n. {n}"))
                    .unwrap_or_default()
            ))
            .unwrap_or_default()
        );
        match &p.esito {
            EsitoPunto::DaTrattare => outln!("     da trattare"),
            EsitoPunto::Votato { approvato, voto } => {
                outln!(
                    "     {}: presenti {}, favorevoli {}, contrari {} ({}), astenuti {} ({})",
                    if *approvato { "APPROVATA" } else { "RESPINTA" },
                    voto.presenti.len(),
                    voto.voto.favorevoli.len(),
                    voto.voto.contrari.len(),
                    names(&voto.voto.contrari),
                    voto.voto.astenuti.len(),
                    names(&voto.voto.astenuti)
                );
                if !voto.non_partecipano.is_empty() {
                    outln!(
                        "     fuori aula per il punto (art. 78 TUEL): {}",
                        names(&voto.non_partecipano)
                    );
                }
                if let Some((v, won)) = &voto.immediata {
                    outln!(
                        "     immediata eseguibilità: favorevoli {}, contrari {}, astenuti {} → {}",
                        v.favorevoli.len(),
                        v.contrari.len(),
                        v.astenuti.len(),
                        if *won { "dichiarata" } else { "non raggiunta" }
                    );
                }
            }
            EsitoPunto::Rinviato { motivo } => outln!("     rinviato: {motivo}"),
            EsitoPunto::Ritirato { motivo } => outln!("     ritirato: {motivo}"),
        }
    }
    for m in &s.movimenti {
        outln!(
            "  {} {} dopo il punto {}",
            nome(&m.membro),
            if m.entra { "entra" } else { "esce" },
            m.dopo_punti
        );
    }
    for a in &s.avvisi {
        outln!(
            "  avviso di convocazione firmato da {} il {} ({} punti)",
            a.firmato_da,
            a.emesso_il,
            a.punti.len()
        );
    }
    for (ruolo, by, _) in &s.verbale {
        outln!(
            "  verbale firmato da {by} ({})",
            match ruolo {
                atti_core::seduta::FirmaVerbale::Presidente => "chi ha presieduto",
                atti_core::seduta::FirmaVerbale::Segretario => "il segretario",
            }
        );
    }
    if let Some(il) = s.comunicazione_capigruppo {
        outln!("  delibere comunicate ai capigruppo il {il} (art. 125 TUEL)");
    }
    for dich in &s.dichiarazioni {
        outln!(
            "  dichiarazione di {}{}: {}",
            nome(&dich.membro),
            dich.punto
                .map(|n| format!(" sul punto {n}"))
                .unwrap_or_default(),
            dich.testo
        );
    }
    warnings(&d.avvisi);
}
