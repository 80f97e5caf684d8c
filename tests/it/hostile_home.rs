//! A hostile file system under tether's home, through the real binary: symbolic links, other
//! users' files and directories, loose modes, oversized files and values, and writers killed
//! halfway are refused (exit 4, naming the path and the fix) or cleaned up, never trusted.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::{Home, create_wx, fixture, stderr, tree};

const KEY: &str = "wx-Secret-7b3e91";

/// A home with the `weather` connector imported and `wx` authorized with [`KEY`].
fn authorized() -> Home {
    let home = Home::new().with_connector("weather.toml");
    home.run_with_key(KEY, &create_wx("me")).success();
    home
}

/// Checks a refusal: exit 4, the path and the problem named, and a hint with the fix.
fn assert_refused(out: &assert_cmd::assert::Assert, path: &Path, problem: &str, fix: &str) {
    let err = stderr(out);
    assert_eq!(out.get_output().status.code(), Some(4), "{err}");
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains(problem), "{err}");
    let hint = err.split("hint:").nth(1).unwrap_or_default();
    assert!(hint.contains(fix), "{err}");
    assert!(!err.contains(KEY), "{err}");
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The ownership tests hand a file to another uid, which only root can do.
fn running_as_root() -> bool {
    crate::common::can_run(
        rustix::process::geteuid().is_root(),
        "only root can give a file to another user",
    )
}

/// tether with the home's environment, as a plain process (to run under `sh` or be killed).
fn process(home: &Home, program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("TETHER_HOME", home.state())
        .env("TETHER_VAULT_KEY", &home.vault_key)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    cmd
}

/// Every entry under `dir` with its own metadata (a link's, not its target's).
fn with_metadata(dir: &Path) -> Vec<(PathBuf, std::fs::Metadata)> {
    tree::entries(dir)
        .into_iter()
        .map(|p| {
            let meta = std::fs::symlink_metadata(&p).unwrap();
            (p, meta)
        })
        .collect()
}

/// A server on 127.0.0.1 that stands in for an attacker: it reports every request line.
fn attacker() -> (u16, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut line = String::new();
            let _ = BufReader::new(&stream).read_line(&mut line);
            let _ = tx.send(line);
            let _ = (&stream).write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        }
    });
    (port, rx)
}

/// The attack: another user swaps `connectors/` for a link to a copy whose `base_url` is theirs,
/// then waits for `invoke` to send them the API key.
#[test]
fn a_symlinked_connectors_directory_is_refused() {
    let home = authorized();
    let (port, requests) = attacker();
    let evil = home.path().join("evil");
    std::fs::create_dir(&evil).unwrap();
    let text = std::fs::read_to_string(fixture("weather.toml"))
        .unwrap()
        .replace(
            "https://api.weather.example",
            &format!("http://127.0.0.1:{port}"),
        );
    std::fs::write(evil.join("weather.toml"), text).unwrap();
    let connectors = home.state().join("connectors");
    std::fs::rename(&connectors, home.path().join("moved")).unwrap();
    symlink(&evil, &connectors).unwrap();

    let out = home.run(&["invoke", "wx", "GET", "/forecast"]);
    assert_refused(&out, &connectors, "symbolic link", "rm ");
    assert!(
        requests.recv_timeout(Duration::from_millis(200)).is_err(),
        "the attacker's server was called"
    );
    let out = home.run(&["connector", "list"]);
    assert_refused(&out, &connectors, "symbolic link", "rm ");
}

#[test]
fn a_symlinked_connector_file_is_refused() {
    let home = authorized();
    let file = home.state().join("connectors/weather.toml");
    let evil = home.write("evil.toml", &std::fs::read_to_string(&file).unwrap());
    std::fs::remove_file(&file).unwrap();
    symlink(&evil, &file).unwrap();

    let out = home.run(&["connector", "show", "weather"]);
    assert_refused(&out, &file, "symbolic link", "rm ");
    let out = home.run(&["header", "wx"]);
    assert_refused(&out, &file, "symbolic link", "rm ");
    let out = home.run(&["connection", "details", "wx"]);
    assert_refused(&out, &file, "symbolic link", "rm ");
}

#[test]
fn a_symlinked_home_is_refused() {
    let home = authorized();
    let link = home.path().join("link");
    symlink(home.state(), &link).unwrap();
    let out = home
        .cmd()
        .env("TETHER_HOME", &link)
        .args(["token", "wx"])
        .write_stdin("")
        .assert();
    assert_refused(&out, &link, "symbolic link", "--home");
}

#[test]
fn a_home_or_directory_that_others_may_write_is_refused() {
    let home = authorized();
    chmod(&home.state(), 0o777);
    let out = home.run(&["connection", "list"]);
    let fix = format!("chmod 700 {}", home.state().display());
    assert_refused(&out, &home.state(), "0777", &fix);
    chmod(&home.state(), 0o700);
    home.run(&["connection", "list"]).success();

    let connections = home.state().join("connections");
    chmod(&connections, 0o770);
    let out = home.run(&["token", "wx"]);
    let fix = format!("chmod 700 {}", connections.display());
    assert_refused(&out, &connections, "0770", &fix);
    chmod(&connections, 0o700);
    home.run(&["token", "wx"]).success();
}

