//! Sample acts of every kind, with the parts a real one has.

use atti_core::iter::Seduta;
use atti_core::parere::{Esito, ParereTipo};
use atti_core::{
    Act, ActId, ActKind, ActState, Attachment, DispositivoPoint, Impegno, Person, Section,
    SectionKind, TipoOrdinanza, VerbalePl,
};
use atti_docs::{ActDates, Parere, RenderInput, Riservato, Signer};
use jiff::civil::{date, time};

pub const OGGETTO: &str = "Affidamento del servizio di manutenzione – più qualità";

pub const POINT_1: &str = "di affidare alla ditta Verdi Impianti S.r.l. il servizio di manutenzione \
ordinaria degli impianti termici degli edifici comunali, per il periodo 1° gennaio – 31 dicembre 2027, \
per l'importo complessivo di 12.345,67 € oltre IVA, alle condizioni dell'offerta acquisita agli atti;";

pub const POINT_2: &str = "di liquidare il contributo al sig. Mario Rossi, nato a Pescara il 03/04/1975, \
C.F. RSSMRA75D03G482S, mediante accredito su IBAN IT60X0542811101000000123456;";

pub const POINT_3: &str = "di dare atto che il responsabile del procedimento è l'ing. Anna Bianchi, \
tel. 333 1234567, e-mail anna.bianchi@comune.esempio.it, e che la spesa è esigibile nell'esercizio 2027.";

pub fn act(kind: ActKind) -> Act {
    let mut act = Act::new(kind, OGGETTO);
    act.id = Some(ActId(42));
    act.state = ActState::Firmata;
    act.version = 3;
    act.office = "TEC".into();
    act.proposal = Some("TEC/2026/0007".into());
    act.numero = Some("12/2026".into());
    if kind.is_verbale() {
        act.oggetto = "Sosta in zona a traffico limitato – via dell'Università".into();
        act.sections = vec![Section {
            kind: SectionKind::DatoAtto,
            text: "La violazione è stata contestata immediatamente al trasgressore, che ha \
                   dichiarato: «non avevo visto il cartello».\nIl veicolo era privo di contrassegno."
                .into(),
        }];
        act.verbale = Some(VerbalePl {
            data: Some(date(2026, 11, 20)),
            ora: Some(time(9, 45, 0, 0)),
            luogo: "Via dell'Università 12, Esempio".into(),
            veicolo: "autovettura Fiat Panda".into(),
            targa: "AB123CD".into(),
            trasgressore: Person {
                nome: "Mario Rossi".into(),
                codice_fiscale: Some("RSSMRA75D03G482S".into()),
                indirizzo: "Via Roma 1, Pescara".into(),
            },
            obbligato_solidale: Some(Person {
                nome: "Noleggi Esempio S.p.A.".into(),
                codice_fiscale: Some("00743110157".into()),
                indirizzo: "Corso Italia 5, Milano".into(),
            }),
            norma_violata: "art. 7, commi 9 e 14, D.Lgs. 285/1992 (CdS)".into(),
            sanzione_centesimi: 10_300,
            sanzione_ridotta_centesimi: 7_210,
            punti: 0,
            agente_matricola: "PL-0427".into(),
            fatto: "Veicolo in sosta nella zona a traffico limitato senza autorizzazione.".into(),
            dichiarazioni: "«Non avevo visto il cartello».".into(),
            ..VerbalePl::default()
        });
        return act;
    }
    act.sections = vec![
        Section {
            kind: SectionKind::Premesso,
            text: "il Comune è proprietario di ventidue edifici dotati di impianti termici;\n\
                   il contratto di manutenzione in essere scade il 31 dicembre 2026;"
                .into(),
        },
        Section {
            kind: SectionKind::Visto,
            text: "il D.Lgs. 18 agosto 2000, n. 267 (TUEL), in particolare gli artt. 107 e 183;\n\
                   il D.Lgs. 31 marzo 2023, n. 36 (Codice dei contratti pubblici);"
                .into(),
        },
        Section {
            kind: SectionKind::Considerato,
            text: "l'offerta della ditta Verdi Impianti S.r.l. è congrua e che la ditta è \
                   in possesso dei requisiti di ordine generale e speciale;"
                .into(),
        },
    ];
    if kind == ActKind::Ordinanza {
        act.tipo_ordinanza = Some(TipoOrdinanza::Contingibile);
    }
    act.dispositivo = vec![
        DispositivoPoint {
            text: POINT_1.into(),
        },
        DispositivoPoint {
            text: POINT_2.into(),
        },
        DispositivoPoint {
            text: POINT_3.into(),
        },
    ];
    if kind.has_impegni() {
        act.impegni = vec![
            Impegno {
                esercizio: 2027,
                capitolo: "1043.02".into(),
                importo_centesimi: 1_234_567,
                beneficiario: "Verdi Impianti S.r.l.".into(),
                cig: Some("B1A2C3D4E5".into()),
                cup: None,
                sovvenzione: None,
            },
            Impegno {
                esercizio: 2027,
                capitolo: "2010.01".into(),
                importo_centesimi: 250_000,
                beneficiario: "Mario Rossi".into(),
                cig: None,
                cup: Some("J41B22000010004".into()),
                sovvenzione: None,
            },
        ];
    }
    act.attachments = vec![Attachment {
        name: "Offerta economica.pdf".into(),
        media_type: "application/pdf".into(),
        size: 184_320,
        sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
    }];
    act
}

