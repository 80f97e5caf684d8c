//! A home altered behind tether's back: files replaced by older copies of themselves or by
//! other files of the home are reported as an altered vault (exit 4), never served.

use std::path::{Path, PathBuf};

use crate::common::{Home, stderr, stdout};

/// A home with `weather` and `tracker`, another service (Basic auth) on another host.
fn home_with_connectors() -> Home {
    Home::new()
        .with_connector("weather.toml")
        .with_connector("tracker.toml")
}

/// `connection create LINK --connector C --authorize --account ACCOUNT` with `key`.
fn create(home: &Home, link: &str, connector: &str, account: &str, key: &str) {
    let params: &[&str] = if connector == "tracker" {
        &["site=acme", "email=me@example.com", "password=env:KEY"]
    } else {
        &["api_key=env:KEY"]
    };
    let mut args = vec![
        "connection",
        "create",
        link,
        "--connector",
        connector,
        "--authorize",
        "--account",
        account,
    ];
    for p in params {
        args.extend(["--param", p]);
    }
    home.run_with_key(key, &args).success();
}

fn reauthorize(home: &Home, link: &str, account: &str, key: &str) {
    let args = [
        "connection",
        "reauthorize",
        link,
        "--account",
        account,
        "--param",
        "api_key=env:KEY",
    ];
    home.run_with_key(key, &args).success();
}

fn account_id(home: &Home, link: &str) -> String {
    let text = std::fs::read_to_string(connection_file(home, link)).unwrap();
    let start = text.find("account = \"").unwrap() + "account = \"".len();
    text[start..start + 32].to_owned()
}

fn connection_file(home: &Home, link: &str) -> PathBuf {
    home.state().join(format!("connections/{link}.toml"))
}

fn account_file(home: &Home, id: &str) -> PathBuf {
    home.state().join(format!("accounts/{id}.toml"))
}

/// The sealed record file of account `id`.
fn record_file(home: &Home, id: &str) -> PathBuf {
    let vault = home.state().join("vault");
    let records = std::fs::read_dir(&vault)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("records-"))
        })
        .unwrap();
    records.join(format!("account_2f{id}.sealed"))
}

fn copy_aside(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// `token LINK` must fail with exit 4, say the vault was altered, and print no key.
fn assert_altered(home: &Home, link: &str, keys: &[&str]) {
    let out = home.run(&["token", link]).code(4);
    let said = stderr(&out);
    assert!(said.contains("the vault was altered"), "{said}");
    assert!(said.contains("hint:"), "{said}");
    assert!(stdout(&out).is_empty());
    for key in keys {
        assert!(!said.contains(key), "no key in the message");
    }
}

#[test]
fn an_old_copy_of_a_record_is_not_served() {
    let home = home_with_connectors();
    create(&home, "wx", "weather", "me", "old-key-1");
    let id = account_id(&home, "wx");
    let old_record = copy_aside(&record_file(&home, &id));

    reauthorize(&home, "wx", "me", "new-key-2");
    assert_eq!(stdout(&home.run(&["token", "wx"]).success()), "new-key-2\n");
    std::fs::write(record_file(&home, &id), old_record).unwrap();
    assert_altered(&home, "wx", &["old-key-1", "new-key-2"]);

    // What the hint says repairs it.
    reauthorize(&home, "wx", "me", "repaired-key-3");
    assert_eq!(
        stdout(&home.run(&["token", "wx"]).success()),
        "repaired-key-3\n"
    );
}

#[test]
fn a_corrupt_record_is_repaired_by_reauthorizing_the_account() {
    let home = home_with_connectors();
    create(&home, "wx", "weather", "me", "first-key");
    let record = record_file(&home, &account_id(&home, "wx"));
    let mut bytes = std::fs::read(&record).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&record, bytes).unwrap();
    home.run(&["token", "wx"]).code(4);

    reauthorize(&home, "wx", "me", "second-key");
    assert_eq!(
        stdout(&home.run(&["token", "wx"]).success()),
        "second-key\n"
    );
}

