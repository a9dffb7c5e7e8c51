//! Whether a certificate had been revoked at a given time: OCSP and CRL, from the data embedded
//! in the signed file (a PDF's DSS, a CMS's `crls`) and, when the caller lends a [`Fetch`], from
//! the certificate's own pointers (authorityInfoAccess OCSP, cRLDistributionPoints). Only
//! certificates whose chain was already validated get here, so a forged certificate never makes
//! Atti fetch anything.
//!
//! Revocation data counts only when it is signed by the certificate's issuer (a CRL) or by the
//! issuer or its delegated responder (OCSP, checked by OpenSSL against the trust anchors), is not
//! from the future, and covers the time asked: a "good" answer must still be current then
//! (`nextUpdate` not before it); a "revoked" answer carries its own date.

use jiff::Timestamp;
use openssl::asn1::{Asn1GeneralizedTimeRef, Asn1Time, Asn1TimeRef};
use openssl::hash::MessageDigest;
use openssl::ocsp::{
    OcspCertId, OcspCertStatus, OcspFlag, OcspRequest, OcspResponse, OcspResponseStatus,
};
use openssl::stack::Stack;
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::verify::X509VerifyParam;
use openssl::x509::{CrlStatus, X509, X509Crl};

use crate::cert::italian_date_time;

/// Where revocation data comes from when it is not in the file: an HTTP GET of a CRL and an HTTP
/// POST of an OCSP request (`application/ocsp-request`). The caller owns the network (timeouts,
/// size limits, proxies); atti-sign never opens a socket. An `Err` is an Italian sentence.
pub trait Fetch {
    /// The body of a GET of `url`.
    fn get(&self, url: &str) -> Result<Vec<u8>, String>;
    /// The body of a POST of `body` to `url`.
    fn post(&self, url: &str, content_type: &str, body: &[u8]) -> Result<Vec<u8>, String>;
}

/// Revocation data found in the signed file.
#[derive(Debug, Default, Clone)]
pub(crate) struct Embedded {
    /// CRLs, DER or PEM.
    pub crls: Vec<Vec<u8>>,
    /// OCSP responses, DER.
    pub ocsps: Vec<Vec<u8>>,
}

/// What the revocation data says of a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Status {
    /// Not revoked at the time asked, by this source ("OCSP", "CRL") issued at `issued`.
    Good {
        /// "OCSP" or "CRL".
        source: &'static str,
        /// thisUpdate of the answer used.
        issued: Timestamp,
    },
    /// Revoked at `at` (possibly after the time asked: the caller compares).
    Revoked {
        /// "OCSP" or "CRL".
        source: &'static str,
        /// The revocation date.
        at: Timestamp,
    },
    /// Nothing usable: why, in Italian.
    Unknown(String),
}

impl Status {
    /// One Italian sentence for the report, about the signer's certificate at `when`.
    pub(crate) fn sentence(&self, when: Timestamp) -> String {
        match self {
            Status::Good { source, issued } => format!(
                "Revoca verificata ({source} del {}): il certificato non risultava revocato il {}.",
                italian_date_time(*issued),
                italian_date_time(when)
            ),
            Status::Revoked { source, at } => format!(
                "Il certificato del firmatario è stato revocato il {} ({source}).",
                italian_date_time(*at)
            ),
            Status::Unknown(why) => format!("Revoca non verificata: {why}"),
        }
    }
}

/// How far apart two clocks may be (a responder's thisUpdate ahead of ours, a declared signing
/// time after its time-stamp).
pub(crate) const SKEW_SECONDS: i64 = 300;

