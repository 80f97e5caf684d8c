//! `tether exec` through the real binary: which variables reach the command (and only it), exit
//! statuses, signals, conflicts, and OAuth2 tokens refreshed before the command starts.
#![cfg(unix)]

use std::os::unix::process::ExitStatusExt as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::oidc::{self, OidcServer};
use crate::common::{Home, stderr, stdout};

const KEY: &str = "wx-Secret-4f9d2c";
const NOTES: &str = "nt-Secret-77ab01";
const PASSWORD: &str = "pw-Secret-90e1f3";

/// A Basic connector whose `[env]` uses a param, the rendered username and the password.
const DEPLOY: &str = r#"
id = "deploy"
name = "Deploy API"
auth = "basic"
base_url = "https://{site}.deploy.example"

[[params]]
name = "site"
connection = true

[basic]
username = "{username}"
password = "{password}"

[env]
DEPLOY_URL = "https://{site}.deploy.example"
DEPLOY_USER = "{username}"
DEPLOY_PASSWORD = "{password}"
"#;

/// A home with connections `wx` (weather: `[env]` WEATHER_API_KEY), `my-notes` (notes: no
/// `[env]`) and `ship` (deploy: Basic with `[env]`), all authorized in development.
fn home() -> Home {
    let home = Home::new()
        .with_connector("weather.toml")
        .with_connector("notes.toml");
    let deploy = home.write("deploy.toml", DEPLOY);
    home.run(&["connector", "import", deploy.to_str().unwrap()])
        .success();
    create(&home, "wx", "weather", &["api_key=env:SECRET"], KEY, &[]);
    create(
        &home,
        "my-notes",
        "notes",
        &["token=env:SECRET"],
        NOTES,
        &[],
    );
    create(
        &home,
        "ship",
        "deploy",
        &["site=acme", "username=robot", "password=env:SECRET"],
        PASSWORD,
        &["--access", "release"],
    );
    home
}

fn create(home: &Home, link: &str, connector: &str, params: &[&str], secret: &str, extra: &[&str]) {
    let mut cmd = home.cmd();
    cmd.env("SECRET", secret)
        .args(["connection", "create", link, "--connector", connector])
        .args(extra)
        .args(["--authorize", "--account", link]);
    for param in params {
        cmd.args(["--param", param]);
    }
    cmd.write_stdin("").assert().success();
}

/// `tether ARGS… -- sh -c SCRIPT`.
fn exec_sh(home: &Home, args: &[&str], script: &str) -> assert_cmd::assert::Assert {
    home.cmd()
        .args(args)
        .args(["--", "sh", "-c", script])
        .write_stdin("")
        .assert()
}

#[test]
fn connector_variables_reach_the_command() {
    let home = home();
    let out = exec_sh(
        &home,
        &["exec", "--no-mask", "wx"],
        r#"printf %s "$WEATHER_API_KEY""#,
    )
    .success();
    assert_eq!(stdout(&out), KEY);
    assert!(!stderr(&out).contains(KEY), "{}", stderr(&out));

    // Templates over params, the rendered username and the password.
    let out = exec_sh(
        &home,
        &["exec", "--no-mask", "ship", "--app", "release"],
        r#"printf '%s|%s|%s' "$DEPLOY_URL" "$DEPLOY_USER" "$DEPLOY_PASSWORD""#,
    )
    .success();
    assert_eq!(
        stdout(&out),
        format!("https://acme.deploy.example|robot|{PASSWORD}")
    );
}

#[test]
fn a_connector_without_env_exports_tether_link_token() {
    let home = home();
    let out = exec_sh(
        &home,
        &["exec", "--no-mask", "my-notes"],
        r#"printf %s "$TETHER_MY_NOTES_TOKEN""#,
    )
    .success();
    assert_eq!(
        stdout(&out),
        NOTES,
        "the bare token, as `tether token` prints"
    );
    home.run(&["token", "my-notes"])
        .success()
        .stdout(format!("{NOTES}\n"));
}

