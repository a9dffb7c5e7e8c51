//! atti-sign against real PDFs, real tokens (SoftHSM2) and independent verifiers (pyHanko,
//! pdfsig, qpdf, openssl cms). A missing tool fails the test.

mod attacks;
mod cades;
mod certs;
mod fuzz;
mod pades;
mod pkcs11;
mod third_party;
mod trust;

use std::path::{Path, PathBuf};

pub fn fixture() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/delibera.pdf"))
        .expect("fixture delibera.pdf")
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write file");
    p
}
