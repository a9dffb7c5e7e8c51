//! Running the `atti` binary on a temp data dir.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct DataDir {
    pub dir: tempfile::TempDir,
    /// A real Comune's: its users log in on its document server.
    logins: Option<Logins>,
    /// When set, `atti` runs on a clock moved there (libfaketime: the binary reads its system
    /// clock as on a clerk's PC, and the test chooses the day, never the calendar's).
    clock: std::cell::RefCell<Option<String>>,
    /// The demo Comune's PC with a keyring of its own (the PEC's password goes there).
    keyring: Option<Keyring>,
}

/// A HOME whose keyring `atti` runs with, unlocked.
struct Keyring(tempfile::TempDir);

impl Drop for Keyring {
    fn drop(&mut self) {
        stop_keyring_daemons(self.0.path());
    }
}

/// How the users of a real Comune log in: on its document server (Apache, one account per
/// user, password [`password_of`]), with the keyring of a HOME of their own.
struct Logins {
    home: tempfile::TempDir,
    server_url: String,
    ca: PathBuf,
    current: std::cell::RefCell<Option<String>>,
}

impl Drop for Logins {
    fn drop(&mut self) {
        stop_keyring_daemons(self.home.path());
    }
}

pub use atti_tests::{UNLOCK_KEYRING, stop_keyring_daemons};

