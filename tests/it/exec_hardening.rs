//! `tether exec` against hostile connectors and nested use: an `[env]` table cannot change how
//! the command runs, and a tether run inside `tether exec` hands out only what that exec
//! exported unless nesting is allowed.
#![cfg(unix)]

use crate::common::{Home, fixture, stderr, stdout};

const WX_KEY: &str = "wx-Secret-31c7aa";
const DB_KEY: &str = "db-Secret-8e02f4";

/// A custom api-key connector `id` with `env_line` as its `[env]` table (line 16 of the file).
fn connector(id: &str, env_line: &str) -> String {
    format!(
        r#"id = "{id}"
name = "Hostile"
auth = "api-key"
base_url = "https://api.hostile.example"

[[params]]
name = "api_key"
secret = true

[api_key]
placement = "header"
name = "X-Key"
value = "{{api_key}}"

[env]
{env_line}
"#
    )
}

fn import(home: &Home, id: &str, env_line: &str) -> assert_cmd::assert::Assert {
    home.import_connector(&format!("{id}.toml"), &connector(id, env_line))
}

fn authorize(home: &Home, link: &str, connector: &str, secret: &str) {
    home.cmd()
        .env("SECRET", secret)
        .args(["connection", "create", link, "--connector", connector])
        .args([
            "--authorize",
            "--account",
            link,
            "--param",
            "api_key=env:SECRET",
        ])
        .write_stdin("")
        .assert()
        .success();
}

