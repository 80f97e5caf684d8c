//! Help that teaches: every command that does something shows examples in its `--help`, and
//! they are printed as written, whatever the terminal's width.

use clap::CommandFactory;
use tether::cli::Cli;

/// Every leaf command, as its words (`["connection", "create"]`), with its command.
fn leaves(command: &clap::Command, words: &[String], out: &mut Vec<(Vec<String>, clap::Command)>) {
    let subs: Vec<&clap::Command> = command
        .get_subcommands()
        .filter(|s| s.get_name() != "help")
        .collect();
    if subs.is_empty() {
        out.push((words.to_vec(), command.clone()));
    }
    for sub in subs {
        let mut more = words.to_vec();
        more.push(sub.get_name().to_owned());
        leaves(sub, &more, out);
    }
}

fn all_leaves() -> Vec<(Vec<String>, clap::Command)> {
    let mut out = Vec::new();
    leaves(&Cli::command(), &[], &mut out);
    out
}

/// What `--help` shows after the options.
fn after_help(command: &clap::Command) -> String {
    command
        .get_after_long_help()
        .or_else(|| command.get_after_help())
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[test]
fn every_leaf_command_has_examples() {
    let leaves = all_leaves();
    assert!(leaves.len() > 20, "the walk found the commands");
    let missing: Vec<String> = leaves
        .iter()
        .filter(|(_, command)| {
            !after_help(command).contains("Examples:\n  ")
                || !after_help(command).contains("tether ")
        })
        .map(|(words, _)| words.join(" "))
        .collect();
    assert!(
        missing.is_empty(),
        "no examples in the help of: {missing:?}"
    );
}

#[test]
fn examples_are_printed_as_written_in_a_narrow_terminal() {
    for (words, command) in all_leaves() {
        let written = after_help(&command);
        let out = assert_cmd::Command::cargo_bin("tether")
            .unwrap()
            .env_clear()
            .env("COLUMNS", "40")
            .args(&words)
            .arg("--help")
            .assert()
            .success();
        let shown = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(
            shown.ends_with(&format!("\n{written}\n")),
            "`tether {} --help` does not end with its examples as written:\n{shown}",
            words.join(" ")
        );
    }
}
