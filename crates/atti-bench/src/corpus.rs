//! A synthetic but realistic archive of a Comune: Italian oggetti and bodies built by combining
//! word lists, so that every word a clerk searches for matches a different share of the acts
//! (from a few tenths of a percent to a third). Deterministic: the same seed gives the same
//! archive, so runs are comparable.

use atti_core::act::TipoOrdinanza;
use atti_core::{Act, ActKind, DispositivoPoint, Impegno, Person, Section, SectionKind, VerbalePl};

/// A small, fast, deterministic pseudo-random generator (SplitMix64): no dependency needed.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// One element of a non-empty slice.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const SERVIZI: &[&str] = &[
    "manutenzione del verde pubblico",
    "manutenzione ordinaria degli edifici scolastici",
    "manutenzione straordinaria della rete idrica",
    "manutenzione degli impianti termici",
    "manutenzione delle strade comunali",
    "gestione dell'illuminazione pubblica",
    "pulizia degli uffici comunali",
    "trasporto scolastico",
    "refezione scolastica",
    "sgombero neve e trattamento antighiaccio",
    "gestione della biblioteca civica",
    "fornitura di carburante per gli automezzi comunali",
    "fornitura di arredi scolastici",
    "noleggio di fotocopiatrici multifunzione",
    "tesoreria comunale",
    "assistenza informatica e sistemistica",
    "fornitura di licenze software",
    "verifica periodica degli ascensori",
    "derattizzazione e disinfestazione",
    "raccolta dei rifiuti ingombranti",
    "rifacimento della segnaletica orizzontale",
    "rifacimento del manto stradale in asfalto",
    "assistenza domiciliare agli anziani",
    "centro estivo per minori",
    "monitoraggio della qualità dell'aria",
    "custodia del cimitero comunale",
    "consulenza legale",
    "formazione del personale sulla sicurezza",
    "sorveglianza sanitaria dei dipendenti",
    "potatura delle alberature stradali",
];

const AZIONI_DETERMINA: &[&str] = &[
    "Affidamento diretto del servizio di",
    "Impegno di spesa per il servizio di",
    "Liquidazione della fattura relativa al servizio di",
    "Proroga tecnica del contratto per il servizio di",
    "Aggiudicazione della procedura negoziata per il servizio di",
    "Determinazione a contrarre per il servizio di",
    "Approvazione del certificato di regolare esecuzione del servizio di",
    "Integrazione dell'impegno di spesa per il servizio di",
];

const LUOGHI: &[&str] = &[
    "presso la scuola primaria «Dante Alighieri»",
    "presso la scuola secondaria «Giovanni Pascoli»",
    "nel parco comunale di via dei Mille",
    "in piazza Garibaldi",
    "in via Roma",
    "in corso Vittorio Emanuele II",
    "presso il palazzo municipale",
    "nella frazione di San Martino",
    "nella frazione di Castelnuovo",
    "presso il cimitero comunale",
    "presso la palestra comunale",
    "in località Pian del Lago",
    "lungo la strada provinciale 12",
    "presso il centro sportivo comunale",
    "in viale della Libertà",
    "in via Giuseppe Mazzini",
    "presso la biblioteca civica",
    "presso l'asilo nido «Il Girasole»",
    "in piazza del Municipio",
    "nel quartiere Borgo Nuovo",
];

const STRADE: &[&str] = &[
    "via Roma",
    "via Garibaldi",
    "corso Italia",
    "piazza Cavour",
    "via Mazzini",
    "viale Europa",
    "via XX Settembre",
    "via Matteotti",
    "via Verdi",
    "piazza della Repubblica",
    "via San Francesco",
    "via dei Mille",
    "largo Gramsci",
    "via Manzoni",
    "via Leopardi",
    "via Carducci",
    "via Aldo Moro",
    "viale della Stazione",
    "via del Mercato",
    "piazza Garibaldi",
];

