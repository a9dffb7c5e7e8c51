//! The backend of the UI tests: the app's own invoke handler (every command of the contract,
//! the capabilities of tauri.conf.json) on Tauri's mock runtime, over a real data dir. The UI
//! tests (ui/tests/bridge.ts) start it and send it what the window would send: no rule of Atti
//! is written again in TypeScript.
//!
//! One JSON request per line on stdin, one answer per line on stdout:
//!   {"cmd": "act_get", "args": {"id": 1}}   →  {"ok": …} or {"err": …} (the command's error)
//! and the tests' own requests, which the window cannot send:
//!   {"cmd": "@open", "args": {"dir": "…", "user": "istruttore", "now": "2026-11-26T09:42:00Z"}}
//!       opens the data dir (creating the demo Comune if empty, or with "comune": a setup
//!       file, that Comune) as `user` (null: as nobody, before a login), on a clock set to
//!       `now` that moves one minute before each command;
//!   {"cmd": "@clock", "args": {"now": "…"}}   sets the clock;
//!   {"cmd": "@now"}                          says the clock's time;
//!   {"cmd": "@user", "args": {"username": "…"}}   works as that user from now on, in any
//!       Comune, without a password (the tests' own door: the window logs in, or in the demo
//!       switches); answers the session;
//!   {"cmd": "@contrassegno", "args": claims}  a contrassegno (and its QR link) sealed with the
//!       demo seal key, whose secret is public: what anyone can forge for a demo Comune;
//!   {"cmd": "@qr", "args": {"token": "…", "url": "…"}}   the link a copy's QR code holds;
//!   {"cmd": "@identity", "args": {…}}   a signing identity from a new test CA (see [`identity`]);
//!   {"cmd": "@server", "args": {"user": "…", "password": "…"}}   a document server of its own
//!       (Apache httpd + mod_dav over TLS, test CA): its archive's URL and the CA's PEM file;
//!   {"cmd": "@server-state", "args": {"state": "stop" | "start" | "500" | "ok"}}   stops it,
//!       starts it again, makes it answer 500 to everything, or well again;
//!   {"cmd": "@server-file", "args": {"path": "…", "content": "…"}}   puts a file on it, as
//!       another PC would have (a path under the archive);
//!   {"cmd": "@server-act", "args": {"comune": "…", "user": "…", "password": "…", "oggetto": "…"}}
//!       another PC of the Comune (the setup file `comune`, a data dir of its own): `user`
//!       gets an account on the server, logs in there, drafts a determinazione and sends it
//!       through the shared iter; answers its proposal number;
//!   {"cmd": "@picked", "args": {"paths": ["…"]}}   the files the user picked in an OS dialog
//!       (the tests answer the window's dialogs): put in Tauri's fs scope, as the dialog
//!       plugin does, so that the commands accept them.
//! The window's events (the sync's progress) are written as lines too, before the answer of
//! the command that emitted them: {"event": "sync-progress", "payload": …}.

use atti_app::{Atti, Clock};
use atti_desktop_lib::AppState;
use serde_json::{Value, json};
use std::io::{BufRead, Write};
use std::sync::{Arc, Mutex};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{Listener, Manager};

/// The tests' clock: set by them, one minute later at each command.
#[derive(Clone)]
struct TestClock(Arc<Mutex<jiff::Timestamp>>);

impl Clock for TestClock {
    fn now(&self) -> jiff::Timestamp {
        self.0
            .lock()
            .map(|t| *t)
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }
}

impl TestClock {
    fn set(&self, now: jiff::Timestamp) {
        if let Ok(mut t) = self.0.lock() {
            *t = now;
        }
    }

    fn tick(&self) {
        if let Ok(mut t) = self.0.lock() {
            *t = t
                .saturating_add(jiff::SignedDuration::from_mins(1))
                .unwrap_or(*t);
        }
    }
}

