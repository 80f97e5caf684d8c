//! Which commands the audit log records and what each names; the outcome of the run and the
//! one warning when the log could not be written. A new command says here whether it is
//! audited: the match is exhaustive on purpose.

use super::Command;
use super::account::AccountCommand as Account;
use super::connection::ConnectionCommand as Connection;
use super::connector::ConnectorCommand as Connector;
use super::store::StoreCommand as Store;
use super::vault::VaultCommand as Vault;
use crate::audit::{Outcome, Subject};
use crate::context::Context;
use crate::error::{Error, Result};

/// What the run of `command` is recorded as, or `None` for a command that only reads.
pub(super) fn subject(ctx: &Context, command: &Command) -> Option<Subject> {
    // Where a credential is used or an authorization made: the environment acted in.
    let env = ctx.env().ok();
    let use_of =
        |name, link: &str, app: Option<&str>| Subject::new(name).link(link).env(env).app(app);
    Some(match command {
        Command::Token(a) => use_of("token", &a.link, a.app.as_deref()),
        Command::Header(a) => use_of("header", &a.link, a.app.as_deref()),
        Command::Invoke(a) => use_of("invoke", &a.link, a.app.as_deref()),
        // The connections an env file or a template references are added as they are
        // resolved (a line per connection and environment).
        Command::Exec(a) => {
            let mut links: Vec<String> = Vec::new();
            for link in &a.links {
                if !links.contains(link) {
                    links.push(link.clone());
                }
            }
            let subject = Subject::new("exec");
            let subject = if links.is_empty() {
                subject
            } else {
                subject.links(&links)
            };
            subject.env(env).app(a.app.as_deref())
        }
        Command::Inject(a) => Subject::new("inject").env(env).app(a.app.as_deref()),
        Command::Connection(c) => match c {
            Connection::Create(a) => Subject::new("connection create")
                .link(&a.link)
                .env(env.filter(|_| a.authorize))
                .account(a.flags.account.as_deref()),
            Connection::Authorize(a) => Subject::new("connection authorize")
                .link(&a.link)
                .env(env)
                .account(a.flags.account.as_deref()),
            Connection::Reauthorize(a) => Subject::new("connection reauthorize")
                .link(&a.link)
                .env(env)
                .account(a.flags.account.as_deref()),
            Connection::Reuse(a) => Subject::new("connection reuse")
                .link(&a.link)
                .env(env)
                .account(Some(&a.account)),
            Connection::Access(a) => Subject::new("connection access").link(&a.link),
            Connection::Rename(a) => Subject::new("connection rename").link(&a.link),
            Connection::SameForAll(a) => Subject::new("connection same-for-all").link(&a.link),
            Connection::Delete(a) => Subject::new("connection delete").link(&a.link),
            Connection::Test(a) => use_of("connection test", &a.link, a.app.as_deref()),
            Connection::Details(_) | Connection::List(_) => return None,
        },
        Command::Account(c) => match c {
            Account::Rename(a) => Subject::new("account rename").account(Some(&a.old)),
            Account::Delete(a) => Subject::new("account delete").account(Some(&a.name)),
            Account::List(_) => return None,
        },
        Command::Connector(c) => match c {
            Connector::Import(a) => Subject::new("connector import").connector(a.id.as_deref()),
            Connector::Configure(a) => Subject::new("connector configure").connector(Some(&a.id)),
            Connector::Delete(a) => Subject::new("connector delete").connector(Some(&a.id)),
            Connector::List(_)
            | Connector::Show(_)
            | Connector::Check(_)
            | Connector::Export(_) => {
                return None;
            }
        },
        Command::Store(c) => match c {
            Store::Use(_) => Subject::new("store use"),
            Store::Migrate(_) => Subject::new("store migrate"),
            Store::Status(_) => return None,
        },
        Command::Vault(c) => match c {
            Vault::Init(_) => Subject::new("vault init"),
            Vault::Rekey(_) => Subject::new("vault rekey"),
            Vault::Unlock(_) => Subject::new("vault unlock"),
            Vault::Lock(_) => Subject::new("vault lock"),
            Vault::Status(_) => return None,
        },
        // The stanza only names the connection; the credential is a use like `token`.
        Command::KubeCredential(a) if a.print_config => return None,
        Command::KubeCredential(a) => use_of("kube-credential", &a.link, a.app.as_deref()),
        // The connection git or docker is answered with is known only from the request: `get`
        // (a use of its credential) and git's `erase` that marks a token begin their own
        // subject then. docker's store, erase and list neither use nor change a credential.
        Command::GitCredential(_) | Command::DockerCredential(_) => return None,
        // Changes git's configuration, not tether's state.
        Command::SetupGit(_) | Command::Status(_) | Command::Log(_) | Command::Completions(_) => {
            return None;
        }
    })
}

/// Writes the run's lines with the outcome of `result` (its exit code and the stable code of
/// its error, never the message), then warns once if the log could not be written. A home
/// that was refused is not warned about twice: the error says it already.
pub(super) fn finish(ctx: &Context, result: &Result<()>) {
    let outcome = match result {
        Ok(()) => Outcome::Ok,
        Err(e) => {
            let diagnosis = super::diagnose::diagnose(e);
            Outcome::error(Some(diagnosis.exit), diagnosis.code)
        }
    };
    ctx.audit().finish(&outcome);
    let problem = ctx.audit().take_problem();
    if let (Some(problem), false) = (problem, matches!(result, Err(Error::Refused(_)))) {
        ctx.ui().notice(&format!(
            "warning: could not write the audit log: {problem}"
        ));
    }
}