const OPERE: &[&str] = &[
    "la riqualificazione energetica della scuola primaria",
    "il rifacimento della copertura del palazzo municipale",
    "la messa in sicurezza del ponte sul torrente",
    "la realizzazione della pista ciclabile",
    "l'ampliamento del cimitero comunale",
    "l'adeguamento sismico della palestra comunale",
    "la riqualificazione di piazza Garibaldi",
    "il nuovo impianto di illuminazione pubblica a LED",
    "la manutenzione straordinaria delle strade comunali",
    "il recupero dell'ex mattatoio come centro culturale",
];

const ASSOCIAZIONI: &[&str] = &[
    "Pro Loco",
    "Banda musicale cittadina",
    "Associazione sportiva dilettantistica Virtus",
    "Croce Verde",
    "Associazione Anziani Insieme",
    "Circolo culturale «La Rocca»",
    "Protezione civile volontari",
    "Gruppo Alpini",
];

const EVENTI: &[&str] = &[
    "la fiera di San Martino",
    "la festa patronale",
    "il carnevale dei bambini",
    "la stagione teatrale",
    "il torneo estivo di calcio",
    "la rassegna di musica in piazza",
    "il mercatino di Natale",
    "la giornata ecologica",
];

const TEMI: &[&str] = &[
    "la tutela del verde urbano",
    "l'uso degli impianti sportivi",
    "la gestione dei rifiuti urbani",
    "l'occupazione di suolo pubblico",
    "la disciplina della pubblicità e delle affissioni",
    "la videosorveglianza",
    "la sicurezza urbana e la viabilità",
    "il funzionamento del Consiglio comunale",
    "l'accesso agli atti",
    "la qualità dei servizi educativi",
];

const DOCUMENTI: &[&str] = &[
    "Documento unico di programmazione",
    "rendiconto della gestione",
    "bilancio di previsione",
    "programma triennale dei lavori pubblici",
    "piano delle alienazioni e valorizzazioni immobiliari",
    "piano economico finanziario del servizio rifiuti",
];

const RUOLI: &[&str] = &[
    "responsabile della prevenzione della corruzione e della trasparenza",
    "responsabile dell'area tecnica",
    "responsabile del servizio finanziario",
    "responsabile della protezione dei dati",
    "vicesegretario comunale",
    "componente del nucleo di valutazione",
];

const MOTIVI_ORDINANZA: &[&str] = &[
    "la fiera di San Martino",
    "lavori di rifacimento del manto stradale",
    "la manifestazione ciclistica",
    "la potatura delle alberature stradali",
    "lavori sulla rete idrica",
    "il mercato settimanale",
    "la processione della festa patronale",
];

const DIVIETI: &[&str] = &[
    "abbruciamento dei residui vegetali",
    "vendita di bevande in contenitori di vetro",
    "utilizzo dell'acqua potabile per irrigazione",
    "accensione di fuochi d'artificio",
    "sosta dei veicoli pesanti",
];

#[rustfmt::skip]
const NOMI: &[&str] = &[
    "Mario", "Giuseppe", "Giovanni", "Luigi", "Francesco", "Antonio", "Marco", "Andrea",
    "Paolo", "Stefano", "Luca", "Alessandro", "Roberto", "Davide", "Matteo", "Maria", "Anna",
    "Giulia", "Francesca", "Laura", "Sara", "Chiara", "Elena", "Paola", "Silvia", "Valentina",
    "Federica", "Martina", "Alessia", "Giorgia",
];

#[rustfmt::skip]
const COGNOMI: &[&str] = &[
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
    "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano",
    "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi",
    "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli",
    "Vitale", "Lombardo", "Serra", "Coppola", "De Santis", "D'Angelo", "Marchetti",
];

#[rustfmt::skip]
const DITTE_A: &[&str] =
    &["Verde", "Edil", "Tecno", "Servizi", "Eco", "Idro", "Elettro", "Strade", "Luce", "Info"];
#[rustfmt::skip]
const DITTE_B: &[&str] = &[
    "Città", "Italia", "Sud", "Nord", "Ambiente", "Costruzioni", "Impianti", "Sistemi",
    "Global", "Service",
];
const DITTE_C: &[&str] = &["S.r.l.", "S.p.A.", "S.n.c.", "Soc. Coop."];

