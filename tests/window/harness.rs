//! Xvfb + tauri-driver + a temp data dir, started for one test and stopped on drop.

use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One desktop at a time: each test gets its own display, driver and ports.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub struct Desktop {
    _turn: std::sync::MutexGuard<'static, ()>,
    xvfb: Child,
    driver: Child,
    display: String,
    port: u16,
    data: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

fn tauri_driver() -> PathBuf {
    let tools = std::env::var_os("ATTI_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools"));
    let path = tools.join("bin/tauri-driver");
    assert!(
        path.exists(),
        "{} is missing: scripts/deps.sh test installs it",
        path.display()
    );
    path
}

fn terminate(child: &mut Child) {
    // SIGTERM, not SIGKILL: a killed tauri-driver orphans WebKitWebDriver.
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A D-Bus session with an unlocked keyring, in a HOME of its own: a clerk's PC after the
/// login of their session (a real Comune's passwords go to the keyring). Stopped on drop.
pub struct Keyring {
    home: tempfile::TempDir,
    bus: String,
    dbus_pid: String,
}

impl Keyring {
    pub fn start() -> Keyring {
        let home = tempfile::tempdir().expect("home");
        let out = Command::new("dbus-daemon")
            .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
            .env("HOME", home.path())
            .stderr(Stdio::null())
            .output()
            .expect("dbus-daemon (apt install dbus)");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut lines = text.lines();
        let bus = lines.next().expect("bus address").trim().to_string();
        let dbus_pid = lines.next().expect("dbus pid").trim().to_string();
        let keyring = Keyring {
            home,
            bus,
            dbus_pid,
        };
        let unlocked = Command::new("sh")
            .args(["-c", atti_tests::UNLOCK_KEYRING])
            .envs(keyring.envs())
            .status()
            .expect("gnome-keyring-daemon");
        assert!(unlocked.success(), "keyring not unlocked");
        keyring
    }

    /// The environment of a process of this session.
    pub fn envs(&self) -> Vec<(&'static str, PathBuf)> {
        let home = self.home.path();
        vec![
            ("HOME", home.to_path_buf()),
            ("XDG_DATA_HOME", home.join("data")),
            ("XDG_RUNTIME_DIR", home.to_path_buf()),
            ("DBUS_SESSION_BUS_ADDRESS", PathBuf::from(&self.bus)),
        ]
    }

    /// Runs the CLI in this session on data dir `data` with `stdin`; returns its output.
    pub fn cli(&self, data: &Path, args: &[&str], stdin: &str) -> String {
        let mut cmd = Command::new(atti_tests::workspace_bin("atti"));
        cmd.arg("--data-dir")
            .arg(data)
            .args(args)
            .envs(self.envs())
            .env_remove("ATTI_USER");
        run_atti(cmd, args, stdin)
    }
}

impl Drop for Keyring {
    fn drop(&mut self) {
        atti_tests::stop_keyring_daemons(self.home.path());
        let _ = Command::new("kill").arg(&self.dbus_pid).status();
    }
}

impl Desktop {
    pub fn start() -> Desktop {
        Desktop::start_in(None)
    }

    /// [`Desktop::start`] with the app in `keyring`'s session (a real Comune).
    pub fn start_in(keyring: Option<&Keyring>) -> Desktop {
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let data = tempfile::tempdir().expect("tempdir");
        // A free display number: the lowest without a lock file, from :90.
        let n = (90..200)
            .find(|n| !Path::new(&format!("/tmp/.X{n}-lock")).exists())
            .expect("a free X display");
        let display = format!(":{n}");
        let xvfb = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb (apt install xvfb)");
        let socket = format!("/tmp/.X11-unix/X{n}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !Path::new(&socket).exists() {
            assert!(Instant::now() < deadline, "Xvfb did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let port = free_port();
        let native = free_port();
        let driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .envs(keyring.map(Keyring::envs).unwrap_or_default())
            .env("DISPLAY", &display)
            .env("ATTI_DATA_DIR", data.path())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        Desktop {
            _turn: turn,
            xvfb,
            driver,
            display,
            port,
            data,
        }
    }

    /// Starts the app in a new WebDriver session.
    pub async fn session(&self) -> Client {
        let app = atti_tests::workspace_bin("atti-desktop");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app.to_string_lossy() }),
        );
        // WebKitWebDriver now and then fails to create the very first session on a loaded
        // machine (seen right after `make bench`); a second attempt starts the app cleanly.
        let mut attempt = 1;
        loop {
            let session =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(caps.clone())
                    .connect(&format!("http://127.0.0.1:{}", self.port))
                    .await;
            match session {
                Ok(client) => return client,
                Err(e) if attempt < 3 => {
                    eprintln!("WebDriver session, attempt {attempt} failed: {e}; trying again");
                    attempt += 1;
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
                Err(e) => panic!("WebDriver session on the app: {e}"),
            }
        }
    }

    /// Runs the CLI on the same data dir and parses its JSON output.
    pub fn cli(&self, args: &[&str]) -> serde_json::Value {
        let text = self.cli_text(args);
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("atti {args:?} printed no JSON ({e}): {text}"))
    }

    /// Runs the CLI on the same data dir and returns its output.
    pub fn cli_text(&self, args: &[&str]) -> String {
        self.cli_with_stdin(args, "")
    }

    /// [`Desktop::cli_text`] with `stdin` (a PIN).
    pub fn cli_with_stdin(&self, args: &[&str], stdin: &str) -> String {
        let mut cmd = Command::new(atti_tests::workspace_bin("atti"));
        cmd.arg("--data-dir").arg(self.data.path()).args(args);
        run_atti(cmd, args, stdin)
    }

    pub fn path(&self) -> &Path {
        self.data.path()
    }

    /// The X display the app's window is on (for xclip, say).
    pub fn display(&self) -> &str {
        &self.display
    }

    pub fn save_artifact(&self, name: &str, bytes: &[u8]) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-artifacts");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(name), bytes);
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        terminate(&mut self.driver);
        terminate(&mut self.xvfb);
    }
}

