//! Authorized accounts: who authorized what, when, with which configuration. Stored without
//! secrets as `accounts/<id>.toml`; the secrets are the vault record `account/<id>`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::fingerprint::Configuration;
use crate::environment::Environment;
use crate::error::{Error, Result};
pub use crate::expiry::Lapse;
use crate::paths::Paths;
use crate::store::{StateLock, StoreError, Transaction};
use crate::vault::RecordId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccountStatus {
    #[default]
    Connected,
    /// The provider rejected the refresh token; only a new authorization helps.
    NeedsReauthorization,
    /// Nothing used it any more, so its secrets left the vault; the name stays, and
    /// authorizing it again (`--account NAME`) restores it. It cannot be reused as it is.
    Released,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// Random, immutable; binds the vault record.
    pub id: String,
    /// Chosen by the person; `None` for an unnamed account (listed as `LINK@ENV`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub fingerprint: String,
    pub configuration: Configuration,
    /// The OS user whose account this is (reuse only offers the current user's).
    pub os_user: String,
    /// `user@host`.
    pub authorized_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub authorized_at: OffsetDateTime,
    /// Where it was first authorized; names an unnamed account.
    pub origin_link: String,
    pub origin_env: Environment,
    #[serde(default)]
    pub granted_scopes: Vec<String>,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub expires_at: Option<OffsetDateTime>,
    /// Whether a refresh token is held, so an expired access token can be renewed.
    #[serde(default)]
    pub refreshable: bool,
    /// When the refresh token stops working, when the provider said
    /// (`refresh_token_expires_in`); `None` when unknown.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_expires_at: Option<OffsetDateTime>,
    /// When the API key or password stops working, as the person said (`--expires`); `None`
    /// when unknown.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub key_expires_at: Option<OffsetDateTime>,
    /// When the access token was last renewed by a refresh; `None` until the first one.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub refreshed_at: Option<OffsetDateTime>,
    #[serde(default)]
    pub status: AccountStatus,
    /// Bumped with every write of the account's vault record, which holds the same number:
    /// a record or an account file replaced by an older copy no longer matches.
    #[serde(default)]
    pub revision: u64,
    /// Who the provider says the account is, read after authorizing; `None` when it could
    /// not be read or the connector has no way to tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
}

/// Who an account is at the provider. Not secret; already made safe to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The login or e-mail address.
    pub login: String,
    /// A stable id, when the provider gives one (logins can be renamed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// When it was read.
    #[serde(with = "time::serde::rfc3339")]
    pub read_at: OffsetDateTime,
}

impl Identity {
    /// Whether `other` names the account differently: another login, or another stable id.
    #[must_use]
    pub fn differs_from(&self, other: &Self) -> bool {
        self.login != other.login
            || matches!((&self.subject, &other.subject), (Some(mine), Some(theirs)) if mine != theirs)
    }
}

impl Account {
    /// What stops working next and when, if that is known: the refresh token (as the
    /// provider said) or the key (as the person said).
    #[must_use]
    pub fn lapse(&self) -> Option<Lapse> {
        match (
            self.refresh_expires_at.filter(|_| self.refreshable),
            self.key_expires_at,
        ) {
            (Some(at), _) => Some(Lapse::RefreshToken(at)),
            (None, Some(at)) => Some(Lapse::Key(at)),
            (None, None) => None,
        }
    }

    /// [`Self::lapse`], if it comes within `window` of `now` (and has not passed).
    #[must_use]
    pub fn lapses_within(&self, now: OffsetDateTime, window: time::Duration) -> Option<Lapse> {
        self.lapse()
            .filter(|lapse| lapse.at() > now && lapse.at() - now <= window)
    }

    /// When the access token or the key stops working, as far as is known.
    #[must_use]
    pub fn credential_expires_at(&self) -> Option<OffsetDateTime> {
        self.expires_at.or(self.key_expires_at)
    }

    /// How the account is shown: its name, or `LINK@ENV` while unnamed.
    #[must_use]
    pub fn label(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| format!("{}@{}", self.origin_link, self.origin_env))
    }

    /// The vault record holding this account's secrets.
    #[must_use]
    pub fn record(&self) -> RecordId {
        RecordId::account(&self.id)
    }
}

/// The state of an environment as `status`, `connection details` and the lists show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EnvStatus {
    Connected,
    /// Works now, but what renews it (the refresh token) expires within the warning window.
    Expiring,
    /// No account backs it, or its account was released.
    NotAuthorized,
    NeedsReauthorization,
    /// The access token expired and there is no refresh token to renew it.
    Expired,
}

