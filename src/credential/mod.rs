//! Turning an authorization into what a request or a program needs: the bare secret, the
//! HTTP header, and the values templates can use.

mod error;
mod rejected;

pub use error::CredentialError;
pub use rejected::mark_rejected;

use std::collections::BTreeMap;

use base64::Engine as _;
use zeroize::Zeroizing;

use crate::connector::{self, ApiKey, Auth, AuthType, Connector, Placement};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::store::account::{Account, AccountStatus};
use crate::store::connection::Connection;
use crate::store::secrets::{Altered, Secrets};
use crate::store::{self};
use crate::usage::UsageError;

/// The credential of one environment of a connection, ready to use.
#[derive(Debug)]
pub struct Credential {
    /// What `tether token` prints.
    pub token: Secret,
    /// Where the credential goes on a request; never empty, the first is what `header` prints.
    pub applied: Vec<Applied>,
    /// The connector's `[headers]`, filled in.
    pub headers: Vec<(String, Secret)>,
    /// The connector's `[query]`, filled in.
    pub query: Vec<(String, Secret)>,
    /// Every value templates may use: params, captured values, and the built-in names
    /// (`access_token`, `username`, `password`, `api_key`).
    pub values: BTreeMap<String, Secret>,
}

/// How the credential is applied to a request.
#[derive(Debug)]
pub enum Applied {
    Header { name: String, value: Secret },
    Query { name: String, value: Secret },
}

impl Applied {
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Self::Header { name, .. } | Self::Query { name, .. } => name,
        }
    }
}

impl Credential {
    /// Builds the credential from a connection's params and an account's secrets.
    pub fn new(connector: &Connector, connection: &Connection, secrets: &Secrets) -> Result<Self> {
        let mut values = param_values(connection, secrets);
        if let Some(tokens) = &secrets.oauth {
            values.extend(
                tokens
                    .captured
                    .iter()
                    .map(|(k, v)| (k.clone(), Secret::from(v.as_str()))),
            );
        }
        let render = |template: &str, values: &BTreeMap<String, Secret>| {
            connector::template::render_secret(template, |name| values.get(name))
        };
        let (token, applied) = match &connector.auth {
            Auth::Basic(basic) => {
                let username = render(&basic.username, &values)?;
                let password = render(&basic.password, &values)?;
                let header = Applied::Header {
                    name: "Authorization".to_owned(),
                    value: basic_authorization(&username, &password),
                };
                values.entry("username".to_owned()).or_insert(username);
                values
                    .entry("password".to_owned())
                    .or_insert_with(|| password.clone());
                (password, vec![header])
            }
            Auth::ApiKey(api_key) => {
                let (bare, applied) = api_key_credential(connector, api_key, &values)?;
                values
                    .entry("api_key".to_owned())
                    .or_insert_with(|| bare.clone());
                (bare, applied)
            }
            Auth::OAuth2(oauth2) => {
                let tokens = secrets.oauth.as_ref().ok_or_else(|| {
                    Error::Internal(format!(
                        "the account behind `{}` holds no OAuth2 tokens",
                        connection.link_name
                    ))
                })?;
                let access = tokens.access_token.clone();
                values.insert("access_token".to_owned(), access.clone());
                let applied = if let Some(name) = &oauth2.token_query {
                    Applied::Query {
                        name: name.clone(),
                        value: access.clone(),
                    }
                } else {
                    let value = if let Some(template) = &oauth2.token_value {
                        render(template, &values)?
                    } else {
                        let kind = if tokens.token_type.eq_ignore_ascii_case("bearer")
                            || tokens.token_type.is_empty()
                        {
                            "Bearer"
                        } else {
                            tokens.token_type.as_str()
                        };
                        Secret::concat(&[kind, " ", access.expose()])
                    };
                    Applied::Header {
                        name: oauth2
                            .token_header
                            .clone()
                            .unwrap_or_else(|| "Authorization".to_owned()),
                        value,
                    }
                };
                (access, vec![applied])
            }
        };
        let fixed = |table: &BTreeMap<String, String>| {
            table
                .iter()
                .filter(|(_, template)| !lacks_optional(connector, template, &values))
                .map(|(name, template)| Ok((name.clone(), render(template, &values)?)))
                .collect::<Result<Vec<_>>>()
        };
        let headers = fixed(&connector.headers)?;
        let query = fixed(&connector.query)?;
        Ok(Self {
            token,
            applied,
            headers,
            query,
            values,
        })
    }

