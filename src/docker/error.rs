//! Why docker's request cannot be answered: the facts, for the command layer to explain.

/// What docker's credential-helper protocol asked for that tether will not or cannot give.
#[derive(Debug, thiserror::Error)]
pub enum DockerError {
    /// No connection authorized in the environment serves the registry. The text is the
    /// protocol's own: docker then goes on without credentials (a public image).
    #[error("credentials not found in native keychain")]
    NotFound { registry: String },

    /// Several connections serve the registry in the environment.
    #[error("registry {registry} is served by several connections: {}", links.join(", "))]
    Ambiguous {
        registry: String,
        links: Vec<String>,
    },

    /// `docker login` to a registry tether does not serve.
    #[error(
        "tether keeps no credentials for {registry}: it serves only the registries of its connections' [docker] tables"
    )]
    StoreRefused { registry: String },

    /// What docker wrote on stdin names no registry.
    #[error("`{text}` is not a registry's server URL")]
    NotAServerUrl { text: String },

    /// `store` read something other than `{"ServerURL", "Username", "Secret"}`.
    #[error("docker's credentials on stdin cannot be read: {reason}")]
    BadRequest { reason: String },
}
