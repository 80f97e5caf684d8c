//! Listings read a cache of the parsed connections and accounts: used while a directory is
//! unchanged, checked file by file once it changed, and ignored when damaged.

use std::path::PathBuf;
use std::time::Duration;

use crate::common::{Home, stdout, two_weather_connections};

/// A home with connections `wx` and `wx2`, its directories settled (a version younger than
/// two seconds is not trusted), and the cache written by a first listing.
fn home() -> Home {
    let home = two_weather_connections();
    settle();
    list(&home);
    home
}

fn settle() {
    std::thread::sleep(Duration::from_millis(2200));
}

fn list(home: &Home) -> String {
    stdout(&home.run(&["connection", "list"]).success())
}

fn cache(home: &Home) -> PathBuf {
    home.state().join("cache/connections.jsonl")
}

fn connection_file(home: &Home, link: &str) -> PathBuf {
    home.state().join(format!("connections/{link}.toml"))
}

/// Gives `wx` the display name `name` in its file, written in place or replaced by a rename.
fn edit_display_name(home: &Home, name: &str, in_place: bool) {
    let path = connection_file(home, "wx");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("display_name = ").unwrap();
    let end = start + text[start..].find('\n').unwrap();
    let edited = format!(
        "{}display_name = \"{name}\"{}",
        &text[..start],
        &text[end..]
    );
    if in_place {
        std::fs::write(&path, edited).unwrap();
    } else {
        let staged = home.path().join("wx.toml");
        std::fs::write(&staged, edited).unwrap();
        std::fs::rename(&staged, &path).unwrap();
    }
}

#[test]
fn an_unchanged_directory_is_listed_from_the_cache() {
    let home = home();
    // Doctor the cached display name: a listing that shows it read the cache, not the file.
    let text = std::fs::read_to_string(cache(&home)).unwrap();
    assert!(text.contains("\"display_name\":\"wx\""), "{text}");
    std::fs::write(
        cache(&home),
        text.replace(
            "\"display_name\":\"wx\"",
            "\"display_name\":\"from-the-cache\"",
        ),
    )
    .unwrap();
    assert!(list(&home).contains("from-the-cache"));
    // A file replaced (as tether and most editors save) changes the directory: the next
    // listing checks every file and reads the one that changed.
    edit_display_name(&home, "replaced", false);
    let listed = list(&home);
    assert!(
        listed.contains("replaced") && !listed.contains("from-the-cache"),
        "{listed}"
    );
}

#[test]
fn a_file_edited_in_place_shows_once_the_directory_changes() {
    let home = home();
    edit_display_name(&home, "edited-in-place", true);
    // The directory's version holds, so this listing trusts the cache.
    assert!(!list(&home).contains("edited-in-place"));
    // Any change tether makes there (a rename of another connection) checks every file.
    home.run(&["connection", "rename", "wx2", "--display-name", "Other"])
        .success();
    let listed = list(&home);
    assert!(
        listed.contains("edited-in-place") && listed.contains("Other"),
        "{listed}"
    );
}

#[test]
fn a_damaged_or_foreign_cache_is_ignored_and_written_again() {
    /// The damaged cache made of the sound one.
    type Damage = fn(&str) -> String;
    let expected = list(&home());
    let damages: [(&str, Damage); 4] = [
        ("garbage", |_| "garbage\n".to_owned()),
        ("cut short", |text| text[..text.len() / 2].to_owned()),
        ("another build's", |text| {
            text.replacen("cache", "cache 0.0.0 x", 1)
        }),
        ("a bad line", |text| {
            text.replacen("{\"stem\"", "{\"stem", 1)
        }),
    ];
    for (damage, apply) in damages {
        let home = home();
        let text = std::fs::read_to_string(cache(&home)).unwrap();
        std::fs::write(cache(&home), apply(&text)).unwrap();
        assert_eq!(list(&home), expected, "{damage}");
        let json = home.json(&["connection", "list", "--json"]);
        assert_eq!(json.as_array().unwrap().len(), 2, "{damage}: {json}");
        // Written again whole (the directory is settled).
        let rewritten = std::fs::read_to_string(cache(&home)).unwrap();
        assert_eq!(rewritten.lines().count(), 3, "{damage}: {rewritten}");
    }
}

#[test]
fn a_connection_removed_or_added_behind_tethers_back_is_listed_as_it_is() {
    let home = home();
    std::fs::remove_file(connection_file(&home, "wx2")).unwrap();
    assert!(!list(&home).contains("wx2"));
    let copy = std::fs::read_to_string(connection_file(&home, "wx")).unwrap();
    std::fs::write(
        connection_file(&home, "wx3"),
        copy.replace("link_name = \"wx\"", "link_name = \"wx3\""),
    )
    .unwrap();
    let listed = list(&home);
    assert!(listed.contains("wx3") && listed.contains("wx "), "{listed}");
}
