//! What to do when git's credential request cannot be answered or its configuration changed.

use super::Diagnosis;
use crate::git::GitError as E;

pub(super) fn git(error: &E) -> Diagnosis {
    let (code, exit, hint) = match error {
        E::Malformed { .. } => (
            "git_request_malformed",
            2,
            "`tether git-credential` is run by git (see `tether setup-git`); to try it by hand, give it lines such as `protocol=https` and `host=github.com`, then a blank line".to_owned(),
        ),
        E::Ambiguous { host, links } => (
            "git_host_ambiguous",
            2,
            format!(
                "choose the connection for {host}: run `tether setup-git --host {host} --link {}`, adding `--path ORG` to give a connection the repositories under ORG (or pass --link to `tether git-credential`)",
                links.first().map_or("LINK", String::as_str)
            ),
        ),
        E::NothingServed => (
            "git_nothing_served",
            2,
            "create a connection with a connector that has [git] hosts (`tether connector show github` lists them), e.g. `tether connection create gh --connector github --authorize`".to_owned(),
        ),
        E::UnknownHost { known, .. } => (
            "git_host_unknown",
            2,
            if known.is_empty() {
                "no connection serves a git host yet; `tether connector show ID` lists a connector's [git] hosts".to_owned()
            } else {
                format!("hosts served by your connections: {}", known.join(", "))
            },
        ),
        E::NoGitHosts { connector, .. } => (
            "git_no_hosts",
            2,
            format!(
                "choose a connection whose connector has [git] hosts, or add them to connector `{connector}` (`tether connector export {connector}`, add [git] hosts = [\"HOST\"], `tether connector import FILE`)"
            ),
        ),
        E::Unsendable { .. } => (
            "git_value_unsendable",
            2,
            "check the connection's params and the connector's [git] username with `tether connection details LINK`".to_owned(),
        ),
        E::NoGit { .. } => (
            "git_missing",
            1,
            "install git, or put it on PATH".to_owned(),
        ),
        E::Config { .. } => (
            "git_config_failed",
            1,
            "check that git's global configuration (GIT_CONFIG_GLOBAL or ~/.gitconfig) is a file you may write, and run `git config --global --list`".to_owned(),
        ),
    };
    Diagnosis::new(code, exit, error.to_string()).hint(hint)
}
