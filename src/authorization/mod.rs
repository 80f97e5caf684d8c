//! Authorizations: an account linked to a connection in one or more environments. Making one
//! means choosing (or reusing) the account, collecting its secrets, running the OAuth2 flow
//! when the connector needs it, and recording the bindings; what they replace is released
//! (see [`release`]). Shared by `connection create --authorize`, `authorize`, `reauthorize`
//! and `reuse`. The OAuth2 flows themselves are in `oauth`.

mod choice;
mod error;
mod inputs;
pub(crate) mod release;
pub(crate) mod removal;
mod signed_in;

use crate::connector::{AuthType, Connector};
use crate::context::Context;
use crate::environment::Environment;
use crate::error::Result;
use crate::store::account::{self, Account, AccountStatus};
use crate::store::bindings::{self, Rebinding};
use crate::store::connection::{self, Connection, EnvAccount};
use crate::store::fingerprint::Configuration;
use crate::store::secrets::Secrets;
use crate::store::{self, Transaction};

use crate::identity::Reading;
use choice::{Choice, Named, Wanted};
pub use error::AuthorizeError;
pub(crate) use inputs::{ask_value, check_choice, unknown_param};
pub(crate) use release::Released;

/// Which command is authorizing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// `authorize` and `create --authorize`: only environments not yet authorized.
    #[default]
    Authorize,
    /// `reauthorize`: link another account (or the same one, authorized again).
    Reauthorize,
    /// `reuse`: map an existing account; never asks for credentials.
    Reuse,
}

/// What the person asked for.
#[derive(Debug, Default)]
pub struct Request {
    pub mode: Mode,
    pub all_envs: bool,
    /// `--account NAME` (or `LINK@ENV` for an unnamed account).
    pub account: Option<String>,
    /// `reuse --name-account NEW`: the name an unnamed account gets.
    pub name_account: Option<String>,
    /// `--param K=V` as typed (values not yet read).
    pub params: Vec<(String, String)>,
    pub oauth: OAuthOptions,
    /// `--expires`: when the API key or password being stored stops working.
    pub key_expires: Option<crate::expiry::KeyExpiry>,
}

/// How to run the OAuth2 flow, as the person asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OAuthOptions {
    /// `None`: client credentials for machine connectors, else the browser.
    pub flow: Option<crate::oauth::Flow>,
    /// False with `--no-browser`: the URL is only printed.
    pub open_browser: bool,
    pub port: Option<u16>,
    /// `None`: 300 s for the browser, the code's own lifetime for the device flow.
    pub timeout_secs: Option<u64>,
}

/// What happened, for the message and for revocation.
#[derive(Debug)]
pub(crate) struct Outcome {
    pub account: Account,
    pub envs: Vec<Environment>,
    pub reused: bool,
    /// The account was reused because it holds the very `--param` values given.
    pub same_values: bool,
    /// What the change did to other accounts, one sentence each.
    pub notes: Vec<String>,
    /// Requested scopes the provider did not grant (default scopes left out).
    pub not_granted: Vec<String>,
    /// Accounts (or old tokens) that no longer serve anything.
    pub released: Vec<Released>,
}

/// Authorizes `link` as `request` says and records it.
pub(crate) fn authorize(ctx: &Context, link: &str, request: &Request) -> Result<Outcome> {
    let connection = connection::load(&ctx.paths, link)?;
    authorize_connection(ctx, &connection, false, request)
}

/// Create and authorize in one step: `connection` is stored together with its first
/// authorization, so a failure (or Ctrl-C while waiting for the browser) leaves nothing.
pub(crate) fn create_and_authorize(
    ctx: &Context,
    connection: &Connection,
    request: &Request,
) -> Result<Outcome> {
    authorize_connection(ctx, connection, true, request)
}