#[test]
fn a_file_that_others_may_write_is_refused() {
    let home = authorized();
    let file = home.state().join("connections/wx.toml");
    chmod(&file, 0o622);
    let out = home.run(&["token", "wx"]);
    assert_refused(
        &out,
        &file,
        "0622",
        &format!("chmod 600 {}", file.display()),
    );
}

#[test]
fn files_and_directories_of_another_user_are_refused() {
    if !running_as_root() {
        return;
    }
    let home = authorized();
    let file = home.state().join("connections/wx.toml");
    std::os::unix::fs::chown(&file, Some(65534), None).unwrap();
    let out = home.run(&["token", "wx"]);
    assert_refused(&out, &file, "owned by uid 65534", "remove");
    std::os::unix::fs::chown(&file, Some(0), None).unwrap();
    home.run(&["token", "wx"]).success();

    let vault = home.state().join("vault");
    std::os::unix::fs::chown(&vault, Some(65534), None).unwrap();
    let out = home.run(&["token", "wx"]);
    assert_refused(&out, &vault, "owned by uid 65534", "remove");

    std::os::unix::fs::chown(home.state(), Some(65534), None).unwrap();
    let out = home.run(&["token", "wx"]);
    assert_refused(&out, &home.state(), "owned by uid 65534", "a home you own");
}

/// With `umask 000`, every directory is still `0700` and every file `0600`: the lock too.
#[test]
fn everything_is_private_under_umask_000() {
    let home = Home::new();
    let status = process(&home, "sh")
        .args(["-c", "umask 000; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_tether"))
        .args(["connector", "import", &fixture("weather.toml")])
        .status()
        .unwrap();
    assert!(status.success());
    let status = process(&home, "sh")
        .args(["-c", "umask 000; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_tether"))
        .args(["connection", "create", "wx", "--connector", "weather"])
        .args(["--authorize", "--account", "me", "--param"])
        .arg(format!("api_key={KEY}"))
        .status()
        .unwrap();
    assert!(status.success());

    let entries = with_metadata(&home.state());
    let lock = home.state().join("locks/state.lock");
    assert!(entries.iter().any(|(p, _)| *p == lock), "{entries:?}");
    for (path, meta) in entries {
        let want = if meta.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(meta.mode() & 0o7777, want, "{}", path.display());
    }
}

/// A 200 MB file where tether keeps a small one is refused from its size, not read whole.
#[test]
fn oversized_state_files_are_refused() {
    let home = authorized();
    for file in ["vault/vault.toml", "connections/wx.toml"] {
        let path = home.state().join(file);
        let saved = std::fs::read(&path).unwrap();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(200 * 1024 * 1024)
            .unwrap();
        let out = home.run(&["token", "wx"]);
        assert_refused(&out, &path, "209715200 bytes", "move it away");
        std::fs::write(&path, saved).unwrap();
        home.run(&["token", "wx"]).success();
    }
}

#[test]
fn oversized_or_nul_secret_values_are_refused() {
    let home = Home::new().with_connector("weather.toml");
    let create = |value: &str| {
        home.run(&[
            "connection",
            "create",
            "wx",
            "--connector",
            "weather",
            "--authorize",
            "--param",
            value,
        ])
    };
    let big = home.path().join("big");
    std::fs::write(&big, "k".repeat(64 * 1024 + 1)).unwrap();
    let out = create(&format!("api_key=@{}", big.display())).code(2);
    assert!(stderr(&out).contains("64 KiB"), "{}", stderr(&out));
    assert!(stderr(&out).contains("hint:"), "{}", stderr(&out));

    let nul = home.write("nul", "wx-Secret\0tail");
    let out = create(&format!("api_key=@{}", nul.display())).code(2);
    assert!(stderr(&out).contains("NUL"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("wx-Secret"), "{}", stderr(&out));

    // Exactly 64 KiB is accepted.
    std::fs::write(&big, "k".repeat(64 * 1024)).unwrap();
    create(&format!("api_key=@{}", big.display())).success();
}

/// Writers killed at any instant leave no temp files behind once another write completes,
/// and never a half-written connection.
#[test]
fn killed_writers_leave_no_temp_files() {
    let home = authorized();
    let mut killed = 0;
    for i in 0..100u64 {
        let mut child = process(&home, env!("CARGO_BIN_EXE_tether"))
            .args(["connection", "rename", "wx", "--display-name"])
            .arg(format!("name {i}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Spread the kills over a process's whole life, start to exit.
        std::thread::sleep(Duration::from_micros((i * 7919) % 25_000));
        child.kill().unwrap();
        if child.wait().unwrap().code().is_none() {
            killed += 1;
        }
    }
    assert!(killed > 0, "no writer was killed");
    home.run(&["connection", "rename", "wx", "--display-name", "final"])
        .success();

    let temps: Vec<_> = with_metadata(&home.state())
        .into_iter()
        .filter(|(p, m)| m.is_file() && p.to_string_lossy().ends_with(".tmp"))
        .map(|(p, _)| p)
        .collect();
    assert!(temps.is_empty(), "{killed} writers killed, left {temps:?}");
    let details = home.json(&["connection", "details", "wx", "--json"]);
    assert_eq!(details["display_name"], "final");
}
