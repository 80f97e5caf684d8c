//! What to tell the user about an error of the state on disk.

use super::Diagnosis;
use crate::journal::JournalAltered;
use crate::store::StoreError;

pub(super) fn store(error: &StoreError) -> Diagnosis {
    let message = error.to_string();
    match error {
        StoreError::UnknownConnection { .. } => Diagnosis::new("unknown_connection", 2, message)
            .hint("run `tether connection list` to see the connections"),
        StoreError::ConnectionExists { link } => Diagnosis::new("connection_exists", 2, message)
            .hint(format!(
                "choose another link name, or `tether connection delete {link}` first"
            )),
        StoreError::NotAuthorized { link, env } => Diagnosis::new("not_authorized", 3, message)
            .hint(format!(
                "run `tether connection authorize {link} --env {env} --account NAME`"
            )),
        StoreError::AccessDenied { link, app } => Diagnosis::new("access_denied", 6, message)
            .hint(format!("run `tether connection access {link} --enable {app}`")),
        StoreError::Damaged { .. } => Diagnosis::new("damaged_file", 2, message).hint(
            "fix or remove the file by hand; tether writes it atomically, so it was edited outside tether",
        ),
        StoreError::InvalidClientFile { id, .. } => {
            Diagnosis::new("invalid_client_file", 2, message).hint(format!(
                "run `tether connector configure {id} --client-id ID` to write it again"
            ))
        }
        StoreError::AccountMissing { .. } => Diagnosis::new("account_missing", 2, message)
            .hint("reauthorize the connections that used it"),
        StoreError::BuiltinConnectorId { id } => {
            Diagnosis::new("builtin_connector_id", 2, message).hint(format!(
                "change `id` in the file (e.g. `{id}-custom`) and import it again"
            ))
        }
        StoreError::BuiltinConnectorDelete { .. } => {
            Diagnosis::new("builtin_connector", 2, message).hint(
                "only custom connectors (see `tether connector list --custom`) can be deleted",
            )
        }
        StoreError::ConnectorInUse { users, .. } => {
            let first = users.first().map_or("LINK", String::as_str);
            Diagnosis::new("connector_in_use", 2, message).hint(format!(
                "delete those connections first (e.g. `tether connection delete {first}`)"
            ))
        }
        StoreError::InvalidClientId { .. } => Diagnosis::new("invalid_client_id", 2, message)
            .hint("copy the client id from the provider's app settings"),
        StoreError::EmptyClientSecret => Diagnosis::new("empty_client_secret", 2, message)
            .hint("pass the secret, or leave out --client-secret for a public client"),
        StoreError::ClientSecretMissing { id, client_id } => {
            Diagnosis::new("client_secret_missing", 2, message).hint(format!(
                "run `tether connector configure {id} --client-id {client_id} --client-secret @FILE` again"
            ))
        }
        StoreError::ClientSecretNotText { .. } => {
            Diagnosis::new("vault_record_invalid", 4, message).hint("configure the client again")
        }
        StoreError::RecordUnreadable { .. } => Diagnosis::new("vault_record_invalid", 4, message)
            .hint("reauthorize the connection that uses it"),
        StoreError::BadStoreSetting { .. } => Diagnosis::new("bad_store_setting", 2, message)
            .hint("for example: `tether store use etcd --endpoints http://10.0.0.5:2379,http://10.0.0.6:2379 --prefix /tether/team`"),
        StoreError::NoEtcdSupport => Diagnosis::new("no_etcd_support", 2, message).hint(
            "install a build with it (`cargo install tether --features etcd`, which needs protoc), or use this home's own files with `TETHER_STORE=local`",
        ),
        StoreError::StoreUnreachable { .. } => Diagnosis::new("store_unreachable", 5, message)
            .hint("check that the etcd members run and that a majority of them can reach each other (`tether store status`); nothing was changed"),
        StoreError::ChangedElsewhere { .. } => Diagnosis::new("changed_elsewhere", 1, message)
            .hint("run the command again: it starts from what the other machine wrote"),
        StoreError::NotOnSharedStore { .. } => Diagnosis::new("not_on_shared_store", 2, message)
            .hint("move the home back first with `tether store migrate --to local`, then share it again"),
        StoreError::SharedStoreEmpty { .. } => Diagnosis::new("shared_store_empty", 2, message)
            .hint("share a home there first, from the machine that has it: `tether store migrate --to etcd --endpoints … --prefix …`; or check --prefix"),
        StoreError::LocalStateUnshared { .. } => Diagnosis::new("local_state_unshared", 2, message)
            .hint("copy it into the cluster with `tether store migrate --to etcd …` instead, or use another home (--home) for the shared state"),
        StoreError::MigrationClash { .. } => Diagnosis::new("migration_clash", 2, message)
            .hint("another home is shared under this prefix: choose another --prefix, or remove that key with etcdctl if it is left over"),
        StoreError::Altered { link, env, .. } => Diagnosis::new("vault_altered", 4, message)
            .hint(format!(
                "restore the home from a backup, or authorize again: `tether connection reauthorize {link} --env {env} --account NAME`"
            )),
    }
}

/// A journal tether did not write.
pub(super) fn journal(error: &JournalAltered) -> Diagnosis {
    Diagnosis::new("vault_altered", 4, error.to_string()).hint(
        "restore the home from a backup, or remove that file if you know the change it held is not needed",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::environment::Environment;

    #[test]
    fn hints_name_the_command_that_helps() {
        let d = store(&StoreError::NotAuthorized {
            link: "gh".into(),
            env: Environment::Production,
        });
        assert_eq!((d.code, d.exit), ("not_authorized", 3));
        assert_eq!(
            d.hint.as_deref(),
            Some("run `tether connection authorize gh --env production --account NAME`")
        );
        let d = store(&StoreError::ConnectorInUse {
            id: "acme".into(),
            users: vec!["a".into(), "b".into()],
        });
        assert_eq!(
            d.message,
            "connector `acme` is used by connection(s) `a`, `b`; it was not deleted"
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("delete those connections first (e.g. `tether connection delete a`)")
        );
        assert_eq!(
            store(&StoreError::AccessDenied {
                link: "gh".into(),
                app: "ci".into()
            })
            .exit,
            6
        );
    }
}
