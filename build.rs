//! Generates the table of built-in connectors from `src/connector/builtin/*.toml`, sorted by
//! id, so adding a service is adding a file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("src/connector/builtin");
    println!("cargo::rerun-if-changed=src/connector/builtin");
    let mut ids: Vec<String> = std::fs::read_dir(&dir)
        .expect("src/connector/builtin is readable")
        .map(|entry| entry.expect("a directory entry").file_name())
        .filter_map(|name| name.to_str()?.strip_suffix(".toml").map(str::to_owned))
        .filter(|id| !id.starts_with('.'))
        .collect();
    ids.sort();
    let mut table = String::from("&[\n");
    for id in &ids {
        let file = dir.join(format!("{id}.toml"));
        writeln!(table, "    ({id:?}, include_str!({:?})),", file.display()).unwrap();
    }
    table.push(']');
    let out =
        Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin.rs");
    std::fs::write(out, table).expect("OUT_DIR is writable");
}
