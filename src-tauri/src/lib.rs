//! The Atti desktop app: a Tauri 2 window hosting the web UI (ui/), whose commands are thin
//! adapters over atti-app. No SQL, no domain rules here: if the UI needs something, it goes
//! into atti-app first.

mod commands;
mod webview_settings;

use atti_app::{AppError, Atti, ErrorCode, IdentityInput};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use tauri_plugin_fs::FsExt;

/// The data dir as the commands find it.
enum Opening {
    /// Being opened (first start: migrations, the demo Comune) while the window starts.
    Pending,
    Open(Box<Atti>),
    /// It could not be opened: the window shows why, and «Riprova» tries again.
    Failed(AppError),
    /// None to open (the UI tests' bridge, until a test opens one).
    #[cfg(feature = "ipc-bridge")]
    Closed,
}

impl Opening {
    /// Opens the data dir once. A panic while opening becomes a failure shown in the window,
    /// so that the commands never wait for ever.
    fn attempt() -> Opening {
        match std::panic::catch_unwind(open_data_dir) {
            Ok(Ok(atti)) => Opening::Open(Box::new(atti)),
            Ok(Err(e)) => Opening::Failed(e),
            Err(_) => Opening::Failed(AppError::new(
                ErrorCode::Internal,
                "errore interno all'apertura dell'archivio: riavviare Atti",
            )),
        }
    }
}

/// The one open data dir, shared by the commands. It is opened on a thread of its own while
/// the window starts, so the window paints sooner and an error is shown in it, not lost on a
/// terminal the clerk never sees.
pub struct AppState(Arc<(Mutex<Opening>, Condvar)>);

impl AppState {
    /// Starts opening the data dir.
    fn open_in_background() -> AppState {
        let shared = Arc::new((Mutex::new(Opening::Pending), Condvar::new()));
        let opener = Arc::clone(&shared);
        std::thread::spawn(move || {
            let opened = Opening::attempt();
            let (lock, ready) = &*opener;
            if let Ok(mut state) = lock.lock() {
                *state = opened;
            }
            ready.notify_all();
        });
        AppState(shared)
    }

    /// A state over a data dir opened by the caller (the UI tests' bridge, on its own clock).
    pub fn opened(atti: Atti) -> AppState {
        AppState(Arc::new((
            Mutex::new(Opening::Open(Box::new(atti))),
            Condvar::new(),
        )))
    }

    /// A state with no data dir yet (commands answer so) until [`AppState::replace`].
    #[cfg(feature = "ipc-bridge")]
    pub fn closed() -> AppState {
        AppState(Arc::new((Mutex::new(Opening::Closed), Condvar::new())))
    }

    /// Puts another open data dir in place of this one (the UI tests' bridge, between tests).
    #[cfg(feature = "ipc-bridge")]
    pub fn replace(&self, atti: Atti) {
        let (lock, ready) = &*self.0;
        if let Ok(mut state) = lock.lock() {
            *state = Opening::Open(Box::new(atti));
        }
        ready.notify_all();
    }

    /// Runs `f` on the open data dir for the user logged in: before a login (a real Comune)
    /// every command but the login's is refused.
    pub fn with<T>(&self, f: impl FnOnce(&mut Atti) -> Result<T, AppError>) -> Result<T, AppError> {
        self.with_anyone(|atti| {
            atti.check_session()?;
            f(atti)
        })
    }

    /// Runs `f` on the open data dir, waiting for it to be open (or opening it again if the
    /// last attempt failed), whether or not anyone is logged in: only for the login.
    pub fn with_anyone<T>(
        &self,
        f: impl FnOnce(&mut Atti) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let poisoned = |_| {
            AppError::new(
                ErrorCode::Internal,
                "stato dell'applicazione non valido: riavviare Atti",
            )
        };
        let (lock, ready) = &*self.0;
        let mut state = lock.lock().map_err(poisoned)?;
        while matches!(*state, Opening::Pending) {
            state = ready.wait(state).map_err(poisoned)?;
        }
        if matches!(*state, Opening::Failed(_)) {
            *state = Opening::attempt();
        }
        match &mut *state {
            // A panic inside a command is caught here, holding the lock, so the lock is never
            // poisoned and the next command works; SQLite rolled back what was half done.
            Opening::Open(atti) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(atti)))
                .unwrap_or_else(|_| {
                    Err(AppError::new(
                        ErrorCode::Internal,
                        "errore interno durante l'operazione: non è stato salvato nulla a metà; riprovare, e se si ripete avvisare l'assistenza",
                    ))
                }),
            Opening::Failed(e) => Err(e.clone()),
            Opening::Pending => Err(AppError::new(
                ErrorCode::Internal,
                "archivio non ancora aperto",
            )),
            #[cfg(feature = "ipc-bridge")]
            Opening::Closed => Err(AppError::new(
                ErrorCode::NotInitialised,
                "nessun archivio aperto",
            )),
        }
    }
}

/// Opens the data dir (`ATTI_DATA_DIR`, else the platform's), creating the demo Comune on
/// first start.
fn open_data_dir() -> Result<Atti, AppError> {
    let dir = match std::env::var_os("ATTI_DATA_DIR") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => atti_app::default_data_dir().ok_or_else(|| {
            AppError::new(
                ErrorCode::Storage,
                "cartella dei dati non determinabile (ATTI_DATA_DIR)",
            )
        })?,
    };
    let mut atti = Atti::open(&dir)?;
    atti.ensure_initialised()?;
    Ok(atti)
}