fn authorize_connection(
    ctx: &Context,
    connection: &Connection,
    is_new: bool,
    request: &Request,
) -> Result<Outcome> {
    // Before any question or param is read: nothing typed is lost for want of a vault key.
    if request.mode != Mode::Reuse {
        ctx.vault_for_secrets()?;
    }
    let link = connection.link_name.clone();
    // OAuth2 endpoints may name the connection's params (`{tenant}`, `{domain}`).
    let connector = crate::store::connectors::load(&ctx.paths, &connection.connector)?
        .with_params(|name| connection.params.get(name).cloned())?;
    let key_expires_at = key_expiry(ctx, &connector, request)?;
    let envs = inputs::choose_envs(ctx, connection, request.all_envs)?;
    if request.mode != Mode::Reauthorize {
        inputs::refuse_authorized(connection, &envs)?;
    }
    let client = match connector.auth.kind() {
        AuthType::OAuth2 => Some(client_app(ctx, &connector)?),
        _ => None,
    };
    let configuration = Configuration::new(
        &connector.id,
        // A JWT bearer connector has no client app, and so no client id.
        client
            .as_ref()
            .map(|c| c.id.as_str())
            .filter(|id| !id.is_empty()),
        &connection.scopes,
        &connection.params,
    );
    let wanted = Wanted {
        mode: request.mode,
        name_after: crate::identity::may_be_known(&connector, &connection.scopes),
        account: request.account.as_deref(),
        name_account: request.name_account.as_deref(),
        envs: &envs,
    };
    let choice = choice::choose(ctx, connection, &configuration, &wanted)?;
    let before = signed_in::before(ctx, connection, &envs)?;
    let mut same_values = false;
    let client_id = client.as_ref().map(|c| c.id.as_str());
    let fresh = |ctx: &Context, account: Option<String>| -> Result<(Secrets, Reading)> {
        let about = authorizing(&link, &envs, account);
        let secrets = obtain_secrets(
            ctx,
            &connector,
            connection,
            client.as_ref(),
            request,
            &about,
        )?;
        let reading = crate::identity::read(ctx, &connector, connection, &secrets, client_id);
        Ok((secrets, reading))
    };
    let (account, secrets, reused, reading) = match choice {
        Choice::Reuse(account) => {
            same_values = check_reused_values(ctx, &connector, &link, &account, request)?;
            (*account, None, true, Reading::Unknown)
        }
        Choice::Renew(account) => {
            let (secrets, reading) = fresh(ctx, Some(account.label()))?;
            (*account, Some(secrets), false, reading)
        }
        Choice::New(name) => {
            let (secrets, reading) = fresh(ctx, name.clone())?;
            let account = new_account(ctx, name, connection, &configuration, &envs)?;
            (account, Some(secrets), false, reading)
        }
        Choice::NameAfter => {
            let (secrets, reading) = fresh(ctx, None)?;
            let account =
                match choice::name_after(ctx, connection, &configuration, reading.identity())? {
                    Named::Renew(account) => *account,
                    Named::New(name) => {
                        new_account(ctx, Some(name), connection, &configuration, &envs)?
                    }
                };
            (account, Some(secrets), false, reading)
        }
    };
    let account = match &secrets {
        Some(secrets) => stamp(ctx, account, secrets, &reading, &connector, key_expires_at),
        None => account,
    };
    let mut notes = signed_in::notes(ctx, &link, &account, &reading, &before)?;
    let new_connection = is_new.then_some(connection);
    let rebound = record(
        ctx,
        &link,
        new_connection,
        &envs,
        &account,
        secrets.as_ref(),
        request.mode,
    )?;
    let not_granted = not_granted(&connection.scopes, secrets.as_ref());
    notes.extend(rebound.notes);
    Ok(Outcome {
        account,
        envs,
        reused,
        same_values,
        notes,
        not_granted,
        released: rebound.released,
    })
}

/// When the key being stored expires, from `--expires`: only API keys and passwords are
/// dated by the person, and only in the future.
fn key_expiry(
    ctx: &Context,
    connector: &Connector,
    request: &Request,
) -> Result<Option<time::OffsetDateTime>> {
    let Some(expires) = request.key_expires else {
        return Ok(None);
    };
    if connector.auth.kind() == AuthType::OAuth2 {
        return Err(AuthorizeError::ExpiresForOAuth {
            connector: connector.id.clone(),
        }
        .into());
    }
    let now = ctx.now();
    let at = expires.at(now);
    if at <= now {
        return Err(AuthorizeError::ExpiresInPast {
            at: crate::ui::rfc3339(at),
        }
        .into());
    }
    Ok(Some(at))
}