    /// The header line `Name: value` of the credential, or why there is none.
    pub fn header_line(&self, link: &str) -> Result<Secret> {
        match &self.applied[0] {
            Applied::Header { name, value } => Ok(Secret::concat(&[name, ": ", value.expose()])),
            Applied::Query { name, .. } => Err(UsageError::QueryNotHeader {
                link: link.to_owned(),
                name: name.clone(),
            }
            .into()),
        }
    }

    /// Every header a request carries: the credential's, then the connector's `[headers]`;
    /// `None` when no header carries the credential (it goes in the query).
    #[must_use]
    pub fn header_lines(&self) -> Option<Vec<Secret>> {
        let credential: Vec<(&str, &Secret)> = self
            .applied
            .iter()
            .filter_map(|a| match a {
                Applied::Header { name, value } => Some((name.as_str(), value)),
                Applied::Query { .. } => None,
            })
            .collect();
        if credential.is_empty() {
            return None;
        }
        let extra = self.headers.iter().map(|(n, v)| (n.as_str(), v));
        Some(
            credential
                .into_iter()
                .chain(extra)
                .map(|(name, value)| Secret::concat(&[name, ": ", value.expose()]))
                .collect(),
        )
    }
}

/// The keys of an api-key connector where they go, and the one `token` prints: the secret the
/// first placement is built on.
fn api_key_credential(
    connector: &Connector,
    api_key: &ApiKey,
    values: &BTreeMap<String, Secret>,
) -> Result<(Secret, Vec<Applied>)> {
    let mut applied = Vec::with_capacity(api_key.placements.len());
    for (i, p) in api_key.placements.iter().enumerate() {
        if i > 0 && lacks_optional(connector, &p.value, values) {
            continue;
        }
        let name = p.name.clone();
        let value = connector::template::render_secret(&p.value, |n| values.get(n))?;
        applied.push(match p.placement {
            Placement::Header => Applied::Header { name, value },
            Placement::Query => Applied::Query { name, value },
        });
    }
    let first = &api_key.placements[0].value;
    let bare = bare_secret(connector, first, values).unwrap_or_else(|| {
        let (Applied::Header { value, .. } | Applied::Query { value, .. }) = &applied[0];
        value.clone()
    });
    Ok((bare, applied))
}

/// Whether `template` names an optional param that was left empty: a header built on it (an
/// organization id some accounts have) is then left out rather than sent empty.
fn lacks_optional(
    connector: &Connector,
    template: &str,
    values: &BTreeMap<String, Secret>,
) -> bool {
    connector::template::placeholders(template)
        .iter()
        .any(|name| {
            connector.param(name).is_some_and(|p| !p.required)
                && values.get(name).is_none_or(|v| v.expose().is_empty())
        })
}

/// The params of a connection and its account, by name.
fn param_values(connection: &Connection, secrets: &Secrets) -> BTreeMap<String, Secret> {
    let mut values: BTreeMap<String, Secret> = connection
        .params
        .iter()
        .map(|(k, v)| (k.clone(), Secret::from(v.as_str())))
        .collect();
    values.extend(secrets.params.iter().map(|(k, v)| (k.clone(), v.clone())));
    values
}

