//! The trust services a signature meets in real life, played by OpenSSL's own tools on the
//! test's clock (libfaketime): the demo CA's revocation (an `openssl ca` database, CRLs from
//! `openssl ca -gencrl`, OCSP answers from `openssl ocsp`, in a file or over the network) and a
//! time-stamping authority (`openssl ts -reply`) with a root of its own.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use cms::content_info::ContentInfo;
use der::asn1::SetOfVec;
use der::{Any, Decode, Encode};
use jiff::{SignedDuration, Timestamp};
use openssl::x509::X509;
use x509_cert::attr::Attribute;

use super::{TestPki, run_ok, tool};
use crate::cms_build::{ID_SIGNED_DATA, parse_signed_data};
use crate::pdf::find_from;
use crate::timestamp::ID_SIGNATURE_TIME_STAMP_TOKEN;

/// `program` run with the clock stopped at `at` (UTC): an absolute time without «@» freezes
/// it, so a slow machine still stamps and answers at exactly `at`.
fn at_time(at: Timestamp, program: &Path) -> Command {
    let mut c = Command::new(program);
    // The files' times stay real: `openssl ocsp` tells a changed index by its mtime.
    c.env("LD_PRELOAD", super::libfaketime())
        .env("FAKETIME", at.strftime("%Y-%m-%d %H:%M:%S").to_string())
        .env("TZ", "UTC")
        .env("NO_FAKE_STAT", "1");
    c
}

/// `openssl ca`'s time format (UTCTime).
fn ca_time(t: Timestamp) -> String {
    t.strftime("%y%m%d%H%M%SZ").to_string()
}

/// The serial of a certificate as `openssl ca` writes it in its database.
fn serial_hex(cert_der: &[u8]) -> String {
    let cert = X509::from_der(cert_der).expect("certificate");
    let hex = cert
        .serial_number()
        .to_bn()
        .and_then(|b| b.to_hex_str().map(|s| s.to_string()))
        .expect("serial");
    if hex.len() % 2 == 1 {
        format!("0{hex}")
    } else {
        hex
    }
}

/// The demo CA of a [`TestPki`] with a database of what it issued and revoked.
pub struct TestRevocation {
    dir: PathBuf,
    /// Lines of index.txt: (serial, expiry, revoked at).
    entries: std::cell::RefCell<Vec<(String, Timestamp, Option<Timestamp>)>>,
    /// How many times index.txt was written.
    generation: std::cell::Cell<u64>,
    /// The port of the responder started by [`TestRevocation::responder`], if any.
    responder_port: std::cell::Cell<Option<u16>>,
}

impl TestRevocation {
    /// The CA's files under the PKI's directory.
    pub fn new(pki: &TestPki) -> TestRevocation {
        let dir = pki.dir.path().join("revocation");
        std::fs::create_dir_all(&dir).expect("revocation dir");
        std::fs::write(
            dir.join("ca.key"),
            pki.ca.private_key_pem().expect("CA key"),
        )
        .expect("ca.key");
        std::fs::copy(&pki.ca_pem, dir.join("ca.pem")).expect("ca.pem");
        std::fs::write(dir.join("crlnumber"), "1000\n").expect("crlnumber");
        std::fs::write(dir.join("index.txt.attr"), "unique_subject = no\n").expect("attr");
        std::fs::write(
            dir.join("ca.cnf"),
            format!(
                "[ca]\ndefault_ca = atti\n[atti]\ndatabase = {d}/index.txt\ncrlnumber = {d}/crlnumber\n\
                 default_md = sha256\ndefault_crl_days = 7\nunique_subject = no\n",
                d = dir.display()
            ),
        )
        .expect("ca.cnf");
        let r = TestRevocation {
            dir,
            entries: std::cell::RefCell::new(Vec::new()),
            generation: std::cell::Cell::new(0),
            responder_port: std::cell::Cell::new(None),
        };
        r.write_index();
        r
    }

