//! A bare Tauri 2 window showing one static page (page/index.html): what the webview costs
//! before any app does anything, the floor against which `make bench` measures the start-up
//! and the memory of atti-desktop (scripts/bench-startup.sh, `--floor`).

// Prevents an additional console window on Windows in release.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("atti-bare-window: {e}");
        std::process::exit(1);
    }
}
