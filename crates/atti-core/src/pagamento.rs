//! What a verbale collects: the payments pagoPA reports to the Comune in its flussi di
//! rendicontazione (AgID, «Specifiche attuative del nodo dei pagamenti-SPC», FlussoRiversamento),
//! each matched to its verbale by the IUV Atti gave it ([`crate::pagopa`]), and whether a
//! payment extinguishes the obligation (art. 202 CdS: the reduced amount within 5 days of the
//! contestation or notification, the minimum within 60, costs included).

use crate::VerbalePl;
use crate::pagopa::{Ente, codice_avviso};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

/// A flusso di rendicontazione, as read and checked by [`read_flusso`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flusso {
    /// `identificativoFlusso`: unique for the paying institution.
    pub identificativo: String,
    /// `dataRegolamento`: the day the money was settled to the Comune.
    pub data_regolamento: Date,
    /// Who sent the money (`istitutoMittente`, its name or code).
    pub mittente: String,
    /// The payments in it.
    pub pagamenti: Vec<Pagamento>,
}

/// One payment of a flusso (`datiSingoliPagamenti`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pagamento {
    /// `identificativoUnivocoVersamento`: the IUV of the avviso paid.
    pub iuv: String,
    /// `identificativoUnivocoRiscossione`: the payment's own identifier.
    pub iur: String,
    /// The amount, in euro cents.
    pub importo_centesimi: i64,
    /// The day it was paid (`dataEsitoSingoloPagamento`).
    pub pagato_il: Date,
    /// A payment revoked afterwards (`codiceEsitoSingoloPagamento` 3): reported, not counted.
    pub revocato: bool,
}

/// Why a flusso is not accepted: the file, and where it is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("flusso di rendicontazione non valido: {0}")]
pub struct FlussoError(pub String);

fn err(m: impl Into<String>) -> FlussoError {
    FlussoError(m.into())
}

