//! An in-memory outbox for tests (the app's is a SQLite table).

use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::{ItemState, Outbox, OutboxItem, SyncError};

#[derive(Debug, Clone)]
struct Row {
    item: OutboxItem,
    content: Vec<u8>,
    state: Option<(ItemState, Option<String>)>,
    records: usize,
}

/// A row as the tests see it: the item, its bytes, its recorded state and detail.
pub type RowView = (OutboxItem, Vec<u8>, Option<(ItemState, Option<String>)>);

/// Rows in memory; records every outcome.
#[derive(Debug, Default)]
pub struct MemoryOutbox {
    rows: Mutex<Vec<Row>>,
}

impl MemoryOutbox {
    /// Adds a row (id = its position) and returns it.
    pub fn push(
        &self,
        package: i64,
        remote_path: &str,
        content: Vec<u8>,
        signed: bool,
        last: bool,
    ) -> OutboxItem {
        let mut rows = self.rows.lock().expect("outbox lock");
        let item = OutboxItem {
            id: rows.len() as i64,
            package,
            remote_path: remote_path.to_string(),
            sha256: hex::encode(Sha256::digest(&content)),
            size: content.len() as u64,
            signed,
            last,
        };
        rows.push(Row {
            item: item.clone(),
            content,
            state: None,
            records: 0,
        });
        item
    }

    /// Every row with its recorded state and detail.
    pub fn rows(&self) -> Vec<RowView> {
        self.rows
            .lock()
            .expect("outbox lock")
            .iter()
            .map(|r| (r.item.clone(), r.content.clone(), r.state.clone()))
            .collect()
    }

    /// How many rows ended in `state`.
    pub fn count(&self, state: ItemState) -> usize {
        self.rows
            .lock()
            .expect("outbox lock")
            .iter()
            .filter(|r| r.state.as_ref().map(|s| s.0) == Some(state))
            .count()
    }

    /// The largest number of `record` calls for one row (1 expected).
    pub fn max_records(&self) -> usize {
        self.rows
            .lock()
            .expect("outbox lock")
            .iter()
            .map(|r| r.records)
            .max()
            .unwrap_or(0)
    }
}

impl Outbox for MemoryOutbox {
    fn pending(&self) -> Result<Vec<OutboxItem>, SyncError> {
        Ok(self
            .rows
            .lock()
            .map_err(|e| SyncError::Outbox(e.to_string()))?
            .iter()
            .filter(|r| r.state.is_none())
            .map(|r| r.item.clone())
            .collect())
    }

    fn content(&self, item: &OutboxItem) -> Result<Vec<u8>, SyncError> {
        let rows = self
            .rows
            .lock()
            .map_err(|e| SyncError::Outbox(e.to_string()))?;
        rows.iter()
            .find(|r| r.item.id == item.id)
            .map(|r| r.content.clone())
            .ok_or_else(|| SyncError::Outbox(format!("riga {} assente", item.id)))
    }

    fn record(
        &self,
        item_id: i64,
        state: ItemState,
        detail: Option<&str>,
    ) -> Result<(), SyncError> {
        let mut rows = self
            .rows
            .lock()
            .map_err(|e| SyncError::Outbox(e.to_string()))?;
        let row = rows
            .iter_mut()
            .find(|r| r.item.id == item_id)
            .ok_or_else(|| SyncError::Outbox(format!("riga {item_id} assente")))?;
        row.state = Some((state, detail.map(str::to_string)));
        row.records += 1;
        Ok(())
    }

    fn incomplete(&self, package: i64) -> Result<bool, SyncError> {
        Ok(self
            .rows
            .lock()
            .map_err(|e| SyncError::Outbox(e.to_string()))?
            .iter()
            .any(|r| {
                r.item.package == package
                    && !r.item.last
                    && matches!(
                        r.state,
                        Some((ItemState::Conflict | ItemState::NeedsAttention, _))
                    )
            }))
    }
}
