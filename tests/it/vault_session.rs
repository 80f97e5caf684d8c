//! Unlocked sessions (`vault unlock`, `vault lock`) in the real kernel keyring: each test runs
//! its commands in a session keyring of its own (`keyctl session -`), as one login would.

use std::process::Command;

use crate::common::{Home, can_run};

const PASSPHRASE: &str = "correct-horse-battery";

fn tools_here() -> bool {
    let works = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    can_run(
        works("keyctl", &["show", "@s"]) && works("setpriv", &["--version"]),
        "keyctl (keyutils) with a usable kernel keyring, and setpriv (util-linux), are needed",
    )
}

/// Runs `script` with `sh` in a new session keyring, `$T` being tether and `$P` the
/// passphrase (not exported: each command that needs it says so). Returns the script's
/// stdout and stderr, after checking it exited 0.
fn in_a_login(home: &Home, script: &str) -> (String, String) {
    in_a_login_with(home, &[], script)
}

/// [`in_a_login`] with more variables, e.g. a Secret Service's.
fn in_a_login_with(home: &Home, env: &[(&str, String)], script: &str) -> (String, String) {
    let out = Command::new("keyctl")
        .args(["session", "-", "sh", "-euc", script])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("TETHER_HOME", home.state())
        .env("NO_COLOR", "1")
        .env("T", env!("CARGO_BIN_EXE_tether"))
        .env("P", PASSPHRASE)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    (stdout, stderr)
}

/// A passphrase vault with the API-key connection `ai` (key `sk-test`).
const SETUP: &str = r"
TETHER_PASSPHRASE=$P $T vault init --passphrase
KEY=sk-test TETHER_PASSPHRASE=$P $T --no-input connection create ai --connector openai \
  --authorize --account me --param api_key=env:KEY
";

/// `token ai` without the passphrase and without a person: prints the exit code.
const TOKEN: &str = r#"code=0; $T --no-input token ai || code=$?; echo "token exit $code""#;

#[test]
fn an_unlocked_vault_needs_no_passphrase_until_it_is_locked() {
    if !tools_here() {
        return;
    }
    let home = Home::new();
    let (out, err) = in_a_login(
        &home,
        &format!(
            r"{SETUP}
{TOKEN}
TETHER_PASSPHRASE=$P $T vault unlock --for 10m
{TOKEN}
$T vault status --json
$T vault lock
{TOKEN}
$T vault lock
echo unlocked:
TETHER_PASSPHRASE=$P $T vault unlock --for 1m --json
$T vault lock
echo log:
$T log --json
"
        ),
    );
    let after = |marker: &str| {
        out.split_once(marker)
            .map(|(_, rest)| rest.to_owned())
            .unwrap_or_default()
    };
    let unlocked = after("unlocked:\n");
    let unlocked: serde_json::Value =
        serde_json::from_str(unlocked.split("log:\n").next().unwrap()).unwrap();
    assert!(unlocked["unlocked_until"].is_string(), "{unlocked}");
    let log: serde_json::Value = serde_json::from_str(&after("log:\n")).unwrap();
    let commands: Vec<(&str, &str)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["command"].as_str().unwrap(),
                e["outcome"].as_str().unwrap(),
            )
        })
        .filter(|(command, _)| command.starts_with("vault"))
        .collect();
    assert_eq!(
        commands,
        [
            ("vault init", "ok"),
            ("vault unlock", "ok"),
            ("vault lock", "ok"),
            ("vault lock", "ok"),
            ("vault unlock", "ok"),
            ("vault lock", "ok"),
        ],
        "{log}"
    );
    let exits: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("token exit"))
        .collect();
    assert_eq!(
        exits,
        ["token exit 4", "token exit 0", "token exit 4"],
        "{out}\n{err}"
    );
    assert!(out.contains("sk-test\n"), "the unlocked token: {out}");
    let status = out
        .lines()
        .skip_while(|l| !l.starts_with('{'))
        .take_while(|l| !l.starts_with("token exit"))
        .collect::<Vec<_>>()
        .join("\n");
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status["key_source"], "session");
    assert!(status["unlocked_until"].is_string(), "{status}");
    assert!(err.contains("Unlocked for 10 min"), "{err}");
    assert!(
        err.contains("Locked: commands ask for the vault's key again."),
        "{err}"
    );
    assert!(
        err.contains("The vault was not unlocked; nothing to lock."),
        "{err}"
    );
    assert!(
        !err.contains("sk-test") && !err.contains(PASSPHRASE),
        "{err}"
    );
}

