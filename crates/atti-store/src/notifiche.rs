//! The notifications of verbali (migration 0018): the attempts by PEC or by post, their
//! receipts, and the one that was delivered, written by the step «notifica» (`iter.rs`,
//! [`record_delivered`]).

use crate::blobs::insert_blob;
use crate::{Store, StoreError};
use atti_core::ActId;
use atti_core::notifica::{Mezzo, Notificazione};
use jiff::civil::Date;
use rusqlite::params;

/// Where an attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Esito {
    /// Recorded; the PEC message is being sent.
    InInvio,
    /// It never left (the error says why).
    NonInviata,
    /// It left: the provider took it, or the letter was posted.
    Inviata,
    /// It could not be delivered (a PEC's avviso di mancata consegna).
    NonConsegnata,
    /// Delivered: the verbale is notified.
    Consegnata,
}

impl Esito {
    /// As SQL stores it.
    pub fn slug(self) -> &'static str {
        match self {
            Esito::InInvio => "in-invio",
            Esito::NonInviata => "non-inviata",
            Esito::Inviata => "inviata",
            Esito::NonConsegnata => "non-consegnata",
            Esito::Consegnata => "consegnata",
        }
    }

    /// Where it stands, in Italian.
    pub fn label(self) -> &'static str {
        match self {
            Esito::InInvio => "in invio",
            Esito::NonInviata => "non inviata",
            Esito::Inviata => "inviata, in attesa di consegna",
            Esito::NonConsegnata => "non consegnata",
            Esito::Consegnata => "consegnata",
        }
    }

    fn from_slug(s: &str) -> Option<Esito> {
        [
            Esito::InInvio,
            Esito::NonInviata,
            Esito::Inviata,
            Esito::NonConsegnata,
            Esito::Consegnata,
        ]
        .into_iter()
        .find(|e| e.slug() == s)
    }
}

/// An attempt at notifying a verbale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificaRow {
    /// Its id.
    pub id: i64,
    /// The verbale.
    pub act_id: ActId,
    /// PEC or post.
    pub mezzo: Mezzo,
    /// Address it was sent to.
    pub destinatario: String,
    /// Message-ID, or number of the raccomandata.
    pub riferimento: String,
    /// Where it stands.
    pub esito: Esito,
    /// Why it did not leave or was not delivered.
    pub errore: Option<String>,
    /// The day it left.
    pub spedita_il: Option<Date>,
    /// The day it was delivered.
    pub consegnata_il: Option<Date>,
    /// Delivered by compiuta giacenza (post).
    pub compiuta_giacenza: bool,
    /// When it was recorded, and by whom.
    pub creata_at: String,
    /// Username.
    pub creata_by: String,
    /// Its receipts: (tipo, SHA-256 of the message).
    pub ricevute: Vec<(String, String)>,
}

const COLUMNS: &str = "id, act_id, mezzo, destinatario, riferimento, esito, errore, spedita_il,
     consegnata_il, compiuta_giacenza, creata_at, creata_by FROM notifica";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<NotificaRow> {
    let bad = |i: usize, what: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("{what} sconosciuto").into(),
        )
    };
    let date = |i: usize| -> rusqlite::Result<Option<Date>> {
        r.get::<_, Option<String>>(i)?
            .map(|s| s.parse().map_err(|_| bad(i, "giorno")))
            .transpose()
    };
    let mezzo: String = r.get(2)?;
    let esito: String = r.get(5)?;
    Ok(NotificaRow {
        id: r.get(0)?,
        act_id: ActId(r.get(1)?),
        mezzo: Mezzo::from_slug(&mezzo).ok_or_else(|| bad(2, "mezzo"))?,
        destinatario: r.get(3)?,
        riferimento: r.get(4)?,
        esito: Esito::from_slug(&esito).ok_or_else(|| bad(5, "esito"))?,
        errore: r.get(6)?,
        spedita_il: date(7)?,
        consegnata_il: date(8)?,
        compiuta_giacenza: r.get(9)?,
        creata_at: r.get(10)?,
        creata_by: r.get(11)?,
        ricevute: Vec::new(),
    })
}

/// A new attempt, before it leaves.
#[derive(Debug, Clone)]
pub struct NewNotifica<'a> {
    /// The verbale.
    pub act_id: ActId,
    /// PEC or post.
    pub mezzo: Mezzo,
    /// Address.
    pub destinatario: &'a str,
    /// Message-ID or number of the raccomandata.
    pub riferimento: &'a str,
    /// 'in-invio' (PEC) or 'inviata' (a letter posted).
    pub esito: Esito,
    /// The day a letter was posted.
    pub spedita_il: Option<Date>,
    /// Now.
    pub at: &'a str,
    /// Username.
    pub by: &'a str,
}