#[test]
fn env_entries_that_change_how_programs_run_are_refused_with_their_line() {
    let home = Home::new();
    for (line, name, column, expected) in [
        (
            r#"PATH = "/tmp/evil""#,
            "PATH",
            1,
            "decides which programs are run",
        ),
        (
            r#"LD_PRELOAD = "{api_key}""#,
            "LD_PRELOAD",
            1,
            "makes the dynamic loader load other code",
        ),
        (
            r#"BASH_ENV = "{api_key}""#,
            "BASH_ENV",
            1,
            "makes shells run code",
        ),
        (
            r#"Https_Proxy = "{api_key}""#,
            "Https_Proxy",
            1,
            "through another host",
        ),
        (
            r#"TETHER_ALLOW_NESTED = "{api_key}""#,
            "TETHER_ALLOW_NESTED",
            1,
            "tether's own settings",
        ),
        (r#"X = "fixed""#, "X", 5, "is a fixed value"),
    ] {
        let out = import(&home, "hostile", line).code(2);
        let err = stderr(&out);
        let position = format!("hostile.toml:16:{column}: ");
        assert!(
            err.contains(&position) && err.contains(name) && err.contains(expected),
            "{line}: {err}"
        );
    }
    let custom = home.json(&["--json", "connector", "list", "--custom"]);
    assert_eq!(
        custom.as_array().map(Vec::len),
        Some(0),
        "nothing was stored: {custom}"
    );
}

#[test]
fn a_stored_connector_that_breaks_the_rules_is_refused_before_anything_runs() {
    let home = Home::new();
    import(&home, "hostile", r#"HOSTILE_KEY = "{api_key}""#).success();
    authorize(&home, "h", "hostile", WX_KEY);
    // As a file written by an older tether, or edited by hand, would be.
    let stored = home.state().join("connectors").join("hostile.toml");
    std::fs::write(&stored, connector("hostile", r#"LD_PRELOAD = "{api_key}""#)).unwrap();

    let marker = home.path().join("ran");
    let out = home
        .cmd()
        .args(["exec", "--no-mask", "h", "--", "touch"])
        .arg(&marker)
        .write_stdin("")
        .assert()
        .code(2);
    let err = stderr(&out);
    assert!(
        err.contains("hostile.toml:16:1: `LD_PRELOAD`"),
        "the stored file and line are named: {err}"
    );
    assert!(!marker.exists(), "the command did not run");
}

/// A home with `wx` (weather: exports WEATHER_API_KEY) and `db` (notes: exports
/// TETHER_DB_TOKEN), authorized in development.
fn two_connections() -> Home {
    let home = Home::new();
    for (link, connector, param, key) in [
        ("wx", "weather", "api_key", WX_KEY),
        ("db", "notes", "token", DB_KEY),
    ] {
        home.run(&[
            "connector",
            "import",
            &fixture(&format!("{connector}.toml")),
        ])
        .success();
        home.cmd()
            .env("SECRET", key)
            .args(["connection", "create", link, "--connector", connector])
            .args(["--authorize", "--account", link, "--param"])
            .arg(format!("{param}=env:SECRET"))
            .write_stdin("")
            .assert()
            .success();
    }
    home
}

/// `tether [OUTER…] -- tether NESTED…`: the nested run gets the vault key back (as a keyring
/// vault would open for it without one) and `extra` in its environment.
fn nested(
    home: &Home,
    outer: &[&str],
    nested: &[&str],
    extra: &[(&str, &str)],
) -> assert_cmd::assert::Assert {
    let mut cmd = home.cmd();
    cmd.env("NESTED_KEY", &home.vault_key)
        .env("TETHER_BIN", assert_cmd::cargo::cargo_bin("tether"))
        .args(outer)
        .args(["--", "sh", "-c"])
        .arg(r#"TETHER_VAULT_KEY=$NESTED_KEY exec "$TETHER_BIN" "$@""#)
        .arg("sh")
        .args(nested);
    for (name, value) in extra {
        cmd.env(name, value);
    }
    cmd.write_stdin("").assert()
}

#[test]
fn a_nested_run_hands_out_only_what_the_enclosing_exec_exported() {
    let home = two_connections();

    // What was exported, in that environment: the command has it already.
    nested(&home, &["exec", "--no-mask", "wx"], &["token", "wx"], &[])
        .success()
        .stdout(format!("{WX_KEY}\n"));

    // Anything else: refused, saying why and how to allow it.
    for command in [
        &["token", "db"][..],
        &["header", "db"],
        &["exec", "--no-mask", "db", "--", "true"],
    ] {
        let out = nested(&home, &["exec", "--no-mask", "wx"], command, &[]).code(2);
        let (out_text, err) = (stdout(&out), stderr(&out));
        assert!(!out_text.contains(DB_KEY), "{command:?}: {out_text}");
        assert!(
            err.contains("`db` in development")
                && err.contains("inside `tether exec`")
                && err.contains("wx@development")
                && err.contains("TETHER_ALLOW_NESTED=1"),
            "{command:?}: {err}"
        );
    }
    // The same connection in another environment is another credential.
    let out = nested(
        &home,
        &["exec", "--no-mask", "wx"],
        &["token", "wx", "--env", "prod"],
        &[],
    )
    .code(2);
    assert!(
        stderr(&out).contains("--env development"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn nesting_is_allowed_when_asked() {
    let home = two_connections();
    nested(
        &home,
        &["exec", "--no-mask", "wx"],
        &["token", "db"],
        &[("TETHER_ALLOW_NESTED", "1")],
    )
    .success()
    .stdout(format!("{DB_KEY}\n"));

    // `exec --allow-nested`: the inner command gets both, and its marker says so.
    let out = nested(
        &home,
        &["exec", "--no-mask", "wx"],
        &[
            "exec",
            "--no-mask",
            "--allow-nested",
            "db",
            "--",
            "sh",
            "-c",
            r#"printf '%s|%s|%s|%s' "$TETHER_EXEC" "$WEATHER_API_KEY" "$TETHER_DB_TOKEN" "${TETHER_ALLOW_NESTED-unset}""#,
        ],
        &[],
    )
    .success();
    assert_eq!(
        stdout(&out),
        format!("wx@development,db@development|{WX_KEY}|{DB_KEY}|unset"),
        "the flag allows that one run; it is not passed on"
    );
}

#[test]
fn the_command_is_told_what_was_exported() {
    let home = two_connections();
    home.cmd()
        .args([
            "exec",
            "--no-mask",
            "wx,db,wx",
            "--env",
            "dev",
            "--",
            "sh",
            "-c",
        ])
        .arg(r#"printf %s "$TETHER_EXEC""#)
        .write_stdin("")
        .assert()
        .success()
        .stdout("wx@development,db@development");
}
