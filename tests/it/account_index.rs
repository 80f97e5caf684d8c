//! The account index (lookups by name and configuration without reading every account): kept
//! in step with the accounts by every change, and rebuilt when it is removed, damaged, or
//! older than the accounts.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{Home, stderr, stdout, two_weather_connections};

/// What is wrong with the index of `home`: entries missing for an account, entries that name
/// no such account, or no stamp. Empty when it matches the accounts exactly.
pub(crate) fn index_problems(home: &Home) -> Vec<String> {
    let state = home.state();
    let mut expected = BTreeSet::new();
    for entry in std::fs::read_dir(state.join("accounts"))
        .into_iter()
        .flatten()
    {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') || path.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let account: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        let text = |key: &str| account.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        let id = text("id").unwrap();
        let label = text("name").unwrap_or_else(|| {
            format!(
                "{}@{}",
                text("origin_link").unwrap(),
                text("origin_env").unwrap()
            )
        });
        expected.insert(format!("label/{label}/{id}"));
        expected.insert(format!("fingerprint/{}/{id}", text("fingerprint").unwrap()));
    }
    let index = state.join("index");
    let mut found = BTreeSet::new();
    for kind in ["label", "fingerprint"] {
        for key in std::fs::read_dir(index.join(kind)).into_iter().flatten() {
            let key = key.unwrap();
            for id in std::fs::read_dir(key.path()).into_iter().flatten() {
                found.insert(format!(
                    "{kind}/{}/{}",
                    key.file_name().to_string_lossy(),
                    id.unwrap().file_name().to_string_lossy()
                ));
            }
        }
    }
    let mut problems: Vec<String> = expected
        .difference(&found)
        .map(|e| format!("missing: {e}"))
        .chain(found.difference(&expected).map(|e| format!("extra: {e}")))
        .collect();
    if !index.join("stamp").is_file() {
        problems.push("no stamp".to_owned());
    }
    problems
}

/// A home with `wx` authorized by account `first` and `wx2` by account `second`.
fn home() -> Home {
    let home = two_weather_connections();
    assert_eq!(index_problems(&home), Vec::<String>::new());
    home
}

/// The id of the account named `name`, from its file.
fn account_id(home: &Home, name: &str) -> String {
    for entry in std::fs::read_dir(home.state().join("accounts")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let account: toml::Table = text.parse().unwrap();
        if account.get("name").and_then(|v| v.as_str()) == Some(name) {
            return account["id"].as_str().unwrap().to_owned();
        }
    }
    panic!("no account named {name}");
}

/// Renames `old` to `new` through the index, and shows that it found the right account.
fn rename_through_the_index(home: &Home, old: &str, new: &str) {
    let out = home.run(&["account", "rename", old, new]).success();
    assert!(
        stderr(&out).contains(&format!("renamed account `{old}` to `{new}`")),
        "{}",
        stderr(&out)
    );
    let details = home.run(&["connection", "details", "wx"]).success();
    assert!(stdout(&details).contains(new), "{}", stdout(&details));
}

#[test]
fn changes_keep_the_index_in_step_with_the_accounts() {
    let home = home();
    // A reuse names the account by its name; a reauthorization releases `second`'s secrets
    // and a rename moves an entry.
    home.run(&[
        "connection",
        "reuse",
        "wx",
        "--env",
        "stage",
        "--account",
        "second",
    ])
    .success();
    home.run_with_key(
        "k3",
        &[
            "connection",
            "reauthorize",
            "wx2",
            "--account",
            "third",
            "--param",
            "api_key=env:KEY",
        ],
    )
    .success();
    assert_eq!(index_problems(&home), Vec::<String>::new());
    rename_through_the_index(&home, "first", "renamed");
    home.run(&["connection", "delete", "wx2", "--yes"])
        .success();
    assert_eq!(index_problems(&home), Vec::<String>::new());
    // The name `first` is free again; the old name finds nothing.
    let out = home.run(&["account", "rename", "first", "x"]).failure();
    assert!(stderr(&out).contains("first"), "{}", stderr(&out));
}

#[test]
fn a_removed_index_is_rebuilt() {
    let home = home();
    std::fs::remove_dir_all(home.state().join("index")).unwrap();
    rename_through_the_index(&home, "first", "renamed");
    assert_eq!(index_problems(&home), Vec::<String>::new());
}

#[test]
fn a_damaged_index_is_rebuilt() {
    /// Damages the index (given the id of account `second`).
    type Damage = fn(&Path, &str);
    let damages: [(&str, Damage); 4] = [
        ("a stamp not ours", |index, _| {
            std::fs::write(index.join("stamp"), "garbage").unwrap();
        }),
        ("a file where a directory belongs", |index, _| {
            let dir = index.join("label/first");
            std::fs::remove_dir_all(&dir).unwrap();
            std::fs::write(&dir, "x").unwrap();
        }),
        ("an entry naming another account", |index, second| {
            std::fs::write(index.join(format!("label/first/{second}")), "").unwrap();
        }),
        ("an entry that is no account id", |index, _| {
            std::fs::write(index.join("label/first/not-an-id"), "").unwrap();
        }),
    ];
    for (damage, apply) in damages {
        let home = home();
        apply(&home.state().join("index"), &account_id(&home, "second"));
        rename_through_the_index(&home, "first", "renamed");
        assert_eq!(index_problems(&home), Vec::<String>::new(), "{damage}");
        // The other account was not touched by mistake.
        let list = home.json(&["account", "list", "--json"]).to_string();
        assert!(
            list.contains("\"second\"") && !list.contains("\"first\""),
            "{damage}: {list}"
        );
    }
}

#[test]
fn an_account_file_added_behind_tethers_back_is_found() {
    let home = home();
    let accounts = home.state().join("accounts");
    let id = account_id(&home, "second");
    let text = std::fs::read_to_string(accounts.join(format!("{id}.toml"))).unwrap();
    let copy = "0123456789abcdef0123456789abcdef";
    // After the last change, as a restore from a backup would; moved in whole.
    std::thread::sleep(std::time::Duration::from_millis(50));
    let staged = home.path().join("restored.toml");
    std::fs::write(
        &staged,
        text.replace(&id, copy)
            .replace("name = \"second\"", "name = \"restored\""),
    )
    .unwrap();
    std::fs::rename(&staged, accounts.join(format!("{copy}.toml"))).unwrap();
    let out = home
        .run(&["account", "rename", "restored", "kept"])
        .success();
    assert!(stderr(&out).contains("to `kept`"), "{}", stderr(&out));
    assert_eq!(index_problems(&home), Vec::<String>::new());
}

#[cfg(feature = "fault-injection")]
#[test]
fn a_rebuild_killed_before_it_is_swapped_in_is_done_again() {
    let home = home();
    let index = home.state().join("index");
    std::fs::write(index.join("stamp"), "garbage").unwrap();
    home.cmd()
        .env("TETHER_FAULT", "index-built:kill")
        .args(["account", "rename", "first", "renamed"])
        .assert()
        .failure();
    // Killed after building the new index, before swapping it in: the old one is still there,
    // still not trusted, and nothing was renamed.
    assert_eq!(std::fs::read(index.join("stamp")).unwrap(), b"garbage");
    assert!(home.state().join("index.new").exists());
    rename_through_the_index(&home, "first", "renamed");
    assert_eq!(index_problems(&home), Vec::<String>::new());
    assert!(!home.state().join("index.new").exists());
    assert!(!home.state().join("index.old").exists());
}