fn main() {
    let clock = TestClock(Arc::new(Mutex::new(jiff::Timestamp::UNIX_EPOCH)));
    let app = match atti_desktop_lib::builder(mock_builder(), AppState::closed())
        .build(atti_desktop_lib::context::<MockRuntime>())
    {
        Ok(app) => app,
        Err(e) => fail(&format!("app: {e}")),
    };
    let webview = match tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build() {
        Ok(w) => w,
        Err(e) => fail(&format!("window: {e}")),
    };
    app.listen_any("sync-progress", |event| {
        let payload = serde_json::from_str::<Value>(event.payload()).unwrap_or(Value::Null);
        write_line(&json!({ "event": "sync-progress", "payload": payload }));
    });
    let mut server: Option<TestServer> = None;
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let answer = match serde_json::from_str::<Value>(&line) {
            Ok(request) => {
                let cmd = request["cmd"].as_str().unwrap_or_default().to_string();
                let args = request.get("args").cloned().unwrap_or(Value::Null);
                if cmd == "@open" {
                    server = None; // a new test: no server of the previous one
                }
                if cmd == "@picked" {
                    pick(&app, &args)
                } else if cmd.starts_with("@server") {
                    server_control(&cmd, &args, &mut server, &clock)
                } else if cmd.starts_with('@') {
                    control(&cmd, &args, &clock, app.state::<AppState>().inner())
                } else {
                    clock.tick();
                    invoke(&webview, cmd, args)
                }
            }
            Err(e) => json!({ "err": format!("richiesta illeggibile: {e}") }),
        };
        if !write_line(&answer) {
            break;
        }
    }
}

/// `@picked`: what the dialog plugin does with the files a user picks.
fn pick<R: tauri::Runtime>(app: &tauri::App<R>, args: &Value) -> Value {
    use tauri_plugin_fs::FsExt;
    let paths = args["paths"].as_array().cloned().unwrap_or_default();
    for path in paths.iter().filter_map(Value::as_str) {
        if let Err(e) = app.fs_scope().allow_file(path) {
            return json!({ "err": format!("{path}: {e}") });
        }
    }
    json!({ "ok": null })
}

/// Writes one line on stdout (events come from other threads); false when stdout is gone.
fn write_line(value: &Value) -> bool {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{value}").and_then(|()| out.flush()).is_ok()
}

/// The tests' document server, with its PKI.
struct TestServer {
    dav: atti_sync::testkit::DavServer,
    /// How another PC reaches it.
    config: atti_sync::ServerConfig,
    password: String,
    /// The CA's PEM file, as a PC's login names it.
    ca_path: String,
    /// Removed when the server goes (after it: the server is dropped first).
    _pki_dir: tempfile::TempDir,
}

/// `@server`, `@server-state`, `@server-file`.
fn server_control(
    cmd: &str,
    args: &Value,
    server: &mut Option<TestServer>,
    clock: &TestClock,
) -> Value {
    use atti_sync::testkit::{DavServer, Fault};
    let text = |key: &str| args[key].as_str().unwrap_or_default().to_string();
    // The kit panics on a failing tool, with its output: an error here, the bridge goes on.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match cmd {
        "@server" => {
            *server = None; // the previous one stops
            let pki_dir = tempfile::tempdir().map_err(|e| e.to_string())?;
            let pki = atti_sync::testkit::Pki::create(pki_dir.path());
            let dav = DavServer::start(&pki, &text("user"), &text("password"));
            let url = format!("{}archive/", dav.url());
            let ca_path = pki.ca_pem.to_string_lossy().into_owned();
            let answer = json!({ "url": url, "ca_path": ca_path });
            let config = atti_sync::ServerConfig {
                base_url: url,
                user: text("user"),
                ca_pem: Some(pki.ca_bytes()),
            };
            *server = Some(TestServer {
                dav,
                config,
                password: text("password"),
                ca_path,
                _pki_dir: pki_dir,
            });
            Ok(answer)
        }
        "@server-state" => {
            let s = server.as_mut().ok_or("nessun server avviato")?;
            match text("state").as_str() {
                "stop" => s.dav.stop(),
                "start" => s.dav.restart(),
                "500" => s.dav.fault(Fault::Internal500, true),
                "ok" => s.dav.fault(Fault::Internal500, false),
                other => return Err(format!("stato sconosciuto: {other}")),
            }
            Ok(Value::Null)
        }
        "@server-file" => {
            // Through WebDAV, as another PC of the Comune would put it.
            let s = server.as_ref().ok_or("nessun server avviato")?;
            let password = atti_core::Sensitive::new(s.password.clone());
            let client = atti_sync::Client::new(&s.config, password).map_err(|e| e.to_string())?;
            let (path, content) = (text("path"), text("content").into_bytes());
            tauri::async_runtime::block_on(async move {
                client
                    .upload(&path, content, atti_sync::Check::Length)
                    .await
            })
            .map_err(|e| e.to_string())?;
            Ok(Value::Null)
        }
        "@server-act" => {
            let s = server.as_ref().ok_or("nessun server avviato")?;
            s.dav.add_user(&text("user"), &text("password"));
            other_pc_sends(s, args, clock).map_err(|e| e.message)
        }
        _ => Err(format!("richiesta sconosciuta: {cmd}")),
    }));
    match result.unwrap_or_else(|_| Err("server di prova: avvio non riuscito (vedi stderr)".into()))
    {
        Ok(value) => json!({ "ok": value }),
        Err(e) => json!({ "err": e }),
    }
}

