//! Test harness with real components (feature `testkit`, off in the app): a throw-away PKI made
//! with openssl, an Apache + mod_dav child over TLS with its fault switches, a WsgiDAV child
//! over TLS (the other server the protocol is tried on), a TLS fault proxy,
//! an in-memory [`crate::Outbox`], an independent checker of what the server holds, and a bench.
//!
//! Helpers panic (with the reason) instead of returning errors: they are for tests. A missing
//! tool (apache2, htpasswd, openssl...) is a panic, never a skip.

mod apache;
mod inspect;
mod outbox;
mod pki;
mod proxy;
mod wsgidav;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use atti_core::Sensitive;

pub use apache::{DavServer, Fault, ServerCert};
pub use inspect::Inspector;
pub use outbox::MemoryOutbox;
pub use pki::Pki;
pub use proxy::{FaultProxy, ProxyMode};
pub use wsgidav::WsgiDav;

use crate::{Client, ServerConfig, Tuning};

/// Panics unless `tool` is on PATH.
pub fn require_tool(tool: &str) {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
        .unwrap_or(false)
        || Path::new("/usr/sbin").join(tool).is_file();
    assert!(
        found,
        "{tool} is missing: install it (scripts/deps.sh installs apache2, openssl, gnome-keyring...)"
    );
}

/// Runs a tool, panicking with its output when it fails.
pub fn run_tool(tool: &str, args: &[&str]) -> String {
    require_tool(tool);
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// A free loopback port (bound then released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Knobs for tests: short waits, the same shape as the app's.
pub fn fast_tuning() -> Tuning {
    Tuning {
        connect_timeout: Duration::from_secs(3),
        read_timeout: Duration::from_secs(3),
        pool_idle_timeout: Duration::from_secs(4),
        in_flight: 4,
        attempts: 5,
        rounds: 3,
        backoff_base: Duration::from_millis(50),
        backoff_max: Duration::from_millis(800),
        retry_after_max: Duration::from_secs(3),
        slot_timeout: Duration::from_secs(3),
    }
}

/// A PKI plus a running server with one user: the usual start of a test.
#[derive(Debug)]
pub struct Fixture {
    /// The PKI (in its own temporary folder).
    pub pki: Pki,
    /// The server.
    pub server: DavServer,
    /// The WebDAV user.
    pub user: String,
    /// Its password.
    pub password: String,
    _tmp: tempfile::TempDir,
}

impl Fixture {
    /// Makes a PKI and starts a server with user `protocollo`.
    pub fn start() -> Fixture {
        let tmp = tempfile::Builder::new()
            .prefix("atti-pki-")
            .tempdir()
            .expect("tempdir");
        let pki = Pki::create(tmp.path());
        let user = "protocollo".to_string();
        let password = format!("pw-{:016x}", fastrand::u64(..));
        let server = DavServer::start(&pki, &user, &password);
        Fixture {
            pki,
            server,
            user,
            password,
            _tmp: tmp,
        }
    }

    /// Settings for `url` (the server's, or a proxy's), trusting the test CA.
    pub fn config_for(&self, url: &str) -> ServerConfig {
        ServerConfig {
            base_url: url.to_string(),
            user: self.user.clone(),
            ca_pem: Some(self.pki.ca_bytes()),
        }
    }

    /// A client straight to the server with [`fast_tuning`].
    pub fn client(&self) -> Client {
        self.client_for(&self.server.url())
    }

    /// A client to `url` with [`fast_tuning`].
    pub fn client_for(&self, url: &str) -> Client {
        Client::with_tuning(
            &self.config_for(url),
            Sensitive::new(self.password.clone()),
            fast_tuning(),
        )
        .expect("client")
    }

    /// A client of user `user` (added to the server, password `pw-<user>`) on the archive
    /// area (`archive/`, write-once, with the per-user areas), with [`fast_tuning`].
    pub fn user_client(&self, user: &str) -> Client {
        let password = format!("pw-{user}");
        self.server.add_user(user, &password);
        self.client_as(user, &password)
    }

    /// A client of `user` (an account the server already has) on the archive area, with
    /// [`fast_tuning`].
    pub fn client_as(&self, user: &str, password: &str) -> Client {
        let config = ServerConfig {
            base_url: format!("{}archive/", self.server.url()),
            user: user.to_string(),
            ca_pem: Some(self.pki.ca_bytes()),
        };
        Client::with_tuning(&config, Sensitive::new(password.to_string()), fast_tuning())
            .expect("client")
    }

    /// An independent checker of the server's content.
    pub fn inspector(&self) -> Inspector {
        Inspector::new(&self.server.url(), &self.pki, &self.user, &self.password)
    }
}

/// What [`bench`] measured.
#[derive(Debug, Clone)]
pub struct BenchResult {
    /// Files sent.
    pub files: usize,
    /// Bytes sent.
    pub bytes: u64,
    /// Wall time of the whole [`crate::run`].
    pub elapsed: Duration,
}

/// Uploads `packages` files of `size` bytes (random) under `<root>/<run>/` through
/// [`crate::run`] and reports the time (for comparing with `rclone copy` and
/// `curl -Z --parallel-max 4` on the same server).
pub async fn bench(client: &Client, root: &str, packages: usize, size: usize) -> BenchResult {
    let outbox = std::sync::Arc::new(MemoryOutbox::default());
    let run_id = format!("{:08x}", fastrand::u32(..));
    for i in 0..packages {
        let bytes: Vec<u8> = std::iter::repeat_with(|| fastrand::u8(..))
            .take(size)
            .collect();
        outbox.push(
            i as i64,
            &format!("{root}/{run_id}/{i:05}.bin"),
            bytes,
            false,
            false,
        );
    }
    let start = Instant::now();
    let summary = crate::run(client, outbox.clone(), &|_| {})
        .await
        .expect("bench run");
    let elapsed = start.elapsed();
    assert_eq!(summary.remaining, 0, "bench left files behind: {summary:?}");
    BenchResult {
        files: packages,
        bytes: (packages * size) as u64,
        elapsed,
    }
}
