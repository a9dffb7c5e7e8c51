//! Spell check in Italian in the window's text (the sections' editor asks for it with
//! `spellcheck` and `lang="it"`). The checker is the system's: on Linux WebKitGTK's Enchant with
//! the hunspell-it dictionary (scripts/deps.sh installs it), which WebKitGTK leaves off until
//! asked; WebView2 (Windows) and WKWebView (macOS) check by the languages of the OS.

/// Turns on the Italian spell checker of the window's web view.
#[cfg(target_os = "linux")]
pub fn check_in_italian(window: &tauri::WebviewWindow) {
    let asked = window.with_webview(|webview| {
        use webkit2gtk::{WebContextExt, WebViewExt};
        if let Some(context) = webview.inner().context() {
            context.set_spell_checking_enabled(true);
            context.set_spell_checking_languages(&["it_IT"]);
        }
    });
    if let Err(e) = asked {
        eprintln!("Controllo ortografico non disponibile: {e}");
    }
}

/// Elsewhere the web view checks by itself.
#[cfg(not(target_os = "linux"))]
pub fn check_in_italian(_window: &tauri::WebviewWindow) {}