/// The password of `user`'s server account in a real Comune's tests.
pub fn password_of(user: &str) -> String {
    format!("pw-{user}-segreta")
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Copies the files of `from` into `to`, folders included.
fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A run of `atti` started and not yet waited for.
pub struct Started(std::process::Child);

impl Started {
    /// Kills it at once (SIGKILL to its whole process group, as a PC switched off), then
    /// waits for it.
    pub fn kill(self) -> Run {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-9", "--", &group]).status();
        self.wait()
    }

    /// Waits for it to end.
    pub fn wait(self) -> Run {
        let out: Output = self.0.wait_with_output().expect("wait for atti");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl DataDir {
    pub fn new() -> DataDir {
        DataDir {
            dir: tempfile::tempdir().expect("tempdir"),
            logins: None,
            clock: std::cell::RefCell::new(None),
            keyring: None,
        }
    }

    /// A real Comune from its set-up file, on the document server of `fx` (its archive
    /// area), where each of its users has an account. In a real Comune `--as` is refused:
    /// this data dir's commands given `--as USER` run after `atti login` as USER with their
    /// password (as the clerk would), and every command runs with the keyring unlocked.
    pub fn real_comune(fx: &atti_sync::testkit::Fixture, setup: &Path) -> DataDir {
        let d = DataDir::real_pc(fx);
        d.ok(&["init", "--comune", setup.to_str().expect("utf-8")]);
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(setup).expect("setup")).expect("setup json");
        for user in json["users"].as_array().expect("users") {
            let name = user["username"].as_str().expect("username");
            fx.server.add_user(name, &password_of(name));
        }
        d
    }

    /// A new PC of a real Comune: an empty data dir whose users log in on the document server
    /// of `fx` (the first login creates its Comune from the set-up on the server).
    pub fn real_pc(fx: &atti_sync::testkit::Fixture) -> DataDir {
        DataDir::real_pc_via(fx, &fx.server.url())
    }

    /// [`DataDir::real_pc`] reaching the server at `url` (a fault proxy in front of it).
    pub fn real_pc_via(fx: &atti_sync::testkit::Fixture, url: &str) -> DataDir {
        let mut d = DataDir::new();
        d.logins = Some(Logins {
            home: tempfile::tempdir().expect("home"),
            server_url: format!("{url}archive"),
            ca: fx.pki.ca_pem.clone(),
            current: std::cell::RefCell::new(None),
        });
        d
    }

    /// Logs `user` in with their password (a real Comune's data dir), unless they are the
    /// user logged in already.
    pub fn login(&self, user: &str) {
        let logins = self.logins.as_ref().expect("a real Comune's data dir");
        if logins.current.borrow().as_deref() == Some(user) {
            return;
        }
        let ca = logins.ca.to_str().expect("utf-8");
        let mut args = vec!["login", "--user", user, "--password-stdin"];
        if logins.current.borrow().is_none() {
            args.extend(["--server", &logins.server_url, "--ca", ca]);
        }
        let r = self.run_full(None, &args, &format!("{}\n", password_of(user)), &[]);
        assert_eq!(r.code, 0, "login {user}: {}{}", r.stdout, r.stderr);
        *logins.current.borrow_mut() = Some(user.to_string());
    }

    pub fn demo() -> DataDir {
        let d = DataDir::new();
        d.ok(&["init", "--demo"]);
        d
    }

    /// The demo Comune created at `when` ("2031-03-02 09:00:00", the machine's time zone set
    /// to Europe/Rome), whose commands run on a clock starting there until [`DataDir::set_clock`]
    /// moves it.
    pub fn demo_at(when: &str) -> DataDir {
        let d = DataDir::new();
        d.set_clock(when);
        d.ok(&["init", "--demo"]);
        d
    }

    /// [`DataDir::demo_at`] on a PC whose commands run with a keyring of their own, unlocked.
    pub fn demo_at_with_keyring(when: &str) -> DataDir {
        let mut d = DataDir::new();
        d.keyring = Some(Keyring(tempfile::tempdir().expect("home")));
        d.set_clock(when);
        d.ok(&["init", "--demo"]);
        d
    }

    /// Runs the next commands on a clock starting at `when`, in Europe/Rome.
    pub fn set_clock(&self, when: &str) {
        assert!(
            self.logins.is_none(),
            "the clock moves for the demo Comune only"
        );
        *self.clock.borrow_mut() = Some(when.to_string());
    }

    /// Runs the next commands on the machine's clock again: for a step that talks to a test
    /// server whose certificates were made today (atti-sync's testkit), whatever day the
    /// test's own story is set on. What such a step records must not depend on the day.
    pub fn machine_clock(&self) {
        *self.clock.borrow_mut() = None;
    }

    /// A data dir where the demo tour (`atti demo`) has run: the tour runs once per test
    /// run, in the target's scratch folder, and each caller gets a copy of its archive.
    pub fn toured() -> DataDir {
        static TOUR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
        let tour = TOUR.get_or_init(|| {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join(format!("demo-tour-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).expect("tour dir");
            let out = Command::new(atti_tests::workspace_bin("atti"))
                .arg("--data-dir")
                .arg(&dir)
                .args(["demo", "--out"])
                .arg(dir.join("out"))
                .env_remove("ATTI_USER")
                .output()
                .expect("run atti demo");
            assert!(
                out.status.success(),
                "demo: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            dir
        });
        let d = DataDir::new();
        copy_dir(tour, d.path());
        d
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.path().join("atti.sqlite3")
    }

    /// Runs `atti` with these arguments, in `cwd` if given.
    pub fn run_in(&self, cwd: Option<&Path>, args: &[&str]) -> Run {
        self.run_with_stdin(cwd, args, "")
    }

    /// Runs `atti` with these arguments and `stdin` as its standard input.
    pub fn run_with_stdin(&self, cwd: Option<&Path>, args: &[&str], stdin: &str) -> Run {
        self.run_full(cwd, args, stdin, &[])
    }

    /// Runs `atti` with `stdin` and extra environment variables.
    pub fn run_env(&self, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Run {
        self.run_full(None, args, stdin, env)
    }

    fn run_full(
        &self,
        cwd: Option<&Path>,
        args: &[&str],
        stdin: &str,
        env: &[(&str, &str)],
    ) -> Run {
        self.spawn(cwd, args, stdin, env).wait()
    }

    /// Starts `atti ARGS` (logged in as `--as USER` first) without waiting for it: two PCs
    /// taking steps at the same moment.
    pub fn start(&self, args: &[&str]) -> Started {
        self.spawn(None, args, "", &[])
    }

    fn spawn(
        &self,
        cwd: Option<&Path>,
        args: &[&str],
        stdin: &str,
        env: &[(&str, &str)],
    ) -> Started {
        use std::io::Write;
        let mut args = args.to_vec();
        if let Some(at) = args.iter().position(|a| *a == "--as")
            && self.logins.is_some()
        {
            let user = args.get(at + 1).expect("--as USER").to_string();
            args.drain(at..at + 2);
            self.login(&user);
        }
        let home = (self.logins.as_ref().map(|l| l.home.path()))
            .or(self.keyring.as_ref().map(|k| k.0.path()));
        let mut cmd = match home {
            // The keyring unlocked, as on a clerk's PC after the login of their session.
            Some(home) => {
                // dbus-daemon's own complaints (fd limits) go nowhere; atti's stderr to fd 3,
                // which the keyring daemon (it may outlive the session) must not hold open.
                let script = format!(
                    "exec 3>&2; exec dbus-run-session -- sh -c '{UNLOCK_KEYRING} && exec \"$0\" \"$@\" 2>&3' \"$@\" 2>/dev/null"
                );
                let mut cmd = Command::new("sh");
                cmd.args(["-c", &script, "in-keyring"])
                    .arg(atti_tests::workspace_bin("atti"))
                    .env("HOME", home)
                    .env("XDG_DATA_HOME", home.join("data"))
                    .env("XDG_RUNTIME_DIR", home);
                cmd
            }
            None => Command::new(atti_tests::workspace_bin("atti")),
        };
        if let Some(when) = self.clock.borrow().as_deref() {
            // libfaketime preloaded, without the `faketime` wrapper (its named
            // semaphore collides between the tests running in parallel); "@": the
            // clock starts there and runs (timeouts and waits work as usual).
            cmd.env("LD_PRELOAD", libfaketime())
                .env("FAKETIME", format!("@{when}"))
                .env("TZ", "Europe/Rome");
        }
        cmd.env_remove("ATTI_USER").envs(env.iter().copied());
        cmd.arg("--data-dir").arg(self.path()).args(&args);
        if let Some(cwd) = cwd {
            cmd.current_dir(cwd);
        }
        // A group of its own: `Started::kill` ends atti with its keyring session around it.
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        cmd.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("run atti");
        if let Some(mut input) = child.stdin.take() {
            // atti may exit before reading its input (a refusal): a broken pipe is fine.
            let _ = input.write_all(stdin.as_bytes());
        }
        Started(child)
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(None, args)
    }

    /// Runs and requires success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 0, "atti {args:?} failed: {}{}", r.stdout, r.stderr);
        r.stdout
    }

    /// Runs and requires a user error (exit 1) with a message on stderr; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(
            r.code, 1,
            "atti {args:?} should fail with 1: {}{}",
            r.stdout, r.stderr
        );
        assert!(r.stderr.starts_with("errore: "), "message: {}", r.stderr);
        assert!(
            r.stdout.is_empty(),
            "nothing on stdout on error: {}",
            r.stdout
        );
        r.stderr
    }

    /// Runs a command that signs (`--pin-stdin` added, the demo PIN on stdin); returns stdout.
    pub fn ok_with_pin(&self, args: &[&str]) -> String {
        let mut all = args.to_vec();
        all.push("--pin-stdin");
        let r = self.run_with_stdin(None, &all, &format!("{}\n", atti_app::DEMO_PIN));
        assert_eq!(r.code, 0, "atti {all:?} failed: {}{}", r.stdout, r.stderr);
        r.stdout
    }

    /// Signs as `user` (adotta or firma) with the demo identity's PIN; returns the JSON status.
    pub fn sign(&self, id: i64, action: &str, user: &str) -> serde_json::Value {
        let id = id.to_string();
        let args = [
            "iter",
            id.as_str(),
            action,
            "--as",
            user,
            "--pin-stdin",
            "--json",
        ];
        let r = self.run_with_stdin(None, &args, &format!("{}\n", atti_app::DEMO_PIN));
        assert_eq!(r.code, 0, "atti {args:?} failed: {}{}", r.stdout, r.stderr);
        serde_json::from_str(&r.stdout).expect("valid JSON")
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).expect("valid JSON")
    }

    /// Everything the store holds that a failed command must not change.
    pub fn snapshot(&self) -> String {
        let conn = rusqlite::Connection::open(self.db()).expect("open db");
        let mut out = String::new();
        for table in ["act", "act_version", "blob", "user", "office", "setting"] {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
                .expect("prepare");
            let cols = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let mut line = String::new();
                    for i in 0..cols {
                        let v: rusqlite::types::Value = r.get(i)?;
                        line.push_str(&format!("{v:?}|"));
                    }
                    Ok(line)
                })
                .expect("query");
            for row in rows {
                out.push_str(&format!("{table}: {}\n", row.expect("row")));
            }
        }
        out
    }

    pub fn new_act(&self, kind: &str, subject: &str, user: &str) -> i64 {
        self.ok(&[
            "act",
            "new",
            "--kind",
            kind,
            "--subject",
            subject,
            "--as",
            user,
        ])
        .trim()
        .parse()
        .expect("act id")
    }

    /// Edits an act through its JSON form: the fields of `patch` replace those shown.
    pub fn fill(&self, id: i64, user: &str, patch: serde_json::Value) {
        let mut act = self.json(&["act", "show", &id.to_string()]);
        for (k, v) in patch.as_object().expect("object") {
            act[k] = v.clone();
        }
        let file = self.path().join(format!("act-{id}.json"));
        std::fs::write(&file, act.to_string()).unwrap_or_default();
        self.ok(&[
            "act",
            "edit",
            &id.to_string(),
            "--file",
            file.to_str().unwrap_or_default(),
            "--as",
            user,
        ]);
    }
}