const LEGGI: &[&str] = &[
    "il D.Lgs. 18 agosto 2000, n. 267 (TUEL), in particolare gli articoli 107, 183 e 192;",
    "il D.Lgs. 31 marzo 2023, n. 36 (Codice dei contratti pubblici), art. 50, comma 1, lettera b);",
    "lo Statuto comunale e il Regolamento sull'ordinamento degli uffici e dei servizi;",
    "il Regolamento comunale di contabilità;",
    "il D.Lgs. 30 aprile 1992, n. 285 (Nuovo codice della strada);",
    "la Legge 7 agosto 1990, n. 241 sul procedimento amministrativo;",
    "il D.Lgs. 14 marzo 2013, n. 33 in materia di trasparenza;",
    "il D.Lgs. 9 aprile 2008, n. 81 sulla sicurezza nei luoghi di lavoro;",
    "il D.P.R. 16 aprile 2013, n. 62 (codice di comportamento dei dipendenti pubblici);",
    "il D.Lgs. 3 aprile 2006, n. 152 (norme in materia ambientale);",
];

const NORME_CDS: &[&str] = &[
    "art. 7, commi 1 e 15, del Codice della Strada (sosta in zona a tempo)",
    "art. 7, commi 9 e 14, del Codice della Strada (transito in ZTL)",
    "art. 142, comma 8, del Codice della Strada (eccesso di velocità)",
    "art. 158, comma 2, del Codice della Strada (sosta sul marciapiede)",
    "art. 172 del Codice della Strada (mancato uso delle cinture di sicurezza)",
    "art. 173 del Codice della Strada (uso del telefono alla guida)",
    "art. 146, comma 3, del Codice della Strada (semaforo rosso)",
    "art. 193 del Codice della Strada (mancanza di copertura assicurativa)",
];

const VEICOLI: &[&str] = &[
    "autovettura Fiat Panda",
    "autovettura Volkswagen Golf",
    "autovettura Renault Clio",
    "autovettura Toyota Yaris",
    "motociclo Honda SH 125",
    "autocarro Iveco Daily",
    "autovettura Alfa Romeo Giulietta",
    "autovettura Lancia Ypsilon",
];

fn ditta(r: &mut Rng) -> String {
    format!("{}{} {}", r.pick(DITTE_A), r.pick(DITTE_B), r.pick(DITTE_C))
}

fn persona(r: &mut Rng) -> String {
    format!("{} {}", r.pick(NOMI), r.pick(COGNOMI))
}

