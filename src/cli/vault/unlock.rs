//! `tether vault unlock`: keep the vault's key in the kernel keyring for a while.

use std::time::Duration;

use clap::Args;
use serde::Serialize;

use crate::cli::output;
use crate::context::Context;
use crate::error::Result;
use crate::vault::Vault;
use crate::vault::source::{KeySources, PASSPHRASE_VAR};

/// Keep the vault's key in the kernel keyring, so commands stop asking for it for a while
#[derive(Debug, Args)]
#[command(long_about = "\
Read the vault's key once (the passphrase, asked for or TETHER_PASSPHRASE; or the OS keyring \
with --os-keyring) and keep it in the kernel keyring of this login for a while, readable by \
your user only, as sudo keeps a recent password. Until it ends, commands in this login need \
neither the passphrase nor the OS keyring. `tether vault lock` ends it at once; a rekey ends it \
too. Where the kernel keyring is unavailable (some containers), it says so and commands go on \
asking.")]
#[command(after_long_help = r#"Examples:
  tether vault unlock
  tether vault unlock --for 1h
  tether vault lock"#)]
pub struct UnlockArgs {
    /// How long the session lasts: seconds, or a number with s, m or h (at most 12h)
    #[arg(long = "for", value_name = "DURATION", default_value = "15m", value_parser = duration)]
    pub length: Duration,

    /// Also for a vault whose key is in the OS keyring (saves its round trip on every command)
    #[arg(long)]
    pub os_keyring: bool,
}

/// The longest session: a day's work, so an unlocked vault does not outlive a forgotten login.
const LONGEST: Duration = Duration::from_secs(12 * 3600);

/// `90`, `90s`, `15m` or `2h`, from one second to [`LONGEST`].
fn duration(text: &str) -> std::result::Result<Duration, String> {
    let length = crate::duration::parse(text, crate::duration::UP_TO_HOURS)
        .ok_or_else(|| format!("`{text}` is not a duration; write e.g. 90s, 15m or 2h"))?;
    if length.is_zero() || length > LONGEST {
        return Err(format!("`{text}` is not between 1s and 12h"));
    }
    Ok(length)
}

#[derive(Serialize)]
struct Unlocked {
    #[serde(with = "time::serde::rfc3339")]
    unlocked_until: time::OffsetDateTime,
}

pub(super) fn run(ctx: &Context, args: &UnlockArgs) -> Result<()> {
    let prompter = ctx.prompter("the vault passphrase", PASSPHRASE_VAR).ok();
    // The key comes from where the vault keeps it, not from a session: unlocking again asks
    // again, so a session cannot be stretched without the passphrase.
    let vault = Vault::open(
        &ctx.paths,
        KeySources::from_env().without_sessions(),
        prompter,
    )?;
    let until = vault.start_session(args.length, args.os_keyring, ctx.now())?;
    if ctx.json {
        return output::print_json(&Unlocked {
            unlocked_until: until,
        });
    }
    ctx.ui().notice(&format!(
        "Unlocked for {} (until {} UTC) in this login's kernel keyring; `tether vault lock` locks it now.",
        output::spoken(args.length),
        output::hour_minute(until)
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_seconds_minutes_or_hours_up_to_twelve_hours() {
        assert_eq!(duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(duration("2h"), Ok(Duration::from_secs(7200)));
        for bad in ["", "0", "13h", "15 m", "m", "1d", "-5m", "1.5h"] {
            assert!(duration(bad).is_err(), "{bad}");
        }
    }
}