#[test]
fn an_old_copy_of_an_account_file_is_not_served() {
    let home = home_with_connectors();
    create(&home, "wx", "weather", "me", "old-key-1");
    let id = account_id(&home, "wx");
    let old_account = copy_aside(&account_file(&home, &id));
    reauthorize(&home, "wx", "me", "new-key-2");
    std::fs::write(account_file(&home, &id), old_account).unwrap();
    assert_altered(&home, "wx", &["old-key-1", "new-key-2"]);
}

#[test]
fn a_connection_naming_another_services_account_is_refused() {
    let home = home_with_connectors();
    create(&home, "wx", "weather", "me", "weather-key");
    create(&home, "issues", "tracker", "me", "tracker-key");
    let tracker_account = account_id(&home, "issues");
    let path = connection_file(&home, "wx");
    let text = std::fs::read_to_string(&path).unwrap();
    let weather_account = account_id(&home, "wx");
    std::fs::write(&path, text.replace(&weather_account, &tracker_account)).unwrap();
    assert_altered(&home, "wx", &["weather-key", "tracker-key"]);
}

#[test]
fn a_connection_naming_another_account_of_the_same_service_is_refused() {
    let home = home_with_connectors();
    create(&home, "wx", "weather", "alice", "alice-key");
    create(&home, "wx2", "weather", "bob", "bob-key");
    let (alice, bob) = (account_id(&home, "wx"), account_id(&home, "wx2"));
    let path = connection_file(&home, "wx");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace(&alice, &bob)).unwrap();
    assert_altered(&home, "wx", &["alice-key", "bob-key"]);
}

#[test]
fn an_old_copy_of_a_connection_does_not_bring_back_a_replaced_account() {
    let home = home_with_connectors();
    create(&home, "wx", "weather", "shared", "shared-key");
    // The account stays in use by a second connection after wx moves on.
    home.run(&["connection", "create", "wx2", "--connector", "weather"])
        .success();
    home.run(&["connection", "reuse", "wx2", "--account", "shared"])
        .success();
    let old_connection = copy_aside(&connection_file(&home, "wx"));
    reauthorize(&home, "wx", "own", "own-key");
    assert_eq!(stdout(&home.run(&["token", "wx"]).success()), "own-key\n");
    assert_eq!(
        stdout(&home.run(&["token", "wx2"]).success()),
        "shared-key\n"
    );

    std::fs::write(connection_file(&home, "wx"), old_connection).unwrap();
    assert_altered(&home, "wx", &["shared-key", "own-key"]);
    // The account's own connection is untouched.
    assert_eq!(
        stdout(&home.run(&["token", "wx2"]).success()),
        "shared-key\n"
    );
}

#[test]
fn a_record_copied_over_another_accounts_record_is_refused() {
    let home = home_with_connectors();
    create(&home, "wx", "weather", "alice", "alice-key");
    create(&home, "wx2", "weather", "bob", "bob-key");
    let (alice, bob) = (account_id(&home, "wx"), account_id(&home, "wx2"));
    std::fs::copy(record_file(&home, &bob), record_file(&home, &alice)).unwrap();
    let out = home.run(&["token", "wx"]).code(4);
    assert!(!stdout(&out).contains("bob-key"));
}

#[test]
fn new_credentials_for_an_existing_account_are_not_silently_dropped() {
    let home = home_with_connectors();
    create(&home, "wx", "weather", "me", "first-key");
    home.run(&["connection", "create", "wx2", "--connector", "weather"])
        .success();
    let authorize = [
        "connection",
        "authorize",
        "wx2",
        "--account",
        "me",
        "--param",
        "api_key=env:KEY",
    ];
    let out = home.run_with_key("second-key", &authorize).code(2);
    let said = stderr(&out);
    assert!(said.contains("another `api_key`"), "{said}");
    assert!(said.contains("connection reauthorize"), "{said}");
    assert!(!said.contains("first-key") && !said.contains("second-key"));
    home.run(&["token", "wx2"]).code(3);

    // The same value is a plain reuse.
    home.run_with_key("first-key", &authorize).success();
    assert_eq!(
        stdout(&home.run(&["token", "wx2"]).success()),
        "first-key\n"
    );
}