/// Runs `script` (sh) inside a private D-Bus session with an unlocked gnome-keyring, HOME in
/// `home`; `$ATTI` is the atti binary. Returns (exit code, stdout + stderr).
pub fn in_keyring_session(home: &Path, script: &str, env: &[(&str, &str)]) -> (i32, String) {
    for tool in ["dbus-run-session", "gnome-keyring-daemon"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .expect("sh");
        assert!(
            found.status.success(),
            "{tool} is missing: scripts/deps.sh installs it"
        );
    }
    let full = format!("set -e\n{UNLOCK_KEYRING}\n{script}");
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", &full])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_RUNTIME_DIR", home)
        .env("ATTI", atti_tests::workspace_bin("atti"))
        .envs(env.iter().copied())
        .output()
        .expect("dbus-run-session");
    stop_keyring_daemons(home);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// An NSS database in `db` (created) trusting `ca_pem` for TLS and signatures; its
/// `sql:` argument (pdfsig's -nssdir). In `$HOME/.pki/nssdb` it is Chromium's trust store.
pub fn nss_trusting(db: &Path, ca_pem: &Path) -> String {
    use atti_sign::testkit::run_ok;
    std::fs::create_dir_all(db).expect("nss dir");
    let arg = format!("sql:{}", db.display());
    run_ok(Command::new("certutil").args(["-N", "-d", &arg, "--empty-password"]));
    run_ok(
        Command::new("certutil")
            .args(["-A", "-d", &arg, "-n", "ca", "-t", "CT,C,C", "-i"])
            .arg(ca_pem),
    );
    arg
}

