//! The built-in catalog: TOML files embedded in the binary.
//!
//! Adding a service is adding `builtin/<id>.toml`: the build script lists the folder into a
//! table sorted by id, so one connector is found without parsing the others (the `token` hot
//! path).

/// `(id, TOML)`, sorted by id; a test checks that each file's `id` matches its name.
pub(crate) static BUILTINS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The TOML of the built-in connector `id`.
#[must_use]
pub fn source(id: &str) -> Option<&'static str> {
    BUILTINS
        .binary_search_by(|(candidate, _)| (*candidate).cmp(id))
        .ok()
        .map(|i| BUILTINS[i].1)
}

/// Whether `id` belongs to a built-in connector.
#[must_use]
pub fn is_builtin(id: &str) -> bool {
    source(id).is_some()
}

/// The ids of the built-in connectors, sorted.
pub fn ids() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|(id, _)| *id)
}

/// The path shown in messages about a built-in file.
#[must_use]
pub(crate) fn display_path(id: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("<built-in>/{id}.toml"))
}