/// Reads a flusso di rendicontazione (XML) addressed to `ente`: its totals must add up, its
/// receiver must be the Comune, and every payment must say its IUV, IUR, amount and day.
pub fn read_flusso(xml: &[u8], ente: &Ente) -> Result<Flusso, FlussoError> {
    let text = std::str::from_utf8(xml).map_err(|_| err("il file non è testo UTF-8"))?;
    let doc =
        roxmltree::Document::parse(text).map_err(|e| err(format!("XML non leggibile: {e}")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "FlussoRiversamento" {
        return Err(err(format!(
            "atteso un FlussoRiversamento, trovato «{}»",
            root.tag_name().name()
        )));
    }
    let text_of = |parent: roxmltree::Node<'_, '_>, name: &str| -> Result<String, FlussoError> {
        child(parent, name)
            .and_then(|n| n.text())
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .ok_or_else(|| err(format!("manca «{name}»")))
    };
    let day = |text: &str, name: &str| -> Result<Date, FlussoError> {
        text.get(..10)
            .and_then(|d| d.parse::<Date>().ok())
            .ok_or_else(|| err(format!("«{name}» non è una data: «{text}»")))
    };
    let identificativo = text_of(root, "identificativoFlusso")?;
    let data_regolamento = day(&text_of(root, "dataRegolamento")?, "dataRegolamento")?;
    // The sender by name, or by its code.
    let mittente = child(root, "istitutoMittente")
        .and_then(|m| {
            ["denominazioneMittente", "codiceIdentificativoUnivoco"]
                .into_iter()
                .find_map(|name| descendant(m, name).and_then(|n| n.text()))
        })
        .unwrap_or_default()
        .trim()
        .to_string();
    let ricevente = child(root, "istitutoRicevente")
        .and_then(|r| descendant(r, "codiceIdentificativoUnivoco"))
        .and_then(|n| n.text())
        .map(str::trim)
        .unwrap_or_default();
    if ricevente != ente.codice_fiscale {
        return Err(err(format!(
            "è indirizzato all'ente «{ricevente}», non al Comune ({})",
            ente.codice_fiscale
        )));
    }
    let mut pagamenti = Vec::new();
    for p in root
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "datiSingoliPagamenti")
    {
        let n = pagamenti.len() + 1;
        let at = |e: FlussoError| err(format!("pagamento {n}: {}", e.0));
        let iuv = text_of(p, "identificativoUnivocoVersamento").map_err(at)?;
        let iur = text_of(p, "identificativoUnivocoRiscossione").map_err(at)?;
        let importo = text_of(p, "singoloImportoPagato").map_err(at)?;
        let importo_centesimi = cents(&importo)
            .ok_or_else(|| err(format!("pagamento {n}: importo non valido «{importo}»")))?;
        let esito = text_of(p, "codiceEsitoSingoloPagamento").map_err(at)?;
        let revocato = match esito.as_str() {
            "0" | "9" => false,
            "3" => true,
            other => {
                return Err(err(format!(
                    "pagamento {n}: esito «{other}» sconosciuto (0, 3 o 9)"
                )));
            }
        };
        let pagato_il = day(
            &text_of(p, "dataEsitoSingoloPagamento").map_err(at)?,
            "dataEsitoSingoloPagamento",
        )
        .map_err(at)?;
        pagamenti.push(Pagamento {
            iuv,
            iur,
            importo_centesimi,
            pagato_il,
            revocato,
        });
    }
    let numero = text_of(root, "numeroTotalePagamenti")?;
    if numero.parse::<usize>().ok() != Some(pagamenti.len()) {
        return Err(err(format!(
            "dichiara {numero} pagamenti e ne contiene {}",
            pagamenti.len()
        )));
    }
    let totale = text_of(root, "importoTotalePagamenti")?;
    let somma: i64 = pagamenti.iter().map(|p| p.importo_centesimi).sum();
    if cents(&totale) != Some(somma) {
        return Err(err(format!(
            "dichiara un totale di {totale} euro e i pagamenti sommano {}",
            crate::money::format_euro(somma)
        )));
    }
    Ok(Flusso {
        identificativo,
        data_regolamento,
        mittente,
        pagamenti,
    })
}

/// A flusso as an intermediary writes it, to `ente` from `mittente`, with `pagamenti`: what
/// the demo Comune's tour reads back (the tests write their own, by hand).
pub fn flusso_xml(f: &Flusso, ente: &Ente) -> String {
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let euro = |c: i64| format!("{}.{:02}", c / 100, c % 100);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FlussoRiversamento xmlns=\"http://www.digitpa.gov.it/schemas/2011/Pagamenti/\">\n<versioneOggetto>1.0</versioneOggetto>\n<identificativoFlusso>{}</identificativoFlusso>\n<dataRegolamento>{}</dataRegolamento>\n<istitutoMittente><denominazioneMittente>{}</denominazioneMittente></istitutoMittente>\n<istitutoRicevente><identificativoUnivocoRicevente><tipoIdentificativoUnivoco>G</tipoIdentificativoUnivoco><codiceIdentificativoUnivoco>{}</codiceIdentificativoUnivoco></identificativoUnivocoRicevente></istitutoRicevente>\n<numeroTotalePagamenti>{}</numeroTotalePagamenti>\n<importoTotalePagamenti>{}</importoTotalePagamenti>\n",
        esc(&f.identificativo),
        f.data_regolamento,
        esc(&f.mittente),
        esc(&ente.codice_fiscale),
        f.pagamenti.len(),
        euro(f.pagamenti.iter().map(|p| p.importo_centesimi).sum())
    );
    for (i, p) in f.pagamenti.iter().enumerate() {
        out.push_str(&format!(
            "<datiSingoliPagamenti><identificativoUnivocoVersamento>{}</identificativoUnivocoVersamento><identificativoUnivocoRiscossione>{}</identificativoUnivocoRiscossione><indiceDatiSingoloPagamento>{}</indiceDatiSingoloPagamento><singoloImportoPagato>{}</singoloImportoPagato><codiceEsitoSingoloPagamento>{}</codiceEsitoSingoloPagamento><dataEsitoSingoloPagamento>{}</dataEsitoSingoloPagamento></datiSingoliPagamenti>\n",
            esc(&p.iuv),
            esc(&p.iur),
            i + 1,
            euro(p.importo_centesimi),
            if p.revocato { "3" } else { "0" },
            p.pagato_il
        ));
    }
    out.push_str("</FlussoRiversamento>\n");
    out
}

