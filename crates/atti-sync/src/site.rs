//! A website on the document server (the albo pretorio online): the one place where Atti
//! replaces and removes files, because a site's pages are a view made again from the
//! registers, not a record. Its documents (the PDFs) are still written create-only
//! ([`Client::upload`]). The caller chooses the site's folder, never one of the archive's.

use crate::client::{Client, sha256, status_error};
use crate::dav::RemotePath;
use crate::error::SyncError;
use bytes::Bytes;
use reqwest::{Method, StatusCode, header};

impl Client {
    /// Writes (or replaces) a page of a site, creating its folders, then reads it back and
    /// compares its SHA-256. Transient failures are retried with backoff.
    pub async fn site_put(
        &self,
        remote_path: &str,
        bytes: impl Into<Bytes>,
        media_type: &str,
    ) -> Result<(), SyncError> {
        let bytes: Bytes = bytes.into();
        let path = RemotePath::file(remote_path)?;
        let digest = sha256(&bytes);
        self.retrying(|| async {
            self.ensure_parents(&path).await?;
            let rb = self
                .request(Method::PUT, self.url(&path, false)?)
                .header(header::CONTENT_TYPE, media_type)
                .body(bytes.clone());
            let resp = self.send(rb).await?;
            let status = resp.status();
            let headers = resp.headers().clone();
            let _ = resp.bytes().await;
            if !matches!(
                status,
                StatusCode::CREATED | StatusCode::NO_CONTENT | StatusCode::OK
            ) {
                if status == StatusCode::CONFLICT {
                    self.forget_dirs();
                }
                return Err(status_error(status, Some(&headers), &path.as_text()));
            }
            let remote = self.get_path(&path).await?;
            if sha256(&remote) != digest {
                return Err(SyncError::Mismatch {
                    path: path.as_text(),
                    detail: "impronta SHA-256 diversa".into(),
                });
            }
            Ok(())
        })
        .await
    }

    /// Removes a file of a site; one that is not there is removed already. Transient
    /// failures are retried with backoff.
    pub async fn site_delete(&self, remote_path: &str) -> Result<(), SyncError> {
        let path = RemotePath::file(remote_path)?;
        self.retrying(|| async {
            let resp = self
                .send(self.request(Method::DELETE, self.url(&path, false)?))
                .await?;
            let status = resp.status();
            let headers = resp.headers().clone();
            let _ = resp.bytes().await;
            match status {
                StatusCode::OK | StatusCode::NO_CONTENT | StatusCode::NOT_FOUND => Ok(()),
                status => Err(status_error(status, Some(&headers), &path.as_text())),
            }
        })
        .await
    }
}
