//! The outbox worker: drains the app's queue of files to archive, a few in flight at once.
//!
//! **Invariant:** a package's last file (its metadata sidecar) is sent only after all the other
//! files of the package are verified in the same round, so its presence on the server marks a
//! complete package. When a file of the package ends in conflict or needs attention, the sidecar
//! is marked as needing attention too (it must not go up until the clerk resolves the package).
//! The app must therefore enqueue a package's rows together (one transaction).

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use sha2::{Digest, Sha256};
use tokio::task::JoinSet;

use crate::{Check, Client, SyncError, Uploaded};

/// One file waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    /// Row id.
    pub id: i64,
    /// The package (an act's archive folder) the file belongs to.
    pub package: i64,
    /// Relative to the server's base URL.
    pub remote_path: String,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// A signed document: verified with GET + SHA-256 (otherwise by length).
    pub signed: bool,
    /// The package's sidecar: sent after all the package's other files are verified.
    pub last: bool,
}

/// What the worker records for a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemState {
    /// On the server and verified (sent now, or found identical).
    Verified,
    /// A different file is at the path on the server; ours was not sent.
    Conflict,
    /// Cannot go on without the clerk (detail says why); not retried until reset.
    NeedsAttention,
}

/// The app's outbox (a SQLite table). Methods are blocking: the worker calls them on
/// `spawn_blocking`.
pub trait Outbox: Send + Sync {
    /// Rows not yet verified, not in conflict and not needing attention.
    fn pending(&self) -> Result<Vec<OutboxItem>, SyncError>;
    /// The bytes to send for a row.
    fn content(&self, item: &OutboxItem) -> Result<Vec<u8>, SyncError>;
    /// Records the outcome of a row.
    fn record(&self, item_id: i64, state: ItemState, detail: Option<&str>)
    -> Result<(), SyncError>;
    /// Whether a file of `package` other than its sidecar is in conflict or needs attention:
    /// the package cannot be completed, so its sidecar must not go.
    fn incomplete(&self, package: i64) -> Result<bool, SyncError>;
}

/// Progress of a round, for the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Rows finished in this round (any outcome).
    pub done: usize,
    /// Rows of this round.
    pub total: usize,
    /// The path being sent, when one starts.
    pub current: Option<String>,
}

/// What a [`run`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Rows sent and verified.
    pub verified: usize,
    /// Rows found already on the server with the same bytes (verified too).
    pub already_present: usize,
    /// Rows in conflict (recorded).
    pub conflicts: usize,
    /// Rows needing attention (recorded).
    pub attention: usize,
    /// Rows still pending at the end.
    pub remaining: usize,
    /// Why the run stopped to ask the clerk (credentials, permission, certificate), in Italian.
    pub stopped: Option<String>,
    /// The last transient error, when rows remain because of it (server down, 503...).
    pub last_error: Option<String>,
}

enum Outcome {
    Done(Uploaded),
    Conflict,
    Attention,
    Stop(SyncError),
    Later(SyncError),
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, SyncError> + Send + 'static,
) -> Result<T, SyncError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| SyncError::Outbox(format!("operazione interrotta: {e}")))?
}

