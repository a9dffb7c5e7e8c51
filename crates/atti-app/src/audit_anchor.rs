//! The audit chain anchored outside the SQLite file. Whoever holds the file can drop its
//! triggers and recompute the whole chain, so the chain checks itself only against honest
//! mistakes. Every archival package's metadata (`metadati.xml`, sent last to the Comune's
//! document server) carries the head of the chain when the package was queued: its entry and
//! hash. `audit_anchors` reads those anchors back from the server and checks that the local
//! chain still has each anchored entry with the same hash; since each hash covers every entry
//! before it, the latest anchor vouches for the whole chain up to it.

use crate::{AppError, AppResult, Atti};
use atti_sync::{Client, SyncError};
use serde::Serialize;

/// Where the packages are, under the server's base address (as `enqueue_if_complete` puts
/// them: `atti/<year>/<kind>/<number>/metadati.xml`).
const ARCHIVE_ROOT: &str = "atti";

/// The local chain checked against the anchors on the document server.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AuditAnchors {
    /// The server's address; none when no server is configured.
    pub server: Option<String>,
    /// Anchors found on the server and checked.
    pub checked: u32,
    /// The latest entry anchored on the server.
    pub latest: Option<i64>,
    /// The first anchor the local chain does not match, in Italian.
    pub broken: Option<String>,
    /// Why the server could not be read: the chain is then checked on this PC only.
    pub unreachable: Option<String>,
}

/// One anchor as a package states it.
struct Anchor {
    package: String,
    seq: i64,
    hash: String,
}

impl Atti {
    /// Checks the local audit chain against the anchors in the archival packages on the
    /// document server (see the module's documentation).
    pub fn audit_anchors(&self) -> AppResult<AuditAnchors> {
        let Some(config) = self.server_config()? else {
            return Ok(AuditAnchors::default());
        };
        let mut report = AuditAnchors {
            server: Some(config.base_url.clone()),
            ..AuditAnchors::default()
        };
        let anchors = match self.server_client() {
            Ok(Some(client)) => {
                crate::sync::block_on(read_anchors(client, self.workstation_id()?)).and_then(|r| r)
            }
            Ok(None) => return Ok(AuditAnchors::default()),
            Err(e) => Err(e),
        };
        let anchors = match anchors {
            Ok(a) => a,
            Err(e) => {
                report.unreachable = Some(e.message);
                return Ok(report);
            }
        };
        for a in &anchors {
            report.checked += 1;
            report.latest = report.latest.max(Some(a.seq));
            let local = self.store.audit_hash(a.seq)?;
            let broken = match local {
                _ if a.hash.is_empty() => Some(format!(
                    "l'ancora del registro nel pacchetto {} sul server è illeggibile",
                    a.package
                )),
                None => Some(format!(
                    "il registro di questo PC non ha la voce {} che il pacchetto {} ha ancorato sul server: voci rimosse",
                    a.seq, a.package
                )),
                Some(h) if h != a.hash => Some(format!(
                    "la voce {} del registro di questo PC non è quella ancorata nel pacchetto {} sul server (impronta {}): il registro è stato riscritto",
                    a.seq, a.package, a.hash
                )),
                Some(_) => None,
            };
            if broken.is_some() && report.broken.is_none() {
                report.broken = broken;
            }
        }
        Ok(report)
    }
}

/// Every anchor of PC `postazione` (or of no named PC: packages of an older Atti) in the
/// packages on the server, walking `atti/<year>/<kind>/<number>/`: the other PCs anchor
/// their own chains.
async fn read_anchors(client: Client, postazione: String) -> Result<Vec<Anchor>, AppError> {
    let mut anchors = Vec::new();
    let years = match client.list(ARCHIVE_ROOT).await {
        Ok(years) => years,
        // No package was ever sent: nothing is anchored yet.
        Err(SyncError::NotFound { .. }) => return Ok(anchors),
        Err(e) => return Err(e.into()),
    };
    for year in years.iter().filter(|e| e.is_dir) {
        for kind in client.list(&year.path).await?.iter().filter(|e| e.is_dir) {
            for package in client.list(&kind.path).await?.iter().filter(|e| e.is_dir) {
                let sidecar = format!("{}/{}", package.path, crate::metadata::SIDECAR_NAME);
                let bytes = match client.get(&sidecar).await {
                    Ok(b) => b,
                    // A package still being sent has no sidecar yet (it goes last).
                    Err(SyncError::NotFound { .. }) => continue,
                    Err(e) => return Err(e.into()),
                };
                let text = String::from_utf8_lossy(&bytes);
                match anchor_in(&text) {
                    Some((_, _, Some(other))) if other != postazione => {}
                    Some((seq, hash, _)) => anchors.push(Anchor {
                        package: package.path.clone(),
                        seq,
                        hash,
                    }),
                    // Named but not readable: reported as such, never skipped.
                    None if text.contains("AncoraRegistroOperazioni") => anchors.push(Anchor {
                        package: package.path.clone(),
                        seq: 0,
                        hash: String::new(),
                    }),
                    None => {}
                }
            }
        }
    }
    Ok(anchors)
}

/// The (entry, hash, PC) of a sidecar's `<AncoraRegistroOperazioni>`, if it has one.
fn anchor_in(xml: &str) -> Option<(i64, String, Option<String>)> {
    let block = xml
        .split_once("<AncoraRegistroOperazioni>")?
        .1
        .split_once("</AncoraRegistroOperazioni>")?
        .0;
    let field = |name: &str| -> Option<&str> {
        Some(
            block
                .split_once(&format!("<{name}>"))?
                .1
                .split_once(&format!("</{name}>"))?
                .0
                .trim(),
        )
    };
    let seq = field("Voce")?.parse().ok()?;
    let hash = field("Impronta")?;
    let is_sha256 = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    let postazione = field("Postazione").map(str::to_string);
    is_sha256.then(|| (seq, hash.to_ascii_lowercase(), postazione))
}

#[cfg(test)]
mod tests {
    use super::anchor_in;

    #[test]
    fn an_anchor_is_read_only_when_well_formed() {
        let h = "ab".repeat(32);
        let xml = format!(
            "<x><AncoraRegistroOperazioni>\n<Voce>42</Voce>\n<Impronta>{h}</Impronta></AncoraRegistroOperazioni></x>"
        );
        assert_eq!(anchor_in(&xml), Some((42, h.clone(), None)));
        let named = xml.replace("<Voce>", "<Postazione>pc1</Postazione><Voce>");
        assert_eq!(anchor_in(&named), Some((42, h.clone(), Some("pc1".into()))));
        assert_eq!(anchor_in("<x/>"), None);
        let short = xml.replace(&h, "abc");
        assert_eq!(anchor_in(&short), None);
        let no_number = xml.replace("42", "quarantadue");
        assert_eq!(anchor_in(&no_number), None);
    }
}