/// Runs `cmd` (the `atti` CLI with its `args`) with `stdin`; it must succeed. Returns stdout.
fn run_atti(mut cmd: Command, args: &[&str], stdin: &str) -> String {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("atti");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    let out = child.wait_with_output().expect("atti");
    assert!(
        out.status.success(),
        "atti {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Clicks what `locator` finds as soon as it stands still and takes the click: the page's
/// smooth scroll (Bootstrap Italia) and any re-layout come to rest first, as a clerk's hand
/// waits for them (a click during a scroll lands elsewhere); an element that is there but not
/// yet interactable (covered or re-rendered for a moment, as after a user switch on a busy
/// machine) is found and tried again until the deadline.
pub async fn click(c: &Client, locator: Locator<'_>, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let e = wait_for(c, locator).await;
        wait_still(c, &e, deadline).await;
        match e.click().await {
            Ok(()) => return,
            Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("{what}: {e:?}"),
        }
    }
}

/// Clicks a checkbox or a radio button until it is checked: a click the window lost is given
/// again, as a clerk who sees the box still empty clicks again; never more than 20 s.
pub async fn tick(c: &Client, id: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        click(c, Locator::Id(id), what).await;
        let tried = Instant::now();
        while tried.elapsed() < Duration::from_secs(2) {
            let e = wait_for(c, Locator::Id(id)).await;
            if e.prop("checked").await.ok().flatten().as_deref() == Some("true") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(Instant::now() < deadline, "{what}: never checked");
    }
}

/// Waits until the element's place in the window is the same in two readings 100 ms apart.
async fn wait_still(c: &Client, e: &fantoccini::elements::Element, deadline: Instant) {
    let arg = serde_json::to_value(e).expect("element as JSON");
    let mut last = None;
    while Instant::now() < deadline {
        let place = c
            .execute(
                "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, window.scrollY];",
                vec![arg.clone()],
            )
            .await
            .ok();
        if place.is_some() && place == last {
            return;
        }
        last = place;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks a link until the page it leads to shows `arrived`: a click whose activation the
/// window lost (focus given, no navigation: seen once on a loaded machine right after a user
/// switch) is given again, as a clerk would click again; never more than 20 s.
pub async fn follow(c: &Client, link: Locator<'_>, arrived: Locator<'_>, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        click(c, link, what).await;
        let tried = Instant::now();
        while tried.elapsed() < Duration::from_secs(3) {
            if let Ok(e) = c.find(arrived).await
                && e.is_displayed().await.unwrap_or(false)
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if Instant::now() > deadline {
            wait_for(c, arrived).await;
            return;
        }
    }
}

/// Waits up to 20 s for an element to be there and displayed.
pub async fn wait_for(c: &Client, locator: Locator<'_>) -> fantoccini::elements::Element {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(e) = c.find(locator).await
            && e.is_displayed().await.unwrap_or(false)
        {
            return e;
        }
        if Instant::now() > deadline {
            if let Ok(png) = c.screenshot().await {
                let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-artifacts");
                let _ = std::fs::create_dir_all(&dir);
                let _ = std::fs::write(dir.join("failure.png"), png);
            }
            panic!(
                "element not found or not displayed: {locator:?} (see test-artifacts/failure.png)"
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
