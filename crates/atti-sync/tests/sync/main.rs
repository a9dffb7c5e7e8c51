//! Integration tests of atti-sync against a real Apache over TLS.
