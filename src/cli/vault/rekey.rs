//! `tether vault rekey`: replace the master key and re-seal every record.

use clap::Args;

use crate::context::{Context, Verbosity};
use crate::error::Result;
use crate::vault::keyring::{BACKEND, SERVICE, entry_user};
use crate::vault::source::{KeySources, NEW_VAULT_KEY_VAR, PASSPHRASE_VAR, VAULT_KEY_VAR};
use crate::vault::{KeyKind, OldKey, Vault};

/// Make a new master key, re-seal every record, and remove the old key
#[derive(Debug, Args)]
#[command(long_about = "\
Make a new master key (and key id), re-seal every record with it, store it where the vault \
keeps its key, and remove the old key.

A keyring vault gets a new keyring entry and loses the old one. A passphrase vault keeps its \
passphrase (asked for, or TETHER_PASSPHRASE) with a fresh salt. A vault keyed by \
TETHER_VAULT_KEY needs the new key in TETHER_NEW_VAULT_KEY, and TETHER_VAULT_KEY must be set to \
that value afterwards. TETHER_NEW_VAULT_KEY, when set, is the new key for any vault.

The switch is atomic: if rekey is interrupted, the vault is left with the old key or the new one, \
complete. A record that is corrupt stops the rekey before anything changes.")]
#[command(after_long_help = r#"Examples:
  tether vault rekey
  TETHER_NEW_VAULT_KEY=$(head -c32 /dev/urandom | base64) tether vault rekey"#)]
pub struct RekeyArgs {}

pub(super) fn run(ctx: &Context, _args: &RekeyArgs) -> Result<()> {
    let prompter = ctx.prompter("the vault passphrase", PASSPHRASE_VAR).ok();
    let sources = KeySources::from_env().with_details(ctx.ui().verbosity() >= Verbosity::Verbose);
    let new_key_given = sources.new_vault_key.is_some();
    let mut vault = Vault::open(&ctx.paths, sources, prompter)?;
    let report = vault.rekey(prompter)?;
    if ctx.json {
        crate::cli::output::print_json(&serde_json::json!({
            "records": report.records,
            "key_id": report.new_key_id,
            "previous_key_id": report.old_key_id,
        }))?;
    }
    ctx.ui().notice(&format!(
        "Re-sealed {} record{} with a new key (key id {} replaces {}).",
        report.records,
        if report.records == 1 { "" } else { "s" },
        report.new_key_id,
        report.old_key_id
    ));
    match &report.old_key {
        OldKey::RemovedFromKeyring => ctx.ui().notice(&format!(
            "The new key is in the {BACKEND} (entry {SERVICE}/{}); the old entry was removed.",
            entry_user(&report.new_key_id)
        )),
        OldKey::LeftInKeyring(why) => ctx.ui().notice(&format!(
            "warning: the old keyring entry {SERVICE}/{} could not be removed ({why}); it opens nothing now, \
             remove it with `secret-tool clear service {SERVICE} username {}`",
            entry_user(&report.old_key_id),
            entry_user(&report.old_key_id)
        )),
        OldKey::NotStored => {}
    }
    if report.kind == KeyKind::Env || (report.env_key_replaced && new_key_given) {
        ctx.ui().notice(&format!(
            "From now on set {VAULT_KEY_VAR} to the value of {NEW_VAULT_KEY_VAR}; the old key no longer opens the vault."
        ));
    } else if report.env_key_replaced {
        ctx.ui().notice(&format!(
            "{VAULT_KEY_VAR} holds the old key and no longer opens the vault; unset it to use the vault's {}.",
            if report.kind == KeyKind::Passphrase { "passphrase" } else { "keyring entry" }
        ));
    }
    Ok(())
}
