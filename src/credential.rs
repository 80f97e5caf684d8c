//! Turning an authorization into what a request or a program needs: the bare secret, the
//! HTTP header, and the values templates can use.

use std::collections::BTreeMap;

use base64::Engine as _;

use crate::connector::{self, AuthType, Connector, Placement};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::store::account::{Account, AccountStatus};
use crate::store::connection::Connection;
use crate::store::secrets::Secrets;
use crate::store::{self};

/// The credential of one environment of a connection, ready to use.
#[derive(Debug)]
pub struct Credential {
    /// What `tether token` prints.
    pub token: Secret,
    /// Where the credential goes on a request.
    pub placement: Applied,
    /// Every value templates may use: params, and the built-in names of SPEC §3.
    pub values: BTreeMap<String, Secret>,
}

/// How the credential is applied to a request.
#[derive(Debug)]
pub enum Applied {
    Header { name: String, value: Secret },
    Query { name: String, value: Secret },
}

impl Credential {
    /// Builds the credential from a connection's params and an account's secrets.
    pub fn new(connector: &Connector, connection: &Connection, secrets: &Secrets) -> Result<Self> {
        let mut values: BTreeMap<String, Secret> = connection
            .params
            .iter()
            .map(|(k, v)| (k.clone(), Secret::from(v.as_str())))
            .collect();
        values.extend(secrets.params.iter().map(|(k, v)| (k.clone(), v.clone())));
        let render = |template: &str, values: &BTreeMap<String, Secret>| {
            connector::template::render(template, |name| {
                values.get(name).map(|v| v.expose().to_owned())
            })
            .map(Secret::new)
        };
        let missing = |what: &str| {
            Error::invalid(
                format!("connector `{}` has no [{what}] section", connector.id),
                format!(
                    "fix the connector with `tether connector export {}` and import",
                    connector.id
                ),
            )
        };
        let (token, placement) = match connector.auth {
            AuthType::Basic => {
                let basic = connector.basic.as_ref().ok_or_else(|| missing("basic"))?;
                let username = render(&basic.username, &values)?;
                let password = render(&basic.password, &values)?;
                let pair = Secret::new(format!("{}:{}", username.expose(), password.expose()));
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair.expose());
                let header = Applied::Header {
                    name: "Authorization".to_owned(),
                    value: Secret::new(format!("Basic {encoded}")),
                };
                values.entry("username".to_owned()).or_insert(username);
                values
                    .entry("password".to_owned())
                    .or_insert_with(|| password.clone());
                (password, header)
            }
            AuthType::ApiKey => {
                let api_key = connector
                    .api_key
                    .as_ref()
                    .ok_or_else(|| missing("api_key"))?;
                let value = render(&api_key.value, &values)?;
                let bare = bare_secret(connector, &api_key.value, &values)
                    .unwrap_or_else(|| value.clone());
                values
                    .entry("api_key".to_owned())
                    .or_insert_with(|| bare.clone());
                let name = api_key.name.clone();
                let applied = match api_key.placement {
                    Placement::Header => Applied::Header { name, value },
                    Placement::Query => Applied::Query { name, value },
                };
                (bare, applied)
            }
            AuthType::OAuth2 => {
                let tokens = secrets.oauth.as_ref().ok_or_else(|| {
                    Error::Internal(format!(
                        "the account behind `{}` holds no OAuth2 tokens",
                        connection.link_name
                    ))
                })?;
                let access = tokens.access_token.clone();
                let kind = if tokens.token_type.eq_ignore_ascii_case("bearer")
                    || tokens.token_type.is_empty()
                {
                    "Bearer"
                } else {
                    tokens.token_type.as_str()
                };
                let header = Applied::Header {
                    name: "Authorization".to_owned(),
                    value: Secret::new(format!("{kind} {}", access.expose())),
                };
                values.insert("access_token".to_owned(), access.clone());
                (access, header)
            }
        };
        Ok(Self {
            token,
            placement,
            values,
        })
    }

    /// The header line `Name: value`, or why there is none.
    pub fn header_line(&self, link: &str) -> Result<Secret> {
        match &self.placement {
            Applied::Header { name, value } => {
                Ok(Secret::new(format!("{name}: {}", value.expose())))
            }
            Applied::Query { name, .. } => Err(Error::invalid(
                format!(
                    "connection `{link}` sends its key as the query parameter `{name}`, not a header"
                ),
                format!("use `tether token {link}` and add ?{name}=… yourself, or `tether invoke`"),
            )),
        }
    }
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
}

/// Loads `link` for `app` in the context's environment, refreshing OAuth2 tokens when due.
/// This is the hot path of `tether token`: it reads one connection, one account, one
/// connector and one vault record, whatever else is stored.
pub fn resolve(ctx: &Context, link: &str, app: Option<&str>) -> Result<Resolved> {
    let connection = store::connection::load(&ctx.paths, link)?;
    connection.check_access(app)?;
    let env = ctx.env()?;
    let account = store::account::load(&ctx.paths, connection.account_for(env)?)?;
    if account.status == AccountStatus::NeedsReauthorization {
        return Err(Error::NeedsReauthorization {
            link: link.to_owned(),
            env,
            reason: "the provider rejected the refresh token earlier".to_owned(),
        });
    }
    let connector = connector::load(&ctx.paths, &connection.connector)?;
    let mut secrets = Secrets::load(ctx.vault()?, &account.record())?.ok_or_else(|| {
        Error::vault(
            format!(
                "the secrets of account `{}` are missing from the vault",
                account.label()
            ),
            format!("run `tether connection reauthorize {link} --env {env} --account NAME`"),
        )
    })?;
    if connector.auth == AuthType::OAuth2 {
        secrets.oauth = Some(fresh_tokens(ctx, &connector, &account, link, env)?);
    }
    let credential = Credential::new(&connector, &connection, &secrets)?;
    Ok(Resolved {
        connection,
        connector,
        credential,
    })
}