#[test]
fn several_links_and_the_parent_environment() {
    let home = home();
    let out = home
        .cmd()
        .env("FROM_PARENT", "kept")
        .env("WEATHER_API_KEY", "replaced-by-tether")
        .args(["exec", "--no-mask", "wx,my-notes", "--", "sh", "-c"])
        .arg(r#"printf '%s %s %s' "$WEATHER_API_KEY" "$TETHER_MY_NOTES_TOKEN" "$FROM_PARENT""#)
        .write_stdin("")
        .assert()
        .success();
    assert_eq!(stdout(&out), format!("{KEY} {NOTES} kept"));
}

#[test]
fn the_vault_keys_and_passphrase_do_not_reach_the_command() {
    let home = home();
    let out = home
        .cmd()
        .env("TETHER_PASSPHRASE", "not-for-the-child")
        .env("TETHER_NEW_VAULT_KEY", &home.vault_key)
        .args(["exec", "--no-mask", "wx", "--", "sh", "-c"])
        .arg(r#"printf '%s|%s|%s|%s' "${TETHER_VAULT_KEY-unset}" "${TETHER_NEW_VAULT_KEY-unset}" "${TETHER_PASSPHRASE-unset}" "$WEATHER_API_KEY""#)
        .write_stdin("")
        .assert()
        .success();
    assert_eq!(stdout(&out), format!("unset|unset|unset|{KEY}"));
}

#[cfg(target_os = "linux")] // reads /proc
#[test]
fn the_secret_is_only_in_the_commands_environment() {
    let home = home();
    // Verbose: tether names the variables it exports, never their values.
    let out = exec_sh(
        &home,
        &["-vv", "exec", "--no-mask", "wx,my-notes"],
        r#"tr '\0' ' ' < /proc/$$/cmdline; echo; tr '\0' '\n' < /proc/$$/environ | grep -c "^WEATHER_API_KEY="; sed -n 's/^SigIgn:\t//p' /proc/$$/status"#,
    )
    .success();
    let (out_text, err_text) = (stdout(&out), stderr(&out));
    let mut lines = out_text.lines();
    let argv = lines.next().unwrap();
    assert!(argv.starts_with("sh -c "), "{argv}");
    assert!(
        !argv.contains(KEY) && !argv.contains(NOTES),
        "argv holds no secret: {argv}"
    );
    assert_eq!(lines.next(), Some("1"), "the environment does");
    // Rust ignores SIGPIPE in tether itself; the command must get the default back, or
    // `cmd | head` pipelines inside it would see EPIPE errors instead of ending quietly.
    let ignored = u64::from_str_radix(lines.next().unwrap(), 16).unwrap();
    assert_eq!(
        ignored & (1 << (13 - 1)),
        0,
        "SIGPIPE is not ignored: {ignored:x}"
    );
    assert!(
        err_text.contains("WEATHER_API_KEY (from wx)")
            && err_text.contains("TETHER_MY_NOTES_TOKEN (from my-notes)"),
        "{err_text}"
    );
    assert!(
        !err_text.contains(KEY) && !err_text.contains(NOTES),
        "{err_text}"
    );
    for (path, bytes) in home.files_outside_vault() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(KEY) && !text.contains(NOTES),
            "{} holds a secret",
            path.display()
        );
    }
}

#[test]
fn the_exit_status_is_the_commands() {
    let home = home();
    exec_sh(&home, &["exec", "--no-mask", "wx"], "exit 7").code(7);
    exec_sh(&home, &["exec", "--no-mask", "wx"], "exit 0").success();

    // Killed by a signal: tether's parent sees the same signal (a shell reports 128+9).
    let status = home
        .cmd()
        .args(["exec", "--no-mask", "wx", "--", "sh", "-c", "kill -KILL $$"])
        .write_stdin("")
        .assert()
        .get_output()
        .status;
    assert_eq!(status.signal(), Some(9), "{status:?}");
}