pub fn input(kind: ActKind) -> RenderInput {
    let signers = match kind {
        ActKind::DeliberaGiunta => vec![
            Signer {
                role: "Il Sindaco".into(),
                name: "Giovanni Esposito".into(),
            },
            Signer {
                role: "Il Segretario generale".into(),
                name: "Dott.ssa Laura Conti".into(),
            },
        ],
        ActKind::DeliberaConsiglio => vec![
            Signer {
                role: "Il Presidente del Consiglio".into(),
                name: "Paolo Ferrari".into(),
            },
            Signer {
                role: "Il Segretario generale".into(),
                name: "Dott.ssa Laura Conti".into(),
            },
        ],
        ActKind::Determinazione => vec![Signer {
            role: "Il Dirigente del Settore Tecnico".into(),
            name: "Ing. Marco Galli".into(),
        }],
        ActKind::Ordinanza | ActKind::Decreto => vec![Signer {
            role: "Il Sindaco".into(),
            name: "Giovanni Esposito".into(),
        }],
        ActKind::VerbalePl => vec![Signer {
            role: "L'agente accertatore".into(),
            name: "Ag. Sara Moretti (matr. PL-0427)".into(),
        }],
    };
    let pareri = match kind {
        ActKind::DeliberaGiunta | ActKind::DeliberaConsiglio => vec![
            Parere {
                tipo: ParereTipo::Tecnico,
                esito: Esito::Favorevole,
                motivazione: String::new(),
                author: "Ing. Marco Galli".into(),
                author_role: Some("Il Responsabile del Settore Tecnico".into()),
                date: date(2026, 11, 18),
                da_rinnovare: false,
                signed: Some(atti_docs::SignedDocument {
                    name: "parere-tecnico-v3.pdf".into(),
                    sha256: "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"
                        .into(),
                }),
            },
            Parere {
                tipo: ParereTipo::Contabile,
                esito: Esito::Favorevole,
                motivazione: "La spesa trova copertura sui capitoli indicati.".into(),
                author: "Dott.ssa Anna Neri".into(),
                author_role: Some("La Responsabile del Servizio finanziario".into()),
                date: date(2026, 11, 19),
                da_rinnovare: false,
                signed: None,
            },
        ],
        ActKind::Determinazione => vec![Parere {
            tipo: ParereTipo::VistoContabile,
            esito: Esito::Favorevole,
            motivazione: "Si attesta la copertura finanziaria della spesa.".into(),
            author: "Dott.ssa Anna Neri".into(),
            author_role: Some("La Responsabile del Servizio finanziario".into()),
            date: date(2026, 11, 27),
            da_rinnovare: false,
            signed: None,
        }],
        _ => vec![],
    };
    RenderInput {
        comune: "Comune di Esempio".into(),
        office: Some(
            if kind.is_verbale() {
                "Comando di Polizia locale"
            } else {
                "Settore Tecnico"
            }
            .into(),
        ),
        act: act(kind),
        numero: None,
        document_date: date(2026, 11, 26),
        dates: ActDates {
            adoption: Some(date(2026, 11, 26)),
            publication_start: (!kind.is_verbale()).then(|| date(2026, 11, 30)),
            publication_end: (!kind.is_verbale()).then(|| date(2026, 12, 14)),
            esecutivita: kind.is_delibera().then(|| date(2026, 11, 26)),
        },
        pareri,
        seduta: kind.is_delibera().then(|| Seduta {
            data: date(2026, 11, 26),
            presenti: 6,
            favorevoli: 5,
            contrari: 0,
            astenuti: 1,
            immediatamente_eseguibile: true,
            componenti: Some(7),
            voto_immediata: Some(atti_core::iter::Votazione {
                favorevoli: 6,
                contrari: 0,
                astenuti: 0,
            }),
            record: Some(atti_core::iter::SedutaRecord {
                seduta: "segretario-0123456789abcdef0123456789abcdef".into(),
                punto: 2,
                maggioranza: atti_core::seduta::Maggioranza::Votanti,
                ora: jiff::civil::time(9, 30, 0, 0),
                luogo: "Sala della Giunta, Palazzo comunale".into(),
                videoconferenza: false,
                presiede: "Laura Ferrari".into(),
                segretario: "Paolo Esposito".into(),
                presenti: [
                    "Laura Ferrari",
                    "Giorgio Marino",
                    "Chiara Greco",
                    "Davide Conti",
                    "Elena Longo",
                    "Piero Sala",
                ]
                .map(String::from)
                .to_vec(),
                assenti: Vec::new(),
                contrari: Vec::new(),
                astenuti: vec!["Piero Sala".into()],
                non_partecipano: vec!["Francesca Gallo".into()],
            }),
        }),
        signers,
        version_label: None,
        riservati: vec![
            Riservato::everywhere("Mario Rossi"),
            Riservato::everywhere("03/04/1975"),
            Riservato::everywhere("RSSMRA75D03G482S"),
            Riservato::everywhere("IT60X0542811101000000123456"),
        ],
        stemma_svg: None,
        uid: None,
    }
}

