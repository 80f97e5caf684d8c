//! The etcd client against a real three-member cluster: revisions, conditional and
//! all-or-nothing writes, leased locks (also against a holder that dies), and members lost and
//! back.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use tether::etcd::{Change, Client, Error, Expect, Health, Limits, Security, Write};

use crate::common::etcd::{EtcdCluster, available};

fn client(cluster: &EtcdCluster) -> Client {
    Client::connect(&cluster.endpoints(), Limits::default(), Security::default()).unwrap()
}

fn etcdctl_get(cluster: &EtcdCluster, key: &str) -> String {
    let out = cluster.etcdctl(&["get", "--print-value-only", key]);
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap().trim_end().to_owned()
}

#[test]
fn a_value_written_is_read_back_with_its_revision() {
    if !available() {
        return;
    }
    let cluster = EtcdCluster::start();
    let etcd = client(&cluster);
    assert_eq!(etcd.get("/t/a").unwrap(), None);

    let revision = etcd.put_if("/t/a", b"one", Expect::Absent).unwrap();
    let entry = etcd.get("/t/a").unwrap().unwrap();
    assert_eq!(entry.value, b"one");
    assert_eq!(entry.mod_revision, revision);
    assert_eq!(etcdctl_get(&cluster, "/t/a"), "one");

    etcd.put_if("/t/b", b"two", Expect::Absent).unwrap();
    let listed: Vec<(String, Vec<u8>)> = etcd
        .get_prefix("/t/")
        .unwrap()
        .into_iter()
        .map(|e| (e.key, e.value))
        .collect();
    assert_eq!(
        listed,
        [
            ("/t/a".into(), b"one".to_vec()),
            ("/t/b".into(), b"two".to_vec())
        ]
    );
}

#[test]
fn a_write_is_refused_once_the_key_moved_so_no_update_is_lost() {
    if !available() {
        return;
    }
    let cluster = EtcdCluster::start();
    let (alice, bob) = (client(&cluster), client(&cluster));
    alice.put_if("/t/n", b"0", Expect::Absent).unwrap();

    // Both read the same revision; the second write is refused and names the key.
    let seen = alice.get("/t/n").unwrap().unwrap().mod_revision;
    alice
        .put_if("/t/n", b"alice", Expect::ModRevision(seen))
        .unwrap();
    let refused = bob
        .put_if("/t/n", b"bob", Expect::ModRevision(seen))
        .unwrap_err();
    assert!(
        matches!(&refused, Error::Conflict { keys } if keys == &["/t/n"]),
        "{refused:?}"
    );
    assert_eq!(etcdctl_get(&cluster, "/t/n"), "alice");
    // Creating a key that exists is a conflict too.
    assert!(
        bob.put_if("/t/n", b"x", Expect::Absent)
            .unwrap_err()
            .is_conflict()
    );

    // Racing read-modify-write loops that retry on conflicts count every increment.
    etcd_counter_race(&cluster);
}

fn etcd_counter_race(cluster: &EtcdCluster) {
    const WRITERS: usize = 4;
    const EACH: usize = 10;
    client(cluster)
        .put_if("/t/count", b"0", Expect::Absent)
        .unwrap();
    std::thread::scope(|scope| {
        for _ in 0..WRITERS {
            scope.spawn(|| {
                let etcd = client(cluster);
                let mut done = 0;
                while done < EACH {
                    let entry = etcd.get("/t/count").unwrap().unwrap();
                    let n: usize = std::str::from_utf8(&entry.value).unwrap().parse().unwrap();
                    let next = (n + 1).to_string();
                    match etcd.put_if(
                        "/t/count",
                        next.as_bytes(),
                        Expect::ModRevision(entry.mod_revision),
                    ) {
                        Ok(_) => done += 1,
                        Err(e) if e.is_conflict() => {}
                        Err(e) => panic!("{e}"),
                    }
                }
            });
        }
    });
    assert_eq!(
        etcdctl_get(cluster, "/t/count"),
        (WRITERS * EACH).to_string()
    );
}