/// `Basic base64(username:password)` (RFC 7617), each step in a buffer of its final size that
/// is wiped on drop.
fn basic_authorization(username: &Secret, password: &Secret) -> Secret {
    let pair = Secret::concat(&[username.expose(), ":", password.expose()]);
    let engine = &base64::engine::general_purpose::STANDARD;
    let len = base64::encoded_len(pair.expose().len(), true).expect("a header fits in memory");
    let mut encoded = Zeroizing::new(vec![0u8; len]);
    let written = engine
        .encode_slice(pair.expose(), &mut encoded)
        .expect("the buffer has the encoded length");
    let encoded = std::str::from_utf8(&encoded[..written]).expect("base64 is ASCII");
    Secret::concat(&["Basic ", encoded])
}

/// The one secret param a template is built on (`Bearer {api_key}` → the api key).
fn bare_secret(
    connector: &Connector,
    template: &str,
    values: &BTreeMap<String, Secret>,
) -> Option<Secret> {
    let secret_names: Vec<String> = connector::template::placeholders(template)
        .into_iter()
        .filter(|name| connector.param(name).is_some_and(|p| p.secret))
        .collect();
    match secret_names.as_slice() {
        [only] => values.get(only).cloned(),
        _ => None,
    }
}

/// Everything a command that uses a connection needs, resolved for one environment.
#[derive(Debug)]
pub struct Resolved {
    pub connection: Connection,
    pub connector: Connector,
    pub credential: Credential,
    /// When the OAuth2 access token expires, when known; API keys and passwords do not.
    pub expires_at: Option<time::OffsetDateTime>,
}

/// Loads `link` for `app` in the context's environment, refreshing OAuth2 tokens when due.
/// This is the hot path of `tether token`: it reads one connection, one account, one
/// connector and one vault record, whatever else is stored.
pub fn resolve(ctx: &Context, link: &str, app: Option<&str>) -> Result<Resolved> {
    resolve_in(ctx, link, ctx.env()?, app)
}

/// [`resolve`] in `env` rather than the run's environment (a reference's `@ENV`).
pub fn resolve_in(
    ctx: &Context,
    link: &str,
    env: crate::environment::Environment,
    app: Option<&str>,
) -> Result<Resolved> {
    // Inside `tether exec`, before anything is read: only what that exec exported.
    ctx.nesting().check(link, env)?;
    let (connection, account, secrets) = if let Ok(loaded) = load_consistent(ctx, link, app, env)? {
        loaded
    } else {
        // The files may have been read in the middle of another process's change: read them
        // again once that change is complete. What still does not fit is the answer.
        let _lock = store::lock_state(&ctx.paths)?;
        load_consistent(ctx, link, app, env)?.map_err(|e| e.into_error(&ctx.paths, link, env))?
    };
    ctx.audit().served(link, env, &account.label());
    if account.status == AccountStatus::NeedsReauthorization {
        return Err(CredentialError::NeedsReauthorization {
            link: link.to_owned(),
            env,
            reason: "the provider rejected the refresh token earlier".to_owned(),
        }
        .into());
    }
    // OAuth2 endpoints may name the connection's params (`{tenant}`, `{domain}`).
    let connector = crate::store::connectors::load(&ctx.paths, &connection.connector)?
        .with_params(|name| connection.params.get(name).cloned())?;
    let mut secrets = secrets;
    // The tokens were just read: only when they are due does the refresh engine (client app,
    // lock, re-read) have anything to do. This keeps a valid token to one vault read.
    let buffer = connector.oauth2().map_or(0, |o| o.expiry_buffer_secs);
    let due = secrets
        .oauth
        .as_ref()
        .is_none_or(|t| t.is_due(ctx.now(), buffer));
    if connector.auth.kind() == AuthType::OAuth2 && due {
        let values = param_values(&connection, &secrets);
        secrets.oauth = Some(fresh_tokens(ctx, &connector, &account, &values, link, env)?);
    }
    // After a refresh: a rotated refresh token may come with a new expiry.
    let mut account = account;
    if let Some(tokens) = &secrets.oauth {
        account.refresh_expires_at = tokens.refresh_expires_at;
    }
    if let Some(lapse) = account.lapses_within(ctx.now(), crate::expiry::window_or_default()) {
        crate::expiry::warn_once(ctx, &account.id, &account.label(), link, env, lapse);
    }
    let credential = Credential::new(&connector, &connection, &secrets)?;
    Ok(Resolved {
        expires_at: secrets.oauth.as_ref().and_then(|t| t.expires_at),
        connection,
        connector,
        credential,
    })
}

