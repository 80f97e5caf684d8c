//! `tether store …`: where this home keeps its state, and moving it between its own files and
//! an etcd cluster shared with other machines.

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use crate::context::Context;
use crate::error::Result;
use crate::store::StoreError;
use crate::store::location::{self, Cluster, Location};

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    Use(UseArgs),
    Status(StatusArgs),
    Migrate(MigrateArgs),
}

/// Where a home's state can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Backend {
    /// The home's own files
    Local,
    /// An etcd cluster that other machines share
    Etcd,
}

/// Where the cluster is; for `etcd` only.
#[derive(Debug, Args)]
pub struct ClusterFlags {
    /// The cluster's members, http://HOST:PORT, comma-separated or repeated
    #[arg(long, value_name = "URL", value_delimiter = ',')]
    pub endpoints: Vec<String>,

    /// Where the home's keys are in the cluster, one prefix per team (default: /tether)
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,

    /// While the cluster cannot be reached, let commands that only read (a still-valid token)
    /// use this machine's copy if it was brought up to date within this time (30m, 12h, 1d)
    #[arg(long, value_name = "AGE", value_parser = cache_age)]
    pub cache: Option<u64>,

    /// The cluster's user, when it checks who connects (with --password)
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,

    /// Where that user's password is: @FILE or env:VAR (read at each connection, never kept)
    #[arg(long, value_name = "@FILE|env:VAR")]
    pub password: Option<String>,

    /// The authority that signed the members' certificates (PEM): the endpoints are https://
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<std::path::PathBuf>,

    /// This machine's certificate (PEM), when the cluster asks clients for one (with --key)
    #[arg(long, value_name = "FILE")]
    pub cert: Option<std::path::PathBuf>,

    /// The key of --cert (PEM)
    #[arg(long, value_name = "FILE")]
    pub key: Option<std::path::PathBuf>,
}

fn cache_age(text: &str) -> std::result::Result<u64, String> {
    crate::duration::parse(text, crate::duration::UP_TO_WEEKS)
        .map(|age| age.as_secs())
        .filter(|secs| *secs > 0)
        .ok_or_else(|| format!("`{text}` is not a length of time such as 30m, 12h or 1d"))
}

impl ClusterFlags {
    fn names_a_cluster(&self) -> bool {
        !self.endpoints.is_empty()
            || self.prefix.is_some()
            || self.cache.is_some()
            || self.user.is_some()
            || self.password.is_some()
            || self.cacert.is_some()
            || self.cert.is_some()
            || self.key.is_some()
    }

    /// The cluster named, for `backend`; flags that `local` does not take are refused.
    fn cluster(&self, backend: Backend) -> Result<Option<Cluster>> {
        match backend {
            Backend::Etcd => {
                let cluster = Cluster::new(&self.endpoints, self.prefix.as_deref())?
                    .with_user(self.user.as_deref(), self.password.as_deref())?
                    .with_tls(self.cacert.clone(), self.cert.clone(), self.key.clone())?;
                Ok(Some(Cluster {
                    cache_secs: self.cache,
                    ..cluster
                }))
            }
            Backend::Local if !self.names_a_cluster() => Ok(None),
            Backend::Local => Err(StoreError::BadStoreSetting {
                why: "--endpoints, --prefix, --cache and the credentials are for an etcd cluster; `local` takes none"
                    .to_owned(),
            }
            .into()),
        }
    }
}

/// Share the state kept in an etcd cluster, or keep this home's state in its own files
///
/// `etcd` joins a home already shared under the prefix (see `tether store migrate` to share
/// this one): this machine keeps a copy, brought up to date by every command, and every
/// change goes to the cluster first, refused whole when another machine changed the same
/// thing meanwhile. The vault key stays on each machine; the cluster holds sealed records
/// only. `local` makes the home's files, brought up to date first, its store again.
/// TETHER_STORE (`local`, `etcd`, or etcd://HOST:PORT[,HOST:PORT…][/PREFIX]) overrides the
/// choice for one run.
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether store use etcd --endpoints http://10.0.0.5:2379,http://10.0.0.6:2379,http://10.0.0.7:2379 --prefix /tether/ci
  tether store use local")]
pub struct UseArgs {
    #[arg(value_enum)]
    pub backend: Backend,

    #[command(flatten)]
    pub cluster: ClusterFlags,
}

