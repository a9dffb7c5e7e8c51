//! WebDAV wire details: remote paths, the PROPFIND body and its multistatus answer. Private.

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use quick_xml::events::Event;

use crate::SyncError;

/// Characters escaped in a path segment (RFC 3986 pchar, conservatively).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A checked path relative to the base URL: non-empty segments, no `.`/`..`, no backslashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RemotePath {
    segments: Vec<String>,
}

impl RemotePath {
    /// A file path (`a/b/c.pdf`): at least one segment, no trailing slash.
    pub(crate) fn file(text: &str) -> Result<RemotePath, SyncError> {
        let path = RemotePath::parse(text, false)?;
        if path.segments.is_empty() {
            return Err(SyncError::InvalidPath(text.into()));
        }
        Ok(path)
    }

    /// A folder path (`a/b` or `a/b/`); empty means the base itself.
    pub(crate) fn dir(text: &str) -> Result<RemotePath, SyncError> {
        RemotePath::parse(text, true)
    }

    fn parse(text: &str, dir: bool) -> Result<RemotePath, SyncError> {
        let bad = || SyncError::InvalidPath(text.into());
        if text.contains('\\') || text.starts_with('/') || text.chars().any(char::is_control) {
            return Err(bad());
        }
        let trimmed = if dir {
            text.strip_suffix('/').unwrap_or(text)
        } else {
            text
        };
        if trimmed.is_empty() {
            return if dir {
                Ok(RemotePath { segments: vec![] })
            } else {
                Err(bad())
            };
        }
        let mut segments = Vec::new();
        for seg in trimmed.split('/') {
            if seg.is_empty() || seg == "." || seg == ".." {
                return Err(bad());
            }
            segments.push(seg.to_string());
        }
        Ok(RemotePath { segments })
    }

    pub(crate) fn child(&self, segment: &str) -> Result<RemotePath, SyncError> {
        let mut next = self.clone();
        let one = RemotePath::file(segment)?;
        next.segments.extend(one.segments);
        Ok(next)
    }

    /// The folders above this path, outermost first (`a`, `a/b` for `a/b/c`).
    pub(crate) fn ancestors(&self) -> Vec<RemotePath> {
        (1..self.segments.len())
            .map(|n| RemotePath {
                segments: self.segments[..n].to_vec(),
            })
            .collect()
    }

    /// The path as given (`a/b/c`).
    pub(crate) fn as_text(&self) -> String {
        self.segments.join("/")
    }

    /// The path escaped for a URL, relative to the base; `dir` appends `/`.
    pub(crate) fn encoded(&self, dir: bool) -> String {
        let mut out = self
            .segments
            .iter()
            .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
            .collect::<Vec<_>>()
            .join("/");
        if dir && !out.is_empty() {
            out.push('/');
        }
        out
    }
}

/// The PROPFIND request body: only what we read.
pub(crate) const PROPFIND_BODY: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:getcontentlength/><D:creationdate/><D:getlastmodified/></D:prop></D:propfind>"#;

/// One `<response>` of a multistatus: href (decoded path), size, collection or not, and when
/// it was made by the server's clock (`creationdate`, else `getlastmodified`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DavEntry {
    pub(crate) href: String,
    pub(crate) size: Option<u64>,
    pub(crate) is_dir: bool,
    pub(crate) created: Option<jiff::Timestamp>,
}

/// An HTTP date (RFC 9110: `Sun, 06 Dec 2026 15:50:00 GMT`) or an RFC 3339 one
/// (`creationdate`), else None.
pub(crate) fn parse_date(text: &str) -> Option<jiff::Timestamp> {
    let text = text.trim();
    text.parse::<jiff::Timestamp>()
        .ok()
        .or_else(|| jiff::fmt::rfc2822::parse(text).ok().map(|z| z.timestamp()))
}