/// The connector's OAuth2 client app. In a terminal, one that is not configured yet is asked
/// for (and saved, as `tether connector configure` would).
fn client_app(ctx: &Context, connector: &Connector) -> Result<crate::oauth::ClientApp> {
    let needs_app = connector
        .oauth2()
        .is_some_and(|o| o.grant != crate::connector::Grant::JwtBearer);
    if let (true, None, Some(prompter)) = (
        needs_app,
        store::client_app::effective(&ctx.paths, || ctx.vault(), connector)?,
        ctx.try_prompter(),
    ) {
        ctx.ui().notice(&format!(
            "connector `{}` needs an OAuth2 client app: register one with the provider{}, with the redirect URI printed by `tether connector show {}`",
            connector.id,
            connector.docs.as_deref().map_or_else(String::new, |d| format!(" (see {d})")),
            connector.id
        ));
        let id = prompter.input("OAuth2 client id", None)?;
        let secret = if prompter.confirm("Does the app have a client secret?", false)? {
            Some(prompter.secret("OAuth2 client secret")?)
        } else {
            None
        };
        let lock = store::lock_state(&ctx.paths)?;
        let vault = || ctx.vault();
        store::client_app::configure(
            &ctx.paths,
            &lock,
            vault,
            connector,
            id.trim(),
            secret.as_ref(),
        )?;
    }
    crate::credential::oauth_client(ctx, connector)
}

/// Refuses `--param` values other than those a reused account holds, and `--expires` (no key
/// is stored); whether there were values (all the same, then).
fn check_reused_values(
    ctx: &Context,
    connector: &Connector,
    link: &str,
    account: &Account,
    request: &Request,
) -> Result<bool> {
    if request.key_expires.is_some() {
        return Err(AuthorizeError::ExpiresOnReuse {
            label: account.label(),
            link: link.to_owned(),
        }
        .into());
    }
    if request.params.is_empty() {
        return Ok(false);
    }
    let stored = Secrets::load(ctx.vault()?, &account.record())?.unwrap_or_default();
    inputs::refuse_new_values(
        connector,
        &account.label(),
        link,
        &stored.params,
        &request.params,
    )?;
    Ok(true)
}

/// A new account of `configuration`, first authorized for `connection` in `envs`.
fn new_account(
    ctx: &Context,
    name: Option<String>,
    connection: &Connection,
    configuration: &Configuration,
    envs: &[Environment],
) -> Result<Account> {
    let (os_user, authorized_by) = account::current_user();
    Ok(Account {
        id: account::new_id()?,
        name,
        fingerprint: configuration.fingerprint(),
        configuration: configuration.clone(),
        os_user,
        authorized_by,
        authorized_at: ctx.now(),
        origin_link: connection.link_name.clone(),
        origin_env: envs[0],
        granted_scopes: Vec::new(),
        expires_at: None,
        refreshable: false,
        refresh_expires_at: None,
        key_expires_at: None,
        refreshed_at: None,
        status: AccountStatus::Connected,
        revision: 0,
        identity: None,
    })
}

/// Marks `account` as authorized now, by this user, with what `secrets` hold, as `reading`
/// says it is, its key expiring at `key_expires_at` when that is known.
fn stamp(
    ctx: &Context,
    mut account: Account,
    secrets: &Secrets,
    reading: &Reading,
    connector: &Connector,
    key_expires_at: Option<time::OffsetDateTime>,
) -> Account {
    account.identity = reading.identity().cloned();
    account.key_expires_at = key_expires_at;
    account.authorized_by = account::current_user().1;
    account.authorized_at = ctx.now();
    account.status = AccountStatus::Connected;
    let tokens = secrets.oauth.as_ref();
    account.granted_scopes = tokens.map(|t| t.scopes.clone()).unwrap_or_default();
    account.expires_at = tokens.and_then(|t| t.expires_at);
    // Client credentials and JWT bearer tokens are obtained anew, as the first one was.
    let renews_itself = connector.oauth2().is_some_and(|o| {
        matches!(
            o.grant,
            crate::connector::Grant::ClientCredentials | crate::connector::Grant::JwtBearer
        )
    });
    account.refreshable = tokens.is_some_and(|t| t.refresh_token.is_some() || renews_itself);
    account.refresh_expires_at = tokens.and_then(|t| t.refresh_expires_at);
    account.refreshed_at = None;
    account
}