/// The connection, the account behind it in `env` and the account's secrets, or how they
/// do not fit together (which a concurrent change can cause for a moment).
fn load_consistent(
    ctx: &Context,
    link: &str,
    app: Option<&str>,
    env: crate::environment::Environment,
) -> Result<std::result::Result<(Connection, Account, Secrets), Misfit>> {
    let connection = store::connection::load(&ctx.paths, link)?;
    connection.check_access(app)?;
    let id = connection.account_for(env)?;
    let Some(account) = store::account::find(&ctx.paths, id)? else {
        return Ok(Err(Misfit::Missing(store::account::missing(id))));
    };
    let Some(secrets) = Secrets::load(ctx.vault()?, &account.record())? else {
        return Ok(Err(Misfit::Missing(
            CredentialError::SecretsMissing {
                account: account.label(),
                link: link.to_owned(),
                env,
            }
            .into(),
        )));
    };
    Ok(match secrets.check_serves(&account, &connection, env) {
        Ok(()) => Ok((connection, account, secrets)),
        Err(altered) => Err(Misfit::Altered(altered)),
    })
}

/// Why a connection, its account and its record do not fit together.
enum Misfit {
    /// The account's file or its record is gone.
    Missing(Error),
    Altered(Altered),
}

impl Misfit {
    fn into_error(
        self,
        paths: &crate::paths::Paths,
        link: &str,
        env: crate::environment::Environment,
    ) -> Error {
        match self {
            Self::Missing(e) => e,
            Self::Altered(altered) => altered.into_error(paths, link, env),
        }
    }
}

/// The account's OAuth2 tokens, refreshed first when due (once across processes).
/// `values` are the params the JWT bearer grant signs a new assertion with.
fn fresh_tokens(
    ctx: &Context,
    connector: &Connector,
    account: &Account,
    values: &BTreeMap<String, Secret>,
    link: &str,
    env: crate::environment::Environment,
) -> Result<crate::oauth::Tokens> {
    let store = AccountTokens {
        ctx,
        account,
        link,
        env,
    };
    let client = oauth_client(ctx, connector)?;
    let lock = refresh_lock(ctx, account);
    let provider = crate::oauth::Provider::new(ctx, connector, &client)?.with_values(values);
    crate::oauth::fresh_tokens_with(&provider, &lock, &store)
        .map_err(|e| rejected_grant(ctx, e, account, link, env))
}

/// `invalid_grant` from the provider, in terms of the connection: reauthorize it. A refresh
/// token the provider rotates is valid for one use only; its rejection most likely means
/// another copy of this home (a copied directory, another machine) used it first, and that
/// is said, with the account to authorize again.
fn rejected_grant(
    ctx: &Context,
    e: Error,
    account: &Account,
    link: &str,
    env: crate::environment::Environment,
) -> Error {
    let Error::OAuth(crate::oauth::OAuthError::InvalidGrant { reason }) = e else {
        return e;
    };
    // Read again: the engine stored what it learnt of the provider with the last tokens.
    let rotates = ctx
        .vault()
        .and_then(|vault| Secrets::load(vault, &account.record()))
        .ok()
        .flatten()
        .and_then(|s| s.oauth)
        .is_some_and(|t| t.refresh_rotates);
    if rotates {
        return CredentialError::RefreshedElsewhere {
            account: account.label(),
            link: link.to_owned(),
            env,
            reason,
        }
        .into();
    }
    CredentialError::NeedsReauthorization {
        link: link.to_owned(),
        env,
        reason,
    }
    .into()
}

