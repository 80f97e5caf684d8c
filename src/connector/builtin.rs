//! The built-in catalog: TOML files embedded in the binary, one line per connector.
//!
//! Adding a service is adding `builtin/<id>.toml` and one line to [`BUILTINS`]. The table is
//! sorted by id so one connector is found without parsing the others (the `token` hot path).

/// `(id, TOML)`, sorted by id; a test checks the order and that each file's `id` matches.
pub(crate) static BUILTINS: &[(&str, &str)] = &[
    (
        "atlassian-jira",
        include_str!("builtin/atlassian-jira.toml"),
    ),
    ("github", include_str!("builtin/github.toml")),
    ("openai", include_str!("builtin/openai.toml")),
    ("openweather", include_str!("builtin/openweather.toml")),
    ("twilio", include_str!("builtin/twilio.toml")),
];

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
