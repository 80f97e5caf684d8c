use clap::{Args, ValueEnum};

use crate::context::Context;
use crate::environment::Environment;
use crate::error::Result;
use crate::store::connection::{self, EnvAccount};
use crate::store::{self, account};
use crate::usage::UsageError;

/// Turn "same authorization for all environments" on or off
///
/// On: one account serves every environment. If the environments are backed by different
/// accounts, --from ENV says whose account to keep; the others stop being used.
/// Off: every environment keeps its current account and is authorized on its own from then on.
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether connection same-for-all deploy on --from production
  tether connection same-for-all deploy off")]
pub struct SameForAllArgs {
    /// Link name of the connection
    #[arg(add = crate::cli::complete::links())]
    pub link: String,

    /// on or off
    #[arg(value_enum)]
    pub state: OnOff,

    /// With `on`: the environment whose account serves all of them
    #[arg(long, value_name = "ENV", add = crate::cli::complete::environments())]
    pub from: Option<Environment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

pub(super) fn run(ctx: &Context, args: &SameForAllArgs) -> Result<()> {
    if args.state == OnOff::On
        && !connection::load(&ctx.paths, &args.link)?
            .environments
            .is_empty()
    {
        crate::authorization::release::open_vault_before_locking(ctx)?;
    }
    let released = {
        let lock = store::lock_state(&ctx.paths)?;
        let mut connection = connection::load(&ctx.paths, &args.link)?;
        let link = &args.link;
        if args.state == OnOff::Off {
            connection.same_for_all_environments = false;
            connection::save(&ctx.paths, &lock, &connection)?;
            ctx.ui().notice(&format!(
                "`{link}`: each environment keeps its account and is authorized on its own from now on"
            ));
            drop(lock);
            return super::details::print_if_json(ctx, link);
        }
        let mut accounts: Vec<&str> = connection
            .environments
            .values()
            .map(|b| b.account.as_str())
            .collect();
        accounts.sort_unstable();
        accounts.dedup();
        let keep = match (args.from, accounts.as_slice()) {
            (Some(env), _) => Some(connection.account_for(env)?.to_owned()),
            (None, []) => None,
            (None, [one]) => Some((*one).to_owned()),
            (None, _) => {
                let mut parts = Vec::new();
                for (env, binding) in &connection.environments {
                    parts.push(format!(
                        "{env}: {}",
                        account::load(&ctx.paths, &binding.account)?.label()
                    ));
                }
                return Err(UsageError::DifferentAccounts {
                    link: link.clone(),
                    accounts: parts,
                }
                .into());
            }
        };
        if let Some(keep) = &keep {
            for env in Environment::ALL {
                let binding = EnvAccount {
                    account: keep.clone(),
                };
                connection.environments.insert(env, binding);
            }
        }
        connection.same_for_all_environments = true;
        let rebound =
            crate::authorization::release::commit_bindings(ctx, &lock, &connection, false)?;
        super::report::notes(ctx, &rebound.notes);
        match &keep {
            Some(keep) => ctx.ui().notice(&format!(
                "`{link}`: account `{}` now serves every environment",
                account::load(&ctx.paths, keep)?.label()
            )),
            None => ctx.ui().notice(&format!(
                "`{link}`: the next authorization will serve every environment"
            )),
        }
        rebound.released
    };
    super::report::released(ctx, released, false);
    super::details::print_if_json(ctx, &args.link)
}
