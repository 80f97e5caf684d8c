//! Why a credential cannot be handed out: the facts, for the command layer to explain.

use crate::environment::Environment;

/// A credential that cannot be handed out.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// The provider rejected the refresh token (`invalid_grant`), now or earlier.
    #[error("the authorization of `{link}` in {env} was rejected by the provider ({reason})")]
    NeedsReauthorization {
        link: String,
        env: Environment,
        reason: String,
    },

    /// A rotating refresh token was rejected: another copy of this home refreshed it first.
    #[error(
        "the provider rejected the refresh token of account `{account}` ({reason}); it changes on every refresh, so this authorization was refreshed elsewhere: a copied home or another machine"
    )]
    RefreshedElsewhere {
        account: String,
        link: String,
        env: Environment,
        reason: String,
    },

    /// Another process released the account while its token was being refreshed.
    #[error(
        "account `{account}` was released by another tether process while its token was being refreshed"
    )]
    ReleasedMeanwhile { account: String },

    /// The vault has no record for the account serving `link` in `env`.
    #[error("the secrets of account `{account}` are missing from the vault")]
    SecretsMissing {
        account: String,
        link: String,
        env: Environment,
    },

    /// The vault has no tokens for an OAuth2 account.
    #[error("the tokens of account `{account}` are missing from the vault")]
    TokensMissing { account: String },

    #[error("connector `{connector}` has no OAuth2 client id")]
    NoClientId { connector: String },
}
