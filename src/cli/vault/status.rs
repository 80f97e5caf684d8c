//! `tether vault status`: where the key comes from, whether it can be read, paths, counts.

use std::fmt::Write as _;

use clap::Args;

use crate::cli::diagnose::diagnose;
use crate::cli::output;
use crate::context::{Context, Verbosity};
use crate::error::{Error, Result};
use crate::vault::source::KeySources;
use crate::vault::{KeyKind, Status, Vault};

/// Show where the vault key comes from, the paths and the record count; never a secret
#[derive(Debug, Args)]
#[command(long_about = "\
Show where the vault key comes from (TETHER_VAULT_KEY, a passphrase, or the OS keyring) and \
whether it can be read now, the keyring backend, the vault's key id, format and record count, \
and the directories tether uses. Never shows a secret.

A key that cannot be read is reported in full (\"key_available\": false with \"key_problem\" \
and \"key_hint\"), and then the exit status is 4, so scripts can check `tether vault status`. \
A passphrase vault is checked only when TETHER_PASSPHRASE is set (otherwise \"key_available\" \
is null and the status 0); nothing is prompted for.")]
#[command(after_long_help = r#"Examples:
  tether vault status
  tether vault status --json | jq .key_available"#)]
pub struct StatusArgs {}

pub(super) fn run(ctx: &Context, _args: &StatusArgs) -> Result<()> {
    let mut status = Vault::status(
        &ctx.paths,
        &KeySources::from_env().with_details(ctx.ui().verbosity() >= Verbosity::Verbose),
    )?;
    if let Some(error) = &status.key_error {
        status.key_hint = diagnose(&Error::Vault(error.clone())).hint;
    }
    if ctx.json {
        output::print_json(&status)?;
    } else {
        output::print(&render(&status, output::color()))?;
    }
    match (status.key_available, status.key_error) {
        (Some(false), Some(error)) => Err(error.into()),
        _ => Ok(()),
    }
}

/// The unlocked session, or how to start one, for an existing vault not keyed by the
/// environment.
fn unlocked(s: &Status) -> Option<String> {
    if let Some(until) = s.unlocked_until {
        return Some(format!(
            "until {} UTC, in the kernel keyring (`tether vault lock` ends it now)",
            output::hour_minute(until)
        ));
    }
    match s.key_kind? {
        KeyKind::Passphrase => Some(
            "no; `tether vault unlock` keeps the key in the kernel keyring for 15 minutes, so commands stop asking for the passphrase".to_owned(),
        ),
        KeyKind::Keyring => Some(
            "no; off by default for a key in the OS keyring (`tether vault unlock --os-keyring` saves its round trip for a while)".to_owned(),
        ),
        KeyKind::Env => None,
    }
}

fn render(s: &Status, color: bool) -> String {
    let mut rows: Vec<(&str, String)> = vec![("vault", s.vault_dir.display().to_string())];
    match (&s.key_id, s.format, s.key_kind) {
        (Some(id), Some(format), Some(kind)) => {
            rows.push(("state", format!("exists (format {format}, {})", s.cipher)));
            rows.push(("key id", id.clone()));
            rows.push(("records", s.records.to_string()));
            rows.push(("key held by", kind.to_string()));
        }
        _ => rows.push((
            "state",
            "not created yet (storing the first secret creates it, or `tether vault init`)"
                .to_owned(),
        )),
    }
    let mut source = s.key_source.to_owned();
    if s.key_source == "env" {
        source.push_str(" (TETHER_VAULT_KEY)");
    } else if s.key_source == "keyring" {
        let _ = match &s.keyring_entry {
            Some(entry) => write!(
                source,
                " ({}, entry {entry})",
                s.backend.unwrap_or_default()
            ),
            None => write!(source, " ({})", s.backend.unwrap_or_default()),
        };
    }
    rows.push(("key source", source));
    if let Some(session) = unlocked(s) {
        rows.push(("unlocked", session));
    }
    let available = match (s.key_available, &s.key_problem) {
        (Some(true), _) => "available".to_owned(),
        (None, Some(why)) => why.clone(),
        (None, None) => "not checked".to_owned(),
        (Some(false), why) => {
            let mut text = format!(
                "NOT available: {}",
                why.as_deref().unwrap_or("unknown reason")
            );
            if let Some(hint) = &s.key_hint {
                let _ = write!(text, "\nhint: {hint}");
            }
            text
        }
    };
    rows.push(("key", available));
    if let Some(kdf) = &s.kdf {
        rows.push((
            "kdf",
            format!("{}, {} iterations", kdf.algorithm, kdf.iterations),
        ));
    }
    rows.push(("config dir", s.config_dir.display().to_string()));
    rows.push(("data dir", s.data_dir.display().to_string()));

    let width = rows.iter().map(|(label, _)| label.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (label, value) in rows {
        let pad = " ".repeat(width - label.len() + 2);
        let indent = " ".repeat(width + 2);
        let value = value.replace('\n', &format!("\n{indent}"));
        let _ = writeln!(out, "{}{pad}{value}", output::bold(label, color));
    }
    out
}