/// The status of `cert` (issued by `issuer`) at `when`, as seen at `now`.
pub(crate) fn status(
    cert: &X509,
    issuer: &X509,
    anchors: &[X509],
    when: Timestamp,
    now: Timestamp,
    embedded: &Embedded,
    fetch: Option<&dyn Fetch>,
) -> Status {
    let check = Check {
        cert,
        issuer,
        anchors,
        when,
        now,
    };
    for der in &embedded.ocsps {
        if let Ok(s) = check.ocsp(der) {
            return s;
        }
    }
    for bytes in &embedded.crls {
        if let Ok(s) = check.crl(bytes) {
            return s;
        }
    }
    let ocsp_urls: Vec<String> = cert
        .ocsp_responders()
        .map(|s| s.iter().map(|u| u.to_string()).collect())
        .unwrap_or_default();
    let crl_urls: Vec<String> = cert
        .crl_distribution_points()
        .map(|points| {
            points
                .iter()
                .filter_map(|p| p.distpoint())
                .filter_map(|n| n.fullname())
                .flat_map(|names| names.iter().filter_map(|g| g.uri().map(str::to_string)))
                .collect()
        })
        .unwrap_or_default();
    let web = |u: &String| u.starts_with("http://") || u.starts_with("https://");
    let ocsp_urls: Vec<String> = ocsp_urls.into_iter().filter(web).collect();
    let crl_urls: Vec<String> = crl_urls.into_iter().filter(web).collect();
    if ocsp_urls.is_empty() && crl_urls.is_empty() {
        return Status::Unknown(
            "il certificato non indica dove verificarne la revoca (né OCSP né CRL).".to_string(),
        );
    }
    let Some(fetch) = fetch else {
        return Status::Unknown(
            "verifica eseguita senza rete e il file non contiene i dati di revoca.".to_string(),
        );
    };
    let mut why = Vec::new();
    for url in &ocsp_urls {
        let answer = check
            .ocsp_request()
            .and_then(|req| fetch.post(url, "application/ocsp-request", &req))
            .and_then(|der| check.ocsp(&der));
        match answer {
            Ok(s) => return s,
            Err(e) => why.push(format!("OCSP {url}: {e}")),
        }
    }
    for url in &crl_urls {
        match fetch.get(url).and_then(|bytes| check.crl(&bytes)) {
            Ok(s) => return s,
            Err(e) => why.push(format!("CRL {url}: {e}")),
        }
    }
    Status::Unknown(format!("{}.", why.join("; ")))
}

struct Check<'a> {
    cert: &'a X509,
    issuer: &'a X509,
    anchors: &'a [X509],
    when: Timestamp,
    now: Timestamp,
}

impl Check<'_> {
    fn cert_id(&self) -> Result<OcspCertId, String> {
        OcspCertId::from_cert(MessageDigest::sha1(), self.cert, self.issuer)
            .map_err(|e| format!("richiesta OCSP non costruita ({e})"))
    }

    fn ocsp_request(&self) -> Result<Vec<u8>, String> {
        let mut req = OcspRequest::new().map_err(|e| e.to_string())?;
        req.add_id(self.cert_id()?).map_err(|e| e.to_string())?;
        req.to_der().map_err(|e| e.to_string())
    }

    /// The answer of an OCSP response about this certificate, if usable.
    fn ocsp(&self, der: &[u8]) -> Result<Status, String> {
        let response = OcspResponse::from_der(der)
            .map_err(|_| "la risposta OCSP non è leggibile".to_string())?;
        if response.status() != OcspResponseStatus::SUCCESSFUL {
            return Err(format!(
                "il responder OCSP ha rifiutato la richiesta (stato {})",
                response.status().as_raw()
            ));
        }
        let basic = response
            .basic()
            .map_err(|_| "la risposta OCSP non è leggibile".to_string())?;
        let id = self.cert_id()?;
        let single = basic
            .find_status(&id)
            .ok_or_else(|| "la risposta OCSP non riguarda questo certificato".to_string())?;
        let issued = generalized(single.this_update)
            .ok_or_else(|| "la risposta OCSP ha una data illeggibile".to_string())?;
        let next = match single.next_update() {
            Some(t) => Some(
                generalized(t)
                    .ok_or_else(|| "la risposta OCSP ha una data illeggibile".to_string())?,
            ),
            None => None,
        };
        let revoked = match single.status {
            OcspCertStatus::GOOD => None,
            OcspCertStatus::REVOKED => Some(
                single
                    .revocation_time
                    .and_then(generalized)
                    .ok_or_else(|| "la risposta OCSP non dice quando".to_string())?,
            ),
            _ => return Err("il responder OCSP non conosce il certificato".to_string()),
        };
        // The responder's signature: the issuer itself, or a responder it delegated.
        let verified = (|| -> Result<bool, openssl::error::ErrorStack> {
            let mut store = X509StoreBuilder::new()?;
            for a in self.anchors {
                store.add_cert(a.clone())?;
            }
            let mut param = X509VerifyParam::new()?;
            param.set_time(issued.as_second() as _);
            store.set_param(&param)?;
            let store = store.build();
            let mut certs = Stack::new()?;
            certs.push(self.issuer.clone())?;
            Ok(basic.verify(&certs, &store, OcspFlag::empty()).is_ok())
        })()
        .unwrap_or(false);
        if !verified {
            return Err("la risposta OCSP non è firmata dall'autorità del certificato".to_string());
        }
        self.judge("OCSP", issued, next, revoked)
    }

    /// The answer of a CRL (DER or PEM) about this certificate, if usable.
    fn crl(&self, bytes: &[u8]) -> Result<Status, String> {
        let crl = if bytes.starts_with(b"-----BEGIN") {
            X509Crl::from_pem(bytes)
        } else {
            X509Crl::from_der(bytes)
        }
        .map_err(|_| "la lista di revoca (CRL) non è leggibile".to_string())?;
        let same_issuer = matches!(
            (crl.issuer_name().to_der(), self.issuer.subject_name().to_der()),
            (Ok(a), Ok(b)) if a == b
        );
        let signed = self
            .issuer
            .public_key()
            .and_then(|k| crl.verify(&k))
            .unwrap_or(false);
        if !same_issuer || !signed {
            return Err(
                "la lista di revoca (CRL) non è firmata dall'autorità del certificato".to_string(),
            );
        }
        let issued = asn1_time(crl.last_update())
            .ok_or_else(|| "la CRL ha una data illeggibile".to_string())?;
        let next = match crl.next_update() {
            Some(t) => {
                Some(asn1_time(t).ok_or_else(|| "la CRL ha una data illeggibile".to_string())?)
            }
            None => None,
        };
        let revoked = match crl.get_by_cert(self.cert) {
            CrlStatus::NotRevoked | CrlStatus::RemoveFromCrl(_) => None,
            CrlStatus::Revoked(entry) => Some(
                asn1_time(entry.revocation_date())
                    .ok_or_else(|| "la CRL ha una data illeggibile".to_string())?,
            ),
        };
        self.judge("CRL", issued, next, revoked)
    }

    /// Whether an authentic answer issued at `issued`, current until `next`, tells anything
    /// about `when`.
    fn judge(
        &self,
        source: &'static str,
        issued: Timestamp,
        next: Option<Timestamp>,
        revoked: Option<Timestamp>,
    ) -> Result<Status, String> {
        if issued.as_second() > self.now.as_second().saturating_add(SKEW_SECONDS) {
            return Err(format!(
                "la risposta {source} porta una data futura ({})",
                italian_date_time(issued)
            ));
        }
        if let Some(at) = revoked {
            return Ok(Status::Revoked { source, at });
        }
        let current = match next {
            Some(next) => next >= self.when,
            None => issued >= self.when,
        };
        if !current {
            return Err(format!(
                "la risposta {source} del {} è scaduta",
                italian_date_time(issued)
            ));
        }
        Ok(Status::Good { source, issued })
    }
}

