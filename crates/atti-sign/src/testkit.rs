//! Test harness shared by this crate's tests and the app's acceptance tests (feature `testkit`):
//! a test PKI on the demo CA, SoftHSM2 tokens made with the real tools, and runners for the
//! independent verifiers (pyHanko, pdfsig, qpdf, `openssl cms`).
//!
//! **Invariant:** a missing tool is a failure (a panic naming the tool and its package), never a
//! skip: a test that silently checks nothing is worse than none.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jiff::Timestamp;

use crate::Sensitive;
use crate::demo::{DemoCa, KeyKind, UserCertSpec};

pub mod trust;

/// The SoftHSM2 PKCS#11 module on Debian.
pub const SOFTHSM_MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";
/// The user PIN of the tokens made here.
pub const PIN: &str = "123456";
/// The SO PIN of the tokens made here.
pub const SO_PIN: &str = "12345678";

/// libfaketime (Debian's `faketime` package), to preload into a process whose clock a test
/// moves (`FAKETIME`): never the `faketime` wrapper, whose named semaphore and shared memory
/// are left in /dev/shm when it is killed (a server a test stops) and collide with a later
/// wrapper of the same PID.
pub fn libfaketime() -> PathBuf {
    std::fs::read_dir("/usr/lib")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path().join("faketime/libfaketime.so.1"))
        .chain([PathBuf::from("/usr/lib/faketime/libfaketime.so.1")])
        .find(|p| p.exists())
        .expect("libfaketime.so.1 (scripts/deps.sh test installs faketime)")
}

/// The path of a tool, or a panic that says what to install.
pub fn tool(name: &str) -> PathBuf {
    if name == "pyhanko" {
        let p = tools_dir().join("venv/bin/pyhanko");
        assert!(
            p.exists(),
            "pyHanko missing at {} (pip install pyhanko pyhanko-cli in the venv; ATTI_TOOLS_DIR)",
            p.display()
        );
        return p;
    }
    for dir in std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain([PathBuf::from("/usr/bin"), PathBuf::from("/usr/sbin")])
    {
        let p = dir.join(name);
        if p.is_file() {
            return p;
        }
    }
    let package = match name {
        "softhsm2-util" => "softhsm2",
        "pkcs11-tool" => "opensc",
        "pdfsig" => "poppler-utils",
        "certutil" => "libnss3-tools",
        other => other,
    };
    panic!("tool {name} missing: apt-get install {package}");
}

/// `$ATTI_TOOLS_DIR`, else `<workspace>/.tools`.
pub fn tools_dir() -> PathBuf {
    std::env::var_os("ATTI_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools"))
}

/// Runs a command; panics if it cannot start.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// stdout + stderr as text.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs a command and panics with its output unless it succeeds.
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = run(cmd);
    assert!(out.status.success(), "{cmd:?} failed:\n{}", text(&out));
    out
}

/// A test PKI in a temp dir: the demo CA (its PEM written to `ca.pem`) and a second, unrelated CA.
pub struct TestPki {
    /// Where the files go.
    pub dir: tempfile::TempDir,
    /// The CA that issues the test users.
    pub ca: DemoCa,
    /// `ca.pem` in `dir`.
    pub ca_pem: PathBuf,
    /// The moment the PKI was made for (certificates are valid around it).
    pub now: Timestamp,
}

impl TestPki {
    /// A new PKI for the Comune "Prova", valid around `now`.
    pub fn new(now: Timestamp) -> TestPki {
        let dir = tempfile::tempdir().expect("temp dir");
        let ca = DemoCa::generate("Prova", now).expect("demo CA");
        let ca_pem = dir.path().join("ca.pem");
        std::fs::write(&ca_pem, ca.certificate_pem()).expect("write ca.pem");
        TestPki {
            dir,
            ca,
            ca_pem,
            now,
        }
    }

    /// The CA certificate, DER, as a trust anchor list.
    pub fn anchors(&self) -> Vec<Vec<u8>> {
        vec![self.ca.certificate_der().expect("CA DER")]
    }

    /// A software signer for a valid signing certificate.
    pub fn signer(
        &self,
        given: &str,
        surname: &str,
        cf: &str,
        kind: KeyKind,
    ) -> crate::SoftwareSigner {
        self.ca
            .issue_signer(&UserCertSpec::new(given, surname, cf, self.now), kind)
            .expect("issue signer")
    }

