//! Sync to the municipal document server (skeleton; being built).
