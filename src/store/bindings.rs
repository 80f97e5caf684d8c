//! Changing which account backs which `LINK@ENV`, as part of one transaction: the records of
//! the accounts involved are re-sealed with their new uses, and an account nothing uses any
//! more is released (its secrets leave the vault; an unnamed one goes entirely).

use std::collections::{BTreeMap, BTreeSet};

use super::Transaction;
use super::account::{self, Account, AccountStatus};
use super::connection::{self, Connection, EnvAccount};
use super::secrets::{Secrets, use_label};
use crate::environment::Environment;
use crate::error::Result;
use crate::oauth::Tokens;
use crate::paths::Paths;
use crate::vault::Vault;

/// An account whose secrets left the vault, with the tokens that may need revoking.
#[derive(Debug)]
pub struct Released {
    pub account: Account,
    pub tokens: Option<Tokens>,
    /// Whether the account's secrets were removed (false when the account was renewed).
    pub removed: bool,
}

/// The accounts a change touches, as they will be after it.
pub struct Rebinding<'a> {
    paths: &'a Paths,
    vault: &'a Vault,
    accounts: BTreeMap<String, Touched>,
    /// The bindings of each rebound link after the change.
    after: BTreeMap<String, BTreeMap<Environment, EnvAccount>>,
    /// Accounts that lost a use in this change.
    lost_use: BTreeSet<String>,
    notes: Vec<String>,
}

struct Touched {
    account: Account,
    /// `None` when the record could not be read (it is then left as it is, or removed).
    secrets: Option<Secrets>,
}

impl<'a> Rebinding<'a> {
    #[must_use]
    pub fn new(paths: &'a Paths, vault: &'a Vault) -> Self {
        Self {
            paths,
            vault,
            accounts: BTreeMap::new(),
            after: BTreeMap::new(),
            lost_use: BTreeSet::new(),
            notes: Vec::new(),
        }
    }

    /// Gives `account` new secrets in this change (a new or renewed authorization). Call it
    /// before [`Rebinding::rebind`] binds the account anywhere.
    pub fn authorized(&mut self, mut account: Account, secrets: Secrets) -> Result<()> {
        let known = self.accounts.contains_key(&account.id)
            || account::find(self.paths, &account.id)?.is_some();
        let (uses, revision) = if known {
            let prior = self.touch(&account.id)?;
            let revision = prior
                .account
                .revision
                .max(prior.secrets.as_ref().map_or(0, |s| s.revision));
            // A record that could not be read (the very thing a reauthorization repairs)
            // says nothing of its uses: the connections do.
            let uses = match prior.secrets.as_ref().map(|s| s.uses.clone()) {
                Some(uses) => uses,
                None => self.scan_uses(&account.id, false)?,
            };
            (uses, revision)
        } else {
            (BTreeSet::new(), 0)
        };
        account.revision = revision;
        let secrets = Secrets {
            revision,
            uses,
            ..secrets
        };
        self.accounts.insert(
            account.id.clone(),
            Touched {
                account,
                secrets: Some(secrets),
            },
        );
        Ok(())
    }

    /// Gives the touched account `id` its name (a reused account named in the same step).
    pub fn name(&mut self, id: &str, name: Option<String>) -> Result<()> {
        self.touch(id)?.account.name = name;
        Ok(())
    }

    /// Records that `link`'s bindings go from `before` to `after` (empty when the connection
    /// is created or deleted).
    pub fn rebind(
        &mut self,
        link: &str,
        before: &BTreeMap<Environment, EnvAccount>,
        after: &BTreeMap<Environment, EnvAccount>,
    ) -> Result<()> {
        for env in Environment::ALL {
            let (old, new) = (before.get(&env), after.get(&env));
            if old == new {
                continue;
            }
            let label = use_label(link, env);
            if let Some(old) = old {
                self.lost_use.insert(old.account.clone());
                if let Some(secrets) = self.touch(&old.account)?.secrets.as_mut() {
                    secrets.uses.remove(&label);
                }
            }
            if let Some(new) = new
                && let Some(secrets) = self.touch(&new.account)?.secrets.as_mut()
            {
                secrets.uses.insert(label);
            }
        }
        self.after.insert(link.to_owned(), after.clone());
        Ok(())
    }