/// The credential of `resolved` after the resource server answered HTTP 401 to it: the OAuth2
/// tokens refreshed once under the per-authorization lock (or the ones another process stored
/// meanwhile). `None` when the connector is not OAuth2 or its tokens cannot be renewed (no
/// refresh token): the 401 stands.
pub fn refresh_rejected(
    ctx: &Context,
    link: &str,
    resolved: &Resolved,
) -> Result<Option<Credential>> {
    let rejected = &resolved.credential.token;
    if resolved.connector.oauth2().is_none() {
        return Ok(None);
    }
    let env = ctx.env()?;
    let account = store::account::load(&ctx.paths, resolved.connection.account_for(env)?)?;
    let mut secrets = Secrets::load(ctx.vault()?, &account.record())?.unwrap_or_default();
    let renewable = secrets
        .oauth
        .as_ref()
        .is_some_and(|t| t.refresh_token.is_some())
        || resolved.connector.oauth2().is_some_and(|o| {
            matches!(
                o.grant,
                crate::connector::Grant::ClientCredentials | crate::connector::Grant::JwtBearer
            )
        });
    if !renewable {
        return Ok(None);
    }
    let client = oauth_client(ctx, &resolved.connector)?;
    let values = param_values(&resolved.connection, &secrets);
    let provider =
        crate::oauth::Provider::new(ctx, &resolved.connector, &client)?.with_values(&values);
    let store = AccountTokens {
        ctx,
        account: &account,
        link,
        env,
    };
    let lock = refresh_lock(ctx, &account);
    let tokens = crate::oauth::refresh_rejected(&provider, &lock, &store, rejected)
        .map_err(|e| rejected_grant(ctx, e, &account, link, env))?;
    secrets.oauth = Some(tokens);
    Credential::new(&resolved.connector, &resolved.connection, &secrets).map(Some)
}

/// The per-authorization lock that serializes refreshes of `account`'s tokens.
fn refresh_lock(ctx: &Context, account: &Account) -> std::path::PathBuf {
    ctx.paths
        .locks_dir()
        .join(format!("refresh-{}.lock", account.id))
}

/// The OAuth2 client app of a connector, or how to configure one. A JWT bearer connector has
/// none: its signed assertion is all the provider asks for.
pub fn oauth_client(ctx: &Context, connector: &Connector) -> Result<crate::oauth::ClientApp> {
    if connector
        .oauth2()
        .is_some_and(|o| o.grant == crate::connector::Grant::JwtBearer)
    {
        return Ok(crate::oauth::ClientApp::none());
    }
    let app =
        store::client_app::effective(&ctx.paths, || ctx.vault(), connector)?.ok_or_else(|| {
            CredentialError::NoClientId {
                connector: connector.id.clone(),
            }
        })?;
    Ok(crate::oauth::ClientApp {
        id: app.client_id,
        secret: app.client_secret,
    })
}

/// The refresh engine's view of one account: tokens in the vault, expiry and status in the
/// account's metadata. A refresh, done or refused, is an event of the audit log of its own.
struct AccountTokens<'a> {
    ctx: &'a Context,
    account: &'a Account,
    /// The connection and environment the tokens were needed for.
    link: &'a str,
    env: crate::environment::Environment,
}

impl AccountTokens<'_> {
    fn audit_refresh(&self, outcome: crate::audit::Outcome) {
        let event = crate::audit::Event::new("refresh")
            .link(self.link)
            .env(self.env)
            .account(&self.account.label())
            .outcome(outcome);
        self.ctx.audit().record(event);
    }
}

