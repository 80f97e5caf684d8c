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
    // `help` has no page of its own: no page may name it.
    let command = command
        .clone()
        .name(static_name)
        .disable_help_subcommand(true);
    emit(name, man_page(&command, name == "tether"));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, &format!("{name}-{}", sub.get_name()), emit);
    }
}

/// clap_mangen's sections, with the text after the options as EXAMPLES, and for the tool's
/// own page ENVIRONMENT, FILES and EXIT STATUS.
fn man_page(command: &clap::Command, root: bool) -> Vec<u8> {
    use clap_mangen::roff::{Roff, bold, roman};
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page).unwrap();
    man.render_name_section(&mut page).unwrap();
    man.render_synopsis_section(&mut page).unwrap();
    man.render_description_section(&mut page).unwrap();
    if command.get_arguments().next().is_some() {
        man.render_options_section(&mut page).unwrap();
    }
    if command.has_subcommands() {
        man.render_subcommands_section(&mut page).unwrap();
    }
    let mut roff = Roff::new();
    let after = command
        .get_after_long_help()
        .or_else(|| command.get_after_help())
        .map(ToString::to_string);
    if root {
        roff.control("SH", ["ENVIRONMENT"]);
        for (name, what) in tether::cli::reference::ENVIRONMENT {
            roff.control("TP", [])
                .text([bold(*name)])
                .text([roman(*what)]);
        }
        roff.control("SH", ["FILES"]);
        roff.text([roman(
            "Under TETHER_HOME (or --home) when set; otherwise metadata in the platform's \
             config directory and the rest in its data directory \
             (e.g. ~/.config/tether and ~/.local/share/tether).",
        )]);
        for (path, what) in tether::cli::reference::FILES {
            roff.control("TP", [])
                .text([bold(*path)])
                .text([roman(*what)]);
        }
        roff.control("SH", ["EXIT STATUS"]);
        for line in tether::cli::EXIT_CODES.lines().skip(1) {
            match line.trim_start().split_once(' ') {
                Some((code, meaning)) if code.bytes().all(|b| b.is_ascii_digit()) => {
                    roff.control("TP", [])
                        .text([bold(code)])
                        .text([roman(meaning.trim())]);
                }
                _ => {
                    roff.control("PP", []).text([roman(line.trim())]);
                }
            }
        }
    } else if let Some(text) = after {
        let (title, body) = match text.strip_prefix("Examples:\n") {
            Some(examples) => ("EXAMPLES", examples.to_owned()),
            None => ("NOTES", text.clone()),
        };
        roff.control("SH", [title]);
        // Printed as written: an example broken over two lines cannot be copied.
        roff.control("nf", []);
        for line in body.lines() {
            roff.text([roman(line)]);
        }
        roff.control("fi", []);
    }
    if !root {
        roff.control("SH", ["SEE ALSO"]);
        roff.text([bold("tether"), roman("(1)")]);
    }
    page.extend(roff.to_roff().into_bytes());
    if command.get_version().is_some() {
        man.render_version_section(&mut page).unwrap();
    }
    once_preamble(&String::from_utf8(page).unwrap()).into_bytes()
}

/// The page with roff's apostrophe preamble, which each section rendered on its own repeats,
/// only at its start.
fn once_preamble(page: &str) -> String {
    const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
    assert!(page.starts_with(PREAMBLE), "{page}");
    format!("{PREAMBLE}{}", page.replace(PREAMBLE, ""))
}

#[test]
fn the_man_page_has_environment_files_and_exit_status_and_no_missing_pages() {
    let mut pages = Vec::new();
    man_pages(&Cli::command(), "tether", &mut |name, page| {
        pages.push((name.to_owned(), String::from_utf8(page).unwrap()));
    });
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    let (_, main) = &pages[0];
    for section in [
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH \"EXIT STATUS\"",
        "TETHER_VAULT_KEY",
    ] {
        assert!(main.contains(section), "tether.1 lacks {section}");
    }
    // Every page another page names exists.
    for (name, page) in &pages {
        for word in page.split_whitespace() {
            let plain = word
                .replace("\\fB", "")
                .replace("\\fR", "")
                .replace("\\-", "-");
            let Some(linked) = plain.strip_suffix("(1)") else {
                continue;
            };
            assert!(
                names.contains(&linked),
                "{name}.1 names {linked}(1), which is not generated"
            );
        }
        assert!(!page.contains("help(1)"), "{name}.1 names a help page");
    }
    let (_, token) = pages.iter().find(|(n, _)| n == "tether-token").unwrap();
    assert!(token.contains(".SH EXAMPLES"), "{token}");
}
