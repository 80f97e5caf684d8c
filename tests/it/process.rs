//! tether's own process while it holds secrets: not dumpable (so `gcore`, ptrace and
//! `/proc/PID/environ` are closed to other processes of the same user) and without core files.
//! Checked on a real run that waits for a secret to arrive through a FIFO.
#![cfg(target_os = "linux")]

use std::io::Write as _;
use std::os::unix::fs::MetadataExt as _;
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::Home;

/// `nobody` on Debian and most distributions.
const UNPRIVILEGED: u32 = 65534;

const CONNECTOR: &str = r#"id = "weather"
name = "Weather API"
auth = "api-key"
base_url = "https://api.weather.example"

[[params]]
name = "api_key"
secret = true

[api_key]
placement = "query"
name = "appid"
value = "{api_key}"
"#;

/// Gives `path` and everything below it to `uid`.
fn chown_all(path: &Path, uid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(uid)).unwrap();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            chown_all(&entry.unwrap().path(), uid);
        }
    }
}

/// The soft limit in the "Max core file size" line of /proc/PID/limits.
fn soft_core_limit(pid: u32) -> String {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits
        .lines()
        .find_map(|l| l.strip_prefix("Max core file size"))
        .unwrap_or_else(|| panic!("no core limit in {limits}"));
    line.split_whitespace().next().unwrap().to_owned()
}

#[test]
fn a_waiting_tether_is_not_dumpable_and_writes_no_core() {
    let home = Home::new();
    let fifo = home.path().join("api-key.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo failed");
    let connector = home.write("weather.toml", CONNECTOR);
    // The files of a non-dumpable process belong to root. Run as root, tether's would anyway,
    // and the check would prove nothing; so it runs as an unprivileged user.
    let me = std::fs::metadata("/proc/self").unwrap().uid();
    let run_as = (me == 0).then_some(UNPRIVILEGED);
    if let Some(uid) = run_as {
        chown_all(home.path(), uid);
    }
    let tether = |args: &[&str]| {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("tether"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home.path())
            .env("TETHER_HOME", home.state())
            .env("TETHER_VAULT_KEY", &home.vault_key)
            .env("NO_COLOR", "1")
            .args(args)
            .stdin(Stdio::null());
        if let Some(id) = run_as {
            // std drops the supplementary groups too when it changes user as root.
            cmd.uid(id).gid(id);
        }
        cmd
    };
    let imported = tether(&["connector", "import", connector.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(imported.status.success(), "{imported:?}");

    let param = format!("api_key=@{}", fifo.display());
    let mut child = tether(&[
        "connection",
        "create",
        "wx",
        "--connector",
        "weather",
        "--authorize",
        "--account",
        "wx",
        "--param",
        &param,
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();

    // Opening the FIFO for writing returns once tether has opened it for reading: tether is
    // then past start-up and waits for the secret.
    let (sender, opened) = mpsc::channel();
    let path = fifo.clone();
    std::thread::spawn(move || {
        let _ = sender.send(std::fs::OpenOptions::new().write(true).open(path));
    });
    let mut writer = loop {
        match opened.recv_timeout(Duration::from_millis(100)) {
            Ok(writer) => break writer.unwrap(),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if child.try_wait().unwrap().is_some() {
                    let out = child.wait_with_output().unwrap();
                    panic!("tether ended before reading the secret: {out:?}");
                }
            }
            Err(e) => panic!("{e}"),
        }
    };

    let pid = child.id();
    let environ = std::fs::metadata(format!("/proc/{pid}/environ")).unwrap();
    assert_eq!(
        environ.uid(),
        0,
        "/proc/{pid}/environ of tether running as uid {} belongs to root only when tether is not dumpable",
        run_as.unwrap_or(me)
    );
    assert_eq!(soft_core_limit(pid), "0", "no core file");

    writer.write_all(b"wx-Secret-5d1c09\n").unwrap();
    drop(writer);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn the_command_exec_runs_gets_the_core_limit_tether_started_with() {
    let home = Home::new();
    let connector = home.write("weather.toml", CONNECTOR);
    home.run(&["connector", "import", connector.to_str().unwrap()])
        .success();
    home.cmd()
        .env("SECRET", "wx-Secret-0b7e44")
        .args(["connection", "create", "wx", "--connector", "weather"])
        .args([
            "--authorize",
            "--account",
            "wx",
            "--param",
            "api_key=env:SECRET",
        ])
        .write_stdin("")
        .assert()
        .success();
    // Whether the command may dump core is the person's setting, not tether's.
    let out = Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -S -c 4096 && exec "$TETHER" exec wx -- sh -c 'ulimit -S -c'"#)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("TETHER_HOME", home.state())
        .env("TETHER_VAULT_KEY", &home.vault_key)
        .env("TETHER", assert_cmd::cargo::cargo_bin("tether"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "4096\n");
}
