//! Homes sharing their state through a real three-member etcd cluster, each home standing for
//! a machine: one refresh for the whole fleet, no lost update, members lost and back, the
//! cluster holding no secret, and migration there and back.

use std::process::{Output, Stdio};
use std::time::Duration;

use base64::Engine as _;

use crate::common::etcd::{EtcdCluster, available};
use crate::common::oidc::{self, OidcServer, api_me, tokens_in_parallel, until_due, with_browser};
use crate::common::{Home, stderr, stdout};

const PREFIX: &str = "/team/ci";

/// `--endpoints E1,E2,E3 --prefix /team/ci`.
fn cluster_flags(cluster: &EtcdCluster) -> [String; 4] {
    [
        "--endpoints".to_owned(),
        cluster.endpoints().join(","),
        "--prefix".to_owned(),
        PREFIX.to_owned(),
    ]
}

/// Another machine of the team: its own home, the team's vault key.
fn member_of(first: &Home) -> Home {
    Home {
        dir: tempfile::tempdir().unwrap(),
        vault_key: first.vault_key.clone(),
    }
}

/// `first` shared into the cluster, and `more` machines joined to it.
fn share(cluster: &EtcdCluster, first: &Home, more: usize) -> Vec<Home> {
    let mut migrate = vec!["store", "migrate", "--to", "etcd"];
    let flags = cluster_flags(cluster);
    migrate.extend(flags.iter().map(String::as_str));
    let out = first.run(&migrate).success();
    assert!(
        stderr(&out).contains("every record (") && stderr(&out).contains("opens"),
        "{}",
        stderr(&out)
    );
    (0..more)
        .map(|_| {
            let home = member_of(first);
            let mut join = vec!["store", "use", "etcd"];
            join.extend(flags.iter().map(String::as_str));
            home.run(&join).success();
            home
        })
        .collect()
}

