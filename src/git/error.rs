//! Why a git credential request or a change of git's configuration could not be done: the
//! facts, for the command layer to explain.

/// A git request tether cannot answer, or git's configuration it could not change.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The request on stdin is not git's `key=value` lines.
    #[error("the credential request on stdin is not git's format (line {line}: {reason})")]
    Malformed { line: usize, reason: &'static str },

    /// More than one connection serves the host and none was chosen.
    #[error("several connections serve git host `{host}`: {}", links.join(", "))]
    Ambiguous { host: String, links: Vec<String> },

    /// `setup-git --host` names a host no connection serves.
    #[error("no connection serves git host `{host}`")]
    UnknownHost { host: String, known: Vec<String> },

    /// `setup-git` found no connection serving any git host.
    #[error("no connection serves a git host")]
    NothingServed,

    /// `--link` names a connection whose connector has no `[git]` hosts.
    #[error("connection `{link}` (connector `{connector}`) serves no git host")]
    NoGitHosts { link: String, connector: String },

    /// A value for git holds a line break or NUL, which would end or forge a protocol line.
    #[error("the {what} for git contains a line break or NUL, which git's protocol cannot carry")]
    Unsendable { what: &'static str },

    /// `git` could not be started.
    #[error("cannot run `git`: {source}")]
    NoGit {
        #[source]
        source: std::io::Error,
    },

    /// `git config --global …` failed.
    #[error("`git config --global {args}` failed: {stderr}")]
    Config { args: String, stderr: String },
}
