//! Deleting connections and accounts: a question in a terminal, `--yes` for scripts, nothing
//! deleted without one or the other; an account is deleted only when nothing uses it, and its
//! tokens are revoked at the real authorization server.

use crate::common::oidc::{self, OidcServer, with_browser};
use crate::common::{Home, stderr, stdout, tree};
use crate::interactive::in_terminal;

fn weather_as(home: &Home, link: &str, account: &str, key: &str) {
    home.run_with_key(
        key,
        &[
            "connection",
            "create",
            link,
            "--connector",
            "weather",
            "--authorize",
            "--account",
            account,
            "--param",
            "api_key=env:KEY",
        ],
    )
    .success();
}

/// The home's files, without the listing caches (a refused command may still fill them).
fn state(home: &Home) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    // The cache is derived and the audit log records the refusal itself.
    let skipped = [home.state().join("cache"), home.state().join("audit")];
    tree::snapshot(&home.state())
        .into_iter()
        .filter(|(path, _)| !skipped.iter().any(|dir| path.starts_with(dir)))
        .collect()
}

fn account_names(home: &Home) -> Vec<String> {
    home.json(&["account", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn connection_delete_without_a_terminal_needs_yes_and_deletes_nothing() {
    let home = Home::with_fixtures();
    weather_as(&home, "wx", "me", "k-1");
    let before = state(&home);
    for extra in [&[][..], &["--no-input"][..]] {
        let out = home
            .cmd()
            .args(["connection", "delete", "wx"])
            .args(extra)
            .write_stdin("")
            .assert()
            .code(2);
        assert!(stderr(&out).contains("pass --yes"), "{}", stderr(&out));
    }
    assert!(state(&home) == before, "nothing changed");
    home.run(&["token", "wx"]).success().stdout("k-1\n");
}

#[test]
fn connection_delete_asks_in_a_terminal_naming_what_goes() {
    let home = Home::with_fixtures();
    weather_as(&home, "wx", "me", "k-1");
    let question = "Delete connection `wx` and the secrets of account `me`?";
    let steps = serde_json::json!([["expect", question], ["send", "n"]]);
    let (code, transcript) = in_terminal(&home, &steps, &["connection", "delete", "wx"], &[]);
    assert_eq!(code, 130, "declining cancels: {transcript}");
    home.run(&["token", "wx"]).success().stdout("k-1\n");

    let steps = serde_json::json!([
        ["expect", question],
        ["send", "y"],
        ["expect", "deleted connection `wx`"],
    ]);
    let (code, transcript) = in_terminal(&home, &steps, &["connection", "delete", "wx"], &[]);
    assert_eq!(code, 0, "{transcript}");
    home.run(&["connection", "details", "wx"]).code(2);

    // CI in a terminal still never asks: --yes is needed.
    weather_as(&home, "wx", "me", "k-1");
    let steps = serde_json::json!([["expect", "pass --yes"]]);
    let (code, transcript) = in_terminal(
        &home,
        &steps,
        &["connection", "delete", "wx"],
        &[("CI", "true")],
    );
    assert_eq!(code, 2, "{transcript}");
    assert!(!transcript.contains("Delete connection"), "{transcript}");
    home.run(&["token", "wx"]).success();
}

#[test]
fn an_account_backing_a_connection_is_not_deleted() {
    let home = Home::with_fixtures();
    weather_as(&home, "wx", "alice", "k-1");
    let before = state(&home);
    for name in ["alice", "wx@development"] {
        let out = home.run(&["account", "delete", name, "--yes"]).code(2);
        let err = stderr(&out);
        assert!(
            err.contains("account `alice` still backs wx@development"),
            "{err}"
        );
        assert!(
            err.contains("tether connection reauthorize wx --env development --account OTHER"),
            "the hint names the command that detaches it: {err}"
        );
    }
    assert!(state(&home) == before, "nothing changed");
    home.run(&["token", "wx"]).success().stdout("k-1\n");
    home.run(&["account", "delete", "nobody", "--yes"]).code(2);
}

#[test]
fn a_released_account_is_deleted_with_its_index_entries() {
    let home = Home::with_fixtures();
    weather_as(&home, "wx", "alice", "k-1");
    home.run_with_key(
        "k-2",
        &[
            "connection",
            "reauthorize",
            "wx",
            "--account",
            "bob",
            "--param",
            "api_key=env:KEY",
        ],
    )
    .success();
    assert_eq!(account_names(&home), ["alice", "bob"]);
    let out = home.run(&["account", "delete", "alice"]).code(2);
    assert!(stderr(&out).contains("pass --yes"), "{}", stderr(&out));
    assert_eq!(account_names(&home), ["alice", "bob"]);

    let out = home.run(&["account", "delete", "alice", "--yes"]).success();
    assert!(
        stderr(&out).contains("deleted account `alice`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(account_names(&home), ["bob"]);
    // The name is free: no index entry is left to find it by.
    home.run(&["account", "rename", "alice", "carol"]).code(2);
    home.run(&["token", "wx"]).success().stdout("k-2\n");
    let log = home.json(&["log", "--json"]);
    let deletions: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["command"] == "account delete")
        .map(|e| (e["account"].clone(), e["outcome"].clone()))
        .collect();
    assert_eq!(
        deletions,
        [
            (serde_json::json!("alice"), serde_json::json!("error")),
            (serde_json::json!("alice"), serde_json::json!("ok"))
        ],
        "{log}"
    );
}

#[test]
fn an_unused_oauth_account_is_deleted_and_revoked_at_the_provider() {
    let server = OidcServer::start();
    let home = server.files_home(
        "basic",
        oidc::CONFIDENTIAL,
        Some(oidc::CONFIDENTIAL_SECRET),
        10,
    );
    with_browser(&home, "browser.log")
        .args(["connection", "create", "files", "--connector", "files"])
        .args(["--authorize", "--account", "alice", "--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    let access = stdout(&home.run(&["token", "files"]).success())
        .trim_end()
        .to_owned();
    assert_eq!(server.introspect(&access)["active"], true);
    // Leave the account unused with its secrets still in the vault, as a home changed by
    // hand or by another tool may: the connection forgets it.
    let paths = tether::paths::Paths::under(&home.state());
    {
        let lock = tether::store::lock_state(&paths).unwrap();
        let mut connection = tether::store::connection::load(&paths, "files").unwrap();
        connection.environments.clear();
        tether::store::connection::save(&paths, &lock, &connection).unwrap();
    }
    let vault_files = || tree::files(&home.state().join("vault")).len();
    let records = vault_files();

    let steps = serde_json::json!([
        [
            "expect",
            "Delete account `alice` and revoke its tokens at the provider?"
        ],
        ["send", "n"],
    ]);
    let (code, transcript) = in_terminal(&home, &steps, &["account", "delete", "alice"], &[]);
    assert_eq!(code, 130, "declining cancels: {transcript}");
    assert_eq!(server.introspect(&access)["active"], true);
    assert_eq!(account_names(&home), ["alice"]);

    let out = home.run(&["account", "delete", "alice", "--yes"]).success();
    let err = stderr(&out);
    assert!(err.contains("deleted account `alice`"), "{err}");
    assert!(
        err.contains("account `alice`: revoked at the provider"),
        "{err}"
    );
    assert_eq!(server.introspect(&access)["active"], false);
    assert!(account_names(&home).is_empty());
    assert_eq!(vault_files(), records - 1, "its record left the vault");
}

#[test]
fn connection_delete_in_a_terminal_names_the_revocation() {
    let server = OidcServer::start();
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 10);
    with_browser(&home, "browser.log")
        .args(["connection", "create", "files", "--connector", "files"])
        .args(["--authorize", "--account", "alice", "--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    let access = stdout(&home.run(&["token", "files"]).success())
        .trim_end()
        .to_owned();
    let steps = serde_json::json!([
        [
            "expect",
            "Delete connection `files` and revoke its tokens at the provider (account `alice`)?"
        ],
        ["send", "y"],
        ["expect", "revoked at the provider"],
    ]);
    let (code, transcript) = in_terminal(&home, &steps, &["connection", "delete", "files"], &[]);
    assert_eq!(code, 0, "{transcript}");
    assert_eq!(server.introspect(&access)["active"], false);
}