/// A home with the OAuth2 connection `files`, authorized as `alice` through the browser.
fn files_home(server: &OidcServer) -> Home {
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 60);
    with_browser(&home, "browser.log")
        .args(["connection", "create", "files", "--connector", "files"])
        .args(["--authorize", "--account", "alice", "--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    home
}

/// A team of `1 + more` machines sharing the OAuth2 connection `files`, whose access token is
/// due (the first one lives 2 s, refreshed ones an hour), with the provider's counts reset.
fn due_team(cluster: &EtcdCluster, more: usize) -> (OidcServer, Home, Vec<Home>) {
    let server = OidcServer::start_with(&[
        ("OIDC_INITIAL_ACCESS_TOKEN_TTL", "2"),
        ("OIDC_ACCESS_TOKEN_TTL", "3600"),
    ]);
    let first = files_home(&server);
    let others = share(cluster, &first, more);
    until_due(2);
    server.reset_stats();
    (server, first, others)
}

fn printed(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .trim_end()
        .to_owned()
}

#[test]
fn three_machines_with_sixteen_processes_each_refresh_once() {
    if !available() {
        return;
    }
    let cluster = EtcdCluster::start();
    let (server, first, others) = due_team(&cluster, 2);

    let outputs = tokens_in_parallel(&[&first, &others[0], &others[1]], "files", 16);
    assert_eq!(outputs.len(), 48);
    let tokens: Vec<String> = outputs.iter().map(printed).collect();
    assert!(
        tokens.iter().all(|t| *t == tokens[0] && !t.is_empty()),
        "all 48 print the same token"
    );
    assert_eq!(
        server.stats()["refresh"],
        1,
        "exactly one refresh reached the provider for the whole fleet"
    );
    api_me(&server, &tokens[0]);
}

#[test]
fn a_refresh_holder_killed_mid_refresh_frees_the_lock_when_its_lease_ends() {
    if !available() {
        return;
    }
    let cluster = EtcdCluster::start();
    let (server, first, others) = due_team(&cluster, 1);
    // The provider is slow to answer the first refresh (and then fails it): its sender is
    // killed while it waits, holding the fleet's lock.
    server.inject("grant_type=refresh_token&delay_ms=20000&status=503&count=1");
    let mut holder = first
        .process()
        .args(["token", "files"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while server.stats()["refresh"] != 1 {
        assert!(
            std::time::Instant::now() < deadline,
            "the holder never asked"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    holder.kill().unwrap();
    holder.wait().unwrap();

    // The other machines wait for the lease to end, then one of them refreshes.
    let outputs = tokens_in_parallel(&[&others[0], &first], "files", 4);
    let tokens: Vec<String> = outputs.iter().map(printed).collect();
    assert!(tokens.iter().all(|t| *t == tokens[0]), "{tokens:?}");
    assert_eq!(
        server.stats()["refresh"],
        2,
        "the killed one, then one more"
    );
    api_me(&server, &tokens[0]);
}

/// Creates the API-key connection `LINK` authorized by account `account` with `key`.
fn create_keyed(home: &Home, link: &str, account: &str, key: &str) -> Output {
    home.cmd()
        .env("KEY", key)
        .args(["connection", "create", link, "--connector", "openweather"])
        .args(["--param", "api_key=env:KEY", "--authorize"])
        .args(["--account", account, "--quiet"])
        .write_stdin("")
        .output()
        .unwrap()
}

fn links(home: &Home) -> Vec<String> {
    let list = home.json(&["connection", "list", "--json"]);
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["link_name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn machines_writing_at_once_lose_no_update() {
    if !available() {
        return;
    }
    let cluster = EtcdCluster::start();
    let first = Home::new();
    first.run(&["vault", "init"]).success();
    let others = share(&cluster, &first, 1);
    let second = &others[0];

    // Each machine creates its own connections at the same time: every one of them lands.
    std::thread::scope(|s| {
        for (home, name) in [(&first, "a"), (second, "b")] {
            s.spawn(move || {
                for i in 0..5 {
                    let link = format!("{name}{i}");
                    let out = create_keyed(home, &link, &format!("acct-{link}"), &link);
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            });
        }
    });
    let expected: Vec<String> = ["a", "b"]
        .iter()
        .flat_map(|n| (0..5).map(move |i| format!("{n}{i}")))
        .collect();
    let mut seen = links(second);
    seen.sort();
    assert_eq!(seen, expected);
    assert_eq!(links(&first), expected);

    // Both rename the same account at once: one wins, the other is refused whole.
    let (one, two) = std::thread::scope(|s| {
        let one = s.spawn(|| {
            first
                .cmd()
                .args(["account", "rename", "acct-a0", "x"])
                .output()
        });
        let two = s.spawn(|| {
            second
                .cmd()
                .args(["account", "rename", "acct-a0", "y"])
                .output()
        });
        (one.join().unwrap().unwrap(), two.join().unwrap().unwrap())
    });
    let codes = [one.status.code(), two.status.code()];
    assert_eq!(
        codes.iter().filter(|c| **c == Some(0)).count(),
        1,
        "one rename wins: {codes:?}"
    );
    let refused = [&one, &two]
        .into_iter()
        .find(|o| !o.status.success())
        .unwrap();
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("another machine changed") || said.contains("acct-a0"),
        "{codes:?}: {said}"
    );
    let names = |home: &Home| -> Vec<String> {
        let list = home.json(&["account", "list", "--json"]);
        list.as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap_or_default().to_owned())
            .filter(|n| ["acct-a0", "x", "y"].contains(&n.as_str()))
            .collect()
    };
    let after = names(&first);
    assert_eq!(after, names(second));
    assert!(after == ["x"] || after == ["y"], "{after:?}");
    first.run(&["token", "a0"]).success().stdout("a0\n");
}

#[test]
fn losing_one_member_changes_nothing_and_losing_quorum_fails_in_time() {
    if !available() {
        return;
    }
    let mut cluster = EtcdCluster::start();
    let first = Home::new();
    assert!(create_keyed(&first, "wx", "me", "key-1").status.success());
    let others = share(&cluster, &first, 1);
    let second = &others[0];
    // A machine whose commands may read its copy while the cluster is away.
    let cached = member_of(&first);
    let mut join = vec!["store", "use", "etcd", "--cache", "1h"];
    let flags = cluster_flags(&cluster);
    join.extend(flags.iter().map(String::as_str));
    cached.run(&join).success();

    cluster.stop_member(0);
    second.run(&["token", "wx"]).success().stdout("key-1\n");
    assert!(create_keyed(second, "wx2", "me2", "key-2").status.success());
    first.run(&["token", "wx2"]).success().stdout("key-2\n");

    cluster.stop_member(1);
    let started = std::time::Instant::now();
    let out = second.run(&["token", "wx"]).code(5);
    let said = stderr(&out);
    assert!(
        said.contains("the shared store cannot be reached"),
        "{said}"
    );
    for endpoint in cluster.endpoints() {
        assert!(said.contains(&endpoint), "names {endpoint}: {said}");
    }
    // Within the request limit (5 s) and some slack, not forever.
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let out = second.run(&["store", "status"]).code(5);
    assert!(stdout(&out).contains("unreachable"), "{}", stdout(&out));
    // With a read cache, a valid credential is still read, and nothing can be changed.
    let out = cached.run(&["token", "wx"]).success().stdout("key-1\n");
    assert!(
        stderr(&out).contains("reading this machine's copy of"),
        "{}",
        stderr(&out)
    );
    let out = create_keyed(&cached, "wx3", "me3", "key-3");
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("may be read but not changed"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    cluster.start_member(0);
    cluster.start_member(1);
    second.run(&["token", "wx2"]).success().stdout("key-2\n");
    let out = cached.run(&["token", "wx2"]).success().stdout("key-2\n");
    assert_eq!(stderr(&out), "", "up to date again");
    let status = cached.json(&["store", "status", "--json"]);
    assert_eq!(status["cache_secs"], 3600, "{status}");
    assert!(
        links(&cached).iter().all(|l| l != "wx3"),
        "nothing half-written"
    );
}

/// Every value under the prefix, as etcdctl prints it.
fn cluster_dump(cluster: &EtcdCluster) -> String {
    let out = cluster.etcdctl(&["get", "--prefix", PREFIX]);
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_cluster_holds_no_secret_and_a_wrong_key_changes_nothing() {
    if !available() {
        return;
    }
    let cluster = EtcdCluster::start();
    let server = OidcServer::start();
    let first = files_home(&server);
    let api_key = "api-key-4f1d9c2e7a";
    assert!(create_keyed(&first, "wx", "me", api_key).status.success());
    share(&cluster, &first, 0);
    let access = stdout(&first.run(&["token", "files"]).success());
    let dump = cluster_dump(&cluster);
    assert!(
        dump.contains(&format!("{PREFIX}/connections/wx.toml")),
        "{dump}"
    );
    let mut secrets: Vec<String> = server.issued_tokens();
    secrets.push(access.trim_end().to_owned());
    secrets.push(api_key.to_owned());
    secrets.push(first.vault_key.clone());
    let json = cluster.etcdctl(&["get", "--prefix", PREFIX, "-w", "json"]);
    let json = String::from_utf8_lossy(&json.stdout).into_owned();
    let b64 = base64::engine::general_purpose::STANDARD;
    for secret in &secrets {
        for encoded in [secret.clone(), b64.encode(secret), hex(secret.as_bytes())] {
            assert!(!dump.contains(&encoded), "a secret is in the cluster");
            assert!(
                !json.contains(&encoded),
                "a secret is in the cluster's JSON"
            );
        }
    }

    // A machine with another key joins, but opens nothing and changes nothing.
    let stranger = Home::new();
    let mut join = vec!["store", "use", "etcd"];
    let flags = cluster_flags(&cluster);
    join.extend(flags.iter().map(String::as_str));
    stranger.run(&join).success();
    let before = cluster_dump(&cluster);
    stranger.run(&["token", "wx"]).code(4);
    assert_eq!(
        create_keyed(&stranger, "wx3", "me3", "k").status.code(),
        Some(4)
    );
    assert_eq!(cluster_dump(&cluster), before);
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

#[test]
fn migration_to_etcd_and_back_keeps_every_secret() {
    if !available() {
        return;
    }
    let cluster = EtcdCluster::start();
    let first = Home::new();
    assert!(create_keyed(&first, "wx", "me", "key-1").status.success());
    let others = share(&cluster, &first, 1);
    assert!(
        create_keyed(&others[0], "wx2", "me2", "key-2")
            .status
            .success()
    );

    // Migrating again finishes nothing new: everything is there already.
    let mut migrate = vec!["store", "migrate", "--to", "etcd"];
    let flags = cluster_flags(&cluster);
    migrate.extend(flags.iter().map(String::as_str));
    let out = first.run(&migrate).success();
    assert!(stderr(&out).contains("Copied 0 files"), "{}", stderr(&out));
    // A run stopped before its last key is finished by running it again.
    let key = format!("{PREFIX}/connections/wx.toml");
    assert!(cluster.etcdctl(&["del", &key]).status.success());
    let out = first.run(&migrate).success();
    assert!(
        stderr(&out).contains("Copied 1 file to"),
        "{}",
        stderr(&out)
    );
    assert!(cluster_dump(&cluster).contains(&key));

    let out = first.run(&["store", "migrate", "--to", "local"]).success();
    assert!(
        stderr(&out).contains("every record (2) opens"),
        "{}",
        stderr(&out)
    );
    let status = first.json(&["store", "status", "--json"]);
    assert_eq!(status["backend"], "local", "{status}");
    // The home's own files now: the cluster is no longer asked.
    drop(cluster);
    first.run(&["token", "wx"]).success().stdout("key-1\n");
    first.run(&["token", "wx2"]).success().stdout("key-2\n");
    // The other machine still uses the cluster, which is gone: it says so.
    others[0].run(&["token", "wx"]).code(5);
    others[0]
        .cmd()
        .env("TETHER_STORE", "local")
        .args(["token", "wx"])
        .assert()
        .success()
        .stdout("key-1\n");
    // It can go back to its own files, as the last command that reached the cluster left them.
    let out = others[0].run(&["store", "use", "local"]).success();
    assert!(
        stderr(&out).contains("cannot be reached"),
        "{}",
        stderr(&out)
    );
    others[0].run(&["token", "wx2"]).success().stdout("key-2\n");
}

/// Turns on the cluster's authentication, with the user `ci` (password `ci-pw-3`) allowed to
/// read and write the team's prefix only.
fn enable_users(cluster: &EtcdCluster) {
    for args in [
        &["user", "add", "root:root-pw-7"][..],
        &["user", "grant-role", "root", "root"],
        &["user", "add", "ci:ci-pw-3"],
        &["role", "add", "team"],
        &[
            "role",
            "grant-permission",
            "team",
            "--prefix=true",
            "readwrite",
            "/team/ci/",
        ],
        &["user", "grant-role", "ci", "team"],
        &["auth", "enable"],
    ] {
        let out = cluster.etcdctl(args);
        assert!(out.status.success(), "etcdctl {args:?}: {out:?}");
    }
}

/// `tether VERB… --endpoints … --cacert … --cert … --key … --user ci --password PASSWORD` in
/// `home`.
fn secured(
    home: &Home,
    cluster: &EtcdCluster,
    verb: &[&str],
    password: &str,
) -> assert_cmd::assert::Assert {
    let pki = cluster.pki();
    let endpoints = cluster.endpoints().join(",");
    let mut args: Vec<&str> = verb.to_vec();
    args.extend([
        "--endpoints",
        &endpoints,
        "--prefix",
        PREFIX,
        "--cacert",
        pki.ca.to_str().unwrap(),
        "--cert",
        pki.client_cert.to_str().unwrap(),
        "--key",
        pki.client_key.to_str().unwrap(),
        "--user",
        "ci",
        "--password",
        password,
    ]);
    home.run(&args)
}

#[test]
fn a_cluster_that_checks_certificates_and_users_is_reached_with_them() {
    if !available() {
        return;
    }
    let cluster = EtcdCluster::start_tls();
    enable_users(&cluster);
    let first = Home::new();
    assert!(create_keyed(&first, "wx", "me", "key-1").status.success());
    let password = first.path().join("etcd-password");
    std::fs::write(&password, "ci-pw-3\n").unwrap();
    let password = format!("@{}", password.display());
    secured(
        &first,
        &cluster,
        &["store", "migrate", "--to", "etcd"],
        &password,
    )
    .success();
    let setting = std::fs::read_to_string(first.state().join("store.toml")).unwrap();
    assert!(
        !setting.contains("ci-pw-3"),
        "the setting names where the password is: {setting}"
    );
    assert!(setting.contains(&password), "{setting}");

    let second = member_of(&first);
    secured(&second, &cluster, &["store", "use", "etcd"], &password).success();
    second.run(&["token", "wx"]).success().stdout("key-1\n");
    assert!(
        create_keyed(&second, "wx2", "me2", "key-2")
            .status
            .success()
    );
    first.run(&["token", "wx2"]).success().stdout("key-2\n");

    // A wrong password is refused by the cluster; https without the authority is refused here.
    let wrong = first.path().join("wrong-password");
    std::fs::write(&wrong, "nope").unwrap();
    let third = member_of(&first);
    let out = secured(
        &third,
        &cluster,
        &["store", "use", "etcd"],
        &format!("@{}", wrong.display()),
    );
    let said = stderr(&out.code(5));
    assert!(said.contains("authentication failed"), "{said}");
    let endpoints = cluster.endpoints().join(",");
    let out = third
        .run(&[
            "store",
            "use",
            "etcd",
            "--endpoints",
            &endpoints,
            "--prefix",
            PREFIX,
        ])
        .code(2);
    assert!(stderr(&out).contains("--cacert"), "{}", stderr(&out));
}
