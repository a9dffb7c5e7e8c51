//! How the CLI prints: JSON for scripts, plain Italian text for people.

use atti_app::dto::{ActSummary, VersionSummary};
use atti_core::money::format_euro;
use atti_core::{Act, SectionKind};

pub fn json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("errore: serializzazione JSON non riuscita: {e}"),
    }
}

pub fn summaries(list: &[ActSummary], with_snippet: bool) {
    if list.is_empty() {
        println!("Nessun atto.");
        return;
    }
    for s in list {
        println!(
            "{:>6}  {:<28} {:<15} {:<8} {}",
            s.id,
            s.kind_label,
            s.proposal.as_deref().unwrap_or("-"),
            s.state_label,
            s.oggetto
        );
        if with_snippet && let Some(snippet) = &s.snippet {
            println!("        {snippet}");
        }
    }
}

pub fn versions(list: &[VersionSummary]) {
    for v in list {
        println!(
            "{:>4}  {}  {:<12} {}",
            v.version, v.saved_at, v.author, v.oggetto
        );
    }
}

pub fn act(act: &Act) {
    println!(
        "{} n. proposta {}",
        act.kind.label(),
        act.proposal.as_deref().unwrap_or("-")
    );
    println!("Stato: {} (versione {})", act.state.label(), act.version);
    println!();
    println!("OGGETTO: {}", act.oggetto);
    for kind in SectionKind::ALL {
        for s in act.sections.iter().filter(|s| s.kind == kind) {
            println!();
            println!("{}", s.kind.heading());
            println!("{}", s.text);
        }
    }
    if let Some(verb) = act.kind.dispositivo_verb()
        && !act.dispositivo.is_empty()
    {
        println!();
        println!("{verb}");
        for (i, p) in act.dispositivo.iter().enumerate() {
            println!("{}. {}", i + 1, p.text);
        }
    }
    if !act.impegni.is_empty() {
        println!();
        println!("Impegni di spesa:");
        for i in &act.impegni {
            println!(
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
        println!("  Totale: {}", format_euro(act.total_impegni_cents()));
    }
    if let Some(v) = &act.verbale {
        println!();
        println!(
            "Data e ora: {} {}",
            v.data.map(|d| d.to_string()).unwrap_or_default(),
            v.ora
                .map(|t| t.strftime("%H:%M").to_string())
                .unwrap_or_default()
        );
        println!("Luogo: {}", v.luogo);
        println!("Veicolo: {} targa {}", v.veicolo, v.targa);
        println!("Trasgressore: {}", v.trasgressore.nome);
        println!("Norma violata: {}", v.norma_violata);
        println!(
            "Sanzione: {} (ridotta {}), punti {}",
            format_euro(v.sanzione_centesimi),
            format_euro(v.sanzione_ridotta_centesimi),
            v.punti
        );
        println!("Agente accertatore: matricola {}", v.agente_matricola);
    }
    if !act.attachments.is_empty() {
        println!();
        println!("Allegati:");
        for a in &act.attachments {
            println!(
                "  {} ({}, {} byte) SHA-256 {}",
                a.name, a.media_type, a.size, a.sha256
            );
        }
    }
}
