//! Secrets in memory: a PIN, a server password.
//!
//! **Invariant:** a [`Sensitive`] value never prints (its `Debug` and `Display` say
//! `<redacted>`) and never serialises: it cannot cross IPC back to the UI or reach a log by
//! accident. It can be deserialised, because the UI sends a PIN in. Only the code that really
//! uses the secret calls [`Sensitive::expose`]. When it is dropped, its memory is wiped
//! (zeroize), so a PIN does not linger in the heap after the signature.

use std::fmt;
use zeroize::Zeroize;

/// A secret that is never printed nor serialised, and is wiped from memory when dropped.
#[derive(Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(transparent)]
pub struct Sensitive<T: Zeroize>(T);

impl<T: Zeroize> Drop for Sensitive<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize> Sensitive<T> {
    /// Wraps a secret.
    pub fn new(secret: T) -> Self {
        Sensitive(secret)
    }

    /// The secret itself, for the one place that needs it (a PKCS#11 login, an HTTP header).
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T: Zeroize> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<T: Zeroize> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_the_secret() {
        let pin = Sensitive::new("123456".to_string());
        assert_eq!(format!("{pin:?} {pin}"), "<redacted> <redacted>");
        assert_eq!(pin.expose(), "123456");
        let parsed: Sensitive<String> = serde_json::from_str("\"9999\"").expect("json");
        assert_eq!(parsed.expose(), "9999");
    }

    /// A secret that tells whether it was wiped.
    struct Probe(std::rc::Rc<std::cell::Cell<bool>>);

    impl Zeroize for Probe {
        fn zeroize(&mut self) {
            self.0.set(true);
        }
    }

    #[test]
    fn is_wiped_when_dropped() {
        let wiped = std::rc::Rc::new(std::cell::Cell::new(false));
        let secret = Sensitive::new(Probe(wiped.clone()));
        assert!(!wiped.get());
        drop(secret);
        assert!(wiped.get());
    }
}
