//! pagoPA (AgID, «Specifiche attuative dei codici identificativi di versamento» and «Avviso di
//! pagamento»): the codice avviso of a payment to the Comune and the text of the QR code
//! printed on its avviso. A verbale has one payment option per amount (the reduced one within
//! 5 days, where the law allows it, and the ordinary one within 60), each with its codice.

use crate::VerbalePl;
use serde::{Deserialize, Serialize};

/// How the Comune is known to pagoPA: set by the amministratore in the Comune's set-up, the
/// same on every PC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ente {
    /// The Comune's codice fiscale (11 digits), the «codice fiscale ente creditore».
    pub codice_fiscale: String,
    /// The segregation code the Comune's intermediary assigned to Atti's IUVs (0 to 99).
    pub segregazione: u8,
}

/// A payment option of an avviso.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opzione {
    /// What it is, as the avviso prints it.
    pub descrizione: String,
    /// Within how many days of the contestation or notification.
    pub entro_giorni: i64,
    /// The amount, costs included, in euro cents.
    pub importo_centesimi: i64,
    /// The 18-digit codice avviso.
    pub codice_avviso: String,
}

/// The check digits of an IUV with aux digit 3: the remainder of the division by 93 of the
/// number made of the aux digit, the segregation code and the IUV base, on two digits.
fn check_digits(segregazione: u8, iuv_base: u64) -> String {
    let number = 3 * 10u64.pow(15) + u64::from(segregazione) * 10u64.pow(13) + iuv_base;
    format!("{:02}", number % 93)
}

/// The codice avviso (18 digits, aux digit 3): «3», the segregation code, the IUV base (13
/// digits) and its two check digits. None if the IUV base does not fit in 13 digits or the
/// segregation code in 2.
pub fn codice_avviso(segregazione: u8, iuv_base: u64) -> Option<String> {
    if segregazione > 99 || iuv_base >= 10u64.pow(13) {
        return None;
    }
    Some(format!(
        "3{segregazione:02}{iuv_base:013}{}",
        check_digits(segregazione, iuv_base)
    ))
}

/// Whether `codice` is a well-formed codice avviso with aux digit 3: 18 digits whose last two
/// are the check digits of the others.
pub fn codice_avviso_valido(codice: &str) -> bool {
    if codice.len() != 18 || !codice.bytes().all(|b| b.is_ascii_digit()) || !codice.starts_with('3')
    {
        return false;
    }
    let (Ok(segregazione), Ok(base)) = (codice[1..3].parse::<u8>(), codice[3..16].parse::<u64>())
    else {
        return false;
    };
    codice[16..] == check_digits(segregazione, base)
}

/// The IUV base of a verbale's payment option: its year, the option (1 reduced, 2
/// ordinary) and its number in the register on 8 digits: unique in the Comune.
pub fn iuv_base(anno: i16, opzione: u8, numero: u32) -> Option<u64> {
    let anno = u64::try_from(anno).ok().filter(|a| *a < 10_000)?;
    let numero = u64::from(numero);
    (opzione <= 9 && numero < 100_000_000)
        .then(|| anno * 10u64.pow(9) + u64::from(opzione) * 10u64.pow(8) + numero)
}

/// The text of the QR code of a payment notice (version 002):
/// `PAGOPA|002|<codice avviso>|<codice fiscale ente>|<importo in centesimi>`.
pub fn qr_text(codice_avviso: &str, codice_fiscale_ente: &str, importo_centesimi: i64) -> String {
    format!("PAGOPA|002|{codice_avviso}|{codice_fiscale_ente}|{importo_centesimi}")
}