#[test]
fn a_commit_with_one_stale_key_writes_nothing() {
    if !available() {
        return;
    }
    let cluster = EtcdCluster::start();
    let etcd = client(&cluster);
    etcd.put_if("/t/record", b"r1", Expect::Absent).unwrap();
    etcd.put_if("/t/account", b"a1", Expect::Absent).unwrap();
    let record = etcd.get("/t/record").unwrap().unwrap().mod_revision;
    let account = etcd.get("/t/account").unwrap().unwrap().mod_revision;
    // Someone else changes the account after it was read.
    assert!(
        cluster
            .etcdctl(&["put", "/t/account", "a2"])
            .status
            .success()
    );

    let changes = |account_seen| {
        vec![
            Change {
                key: "/t/record".into(),
                expect: Expect::ModRevision(record),
                write: Write::Put(b"r2".to_vec()),
            },
            Change {
                key: "/t/account".into(),
                expect: Expect::ModRevision(account_seen),
                write: Write::Delete,
            },
            Change {
                key: "/t/connection".into(),
                expect: Expect::Absent,
                write: Write::Put(b"c1".to_vec()),
            },
        ]
    };
    let refused = etcd.commit(&changes(account)).unwrap_err();
    assert!(
        matches!(&refused, Error::Conflict { keys } if keys == &["/t/account"]),
        "{refused:?}"
    );
    let out = cluster.etcdctl(&["get", "--prefix", "/t/"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "/t/account\na2\n/t/record\nr1\n",
        "nothing of the refused commit was written"
    );

    // Read again, the same change goes through whole.
    let account = etcd.get("/t/account").unwrap().unwrap().mod_revision;
    etcd.commit(&changes(account)).unwrap();
    let out = cluster.etcdctl(&["get", "--prefix", "/t/"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "/t/connection\nc1\n/t/record\nr2\n"
    );
}

#[test]
fn a_lock_excludes_a_second_holder_until_released() {
    if !available() {
        return;
    }
    let cluster = EtcdCluster::start();
    let (first, second) = (client(&cluster), client(&cluster));
    let ttl = Duration::from_secs(2);
    let held = first.lock("/t/lock", ttl, Duration::from_secs(5)).unwrap();

    let busy = second
        .lock("/t/lock", ttl, Duration::from_secs(1))
        .unwrap_err();
    assert!(matches!(busy, Error::LockBusy { .. }), "{busy:?}");
    // Held well past its TTL, the lease is kept alive: still excluded.
    std::thread::sleep(ttl * 2);
    assert!(held.is_held());
    let busy = second
        .lock("/t/lock", ttl, Duration::from_secs(1))
        .unwrap_err();
    assert!(matches!(busy, Error::LockBusy { .. }), "{busy:?}");
    // etcdctl's locks share the scheme: it is excluded as well.
    let out = Command::new("timeout")
        .args([
            "2",
            "etcdctl",
            &format!("--endpoints={}", cluster.endpoints().join(",")),
        ])
        .args(["lock", "/t/lock", "echo", "taken"])
        .env("ETCDCTL_API", "3")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(124), "{out:?}");

    drop(held);
    let taken = second.lock("/t/lock", ttl, Duration::from_secs(5)).unwrap();
    assert_eq!(taken.name(), "/t/lock");
}

#[test]
fn a_lock_whose_holder_was_killed_is_free_once_its_lease_expires() {
    if !available() {
        return;
    }
    let cluster = EtcdCluster::start();
    // Another process holds the lock on a 2-second lease and is killed without unlocking.
    let mut holder = Command::new("etcdctl")
        .env("ETCDCTL_API", "3")
        .arg(format!("--endpoints={}", cluster.endpoints().join(",")))
        .args(["lock", "--ttl=2", "/t/refresh"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // It prints the lock's key once it holds it.
    let mut line = String::new();
    BufReader::new(holder.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("/t/refresh/"), "{line:?}");

    let etcd = client(&cluster);
    let ttl = Duration::from_secs(2);
    let busy = etcd
        .lock("/t/refresh", ttl, Duration::from_secs(1))
        .unwrap_err();
    assert!(matches!(busy, Error::LockBusy { .. }), "{busy:?}");

    holder.kill().unwrap();
    holder.wait().unwrap();
    let taken = etcd
        .lock("/t/refresh", ttl, Duration::from_secs(20))
        .unwrap();
    assert!(taken.is_held());
}

#[test]
fn one_member_lost_changes_nothing_and_quorum_lost_fails_naming_the_endpoints() {
    if !available() {
        return;
    }
    let mut cluster = EtcdCluster::start();
    let endpoints = cluster.endpoints();
    let etcd = client(&cluster);
    etcd.put_if("/t/k", b"v1", Expect::Absent).unwrap();

    cluster.stop_member(0);
    let seen = etcd.get("/t/k").unwrap().unwrap();
    assert_eq!(seen.value, b"v1");
    etcd.put_if("/t/k", b"v2", Expect::ModRevision(seen.mod_revision))
        .unwrap();
    drop(
        etcd.lock("/t/lock", Duration::from_secs(2), Duration::from_secs(5))
            .unwrap(),
    );
    let health = etcd.health();
    assert!(
        matches!(health[0].health, Health::Unreachable { .. }),
        "{health:?}"
    );
    assert!(
        matches!(health[1].health, Health::Healthy { .. }),
        "{health:?}"
    );
    assert!(
        matches!(health[2].health, Health::Healthy { .. }),
        "{health:?}"
    );

    cluster.stop_member(1);
    let failed = etcd.get("/t/k").unwrap_err();
    assert!(
        matches!(failed, Error::Timeout { .. } | Error::Failed { .. }),
        "{failed:?}"
    );
    let message = failed.to_string();
    for endpoint in &endpoints {
        assert!(message.contains(endpoint.as_str()), "{message}");
    }
    let failed = etcd.put_if("/t/k", b"v3", Expect::Absent).unwrap_err();
    assert!(!failed.is_conflict(), "{failed:?}");
    let failed = etcd
        .lock("/t/lock", Duration::from_secs(2), Duration::from_secs(2))
        .unwrap_err();
    assert!(
        matches!(failed, Error::Timeout { .. } | Error::Failed { .. }),
        "{failed:?}"
    );
    let health = etcd.health();
    assert!(
        matches!(health[2].health, Health::NoLeader { .. }),
        "{health:?}"
    );

    cluster.start_member(0);
    cluster.start_member(1);
    let seen = etcd.get("/t/k").unwrap().unwrap();
    assert_eq!(seen.value, b"v2");
    etcd.put_if("/t/k", b"v3", Expect::ModRevision(seen.mod_revision))
        .unwrap();
    assert_eq!(etcdctl_get(&cluster, "/t/k"), "v3");
}