    fn write_index(&self) {
        let lines: String = self
            .entries
            .borrow()
            .iter()
            .map(|(serial, expiry, revoked)| match revoked {
                None => format!("V\t{}\t\t{serial}\tunknown\t/CN=atti\n", ca_time(*expiry)),
                Some(at) => format!(
                    "R\t{}\t{}\t{serial}\tunknown\t/CN=atti\n",
                    ca_time(*expiry),
                    ca_time(*at)
                ),
            })
            .collect();
        let index = self.dir.join("index.txt");
        std::fs::write(&index, lines).expect("index.txt");
        // `openssl ocsp` reloads its index when the file's mtime changes, to the second: each
        // version gets a time of its own, so that a change within a second is seen.
        let generation = self.generation.get() + 1;
        self.generation.set(generation);
        std::fs::File::options()
            .write(true)
            .open(&index)
            .and_then(|f| {
                f.set_modified(
                    std::time::UNIX_EPOCH
                        + std::time::Duration::from_secs(1_000_000_000 + generation),
                )
            })
            .expect("index.txt mtime");
        // It looks at the index before waiting for a request: one request answered, and the
        // next one finds the new index.
        if let Some(port) = self.responder_port.get() {
            poke(port, &self.dir.join("ca.pem"));
        }
    }

    /// Records a certificate the CA issued (OCSP answers «good» for it).
    pub fn issued(&self, cert_der: &[u8]) {
        let expiry = X509::from_der(cert_der)
            .ok()
            .and_then(|c| crate::revocation::asn1_time(c.not_after()))
            .expect("expiry");
        self.entries
            .borrow_mut()
            .push((serial_hex(cert_der), expiry, None));
        self.write_index();
    }

    /// Revokes a certificate recorded with [`TestRevocation::issued`], from `at`.
    pub fn revoke(&self, cert_der: &[u8], at: Timestamp) {
        let serial = serial_hex(cert_der);
        for e in self.entries.borrow_mut().iter_mut() {
            if e.0 == serial {
                e.2 = Some(at);
            }
        }
        self.write_index();
    }

    /// A CRL issued at `at` (DER), by `openssl ca -gencrl`.
    pub fn crl(&self, at: Timestamp) -> Vec<u8> {
        let pem = self.dir.join("crl.pem");
        run_ok(
            at_time(at, &tool("openssl"))
                .args(["ca", "-batch", "-gencrl", "-config"])
                .arg(self.dir.join("ca.cnf"))
                .arg("-keyfile")
                .arg(self.dir.join("ca.key"))
                .arg("-cert")
                .arg(self.dir.join("ca.pem"))
                .arg("-out")
                .arg(&pem),
        );
        let crl =
            openssl::x509::X509Crl::from_pem(&std::fs::read(&pem).expect("crl")).expect("crl pem");
        crl.to_der().expect("crl der")
    }

    fn ocsp_args(&self, c: &mut Command) {
        c.args(["ocsp", "-index"])
            .arg(self.dir.join("index.txt"))
            .arg("-CA")
            .arg(self.dir.join("ca.pem"))
            .arg("-rsigner")
            .arg(self.dir.join("ca.pem"))
            .arg("-rkey")
            .arg(self.dir.join("ca.key"))
            .args(["-ndays", "1"]);
    }

    /// The answer of `openssl ocsp` at `at` to a request (DER), without the network.
    pub fn ocsp_answer(&self, request: &[u8], at: Timestamp) -> Vec<u8> {
        let req = self.dir.join("req.der");
        let resp = self.dir.join("resp.der");
        std::fs::write(&req, request).expect("req");
        let mut c = at_time(at, &tool("openssl"));
        self.ocsp_args(&mut c);
        run_ok(c.arg("-reqin").arg(&req).arg("-respout").arg(&resp));
        std::fs::read(&resp).expect("resp")
    }