/// `@server-act`: another PC of the Comune drafts a determinazione and sends it.
fn other_pc_sends(
    server: &TestServer,
    args: &Value,
    clock: &TestClock,
) -> Result<Value, atti_app::AppError> {
    let text = |key: &str| args[key].as_str().unwrap_or_default().to_string();
    let dir = tempfile::tempdir()
        .map_err(|e| atti_app::AppError::new(atti_app::ErrorCode::Storage, e.to_string()))?;
    let mut pc = Atti::open_with_clock(dir.path(), Box::new(clock.clone()))?;
    pc.init_comune_file(std::path::Path::new(&text("comune")))?;
    pc.session_login(atti_app::LoginRequest {
        server_url: Some(&server.config.base_url),
        ca_path: Some(std::path::Path::new(&server.ca_path)),
        username: &text("user"),
        password: &atti_core::Sensitive::new(text("password")),
    })?;
    let mut act = pc.act_create(atti_core::ActKind::Determinazione, &text("oggetto"), None)?;
    act.dispositivo = vec![atti_core::DispositivoPoint {
        text: "di provvedere".into(),
    }];
    pc.act_save(&act)?;
    let id = act.id.unwrap_or(atti_core::ActId(0));
    pc.iter_take(
        id,
        atti_core::iter::Action::Invia,
        &atti_app::dto::ActionRequest::default(),
    )?;
    Ok(json!(pc.act_get(id)?.proposal))
}