pub use atti_sign::testkit::libfaketime;

/// Runs an independent tool (openssl, node, ...) that must succeed; returns its stdout.
pub fn run_tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} (scripts/deps.sh installs it): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A spreadsheet's rows as LibreOffice Calc shows them, each cell as displayed: Calc itself,
/// headless, saves it as CSV, which Python's csv module reads back.
pub fn calc_rows(ods: &Path) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let out = dir.path().to_str().expect("utf-8");
    run_tool(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            // `;`, `"`, UTF-8, the cells as shown.
            "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true",
            "--outdir",
            out,
            ods.to_str().expect("utf-8"),
        ],
    );
    let stem = ods.file_stem().and_then(|s| s.to_str()).expect("name");
    let script = "import csv, json, sys\n\
                  with open(sys.argv[1], encoding='utf-8', newline='') as f:\n    \
                  print(json.dumps(list(csv.reader(f, delimiter=';'))))";
    let csv = dir.path().join(format!("{stem}.csv"));
    serde_json::from_str(&run_tool(
        "python3",
        &["-c", script, csv.to_str().expect("utf-8")],
    ))
    .expect("rows")
}

/// Each cell of a spreadsheet as the file states it: its type and value (`date 2026-03-12`,
/// `float 1`, `string …`), read from its content.xml by Python's standard library.
pub fn ods_cells(ods: &Path) -> Vec<Vec<String>> {
    let script = "import json, sys, zipfile, xml.etree.ElementTree as ET\n\
        T = '{urn:oasis:names:tc:opendocument:xmlns:table:1.0}'\n\
        O = '{urn:oasis:names:tc:opendocument:xmlns:office:1.0}'\n\
        X = '{urn:oasis:names:tc:opendocument:xmlns:text:1.0}'\n\
        root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('content.xml'))\n\
        def cell(c):\n    \
            t = c.get(O + 'value-type') or ''\n    \
            v = c.get(O + 'date-value') or c.get(O + 'value') or ''.join(p.text or '' for p in c.iter(X + 'p'))\n    \
            return (t + ' ' + v).strip()\n\
        print(json.dumps([[cell(c) for c in r.iter(T + 'table-cell')] for r in root.iter(T + 'table-row')]))";
    serde_json::from_str(&run_tool(
        "python3",
        &["-c", script, ods.to_str().expect("utf-8")],
    ))
    .expect("cells")
}