    /// Writes a PKCS#12 for a user, with `password`, and returns its path.
    pub fn pkcs12(&self, spec: &UserCertSpec, password: &str) -> PathBuf {
        let bytes = self
            .ca
            .pkcs12_for(
                spec,
                KeyKind::Rsa3072,
                &Sensitive::new(password.to_string()),
            )
            .expect("pkcs12");
        let path = self
            .dir
            .path()
            .join(format!("{}.p12", spec.codice_fiscale.to_lowercase()));
        std::fs::write(&path, bytes).expect("write p12");
        path
    }

    /// An NSS database (for pdfsig) that trusts the CA; returns the `sql:` directory argument.
    pub fn nss_db(&self) -> String {
        let db = self.dir.path().join("nss");
        if !db.exists() {
            std::fs::create_dir_all(&db).expect("nss dir");
            let arg = format!("sql:{}", db.display());
            run_ok(Command::new(tool("certutil")).args(["-N", "-d", &arg, "--empty-password"]));
            run_ok(
                Command::new(tool("certutil"))
                    .args(["-A", "-d", &arg, "-n", "atti-test-ca", "-t", "CT,C,C", "-i"])
                    .arg(&self.ca_pem),
            );
        }
        format!("sql:{}", db.display())
    }
}

/// `pyhanko sign validate --pretty-print --trust ca.pem --trust-replace --no-revocation-check`.
pub fn pyhanko_validate(pdf: &Path, ca_pem: &Path) -> String {
    text(&run(Command::new(tool("pyhanko"))
        .args(["sign", "validate", "--pretty-print", "--trust"])
        .arg(ca_pem)
        .args(["--trust-replace", "--no-revocation-check"])
        .arg(pdf)))
}

/// `pyhanko sign validate` of every signature field, by name.
pub fn pyhanko_validate_field(pdf: &Path, ca_pem: &Path, field: &str) -> String {
    text(&run(Command::new(tool("pyhanko"))
        .args(["sign", "validate", "--pretty-print", "--trust"])
        .arg(ca_pem)
        .args([
            "--trust-replace",
            "--no-revocation-check",
            "--sig-field",
            field,
        ])
        .arg(pdf)))
}

/// pdfsig's report (it always exits 0: read the text).
pub fn pdfsig(pdf: &Path, nss_db: &str) -> String {
    text(&run(Command::new(tool("pdfsig"))
        .args(["-nssdir", nss_db])
        .arg(pdf)))
}

/// `qpdf --check`: (passed, output).
pub fn qpdf_check(pdf: &Path) -> (bool, String) {
    let out = run(Command::new(tool("qpdf")).arg("--check").arg(pdf));
    (out.status.success(), text(&out))
}

/// `openssl cms -verify -binary -inform DER -in p7m -CAfile ca -out content`: (exit code, output).
pub fn openssl_cms_verify(p7m: &Path, ca_pem: &Path, content_out: &Path) -> (i32, String) {
    let out = run(Command::new(tool("openssl"))
        .args(["cms", "-verify", "-binary", "-inform", "DER", "-in"])
        .arg(p7m)
        .arg("-CAfile")
        .arg(ca_pem)
        .arg("-out")
        .arg(content_out));
    (out.status.code().unwrap_or(-1), text(&out))
}

/// `openssl cms -cmsout -print -inform DER -in p7m -noout`.
pub fn openssl_cms_print(p7m: &Path) -> String {
    text(&run_ok(
        Command::new(tool("openssl"))
            .args([
                "cms", "-cmsout", "-print", "-inform", "DER", "-noout", "-in",
            ])
            .arg(p7m),
    ))
}

/// A SoftHSM2 token directory. SoftHSM reads `SOFTHSM2_CONF` from the environment of the process
/// that loads it, once per C_Initialize; a Rust 2024 test cannot set it on itself without `unsafe`
/// (forbidden here), so the tests that use tokens run in a child process of the test binary that
/// gets the variable at spawn ([`softhsm_child`]).
pub struct SoftHsm {
    /// The directory with `softhsm2.conf` and `tokens/`.
    pub dir: PathBuf,
    /// The configuration file.
    pub conf: PathBuf,
}

/// The environment variable that marks the child process.
const CHILD_VAR: &str = "ATTI_SIGN_SOFTHSM_CHILD";