fn data(r: &mut Rng, year: i16) -> String {
    const MESI: &[&str] = &[
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    format!("{} {} {year}", 1 + r.below(28), r.pick(MESI))
}

fn euro(cents: i64) -> String {
    atti_core::money::format_euro(cents)
}

fn capitolo(r: &mut Rng) -> String {
    format!("{}.{:02}", 1000 + r.below(900), 1 + r.below(20))
}

fn code(r: &mut Rng, len: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    (0..len)
        .map(|_| CHARS[r.below(CHARS.len() as u64) as usize] as char)
        .collect()
}

fn targa(r: &mut Rng) -> String {
    const L: &[u8] = b"ABCDEFGHJKLMNPRSTVWXYZ";
    let l = |r: &mut Rng| L[r.below(L.len() as u64) as usize] as char;
    format!("{}{}{:03}{}{}", l(r), l(r), r.below(1000), l(r), l(r))
}

/// The kind of the next act of the archive, in the shares of a Comune of about 50,000
/// inhabitants (10,000 acts a year): verbali and determinazioni, then ordinanze (traffic,
/// events), about 300 delibere di Giunta and 60 di Consiglio, a few decreti.
pub fn kind_for(r: &mut Rng) -> ActKind {
    match r.below(1000) {
        0..450 => ActKind::VerbalePl,
        450..840 => ActKind::Determinazione,
        840..920 => ActKind::Ordinanza,
        920..950 => ActKind::DeliberaGiunta,
        950..956 => ActKind::DeliberaConsiglio,
        _ => ActKind::Decreto,
    }
}

/// A complete act of `kind` adopted in `year`, with sections, dispositivo and impegni (or
/// the fields of a verbale): between 1 and 3 KB of text, like a real draft.
pub fn act(r: &mut Rng, kind: ActKind, year: i16) -> Act {
    let servizio = r.pick(SERVIZI);
    let luogo = r.pick(LUOGHI);
    let oggetto = match kind {
        ActKind::Determinazione => {
            format!(
                "{} {servizio} {luogo} – anno {year}",
                r.pick(AZIONI_DETERMINA)
            )
        }
        ActKind::DeliberaGiunta => match r.below(3) {
            0 => format!("Approvazione del progetto esecutivo per {}", r.pick(OPERE)),
            1 => format!(
                "Concessione di un contributo a «{}» per {} {year}",
                r.pick(ASSOCIAZIONI),
                r.pick(EVENTI)
            ),
            _ => format!("Atto di indirizzo per {}", r.pick(TEMI)),
        },
        ActKind::DeliberaConsiglio => match r.below(3) {
            0 => format!("Approvazione del {} {year}", r.pick(DOCUMENTI)),
            1 => format!("Variazione al bilancio di previsione {year}-{}", year + 2),
            _ => format!("Approvazione del regolamento comunale per {}", r.pick(TEMI)),
        },
        ActKind::Ordinanza => match r.below(3) {
            0 => format!(
                "Chiusura al traffico di {} per {}",
                r.pick(STRADE),
                r.pick(MOTIVI_ORDINANZA)
            ),
            1 => format!(
                "Divieto di {} su tutto il territorio comunale",
                r.pick(DIVIETI)
            ),
            _ => format!(
                "Ordinanza contingibile e urgente per la messa in sicurezza di un edificio {luogo}"
            ),
        },
        ActKind::Decreto => format!("Nomina del {}", r.pick(RUOLI)),
        ActKind::VerbalePl => {
            let norma = r.pick(NORME_CDS);
            let what = norma
                .rsplit('(')
                .next()
                .unwrap_or(norma)
                .trim_end_matches(')');
            format!(
                "Accertamento di violazione: {what} in {} {}",
                r.pick(STRADE),
                1 + r.below(120)
            )
        }
    };
    let mut act = Act::new(kind, &oggetto);
    if kind == ActKind::Ordinanza {
        act.tipo_ordinanza = Some(if oggetto.contains("contingibile") {
            TipoOrdinanza::Contingibile
        } else if oggetto.starts_with("Divieto") {
            TipoOrdinanza::Sindacale
        } else {
            TipoOrdinanza::Dirigenziale
        });
    }
    if kind == ActKind::VerbalePl {
        act.verbale = Some(verbale(r, year));
        return act;
    }

    let ditta = ditta(r);
    let mut push = |kind: SectionKind, text: String| act.sections.push(Section { kind, text });
    let premesso = match r.below(5) {
        0 => format!(
            "il contratto per il servizio di {servizio} scade il {} e occorre garantire la \
             continuità del servizio;",
            data(r, year)
        ),
        1 => format!(
            "con deliberazione della Giunta comunale n. {} del {} è stato approvato il piano \
             esecutivo di gestione {year};",
            1 + r.below(250),
            data(r, year)
        ),
        2 => format!(
            "l'Amministrazione intende migliorare la qualità e l'efficienza del servizio di \
             {servizio} {luogo};"
        ),
        3 => format!(
            "sono pervenute numerose segnalazioni dei cittadini relative allo stato dei luoghi \
             {luogo} e alla sicurezza della viabilità;"
        ),
        _ => format!(
            "il bilancio di previsione {year}-{} è stato approvato con deliberazione del \
             Consiglio comunale n. {};",
            year + 2,
            1 + r.below(80)
        ),
    };
    push(SectionKind::Premesso, premesso);
    let visti: Vec<&str> = (0..2 + r.below(3)).map(|_| r.pick(LEGGI)).collect();
    push(SectionKind::Visto, visti.join("\n"));
    let considerato = match r.below(4) {
        0 => format!(
            "che l'offerta della ditta {ditta} è risultata congrua rispetto ai prezzi di mercato \
             e che la ditta possiede i requisiti di ordine generale;"
        ),
        1 => format!(
            "che la spesa trova copertura al capitolo {} del bilancio {year};",
            capitolo(r)
        ),
        2 => format!(
            "che è necessario garantire la sicurezza della circolazione e la pubblica \
             incolumità {luogo};"
        ),
        _ => "che il servizio riveste carattere di urgenza e che non sono attive convenzioni \
              Consip per servizi comparabili;"
            .to_string(),
    };
    push(SectionKind::Considerato, considerato);
    push(
        SectionKind::Ritenuto,
        format!(
            "di procedere in merito per l'anno {year}, per le motivazioni espresse in premessa."
        ),
    );

    let importo = 50_000 + (r.below(20_000_000) as i64);
    let verb_text = match kind {
        ActKind::Determinazione => {
            format!("di affidare il servizio di {servizio} alla ditta {ditta} per l'anno {year};")
        }
        ActKind::Ordinanza => format!(
            "a chiunque di rispettare le prescrizioni indicate {luogo}, dalle ore 7 alle ore 20 \
             del {};",
            data(r, year)
        ),
        ActKind::Decreto => format!(
            "di nominare {} con decorrenza dal {};",
            persona(r),
            data(r, year)
        ),
        _ => "di approvare quanto esposto in premessa, che costituisce parte integrante e \
              sostanziale del presente atto;"
            .to_string(),
    };
    act.dispositivo.push(DispositivoPoint { text: verb_text });
    if kind.has_impegni() {
        act.dispositivo.push(DispositivoPoint {
            text: format!(
                "di impegnare la spesa complessiva di {} IVA compresa come indicato nella \
                 tabella degli impegni;",
                euro(importo)
            ),
        });
        let cig = (r.below(2) == 0).then(|| code(r, 10));
        act.impegni.push(Impegno {
            esercizio: year as u16,
            capitolo: capitolo(r),
            importo_centesimi: importo,
            beneficiario: ditta.clone(),
            cig,
            cup: (r.below(5) == 0).then(|| code(r, 15)),
            sovvenzione: None,
        });
    }
    act.dispositivo.push(DispositivoPoint {
        text: format!(
            "di nominare responsabile del procedimento {} e di dare atto che il presente \
             provvedimento sarà pubblicato all'albo pretorio online.",
            persona(r)
        ),
    });
    act
}

fn verbale(r: &mut Rng, year: i16) -> VerbalePl {
    let sanzione = [4_200, 8_700, 17_300, 33_000, 86_600][r.below(5) as usize];
    VerbalePl {
        data: jiff::civil::Date::new(year, 1 + r.below(12) as i8, 1 + r.below(28) as i8).ok(),
        ora: jiff::civil::Time::new(7 + r.below(14) as i8, r.below(60) as i8, 0, 0).ok(),
        luogo: format!("{} {}, Esempio", r.pick(STRADE), 1 + r.below(120)),
        veicolo: r.pick(VEICOLI).to_string(),
        targa: targa(r),
        trasgressore: Person {
            nome: persona(r),
            codice_fiscale: None,
            indirizzo: format!("{} {}, Esempio", r.pick(STRADE), 1 + r.below(120)),
        },
        obbligato_solidale: None,
        norma_violata: r.pick(NORME_CDS).to_string(),
        sanzione_centesimi: sanzione,
        sanzione_ridotta_centesimi: sanzione * 7 / 10,
        punti: [0, 0, 2, 3, 5][r.below(5) as usize],
        agente_matricola: format!("PL-{:04}", r.below(10_000)),
        fatto: "Veicolo in sosta in violazione della segnaletica.".into(),
        ..VerbalePl::default()
    }
}

/// What clerks type in the search box: single words, two words, prefixes (search runs as
/// they type), accented words with and without the accent, names, rare and common words.
pub const QUERIES: &[&str] = &[
    "manutenzione",
    "manut",
    "qualità",
    "qualita",
    "verde pubblico",
    "scuola primaria",
    "illum",
    "Garibaldi",
    "trasporto scolastico",
    "contributo Pro Loco",
    "sosta marciapiede",
    "velocità",
    "Rossi",
    "tesoreria",
    "segnal",
    "bilancio previsione",
    "Castelnuovo",
    "ascensori",
    "mattatoio",
    "Giorgia Marchetti",
];
