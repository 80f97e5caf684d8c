//! `tether setup-git`: makes tether git's credential helper for the hosts the connections serve.

use std::fmt::Write as _;
use std::path::Path;

use clap::Args;
use serde::Serialize;

use crate::context::Context;
use crate::error::Result;
use crate::git::{GitError, Served};

/// Make tether git's credential helper for the hosts your connections serve
///
/// Like `gh auth setup-git`: for each host (or only --host), git's global configuration gets
/// `credential.https://HOST.helper` set to an empty value, which drops helpers inherited for
/// that URL, then to `!'/path/to/tether' git-credential` (with --home when the home was chosen,
/// --env when typed, and --link when given). A loopback host gets the same for http://. It runs `git config
/// --global`, so GIT_CONFIG_GLOBAL is honoured. --uninstall removes exactly these entries.
///
/// With --path, the entry answers with --link only for repositories under that path, and
/// comes before the host's other entries (the deepest path first); `credential.URL.useHttpPath`
/// is set so that git sends the path. Several connections on one host are set up this way:
/// one --path per team or organisation, and one entry without --path for the rest.
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether setup-git
  tether setup-git --host gitlab.example.com --link gitlab-work
  tether setup-git --host github.com --link gh-work --path work-org
  tether setup-git --uninstall")]
pub struct SetupGitArgs {
    /// Only this host, as git names it (`host` or `host:port`)
    #[arg(long, value_name = "HOST")]
    pub host: Option<String>,

    /// Answer with this connection: only its hosts, and it is chosen where several serve one
    #[arg(long, value_name = "LINK", add = crate::cli::complete::links())]
    pub link: Option<String>,

    /// Answer with --link only for repositories under this path (`org` or `org/team`), before
    /// the host's other entries; sets `credential.https://HOST.useHttpPath`, so git sends paths
    #[arg(
        long,
        value_name = "PREFIX",
        requires = "link",
        conflicts_with = "uninstall"
    )]
    pub path: Option<String>,

    /// Remove the helper entries setup-git wrote
    #[arg(long)]
    pub uninstall: bool,
}

/// `setup-git --json`.
#[derive(Serialize)]
struct Report {
    /// `configured` or `removed`.
    action: &'static str,
    entries: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    url: String,
    key: String,
    /// The helper values of the key after the change.
    helpers: Vec<String>,
}

/// The helper names the home and the environment when they were chosen for this run.
pub(super) fn run(ctx: &Context, args: &SetupGitArgs, typed: &super::Typed<'_>) -> Result<()> {
    let exe = super::this_program()?;
    let entries = if args.uninstall {
        uninstall(args, &exe)?
    } else {
        install(ctx, args, &exe, typed)?
    };
    let action = if args.uninstall {
        "removed"
    } else {
        "configured"
    };
    if ctx.json {
        return crate::cli::output::print_json(&Report { action, entries });
    }
    if entries.is_empty() {
        ctx.ui()
            .notice("nothing to remove: git's global configuration has no helper entry of tether");
    }
    let mut text = String::new();
    for entry in &entries {
        let _ = writeln!(text, "{action} {}: {}", entry.url, describe(entry));
    }
    crate::cli::output::print(&text)
}

fn install(
    ctx: &Context,
    args: &SetupGitArgs,
    exe: &Path,
    typed: &super::Typed<'_>,
) -> Result<Vec<Entry>> {
    let urls = urls(ctx, args)?;
    let env = if typed.env { Some(ctx.env()?) } else { None };
    let home = typed.absolute_home()?;
    let helper = crate::git::helper_command(
        exe,
        home.as_deref(),
        env.map(crate::environment::Environment::as_str),
        args.link.as_deref(),
        args.path.as_deref(),
    );
    let exe_name = exe.file_name().unwrap_or_default();
    let existing = crate::git::helper_keys()?;
    let mut entries = Vec::new();
    for url in urls {
        let key = format!("credential.{url}.helper");
        let before = existing
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&key))
            .map_or(&[][..], |(_, values)| values.as_slice());
        let helpers = helpers_after(before, &helper, args.path.as_deref(), exe_name);
        crate::git::set_all(&key, &helpers)?;
        if helpers.iter().any(|h| crate::git::helper_path(h).is_some()) {
            // git sends the repository's path to helpers only when asked to.
            crate::git::set_all(&use_http_path_key(&url), &["true".to_owned()])?;
        }
        entries.push(Entry { url, key, helpers });
    }
    Ok(entries)
}