/// In the parent: makes a SoftHSM2 directory, reruns `test_name` (exact name) of this test binary
/// in a child with `SOFTHSM2_CONF` pointing at it, asserts that the child ran the test to the end
/// and passed, and returns `None`. In the child: returns the [`SoftHsm`] to use.
pub fn softhsm_child(test_name: &str) -> Option<SoftHsm> {
    if let Some(dir) = std::env::var_os(CHILD_VAR) {
        let dir = PathBuf::from(dir);
        return Some(SoftHsm {
            conf: dir.join("softhsm2.conf"),
            dir,
        });
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().to_path_buf();
    std::fs::create_dir_all(dir.join("tokens")).expect("tokens dir");
    std::fs::write(
        dir.join("softhsm2.conf"),
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
            dir.join("tokens").display()
        ),
    )
    .expect("softhsm2.conf");
    assert!(
        Path::new(SOFTHSM_MODULE).exists(),
        "SoftHSM2 module missing: apt-get install softhsm2"
    );
    let exe = std::env::current_exe().expect("test binary");
    let out = run(Command::new(exe)
        .args(["--exact", test_name, "--nocapture", "--test-threads=1"])
        .env(CHILD_VAR, &dir)
        .env("SOFTHSM2_CONF", dir.join("softhsm2.conf")));
    let output = text(&out);
    assert!(
        out.status.success(),
        "child run of {test_name} failed:\n{output}"
    );
    assert!(
        dir.join("done").exists(),
        "child run of {test_name} did not reach its end (wrong test name?):\n{output}"
    );
    print!("{output}");
    None
}

impl SoftHsm {
    fn util(&self) -> Command {
        let mut c = Command::new(tool("softhsm2-util"));
        c.env("SOFTHSM2_CONF", &self.conf);
        c
    }

    fn p11(&self, label: &str) -> Command {
        let mut c = Command::new(tool("pkcs11-tool"));
        c.env("SOFTHSM2_CONF", &self.conf).args([
            "--module",
            SOFTHSM_MODULE,
            "--token-label",
            label,
        ]);
        c
    }

    /// Marks the child's test as run to the end (see [`softhsm_child`]).
    pub fn done(&self) {
        std::fs::write(self.dir.join("done"), b"ok").expect("done marker");
    }

    /// Initialises a token with [`PIN`] and [`SO_PIN`].
    pub fn init_token(&self, label: &str) {
        run_ok(self.util().args([
            "--init-token",
            "--free",
            "--label",
            label,
            "--so-pin",
            SO_PIN,
            "--pin",
            PIN,
        ]));
    }

    /// Generates a key pair on the token (`rsa:3072` or `EC:prime256v1`) with CKA_ID `id` (hex)
    /// and returns the public key (SubjectPublicKeyInfo, DER).
    pub fn keypair(&self, label: &str, key_type: &str, id_hex: &str) -> Vec<u8> {
        run_ok(self.p11(label).args([
            "--login",
            "--pin",
            PIN,
            "--keypairgen",
            "--key-type",
            key_type,
            "--id",
            id_hex,
            "--label",
            "firma",
        ]));
        let out = self.dir.join(format!("pub-{label}-{id_hex}.der"));
        run_ok(
            self.p11(label)
                .args(["--read-object", "--type", "pubkey", "--id", id_hex, "-o"])
                .arg(&out),
        );
        std::fs::read(out).expect("public key")
    }

    /// Writes a certificate (DER) on the token next to key `id`.
    pub fn write_cert(&self, label: &str, id_hex: &str, cert_der: &[u8]) {
        let path = self.dir.join(format!("cert-{label}-{id_hex}.der"));
        std::fs::write(&path, cert_der).expect("cert file");
        run_ok(
            self.p11(label)
                .args(["--login", "--pin", PIN, "--write-object"])
                .arg(&path)
                .args(["--type", "cert", "--id", id_hex, "--label", "firma"]),
        );
    }

    /// A token `label` with a key of `key_type` under id `01` and a certificate for it per `spec`.
    pub fn token_with_identity(
        &self,
        label: &str,
        key_type: &str,
        ca: &DemoCa,
        spec: &UserCertSpec,
    ) -> Vec<u8> {
        self.init_token(label);
        let public = self.keypair(label, key_type, "01");
        let cert = ca
            .issue_certificate(spec, &public)
            .expect("issue for token key");
        self.write_cert(label, "01", &cert);
        cert
    }
}
