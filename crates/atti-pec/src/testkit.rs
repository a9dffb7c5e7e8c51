//! A PEC provider for the tests, made of real servers: Dovecot (Debian's dovecot-imapd) serves
//! the mailboxes over IMAPS, a Python SMTP server (aiosmtpd, `testkit/pec_provider.py`) takes
//! submissions over TLS and writes what a provider writes: the receipts and the busta di
//! trasporto, S/MIME-signed with a certificate of its own. Both stop when dropped.

use std::io::Read;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The TLS files the provider uses: a CA (whose key signs the provider's signing certificate)
/// and a server certificate for 127.0.0.1/localhost signed by it.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    /// The CA certificate (PEM).
    pub ca_pem: PathBuf,
    /// Its key (PEM).
    pub ca_key: PathBuf,
    /// The server certificate (PEM).
    pub server_pem: PathBuf,
    /// Its key (PEM).
    pub server_key: PathBuf,
}

impl TlsFiles {
    /// A CA and a server certificate for 127.0.0.1/localhost made in `dir`, valid from 1
    /// January 2000 for a hundred years (made on a clock moved there with libfaketime), so
    /// that the tests that move the app's clock to any day find them valid.
    pub fn create(dir: &Path) -> TlsFiles {
        let p = |name: &str| dir.join(name).display().to_string();
        let tls = TlsFiles {
            ca_pem: dir.join("ca.pem"),
            ca_key: dir.join("ca.key"),
            server_pem: dir.join("server.pem"),
            server_key: dir.join("server.key"),
        };
        run_in_2000(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            &p("ca.key"),
            "-out",
            &p("ca.pem"),
            "-days",
            "36500",
            "-subj",
            "/CN=CA di prova dei gestori PEC/O=Prova",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        issue(
            &tls.ca_pem,
            &tls.ca_key,
            dir,
            "server",
            "/CN=localhost",
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n",
        );
        tls
    }
}

/// openssl on a clock at 1 January 2000: what it certifies is valid from then.
fn run_in_2000(args: &[&str]) {
    let faketime = atti_sign::testkit::libfaketime();
    run_with(
        "openssl",
        args,
        &[
            ("LD_PRELOAD", faketime.to_str().unwrap_or_default()),
            ("FAKETIME", "@2000-01-01 00:00:00"),
            ("TZ", "UTC"),
        ],
    );
}

/// A key and a certificate `<dir>/<name>.pem` (its key `<name>.key`) with subject `subj` and
/// the extensions `ext` (openssl's extfile syntax), signed by the CA, valid from 2000 for a
/// hundred years.
fn issue(ca_pem: &Path, ca_key: &Path, dir: &Path, name: &str, subj: &str, ext: &str) -> PathBuf {
    let p = |suffix: &str| dir.join(format!("{name}.{suffix}")).display().to_string();
    run_in_2000(&[
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        &p("key"),
        "-out",
        &p("csr"),
        "-subj",
        subj,
    ]);
    std::fs::write(p("ext"), ext).expect("ext");
    run_in_2000(&[
        "x509",
        "-req",
        "-in",
        &p("csr"),
        "-CA",
        &ca_pem.display().to_string(),
        "-CAkey",
        &ca_key.display().to_string(),
        "-CAcreateserial",
        "-days",
        "36500",
        "-out",
        &p("pem"),
        "-extfile",
        &p("ext"),
    ]);
    dir.join(format!("{name}.pem"))
}

/// A mailbox of the provider: who logs in, with what, for which address.
#[derive(Debug, Clone)]
pub struct Mailbox {
    /// The login name (also the Maildir's name).
    pub name: String,
    /// The password.
    pub password: String,
    /// The PEC address.
    pub address: String,
}

impl Mailbox {
    /// A mailbox whose password is `<name>-segreta`.
    pub fn new(name: &str, address: &str) -> Mailbox {
        Mailbox {
            name: name.into(),
            password: format!("{name}-segreta"),
            address: address.into(),
        }
    }
}

/// A running provider.
#[derive(Debug)]
pub struct Provider {
    smtp: Child,
    dovecot: Child,
    dir: tempfile::TempDir,
    /// SMTP submission port (implicit TLS) on 127.0.0.1.
    pub smtp_port: u16,
    /// IMAPS port on 127.0.0.1.
    pub imap_port: u16,
    /// The certificate the provider signs its receipts with (PEM).
    pub signer_pem: PathBuf,
}

/// The venv where scripts/deps.sh installs aiosmtpd: `$ATTI_TOOLS_DIR`, else `<workspace>/.tools`.
fn python() -> PathBuf {
    let tools = std::env::var_os("ATTI_TOOLS_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools"),
        PathBuf::from,
    );
    let bin = tools.join("venv/bin/python");
    assert!(
        bin.exists(),
        "Python venv missing at {} (scripts/deps.sh test makes it; ATTI_TOOLS_DIR)",
        bin.display()
    );
    bin
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn run(program: &str, args: &[&str]) -> String {
    run_with(program, args, &[])
}

fn run_with(program: &str, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("{program} missing ({e}): scripts/deps.sh test installs it"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

impl Provider {
    /// Starts Dovecot and the SMTP server with these mailboxes; `now` is the provider's clock
    /// at start (RFC 3339 with offset, e.g. `2026-03-10T09:00:00+01:00`). Every mailbox may
    /// send from its own address and receives at it. Waits until both answer.
    pub fn start(tls: &TlsFiles, now: &str, boxes: &[Mailbox]) -> Provider {
        let dir = tempfile::Builder::new()
            .prefix("atti-pec-")
            .tempdir()
            .expect("tempdir");
        let d = dir.path();
        let signer_pem = signer_certificate(tls, d);
        let mail = d.join("mail");
        for b in boxes {
            for sub in ["tmp", "new", "cur"] {
                std::fs::create_dir_all(mail.join(&b.name).join(sub)).expect("maildir");
            }
        }
        open_up(&mail);
        let imap_port = free_port();
        let dovecot = start_dovecot(tls, d, &mail, imap_port, boxes);
        let smtp_port = free_port();
        let mut args: Vec<String> = vec![
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("testkit/pec_provider.py")
                .display()
                .to_string(),
            "--port".into(),
            smtp_port.to_string(),
            "--cert".into(),
            tls.server_pem.display().to_string(),
            "--key".into(),
            tls.server_key.display().to_string(),
            "--signer-cert".into(),
            signer_pem.display().to_string(),
            "--signer-key".into(),
            d.join("signer.key").display().to_string(),
            "--maildir".into(),
            mail.display().to_string(),
            "--now".into(),
            now.into(),
        ];
        for b in boxes {
            args.push("--user".into());
            args.push(format!("{}:{}:{}", b.name, b.password, b.address));
            args.push("--mailbox".into());
            args.push(format!("{}:{}", b.address, b.name));
        }
        let log = std::fs::File::create(d.join("smtp.log")).expect("log");
        let smtp = Command::new(python())
            .args(&args)
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .expect("pec_provider.py");
        let provider = Provider {
            smtp,
            dovecot,
            dir,
            smtp_port,
            imap_port,
            signer_pem,
        };
        provider.wait_for(smtp_port, "smtp.log");
        provider.wait_for(imap_port, "dovecot.log");
        provider
    }

    fn wait_for(&self, port: u16, log: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                let mut text = String::new();
                let _ = std::fs::File::open(self.dir.path().join(log))
                    .and_then(|mut f| f.read_to_string(&mut text));
                panic!("PEC provider not answering on {port}: {text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the SMTP server's log says `text` (it writes a line when a message to
    /// «lento@…» arrives and will never be answered).
    pub fn wait_log(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let log = std::fs::read_to_string(self.dir.path().join("smtp.log")).unwrap_or_default();
            if log.contains(text) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the PEC provider never logged «{text}»: {log}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The messages in a mailbox (new and read), each as the raw bytes the provider wrote.
    pub fn messages(&self, name: &str) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(self.dir.path().join("mail").join(name).join(sub))
            else {
                continue;
            };
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for p in paths {
                out.push(std::fs::read(p).expect("message"));
            }
        }
        out
    }

    /// Waits until a mailbox holds `n` messages (the provider writes after answering).
    pub fn wait_messages(&self, name: &str, n: usize) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let m = self.messages(name);
            if m.len() >= n || Instant::now() > deadline {
                return m;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.smtp.kill();
        let _ = self.dovecot.kill();
        let _ = self.smtp.wait();
        let _ = self.dovecot.wait();
    }
}

/// The provider's signing certificate (digitalSignature, emailProtection), signed by the CA.
fn signer_certificate(tls: &TlsFiles, d: &Path) -> PathBuf {
    issue(
        &tls.ca_pem,
        &tls.ca_key,
        d,
        "signer",
        "/CN=Gestore PEC di prova/O=Gestore PEC di prova/emailAddress=posta-certificata@pec.prova.example",
        "keyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\nsubjectAltName=email:posta-certificata@pec.prova.example\n",
    )
}

/// Lets Dovecot's mail processes (another user when the tests run as root) and the SMTP
/// server share the Maildirs.
fn open_up(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o777));
    if let Ok(entries) = std::fs::read_dir(path) {
        for e in entries.flatten() {
            if e.path().is_dir() {
                open_up(&e.path());
            }
        }
    }
}

fn start_dovecot(tls: &TlsFiles, d: &Path, mail: &Path, port: u16, boxes: &[Mailbox]) -> Child {
    let root = run("id", &["-u"]) == "0";
    let (user, uid, gid) = if root {
        (
            "dovecot".to_string(),
            run("id", &["-u", "dovecot"]),
            run("id", &["-g", "dovecot"]),
        )
    } else {
        (run("id", &["-un"]), run("id", &["-u"]), run("id", &["-g"]))
    };
    let login_user = if root {
        "dovenull".to_string()
    } else {
        user.clone()
    };
    let mut users = String::new();
    for b in boxes {
        users.push_str(&format!(
            "{}:{{PLAIN}}{}:{uid}:{gid}::{}::\n",
            b.name,
            b.password,
            mail.join(&b.name).display()
        ));
    }
    std::fs::write(d.join("users"), users).expect("users");
    for sub in ["run", "state"] {
        std::fs::create_dir_all(d.join(sub)).expect("dovecot dirs");
    }
    let conf = format!(
        r#"protocols = imap
listen = 127.0.0.1
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
default_internal_user = {user}
default_login_user = {login_user}
first_valid_uid = {uid}
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
auth_mechanisms = plain login
disable_plaintext_auth = yes
mail_location = maildir:~
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {d}/users
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
service auth {{
  user = $default_internal_user
}}
service stats {{
  unix_listener stats-reader {{
    user = {user}
  }}
  unix_listener stats-writer {{
    user = {user}
  }}
}}
"#,
        d = d.display(),
        cert = tls.server_pem.display(),
        key = tls.server_key.display(),
    );
    let conf_path = d.join("dovecot.conf");
    std::fs::write(&conf_path, conf).expect("dovecot.conf");
    let log = std::fs::File::create(d.join("dovecot.out")).expect("log");
    Command::new("dovecot")
        .args(["-F", "-c"])
        .arg(&conf_path)
        .stdout(log.try_clone().expect("log"))
        .stderr(log)
        .stdin(Stdio::null())
        .spawn()
        .expect("dovecot missing: scripts/deps.sh test installs dovecot-imapd")
}
