//! What the person typed (or could not be asked for) that cannot be used: the facts of each
//! usage and input failure. What to do about it is said by the command layer.

use std::path::PathBuf;

/// A usage or input failure.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// A value that is needed but was neither given nor could be prompted for; `flag` is what
    /// supplies it.
    #[error("{what} is required and no prompt is possible here (--no-input, CI, or no terminal)")]
    Missing { what: String, flag: String },

    /// The person interrupted a question.
    #[error("cancelled")]
    Cancelled,

    #[error("this command acts in one environment, but --env was given more than once")]
    OneEnvironment,

    /// A value of a param that lists its choices, and is not one of them.
    #[error("`{value}` is not a choice of `{name}`")]
    NotAChoice {
        name: String,
        /// Made safe for a terminal.
        value: String,
        choices: Vec<String>,
    },

    /// A value given as K=V, @FILE, @- or env:VAR that cannot be used.
    #[error(transparent)]
    Value(#[from] crate::value_source::ValueError),

    // ---- accounts ----
    #[error("no account named `{label}`{}", crate::error::did_you_mean(.suggestion.as_deref()))]
    UnknownAccount {
        label: String,
        suggestion: Option<String>,
    },

    /// `account rename` named an account by a name several accounts have.
    #[error("{} accounts are named `{name}` (for {})", .connectors.len(), .connectors.join(", "))]
    AmbiguousAccount {
        name: String,
        connectors: Vec<String>,
    },

    /// A rename to a name that another account of the same configuration has.
    #[error("an account named `{name}` already authorizes the same configuration")]
    AccountNameClash { name: String },

    /// `account delete` of an account that still backs connections; `uses` are `LINK@ENV`.
    #[error("account `{account}` still backs {}", .uses.join(", "))]
    AccountInUse { account: String, uses: Vec<String> },

    // ---- connections ----
    #[error("the display name is empty or contains control characters")]
    BadDisplayName,

    #[error("applications still have access to `{link}`: {}", .apps.join(", "))]
    StillAccessed { link: String, apps: Vec<String> },

    #[error("application `{app}` is both enabled and disabled")]
    EnabledAndDisabled { app: String },

    /// `same-for-all on` without `--from`, when the environments have different accounts;
    /// `accounts` are `ENV: LABEL`.
    #[error("the environments of `{link}` are backed by different accounts ({})", .accounts.join(", "))]
    DifferentAccounts { link: String, accounts: Vec<String> },

    /// `create` without `--authorize` was given a param that only authorizing reads.
    #[error("`{name}` is given when authorizing, and this command does not authorize")]
    ParamNeedsAuthorize { name: String },

    #[error("{flag} applies to the authorization, and this command does not authorize")]
    FlagNeedsAuthorize { flag: String },

    #[error("connector `{connector}` uses {auth} auth, which has no scopes")]
    NoScopes { connector: String, auth: String },

    #[error("connector `{connector}` has no scope `{scope}`")]
    UnknownScope {
        connector: String,
        scope: String,
        scopes: Vec<String>,
    },

    // ---- connectors ----
    #[error("cannot read {}: {source}", .path.display())]
    ConnectorUnreadable {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{} is larger than 1 MiB, too large for a connector definition", .path.display())]
    ConnectorTooLarge { path: PathBuf },

    // ---- vault ----
    #[error("a vault already exists in {}", .dir.display())]
    VaultExists { dir: PathBuf },

    /// `vault init --passphrase` while the key variable `var` is set.
    #[error("--passphrase was given, but {var} is set and would be the key")]
    PassphraseWithKey { var: &'static str },

    // ---- requests ----
    /// `method` is already made safe for the terminal.
    #[error("`{method}` is not an HTTP method")]
    NotMethod { method: String },

    #[error("cannot read the request body from {}: {source}", .path.display())]
    BodyUnreadable {
        path: PathBuf,
        source: std::io::Error,
    },

    /// The connection puts its key in the query, so no header can carry it.
    #[error("connection `{link}` sends its key as the query parameter `{name}`, not a header")]
    QueryNotHeader { link: String, name: String },

    // ---- status ----
    /// `TETHER_EXPIRY_WARNING` that is not a duration; `value` is already safe to show.
    #[error("TETHER_EXPIRY_WARNING is `{value}`, which is not a duration")]
    BadExpiryWarning { value: String },

    /// `inject --json` without `-o`: stdout is the template's own text.
    #[error(
        "inject prints the rendered template itself on stdout; --json applies only with -o OUT"
    )]
    JsonNeedsOutput,
}

impl From<crate::value_source::ValueError> for crate::error::Error {
    fn from(error: crate::value_source::ValueError) -> Self {
        UsageError::from(error).into()
    }
}
