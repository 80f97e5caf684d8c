//! README's module map is the code's: each top-level module uses exactly the modules its line
//! lists, and only the presentation layer prints.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Rust files under `dir` (or `dir` itself), recursively.
fn sources(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_owned()];
    }
    let mut files = Vec::new();
    for entry in fs::read_dir(path).unwrap() {
        files.extend(sources(&entry.unwrap().path()));
    }
    files.retain(|f| f.extension().is_some_and(|e| e == "rs"));
    files
}

/// A file's code without its tests and comments: test modules come last in every file.
fn code(file: &Path) -> String {
    if file.file_name().is_some_and(|n| n == "tests.rs") {
        return String::new();
    }
    let text = fs::read_to_string(file).unwrap();
    let end = ["#[cfg(test)]", "#[cfg(all(test"]
        .iter()
        .filter_map(|m| text.find(m))
        .min()
        .unwrap_or(text.len());
    text[..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module each `src` file belongs to, with its code.
fn modules() -> BTreeMap<String, String> {
    let src = root().join("src");
    let mut modules = BTreeMap::new();
    for file in sources(&src) {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let name = first.to_str().unwrap().trim_end_matches(".rs").to_owned();
        // The entry points: `main.rs` and the binaries under `bin/` only call into the library.
        if name == "lib" || name == "main" || name == "bin" {
            continue;
        }
        let entry: &mut String = modules.entry(name).or_default();
        entry.push_str(&code(&file));
        entry.push('\n');
    }
    modules
}

fn used(code: &str, own: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let name: String = code[at + 7..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect();
        if name != own {
            used.insert(name);
        }
    }
    used
}

/// README's "- `NAME`: … Uses A, B, C." lines.
fn declared() -> BTreeMap<String, BTreeSet<String>> {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let map = readme
        .split("### Module map")
        .nth(1)
        .expect("README has a module map");
    let mut declared = BTreeMap::new();
    for line in map.lines().take_while(|l| !l.starts_with("## ")) {
        let Some(rest) = line.strip_prefix("- `") else {
            continue;
        };
        let name = rest.split('`').next().unwrap().to_owned();
        let uses = rest
            .rsplit_once("Uses ")
            .expect(line)
            .1
            .trim_end_matches('.');
        let uses = if uses == "nothing" {
            BTreeSet::new()
        } else {
            uses.split(", ").map(str::to_owned).collect()
        };
        declared.insert(name, uses);
    }
    declared
}

#[test]
fn readme_module_map_matches_the_code() {
    let modules = modules();
    let declared = declared();
    assert_eq!(
        modules.keys().collect::<Vec<_>>(),
        declared.keys().collect::<Vec<_>>(),
        "README's module map lists other modules than src/ has"
    );
    for (name, code) in &modules {
        assert_eq!(
            used(code, name),
            declared[name],
            "module `{name}` uses other modules than README's map says"
        );
    }
}

#[test]
fn only_the_presentation_layer_prints() {
    let printing = [
        "println!",
        "eprintln!",
        "print!(",
        "eprint!(",
        "stdout()",
        "stderr()",
    ];
    for (name, code) in modules() {
        if name == "cli" {
            continue;
        }
        for call in printing {
            assert!(!code.contains(call), "module `{name}` prints ({call})");
        }
    }
}

#[test]
fn modules_depend_on_each_other_one_way() {
    // `error` is the sum of every layer's error type, so it is left out: it depends on all.
    let mut uses = declared();
    uses.remove("error");
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut next = vec![from.to_owned()];
        while let Some(module) = next.pop() {
            for used in uses.get(&module).into_iter().flatten() {
                if used == to {
                    return true;
                }
                if seen.insert(used.clone()) {
                    next.push(used.clone());
                }
            }
        }
        false
    };
    for (module, used) in &uses {
        for other in used.iter().filter(|u| *u != "error") {
            assert!(
                !reaches(other, module),
                "`{module}` uses `{other}`, which leads back to `{module}`"
            );
        }
    }
}
