//! What the window's web view needs that WebKitGTK leaves off until asked: the spell checker,
//! in Italian (the sections' editor asks for it with `spellcheck` and `lang="it"`; Enchant
//! with the hunspell-it dictionary, which scripts/deps.sh installs), and the camera, for
//! «Verifica copia» (the picture only, never the microphone; granted to this app's own page,
//! the only one the window loads). WebView2 (Windows) and WKWebView (macOS) check spelling by
//! the languages of the OS and ask the user for the camera themselves.

/// Turns on the Italian spell checker and the camera of the window's web view.
#[cfg(target_os = "linux")]
pub fn configure(window: &tauri::WebviewWindow) {
    let asked = window.with_webview(|webview| {
        use webkit2gtk::glib::prelude::Cast;
        use webkit2gtk::{
            PermissionRequestExt, SettingsExt, UserMediaPermissionRequest,
            UserMediaPermissionRequestExt, WebContextExt, WebViewExt,
        };
        let view = webview.inner();
        if let Some(context) = view.context() {
            context.set_spell_checking_enabled(true);
            context.set_spell_checking_languages(&["it_IT"]);
        }
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_media_stream(true);
        }
        view.connect_permission_request(|_, request| {
            let Some(media) = request.downcast_ref::<UserMediaPermissionRequest>() else {
                return false;
            };
            if media.is_for_video_device() && !media.is_for_audio_device() {
                request.allow();
            } else {
                request.deny();
            }
            true
        });
    });
    if let Err(e) = asked {
        eprintln!("Controllo ortografico e fotocamera non disponibili: {e}");
    }
}

/// Elsewhere the web view does both by itself.
#[cfg(not(target_os = "linux"))]
pub fn configure(_window: &tauri::WebviewWindow) {}
