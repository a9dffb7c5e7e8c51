//! Saves new versions of one act in a loop, printing "saved N" after each acknowledged save.
//! The crash test kills it with SIGKILL at random moments and checks the store afterwards.
//! Usage: save-loop DATA_DIR ACT_ID

use atti_app::Atti;
use atti_core::{ActId, DispositivoPoint};
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(id)) = (args.get(1), args.get(2).and_then(|s| s.parse().ok())) else {
        eprintln!("uso: save-loop DATA_DIR ACT_ID");
        std::process::exit(2);
    };
    let mut atti = match Atti::open(std::path::Path::new(dir)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("errore: {e}");
            std::process::exit(1);
        }
    };
    let mut stdout = std::io::stdout();
    loop {
        let mut act = match atti.act_get(ActId(id)) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("errore: {e}");
                std::process::exit(1);
            }
        };
        let next = act.version + 1;
        act.dispositivo = vec![DispositivoPoint {
            text: format!("salvataggio {next} – più qualità"),
        }];
        match atti.act_save(&act) {
            Ok(saved) => {
                let _ = writeln!(stdout, "saved {}", saved.version);
                let _ = stdout.flush();
            }
            Err(e) => {
                eprintln!("errore: {e}");
                std::process::exit(1);
            }
        }
    }
}
