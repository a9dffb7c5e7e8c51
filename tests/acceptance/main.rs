//! Acceptance tests: journeys through the `atti` CLI and atti-app on real SQLite files in
//! temp dirs, the crash test, and the tidy rules of the workspace.

mod albo;
mod attestazioni;
mod bad_input;
mod cli;
mod comune;
mod controllo;
mod crash;
mod documents;
mod duplica;
mod iter;
mod login;
mod modelli;
mod numbering;
mod revocation;
mod seal;
mod sedute;
mod shared_iter;
mod signatures;
mod sovvenzioni;
mod support;
mod sync;
mod tamper;
mod tidy;
mod trasparenza;
mod verbali;
mod verification_page;
