//! Questions in a real terminal: Ctrl-C and ESC cancel any of them (the cursor shown again,
//! nothing written; ESC exits 130, Ctrl-C then dies of SIGINT so a calling script stops too),
//! and a wrong or mistyped answer is asked again.

use crate::common::{Home, fixture, tree};
use crate::interactive::{in_terminal, in_terminal_with};

/// Makes the cursor visible (DECTCEM); dialoguer hides it while a list is shown.
const SHOW_CURSOR: &str = "\x1b[?25h";
const HIDE_CURSOR: &str = "\x1b[?25l";

/// Runs tether in a terminal like [`in_terminal`] and returns the raw transcript too (escape
/// sequences kept).
fn raw_in_terminal(
    home: &Home,
    steps: &serde_json::Value,
    args: &[&str],
    env: &[(&str, &str)],
) -> (i32, String, String) {
    let raw = home.path().join("raw-transcript");
    let raw_var = raw.to_str().unwrap().to_owned();
    let env = [env, &[("PTY_RAW_OUT", raw_var.as_str())]].concat();
    let (code, transcript) = in_terminal(home, steps, args, &env);
    let raw = String::from_utf8_lossy(&std::fs::read(&raw).unwrap()).into_owned();
    (code, transcript, raw)
}

/// Answers to `connection create r --connector regional --authorize` up to the question that
/// shows `last`, which gets `key` instead of an answer.
fn create_steps(last: &str, key: &str) -> serde_json::Value {
    let answers = [
        ("same authorization for all environments", "n"),
        ("Environments to authorize", "\r"),
        ("Name for the authorized account", "me\r"),
        ("Plan", "\r"),
        ("API key", "typed-secret\r"),
    ];
    let mut steps = Vec::new();
    for (question, answer) in answers {
        steps.push(serde_json::json!(["expect", question]));
        if question == last {
            steps.push(serde_json::json!(["send", key]));
            steps.push(serde_json::json!(["expect", "cancelled"]));
            return serde_json::Value::Array(steps);
        }
        steps.push(serde_json::json!(["send", answer]));
    }
    panic!("no question `{last}`");
}

fn regional_home() -> Home {
    let home = Home::new();
    home.run(&["connector", "import", &fixture("regional.toml")])
        .success();
    home
}

/// The home's files that hold state (not its lock files or the rebuilt account index), with
/// their contents.
fn state_files(home: &Home) -> Vec<(String, Vec<u8>)> {
    let state = home.state();
    tree::snapshot(&state)
        .into_iter()
        .filter(|(path, _)| {
            // Derived files, and the audit log, which records the cancelled run itself.
            !["locks", "index", "cache", "audit"]
                .iter()
                .any(|dir| path.starts_with(state.join(dir)))
        })
        .map(|(path, bytes)| (path.display().to_string(), bytes))
        .collect()
}

/// Cancels the question showing `question` with `key`, and checks what a cancel must leave.
fn cancel_at(question: &str, key: &str) {
    let home = regional_home();
    let before = state_files(&home);
    let args = [
        "connection",
        "create",
        "r",
        "--connector",
        "regional",
        "--authorize",
    ];
    let (code, transcript, raw) = raw_in_terminal(&home, &create_steps(question, key), &args, &[]);
    assert_eq!(code, 130, "{question}: {transcript}");
    assert!(transcript.contains("error: cancelled"), "{transcript}");
    assert_eq!(
        transcript.contains("[pty_run: killed by signal 2]"),
        key == "\x03",
        "{question}: Ctrl-C dies of SIGINT once reported, ESC exits: {transcript}"
    );
    assert!(
        !transcript.contains("[pty_run: echo left off]"),
        "{question}: typing is echoed again: {transcript}"
    );
    let shown = raw.rfind(SHOW_CURSOR);
    assert!(shown.is_some(), "{question}: the cursor is shown: {raw:?}");
    assert!(
        raw.rfind(HIDE_CURSOR) < shown,
        "{question}: the cursor is not left hidden: {raw:?}"
    );
    assert_eq!(
        state_files(&home),
        before,
        "{question}: nothing was written"
    );
    let list = home.json(&["connection", "list", "--json"]);
    assert!(!list.to_string().contains("\"r\""), "{list}");
}

#[test]
fn ctrl_c_in_a_select_restores_the_cursor_and_dies_of_sigint() {
    cancel_at("Plan", "\x03");
}

#[test]
fn ctrl_c_in_a_confirm_restores_the_cursor_and_dies_of_sigint() {
    cancel_at("same authorization for all environments", "\x03");
}

