//! The network a verifier lends atti-sign for revocation data (OCSP answers, CRLs): atti-sync's
//! bounded public client, each call on a runtime of its own.

use crate::sync::block_on;

/// [`atti_sign::Fetch`] over [`atti_sync::PublicFetch`].
pub(crate) struct NetFetch(atti_sync::PublicFetch);

impl NetFetch {
    /// `None` when no HTTP client can be made (the verification then says revocation was not
    /// checked).
    pub(crate) fn new() -> Option<NetFetch> {
        atti_sync::PublicFetch::new().ok().map(NetFetch)
    }
}

impl atti_sign::Fetch for NetFetch {
    fn get(&self, url: &str) -> Result<Vec<u8>, String> {
        block_on(self.0.get(url)).map_err(|e| e.message)?
    }

    fn post(&self, url: &str, content_type: &str, body: &[u8]) -> Result<Vec<u8>, String> {
        block_on(self.0.post(url, content_type, body)).map_err(|e| e.message)?
    }
}
