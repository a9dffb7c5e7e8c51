//! Secrets in memory: a PIN, a server password.
//!
//! **Invariant:** a [`Sensitive`] value never prints (its `Debug` and `Display` say
//! `<redacted>`) and never serialises: it cannot cross IPC back to the UI or reach a log by
//! accident. It can be deserialised, because the UI sends a PIN in. Only the code that really
//! uses the secret calls [`Sensitive::expose`].

use std::fmt;

/// A secret that is never printed nor serialised.
#[derive(Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(transparent)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    /// Wraps a secret.
    pub fn new(secret: T) -> Self {
        Sensitive(secret)
    }

    /// The secret itself, for the one place that needs it (a PKCS#11 login, an HTTP header).
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<T> fmt::Display for Sensitive<T> {
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
}
