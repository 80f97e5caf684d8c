//! `tether vault init`: create the vault and its master key explicitly.

use clap::Args;

use crate::context::{Context, Verbosity};
use crate::error::Result;
use crate::secret::Secret;
use crate::usage::UsageError;
use crate::vault::keyring::{BACKEND, SERVICE, entry_user};
use crate::vault::source::{
    KeySources, PASSPHRASE_VAR, VAULT_KEY_VAR, ask_new_passphrase, check_new_passphrase,
};
use crate::vault::{KeyKind, Vault};

/// Create the vault and its master key
#[derive(Debug, Args)]
#[command(long_about = "\
Create the vault and its random 256-bit master key.

Without --passphrase the key is kept by TETHER_VAULT_KEY when that is set (the variable is the \
key; keep its value), otherwise in the OS keyring. With --passphrase the key is wrapped under a \
passphrase (PBKDF2-HMAC-SHA256, 600,000 iterations) given in TETHER_PASSPHRASE or typed twice at \
a prompt; every later use needs the passphrase.

Storing the first secret creates the vault too; init is for choosing a passphrase, or for \
checking the key source up front. An existing vault is never replaced (see `tether vault rekey`).")]
#[command(after_long_help = r#"Examples:
  tether vault init
  tether vault init --passphrase
  TETHER_VAULT_KEY=$(head -c32 /dev/urandom | base64) tether vault init"#)]
pub struct InitArgs {
    /// Protect the key with a passphrase (`TETHER_PASSPHRASE` or a hidden prompt) instead of the OS keyring
    #[arg(long)]
    pub passphrase: bool,
}

pub(super) fn run(ctx: &Context, args: &InitArgs) -> Result<()> {
    let sources = KeySources::from_env().with_details(ctx.ui().verbosity() >= Verbosity::Verbose);
    // Checked before asking for a passphrase, and again under the lock by `Vault::init`.
    if Vault::exists_in(&ctx.paths)? {
        return Err(UsageError::VaultExists {
            dir: ctx.paths.vault_dir(),
        }
        .into());
    }
    if args.passphrase && sources.vault_key.is_some() {
        return Err(UsageError::PassphraseWithKey { var: VAULT_KEY_VAR }.into());
    }
    let passphrase = if args.passphrase {
        Some(new_passphrase(ctx, &sources)?)
    } else {
        None
    };
    let vault = Vault::init(&ctx.paths, sources, passphrase.as_ref())?;
    let id = vault.key_id().unwrap_or_default();
    let dir = vault.dir().display();
    ctx.ui().notice(&match vault.kind() {
        Some(KeyKind::Passphrase) => format!(
            "Created the vault in {dir} (key id {id}), protected by your passphrase.\n\
             Without the passphrase its secrets cannot be recovered."
        ),
        Some(KeyKind::Env) => format!(
            "Created the vault in {dir} (key id {id}), keyed by {VAULT_KEY_VAR}.\n\
             Keep that value safe: it is the only key."
        ),
        _ => format!(
            "Created the vault in {dir} (key id {id}); its key is in the {BACKEND} (entry {SERVICE}/{}).",
            entry_user(id)
        ),
    });
    if ctx.json {
        return crate::cli::output::print_json(&serde_json::json!({
            "vault_dir": vault.dir(),
            "key_id": id,
            "key_source": vault.kind().map(|k| k.to_string()),
        }));
    }
    Ok(())
}

/// The new passphrase: `TETHER_PASSPHRASE`, or typed twice.
fn new_passphrase(ctx: &Context, sources: &KeySources) -> Result<Secret> {
    if let Some(passphrase) = sources.env_passphrase()? {
        check_new_passphrase(passphrase, PASSPHRASE_VAR)?;
        return Ok(passphrase.clone());
    }
    let prompter = ctx.prompter(
        "a passphrase for the new vault",
        &format!("{PASSPHRASE_VAR}=… in the environment"),
    )?;
    ask_new_passphrase(prompter)
}
