fn main() {
    // Declaring the app's commands makes Tauri generate one `allow-<command>` permission per
    // command; capabilities/default.json grants exactly those (no blanket access).
    let manifest = tauri_build::AppManifest::new().commands(&[
        "session_info",
        "session_switch_user",
        "act_list",
        "act_create",
        "act_get",
        "act_save",
        "act_versions",
        "act_version",
        "attachment_add",
        "attachment_remove",
        "iter_status",
        "iter_take",
        "parere_give",
        "act_history",
        "act_diff",
        "registro",
        "inbox",
        "act_correct",
        "document_pdf",
        "document_save",
        "copia_issue",
        "copie",
        "verify_qr",
        "omissis_proposals",
        "act_sign",
        "identity_mine",
        "identity_add",
        "signature_verify",
        "visto_sign",
        "server_settings",
        "server_set",
        "server_test",
        "sync_run",
        "outbox",
        "sync_states",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build script failed");
}