impl crate::oauth::TokenStore for AccountTokens<'_> {
    fn lock_refresh(&self, lock_path: &std::path::Path) -> Result<Box<dyn std::any::Any>> {
        let here = crate::safe_fs::FileLock::acquire(lock_path)?;
        // In a shared home another machine may have stored new tokens meanwhile.
        store::catch_up()?;
        Ok(Box::new(here))
    }

    fn lock_wider(&self) -> Result<Option<Box<dyn std::any::Any>>> {
        store::lock_shared(&format!("refresh-{}", self.account.id))
    }

    fn load(&self) -> Result<crate::oauth::Tokens> {
        // Re-read the status too: a process that waited for the refresh lock must not send a
        // refresh token another process just had rejected.
        let current = store::account::load(&self.ctx.paths, &self.account.id)?;
        if current.status == AccountStatus::NeedsReauthorization {
            return Err(crate::oauth::OAuthError::InvalidGrant {
                reason: "the provider rejected the refresh token earlier".to_owned(),
            }
            .into());
        }
        Secrets::load(self.ctx.vault()?, &self.account.record())?
            .and_then(|s| s.oauth)
            .ok_or_else(|| {
                CredentialError::TokensMissing {
                    account: self.account.label(),
                }
                .into()
            })
    }

    fn save(&self, tokens: &crate::oauth::Tokens) -> Result<()> {
        let lock = store::lock_state(&self.ctx.paths)?;
        let vault = self.ctx.vault()?;
        let record = self.account.record();
        // Re-read under the lock: another process may have released the account (deleted or
        // reauthorized its connection) during the refresh. Its record must not come back to
        // life with a refresh token that nothing references and nothing will revoke.
        let mut account = store::account::load(&self.ctx.paths, &self.account.id)?;
        let mut secrets = Secrets::load(vault, &record)?
            .filter(|_| account.status != AccountStatus::Released)
            .ok_or_else(|| released_meanwhile(&account))?;
        secrets.oauth = Some(tokens.clone());
        account.expires_at = tokens.expires_at;
        // Renewable stays renewable: a grant that renews itself holds no refresh token.
        account.refreshable |= tokens.refresh_token.is_some();
        account.refresh_expires_at = tokens.refresh_expires_at;
        account.refreshed_at = Some(tokens.issued_at.unwrap_or_else(|| self.ctx.now()));
        account.granted_scopes.clone_from(&tokens.scopes);
        // The record and the account file move to the next revision together.
        account.revision = account.revision.max(secrets.revision) + 1;
        let mut txn = store::Transaction::new();
        secrets.stage(vault, &mut txn, &account)?;
        store::account::stage(&self.ctx.paths, &mut txn, &account)?;
        txn.commit(&self.ctx.paths, &lock)?;
        self.audit_refresh(crate::audit::Outcome::Ok);
        Ok(())
    }

    fn mark_needs_reauthorization(&self, _reason: &str) -> Result<()> {
        let lock = store::lock_state(&self.ctx.paths)?;
        let mut account = store::account::load(&self.ctx.paths, &self.account.id)?;
        if account.status == AccountStatus::Released {
            return Err(released_meanwhile(&account));
        }
        account.status = AccountStatus::NeedsReauthorization;
        store::account::save(&self.ctx.paths, &lock, &account)?;
        let refused = crate::audit::Outcome::error(None, "refresh_token_rejected");
        self.audit_refresh(refused);
        Ok(())
    }
}

