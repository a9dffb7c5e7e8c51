//! Who works at this PC (`atti login`, `atti logout`, `atti whoami`): outside the demo
//! Comune every command acts for the user who logged in with their server account, until
//! they log out.

use crate::input::read_pin;
use crate::print;
use atti_app::{AppResult, Atti, LoginRequest};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// Accede con il proprio account del server documentale del Comune; la password (chiesta, o dallo standard input con --password-stdin) va nel portachiavi del sistema.
    Login {
        /// Nome utente (lo stesso sul server e nel Comune).
        #[arg(long, value_name = "UTENTE")]
        user: String,
        /// Indirizzo del server documentale (solo al primo accesso di questa postazione).
        #[arg(long, value_name = "URL")]
        server: Option<String>,
        /// Certificato (PEM) della CA del server, se non pubblica (solo al primo accesso).
        #[arg(long, value_name = "FILE.pem")]
        ca: Option<PathBuf>,
        /// Legge la password da una riga dello standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Esce: la password lascia il portachiavi e nessuno lavora finché qualcuno non accede.
    Logout,
    /// Chi lavora su questa postazione, in quale Comune e con quale server.
    Whoami,
}

/// Whether the command starts a session (it must not resume the last one first).
pub fn starts_session(command: &Command) -> bool {
    matches!(command, Command::Login { .. })
}

pub fn run(atti: &mut Atti, command: Command, json: bool) -> AppResult<()> {
    match command {
        Command::Login {
            user,
            server,
            ca,
            password_stdin,
        } => {
            let password = read_pin(password_stdin, "Password: ")?;
            let login = atti.session_login(LoginRequest {
                server_url: server.as_deref(),
                ca_path: ca.as_deref(),
                username: &user,
                password: &password,
            })?;
            if json {
                print::json(&login);
                return Ok(());
            }
            let s = &login.session;
            outln!(
                "Accesso di {} ({}) al {}",
                s.user.full_name,
                s.user.role_label,
                s.comune
            );
            for notice in &login.notices {
                outln!("Attenzione: {notice}");
            }
            if login.offline {
                outln!(
                    "Server non raggiungibile: password controllata su questa postazione; il lavoro sarà inviato quando il server risponde"
                );
            }
            Ok(())
        }
        Command::Logout => {
            atti.session_logout()?;
            outln!("Uscita eseguita: per lavorare accedere con «atti login»");
            Ok(())
        }
        Command::Whoami => {
            let s = atti.session_info()?;
            if json {
                print::json(&s);
                return Ok(());
            }
            outln!(
                "{} ({}), {}",
                s.user.full_name,
                s.user.username,
                s.user.role_label
            );
            outln!("{}", s.comune);
            match (&s.server_url, s.demo) {
                (_, true) => outln!("Comune di Esempio: nessun accesso, utente scelto con --as"),
                (Some(url), false) => outln!("Server documentale: {url}"),
                (None, false) => outln!("Server documentale: non impostato"),
            }
            Ok(())
        }
    }
}