/// A URL's helper entries once `helper` (scoped to `path`, if any) is in: the empty entry that
/// drops inherited helpers, then tether's entries scoped to a path, the deepest first (git asks
/// them in order, and each answers only under its path), then the one for the whole host.
/// `helper` replaces tether's entry of the same scope; tether's others stay.
fn helpers_after(
    before: &[String],
    helper: &str,
    path: Option<&str>,
    exe_name: &std::ffi::OsStr,
) -> Vec<String> {
    let scope = |value: &str| crate::git::helper_path(value);
    let ours: Vec<&String> = before
        .iter()
        .filter(|v| !v.is_empty() && crate::git::is_tether_helper(v, exe_name))
        .filter(|v| scope(v).as_deref() != path)
        .collect();
    let mut scoped: Vec<String> = ours
        .iter()
        .filter(|v| scope(v).is_some())
        .map(|v| (*v).clone())
        .collect();
    let mut whole_host = ours
        .iter()
        .find(|v| scope(v).is_none())
        .map(|v| (*v).clone());
    match path {
        Some(_) => scoped.push(helper.to_owned()),
        None => whole_host = Some(helper.to_owned()),
    }
    let depth =
        |value: &String| scope(value).map_or(0, |p| p.split('/').filter(|s| !s.is_empty()).count());
    scoped.sort_by_key(|v| std::cmp::Reverse(depth(v)));
    std::iter::once(String::new())
        .chain(scoped)
        .chain(whole_host)
        .collect()
}

fn use_http_path_key(url: &str) -> String {
    format!("credential.{url}.useHttpPath")
}

/// Every helper entry of tether in git's global configuration (or those of --host), whatever
/// connections exist now: one deleted since setup-git left its entries too.
fn uninstall(args: &SetupGitArgs, exe: &Path) -> Result<Vec<Entry>> {
    let exe_name = exe.file_name().unwrap_or_default();
    let mut entries = Vec::new();
    for (key, before) in crate::git::helper_keys()? {
        let Some(url) = key
            .strip_prefix("credential.")
            .and_then(|k| k.strip_suffix(".helper"))
        else {
            continue;
        };
        let Some((scheme, host)) = url.split_once("://") else {
            continue;
        };
        if args
            .host
            .as_deref()
            .is_some_and(|wanted| !crate::git::same_host(host, wanted, scheme))
        {
            continue;
        }
        let ours = |v: &String| crate::git::is_tether_helper(v, exe_name);
        // An entry that only resets inherited helpers is tether's only beside tether's helper.
        if !before.iter().any(|v| !v.is_empty() && ours(v)) {
            continue;
        }
        let kept: Vec<String> = before.iter().filter(|v| !ours(v)).cloned().collect();
        crate::git::set_all(&key, &kept)?;
        if before
            .iter()
            .any(|v| ours(v) && crate::git::helper_path(v).is_some())
        {
            // Set by setup-git --path, for tether's entries only.
            crate::git::unset_all(&use_http_path_key(url))?;
        }
        entries.push(Entry {
            url: url.to_owned(),
            key,
            helpers: kept,
        });
    }
    Ok(entries)
}

fn describe(entry: &Entry) -> String {
    match entry.helpers.last() {
        Some(last) if !last.is_empty() => format!("{} = {last}", entry.key),
        _ if entry.helpers.is_empty() => format!("{} unset", entry.key),
        _ => format!("{} kept", entry.key),
    }
}

/// The URLs to configure: https://HOST for each host served (or --host), and http://HOST too
/// for a loopback host, where a local server speaks plain http.
fn urls(ctx: &Context, args: &SetupGitArgs) -> Result<Vec<String>> {
    let mut served = crate::git::served(&ctx.paths)?;
    if let Some(link) = &args.link {
        let connection = crate::store::connection::load(&ctx.paths, link)?;
        served.retain(|s| &s.link == link);
        if served.iter().all(|s| s.hosts.is_empty()) {
            return Err(GitError::NoGitHosts {
                link: link.clone(),
                connector: connection.connector,
            }
            .into());
        }
    }
    let mut hosts: Vec<String> = served
        .iter()
        .flat_map(|s: &Served| s.hosts.clone())
        .collect();
    hosts.sort();
    hosts.dedup();
    if let Some(wanted) = &args.host {
        let known = hosts.clone();
        let found = hosts
            .iter()
            .any(|h| crate::git::same_host(h, wanted, "https"));
        if !found {
            return Err(GitError::UnknownHost {
                host: wanted.clone(),
                known,
            }
            .into());
        }
        hosts = vec![wanted.to_ascii_lowercase()];
    }
    if hosts.is_empty() {
        return Err(GitError::NothingServed.into());
    }
    let mut urls = Vec::new();
    for host in hosts {
        urls.push(format!("https://{host}"));
        if crate::git::is_loopback(&host) {
            urls.push(format!("http://{host}"));
        }
    }
    Ok(urls)
}
