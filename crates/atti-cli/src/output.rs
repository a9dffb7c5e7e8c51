//! Standard output that ends quietly when the reader goes away, like any Unix tool:
//! `atti act list --json | head -1` prints one line and stops, without a panic. (`println!`
//! panics on a closed pipe.)

use std::io::{ErrorKind, Write};

/// Writes `text` to standard output. A closed pipe ends the process at once with success (the
/// reader has what it wanted); any other error is reported on stderr and ends it with 1.
pub fn write(text: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(text).and_then(|()| out.flush()) {
        if e.kind() == ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("errore: scrittura sullo standard output non riuscita: {e}");
        std::process::exit(1);
    }
}

/// `print!` that ends quietly on a closed pipe.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::write(format_args!($($arg)*))
    };
}

/// `println!` that ends quietly on a closed pipe.
macro_rules! outln {
    () => {
        $crate::output::write(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::write(format_args!("{}\n", format_args!($($arg)*)))
    };
}