    /// `openssl ocsp` listening on a free port, its clock started at `at`.
    pub fn responder(&self, at: Timestamp) -> OcspResponder {
        let mut c = at_time(at, &tool("openssl"));
        self.ocsp_args(&mut c);
        // A process group of its own: whatever it starts stops with it.
        std::os::unix::process::CommandExt::process_group(&mut c, 0);
        let mut child = c
            .args(["-port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("openssl ocsp");
        // It says where it listens («ACCEPT [::]:PORT PID=...») before it accepts; what it
        // writes afterwards is drained, so that it never blocks on a full pipe.
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut port = None;
        for line in lines.by_ref() {
            let line = line.expect("openssl ocsp output");
            if let Some(rest) = line.strip_prefix("ACCEPT ") {
                port = rest
                    .split_whitespace()
                    .next()
                    .and_then(|a| a.rsplit(':').next())
                    .and_then(|p| p.parse().ok());
                break;
            }
        }
        std::thread::spawn(move || lines.for_each(drop));
        let port: u16 = port.expect("openssl ocsp did not say its port");
        self.responder_port.set(Some(port));
        OcspResponder { child, port }
    }
}

/// A request to the responder at `port` (about the CA's own certificate: any valid request
/// does), its answer read to the end.
fn poke(port: u16, ca_pem: &Path) {
    use std::io::{Read, Write};
    let ca = X509::from_pem(&std::fs::read(ca_pem).expect("ca.pem")).expect("CA");
    let id = openssl::ocsp::OcspCertId::from_cert(openssl::hash::MessageDigest::sha1(), &ca, &ca)
        .expect("cert id");
    let mut req = openssl::ocsp::OcspRequest::new().expect("request");
    req.add_id(id).expect("add id");
    let body = req.to_der().expect("request der");
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return; // stopped
    };
    let head = format!(
        "POST / HTTP/1.0\r\nContent-Type: application/ocsp-request\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream
        .write_all(head.as_bytes())
        .expect("poke the responder");
    stream.write_all(&body).expect("poke the responder");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
}

/// A running `openssl ocsp`; stopped when dropped.
pub struct OcspResponder {
    child: Child,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

impl OcspResponder {
    /// Its address, as certificates name it.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for OcspResponder {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.child.wait();
        // Stopped when its port no longer answers (10 s at most: a drop never hangs).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok()
            && std::time::Instant::now() < deadline
        {
            std::thread::yield_now();
        }
    }
}

/// A time-stamping authority: a root of its own and a TSA certificate (extendedKeyUsage
/// critical timeStamping), made and used with `openssl` on the test's clock.
pub struct TestTsa {
    dir: PathBuf,
    /// The TSA's root certificate (PEM), to add to the trust anchors.
    pub root_pem: PathBuf,
}

impl TestTsa {
    /// A TSA valid from a day before `now` for about five years.
    pub fn new(dir: &Path, now: Timestamp) -> TestTsa {
        let dir = dir.join("tsa");
        std::fs::create_dir_all(&dir).expect("tsa dir");
        let born = now - SignedDuration::from_hours(24);
        let openssl = tool("openssl");
        let file = |n: &str| dir.join(n);
        run_ok(
            at_time(born, &openssl)
                .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
                .args(["ec_paramgen_curve:P-256", "-nodes", "-days", "3650"])
                .args(["-subj", "/C=IT/O=Marche di prova/CN=Radice TSA di prova"])
                .args(["-addext", "basicConstraints=critical,CA:TRUE"])
                .args(["-addext", "keyUsage=critical,keyCertSign,cRLSign"])
                .arg("-keyout")
                .arg(file("root.key"))
                .arg("-out")
                .arg(file("root.pem")),
        );
        run_ok(
            at_time(born, &openssl)
                .args(["req", "-new", "-newkey", "ec", "-pkeyopt"])
                .args(["ec_paramgen_curve:P-256", "-nodes"])
                .args(["-subj", "/C=IT/O=Marche di prova/CN=TSA di prova"])
                .arg("-keyout")
                .arg(file("tsa.key"))
                .arg("-out")
                .arg(file("tsa.csr")),
        );
        std::fs::write(
            file("tsa.ext"),
            "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n\
             extendedKeyUsage=critical,timeStamping\n",
        )
        .expect("tsa.ext");
        run_ok(
            at_time(born, &openssl)
                .args(["x509", "-req", "-days", "1825", "-set_serial", "7"])
                .arg("-in")
                .arg(file("tsa.csr"))
                .arg("-CA")
                .arg(file("root.pem"))
                .arg("-CAkey")
                .arg(file("root.key"))
                .arg("-extfile")
                .arg(file("tsa.ext"))
                .arg("-out")
                .arg(file("tsa.pem")),
        );
        std::fs::write(file("serial"), "01\n").expect("serial");
        std::fs::write(
            file("ts.cnf"),
            format!(
                "[tsa]\ndefault_tsa = tsa1\n[tsa1]\nserial = {d}/serial\ncrypto_device = builtin\n\
                 signer_cert = {d}/tsa.pem\ncerts = {d}/root.pem\nsigner_key = {d}/tsa.key\n\
                 signer_digest = sha256\ndefault_policy = 1.3.6.1.4.1.99999.1\n\
                 digests = sha256, sha384, sha512\naccuracy = secs:1\nordering = no\ntsa_name = yes\n\
                 ess_cert_id_chain = no\ness_cert_id_alg = sha256\n",
                d = dir.display()
            ),
        )
        .expect("ts.cnf");
        TestTsa {
            root_pem: file("root.pem"),
            dir,
        }
    }

    /// The root, DER, as a trust anchor.
    pub fn root_der(&self) -> Vec<u8> {
        X509::from_pem(&std::fs::read(&self.root_pem).expect("root"))
            .and_then(|c| c.to_der())
            .expect("root der")
    }

    /// A token (DER ContentInfo) over `data` with SHA-256, issued at `at`.
    pub fn token(&self, data: &[u8], at: Timestamp) -> Vec<u8> {
        let file = |n: &str| self.dir.join(n);
        std::fs::write(file("data.bin"), data).expect("data");
        let openssl = tool("openssl");
        run_ok(
            Command::new(&openssl)
                .args(["ts", "-query", "-sha256", "-cert", "-no_nonce", "-data"])
                .arg(file("data.bin"))
                .arg("-out")
                .arg(file("req.tsq")),
        );
        run_ok(
            at_time(at, &openssl)
                .args(["ts", "-reply", "-token_out", "-config"])
                .arg(file("ts.cnf"))
                .arg("-queryfile")
                .arg(file("req.tsq"))
                .arg("-out")
                .arg(file("token.der")),
        );
        std::fs::read(file("token.der")).expect("token")
    }
}

/// `cms` (a ContentInfo(SignedData), DER) with a time-stamp token from `stamp` on every
/// SignerInfo that has none (what a signer using a TSA would have produced).
pub fn stamp_cms(cms: &[u8], stamp: &dyn Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let mut sd = parse_signed_data(cms).expect("signed data");
    let mut infos = sd.signer_infos.0.into_vec();
    for si in &mut infos {
        let has = si
            .unsigned_attrs
            .as_ref()
            .is_some_and(|a| a.iter().any(|x| x.oid == ID_SIGNATURE_TIME_STAMP_TOKEN));
        if has {
            continue;
        }
        let token = stamp(si.signature.as_bytes());
        let mut values = SetOfVec::new();
        values
            .insert(Any::from_der(&token).expect("token"))
            .expect("value");
        let mut attrs = si.unsigned_attrs.take().unwrap_or_default();
        attrs
            .insert(Attribute {
                oid: ID_SIGNATURE_TIME_STAMP_TOKEN,
                values,
            })
            .expect("attribute");
        si.unsigned_attrs = Some(attrs);
    }
    sd.signer_infos.0 = SetOfVec::try_from(infos).expect("signer infos");
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&sd).expect("signed data"),
    }
    .to_der()
    .expect("content info")
}

/// A signed PDF whose last signature gets a time-stamp token, written in its /Contents (the
/// room reserved for it; the signed byte ranges do not change).
pub fn stamp_last_pdf_signature(pdf: &[u8], stamp: &dyn Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let mut at = 0;
    let mut last = None;
    while let Some(p) = find_from(pdf, b"/Contents", at) {
        at = p + 1;
        let mut q = p + b"/Contents".len();
        while pdf[q].is_ascii_whitespace() {
            q += 1;
        }
        if pdf[q] == b'<' {
            last = Some(q);
        }
    }
    let open = last.expect("a signature's /Contents");
    let close = find_from(pdf, b">", open).expect("end of /Contents");
    let hex_room = close - open - 1;
    let cms = hex::decode(&pdf[open + 1..close]).expect("hex");
    let len = crate::verify::der_len(&cms).expect("a DER envelope");
    let stamped = hex::encode_upper(stamp_cms(&cms[..len], stamp));
    assert!(stamped.len() <= hex_room, "the token does not fit the room");
    let mut out = pdf.to_vec();
    let room = &mut out[open + 1..close];
    room.fill(b'0');
    room[..stamped.len()].copy_from_slice(stamped.as_bytes());
    out
}