/// Drains the outbox: rounds over the pending rows, at most `tuning.in_flight` uploads at once,
/// each row tried `tuning.attempts` times per round with exponential backoff and jitter
/// (Retry-After honoured). Stops early, without retrying, on errors that need the clerk
/// (credentials, permission, certificate): [`Summary::stopped`] says why. Ends when nothing is
/// pending, when a round made no progress, or after `tuning.rounds` rounds.
pub async fn run(
    client: &Client,
    outbox: Arc<dyn Outbox>,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Summary, SyncError> {
    let tuning = client.tuning().clone();
    let mut summary = Summary::default();
    for _round in 0..tuning.rounds.max(1) {
        let ob = outbox.clone();
        let pending = blocking(move || ob.pending()).await?;
        if pending.is_empty() {
            break;
        }
        let total = pending.len();
        let mut others: HashMap<i64, usize> = HashMap::new();
        for item in pending.iter().filter(|i| !i.last) {
            *others.entry(item.package).or_default() += 1;
        }
        let mut held: HashMap<i64, Vec<OutboxItem>> = HashMap::new();
        let mut queue = VecDeque::new();
        for item in pending {
            if item.last && others.get(&item.package).copied().unwrap_or(0) > 0 {
                held.entry(item.package).or_default().push(item);
            } else if item.last {
                // Its other files are not pending: sent only if every one of them is verified
                // (one in conflict from an earlier run keeps the package open).
                if !hold_if_incomplete(&outbox, &item, &mut summary).await? {
                    queue.push_back(item);
                }
            } else {
                queue.push_back(item);
            }
        }
        let stopping = Arc::new(AtomicBool::new(false));
        let mut in_flight = JoinSet::new();
        let mut done = 0;
        let mut progressed = false;
        loop {
            while !stopping.load(Ordering::SeqCst) && in_flight.len() < tuning.in_flight.max(1) {
                let Some(item) = queue.pop_front() else { break };
                progress(Progress {
                    done,
                    total,
                    current: Some(item.remote_path.clone()),
                });
                let task = send_item(
                    client.clone(),
                    outbox.clone(),
                    item.clone(),
                    stopping.clone(),
                );
                in_flight.spawn(async move { (item, task.await) });
            }
            let Some(joined) = in_flight.join_next().await else {
                break;
            };
            let (item, outcome) =
                joined.map_err(|e| SyncError::Outbox(format!("invio interrotto: {e}")))?;
            done += 1;
            let mut package_failed = None;
            match outcome? {
                Outcome::Done(how) => {
                    progressed = true;
                    match how {
                        Uploaded::Created | Uploaded::Finished => summary.verified += 1,
                        Uploaded::AlreadyPresent => summary.already_present += 1,
                    }
                    if !item.last
                        && let Some(n) = others.get_mut(&item.package)
                    {
                        *n -= 1;
                        if *n == 0 {
                            for sidecar in held.remove(&item.package).unwrap_or_default() {
                                if !hold_if_incomplete(&outbox, &sidecar, &mut summary).await? {
                                    queue.push_front(sidecar);
                                }
                            }
                        }
                    }
                }
                Outcome::Conflict => {
                    progressed = true;
                    summary.conflicts += 1;
                    package_failed = Some(item.remote_path.clone());
                }
                Outcome::Attention => {
                    progressed = true;
                    summary.attention += 1;
                    package_failed = Some(item.remote_path.clone());
                }
                Outcome::Stop(err) => {
                    stopping.store(true, Ordering::SeqCst);
                    summary.stopped.get_or_insert_with(|| err.to_string());
                }
                Outcome::Later(err) => summary.last_error = Some(err.to_string()),
            }
            if let Some(path) = package_failed
                && !item.last
            {
                // The package cannot be completed: keep its sidecar off the server.
                for sidecar in held.remove(&item.package).unwrap_or_default() {
                    let detail = format!(
                        "Pacchetto incompleto: {path} non è stato archiviato; il file di chiusura resta in attesa."
                    );
                    let ob = outbox.clone();
                    blocking(move || {
                        ob.record(sidecar.id, ItemState::NeedsAttention, Some(&detail))
                    })
                    .await?;
                    summary.attention += 1;
                }
            }
            progress(Progress {
                done,
                total,
                current: None,
            });
        }
        if summary.stopped.is_some() || !progressed {
            break;
        }
    }
    let ob = outbox.clone();
    summary.remaining = blocking(move || ob.pending()).await?.len();
    if summary.remaining == 0 {
        summary.last_error = None;
    }
    Ok(summary)
}

/// Keeps a package's sidecar off the server when another file of the package is in conflict
/// or needs attention: the sidecar is recorded as needing attention. True when held.
async fn hold_if_incomplete(
    outbox: &Arc<dyn Outbox>,
    sidecar: &OutboxItem,
    summary: &mut Summary,
) -> Result<bool, SyncError> {
    let ob = outbox.clone();
    let package = sidecar.package;
    if !blocking(move || ob.incomplete(package)).await? {
        return Ok(false);
    }
    let ob = outbox.clone();
    let id = sidecar.id;
    blocking(move || {
        ob.record(
            id,
            ItemState::NeedsAttention,
            Some("Pacchetto incompleto: un altro file del pacchetto è in conflitto o da controllare; il file di chiusura resta in attesa."),
        )
    })
    .await?;
    summary.attention += 1;
    Ok(true)
}

/// One row: read, check against its recorded hash, upload with retries, record the outcome.
/// Errors returned are the outbox's own (the database failed).
async fn send_item(
    client: Client,
    outbox: Arc<dyn Outbox>,
    item: OutboxItem,
    stopping: Arc<AtomicBool>,
) -> Result<Outcome, SyncError> {
    let record = |state: ItemState, detail: Option<String>| {
        let ob = outbox.clone();
        let id = item.id;
        blocking(move || ob.record(id, state, detail.as_deref()))
    };
    let ob = outbox.clone();
    let it = item.clone();
    let content = blocking(move || ob.content(&it)).await?;
    let digest = hex::encode(Sha256::digest(&content));
    if !digest.eq_ignore_ascii_case(&item.sha256) || content.len() as u64 != item.size {
        record(
            ItemState::NeedsAttention,
            Some(format!(
                "Il file locale per {} non corrisponde all'impronta registrata: non è stato inviato.",
                item.remote_path
            )),
        )
        .await?;
        return Ok(Outcome::Attention);
    }
    let check = if item.signed {
        Check::Sha256
    } else {
        Check::Length
    };
    let bytes = Bytes::from(content);
    let tuning = client.tuning();
    let mut attempt = 0;
    loop {
        if stopping.load(Ordering::SeqCst) {
            return Ok(Outcome::Later(SyncError::Interrupted(
                "invio sospeso".into(),
            )));
        }
        match client.upload(&item.remote_path, bytes.clone(), check).await {
            Ok(how) => {
                let detail = match how {
                    Uploaded::Created => None,
                    Uploaded::AlreadyPresent => Some("Già presente sul server, identico.".into()),
                    Uploaded::Finished => Some(
                        "Completato l'invio interrotto (sul server ne restava solo l'inizio)."
                            .into(),
                    ),
                };
                record(ItemState::Verified, detail).await?;
                return Ok(Outcome::Done(how));
            }
            Err(err @ SyncError::Conflict { .. }) => {
                record(ItemState::Conflict, Some(err.to_string())).await?;
                return Ok(Outcome::Conflict);
            }
            Err(err) if err.needs_attention() => return Ok(Outcome::Stop(err)),
            Err(err) if err.is_transient() => {
                attempt += 1;
                if attempt >= tuning.attempts {
                    return Ok(Outcome::Later(err));
                }
                tokio::time::sleep(tuning.backoff(attempt, err.retry_after())).await;
            }
            Err(err) => {
                record(ItemState::NeedsAttention, Some(err.to_string())).await?;
                return Ok(Outcome::Attention);
            }
        }
    }
}