fn released_meanwhile(account: &Account) -> Error {
    CredentialError::ReleasedMeanwhile {
        account: account.label(),
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{Settings, Verbosity};
    use crate::oauth::TokenStore as _;
    use crate::paths::Paths;
    use crate::store::fingerprint::Configuration;
    use crate::ui::Recording;
    use crate::vault::{KeySources, Vault};

    fn context(home: &std::path::Path) -> Context {
        let paths = Paths::under(home);
        let sources = KeySources {
            vault_key: Some(Secret::from("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")),
            ..KeySources::none()
        };
        let vault = Vault::open(&paths, sources, None).unwrap();
        let settings = Settings {
            paths,
            envs: Vec::new(),
            json: false,
        };
        Context::new(settings, Box::new(Recording::new(Verbosity::Quiet))).with_vault(vault)
    }

    fn account(status: AccountStatus) -> Account {
        let configuration = Configuration::new("acme", Some("cid"), &[], &BTreeMap::new());
        Account {
            id: "00ff".into(),
            name: Some("alice".into()),
            fingerprint: configuration.fingerprint(),
            configuration,
            os_user: "u".into(),
            authorized_by: "u@h".into(),
            authorized_at: time::OffsetDateTime::UNIX_EPOCH,
            origin_link: "a".into(),
            origin_env: crate::environment::Environment::Development,
            granted_scopes: Vec::new(),
            expires_at: None,
            refreshable: true,
            refresh_expires_at: None,
            key_expires_at: None,
            refreshed_at: None,
            status,
            revision: 0,
            identity: None,
        }
    }

    fn tokens(access: &str) -> crate::oauth::Tokens {
        crate::oauth::Tokens {
            access_token: Secret::from(access),
            refresh_token: Some(Secret::from("rotated")),
            token_type: "Bearer".into(),
            expires_at: None,
            issued_at: None,
            refresh_expires_at: None,
            refresh_rotates: false,
            scopes: Vec::new(),
            captured: std::collections::BTreeMap::new(),
            id_token: None,
        }
    }

    #[test]
    fn basic_authorization_is_rfc_7617() {
        // The example of RFC 7617 §2.
        let header = basic_authorization(&Secret::from("Aladdin"), &Secret::from("open sesame"));
        assert_eq!(header.expose(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        let header = basic_authorization(&Secret::from("u"), &Secret::from("pässwörd"));
        assert_eq!(header.expose(), "Basic dTpww6Rzc3fDtnJk");
    }

    #[test]
    fn a_refresh_does_not_bring_back_a_released_account() {
        let home = tempfile::tempdir().unwrap();
        let ctx = context(home.path());
        let released = account(AccountStatus::Released);
        let lock = store::lock_state(&ctx.paths).unwrap();
        store::account::save(&ctx.paths, &lock, &released).unwrap();
        drop(lock);
        let store = AccountTokens {
            ctx: &ctx,
            account: &released,
            link: "a",
            env: crate::environment::Environment::Development,
        };
        assert_eq!(store.save(&tokens("new")).unwrap_err().exit_code(), 3);
        assert!(store.mark_needs_reauthorization("x").is_err());
        let vault = ctx.vault().unwrap();
        assert!(vault.get(&released.record()).unwrap().is_none());
        let on_disk = store::account::load(&ctx.paths, &released.id).unwrap();
        assert_eq!(on_disk.status, AccountStatus::Released);
    }

    #[test]
    fn a_refresh_replaces_the_tokens_and_keeps_the_params() {
        let home = tempfile::tempdir().unwrap();
        let ctx = context(home.path());
        let connected = account(AccountStatus::Connected);
        let mut secrets = Secrets {
            params: BTreeMap::from([("site".to_owned(), Secret::from("kept"))]),
            oauth: Some(tokens("old")),
            ..Secrets::default()
        };
        let lock = store::lock_state(&ctx.paths).unwrap();
        let mut txn = store::Transaction::new();
        secrets
            .stage(ctx.vault().unwrap(), &mut txn, &connected)
            .unwrap();
        store::account::stage(&ctx.paths, &mut txn, &connected).unwrap();
        txn.commit(&ctx.paths, &lock).unwrap();
        drop(lock);
        let store = AccountTokens {
            ctx: &ctx,
            account: &connected,
            link: "a",
            env: crate::environment::Environment::Development,
        };
        store.save(&tokens("new")).unwrap();
        assert_eq!(store.load().unwrap().access_token.expose(), "new");
        let stored = Secrets::load(ctx.vault().unwrap(), &connected.record())
            .unwrap()
            .unwrap();
        assert_eq!(stored.params["site"].expose(), "kept");
        let on_disk = store::account::load(&ctx.paths, &connected.id).unwrap();
        assert_eq!((stored.revision, on_disk.revision), (1, 1));
    }
}
