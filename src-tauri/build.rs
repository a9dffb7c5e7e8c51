//! The command list comes from the commands themselves (contract.rs reads the
//! `#[tauri::command]` functions of src/commands): Tauri generates one `allow-<command>`
//! permission per command, which capabilities/default.json grants (no blanket access), and
//! the invoke handler is written to $OUT_DIR/handlers.rs for lib.rs to include.

#[path = "contract.rs"]
#[allow(dead_code)] // the types and docs are for the contract test
mod contract;

fn main() {
    println!("cargo:rerun-if-changed=src/commands");
    println!("cargo:rerun-if-changed=contract.rs");
    // generate_context! embeds ui/dist when this crate compiles: a new UI build recompiles it.
    println!("cargo:rerun-if-changed=../ui/dist");
    let commands = contract::read(std::path::Path::new("src/commands"))
        .unwrap_or_else(|e| panic!("comandi Tauri illeggibili: {e}"));
    let handlers: Vec<String> = commands
        .iter()
        .map(|c| format!("commands::{}::{}", c.module, c.name))
        .collect();
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(
        std::path::Path::new(&out).join("handlers.rs"),
        format!("tauri::generate_handler![{}]", handlers.join(", ")),
    )
    .expect("handlers.rs");
    // Tauri wants 'static names: the build script lives only for this build.
    let names: Vec<&'static str> = commands
        .into_iter()
        .map(|c| &*Box::leak(c.name.into_boxed_str()))
        .collect();
    let manifest = tauri_build::AppManifest::new().commands(Box::leak(names.into_boxed_slice()));
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build script failed");
}