/// Parses a 207 multistatus body. Namespace prefixes vary between servers: local names are used.
/// Only `<propstat>` blocks with a 200 status are read.
pub(crate) fn parse_multistatus(xml: &[u8]) -> Result<Vec<DavEntry>, SyncError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut entries = Vec::new();
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut href = String::new();
    let mut size: Option<u64> = None;
    let mut is_dir = false;
    let mut created: Option<jiff::Timestamp> = None;
    let mut modified: Option<jiff::Timestamp> = None;
    // Props seen in the current propstat, applied only if its status is 200.
    let mut pending_size: Option<u64> = None;
    let mut pending_dir = false;
    let mut pending_created: Option<jiff::Timestamp> = None;
    let mut pending_modified: Option<jiff::Timestamp> = None;
    let mut propstat_ok = false;
    let bad = |e: &dyn std::fmt::Display| SyncError::Protocol(format!("PROPFIND: {e}"));
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| bad(&e))? {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_vec();
                match name.as_slice() {
                    b"response" => {
                        href.clear();
                        size = None;
                        is_dir = false;
                        created = None;
                        modified = None;
                    }
                    b"propstat" => {
                        pending_size = None;
                        pending_dir = false;
                        pending_created = None;
                        pending_modified = None;
                        propstat_ok = false;
                    }
                    b"collection" => pending_dir = true,
                    _ => {}
                }
                stack.push(name);
            }
            Event::Empty(e) if e.local_name().as_ref() == b"collection" => pending_dir = true,
            Event::Text(t) => {
                let text = t.decode().map_err(|e| bad(&e))?;
                let text = quick_xml::escape::unescape(&text)
                    .map_err(|e| bad(&e))?
                    .into_owned();
                match stack.last().map(Vec::as_slice) {
                    Some(b"href") => href.push_str(text.trim()),
                    Some(b"getcontentlength") => pending_size = text.trim().parse().ok(),
                    Some(b"creationdate") => pending_created = parse_date(&text),
                    Some(b"getlastmodified") => pending_modified = parse_date(&text),
                    Some(b"status") if stack.iter().any(|n| n == b"propstat") => {
                        propstat_ok = text.split_whitespace().nth(1) == Some("200");
                    }
                    _ => {}
                }
            }
            // Entities in hrefs (e.g. &amp;): resolve the predefined ones.
            Event::GeneralRef(r) if stack.last().map(Vec::as_slice) == Some(b"href") => {
                let name = r.decode().map_err(|e| bad(&e))?;
                let resolved = quick_xml::escape::resolve_predefined_entity(&name)
                    .ok_or_else(|| bad(&format!("entità sconosciuta &{name};")))?;
                href.push_str(resolved);
            }
            Event::End(e) => {
                match e.local_name().as_ref() {
                    b"propstat" if propstat_ok => {
                        if pending_size.is_some() {
                            size = pending_size;
                        }
                        created = created.or(pending_created);
                        modified = modified.or(pending_modified);
                        is_dir |= pending_dir;
                    }
                    b"response" => {
                        let path = percent_decode_str(&href)
                            .decode_utf8()
                            .map_err(|e| bad(&e))?
                            .into_owned();
                        entries.push(DavEntry {
                            href: path,
                            size,
                            is_dir,
                            created: created.or(modified),
                        });
                    }
                    _ => {}
                }
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked() {
        assert!(RemotePath::file("archive/atti/2026/x.pdf").is_ok());
        for bad in [
            "", "/a", "a//b", "a/../b", "a\\b", "a/./b", "a/", "..", "a\nb",
        ] {
            assert!(RemotePath::file(bad).is_err(), "{bad:?}");
        }
        assert!(RemotePath::dir("archive/").is_ok());
        assert!(RemotePath::dir("").is_ok());
        let p = RemotePath::file("archive/a b/è#.pdf").expect("valid");
        assert_eq!(p.encoded(false), "archive/a%20b/%C3%A8%23.pdf");
        assert_eq!(
            p.ancestors()
                .iter()
                .map(RemotePath::as_text)
                .collect::<Vec<_>>(),
            ["archive", "archive/a b"]
        );
    }

    #[test]
    fn multistatus_of_apache() {
        let xml = br#"<?xml version="1.0" encoding="utf-8"?>
<D:multistatus xmlns:D="DAV:" xmlns:ns0="DAV:">
<D:response xmlns:lp1="DAV:">
<D:href>/archive/a%20b/</D:href>
<D:propstat><D:prop><lp1:resourcetype><D:collection/></lp1:resourcetype><lp1:creationdate>2026-12-06T15:50:07Z</lp1:creationdate><lp1:getlastmodified>Sun, 06 Dec 2026 15:50:09 GMT</lp1:getlastmodified></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
<D:propstat><D:prop><D:getcontentlength/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>
</D:response>
<D:response xmlns:lp1="DAV:">
<D:href>/archive/a%20b/x&amp;y.pdf</D:href>
<D:propstat><D:prop><lp1:resourcetype/><lp1:getcontentlength>1234</lp1:getcontentlength><lp1:getlastmodified>Sun, 06 Dec 2026 15:50:09 GMT</lp1:getlastmodified></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
</D:response>
</D:multistatus>"#;
        let entries = parse_multistatus(xml).expect("parses");
        assert_eq!(
            entries,
            vec![
                DavEntry {
                    href: "/archive/a b/".into(),
                    size: None,
                    is_dir: true,
                    created: Some("2026-12-06T15:50:07Z".parse().expect("ts")),
                },
                DavEntry {
                    href: "/archive/a b/x&y.pdf".into(),
                    size: Some(1234),
                    is_dir: false,
                    // No creationdate: the last modification stands for it.
                    created: Some("2026-12-06T15:50:09Z".parse().expect("ts")),
                },
            ]
        );
    }
}
