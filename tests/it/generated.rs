//! Completions and man pages are generated from the CLI definition and committed; this test
//! fails when they are stale. Regenerate with `TETHER_REGENERATE=1 cargo test --test it generated::`.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;
use tether::cli::Cli;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `path` with `expected`, or rewrites it when regenerating.
fn check(path: &Path, expected: &[u8], stale: &mut Vec<String>) {
    if std::env::var_os("TETHER_REGENERATE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, expected).unwrap();
        return;
    }
    if std::fs::read(path).ok().as_deref() != Some(expected) {
        stale.push(path.strip_prefix(root()).unwrap().display().to_string());
    }
}

#[test]
fn completions_and_man_pages_are_up_to_date() {
    let mut stale = Vec::new();
    for (shell, file) in [
        (Shell::Bash, "tether.bash"),
        (Shell::Zsh, "_tether"),
        (Shell::Fish, "tether.fish"),
        (Shell::Elvish, "tether.elv"),
        (Shell::PowerShell, "_tether.ps1"),
    ] {
        let script = tether::cli::completions::script(shell).unwrap();
        check(
            &root().join("completions").join(file),
            script.as_bytes(),
            &mut stale,
        );
    }
    let mut expected_pages = Vec::new();
    let command = Cli::command();
    man_pages(&command, "tether", &mut |name, page| {
        let path = root().join("man").join(format!("{name}.1"));
        expected_pages.push(path.clone());
        check(&path, &page, &mut stale);
    });
    for entry in std::fs::read_dir(root().join("man")).unwrap() {
        let path = entry.unwrap().path();
        if !expected_pages.contains(&path) {
            stale.push(format!("{} (no longer generated)", path.display()));
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files: {stale:?}\nregenerate with `TETHER_REGENERATE=1 cargo test --test it generated::` and commit them"
    );
}

/// One page for the tool and one per subcommand (`tether-connection-create.1`).
fn man_pages(command: &clap::Command, name: &str, emit: &mut dyn FnMut(&str, Vec<u8>)) {
    // clap names are `&'static str`; leaking a few short strings in a test is fine.
    let static_name: &'static str = Box::leak(name.to_owned().into_boxed_str());
    let command = command.clone().name(static_name);
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut page)
        .unwrap();
    emit(name, page);
    for sub in command
        .get_subcommands()
        .filter(|s| s.get_name() != "help" && !s.is_hide_set())
    {
        man_pages(sub, &format!("{name}-{}", sub.get_name()), emit);
    }
}