/// A determinazione with 200 dispositivo points and 100 impegni.
pub fn long_input() -> RenderInput {
    let mut input = input(ActKind::Determinazione);
    input.act.dispositivo = (1..=200)
        .map(|i| DispositivoPoint {
            text: format!(
                "di approvare la voce n. {i} del quadro economico dell'intervento di \
                 riqualificazione energetica degli edifici scolastici comunali, per la quale la \
                 ditta aggiudicataria ha presentato la documentazione tecnica e contabile \
                 richiesta dal capitolato speciale d'appalto, verificata dal direttore dei lavori \
                 con esito favorevole, e di dare atto che la relativa spesa è compresa negli \
                 impegni assunti con il presente provvedimento e che il pagamento avverrà entro \
                 trenta giorni dal ricevimento della fattura elettronica, previa verifica \
                 della regolarità contributiva e degli adempimenti sulla tracciabilità dei flussi \
                 finanziari di cui alla legge 13 agosto 2010, n. 136."
            ),
        })
        .collect();
    input.act.impegni = (1..=100)
        .map(|i| Impegno {
            esercizio: 2027,
            capitolo: format!("{}.{:02}", 1000 + i, i % 7),
            importo_centesimi: 100_000 + i64::from(i) * 12_345,
            beneficiario: format!("Fornitore numero {i} S.r.l."),
            cig: Some(format!("B{i:09}")),
            cup: None,
            sovvenzione: None,
        })
        .collect();
    input
}
