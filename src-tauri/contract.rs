//! The IPC contract, read from the one place where it is declared: the `#[tauri::command]`
//! functions of `src/commands/*.rs`, each named as the atti-app method it calls. build.rs
//! takes the command list from here (Tauri's invoke handler and one `allow-<command>`
//! permission per command); the contract test (tests/contract.rs) generates
//! `capabilities/default.json` and `ui/src/lib/gen/commands.ts` from it and fails on drift.

use std::path::Path;

/// One command of the contract.
pub struct Command {
    /// The module under `src/commands` (its area: acts, iter, ...).
    pub module: String,
    /// The command's name, the atti-app method it calls.
    pub name: String,
    /// Its doc comment, if any.
    pub doc: String,
    /// The parameters the UI passes (not Tauri's State and AppHandle), with their types.
    pub params: Vec<(String, syn::Type)>,
    /// What it answers: the `T` of `Result<T, AppError>`.
    pub output: syn::Type,
}

/// Every command in `dir`, by module name and then in the order of the file.
pub fn read(dir: &Path) -> Result<Vec<Command>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let module = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file = syn::parse_file(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        for item in file.items {
            let syn::Item::Fn(f) = item else { continue };
            // A command declared another way would be missed by the handler, the permissions
            // and the bindings alike: refused here, so the build says so.
            let declared_otherwise = f.attrs.iter().any(|a| {
                !is_tauri_command(a)
                    && a.path()
                        .segments
                        .last()
                        .is_some_and(|s| s.ident == "command")
            });
            if declared_otherwise {
                return Err(format!(
                    "{}: dichiarare i comandi come #[tauri::command] (così li trova il contratto)",
                    f.sig.ident
                ));
            }
            if !f.attrs.iter().any(is_tauri_command) {
                continue;
            }
            let name = f.sig.ident.to_string();
            let mut params = Vec::new();
            for input in &f.sig.inputs {
                let syn::FnArg::Typed(arg) = input else {
                    continue;
                };
                let syn::Pat::Ident(ident) = arg.pat.as_ref() else {
                    return Err(format!("{name}: parametro senza nome"));
                };
                if !is_injected(&arg.ty) {
                    params.push((ident.ident.to_string(), (*arg.ty).clone()));
                }
            }
            let output = match &f.sig.output {
                syn::ReturnType::Type(_, ty) => result_ok(ty)
                    .ok_or_else(|| format!("{name}: deve restituire Result<T, AppError>"))?,
                syn::ReturnType::Default => {
                    return Err(format!("{name}: deve restituire Result<T, AppError>"));
                }
            };
            out.push(Command {
                module: module.clone(),
                name,
                doc: doc_of(&f.attrs),
                params,
                output,
            });
        }
    }
    Ok(out)
}

fn is_tauri_command(attr: &syn::Attribute) -> bool {
    let segments: Vec<String> = attr
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segments == ["tauri", "command"]
}

/// Tauri's own arguments: the state, the app handle, the window and the request.
fn is_injected(ty: &syn::Type) -> bool {
    matches!(
        last_segment(ty).as_deref(),
        Some("State" | "AppHandle" | "Window" | "Webview" | "WebviewWindow" | "Request")
    )
}

/// The last segment of a path type's name ("State" for `tauri::State<'_, AppState>`).
pub fn last_segment(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The first generic type argument of a path type (`T` of `Option<T>`).
pub fn type_argument(ty: &syn::Type, index: usize) -> Option<&syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else {
        return None;
    };
    args.args
        .iter()
        .filter_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .nth(index)
}

fn result_ok(ty: &syn::Type) -> Option<syn::Type> {
    if last_segment(ty).as_deref() != Some("Result") {
        return None;
    }
    type_argument(ty, 0).cloned()
}

fn doc_of(attrs: &[syn::Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    lines.join(" ")
}