#[test]
fn a_session_ends_when_its_time_is_up() {
    if !tools_here() {
        return;
    }
    let home = Home::new();
    let (out, err) = in_a_login(
        &home,
        &format!(
            r"{SETUP}
TETHER_PASSPHRASE=$P $T vault unlock --for 2s
{TOKEN}
sleep 3
{TOKEN}
"
        ),
    );
    let exits: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("token exit"))
        .collect();
    assert_eq!(exits, ["token exit 0", "token exit 4"], "{out}\n{err}");
}

#[test]
fn a_rekey_ends_the_session() {
    if !tools_here() {
        return;
    }
    let home = Home::new();
    let (out, err) = in_a_login(
        &home,
        &format!(
            r"{SETUP}
TETHER_PASSPHRASE=$P $T vault unlock
{TOKEN}
TETHER_PASSPHRASE=$P $T vault rekey
{TOKEN}
keyctl show @s
"
        ),
    );
    let exits: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("token exit"))
        .collect();
    assert_eq!(exits, ["token exit 0", "token exit 4"], "{out}\n{err}");
    assert!(
        !out.contains("tether:vault:"),
        "the old key left the keyring: {out}"
    );
}

/// Another user's processes have session keyrings of their own; `keyctl session -` gives the
/// `nobody` process one, as its login would.
#[test]
fn only_this_user_can_read_the_session_key() {
    if !tools_here() {
        return;
    }
    let home = Home::new();
    let (out, err) = in_a_login(
        &home,
        &format!(
            r#"{SETUP}
TETHER_PASSPHRASE=$P $T vault unlock
id=$($T vault status --json | sed -n 's/.*"key_id": "\([^"]*\)".*/\1/p')
key=$(keyctl search @s user "tether:vault:$id")
keyctl print "$key" >/dev/null && echo "owner reads"
code=0; setpriv --reuid=65534 --regid=65534 --clear-groups keyctl session - keyctl print "$key" || code=$?
echo "nobody exit $code"
"#
        ),
    );
    assert!(out.contains("owner reads"), "{out}\n{err}");
    let nobody = out.lines().find(|l| l.starts_with("nobody exit")).unwrap();
    assert_ne!(nobody, "nobody exit 0", "{out}\n{err}");
    assert!(err.contains("Permission denied"), "{err}");
}

#[test]
fn a_vault_keyed_by_the_environment_has_nothing_to_unlock() {
    if !tools_here() {
        return;
    }
    let home = Home::new();
    let out = home.run(&["vault", "init"]).success();
    drop(out);
    let refused = home.run(&["vault", "unlock"]).code(2);
    let err = crate::common::stderr(&refused);
    assert!(err.contains("every command already has its key"), "{err}");
    let bad = home.run(&["vault", "unlock", "--for", "1d"]).code(2);
    assert!(
        crate::common::stderr(&bad).contains("is not a duration"),
        "{}",
        crate::common::stderr(&bad)
    );
}

/// A key kept in the OS keyring is kept in the kernel keyring too only when asked: then
/// commands no longer ask the keyring (which is shown by making it unreachable).
#[cfg(target_os = "linux")]
#[test]
fn a_keyring_vault_is_unlocked_only_when_asked() {
    if !tools_here() {
        return;
    }
    let Some(service) = crate::common::keyring::SecretService::start() else {
        return;
    };
    let home = Home::new();
    let (out, err) = in_a_login_with(
        &home,
        &service.env(),
        r#"
KEY=sk-test $T --no-input connection create ai --connector openai --authorize --account me \
  --param api_key=env:KEY
$T vault status --json | grep '"key_source"'
code=0; $T vault unlock --for 10m || code=$?; echo "plain unlock exit $code"
$T vault unlock --for 10m --os-keyring
$T vault status --json | grep '"key_source"'
code=0; DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent $T --no-input token ai || code=$?
echo "token without the keyring exit $code"
$T vault lock
code=0; DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent $T --no-input token ai 2>/dev/null || code=$?
echo "token after lock exit $code"
"#,
    );
    let sources: Vec<&str> = out.lines().filter(|l| l.contains("key_source")).collect();
    assert_eq!(sources.len(), 2, "{out}\n{err}");
    assert!(sources[0].contains("\"keyring\""), "{out}");
    assert!(sources[1].contains("\"session\""), "{out}");
    assert!(out.contains("plain unlock exit 2"), "{out}\n{err}");
    assert!(err.contains("--os-keyring"), "{err}");
    assert!(
        out.contains("sk-test\ntoken without the keyring exit 0"),
        "{out}\n{err}"
    );
    assert!(out.contains("token after lock exit 4"), "{out}\n{err}");
    assert!(!err.contains("sk-test"), "{err}");
}
