//! How long resolving a stored credential takes (the work of `tether token`), with 10 and
//! 10,000 connections stored: it must stay flat.
//!
//! `cargo bench --bench token` prints the figures. With `TETHER_BENCH_POPULATE=DIR:N` it only
//! fills DIR with N connections (each with its own account and vault record, keyed by
//! `TETHER_VAULT_KEY`) for `scripts/bench`, which times whole commands.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

use tether::context::{Context, Settings, Verbosity};
use tether::environment::Environment;
use tether::paths::Paths;
use tether::secret::Secret;
use tether::store::account::{self, Account, AccountStatus};
use tether::store::connection::{self, Connection, EnvAccount};
use tether::store::fingerprint::Configuration;
use tether::store::secrets::Secrets;

const CONNECTOR: &str = r#"id = "bench"
name = "Bench API"
auth = "api-key"

[[params]]
name = "api_key"
secret = true

[api_key]
placement = "header"
name = "X-API-Key"
value = "{api_key}"
"#;

fn context(home: &Path) -> Context {
    let settings = Settings {
        paths: Paths::under(home),
        envs: Vec::new(),
        json: false,
    };
    Context::new(
        settings,
        Box::new(tether::ui::Recording::new(Verbosity::Quiet)),
    )
}

/// Fills `home` with `n` connections `c0…`, each backed by its own account.
fn populate(home: &Path, n: usize) {
    let ctx = context(home);
    std::fs::create_dir_all(ctx.paths.connectors_dir()).unwrap();
    std::fs::write(ctx.paths.connectors_dir().join("bench.toml"), CONNECTOR).unwrap();
    let now = time::OffsetDateTime::now_utc();
    for i in 0..n {
        let link = format!("c{i}");
        let configuration = Configuration::new("bench", None, &[], &BTreeMap::new());
        let account = Account {
            id: account::new_id().unwrap(),
            name: Some(format!("a{i}")),
            fingerprint: configuration.fingerprint(),
            configuration,
            os_user: "bench".into(),
            authorized_by: "bench@host".into(),
            authorized_at: now,
            origin_link: link.clone(),
            origin_env: Environment::Development,
            granted_scopes: Vec::new(),
            expires_at: None,
            refreshable: false,
            refresh_expires_at: None,
            key_expires_at: None,
            refreshed_at: None,
            status: AccountStatus::Connected,
            revision: 1,
            identity: None,
        };
        let mut secrets = Secrets {
            params: BTreeMap::from([("api_key".to_owned(), Secret::new(format!("key-{i}")))]),
            uses: BTreeSet::from([format!("{link}@development")]),
            ..Secrets::default()
        };
        let lock = tether::store::lock_state(&ctx.paths).unwrap();
        let mut txn = tether::store::Transaction::new();
        secrets
            .stage(ctx.vault().unwrap(), &mut txn, &account)
            .unwrap();
        account::stage(&ctx.paths, &mut txn, &account).unwrap();
        let connection = Connection {
            link_name: link.clone(),
            display_name: link,
            connector: "bench".into(),
            scopes: Vec::new(),
            params: BTreeMap::new(),
            same_for_all_environments: false,
            access: Vec::new(),
            created_at: now,
            environments: BTreeMap::from([(
                Environment::Development,
                EnvAccount {
                    account: account.id.clone(),
                },
            )]),
        };
        connection::stage(&ctx.paths, &mut txn, &connection).unwrap();
        txn.commit(&ctx.paths, &lock).unwrap();
    }
}

/// Mean time of one resolve of the last connection, over `rounds`, in microseconds. A fresh
/// context each round, so the vault key is read each time, as in one `tether token` process.
fn time_resolve(home: &Path, n: usize, rounds: u32) -> f64 {
    let link = format!("c{}", n - 1);
    let start = Instant::now();
    for _ in 0..rounds {
        let ctx = context(home);
        let resolved = tether::credential::resolve(&ctx, &link, None).unwrap();
        assert_eq!(resolved.credential.token.expose(), format!("key-{}", n - 1));
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(rounds)
}

fn main() {
    if std::env::var_os("TETHER_VAULT_KEY").is_none() {
        eprintln!(
            "run with a vault key, e.g. TETHER_VAULT_KEY=$(head -c32 /dev/urandom | base64) cargo bench --bench token"
        );
        std::process::exit(2);
    }
    if let Ok(spec) = std::env::var("TETHER_BENCH_POPULATE") {
        let (dir, n) = spec.split_once(':').expect("TETHER_BENCH_POPULATE=DIR:N");
        populate(Path::new(dir), n.parse().expect("a count"));
        return;
    }
    for n in [10, 10_000] {
        let home = tempfile::tempdir().unwrap();
        populate(home.path(), n);
        let micros = time_resolve(home.path(), n, 2_000);
        println!("resolve with {n:>6} connections stored: {micros:8.1} µs per token");
    }
}