/// Starts `tether exec wx -- sh -c SCRIPT` in the background; SCRIPT creates `$READY` once
/// its traps are set. Returns the child and waits until then.
fn start_trapping(home: &Home, script: &str) -> std::process::Child {
    let ready = home.path().join("ready");
    let _ = std::fs::remove_file(&ready);
    let child = home
        .process()
        .args(["exec", "--no-mask", "wx", "--", "sh", "-c", script])
        .env("READY", &ready)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ready.exists() {
        assert!(Instant::now() < deadline, "the command never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn wait_at_most(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the command did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sigterm_and_sigint_sent_to_tether_reach_the_command() {
    let home = home();
    for (name, code) in [("TERM", 42), ("INT", 43)] {
        let script = format!(
            r#"trap 'kill $! 2>/dev/null; exit {code}' {name}; sleep 30 & : > "$READY"; wait"#
        );
        let mut child = start_trapping(&home, &script);
        signal(child.id(), name);
        let status = wait_at_most(&mut child, Duration::from_secs(10));
        assert_eq!(
            status.code(),
            Some(code),
            "SIG{name} ran the command's trap: {status:?}"
        );
    }
}

#[test]
fn conflicting_variables_are_refused_and_nothing_runs() {
    let home = home();
    create(
        &home,
        "wx2",
        "weather",
        &["api_key=env:SECRET"],
        "other-key",
        &[],
    );
    let marker = home.path().join("ran");
    let out = home
        .cmd()
        .args(["exec", "--no-mask", "wx,wx2", "--", "touch"])
        .arg(&marker)
        .write_stdin("")
        .assert()
        .code(2);
    let err = stderr(&out);
    assert!(
        err.contains("`wx`") && err.contains("`wx2`") && err.contains("WEATHER_API_KEY"),
        "{err}"
    );
    assert!(!marker.exists(), "the command did not run");
    // The same link twice is not a conflict.
    exec_sh(
        &home,
        &["exec", "--no-mask", "wx,wx"],
        r#"printf %s "$WEATHER_API_KEY""#,
    )
    .success()
    .stdout(KEY);
}

#[test]
fn a_missing_command_exits_127_and_a_non_executable_126() {
    let home = home();
    let out = home
        .run(&[
            "exec",
            "--no-mask",
            "wx",
            "--",
            "no-such-command-tether-test",
        ])
        .code(127);
    assert!(
        stderr(&out).contains("command `no-such-command-tether-test` not found"),
        "{}",
        stderr(&out)
    );
    let file = home.write("not-executable.sh", "echo hi\n");
    home.run(&["exec", "--no-mask", "wx", "--", file.to_str().unwrap()])
        .code(126);
}

/// `DIR/NAME`, a script that prints its path, its arguments and the exported key.
fn script(dir: &std::path::Path, name: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(
        &path,
        "#!/bin/sh\nprintf '%s %s %s' \"$0\" \"$*\" \"$WEATHER_API_KEY\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn the_command_is_found_along_path_as_execvp_finds_it() {
    let home = home();
    let [denied, found, later] = ["denied", "found", "later"].map(|d| home.path().join(d));
    script(&denied, "tool", 0o644);
    script(&found, "tool", 0o755);
    script(&later, "tool", 0o755);
    std::fs::create_dir_all(found.join("sub")).unwrap();
    let path = std::env::join_paths([&denied, &found.join("sub"), &found, &later]).unwrap();
    // The first executable file wins; a file that may not be run is passed over.
    let out = home
        .cmd()
        .env("PATH", &path)
        .args(["exec", "--no-mask", "wx", "--", "tool", "a", "b"])
        .write_stdin("")
        .assert()
        .success();
    assert_eq!(
        stdout(&out),
        format!("{} a b {KEY}", found.join("tool").display())
    );
    // A directory of that name is not a program.
    home.cmd()
        .env("PATH", &found)
        .args(["exec", "--no-mask", "wx", "--", "sub"])
        .write_stdin("")
        .assert()
        .code(126);
    // An empty entry is the current directory.
    let out = home
        .cmd()
        .env("PATH", ":/no/such/dir")
        .current_dir(&later)
        .args(["exec", "--no-mask", "wx", "--", "tool"])
        .write_stdin("")
        .assert()
        .success();
    assert_eq!(stdout(&out), format!("./tool  {KEY}"));
    // The program gets its name as typed, not the path it was found at.
    exec_sh(&home, &["exec", "--no-mask", "wx"], r#"printf %s "$0""#)
        .success()
        .stdout("sh");
}

#[test]
fn a_command_found_only_where_it_may_not_run_exits_126() {
    let home = home();
    let denied = home.path().join("denied");
    script(&denied, "tool", 0o644);
    let out = home
        .cmd()
        .env("PATH", &denied)
        .args(["exec", "--no-mask", "wx", "--", "tool"])
        .write_stdin("")
        .assert()
        .code(126);
    assert!(
        stderr(&out).contains("cannot run `tool`: permission denied"),
        "{}",
        stderr(&out)
    );
    // A name with a slash is not looked up: missing there is missing.
    let out = home
        .run(&["exec", "--no-mask", "wx", "--", "./tool"])
        .code(127);
    assert!(
        stderr(&out).contains("command `./tool` not found"),
        "{}",
        stderr(&out)
    );
    // The same file named by its path.
    home.run(&[
        "exec",
        "--no-mask",
        "wx",
        "--",
        denied.join("tool").to_str().unwrap(),
    ])
    .code(126);
}

#[test]
fn usage_errors_and_access() {
    let home = home();
    // COMMAND comes after `--`.
    home.run(&["exec", "--no-mask", "wx", "true"]).code(2);
    home.run(&["exec", "--no-mask", "wx"]).code(2);
    home.run(&["exec", "--no-mask", "nope", "--", "true"])
        .code(2);
    // `ship` is open to the application `release` only.
    let marker = home.path().join("ran");
    home.cmd()
        .args(["exec", "--no-mask", "ship", "--app", "other", "--", "touch"])
        .arg(&marker)
        .assert()
        .code(6);
    home.cmd()
        .env("TETHER_APP", "other")
        .args(["exec", "--no-mask", "wx,ship", "--", "touch"])
        .arg(&marker)
        .assert()
        .code(6);
    assert!(!marker.exists());
    // Not authorized in production.
    home.run(&["exec", "--no-mask", "wx", "--env", "prod", "--", "true"])
        .code(3);
}

#[test]
fn oauth2_tokens_are_refreshed_before_the_command_starts() {
    // The first access token lives 2 s, inside the 60 s buffer: due after half its life.
    let server = OidcServer::start_with(&[
        ("OIDC_INITIAL_ACCESS_TOKEN_TTL", "2"),
        ("OIDC_ACCESS_TOKEN_TTL", "3600"),
    ]);
    let toml = server
        .connector_toml("files", "none")
        .replace("expiry_buffer_secs = 10", "expiry_buffer_secs = 60")
        + "\n[env]\nFILES_TOKEN = \"{access_token}\"\n";
    let home = oidc::public_files_home(&toml);
    home.cmd()
        .env("BROWSER", OidcServer::browser_path())
        .env("BROWSER_LOG", home.path().join("browser.log"))
        .env("BROWSER_QUIET", "1")
        .args(["connection", "create", "files", "--connector", "files"])
        .args(["--scope", "files.read", "--authorize", "--account", "alice"])
        .args(["--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    std::thread::sleep(std::time::Duration::from_millis(1300));
    server.reset_stats();

    let out = exec_sh(
        &home,
        &["exec", "--no-mask", "files"],
        r#"printf %s "$FILES_TOKEN""#,
    )
    .success();
    let token = stdout(&out);
    let token = token.as_str();
    assert_eq!(
        server.stats()["refresh"],
        1,
        "refreshed once, before the command"
    );
    let (status, body) = crate::common::http::get(&server.url("/api/me"), Some(token));
    assert_eq!(status, 200, "the exported token works: {body}");
    assert!(!stderr(&out).contains(token));
}
