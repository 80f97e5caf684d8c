//! `tether exec` against hostile connectors and nested use: an `[env]` table cannot change how
//! the command runs, and a tether run inside `tether exec` hands out only what that exec
//! exported unless nesting is allowed.
#![cfg(unix)]

mod common;

use common::{Home, stderr};

const WX_KEY: &str = "wx-Secret-31c7aa";

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
    let path = home.write(&format!("{id}.toml"), &connector(id, env_line));
    home.run(&["connector", "import", path.to_str().unwrap()])
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
        .args(["exec", "h", "--", "touch"])
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