/// The payment options of verbale number `numero` of `anno`: the reduced amount within 5
/// days (when the law allows it) and the ordinary one within 60, each with the costs.
pub fn opzioni(v: &VerbalePl, ente: &Ente, anno: i16, numero: u32) -> Option<Vec<Opzione>> {
    use crate::verbale::{
        PAGAMENTO_GIORNI, PAGAMENTO_RIDOTTO_GIORNI, importo_minimo, importo_ridotto,
    };
    let mut out = Vec::new();
    let mut push = |opzione: u8, descrizione: &str, entro_giorni: i64, importo_centesimi: i64| {
        let codice = codice_avviso(ente.segregazione, iuv_base(anno, opzione, numero)?)?;
        out.push(Opzione {
            descrizione: descrizione.into(),
            entro_giorni,
            importo_centesimi,
            codice_avviso: codice,
        });
        Some(())
    };
    if let Some(importo) = importo_ridotto(v) {
        push(
            1,
            "Sanzione ridotta del 30% (art. 202 c.1 CdS)",
            PAGAMENTO_RIDOTTO_GIORNI,
            importo,
        )?;
    }
    push(
        2,
        "Sanzione in misura minima (art. 202 c.1 CdS)",
        PAGAMENTO_GIORNI,
        importo_minimo(v),
    )?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_codice_avviso_is_3_the_segregation_code_the_iuv_base_and_its_check_digits() {
        let base = iuv_base(2026, 1, 17).expect("fits");
        assert_eq!(base, 2_026_100_000_017);
        let codice = codice_avviso(1, base).expect("codice");
        assert_eq!(codice.len(), 18);
        assert!(codice.starts_with("3012026100000017"));
        // 3 01 2026100000017 = 301_202_610_000_0017; its remainder by 93, on two digits.
        let n: u64 = 3_012_026_100_000_017;
        assert_eq!(&codice[16..], format!("{:02}", n % 93));
        assert!(codice_avviso_valido(&codice));
        let mut altered = codice.clone().into_bytes();
        altered[10] = if altered[10] == b'9' {
            b'0'
        } else {
            altered[10] + 1
        };
        assert!(!codice_avviso_valido(
            &String::from_utf8(altered).expect("ascii")
        ));
        assert_eq!(codice_avviso(100, base), None);
        assert_eq!(iuv_base(2026, 1, 100_000_000), None);
        assert_eq!(
            qr_text(&codice, "80012345676", 6090),
            format!("PAGOPA|002|{codice}|80012345676|6090")
        );
    }

    #[test]
    fn a_verbale_has_the_reduced_and_the_ordinary_option_with_the_costs() {
        let v = VerbalePl {
            sanzione_centesimi: 8_700,
            sanzione_ridotta_centesimi: 6_090,
            spese_centesimi: 1_450,
            ..VerbalePl::default()
        };
        let ente = Ente {
            codice_fiscale: "80012345676".into(),
            segregazione: 1,
        };
        let o = opzioni(&v, &ente, 2026, 3).expect("options");
        assert_eq!(o.len(), 2);
        assert_eq!((o[0].entro_giorni, o[0].importo_centesimi), (5, 7_540));
        assert_eq!((o[1].entro_giorni, o[1].importo_centesimi), (60, 10_150));
        assert_ne!(o[0].codice_avviso, o[1].codice_avviso);
        let senza_riduzione = VerbalePl {
            sanzione_ridotta_centesimi: 0,
            ..v
        };
        assert_eq!(
            opzioni(&senza_riduzione, &ente, 2026, 3).map(|o| o.len()),
            Some(1)
        );
    }

    proptest! {
        /// Every codice made is valid, distinct options and numbers give distinct codici.
        #[test]
        fn codici_are_valid_and_distinct(
            seg in 0u8..100, anno in 2000i16..2100, numero in 1u32..100_000_000, opzione in 1u8..3,
        ) {
            let codice = codice_avviso(seg, iuv_base(anno, opzione, numero).expect("fits")).expect("codice");
            prop_assert!(codice_avviso_valido(&codice));
            let other = codice_avviso(seg, iuv_base(anno, 3 - opzione, numero).expect("fits")).expect("codice");
            prop_assert_ne!(codice, other);
        }
    }
}