/// The first child element of `parent` named `name`.
fn child<'a, 'i>(parent: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    parent
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

/// The first element named `name` below `parent`, at any depth.
fn descendant<'a, 'i>(
    parent: roxmltree::Node<'a, 'i>,
    name: &str,
) -> Option<roxmltree::Node<'a, 'i>> {
    parent
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

/// "74.50" as 7450 cents: digits, a point and at most two decimals, not negative.
fn cents(text: &str) -> Option<i64> {
    let (euro, dec) = text.split_once('.').unwrap_or((text, ""));
    if euro.is_empty()
        || dec.len() > 2
        || !euro.bytes().all(|b| b.is_ascii_digit())
        || !dec.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let euro: i64 = euro.parse().ok()?;
    let dec: i64 = format!("{dec:0<2}").parse().ok()?;
    euro.checked_mul(100)?.checked_add(dec)
}

/// Which verbale and option an IUV of Atti pays: (year, option, number in the register), if
/// it is one Atti made for `ente` (segregation code and check digits).
pub fn verbale_of_iuv(iuv: &str, ente: &Ente) -> Option<(i16, u8, u32)> {
    if iuv.len() != 17 || !iuv.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let segregazione: u8 = iuv[..2].parse().ok()?;
    let base: u64 = iuv[2..15].parse().ok()?;
    if segregazione != ente.segregazione || codice_avviso(segregazione, base)?[1..] != *iuv {
        return None;
    }
    let anno = i16::try_from(base / 10u64.pow(9)).ok()?;
    let opzione = u8::try_from(base / 10u64.pow(8) % 10).ok()?;
    let numero = u32::try_from(base % 10u64.pow(8)).ok()?;
    Some((anno, opzione, numero))
}

/// Where the payments of a verbale leave its obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "esito", rename_all = "kebab-case")]
pub enum EsitoPagamento {
    /// Nothing paid yet.
    NonPagato,
    /// Paid in full: the reduced amount within 5 days, or the minimum within 60 (art. 202
    /// c.1 CdS); the obligation is extinguished.
    Estinto {
        /// The day of the payment that completed it.
        #[ts(type = "string")]
        il: Date,
        /// Whether the reduced amount was what extinguished it.
        ridotto: bool,
    },
    /// Paid, but less than what is due by the day of the last payment.
    Insufficiente {
        /// What is still due, in euro cents.
        mancano_centesimi: i64,
    },
    /// Paid after the 60 days: the verbale is already the title to collect half the maximum
    /// of the fine (art. 203 c.3 CdS); the payment counts toward it.
    Tardivo {
        /// The day of the last payment.
        #[ts(type = "string")]
        il: Date,
    },
}

impl EsitoPagamento {
    /// As the register and the panel say it.
    pub fn label(&self) -> String {
        match self {
            EsitoPagamento::NonPagato => "non pagato".into(),
            EsitoPagamento::Estinto { il, ridotto } => format!(
                "pagato il {}{}: obbligazione estinta",
                il.strftime("%d/%m/%Y"),
                if *ridotto { " in misura ridotta" } else { "" }
            ),
            EsitoPagamento::Insufficiente { mancano_centesimi } => format!(
                "pagamento insufficiente: mancano {}",
                crate::money::format_euro(*mancano_centesimi)
            ),
            EsitoPagamento::Tardivo { il } => format!(
                "pagato il {}, oltre i {} giorni: si imputa alla somma iscritta a ruolo (art. 203 c.3 CdS)",
                il.strftime("%d/%m/%Y"),
                crate::verbale::PAGAMENTO_GIORNI
            ),
        }
    }
}

/// The day the terms to pay verbale `act` run from: the day it was contested on the spot, or
/// delivered (`consegnata_il`, its notification's); none while it waits for its notification.
pub fn decorrenza(act: &crate::Act, consegnata_il: Option<Date>) -> Option<Date> {
    match act.state {
        crate::ActState::Contestato => act.verbale.as_ref().and_then(|v| v.data),
        crate::ActState::Notificata => consegnata_il,
        _ => None,
    }
}

/// Where the payments `pagati` (amount and day, revoked ones left out) leave verbale `v`,
/// whose terms run from `dal` ([`decorrenza`]; None while it waits for its notification,
/// when a payment is always in time).
pub fn esito(v: &VerbalePl, dal: Option<Date>, pagati: &[(i64, Date)]) -> EsitoPagamento {
    use crate::verbale::{
        PAGAMENTO_GIORNI, PAGAMENTO_RIDOTTO_GIORNI, importo_minimo, importo_ridotto,
    };
    let Some(ultimo) = pagati.iter().map(|(_, d)| *d).max() else {
        return EsitoPagamento::NonPagato;
    };
    let totale: i64 = pagati.iter().map(|(c, _)| c).sum();
    let entro = |giorni: i64| {
        dal.is_none_or(|d| ultimo <= d.checked_add(giorni.days()).unwrap_or(Date::MAX))
    };
    // The reduced amount, while its five days last.
    let ridotto = importo_ridotto(v).filter(|_| entro(PAGAMENTO_RIDOTTO_GIORNI));
    if ridotto.is_some_and(|r| totale >= r) {
        return EsitoPagamento::Estinto {
            il: ultimo,
            ridotto: true,
        };
    }
    if entro(PAGAMENTO_GIORNI) {
        let minimo = importo_minimo(v);
        if totale >= minimo {
            return EsitoPagamento::Estinto {
                il: ultimo,
                ridotto: false,
            };
        }
        return EsitoPagamento::Insufficiente {
            mancano_centesimi: ridotto.unwrap_or(minimo) - totale,
        };
    }
    EsitoPagamento::Tardivo { il: ultimo }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn ente() -> Ente {
        Ente {
            codice_fiscale: "00000000000".into(),
            segregazione: 1,
        }
    }

    fn flusso(ricevente: &str, numero: &str, totale: &str, pagamenti: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<FlussoRiversamento xmlns="http://www.digitpa.gov.it/schemas/2011/Pagamenti/">
  <versioneOggetto>1.0</versioneOggetto>
  <identificativoFlusso>2026-01-27BPPIITRRXXX-S0001</identificativoFlusso>
  <dataOraFlusso>2026-01-27T10:00:00</dataOraFlusso>
  <identificativoUnivocoRegolamento>RIF-1</identificativoUnivocoRegolamento>
  <dataRegolamento>2026-01-27</dataRegolamento>
  <istitutoMittente><identificativoUnivocoMittente><tipoIdentificativoUnivoco>B</tipoIdentificativoUnivoco><codiceIdentificativoUnivoco>BPPIITRRXXX</codiceIdentificativoUnivoco></identificativoUnivocoMittente><denominazioneMittente>Poste Italiane</denominazioneMittente></istitutoMittente>
  <istitutoRicevente><identificativoUnivocoRicevente><tipoIdentificativoUnivoco>G</tipoIdentificativoUnivoco><codiceIdentificativoUnivoco>{ricevente}</codiceIdentificativoUnivoco></identificativoUnivocoRicevente></istitutoRicevente>
  <numeroTotalePagamenti>{numero}</numeroTotalePagamenti>
  <importoTotalePagamenti>{totale}</importoTotalePagamenti>
  {pagamenti}
</FlussoRiversamento>"#
        )
    }

    fn pagamento(iuv: &str, importo: &str, esito: &str, il: &str) -> String {
        format!(
            "<datiSingoliPagamenti><identificativoUnivocoVersamento>{iuv}</identificativoUnivocoVersamento><identificativoUnivocoRiscossione>IUR-{iuv}</identificativoUnivocoRiscossione><indiceDatiSingoloPagamento>1</indiceDatiSingoloPagamento><singoloImportoPagato>{importo}</singoloImportoPagato><codiceEsitoSingoloPagamento>{esito}</codiceEsitoSingoloPagamento><dataEsitoSingoloPagamento>{il}</dataEsitoSingoloPagamento></datiSingoliPagamenti>"
        )
    }

    #[test]
    fn a_flusso_is_read_when_its_totals_add_up_and_it_is_the_comunes() {
        let iuv = &codice_avviso(1, 2_026_100_000_017).expect("codice")[1..];
        let two = format!(
            "{}{}",
            pagamento(iuv, "74.50", "0", "2026-01-25"),
            pagamento("01999999999999999", "10", "3", "2026-01-26")
        );
        let f = read_flusso(
            flusso("00000000000", "2", "84.50", &two).as_bytes(),
            &ente(),
        )
        .expect("valid");
        assert_eq!(f.identificativo, "2026-01-27BPPIITRRXXX-S0001");
        assert_eq!(f.mittente, "Poste Italiane");
        assert_eq!(f.data_regolamento, date(2026, 1, 27));
        assert_eq!(f.pagamenti[0].importo_centesimi, 7450);
        assert_eq!(f.pagamenti[0].pagato_il, date(2026, 1, 25));
        assert!(f.pagamenti[1].revocato);
        assert_eq!(verbale_of_iuv(iuv, &ente()), Some((2026, 1, 17)));
        assert_eq!(verbale_of_iuv("01999999999999999", &ente()), None);

        let bad = |xml: String| {
            read_flusso(xml.as_bytes(), &ente())
                .expect_err("refused")
                .to_string()
        };
        let one = pagamento(iuv, "74.50", "0", "2026-01-25");
        assert!(bad(flusso("99999999999", "1", "74.50", &one)).contains("«99999999999»"));
        assert!(bad(flusso("00000000000", "2", "74.50", &one)).contains("dichiara 2 pagamenti"));
        assert!(bad(flusso("00000000000", "1", "75.50", &one)).contains("totale di 75.50"));
        let negative = pagamento(iuv, "-74.50", "0", "2026-01-25");
        assert!(
            bad(flusso("00000000000", "1", "-74.50", &negative)).contains("importo non valido")
        );
        assert!(bad("<FlussoRiversamento><".into()).contains("XML non leggibile"));
        assert!(
            read_flusso(&[0xff, 0xfe], &ente())
                .expect_err("bytes")
                .to_string()
                .contains("UTF-8")
        );
    }

    #[test]
    fn a_flusso_written_is_read_back_the_same() {
        let f = Flusso {
            identificativo: "2026-01-27-0001".into(),
            data_regolamento: date(2026, 1, 27),
            mittente: "Banca <di prova> & C.".into(),
            pagamenti: vec![Pagamento {
                iuv: codice_avviso(1, 2_026_100_000_017).expect("codice")[1..].to_string(),
                iur: "R-1".into(),
                importo_centesimi: 7405,
                pagato_il: date(2026, 1, 25),
                revocato: false,
            }],
        };
        assert_eq!(
            read_flusso(flusso_xml(&f, &ente()).as_bytes(), &ente()),
            Ok(f)
        );
    }

    #[test]
    fn a_payment_extinguishes_the_verbale_within_its_terms_and_says_what_is_missing() {
        let v = VerbalePl {
            sanzione_centesimi: 8700,
            sanzione_ridotta_centesimi: 6090,
            spese_centesimi: 1450,
            ..VerbalePl::default()
        };
        let notificato = Some(date(2026, 1, 20));
        assert_eq!(esito(&v, notificato, &[]), EsitoPagamento::NonPagato);
        // The reduced amount with the costs (75,40 €) on day 5: extinguished.
        assert_eq!(
            esito(&v, notificato, &[(7540, date(2026, 1, 25))]),
            EsitoPagamento::Estinto {
                il: date(2026, 1, 25),
                ridotto: true
            }
        );
        // The reduced amount on day 6: the minimum (101,50 €) is due.
        assert_eq!(
            esito(&v, notificato, &[(7540, date(2026, 1, 26))]),
            EsitoPagamento::Insufficiente {
                mancano_centesimi: 10150 - 7540
            }
        );
        // The rest paid within 60 days: extinguished.
        assert_eq!(
            esito(
                &v,
                notificato,
                &[(7540, date(2026, 1, 26)), (2610, date(2026, 3, 21))]
            ),
            EsitoPagamento::Estinto {
                il: date(2026, 3, 21),
                ridotto: false
            }
        );
        // Day 61: late.
        assert!(matches!(
            esito(&v, notificato, &[(10150, date(2026, 3, 22))]),
            EsitoPagamento::Tardivo { .. }
        ));
        // Paid before the notification: in time.
        assert!(matches!(
            esito(&v, None, &[(7540, date(2026, 9, 1))]),
            EsitoPagamento::Estinto { ridotto: true, .. }
        ));
        // Where the law allows no reduction, the minimum.
        let senza = VerbalePl {
            sanzione_ridotta_centesimi: 0,
            ..v
        };
        assert_eq!(
            esito(&senza, notificato, &[(7540, date(2026, 1, 21))]),
            EsitoPagamento::Insufficiente {
                mancano_centesimi: 10150 - 7540
            }
        );
    }
}
