//! Integration tests of atti-sync against a real Apache + mod_dav over TLS (see
//! `atti_sync::testkit`). One binary; each test starts its own server on a free loopback port.

mod basics;
mod child;
mod faults;
mod register;
mod secrets;
mod shared_iter;
mod tls;
mod wsgidav;

/// The tests run on a multi-thread runtime with 2 workers (the machine has 2 cores).
pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}
