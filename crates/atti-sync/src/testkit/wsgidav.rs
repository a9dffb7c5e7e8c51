//! WsgiDAV (the pip package, filesystem provider) over TLS with basic auth: the other WebDAV
//! server the protocol is tried on. It serves one share, `/archive`, from a folder of its own,
//! to the users given; it has no per-user write rules.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{free_port, pki::Pki};

/// A running WsgiDAV, stopped when dropped.
#[derive(Debug)]
pub struct WsgiDav {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

/// The venv where scripts/deps.sh installs WsgiDAV: `$ATTI_TOOLS_DIR`, else `<workspace>/.tools`.
fn wsgidav_bin() -> PathBuf {
    let tools = std::env::var_os("ATTI_TOOLS_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools"),
        PathBuf::from,
    );
    let bin = tools.join("venv/bin/wsgidav");
    assert!(
        bin.exists(),
        "WsgiDAV missing at {} (scripts/deps.sh test installs it; ATTI_TOOLS_DIR)",
        bin.display()
    );
    bin
}

impl WsgiDav {
    /// Starts a server with the PKI's valid certificate and these users (name, password), and
    /// waits until it answers.
    pub fn start(pki: &Pki, users: &[(&str, &str)]) -> WsgiDav {
        let dir = tempfile::Builder::new()
            .prefix("atti-wsgidav-")
            .tempdir()
            .expect("tempdir");
        let data = dir.path().join("archive");
        std::fs::create_dir_all(&data).expect("data dir");
        let port = free_port();
        let mut mapping = String::new();
        for (user, password) in users {
            mapping.push_str(&format!(
                "      \"{user}\":\n        password: \"{password}\"\n"
            ));
        }
        let conf = format!(
            "host: 127.0.0.1\nport: {port}\nserver: cheroot\nssl_certificate: \"{cert}\"\nssl_private_key: \"{key}\"\nprovider_mapping:\n  \"/archive\": \"{data}\"\nhttp_authenticator:\n  accept_basic: true\n  accept_digest: false\n  default_to_digest: false\nsimple_dc:\n  user_mapping:\n    \"*\":\n{mapping}verbose: 1\n",
            cert = pki.server_pem.display(),
            key = pki.server_key.display(),
            data = data.display(),
        );
        let conf_path = dir.path().join("wsgidav.yaml");
        std::fs::write(&conf_path, conf).expect("config");
        let log = std::fs::File::create(dir.path().join("wsgidav.log")).expect("log");
        let child = Command::new(wsgidav_bin())
            .arg(format!("--config={}", conf_path.display()))
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .expect("start wsgidav");
        let server = WsgiDav { child, port, dir };
        // Ready when it accepts a connection (its TLS and answers are the tests').
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "WsgiDAV did not start: {}",
                std::fs::read_to_string(server.dir.path().join("wsgidav.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// The base URL (`https://127.0.0.1:PORT/`): the share is `archive/` under it.
    pub fn url(&self) -> String {
        format!("https://127.0.0.1:{}/", self.port)
    }

    /// The share's folder on disk.
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("archive")
    }
}

impl Drop for WsgiDav {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