/// Show where this home's state is, and how each member of its etcd cluster answers
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether store status
  tether store status --json")]
pub struct StatusArgs {}

/// Copy this home's state into an etcd cluster (or back) and keep it there
///
/// `--to etcd` copies every connector, connection, account, client app and sealed vault
/// record under the prefix, then checks that the cluster holds each one as it is here and
/// that every record opens with this machine's key; files an interrupted run copied already
/// are left, so running it again finishes it. `--to local` brings this home's files up to
/// date from the cluster, checks every record, and makes them the store again.
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether store migrate --to etcd --endpoints http://10.0.0.5:2379,http://10.0.0.6:2379 --prefix /tether/ci
  tether store migrate --to local")]
pub struct MigrateArgs {
    /// Where the state goes
    #[arg(long, value_enum, value_name = "BACKEND")]
    pub to: Backend,

    #[command(flatten)]
    pub cluster: ClusterFlags,
}

pub(super) fn run(ctx: &Context, command: StoreCommand) -> Result<()> {
    match command {
        StoreCommand::Use(args) => use_backend(ctx, &args),
        StoreCommand::Status(args) => status(ctx, &args),
        StoreCommand::Migrate(args) => migrate(ctx, &args),
    }
}

fn use_backend(ctx: &Context, args: &UseArgs) -> Result<()> {
    match args.cluster.cluster(args.backend)? {
        None => {
            if crate::store::leave_cluster(&ctx.paths, true)? {
                ctx.ui()
                    .notice("This home keeps its state in its own files again, up to date.");
            } else {
                ctx.ui().notice(
                    "warning: the cluster cannot be reached: this home's files are as the last command that reached it left them. This home keeps its state in them again.",
                );
            }
        }
        Some(cluster) => {
            join(ctx, &cluster)?;
            ctx.ui().notice(&format!(
                "This home now shares the state under {} at {}.",
                cluster.prefix,
                cluster.endpoints.join(", ")
            ));
        }
    }
    print_location(ctx)
}

#[cfg(feature = "etcd")]
fn join(ctx: &Context, cluster: &Cluster) -> Result<()> {
    crate::store::join_cluster(&ctx.paths, cluster)?;
    crate::store::attach(&ctx.paths).map(drop)
}

#[cfg(not(feature = "etcd"))]
fn join(_: &Context, _: &Cluster) -> Result<()> {
    Err(StoreError::NoEtcdSupport.into())
}

/// With `--json`, the location as `store status --json` shows it without the cluster's answer.
fn print_location(ctx: &Context) -> Result<()> {
    if ctx.json {
        let location = location::configured(&ctx.paths)?;
        return super::output::print_json(&Shown::of(&location, None));
    }
    Ok(())
}

/// `store status --json`.
#[derive(Serialize)]
struct Shown<'a> {
    backend: &'static str,
    endpoints: &'a [String],
    prefix: Option<&'a str>,
    /// How old a copy commands that only read may use while the cluster cannot be reached.
    cache_secs: Option<u64>,
    /// `None` unless the cluster was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    members: Option<Vec<Member>>,
    /// The files the cluster holds for the home; left out unless it was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    files: Option<usize>,
}

#[derive(Serialize)]
struct Member {
    endpoint: String,
    health: &'static str,
    version: Option<String>,
    reason: Option<String>,
}

impl<'a> Shown<'a> {
    fn of(location: &'a Location, answer: Option<(Vec<Member>, Option<usize>)>) -> Self {
        let (members, files) = match answer {
            Some((members, files)) => (Some(members), files),
            None => (None, None),
        };
        match location {
            Location::Local => Self {
                backend: "local",
                endpoints: &[],
                prefix: None,
                cache_secs: None,
                members,
                files,
            },
            Location::Etcd(cluster) => Self {
                backend: "etcd",
                endpoints: &cluster.endpoints,
                prefix: Some(&cluster.prefix),
                cache_secs: cluster.cache_secs,
                members,
                files,
            },
        }
    }
}