impl EnvStatus {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connected => "connected",
            Self::Expiring => "expiring",
            Self::NotAuthorized => "not-authorized",
            Self::NeedsReauthorization => "needs-reauthorization",
            Self::Expired => "expired",
        }
    }

    /// Whether the credential can be used now (expiring ones still work).
    #[must_use]
    pub fn usable(self) -> bool {
        matches!(self, Self::Connected | Self::Expiring)
    }

    /// Whether the access token's expiry means anything: a dead grant's stored expiry is no
    /// promise that the token works until then.
    #[must_use]
    pub fn shows_expiry(self) -> bool {
        matches!(self, Self::Connected | Self::Expiring | Self::Expired)
    }
}

impl std::fmt::Display for EnvStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The status of an environment backed by `account`, with this process's warning window
/// (`TETHER_EXPIRY_WARNING`, else seven days).
#[must_use]
pub fn env_status(account: Option<&Account>, now: OffsetDateTime) -> EnvStatus {
    env_status_within(account, now, crate::expiry::window_or_default())
}

/// The status of an environment backed by `account`, announcing as `expiring` what expires
/// within `window` of `now`.
#[must_use]
pub fn env_status_within(
    account: Option<&Account>,
    now: OffsetDateTime,
    window: time::Duration,
) -> EnvStatus {
    match account {
        None => EnvStatus::NotAuthorized,
        Some(a) => match a.status {
            AccountStatus::Released => EnvStatus::NotAuthorized,
            AccountStatus::NeedsReauthorization => EnvStatus::NeedsReauthorization,
            // A refresh token past its announced expiry will be refused: nothing renews it.
            AccountStatus::Connected
                if a.refreshable && a.refresh_expires_at.is_some_and(|at| at <= now) =>
            {
                EnvStatus::NeedsReauthorization
            }
            AccountStatus::Connected
                if !a.refreshable && a.credential_expires_at().is_some_and(|at| at <= now) =>
            {
                EnvStatus::Expired
            }
            AccountStatus::Connected if a.lapses_within(now, window).is_some() => {
                EnvStatus::Expiring
            }
            AccountStatus::Connected => EnvStatus::Connected,
        },
    }
}

/// The `requested` scopes the provider did not grant. Nothing when it named none (tether then
/// records the requested ones, and there is nothing to compare). `offline_access` asks for a
/// refresh token: providers grant it without listing it, so a `renewable` grant has it.
#[must_use]
pub fn scopes_not_granted(
    requested: &[String],
    granted: &[String],
    renewable: bool,
) -> Vec<String> {
    if granted.is_empty() {
        return Vec::new();
    }
    requested
        .iter()
        .filter(|s| !granted.contains(s))
        .filter(|s| !(renewable && s.as_str() == "offline_access"))
        .cloned()
        .collect()
}

/// A fresh random account id (128 bits, hex).
pub fn new_id() -> Result<String> {
    let mut bytes = [0u8; 16];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes)
        .map_err(|_| Error::Internal("the system random generator failed".into()))?;
    Ok(super::fingerprint::hex(&bytes))
}

/// The current OS user and `user@host`, for `authorized_by`.
#[must_use]
pub fn current_user() -> (String, String) {
    let user = whoami::username().unwrap_or_else(|_| "unknown".to_owned());
    let host = whoami::hostname().unwrap_or_else(|_| "localhost".to_owned());
    let by = format!("{user}@{host}");
    (user, by)
}

fn path(paths: &Paths, id: &str) -> PathBuf {
    paths.accounts_dir().join(format!("{id}.toml"))
}

/// Loads an account by id.
pub fn load(paths: &Paths, id: &str) -> Result<Account> {
    find(paths, id)?.ok_or_else(|| missing(id))
}

/// Loads an account by id, or `None` when it has no file.
pub fn find(paths: &Paths, id: &str) -> Result<Option<Account>> {
    if !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::Internal(format!("malformed account id `{id}`")));
    }
    super::file::read(&path(paths, id))
}

/// The error for an account a connection names but whose file is gone.
#[must_use]
pub fn missing(id: &str) -> Error {
    StoreError::AccountMissing { id: id.to_owned() }.into()
}

/// Writes an account's file alone, atomically.
pub fn save(paths: &Paths, lock: &StateLock, account: &Account) -> Result<()> {
    let mut txn = Transaction::new();
    stage(paths, &mut txn, account)?;
    txn.commit(paths, lock)
}

/// Adds the write of an account's file, and of its index entries, to `txn`.
pub fn stage(paths: &Paths, txn: &mut Transaction, account: &Account) -> Result<()> {
    let path = path(paths, &account.id);
    let before = current(txn, &path);
    let bytes = super::file::encode(&path, account)?;
    txn.write(path, bytes);
    super::index::stage(paths, txn, before.as_ref(), Some(account))
}

/// Adds the removal of an account's file, and of its index entries, to `txn` (its vault
/// record goes in the same change).
pub fn stage_removal(paths: &Paths, txn: &mut Transaction, id: &str) -> Result<()> {
    let path = path(paths, id);
    let before = current(txn, &path);
    txn.remove(path);
    super::index::stage(paths, txn, before.as_ref(), None)
}

