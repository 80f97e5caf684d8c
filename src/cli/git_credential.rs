//! `tether git-credential get|store|erase`: git's credential helper, answering for the hosts
//! the connections' connectors serve (`[git]`), never prompting.

use std::io::Read as _;

use clap::{Args, ValueEnum};
use zeroize::Zeroizing;

use crate::audit::Subject;
use crate::connector::{AuthType, template};
use crate::context::{Context, Verbosity};
use crate::error::{Error, Result};
use crate::git::{Answer, Request, Served};
use crate::secret::Secret;

/// Answer git's requests for credentials with a fresh token (git's credential helper, set up by
/// `tether setup-git`)
///
/// git runs it with `get`, `store` or `erase` and the request on stdin. `get` answers with the
/// connection's token (refreshed when due) as the password, or, to git 2.46 and later, as a
/// Bearer credential when the connector says the host takes one; a host no connection serves
/// gets no answer, so git asks its next helper. `store` keeps nothing: tether keeps its own
/// tokens. `erase`, which git sends when the server refused the token, makes an OAuth2 token
/// due so that the next `get` refreshes it. It never prompts; what it cannot answer is said on
/// stderr with the command that fixes it. Its output is git's protocol, whatever --json says.
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether setup-git
  echo url=https://github.com/org/repo.git | git credential fill
  git config --global credential.https://github.com.helper '!tether git-credential --link gh-work'")]
pub struct GitCredentialArgs {
    /// What git asks: get a credential, store one that worked, erase one the server refused
    #[arg(value_enum)]
    pub operation: Operation,

    /// The connection to answer with, for a host several connections serve
    #[arg(long, value_name = "LINK", add = crate::cli::complete::links())]
    pub link: Option<String>,

    /// Answer only for repositories under this path (`org` or `org/team`); git sends the
    /// path when `credential.useHttpPath` is true, which `setup-git --path` sets
    #[arg(long, value_name = "PREFIX")]
    pub path: Option<String>,

    /// The application asking; it must be enabled on the connection
    #[arg(long, value_name = "APP", env = "TETHER_APP")]
    pub app: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Operation {
    Get,
    Store,
    Erase,
}

/// The largest request read; git's are a few hundred bytes.
const MAX_REQUEST: u64 = 1024 * 1024;

pub(super) fn run(ctx: &Context, args: &GitCredentialArgs) -> Result<()> {
    if args.operation == Operation::Store {
        // git reports the credential that worked; tether's token is already where it belongs.
        return Ok(());
    }
    let input = read_request()?;
    let request = Request::parse(&input)?;
    if !under_path(ctx, &request, args.path.as_deref()) {
        return Ok(());
    }
    let Some(served) = serving(ctx, &request, args.link.as_deref())? else {
        return Ok(());
    };
    match args.operation {
        Operation::Get => get(ctx, &request, &served.link, args.app.as_deref()),
        Operation::Erase => erase(ctx, &request, &served.link),
        Operation::Store => Ok(()),
    }
}

/// stdin up to its end, in a buffer wiped on drop (it may hold a password). A closed stdin is
/// an empty request.
fn read_request() -> Result<Zeroizing<Vec<u8>>> {
    let mut input = Zeroizing::new(Vec::new());
    match std::io::stdin().take(MAX_REQUEST).read_to_end(&mut input) {
        // A closed stdin reads as empty: the standard library takes EBADF for the end.
        Ok(_) => Ok(input),
        Err(e) => Err(Error::io(
            "read the credential request from",
            "standard input",
            e,
        )),
    }
}

/// Whether the repository of `request` is under `--path` (always, without one). A request
/// without a path cannot be placed: git sends one only when `credential.useHttpPath` is set.
fn under_path(ctx: &Context, request: &Request, prefix: Option<&str>) -> bool {
    let Some(prefix) = prefix else {
        return true;
    };
    let under = request
        .path
        .as_deref()
        .is_some_and(|path| crate::git::under_prefix(path, prefix));
    if !under {
        let why = match &request.path {
            Some(path) => format!("`{}` is not under `{prefix}`", crate::sanitize::for_terminal(path)),
            None => "git sent no path (set `credential.useHttpPath` for the host, as `tether setup-git --path` does)".to_owned(),
        };
        ctx.ui().diagnostic(
            Verbosity::Verbose,
            &format!("not answering: {why}; git asks its next helper"),
        );
    }
    under
}

/// The connection that answers `request`, or `None` when tether has nothing to say: not
/// https (nor http to a loopback host), no host, or a host no connection serves.
fn serving(ctx: &Context, request: &Request, link: Option<&str>) -> Result<Option<Served>> {
    let (Some(scheme), Some(host)) = (request.protocol.as_deref(), request.host.as_deref()) else {
        return Ok(None);
    };
    let allowed = scheme == "https" || (scheme == "http" && crate::git::is_loopback(host));
    if !allowed {
        if scheme == "http" {
            ctx.ui().diagnostic(
                Verbosity::Verbose,
                &format!("not answering for http://{host}: tokens go over https only (or http to a loopback host)"),
            );
        }
        return Ok(None);
    }
    let served = crate::git::served(&ctx.paths)?;
    let chosen = crate::git::choose(&served, host, scheme, link)?.cloned();
    if chosen.is_none() {
        let why = match link {
            Some(link) => format!("connection `{link}` does not serve {host}"),
            None => format!("no connection serves {host}"),
        };
        ctx.ui().diagnostic(
            Verbosity::Verbose,
            &format!("{why}; git asks its next helper"),
        );
    }
    Ok(chosen)
}

fn get(ctx: &Context, request: &Request, link: &str, app: Option<&str>) -> Result<()> {
    // The connection is known only now: this run is a use of its credential.
    ctx.audit().begin(Some(
        Subject::new("git-credential")
            .link(link)
            .env(ctx.env().ok())
            .app(app),
    ));
    let resolved = crate::credential::resolve(ctx, link, app)?;
    let git = resolved.connector.git.as_ref().ok_or_else(|| {
        Error::Internal(format!(
            "connector `{}` has no [git] section",
            resolved.connector.id
        ))
    })?;
    let kind = resolved.connector.auth.kind();
    let expiry = resolved
        .expires_at
        .map(time::OffsetDateTime::unix_timestamp);
    let token = resolved.credential.token.clone();
    let answer = if git.bearer && kind == AuthType::OAuth2 && request.understands_authtype() {
        Answer::Bearer { token, expiry }
    } else {
        let values = &resolved.credential.values;
        let username =
            template::render_secret(git.username_template(kind), |name| values.get(name))?;
        Answer::Password {
            username,
            password: token,
            expiry,
        }
    };
    let text: Secret = answer.render()?;
    crate::cli::output::print(text.expose())
}

fn erase(ctx: &Context, request: &Request, link: &str) -> Result<()> {
    let Some(rejected) = request.presented() else {
        return Ok(());
    };
    if crate::credential::mark_rejected(ctx, link, rejected)? {
        ctx.audit().begin(Some(
            Subject::new("git-credential erase")
                .link(link)
                .env(ctx.env().ok()),
        ));
        ctx.ui().diagnostic(
            Verbosity::Verbose,
            &format!("the server refused the access token of `{link}`; the next use refreshes it"),
        );
    }
    Ok(())
}