/// Collects the params and, for OAuth2, runs the flow.
fn obtain_secrets(
    ctx: &Context,
    connector: &Connector,
    connection: &connection::Connection,
    client: Option<&crate::oauth::ClientApp>,
    request: &Request,
    about: &crate::oauth::Authorizing,
) -> Result<Secrets> {
    let params = inputs::collect_params(ctx, connector, connection, &request.params)?;
    let oauth = match client {
        Some(client) => {
            // The JWT bearer grant signs with the params just collected.
            let mut values: std::collections::BTreeMap<String, crate::secret::Secret> = connection
                .params
                .iter()
                .map(|(k, v)| (k.clone(), crate::secret::Secret::from(v.as_str())))
                .collect();
            values.extend(params.iter().map(|(k, v)| (k.clone(), v.clone())));
            let tokens = obtain_tokens(
                ctx,
                connector,
                client,
                &values,
                &connection.scopes,
                &request.oauth,
                about,
            )?;
            Some(tokens)
        }
        None => None,
    };
    Ok(Secrets {
        params,
        oauth,
        ..Secrets::default()
    })
}

/// Saves an authorization under the state lock as one transaction: the account's vault
/// record and file, the connection's bindings, and the release of accounts it replaces.
fn record(
    ctx: &Context,
    link: &str,
    new_connection: Option<&Connection>,
    envs: &[Environment],
    account: &Account,
    secrets: Option<&Secrets>,
    mode: Mode,
) -> Result<release::Rebound> {
    release::open_vault_before_locking(ctx)?;
    let lock = store::lock_state(&ctx.paths)?;
    // Re-read: another process may have changed things while we were prompting.
    let mut connection = match new_connection {
        Some(_) if connection::find(&ctx.paths, link)?.is_some() => {
            return Err(crate::store::StoreError::ConnectionExists {
                link: link.to_owned(),
            }
            .into());
        }
        Some(new) => new.clone(),
        None => connection::load(&ctx.paths, link)?,
    };
    if mode != Mode::Reauthorize {
        inputs::refuse_authorized(&connection, envs)?;
    }
    if let Some(name) = &account.name
        && account::with_label(&ctx.paths, name)?
            .iter()
            .any(|other| other.id != account.id && other.fingerprint == account.fingerprint)
    {
        return Err(AuthorizeError::NameTaken { name: name.clone() }.into());
    }
    let vault = ctx.vault()?;
    let mut released = Vec::new();
    let before = bindings::stored_bindings(&ctx.paths, link)?;
    for env in envs {
        let binding = EnvAccount {
            account: account.id.clone(),
        };
        connection.environments.insert(*env, binding);
    }
    let mut rebinding = Rebinding::new(&ctx.paths, vault);
    match secrets {
        Some(secrets) => {
            // Renewing: the tokens being replaced are revoked afterwards. A record that no
            // longer opens is what this authorization replaces (the rebinding says so).
            let old = Secrets::load(vault, &account.record()).ok().flatten();
            if let Some(old) = old.and_then(|s| s.oauth) {
                released.push(Released {
                    account: account::load(&ctx.paths, &account.id)?,
                    tokens: Some(old),
                    removed: false,
                });
            }
            rebinding.authorized(account.clone(), secrets.clone())?;
        }
        // A reused account keeps its secrets; its record gains the new uses.
        None => rebinding.name(&account.id, account.name.clone())?,
    }
    rebinding.rebind(link, &before, &connection.environments)?;
    let mut txn = Transaction::new();
    connection::stage(&ctx.paths, &mut txn, &connection)?;
    let (unused, notes) = rebinding.stage(&mut txn)?;
    txn.commit(&ctx.paths, &lock)?;
    released.extend(unused);
    Ok(release::Rebound { released, notes })
}

/// What the browser's success page says was authorized; `account` when its name is known.
fn authorizing(
    link: &str,
    envs: &[crate::environment::Environment],
    account: Option<String>,
) -> crate::oauth::Authorizing {
    crate::oauth::Authorizing {
        connection: link.to_owned(),
        environments: envs.iter().map(|e| e.as_str().to_owned()).collect(),
        account,
    }
}