pub(crate) fn asn1_time(t: &Asn1TimeRef) -> Option<Timestamp> {
    let epoch = Asn1Time::from_unix(0).ok()?;
    let diff = epoch.diff(t).ok()?;
    Timestamp::from_second(i64::from(diff.days) * 86_400 + i64::from(diff.secs)).ok()
}

/// An OCSP GeneralizedTime, read through OpenSSL's printed form («Mar  1 10:00:00 2026 GMT»,
/// a fraction after the seconds when there is one): the `openssl` crate offers no other.
fn generalized(t: &Asn1GeneralizedTimeRef) -> Option<Timestamp> {
    parse_openssl_time(&t.to_string())
}

fn parse_openssl_time(s: &str) -> Option<Timestamp> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [month, day, time, year, "GMT"] = parts[..] else {
        return None;
    };
    let month = MONTHS.iter().position(|m| *m == month)? + 1;
    let time = time.split('.').next()?;
    let hms: Vec<i8> = time
        .split(':')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    let [h, m, sec] = hms[..] else {
        return None;
    };
    let dt = jiff::civil::DateTime::new(
        year.parse().ok()?,
        i8::try_from(month).ok()?,
        day.parse().ok()?,
        h,
        m,
        sec,
        0,
    )
    .ok()?;
    jiff::tz::Offset::UTC.to_timestamp(dt).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openssl_printed_times() {
        let t = parse_openssl_time("Mar 29 01:30:00 2026 GMT").expect("time");
        assert_eq!(t.to_string(), "2026-03-29T01:30:00Z");
        let d = parse_openssl_time("Mar  1 10:00:05.250 2026 GMT").expect("fraction");
        assert_eq!(d.to_string(), "2026-03-01T10:00:05Z");
        for bad in [
            "",
            "Mar 29 01:30:00 2026",
            "Foo 29 01:30:00 2026 GMT",
            "Mar 32 01:30:00 2026 GMT",
        ] {
            assert_eq!(parse_openssl_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn openssl_prints_generalized_time_as_read() {
        let t = openssl::asn1::Asn1GeneralizedTime::from_str("20261231233000Z").expect("time");
        assert_eq!(
            generalized(&t).map(|x| x.to_string()).as_deref(),
            Some("2026-12-31T23:30:00Z")
        );
    }
}
