//! `[git]`: the hosts whose git over HTTPS takes the credential, and the username sent with it.

use super::{Check, connection_params_only, problem};
use crate::connector::file::ConnectorFile;
use crate::connector::model::AuthType;
use crate::connector::position::key_path;
use crate::connector::template;

/// Hosts are known from the connection alone (`setup-git` reads no secret), so their templates
/// use only the connection's own params; the username is printed to git, so no secret either.
pub(super) fn check_git(c: &ConnectorFile) -> Check {
    let Some(git) = &c.git else {
        return Ok(());
    };
    if git.hosts.is_empty() {
        return Err(problem(
            key_path!["git", "hosts"],
            "`git.hosts` is empty; list the hosts that serve git over HTTPS, e.g. [\"github.com\"] or [\"{host}\"]",
        ));
    }
    for (i, host) in git.hosts.iter().enumerate() {
        let at = key_path!["git", "hosts", i];
        template::parse(host).map_err(|e| {
            problem(
                at.clone(),
                format!("`git.hosts[{i}]` is not a valid template: {}", e.message),
            )
        })?;
        connection_params_only(c, &at, host, "a git host")?;
        let names = template::placeholders(host);
        // A literal host is checked now; a templated one when it is filled in.
        if names.is_empty()
            && let Some(why) = crate::connector::host_problem(host)
        {
            return Err(problem(at, format!("`git.hosts[{i}]` = \"{host}\" {why}")));
        }
    }
    let at = key_path!["git", "username"];
    let Some(username) = &git.username else {
        return Ok(());
    };
    if username.trim().is_empty() {
        return Err(problem(
            at,
            format!(
                "`git.username` is empty; remove it for the default \"{}\" or write the name the host expects with a token (e.g. \"oauth2\")",
                crate::connector::Git::DEFAULT_USERNAME
            ),
        ));
    }
    template::parse(username).map_err(|e| {
        problem(
            at.clone(),
            format!("`git.username` is not a valid template: {}", e.message),
        )
    })?;
    for name in template::placeholders(username) {
        let allowed = c
            .param(&name)
            .map_or(c.auth == AuthType::Basic && name == "username", |p| {
                !p.secret
            });
        if !allowed {
            let mut available: Vec<&str> = c
                .params
                .iter()
                .filter(|p| !p.secret)
                .map(|p| p.name.as_str())
                .collect();
            if c.auth == AuthType::Basic {
                available.push("username");
            }
            return Err(problem(
                at,
                format!(
                    "`git.username` uses `{{{name}}}`, which is a secret or unknown; the username is shown to git, so use a literal or a non-secret param (available: {})",
                    listed(available.into_iter())
                ),
            ));
        }
    }
    Ok(())
}

fn listed<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<String> = names.map(|n| format!("{{{n}}}")).collect();
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}