/// Runs the OAuth2 flow. Without `--flow`: the connector's own for machine connectors (client
/// credentials, JWT bearer), otherwise the browser (its URL is always printed, so it also
/// serves SSH sessions).
fn obtain_tokens(
    ctx: &Context,
    connector: &Connector,
    client: &crate::oauth::ClientApp,
    values: &std::collections::BTreeMap<String, crate::secret::Secret>,
    scopes: &[String],
    options: &OAuthOptions,
    about: &crate::oauth::Authorizing,
) -> Result<crate::oauth::Tokens> {
    use crate::oauth::Flow;
    let flow = options
        .flow
        .unwrap_or_else(|| connector.oauth2().map_or(Flow::Browser, Flow::default_for));
    let flow_options = crate::oauth::FlowOptions {
        open_browser: options.open_browser,
        port: options.port,
        timeout: options.timeout_secs.map(std::time::Duration::from_secs),
    };
    crate::oauth::Provider::new(ctx, connector, client)?
        .with_values(values)
        .with_about(about)
        .run_flow(scopes, flow, &flow_options)
}

/// Every requested scope (the connector's defaults included) the provider did not grant, when
/// it said what it granted. `offline_access` is granted when a refresh token came: providers
/// that act on it often leave it out of `scope`.
fn not_granted(requested: &[String], secrets: Option<&Secrets>) -> Vec<String> {
    let Some(tokens) = secrets.and_then(|s| s.oauth.as_ref()) else {
        return Vec::new();
    };
    account::scopes_not_granted(requested, &tokens.scopes, tokens.refresh_token.is_some())
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::context::{Settings, Verbosity};
    use crate::paths::Paths;
    use crate::prompt::Prompter;
    use crate::secret::Secret;
    use crate::ui::Recording;
    use crate::vault::{KeySources, Vault};

    const PASSPHRASE: &str = "correct horse battery";

    /// Answers only the vault passphrase, noting each time whether the state lock was free.
    struct PassphrasePrompter {
        state_lock: std::path::PathBuf,
        lock_was_free: Arc<Mutex<Vec<bool>>>,
    }

    impl Prompter for PassphrasePrompter {
        fn input(&self, prompt: &str, _: Option<&str>) -> Result<String> {
            panic!("unexpected prompt {prompt}")
        }
        fn secret(&self, prompt: &str) -> Result<Secret> {
            assert_eq!(prompt, "Vault passphrase");
            let file = std::fs::File::create(&self.state_lock).unwrap();
            let free = file.try_lock().is_ok();
            self.lock_was_free.lock().unwrap().push(free);
            Ok(Secret::from(PASSPHRASE))
        }
        fn confirm(&self, prompt: &str, _: bool) -> Result<bool> {
            panic!("unexpected prompt {prompt}")
        }
        fn select(&self, prompt: &str, _: &[String], _: usize) -> Result<usize> {
            panic!("unexpected prompt {prompt}")
        }
        fn multi_select(&self, prompt: &str, _: &[String], _: &[bool]) -> Result<Vec<usize>> {
            panic!("unexpected prompt {prompt}")
        }
    }

    /// A person typing the passphrase must not hold up every other tether process's writes.
    #[test]
    fn the_passphrase_is_asked_for_before_the_state_lock_is_taken() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        Vault::init(&paths, KeySources::none(), Some(&Secret::from(PASSPHRASE))).unwrap();
        let lock_was_free = Arc::default();
        let prompter = PassphrasePrompter {
            state_lock: paths.state_lock(),
            lock_was_free: Arc::clone(&lock_was_free),
        };
        let settings = Settings {
            paths: paths.clone(),
            envs: vec![Environment::Development],
            json: false,
        };
        let ui = Recording::new(Verbosity::Quiet).with_prompter(Box::new(prompter));
        let ctx = Context::new(settings, Box::new(ui));
        let connection = connection::Connection {
            link_name: "ai".into(),
            display_name: "ai".into(),
            connector: "anthropic".into(),
            scopes: Vec::new(),
            params: std::collections::BTreeMap::new(),
            same_for_all_environments: false,
            access: Vec::new(),
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            environments: std::collections::BTreeMap::new(),
        };
        let lock = store::lock_state(&paths).unwrap();
        connection::save(&paths, &lock, &connection).unwrap();
        drop(lock);
        let request = Request {
            account: Some("me".into()),
            params: vec![("api_key".into(), "k-1".into())],
            ..Request::default()
        };
        authorize(&ctx, "ai", &request).unwrap();
        assert_eq!(*lock_was_free.lock().unwrap(), [true]);
    }
}
