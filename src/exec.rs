//! Why `tether exec` could not hand over to its command: the facts, for the command layer to
//! explain (with the exit codes shells use).

/// The command could not be started, or the connections to give it conflict.
#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    #[error("command `{program}` not found")]
    NotFound { program: String },

    #[error("cannot run `{program}`: permission denied")]
    PermissionDenied { program: String },

    /// Any other reason the system gave.
    #[error("cannot run `{program}`: {source}")]
    NotRunnable {
        program: String,
        source: std::io::Error,
    },

    /// Two connections export the same variable.
    #[error("connections `{first}` and `{second}` both export `{name}`; nothing was run")]
    SameVariable {
        first: String,
        second: String,
        name: String,
    },
}

impl ExecError {
    /// Why `program` could not be started.
    #[must_use]
    pub fn not_started(program: &str, error: std::io::Error) -> Self {
        let program = program.to_owned();
        match error.kind() {
            std::io::ErrorKind::NotFound => Self::NotFound { program },
            std::io::ErrorKind::PermissionDenied => Self::PermissionDenied { program },
            _ => Self::NotRunnable {
                program,
                source: error,
            },
        }
    }
}
