//! Connections and authorized accounts on disk (TOML metadata; secrets in the vault).
