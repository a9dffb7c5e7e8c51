//! A private Apache httpd + mod_dav over TLS, as a child process on a free loopback port.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::pki::Pki;
use super::{free_port, require_tool, run_tool, write};

/// The configuration, shipped with the crate (a copy of the shared test config).
const CONF: &str = include_str!("../../testkit/httpd-webdav.conf");

/// Which certificate the server presents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerCert {
    /// The valid one, signed by the test CA.
    Valid,
    /// Signed by the test CA, expired in 2021.
    Expired,
}

/// The fault switches of the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Every request answers 503 with Retry-After: 2.
    Unavailable503,
    /// Every request answers 500.
    Internal500,
}

/// A running Apache WebDAV server. Stopped (SIGTERM to its PID) on drop.
#[derive(Debug)]
pub struct DavServer {
    /// Its BASE folder (conf, data, logs...).
    pub base: PathBuf,
    /// The loopback port.
    pub port: u16,
    /// The loopback port of the public plain-HTTP site (`/pubblico`).
    pub public_port: u16,
    child: Option<Child>,
    _tmp: Option<tempfile::TempDir>,
}

impl DavServer {
    /// Starts a server in a new temporary folder with the valid certificate and one user.
    pub fn start(pki: &Pki, user: &str, password: &str) -> DavServer {
        let tmp = tempfile::Builder::new()
            .prefix("atti-webdav-")
            .tempdir()
            .expect("tempdir");
        let mut server = DavServer::start_in(tmp.path(), pki, ServerCert::Valid, user, password);
        server._tmp = Some(tmp);
        server
    }

    /// Starts a server in `base` (laid out if empty).
    pub fn start_in(
        base: &Path,
        pki: &Pki,
        cert: ServerCert,
        user: &str,
        password: &str,
    ) -> DavServer {
        require_tool("apache2");
        require_tool("htpasswd");
        for dir in [
            "pki",
            "conf",
            "run",
            "logs",
            "var",
            "data/dav",
            "data/archive",
            "data/registro",
            "data/pubblico",
            "data/albo",
            "faults",
        ] {
            std::fs::create_dir_all(base.join(dir)).expect("server dirs");
        }
        let pem = match cert {
            ServerCert::Valid => &pki.server_pem,
            ServerCert::Expired => &pki.expired_pem,
        };
        std::fs::copy(pem, base.join("pki/server.pem")).expect("copy cert");
        std::fs::copy(&pki.server_key, base.join("pki/server.key")).expect("copy key");
        write(&base.join("conf/httpd-webdav.conf"), CONF);
        let htpasswd = base.join("conf/htpasswd");
        run_tool(
            "htpasswd",
            &["-bcB", &htpasswd.to_string_lossy(), user, password],
        );
        // Apache's workers run as nobody: they must own what they write.
        run_tool(
            "chown",
            &[
                "-R",
                "nobody:nogroup",
                &base.join("data").to_string_lossy(),
                &base.join("var").to_string_lossy(),
            ],
        );
        let mut server = DavServer {
            base: base.to_path_buf(),
            port: free_port(),
            public_port: free_port(),
            child: None,
            _tmp: None,
        };
        // A free port may be taken by another test's server between our look and apache2's
        // bind: it then exits at once, and starts again on other ports.
        for _ in 0..4 {
            match server.try_spawn() {
                Ok(()) => return server,
                Err(_) => {
                    server.port = free_port();
                    server.public_port = free_port();
                }
            }
        }
        server.spawn();
        server
    }

    /// Puts `bytes` on the public site as `name`; its address.
    pub fn publish(&self, name: &str, bytes: &[u8]) -> String {
        std::fs::write(self.base.join("data/pubblico").join(name), bytes).expect("publish");
        format!("http://127.0.0.1:{}/pubblico/{name}", self.public_port)
    }

    /// Adds (or changes) a user.
    pub fn add_user(&self, user: &str, password: &str) {
        let htpasswd = self.base.join("conf/htpasswd");
        run_tool(
            "htpasswd",
            &["-bB", &htpasswd.to_string_lossy(), user, password],
        );
    }

    fn spawn(&mut self) {
        if let Err(why) = self.try_spawn() {
            panic!("{why}");
        }
    }

    /// Starts apache2 and waits until it listens; why not if it exited before.
    fn try_spawn(&mut self) -> Result<(), String> {
        let conf = self.base.join("conf/httpd-webdav.conf");
        let child = Command::new("apache2")
            .arg("-f")
            .arg(&conf)
            .arg("-C")
            .arg(format!("Define BASE {}", self.base.display()))
            .arg("-C")
            .arg(format!("Define PORT {}", self.port))
            .arg("-C")
            .arg(format!("Define PUBPORT {}", self.public_port))
            .arg("-DFOREGROUND")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start apache2");
        self.child = Some(child);
        self.wait_ready()
    }

    fn wait_ready(&mut self) -> Result<(), String> {
        // Ready in about 40 ms; give it up to 10 s on a busy machine.
        for _ in 0..1000 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return Ok(());
            }
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                self.child = None;
                let log =
                    std::fs::read_to_string(self.base.join("logs/error.log")).unwrap_or_default();
                return Err(format!(
                    "apache2 exited ({status}) before listening:\n{log}"
                ));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        self.stop();
        Err(format!(
            "apache2 did not listen on port {} within 10 s",
            self.port
        ))
    }

    /// Stops the server: SIGTERM to the child's PID (never by name), then waits for it.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let pid = child.id().to_string();
            let _ = Command::new("kill").args(["-TERM", &pid]).status();
            let _ = child.wait();
        }
    }

    /// Stops and starts it again on the same port, with the same data.
    pub fn restart(&mut self) {
        self.stop();
        // The port may linger for a moment: retry the start a few times.
        for _ in 0..50 {
            if std::net::TcpListener::bind(("127.0.0.1", self.port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.spawn();
    }

    /// The base URL clients use (`https://127.0.0.1:PORT/`).
    pub fn url(&self) -> String {
        format!("https://127.0.0.1:{}/", self.port)
    }

    /// The data folder on disk (`data/`: `dav/`, `archive/`, `registro/`).
    pub fn data_dir(&self) -> PathBuf {
        self.base.join("data")
    }

    /// Switches a fault on or off.
    pub fn fault(&self, fault: Fault, on: bool) {
        let name = match fault {
            Fault::Unavailable503 => "503",
            Fault::Internal500 => "500",
        };
        let path = self.base.join("faults").join(name);
        if on {
            write(&path, "");
        } else if path.exists() {
            std::fs::remove_file(&path).expect("remove fault switch");
        }
    }

    /// The access log so far (one line per request: `host user [time] "METHOD path" status ...`).
    pub fn access_log(&self) -> String {
        std::fs::read_to_string(self.base.join("logs/access.log")).unwrap_or_default()
    }

    /// The access log once it has a line containing `needle`: Apache writes a request's line
    /// after sending its answer, so a client may have it before the log does. Waits for it (at
    /// most 10 s), then returns the log as it is.
    pub fn access_log_with(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let log = self.access_log();
            if log.contains(needle) || std::time::Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The error log so far.
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.base.join("logs/error.log")).unwrap_or_default()
    }
}

impl Drop for DavServer {
    fn drop(&mut self) {
        self.stop();
    }
}