    /// Stages every touched account in `txn`: re-sealed with a new revision, or released
    /// when nothing uses it any more. Returns the released ones.
    /// Also returns notes for the person (accounts kept because they still back something).
    pub fn stage(mut self, txn: &mut Transaction) -> Result<(Vec<Released>, Vec<String>)> {
        let mut released = Vec::new();
        for (id, Touched { account, secrets }) in std::mem::take(&mut self.accounts) {
            let uses = match &secrets {
                Some(s) => s.uses.clone(),
                None => self.scan_uses(&id, true)?,
            };
            if uses.is_empty() {
                released.push(self.release(txn, account, secrets)?);
                continue;
            }
            if self.lost_use.contains(&id) {
                let list: Vec<&str> = uses.iter().map(String::as_str).collect();
                self.notes.push(format!(
                    "account `{}` still backs {}; kept",
                    account.label(),
                    list.join(", ")
                ));
            }
            let Some(mut secrets) = secrets else {
                // Unreadable, still used: left as it is, to be reauthorized.
                continue;
            };
            if account.status == AccountStatus::Released {
                continue;
            }
            let mut account = account;
            account.revision = account.revision.max(secrets.revision) + 1;
            secrets.stage(self.vault, txn, &account)?;
            account::stage(self.paths, txn, &account)?;
        }
        // Account ids are random; people read the released accounts by name.
        released.sort_by_key(|r| r.account.label());
        Ok((released, self.notes))
    }

    fn release(
        &mut self,
        txn: &mut Transaction,
        account: Account,
        secrets: Option<Secrets>,
    ) -> Result<Released> {
        if let Some(path) = self.vault.record_path(&account.record())? {
            txn.remove(path);
        }
        if account.name.is_none() {
            account::stage_removal(self.paths, txn, &account.id)?;
        } else {
            // A named account stays listed without secrets, so its name and history remain
            // and `--account NAME` can authorize it again.
            let mut marked = account.clone();
            marked.status = AccountStatus::Released;
            account::stage(self.paths, txn, &marked)?;
        }
        Ok(Released {
            account,
            tokens: secrets.and_then(|s| s.oauth),
            removed: true,
        })
    }

    /// The touched account `id`, loaded on first use. A record sealed before uses were kept
    /// gets them from the connections as they are on disk, before this change.
    fn touch(&mut self, id: &str) -> Result<&mut Touched> {
        if !self.accounts.contains_key(id) {
            let mut touched = self.load(id)?;
            if let Some(secrets) = touched.secrets.as_mut().filter(|s| s.revision == 0) {
                secrets.uses = self.scan_uses(id, false)?;
            }
            self.accounts.insert(id.to_owned(), touched);
        }
        Ok(self.accounts.get_mut(id).expect("inserted above"))
    }

    fn load(&mut self, id: &str) -> Result<Touched> {
        let account = account::load(self.paths, id)?;
        // A record that no longer opens is released all the same when nothing uses it: the
        // change it belongs to goes ahead, and only its revocation is lost.
        let secrets = match Secrets::load(self.vault, &account.record()) {
            Ok(secrets) => secrets,
            Err(e) => {
                self.notes.push(format!(
                    "warning: the secrets of account `{}` could not be read, so they cannot be revoked: {}",
                    account.label(),
                    e.to_string().lines().next().unwrap_or_default()
                ));
                None
            }
        };
        Ok(Touched { account, secrets })
    }

    /// The uses of account `id` according to the connections on disk, or as they will be
    /// after this change (`after`).
    fn scan_uses(&self, id: &str, after: bool) -> Result<BTreeSet<String>> {
        let mut bindings: BTreeMap<String, BTreeMap<Environment, EnvAccount>> =
            connection::list(self.paths)?
                .into_iter()
                .map(|c| (c.link_name, c.environments))
                .collect();
        if after {
            bindings.extend(self.after.clone());
        }
        let mut uses = BTreeSet::new();
        for (link, envs) in &bindings {
            for (env, binding) in envs {
                if binding.account == id {
                    uses.insert(use_label(link, *env));
                }
            }
        }
        Ok(uses)
    }
}

/// The bindings of `connection` as stored, or none for a connection not stored yet.
pub fn stored_bindings(paths: &Paths, link: &str) -> Result<BTreeMap<Environment, EnvAccount>> {
    Ok(connection::find(paths, link)?
        .map(|c: Connection| c.environments)
        .unwrap_or_default())
}

/// Where account `id` is bound, as `LINK@ENV` labels, according to the connections on disk.
pub fn uses_of(paths: &Paths, id: &str) -> Result<BTreeSet<String>> {
    let mut uses = BTreeSet::new();
    connection::for_each(paths, |c: connection::Summary| {
        for (env, binding) in &c.environments {
            if binding.account == id {
                uses.insert(use_label(&c.link_name, *env));
            }
        }
        Ok(())
    })?;
    Ok(uses)
}