impl Store {
    /// Records an attempt; returns its id.
    pub fn notifica_new(&mut self, n: &NewNotifica<'_>) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT INTO notifica (act_id, mezzo, destinatario, riferimento, esito, spedita_il,
                                   creata_at, creata_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                n.act_id.0,
                n.mezzo.slug(),
                n.destinatario,
                n.riferimento,
                n.esito.slug(),
                n.spedita_il.map(|d| d.to_string()),
                n.at,
                n.by
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Moves an attempt forward (not to 'consegnata': the step «notifica» does that).
    pub fn notifica_set(
        &mut self,
        id: i64,
        esito: Esito,
        errore: Option<&str>,
        spedita_il: Option<Date>,
    ) -> Result<(), StoreError> {
        if esito == Esito::Consegnata {
            return Err(StoreError::Corrupt(
                "una notifica si dice consegnata solo con il passo «notifica»".into(),
            ));
        }
        self.conn.execute(
            "UPDATE notifica SET esito = ?2, errore = ?3, spedita_il = coalesce(?4, spedita_il)
             WHERE id = ?1",
            params![id, esito.slug(), errore, spedita_il.map(|d| d.to_string())],
        )?;
        Ok(())
    }

    /// Keeps a receipt of an attempt (once); returns whether it was new.
    pub fn notifica_ricevuta_add(
        &mut self,
        id: i64,
        tipo: &str,
        bytes: &[u8],
    ) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        let sha = insert_blob(&tx, bytes)?;
        let n = tx.execute(
            "INSERT INTO notifica_ricevuta (notifica_id, tipo, sha256) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
            params![id, tipo, sha],
        )?;
        tx.commit()?;
        Ok(n > 0)
    }

    /// The attempts of a verbale, oldest first, with their receipts.
    pub fn notifiche(&self, act_id: ActId) -> Result<Vec<NotificaRow>, StoreError> {
        self.notifiche_where("act_id = ?1", [act_id.0])
    }

    /// The attempt with this Message-ID (PEC), if any.
    pub fn notifica_pec(&self, riferimento: &str) -> Result<Option<NotificaRow>, StoreError> {
        Ok(self
            .notifiche_where("mezzo = 'pec' AND riferimento = ?1", [riferimento])?
            .pop())
    }

    /// The PEC attempts still «inviata» whose avvenuta consegna is kept: their step is due.
    pub fn notifiche_pec_consegnate(&self) -> Result<Vec<NotificaRow>, StoreError> {
        self.notifiche_where(
            "mezzo = 'pec' AND esito = 'inviata' AND id IN (
                 SELECT notifica_id FROM notifica_ricevuta WHERE tipo = 'avvenuta-consegna')",
            [],
        )
    }

    /// The PEC attempts recorded and never confirmed as sent ('in-invio'), oldest first.
    pub fn notifiche_in_invio(&self) -> Result<Vec<NotificaRow>, StoreError> {
        self.notifiche_where("mezzo = 'pec' AND esito = 'in-invio'", [])
    }

    /// The attempts matching `filter` (SQL over the table's columns), oldest first, each
    /// with its receipts.
    fn notifiche_where(
        &self,
        filter: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<NotificaRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} WHERE {filter} ORDER BY id"))?;
        let rows = stmt
            .query_map(params, row)?
            .collect::<Result<Vec<_>, _>>()?;
        let mut ricevute = self.conn.prepare(
            "SELECT tipo, sha256 FROM notifica_ricevuta WHERE notifica_id = ?1 ORDER BY rowid",
        )?;
        rows.into_iter()
            .map(|mut r| {
                r.ricevute = ricevute
                    .query_map([r.id], |x| Ok((x.get(0)?, x.get(1)?)))?
                    .collect::<Result<_, _>>()?;
                Ok(r)
            })
            .collect()
    }
}

/// What the register of verbali says of an act's latest attempt: «PEC: consegnata il
/// 21/01/2026», «posta: inviata, in attesa di consegna».
pub(crate) fn register_text(
    mezzo: &str,
    esito: &str,
    consegnata_il: Option<&str>,
) -> Option<String> {
    let mezzo = Mezzo::from_slug(mezzo)?;
    let esito = Esito::from_slug(esito)?;
    let day = consegnata_il
        .and_then(|d| d.parse::<Date>().ok())
        .map(|d| format!(" il {}", d.strftime("%d/%m/%Y")))
        .unwrap_or_default();
    Some(format!("{}: {}{day}", mezzo.label(), esito.label()))
}

/// The step «notifica» of a verbale: its delivered notification (the attempt this PC made,
/// or a new row when it was made on another PC) with its receipts, in the step's
/// transaction.
pub(crate) fn record_delivered(
    tx: &rusqlite::Transaction<'_>,
    act_id: ActId,
    n: &Notificazione,
    at: &str,
    by: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO notifica (act_id, mezzo, destinatario, riferimento, esito, spedita_il,
                               consegnata_il, compiuta_giacenza, creata_at, creata_by)
         VALUES (?1, ?2, ?3, ?4, 'consegnata', ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (act_id, mezzo, riferimento) DO UPDATE SET
             esito = 'consegnata', errore = NULL, spedita_il = excluded.spedita_il,
             consegnata_il = excluded.consegnata_il,
             compiuta_giacenza = excluded.compiuta_giacenza",
        params![
            act_id.0,
            n.mezzo.slug(),
            n.destinatario,
            n.riferimento,
            n.spedita_il.to_string(),
            n.consegnata_il.to_string(),
            n.compiuta_giacenza,
            at,
            by
        ],
    )?;
    let id: i64 = tx.query_row(
        "SELECT id FROM notifica WHERE act_id = ?1 AND mezzo = ?2 AND riferimento = ?3",
        params![act_id.0, n.mezzo.slug(), n.riferimento],
        |r| r.get(0),
    )?;
    for r in &n.ricevute {
        let sha = insert_blob(tx, &r.bytes)?;
        tx.execute(
            "INSERT INTO notifica_ricevuta (notifica_id, tipo, sha256) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
            params![id, r.tipo, sha],
        )?;
    }
    Ok(())
}
