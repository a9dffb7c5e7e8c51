//! The Comune, its offices, its users, and a few settings.

use crate::{Store, StoreError};
use atti_core::Role;
use rusqlite::{OptionalExtension, params};
use sha2::Digest as _;

/// An office (ufficio / servizio) of the Comune.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    /// Short code, e.g. "RAG".
    pub code: String,
    /// Name, e.g. "Servizio finanziario".
    pub name: String,
}

/// A person who works on acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Login name.
    pub username: String,
    /// Name and surname.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Office the user belongs to, if any.
    pub office: Option<String>,
    /// Codice fiscale (used later to match signing certificates).
    pub codice_fiscale: Option<String>,
}

impl Store {
    /// Creates the Comune with its offices and users, in one transaction.
    pub fn init_comune(
        &mut self,
        name: &str,
        offices: &[Office],
        users: &[User],
        now: jiff::Timestamp,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let existing: Option<String> = tx
            .query_row("SELECT name FROM comune", [], |r| r.get(0))
            .optional()?;
        if let Some(existing) = existing {
            return Err(StoreError::AlreadyInitialised(existing));
        }
        tx.execute(
            "INSERT INTO comune (id, name, created_at) VALUES (1, ?1, ?2)",
            params![name, now.to_string()],
        )?;
        for o in offices {
            tx.execute(
                "INSERT INTO office (code, name) VALUES (?1, ?2)",
                params![o.code, o.name],
            )?;
        }
        for u in users {
            tx.execute(
                "INSERT INTO user (username, full_name, role, office, codice_fiscale)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    u.username,
                    u.full_name,
                    u.role.slug(),
                    u.office,
                    u.codice_fiscale
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Brings the Comune's offices and users to a newer version of its set-up (from the
    /// document server), in one transaction with its audit entry (`author`: who wrote that
    /// version; `detail`: which one). Offices and users are added or changed; none is removed
    /// (their acts name them).
    pub fn update_comune(
        &mut self,
        offices: &[Office],
        users: &[User],
        author: &str,
        detail: serde_json::Value,
        now: &str,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for o in offices {
            tx.execute(
                "INSERT INTO office (code, name) VALUES (?1, ?2)
                 ON CONFLICT(code) DO UPDATE SET name = excluded.name",
                params![o.code, o.name],
            )?;
        }
        for u in users {
            tx.execute(
                "INSERT INTO user (username, full_name, role, office, codice_fiscale)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(username) DO UPDATE SET full_name = excluded.full_name,
                     role = excluded.role, office = excluded.office,
                     codice_fiscale = excluded.codice_fiscale",
                params![
                    u.username,
                    u.full_name,
                    u.role.slug(),
                    u.office,
                    u.codice_fiscale
                ],
            )?;
        }
        let hash = hex::encode(sha2::Sha256::digest(detail.to_string().as_bytes()));
        append_comune_entry(&tx, author, "anagrafica", detail, &hash, now)?;
        tx.commit()?;
        Ok(())
    }

    /// The Comune's name, or [`StoreError::NotInitialised`].
    pub fn comune_name(&self) -> Result<String, StoreError> {
        self.conn
            .query_row("SELECT name FROM comune", [], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotInitialised)
    }

    /// Whether the store has a Comune.
    pub fn is_initialised(&self) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM comune", [], |r| r.get::<_, i64>(0))?
            > 0)
    }

    /// Every office, by code.
    pub fn offices(&self) -> Result<Vec<Office>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT code, name FROM office ORDER BY code")?;
        let rows = stmt.query_map([], |r| {
            Ok(Office {
                code: r.get(0)?,
                name: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT username, full_name, role, office, codice_fiscale FROM user ORDER BY username",
        )?;
        let rows = stmt.query_map([], user_from_row)?;
        let rows: Vec<Result<User, StoreError>> = rows.collect::<Result<_, _>>()?;
        rows.into_iter().collect()
    }

    /// One user, or [`StoreError::UnknownUser`].
    pub fn user(&self, username: &str) -> Result<User, StoreError> {
        self.conn
            .query_row(
                "SELECT username, full_name, role, office, codice_fiscale FROM user
                 WHERE username = ?1",
                [username],
                user_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::UnknownUser(username.to_string()))?
    }

    /// A setting's value, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Removes a setting (nothing happens if it is not set).
    pub fn remove_setting(&self, key: &str) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM setting WHERE key = ?1", [key])?;
        Ok(())
    }

    /// Sets a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Records in the audit chain that `actor` changed a setting of the Comune: `what` names it,
    /// `detail` says what it is now (never a secret: a key's fingerprint, a certificate's hash).
    pub fn record_setting_change(
        &mut self,
        actor: &str,
        what: &str,
        detail: serde_json::Value,
        now: &str,
    ) -> Result<(), StoreError> {
        let hash = hex::encode(sha2::Sha256::digest(detail.to_string().as_bytes()));
        let entry = serde_json::json!({ "impostazione": what, "valore": detail });
        self.record_session_entry(actor, "impostazione", entry, &hash, now)
    }

    /// Records in the audit chain that `actor` logged in or out at this PC (`action`:
    /// "accesso" or "uscita"; `detail`: the server, the PC, whether the server answered).
    pub fn record_access(
        &mut self,
        actor: &str,
        action: &'static str,
        detail: serde_json::Value,
        now: &str,
    ) -> Result<(), StoreError> {
        let hash = hex::encode(sha2::Sha256::digest(detail.to_string().as_bytes()));
        self.record_session_entry(actor, action, detail, &hash, now)
    }

    /// One audit entry about no act, in a transaction of its own.
    fn record_session_entry(
        &mut self,
        actor: &str,
        action: &str,
        detail: serde_json::Value,
        hash: &str,
        now: &str,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        append_comune_entry(&tx, actor, action, detail, hash, now)?;
        tx.commit()?;
        Ok(())
    }
}

/// Appends to the audit chain, inside `tx`, an entry about the Comune (no act).
fn append_comune_entry(
    tx: &rusqlite::Transaction<'_>,
    actor: &str,
    action: &str,
    detail: serde_json::Value,
    hash: &str,
    now: &str,
) -> Result<(), StoreError> {
    crate::audit::append(
        tx,
        crate::audit::Entry {
            at: now,
            actor,
            act_id: None,
            action,
            detail,
            version_hash: hash,
        },
    )?;
    Ok(())
}

fn user_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<User, StoreError>> {
    let role: String = r.get(2)?;
    let Some(role) = Role::from_slug(&role) else {
        return Ok(Err(StoreError::Corrupt(format!(
            "ruolo sconosciuto «{role}»"
        ))));
    };
    Ok(Ok(User {
        username: r.get(0)?,
        full_name: r.get(1)?,
        role,
        office: r.get(3)?,
        codice_fiscale: r.get(4)?,
    }))
}
