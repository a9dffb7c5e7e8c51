//! Creates and adopts (signs) N decreti as the sindaco, printing each final number. The numbering
//! test runs two of these at once on one data dir.
//! Usage: adopt-loop DATA_DIR N

use atti_app::Atti;
use atti_core::{ActKind, DispositivoPoint};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(n)) = (args.get(1), args.get(2).and_then(|s| s.parse::<u32>().ok()))
    else {
        eprintln!("uso: adopt-loop DATA_DIR N");
        std::process::exit(2);
    };
    if let Err(e) = run(dir, n) {
        eprintln!("errore: {e}");
        std::process::exit(1);
    }
}

fn run(dir: &str, n: u32) -> Result<(), atti_app::AppError> {
    let mut atti = Atti::open(std::path::Path::new(dir))?;
    atti.switch_user("sindaco")?;
    for i in 0..n {
        let mut act = atti.act_create(
            ActKind::Decreto,
            &format!("Decreto di prova {i} (pid {})", std::process::id()),
            None,
        )?;
        act.dispositivo = vec![DispositivoPoint {
            text: "di nominare".into(),
        }];
        atti.act_save(&act)?;
        let id = act.id.unwrap_or(atti_core::ActId(0));
        let pin = atti_core::Sensitive::new(atti_app::DEMO_PIN.to_string());
        let status = atti.sign(id, &pin)?.status;
        println!("{}", status.numero.unwrap_or_default());
    }
    Ok(())
}
