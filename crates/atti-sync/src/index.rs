//! The shared iter's index: what changed in the Comune, so that a PC learns it without reading
//! every act's history (docs/iter-condiviso.md, «Learning what changed»).
//!
//! After appending an event, a PC records it in the index of the server's day: entry `n` of
//! the day is a slot of `indice/<yyyy>/<mm-dd>/<n / 100>/` (MKCOL, as an act's history), its
//! decision `<n>.<uid>.<seq>/` says which act has a new event. A PC remembers where it read up
//! to ([`IndexMark`]) and lists, next time, only the days and the hundreds after it: the
//! cost is proportional to what changed, not to the archive.

use serde::{Deserialize, Serialize};

use crate::SyncError;
use crate::client::Client;
use crate::dav::RemotePath;
use crate::slots::{self, Slot, Taken};

/// Folder of the index under the base URL.
pub const INDEX_ROOT: &str = "indice";
/// Entries per folder of a day.
const BUCKET: u64 = 100;

/// An act with a new event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The act's global identifier.
    pub uid: String,
    /// Its event (the history has it from this seq on).
    pub seq: u64,
}

/// Where a PC has read the index up to: the next entry of a day (server's calendar, UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IndexMark {
    /// The day; none: from the start.
    pub day: Option<jiff::civil::Date>,
    /// The next entry of that day to read.
    pub next: u64,
}

/// What changed since a mark, and the new mark.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    /// The changes, in the order they were recorded.
    pub changes: Vec<Change>,
    /// Where to go on from next time.
    pub mark: IndexMark,
    /// Requests made (for `make bench`).
    pub requests: u32,
}

impl Client {
    /// Records in today's index (the server's day) that act `uid` has event `seq`.
    pub async fn index_append(&self, uid: &str, seq: u64) -> Result<(), SyncError> {
        let root = RemotePath::dir(INDEX_ROOT)?;
        self.create_dir(&root).await?;
        let today = self
            .listed(&root)
            .await?
            .server_now
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date();
        let day = day_dir(today)?;
        let what = format!("{uid}.{seq}");
        // After the last entry taken: the newest hundred, then its last slot; a slot lost to
        // another PC, the next one.
        let mut n = self.next_entry(&day).await?;
        for _ in 0..1_000 {
            let bucket = day.child(&(n / BUCKET).to_string())?;
            if self.take_slot(&bucket, n, &what).await? == Taken::Ours {
                return Ok(());
            }
            // Never behind the others for ever: on to the newest entry.
            n = (n + 1).max(self.next_entry(&day).await?);
        }
        Err(SyncError::Protocol(format!(
            "indice {today}: nessuna voce libera dopo 1.000 tentativi"
        )))
    }

    /// The first entry of `day` after the last one taken.
    async fn next_entry(&self, day: &RemotePath) -> Result<u64, SyncError> {
        let newest = match self.listed_retrying(day).await {
            Ok(listed) => numbers(&listed).max().unwrap_or(0),
            Err(SyncError::NotFound { .. }) => return Ok(0),
            Err(e) => return Err(e),
        };
        match self.listed_retrying(&day.child(&newest.to_string())?).await {
            Ok(inside) => Ok(numbers(&inside).max().map_or(newest * BUCKET, |m| m + 1)),
            Err(SyncError::NotFound { .. }) => Ok(newest * BUCKET),
            Err(e) => Err(e),
        }
    }

    /// What changed since `mark`: the entries of its day from `mark.next` on, then of every
    /// later day. It stops before an entry still being written (read again next time).
    pub async fn index_since(&self, mark: &IndexMark) -> Result<Changes, SyncError> {
        let mut out = Changes {
            mark: mark.clone(),
            ..Changes::default()
        };
        let root = RemotePath::dir(INDEX_ROOT)?;
        out.requests += 1;
        let years = match self.listed_retrying(&root).await {
            Ok(listed) => numbers(&listed).collect::<Vec<_>>(),
            Err(SyncError::NotFound { .. }) => return Ok(out),
            Err(e) => return Err(e),
        };
        let from_year = mark.day.map_or(0, |d| i64::from(d.year()));
        let mut days = Vec::new();
        for year in years.into_iter().filter(|y| *y as i64 >= from_year) {
            let dir = root.child(&year.to_string())?;
            out.requests += 1;
            for entry in self
                .listed_retrying(&dir)
                .await?
                .entries
                .iter()
                .filter(|e| e.is_dir)
            {
                let name = entry.path.rsplit('/').next().unwrap_or_default();
                if let Ok(day) = format!("{year}-{name}").parse::<jiff::civil::Date>()
                    && mark.day.is_none_or(|m| day >= m)
                {
                    days.push(day);
                }
            }
        }
        days.sort();
        for day in days {
            let mut n = if Some(day) == mark.day { mark.next } else { 0 };
            out.mark = IndexMark {
                day: Some(day),
                next: n,
            };
            let dir = day_dir(day)?;
            out.requests += 1;
            let newest = numbers(&self.listed_retrying(&dir).await?)
                .max()
                .unwrap_or(0);
            while n / BUCKET <= newest {
                let bucket = dir.child(&(n / BUCKET).to_string())?;
                out.requests += 1;
                let listed = match self.listed_retrying(&bucket).await {
                    Ok(listed) => listed,
                    // No entry there yet.
                    Err(SyncError::NotFound { .. }) => break,
                    Err(e) => return Err(e),
                };
                let entries = slots::entries(&listed);
                let end = (n / BUCKET + 1) * BUCKET;
                while n < end {
                    match slots::slot(&entries, n, self.tuning().slot_timeout, listed.server_now) {
                        Slot::Free => break,
                        Slot::Pending => {
                            out.mark.next = n;
                            return Ok(out);
                        }
                        Slot::Void => {}
                        Slot::Decided { what, .. } => {
                            if let Some((uid, seq)) = what.rsplit_once('.')
                                && let Ok(seq) = seq.parse()
                            {
                                out.changes.push(Change {
                                    uid: uid.to_string(),
                                    seq,
                                });
                            }
                        }
                    }
                    n += 1;
                }
                if n < end {
                    // The end of this day's entries.
                    break;
                }
            }
            out.mark.next = n;
        }
        Ok(out)
    }
}

/// `indice/<yyyy>/<mm-dd>/`.
fn day_dir(day: jiff::civil::Date) -> Result<RemotePath, SyncError> {
    RemotePath::dir(INDEX_ROOT)?
        .child(&day.year().to_string())?
        .child(&format!("{:02}-{:02}", day.month(), day.day()))
}

/// The numbered folders of a listing.
fn numbers(listed: &crate::client::Listed) -> impl Iterator<Item = u64> + '_ {
    listed
        .entries
        .iter()
        .filter(|e| e.is_dir)
        .filter_map(|e| e.path.rsplit('/').next()?.parse().ok())
}