/// Adds the removal of an account as a whole to `txn`: its vault record, its file and its
/// index entries, so none outlives the others.
pub fn stage_deletion(
    paths: &Paths,
    vault: &crate::vault::Vault,
    txn: &mut Transaction,
    account: &Account,
) -> Result<()> {
    if let Some(path) = vault.record_path(&account.record())? {
        txn.remove(path);
    }
    stage_removal(paths, txn, &account.id)
}

/// The account at `path` as `txn` leaves it so far: staged in it, else on disk. `None` also
/// for a file that cannot be read: its index entries are then found wrong and rebuilt.
fn current(txn: &Transaction, path: &Path) -> Option<Account> {
    match txn.staged(path) {
        Some(staged) => staged
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .and_then(|text| toml::from_str(text).ok()),
        None => super::file::read(path).ok().flatten(),
    }
}

/// Every account.
pub fn list(paths: &Paths) -> Result<Vec<Account>> {
    super::cached::list(paths, &paths.accounts_dir(), "accounts")
}

/// Calls `each` with every account, in file order, without holding them all, as `T`:
/// an `Account` or a view of it (a struct of some of its fields, read by serde alike).
pub fn for_each<T: serde::de::DeserializeOwned>(
    paths: &Paths,
    each: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    super::cached::for_each::<Account, T>(paths, &paths.accounts_dir(), "accounts", each)
}

/// The accounts `label` names. A name may be shared by accounts of different configurations
/// (`me` for two services), so there can be several. `LINK@ENV` names the unnamed account
/// first authorized there, else whichever account backs LINK in ENV.
pub fn with_label(paths: &Paths, label: &str) -> Result<Vec<Account>> {
    let labelled = super::index::labelled(paths, label)?;
    let Some((link, env)) = label.split_once('@').filter(|_| labelled.is_empty()) else {
        return Ok(labelled);
    };
    let (Ok(env), Ok(Some(connection))) = (
        env.parse::<Environment>(),
        super::connection::find(paths, link),
    ) else {
        return Ok(Vec::new());
    };
    match connection.environments.get(&env) {
        Some(binding) => Ok(find(paths, &binding.account)?.into_iter().collect()),
        None => Ok(Vec::new()),
    }
}

/// The accounts of the configuration whose fingerprint is `fingerprint`.
pub fn with_fingerprint(paths: &Paths, fingerprint: &str) -> Result<Vec<Account>> {
    super::index::with_fingerprint(paths, fingerprint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_status_reads_as_before() {
        let all = [
            EnvStatus::Connected,
            EnvStatus::NotAuthorized,
            EnvStatus::NeedsReauthorization,
            EnvStatus::Expired,
        ];
        for status in all {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{status}\""));
        }
        assert_eq!(
            env_status(None, OffsetDateTime::UNIX_EPOCH).as_str(),
            "not-authorized"
        );
    }

    /// An account file as written before refresh times were kept.
    const OLD_FILE: &str = r#"
id = "00ff"
name = "alice"
fingerprint = "f"
os_user = "u"
authorized_by = "u@h"
authorized_at = "2024-01-01T00:00:00Z"
origin_link = "files"
origin_env = "development"
expires_at = "2024-01-01T01:00:00Z"
refreshable = true

[configuration]
connector = "files"
scopes = ["files.read"]
"#;

    #[test]
    fn a_refresh_token_near_its_expiry_is_expiring_and_past_it_dead() {
        let mut account: Account = toml::from_str(OLD_FILE).unwrap();
        assert_eq!(
            (account.refresh_expires_at, account.refreshed_at),
            (None, None)
        );
        let now = OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
        let week = time::Duration::days(7);
        let status = |a: &Account| env_status_within(Some(a), now, week);
        assert_eq!(status(&account), EnvStatus::Connected, "unknown: no news");
        account.refresh_expires_at = Some(now + time::Duration::days(8));
        assert_eq!(status(&account), EnvStatus::Connected);
        account.refresh_expires_at = Some(now + time::Duration::days(6));
        assert_eq!(status(&account), EnvStatus::Expiring);
        assert!(status(&account).usable());
        assert_eq!(
            env_status_within(Some(&account), now, time::Duration::ZERO),
            EnvStatus::Connected,
            "a window of 0 warns of nothing"
        );
        account.refresh_expires_at = Some(now - time::Duration::seconds(1));
        assert_eq!(status(&account), EnvStatus::NeedsReauthorization);
        assert!(!status(&account).shows_expiry());
        account.status = AccountStatus::NeedsReauthorization;
        account.refresh_expires_at = None;
        assert_eq!(status(&account), EnvStatus::NeedsReauthorization);
    }
}