#[test]
fn ctrl_c_in_a_multi_select_restores_the_cursor_and_dies_of_sigint() {
    cancel_at("Environments to authorize", "\x03");
}

#[test]
fn ctrl_c_in_a_text_question_dies_of_sigint() {
    cancel_at("Name for the authorized account", "\x03");
}

#[test]
fn ctrl_c_in_a_hidden_question_gives_the_terminal_back_and_dies_of_sigint() {
    cancel_at("API key", "\x03");
}

#[test]
fn ctrl_c_in_a_hidden_question_with_json_reports_a_json_error() {
    let home = regional_home();
    let args = [
        "connection",
        "create",
        "r",
        "--connector",
        "regional",
        "--authorize",
        "--json",
    ];
    let (code, transcript, _) =
        raw_in_terminal(&home, &create_steps("API key", "\x03"), &args, &[]);
    assert_eq!(code, 130, "{transcript}");
    assert!(
        transcript.contains(r#"{"error":{"code":"cancelled""#),
        "{transcript}"
    );
}

#[test]
fn esc_cancels_a_select_and_a_confirm() {
    cancel_at("Plan", "\x1b");
    cancel_at("same authorization for all environments", "\x1b");
}

#[test]
fn esc_cancels_a_multi_select() {
    cancel_at("Environments to authorize", "\x1b");
}

#[test]
fn esc_cancels_the_connector_search() {
    cancel_search("\u{1b}");
}

#[test]
fn esc_cancels_a_text_and_a_hidden_question() {
    cancel_at("Name for the authorized account", "\x1b");
    cancel_at("API key", "\x1b");
}

#[test]
fn ctrl_c_in_the_connector_search_dies_of_sigint() {
    cancel_search("\u{3}");
}

/// Types `key` at the connector search of `connection create`: cancelled, the cursor shown
/// again, nothing created; Ctrl-C dies of SIGINT, ESC exits.
fn cancel_search(key: &str) {
    let home = regional_home();
    let steps = serde_json::json!([
        ["expect", "Connector"],
        ["send", key],
        ["expect", "cancelled"]
    ]);
    let (code, transcript, raw) =
        raw_in_terminal(&home, &steps, &["connection", "create", "r"], &[]);
    assert_eq!(code, 130, "{transcript}");
    assert_eq!(
        transcript.contains("[pty_run: killed by signal 2]"),
        key == "\u{3}",
        "{transcript}"
    );
    assert!(raw.rfind(HIDE_CURSOR) < raw.rfind(SHOW_CURSOR), "{raw:?}");
    assert_eq!(
        home.json(&["connection", "list", "--json"]).to_string(),
        "[]"
    );
}

#[test]
fn a_multi_select_marks_the_cursor_row_and_names_its_keys_without_colour() {
    let home = regional_home();
    let steps = serde_json::json!([
        ["expect", "same authorization for all environments"],
        ["send", "n"],
        ["expect", "space to select, enter to confirm"],
        ["expect", "❯ "],
        ["send", "\u{3}"],
        ["expect", "cancelled"]
    ]);
    let args = [
        "connection",
        "create",
        "r",
        "--connector",
        "regional",
        "--authorize",
    ];
    let (code, transcript, raw) = raw_in_terminal(&home, &steps, &args, &[("NO_COLOR", "1")]);
    assert_eq!(code, 130, "{transcript}");
    let list = &raw[raw.find("Environments to authorize").unwrap()..];
    // No colour at all, yet exactly one row carries the cursor mark.
    assert!(!list.contains("\x1b[3"), "no colour codes: {list:?}");
    let first_draw = &list[..list.find("\x1b[?25h").unwrap_or(list.len())];
    assert_eq!(
        first_draw.matches('❯').count(),
        1,
        "one cursor row: {first_draw:?}"
    );
}

/// A home whose vault is protected by `passphrase`, holding the connection `wx`.
fn passphrase_home(passphrase: &str) -> Home {
    let home = Home::new();
    home.bare()
        .env("TETHER_PASSPHRASE", passphrase)
        .args(["vault", "init", "--passphrase"])
        .write_stdin("")
        .assert()
        .success();
    home.bare()
        .env("TETHER_PASSPHRASE", passphrase)
        .env("KEY", "k-1")
        .args(["connector", "import", &fixture("weather.toml")])
        .write_stdin("")
        .assert()
        .success();
    home.bare()
        .env("TETHER_PASSPHRASE", passphrase)
        .env("KEY", "k-1")
        .args(crate::common::create_wx("me"))
        .write_stdin("")
        .assert()
        .success();
    home
}

#[test]
fn a_wrong_passphrase_is_asked_again() {
    let home = passphrase_home("the right passphrase");
    let steps = serde_json::json!([
        ["expect", "Vault passphrase"],
        ["send", "not it at all\r"],
        ["expect", "wrong passphrase; try again"],
        ["expect", "Vault passphrase"],
        ["send", "the right passphrase\r"],
        ["expect", "k-1"]
    ]);
    let (code, transcript) = in_terminal_with(&home, &steps, &["token", "wx"], &[]);
    assert_eq!(code, 0, "{transcript}");
    assert!(!transcript.contains("the right passphrase"), "{transcript}");
}

#[test]
fn three_wrong_passphrases_fail_with_exit_4() {
    let home = passphrase_home("the right passphrase");
    let mut steps = Vec::new();
    for round in 0..3 {
        if round > 0 {
            steps.push(serde_json::json!(["expect", "try again"]));
        }
        steps.push(serde_json::json!(["expect", "Vault passphrase"]));
        steps.push(serde_json::json!(["send", "not it at all\r"]));
    }
    steps.push(serde_json::json!(["expect", "wrong vault passphrase"]));
    let steps = serde_json::Value::Array(steps);
    let (code, transcript) = in_terminal_with(&home, &steps, &["token", "wx"], &[]);
    assert_eq!(code, 4, "{transcript}");
    assert_eq!(
        transcript.matches("wrong passphrase; try again").count(),
        2,
        "asked three times: {transcript}"
    );
}

#[test]
fn a_short_or_mismatched_new_passphrase_is_asked_again() {
    let home = Home::new();
    let steps = serde_json::json!([
        ["expect", "New vault passphrase"],
        ["send", "short\r"],
        ["expect", "shorter than 8 characters; try again"],
        ["expect", "New vault passphrase"],
        ["send", "a long passphrase\r"],
        ["expect", "Repeat the passphrase"],
        ["send", "a long passphrasf\r"],
        ["expect", "the two passphrases differ; try again"],
        ["expect", "New vault passphrase"],
        ["send", "a long passphrase\r"],
        ["expect", "Repeat the passphrase"],
        ["send", "a long passphrase\r"],
    ]);
    let (code, transcript) =
        in_terminal_with(&home, &steps, &["vault", "init", "--passphrase"], &[]);
    assert_eq!(code, 0, "{transcript}");
    home.bare()
        .env("TETHER_PASSPHRASE", "a long passphrase")
        .args(["vault", "status"])
        .write_stdin("")
        .assert()
        .success();
}

#[test]
fn three_unusable_new_passphrases_leave_no_vault() {
    let home = Home::new();
    let mut steps = Vec::new();
    for round in 0..3 {
        if round > 0 {
            steps.push(serde_json::json!(["expect", "try again"]));
        }
        steps.push(serde_json::json!(["expect", "New vault passphrase"]));
        steps.push(serde_json::json!(["send", "short\r"]));
    }
    steps.push(serde_json::json!(["expect", "shorter than 8 characters"]));
    let steps = serde_json::Value::Array(steps);
    let (code, transcript) =
        in_terminal_with(&home, &steps, &["vault", "init", "--passphrase"], &[]);
    assert_eq!(code, 2, "{transcript}");
    assert!(!home.state().join("vault/vault.toml").exists());
}

#[test]
fn default_scopes_are_marked_and_requested_even_when_unticked() {
    let server = crate::common::oidc::OidcServer::start();
    let home = Home::new();
    home.import_connector("files.toml", &server.connector_toml("files", "none"))
        .success();
    // The rows: openid, offline_access (a default), files.read (a default), files.write.
    let steps = serde_json::json!([
        ["expect", "offline_access  (always requested)"],
        ["send", "\u{1b}[B"],
        ["send", " "],
        ["send", "\r"],
        ["expect", "same authorization for all environments"],
        ["send", "n"],
        ["expect", "created connection `files`"]
    ]);
    let args = ["connection", "create", "files", "--connector", "files"];
    let (code, transcript) = in_terminal(&home, &steps, &args, &[]);
    assert_eq!(code, 0, "{transcript}");
    let picked = transcript
        .lines()
        .find(|l| l.contains("✔ Scopes"))
        .unwrap_or_default();
    assert!(
        picked.contains("files.read") && !picked.contains("offline_access"),
        "offline_access was unticked: {transcript}"
    );
    let details = home.json(&["connection", "details", "files", "--json"]);
    assert_eq!(
        details["scopes"],
        serde_json::json!(["files.read", "offline_access"]),
        "{details}"
    );
}
