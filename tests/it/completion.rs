//! Shell completion driven in each shell for real: the script `tether completions SHELL`
//! prints is loaded into bash, zsh and fish, a command line is completed, and the candidates
//! come from the home (connection names, connector ids, account names, environments) without
//! a vault key or a terminal to prompt on.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Home, can_run, stdout};

/// Each line to complete, and a candidate it must offer.
const CASES: &[(&str, &str)] = &[
    ("tether token ", "alpha"),
    ("tether connection details b", "beta"),
    ("tether connection create x --connector wea", "weather"),
    ("tether connection create x --connector githu", "github"),
    ("tether account delete ", "alice"),
    ("tether connection reuse alpha --account b", "bob"),
    ("tether token alpha --env ", "production"),
    ("tether exec alpha,", "alpha,beta"),
];

/// A home with connections `alpha` (account alice) and `beta` (account bob) of the custom
/// connector `weather`.
fn home() -> Home {
    let home = Home::with_fixtures();
    for (link, account) in [("alpha", "alice"), ("beta", "bob")] {
        home.run_with_key(
            "k",
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
    home
}

fn available(shell: &str) -> bool {
    let found = Command::new(shell)
        .args(["-c", "exit 0"])
        .status()
        .is_ok_and(|s| s.success());
    can_run(
        found,
        &format!("{shell} is not installed (scripts/test installs it)"),
    )
}

/// The script for `shell`, as `tether completions SHELL` prints it, in a file.
fn script(home: &Home, shell: &str) -> PathBuf {
    let out = home.run(&["completions", shell]).success();
    home.write(&format!("completion.{shell}"), &stdout(&out))
}

/// `shell` with only what completion needs: tether on PATH and the home; no vault key.
fn shell(home: &Home, program: &str) -> Command {
    let bin = assert_cmd::cargo::cargo_bin("tether");
    let mut path = std::ffi::OsString::from(bin.parent().unwrap());
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("PATH", path)
        .env("HOME", home.path())
        .env("TETHER_HOME", home.state());
    cmd
}

fn run(mut cmd: Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Calls bash's completion function as `complete -F` would, printing COMPREPLY.
fn bash(home: &Home, script: &Path, line: &str) -> String {
    let mut words: Vec<&str> = line.split(' ').collect();
    let current = words.pop().unwrap();
    let quoted: Vec<String> = words
        .iter()
        .chain([&current])
        .map(|w| format!("'{w}'"))
        .collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT=${{#COMP_LINE}}\n\
         _clap_complete_tether tether '{current}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len(),
        words.last().unwrap(),
    );
    let mut cmd = shell(home, "bash");
    cmd.args(["--norc", "--noprofile", "-c", &program]);
    run(cmd)
}

fn fish(home: &Home, script: &Path, line: &str) -> String {
    let mut cmd = shell(home, "fish");
    cmd.args([
        "--no-config",
        "-c",
        &format!("source '{}'; complete -C '{line}'", script.display()),
    ]);
    run(cmd)
}

fn zsh(home: &Home, script: &Path, line: &str, want: &str) -> String {
    let driver = format!(
        "{}/tests/support/zsh_complete.zsh",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut cmd = shell(home, "zsh");
    cmd.args(["-f", &driver])
        .env("SCRIPT", script)
        .env("LINE", line)
        .env("WANT", want);
    run(cmd)
}

fn check(shell: &str, complete: impl Fn(&str, &str) -> String) {
    for (line, want) in CASES {
        let shown = complete(line, want);
        assert!(
            shown.contains(want),
            "{shell}: `{line}` does not offer `{want}`:\n{shown}"
        );
    }
}

#[test]
fn bash_completes_from_the_home() {
    if !available("bash") {
        return;
    }
    let home = home();
    let script = script(&home, "bash");
    check("bash", |line, _| bash(&home, &script, line));
    // Only what matches: the other connection is not offered.
    let shown = bash(&home, &script, "tether token al");
    assert_eq!(shown, "alpha\n");
}

#[test]
fn zsh_completes_from_the_home() {
    if !available("zsh") {
        return;
    }
    let home = home();
    let script = script(&home, "zsh");
    check("zsh", |line, want| zsh(&home, &script, line, want));
}

#[test]
fn fish_completes_from_the_home() {
    if !available("fish") {
        return;
    }
    let home = home();
    let script = script(&home, "fish");
    check("fish", |line, _| fish(&home, &script, line));
    // With what each candidate is: a connection's display name, an account's connector.
    let shown = fish(&home, &script, "tether account delete a");
    assert_eq!(shown, "alice\tweather\n");
}

#[test]
fn completion_reads_the_home_given_with_home() {
    let home = home();
    let elsewhere = Home::new();
    let out = home
        .bare()
        .env("TETHER_HOME", elsewhere.state())
        .env("COMPLETE", "fish")
        .args(["--", "tether", "--home"])
        .arg(home.state())
        .args(["token", "b"])
        .assert()
        .success();
    assert_eq!(stdout(&out), "beta\tbeta\n");
}