/// The account's OAuth2 tokens, refreshed first when due (once across processes).
fn fresh_tokens(
    ctx: &Context,
    connector: &Connector,
    account: &Account,
    link: &str,
    env: crate::environment::Environment,
) -> Result<crate::oauth::Tokens> {
    let store = AccountTokens { ctx, account };
    let client = oauth_client(ctx, connector)?;
    let lock = refresh_lock(ctx, account);
    crate::oauth::fresh_tokens(ctx, connector, &client, &lock, &store)
        .map_err(|e| rejected_grant(e, link, env))
}

/// `invalid_grant` from the provider, in terms of the connection: reauthorize it.
fn rejected_grant(e: Error, link: &str, env: crate::environment::Environment) -> Error {
    match e {
        Error::InvalidGrant { reason } => Error::NeedsReauthorization {
            link: link.to_owned(),
            env,
            reason,
        },
        other => other,
    }
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
    if resolved.connector.auth != AuthType::OAuth2 {
        return Ok(None);
    }
    let env = ctx.env()?;
    let account = store::account::load(&ctx.paths, resolved.connection.account_for(env)?)?;
    let mut secrets = Secrets::load(ctx.vault()?, &account.record())?.unwrap_or_default();
    let renewable = secrets
        .oauth
        .as_ref()
        .is_some_and(|t| t.refresh_token.is_some())
        || resolved
            .connector
            .oauth2
            .as_ref()
            .is_some_and(|o| o.grant == crate::connector::Grant::ClientCredentials);
    if !renewable {
        return Ok(None);
    }
    let client = oauth_client(ctx, &resolved.connector)?;
    let provider = crate::oauth::Provider::new(ctx, &resolved.connector, &client)?;
    let store = AccountTokens {
        ctx,
        account: &account,
    };
    let lock = refresh_lock(ctx, &account);
    let tokens = crate::oauth::refresh_rejected(&provider, &lock, &store, rejected)
        .map_err(|e| rejected_grant(e, link, env))?;
    secrets.oauth = Some(tokens);
    Credential::new(&resolved.connector, &resolved.connection, &secrets).map(Some)
}

/// The per-authorization lock that serializes refreshes of `account`'s tokens.
fn refresh_lock(ctx: &Context, account: &Account) -> std::path::PathBuf {
    ctx.paths
        .locks_dir()
        .join(format!("refresh-{}.lock", account.id))
}

/// Revokes `tokens` at the provider, best-effort; says what happened.
pub fn revoke(
    ctx: &Context,
    connector: &Connector,
    client: &crate::oauth::Client,
    tokens: &crate::oauth::Tokens,
) -> String {
    match crate::oauth::revoke(ctx, connector, client, tokens) {
        Ok(outcome) => outcome.to_string(),
        Err(e) => format!("not revoked: {e}"),
    }
}

/// The OAuth2 client app of a connector, or how to configure one.
pub fn oauth_client(ctx: &Context, connector: &Connector) -> Result<crate::oauth::Client> {
    let app = connector::client(ctx, connector)?.ok_or_else(|| {
        Error::invalid(
            format!("connector `{}` has no OAuth2 client id", connector.id),
            format!(
                "register an app with the provider, then run `tether connector configure {} --client-id ID [--client-secret @FILE]`",
                connector.id
            ),
        )
    })?;
    Ok(crate::oauth::Client {
        id: app.client_id,
        secret: app.client_secret,
    })
}

/// The refresh engine's view of one account: tokens in the vault, expiry and status in the
/// account's metadata.
struct AccountTokens<'a> {
    ctx: &'a Context,
    account: &'a Account,
}

impl crate::oauth::TokenStore for AccountTokens<'_> {
    fn load(&self) -> Result<crate::oauth::Tokens> {
        Secrets::load(self.ctx.vault()?, &self.account.record())?
            .and_then(|s| s.oauth)
            .ok_or_else(|| {
                Error::vault(
                    format!(
                        "the tokens of account `{}` are missing from the vault",
                        self.account.label()
                    ),
                    "reauthorize the connection",
                )
            })
    }

    fn save(&self, tokens: &crate::oauth::Tokens) -> Result<()> {
        let _lock = store::lock_state(&self.ctx.paths)?;
        let vault = self.ctx.vault()?;
        let record = self.account.record();
        let mut secrets = Secrets::load(vault, &record)?.unwrap_or_default();
        secrets.oauth = Some(tokens.clone());
        secrets.save(vault, &record)?;
        let mut account = store::account::load(&self.ctx.paths, &self.account.id)?;
        account.expires_at = tokens.expires_at;
        account.refreshable = tokens.refresh_token.is_some();
        account.granted_scopes.clone_from(&tokens.scopes);
        store::account::save(&self.ctx.paths, &account)
    }

    fn mark_needs_reauthorization(&self, _reason: &str) -> Result<()> {
        let _lock = store::lock_state(&self.ctx.paths)?;
        let mut account = store::account::load(&self.ctx.paths, &self.account.id)?;
        account.status = AccountStatus::NeedsReauthorization;
        store::account::save(&self.ctx.paths, &account)
    }
}
