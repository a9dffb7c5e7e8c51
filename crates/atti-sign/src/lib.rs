//! Digital signatures (skeleton; being built).