/// The files the user picked in an OS dialog in this session: the only paths a command reads
/// or writes, so that the webview can never name an arbitrary file. The dialog plugin puts each
/// picked file in Tauri's fs scope (the webview itself has no fs permission); this set follows
/// that scope's events.
#[derive(Clone, Default)]
pub struct Picked(Arc<Mutex<HashSet<PathBuf>>>);

impl Picked {
    fn allow(&self, path: &Path) {
        if let Ok(mut set) = self.0.lock() {
            set.insert(path.to_path_buf());
        }
    }

    /// Refuses a path the user did not pick in a dialog.
    pub fn check(&self, path: &Path) -> Result<(), AppError> {
        let picked = self.0.lock().map(|set| set.contains(path)).unwrap_or(false);
        if picked {
            return Ok(());
        }
        Err(AppError::new(
            ErrorCode::Forbidden,
            format!(
                "{} non è stato scelto nella finestra di dialogo: Atti legge e scrive solo i file che l'utente sceglie",
                path.display()
            ),
        ))
    }

    /// [`Picked::check`] for an optional path (an empty one names no file: a setting cleared).
    pub fn check_some(&self, path: Option<&Path>) -> Result<(), AppError> {
        match path {
            Some(p) if !p.as_os_str().is_empty() => self.check(p),
            _ => Ok(()),
        }
    }

    /// [`Picked::check`] for the file of a signing identity (a PKCS#11 module is checked
    /// against the Comune's allow-list instead).
    pub fn check_identity(&self, input: &IdentityInput) -> Result<(), AppError> {
        match input {
            IdentityInput::Pkcs12 { path } => self.check(path),
            IdentityInput::Pkcs11 { .. } => Ok(()),
        }
    }
}

/// The app on any Tauri runtime: its plugins, its state and every #[tauri::command] of
/// src/commands (listed by build.rs from contract.rs). The window runs it on Wry; the UI tests'
/// bridge (src/bin/ipc_bridge.rs) on Tauri's mock runtime.
pub fn builder<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    state: AppState,
) -> tauri::Builder<R> {
    let picked = Picked::default();
    let follower = picked.clone();
    // A plugin's setup runs when the app is built (the app's own setup hook only once its
    // event loop starts, which the UI tests' bridge never does): after the fs plugin's, which
    // makes the scope.
    let follow_the_scope = tauri::plugin::Builder::<R>::new("atti-picked")
        .setup(move |app, _api| {
            app.fs_scope().listen(move |event| {
                if let tauri::scope::fs::Event::PathAllowed(path) = event {
                    follower.allow(path);
                }
            });
            Ok(())
        })
        .build();
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_fs::init())
        .plugin(follow_the_scope)
        .manage(state)
        .manage(picked)
        .invoke_handler(include!(concat!(env!("OUT_DIR"), "/handlers.rs")))
}

/// tauri.conf.json, the capabilities and the embedded ui/dist, for any runtime.
pub fn context<R: tauri::Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Starts the app.
pub fn run() {
    let result = builder(tauri::Builder::default(), AppState::open_in_background())
        .setup(|app| {
            use tauri::Manager;
            if let Some(window) = app.get_webview_window("main") {
                webview_settings::configure(&window);
            }
            Ok(())
        })
        .run(context());
    if let Err(e) = result {
        eprintln!("Atti si è chiuso per un errore: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The webview names a file: refused unless the user picked it in a dialog (which puts it
    /// in Tauri's fs scope), through the app's real invoke handler.
    #[cfg(feature = "ipc-bridge")]
    #[test]
    fn commands_touch_only_the_files_the_user_picked() {
        use tauri::test::{INVOKE_KEY, get_ipc_response, mock_builder};
        use tauri::webview::InvokeRequest;
        let dir = tempfile::tempdir().expect("tempdir");
        let mut atti = Atti::open(&dir.path().join("data")).expect("open");
        atti.ensure_initialised().expect("demo");
        let app = builder(mock_builder(), AppState::opened(atti))
            .build(context::<tauri::test::MockRuntime>())
            .expect("app");
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("window");
        let target = dir.path().join("registro.html");
        let save = |path: &Path| {
            get_ipc_response(
                &webview,
                InvokeRequest {
                    cmd: "verification_page_save".into(),
                    callback: tauri::ipc::CallbackFn(0),
                    error: tauri::ipc::CallbackFn(1),
                    url: "tauri://localhost".parse().expect("url"),
                    body: tauri::ipc::InvokeBody::Json(serde_json::json!({ "path": path })),
                    headers: Default::default(),
                    invoke_key: INVOKE_KEY.to_string(),
                },
            )
        };
        let refused = save(&target).expect_err("not picked");
        assert!(
            refused
                .to_string()
                .contains("non è stato scelto nella finestra di dialogo"),
            "{refused}"
        );
        assert!(!target.exists());
        // What the dialog plugin does when the user picks the file.
        app.fs_scope().allow_file(&target).expect("scope");
        save(&target).expect("picked");
        assert!(target.exists());
        // Another file in the same folder is still refused.
        assert!(save(&dir.path().join("altro.html")).is_err());
    }

    #[test]
    fn a_panic_in_a_command_leaves_the_next_command_working() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut atti = Atti::open(dir.path()).expect("open");
        atti.ensure_initialised().expect("demo");
        let state = AppState::opened(atti);
        let failed: Result<(), AppError> = state.with(|_| panic!("a bug in a command"));
        assert_eq!(failed.err().map(|e| e.code), Some(ErrorCode::Internal));
        let info = state
            .with(|atti| atti.session_info())
            .expect("the next command");
        assert_eq!(info.comune, "Comune di Esempio");
    }
}
