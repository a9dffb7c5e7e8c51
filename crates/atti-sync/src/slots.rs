//! Numbered slots in a folder, each taken by one writer, on MKCOL alone: the shared iter's
//! histories and its index stand on them (docs/iter-condiviso.md). Private.
//!
//! - `<dir>/<n>/`: slot `n`. Of two writers that MKCOL it, one gets 201: the slot is its.
//! - `<dir>/<n>.<what>/`: the decision, a sibling (both stay empty, so that their creation
//!   dates are the moments they were made): what slot `n` holds. It counts only when made
//!   within `timeout` of the slot, by the server's clock.
//! - A slot with no decision in time is void once the server's clock is past its creation +
//!   `timeout` + 2 s (the dates have a resolution of one second); before that it is pending.

use std::time::Duration;

use reqwest::StatusCode;

use crate::SyncError;
use crate::client::{Client, Listed};
use crate::dav::RemotePath;

/// A slot or decision seen in a folder.
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) created: jiff::Timestamp,
}

/// What a slot holds.
#[derive(Debug, PartialEq)]
pub(crate) enum Slot {
    /// Nobody took it yet: the end of what is written.
    Free,
    /// Taken, not decided yet, not void yet.
    Pending,
    /// Taken and never decided in time: skipped by every reader alike.
    Void,
    /// Decided: what it holds (the part of the decision's name after `<n>.`), and any other
    /// decision made in time (there should be none: the older one counts).
    Decided { what: String, others: Vec<String> },
}

/// The folders in a listing, with their creation (server clock).
pub(crate) fn entries(listed: &Listed) -> Vec<Entry> {
    listed
        .entries
        .iter()
        .filter(|e| e.is_dir)
        .filter_map(|e| {
            let name = e.path.rsplit('/').next()?.to_string();
            Some(Entry {
                name,
                created: e.created?,
            })
        })
        .collect()
}

/// What slot `n` holds in a listing taken at `now` (the server's clock).
pub(crate) fn slot(entries: &[Entry], n: u64, timeout: Duration, now: jiff::Timestamp) -> Slot {
    let Some(slot) = entries.iter().find(|e| e.name == n.to_string()) else {
        return Slot::Free;
    };
    let timeout = span(timeout);
    let prefix = format!("{n}.");
    let mut decisions: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.name.starts_with(&prefix) && e.created < slot.created + timeout)
        .collect();
    decisions.sort_by(|a, b| (a.created, &a.name).cmp(&(b.created, &b.name)));
    match decisions.split_first() {
        Some((first, others)) => Slot::Decided {
            what: first.name[prefix.len()..].to_string(),
            others: others.iter().map(|d| d.name.clone()).collect(),
        },
        None if now >= slot.created + timeout + span(Duration::from_secs(2)) => Slot::Void,
        None => Slot::Pending,
    }
}

/// The outcome of [`Client::take_slot`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Taken {
    /// The slot holds our decision.
    Ours,
    /// Another writer took it (or we came too late): read again.
    Lost,
}

impl Client {
    /// Takes slot `n` of `dir` for `what`: MKCOL of the slot (201: ours; otherwise, also when
    /// the answer to our own MKCOL was lost, another's: that slot becomes void in time), then
    /// of the decision `<n>.<what>/`, checked in time. Our decision already there (a try of
    /// ours that died after it): ours.
    pub(crate) async fn take_slot(
        &self,
        dir: &RemotePath,
        n: u64,
        what: &str,
    ) -> Result<Taken, SyncError> {
        let decision = dir.child(&format!("{n}.{what}"))?;
        if !self.is_dir_retrying(&decision).await? && !self.claim_slot(dir, n).await? {
            return Ok(Taken::Lost);
        }
        self.decide_slot(dir, n, what).await
    }

    /// MKCOL of slot `n` of `dir`: true when it is ours (201), false when another writer's
    /// (or when the answer to our own MKCOL was lost: that slot becomes void in time).
    pub(crate) async fn claim_slot(&self, dir: &RemotePath, n: u64) -> Result<bool, SyncError> {
        let claim = dir.child(&n.to_string())?;
        Ok(self.create_dir(&claim).await? == StatusCode::CREATED)
    }

    /// The decision of slot `n` (claimed by us) for `what`: MKCOL of `<n>.<what>/` (405 when
    /// a try of ours made it already), then the listing says whether it was made in time and
    /// is the slot's.
    pub(crate) async fn decide_slot(
        &self,
        dir: &RemotePath,
        n: u64,
        what: &str,
    ) -> Result<Taken, SyncError> {
        let decision = dir.child(&format!("{n}.{what}"))?;
        self.create_dir(&decision).await?;
        let listed = self.listed_retrying(dir).await?;
        let entries = entries(&listed);
        match slot(&entries, n, self.tuning().slot_timeout, listed.server_now) {
            Slot::Decided { what: holder, .. } if holder == what => Ok(Taken::Ours),
            _ => Ok(Taken::Lost),
        }
    }
}

fn span(d: Duration) -> jiff::SignedDuration {
    jiff::SignedDuration::try_from(d).unwrap_or(jiff::SignedDuration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> jiff::Timestamp {
        s.parse().expect("timestamp")
    }

    fn entry(name: &str, created: &str) -> Entry {
        Entry {
            name: name.into(),
            created: at(created),
        }
    }

    #[test]
    fn a_slot_is_free_pending_void_or_decided_by_the_server_clock() {
        let t = Duration::from_secs(120);
        let listing = [
            entry("1", "2026-12-06T10:00:00Z"),
            entry("1.a.x", "2026-12-06T10:00:01Z"),
            entry("2", "2026-12-06T10:01:00Z"),
            // Too late: made after the slot's timeout.
            entry("2.b.y", "2026-12-06T10:03:00Z"),
            entry("3", "2026-12-06T10:02:00Z"),
            entry("3.c.z", "2026-12-06T10:02:05Z"),
            entry("3.d.w", "2026-12-06T10:02:05Z"),
        ];
        let now = at("2026-12-06T10:03:01Z");
        assert_eq!(
            slot(&listing, 1, t, now),
            Slot::Decided {
                what: "a.x".into(),
                others: vec![]
            }
        );
        // Slot 2 is 121 s old with no decision in time: still pending (2 s of grace)...
        assert_eq!(slot(&listing, 2, t, now), Slot::Pending);
        // ... then void.
        assert_eq!(slot(&listing, 2, t, at("2026-12-06T10:03:02Z")), Slot::Void);
        // Two decisions in time (a writer that should not have written): the smaller name
        // of the older second counts, the other is named.
        assert_eq!(
            slot(&listing, 3, t, now),
            Slot::Decided {
                what: "c.z".into(),
                others: vec!["3.d.w".into()]
            }
        );
        assert_eq!(slot(&listing, 4, t, now), Slot::Free);
    }
}