fn status(ctx: &Context, _args: &StatusArgs) -> Result<()> {
    let location = location::configured(&ctx.paths)?;
    let from_env = std::env::var_os(location::VAR).is_some_and(|v| !v.is_empty());
    let Location::Etcd(cluster) = &location else {
        if ctx.json {
            return super::output::print_json(&Shown::of(&location, None));
        }
        println!(
            "Store:      local (the files under {}){}",
            ctx.paths.config_dir().display(),
            if from_env { ", from TETHER_STORE" } else { "" }
        );
        return Ok(());
    };
    let (members, files) = ask(cluster)?;
    let healthy = members.iter().filter(|m| m.health == "healthy").count();
    let count = members.len();
    if ctx.json {
        super::output::print_json(&Shown::of(&location, Some((members, files))))?;
    } else {
        println!(
            "Store:      etcd{}",
            if from_env { ", from TETHER_STORE" } else { "" }
        );
        println!("Prefix:     {}", cluster.prefix);
        if let Some(secs) = cluster.cache_secs {
            println!(
                "Read cache: copies up to {} old, while the cluster cannot be reached",
                super::output::spoken(std::time::Duration::from_secs(secs))
            );
        }
        for (i, member) in members.iter().enumerate() {
            let label = if i == 0 { "Members:" } else { "" };
            let said = match (&member.version, &member.reason) {
                (Some(version), _) => format!("{} (etcd {version})", member.health),
                (None, Some(reason)) => format!("{}: {reason}", member.health),
                (None, None) => member.health.to_owned(),
            };
            println!("{label:<12}{}  {said}", member.endpoint);
        }
        match files {
            Some(files) => println!("Files:      {files}"),
            None => println!("Files:      unknown (the cluster could not be read)"),
        }
    }
    if files.is_none() || healthy == 0 {
        return Err(StoreError::StoreUnreachable {
            reason: format!(
                "{healthy} of {count} members are healthy (tried {})",
                cluster.endpoints.join(", ")
            ),
        }
        .into());
    }
    Ok(())
}

#[cfg(feature = "etcd")]
fn ask(cluster: &Cluster) -> Result<(Vec<Member>, Option<usize>)> {
    use crate::etcd::Health;
    let answer = crate::store::cluster_status(cluster)?;
    let members = answer
        .health
        .into_iter()
        .map(|m| {
            let (health, version, reason) = match m.health {
                Health::Healthy { version } => ("healthy", Some(version), None),
                Health::NoLeader { version } => ("no-leader", Some(version), None),
                Health::Unreachable { reason } => ("unreachable", None, Some(reason)),
            };
            Member {
                endpoint: m.endpoint,
                health,
                version,
                reason,
            }
        })
        .collect();
    Ok((members, answer.files))
}

#[cfg(not(feature = "etcd"))]
fn ask(_: &Cluster) -> Result<(Vec<Member>, Option<usize>)> {
    Err(StoreError::NoEtcdSupport.into())
}

fn migrate(ctx: &Context, args: &MigrateArgs) -> Result<()> {
    if let Some(cluster) = args.cluster.cluster(args.to)? {
        return migrate_to_cluster(ctx, &cluster);
    }
    crate::store::leave_cluster(&ctx.paths, false)?;
    let records = open_every_record(ctx)?;
    ctx.ui().notice(&format!(
        "This home keeps its state in its own files again, up to date; every record ({records}) opens with this machine's key."
    ));
    print_location(ctx)
}

#[cfg(feature = "etcd")]
fn migrate_to_cluster(ctx: &Context, cluster: &Cluster) -> Result<()> {
    // The migration left the copy and its revisions as the cluster holds them: the next
    // command starts from there.
    let migrated = crate::store::migrate_to_cluster(&ctx.paths, cluster)?;
    let records = open_every_record(ctx)?;
    ctx.ui().notice(&format!(
        "Copied {} file{} to {} at {} ({} were there already); every record ({records}) opens with this machine's key. This home now shares its state there.",
        migrated.copied,
        if migrated.copied == 1 { "" } else { "s" },
        cluster.prefix,
        cluster.endpoints.join(", "),
        migrated.present
    ));
    print_location(ctx)
}

#[cfg(not(feature = "etcd"))]
fn migrate_to_cluster(_: &Context, _: &Cluster) -> Result<()> {
    Err(StoreError::NoEtcdSupport.into())
}

/// Opens every sealed record of the vault, if there is one: each is whole and opens with
/// this machine's key. How many there are.
fn open_every_record(ctx: &Context) -> Result<usize> {
    if !crate::vault::Vault::exists_in(&ctx.paths)? {
        return Ok(0);
    }
    ctx.vault()?.open_all()
}