/// Sends one command through the app's invoke handler, as the window does.
fn invoke(webview: &tauri::WebviewWindow<MockRuntime>, cmd: String, args: Value) -> Value {
    let args = if args.is_null() { json!({}) } else { args };
    let request = InvokeRequest {
        cmd,
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("a constant URL"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    match get_ipc_response(webview, request) {
        Ok(body) => match body.deserialize::<Value>() {
            Ok(value) => json!({ "ok": value }),
            Err(e) => json!({ "err": format!("risposta illeggibile: {e}") }),
        },
        Err(error) => json!({ "err": error }),
    }
}

/// The tests' own requests.
fn control(cmd: &str, args: &Value, clock: &TestClock, state: &AppState) -> Value {
    let now = |args: &Value| -> Result<jiff::Timestamp, String> {
        args["now"]
            .as_str()
            .unwrap_or_default()
            .parse()
            .map_err(|e| format!("now: {e}"))
    };
    let result = match cmd {
        "@open" => now(args).and_then(|t| {
            clock.set(t);
            let dir = std::path::PathBuf::from(args["dir"].as_str().unwrap_or_default());
            let mut atti =
                Atti::open_with_clock(&dir, Box::new(clock.clone())).map_err(|e| e.message)?;
            if let Some(setup) = args["comune"].as_str() {
                atti.init_comune_file(std::path::Path::new(setup))
                    .map_err(|e| e.message)?;
            }
            atti.ensure_initialised().map_err(|e| e.message)?;
            // A Comune of a setup file with no user: nobody is logged in yet.
            if let Some(user) = args["user"].as_str() {
                atti.assume_user(user).map_err(|e| e.message)?;
            }
            state.replace(atti);
            Ok(Value::Null)
        }),
        "@clock" => now(args).map(|t| {
            clock.set(t);
            Value::Null
        }),
        "@now" => Ok(json!(clock.now().to_string())),
        "@user" => state
            .with_anyone(|atti| {
                atti.assume_user(args["username"].as_str().unwrap_or_default())?;
                atti.session_info()
            })
            .map_err(|e| e.message)
            .and_then(|info| serde_json::to_value(info).map_err(|e| e.to_string())),
        "@contrassegno" => serde_json::from_value::<atti_docs::TokenClaims>(args.clone())
            .map_err(|e| format!("claims: {e}"))
            .and_then(|claims| {
                let token = atti_docs::issue_token(&claims, &atti_docs::SealKey::demo())
                    .map_err(|e| e.to_string())?;
                let qr = atti_docs::qr_payload(&token, &claims.url);
                Ok(json!({ "token": token, "qr": qr }))
            }),
        "@qr" => Ok(json!(atti_docs::qr_payload(
            args["token"].as_str().unwrap_or_default(),
            args["url"].as_str().unwrap_or_default()
        ))),
        "@identity" => identity(args),
        _ => Err(format!("richiesta sconosciuta: {cmd}")),
    };
    match result {
        Ok(value) => json!({ "ok": value }),
        Err(e) => json!({ "err": e }),
    }
}

/// A signing identity of a person (`given_name`, `surname`, `codice_fiscale`, valid from
/// `not_before` to `not_after`) with a certificate of a new test CA: in a PKCS#12 file (`p12`:
/// its path, `password`), or on a new SoftHSM2 token of the bridge's `SOFTHSM2_CONF` (`token`:
/// its label, user PIN 123456; `key_id`: the key's id in hex). Answers `{ca_path}`: the test
/// CA's certificate (PEM), for the Comune to trust or not.
fn identity(args: &Value) -> Result<Value, String> {
    use atti_sign::demo::{DemoCa, KeyKind, UserCertSpec};
    let text = |key: &str| args[key].as_str().unwrap_or_default().to_string();
    let time = |key: &str| -> Result<jiff::Timestamp, String> {
        text(key).parse().map_err(|e| format!("{key}: {e}"))
    };
    let not_before = time("not_before")?;
    let mut spec = UserCertSpec::new(
        &text("given_name"),
        &text("surname"),
        &text("codice_fiscale"),
        not_before,
    );
    spec.not_before = not_before;
    spec.not_after = time("not_after")?;
    let ca = DemoCa::generate_with("Esempio", spec.not_before, KeyKind::EcP256)
        .map_err(|e| e.to_string())?;
    // In the bridge's own HOME (the test's folder), gone with it.
    let home = std::env::var_os("HOME").map_or_else(std::env::temp_dir, std::path::PathBuf::from);
    let ca_path = home.join(format!("ca-di-prova-{}.pem", spec.codice_fiscale));
    std::fs::write(&ca_path, ca.certificate_pem()).map_err(|e| e.to_string())?;
    let answer = json!({ "ca_path": ca_path });
    if let Some(path) = args["p12"].as_str() {
        let password = atti_core::Sensitive::new(text("password"));
        let p12 = ca
            .pkcs12_for(&spec, KeyKind::EcP256, &password)
            .map_err(|e| e.to_string())?;
        std::fs::write(path, p12).map_err(|e| format!("{path}: {e}"))?;
        return Ok(answer);
    }
    let conf = std::env::var_os("SOFTHSM2_CONF").ok_or("SOFTHSM2_CONF non impostata")?;
    let conf = std::path::PathBuf::from(conf);
    let hsm = atti_sign::testkit::SoftHsm {
        dir: conf.parent().map(|d| d.to_path_buf()).unwrap_or_default(),
        conf,
    };
    let (label, key_id) = (text("token"), text("key_id"));
    // The kit panics on a failing tool, with its output: an error here, the bridge goes on.
    std::panic::catch_unwind(|| {
        hsm.init_token(&label);
        let public = hsm.keypair(&label, "EC:prime256v1", &key_id);
        let cert = ca
            .issue_certificate(&spec, &public)
            .map_err(|e| e.to_string())?;
        hsm.write_cert(&label, &key_id, &cert);
        Ok(answer)
    })
    .unwrap_or_else(|_| Err("SoftHSM2: token non creato (vedi stderr)".into()))
}

fn fail(what: &str) -> ! {
    eprintln!("atti-ipc-bridge: {what}");
    std::process::exit(1)
}
