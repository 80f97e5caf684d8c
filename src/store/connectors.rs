//! Custom connectors on disk, `connectors/<id>.toml` under the config directory, and looking a
//! connector up by id among them and the built-in ones.
//!
//! Guarantees: a stored file is exactly the text that was validated; nothing is written or
//! removed unless every check passed; looking one up by id parses only that one (the `token`
//! hot path).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{StateLock, StoreError, Transaction, file};
use crate::connector::{self, Connector, ConnectorError, Origin, builtin, validate_id};
use crate::error::Result;
use crate::paths::Paths;

/// Where the custom connector `id` lives. `id` must already be a valid id.
fn path(paths: &Paths, id: &str) -> PathBuf {
    paths.connectors_dir().join(format!("{id}.toml"))
}

/// The text of the custom connector file `path`, if there is one.
fn read(path: &Path) -> Result<Option<String>> {
    file::read_text(path, |path, line, column| {
        ConnectorError::File {
            path,
            line,
            column,
            message: "the file is not UTF-8 text; save it as UTF-8".into(),
        }
        .into()
    })
}

/// The ids of the custom connectors on disk, sorted. Temporary and hidden files are skipped.
pub fn ids(paths: &Paths) -> Result<Vec<String>> {
    let mut ids = file::list_stems(&paths.connectors_dir())?;
    ids.retain(|id| validate_id("connector id", id).is_ok());
    Ok(ids)
}

/// The error for an id that is neither custom nor built-in, with the closest known id.
fn unknown(paths: &Paths, id: &str) -> ConnectorError {
    let custom = ids(paths).unwrap_or_default();
    let mut known: Vec<&str> = builtin::ids().collect();
    known.extend(custom.iter().map(String::as_str));
    connector::unknown(id, known)
}

/// One connector by id: the custom file `connectors/<id>.toml` if present, else the built-in.
/// Only that one definition is read and parsed.
pub fn load(paths: &Paths, id: &str) -> Result<Connector> {
    load_with_origin(paths, id).map(|(connector, _)| connector)
}

/// Like [`load`], and says where the connector came from.
pub fn load_with_origin(paths: &Paths, id: &str) -> Result<(Connector, Origin)> {
    let (text, path, origin) = source(paths, id)?;
    Ok((connector::parse_named(&text, &path, id)?, origin))
}

/// The TOML text of connector `id` as stored (custom) or embedded (built-in), with the path
/// used in messages and its origin. `connector export` prints this text.
pub fn source(paths: &Paths, id: &str) -> Result<(String, PathBuf, Origin)> {
    if validate_id("connector id", id).is_err() {
        return Err(unknown(paths, id).into());
    }
    let path = path(paths, id);
    if let Some(text) = read(&path)? {
        return Ok((text, path, Origin::Custom));
    }
    match builtin::source(id) {
        Some(text) => Ok((text.to_owned(), builtin::display_path(id), Origin::Builtin)),
        None => Err(unknown(paths, id).into()),
    }
}

/// Every connector, built-in and custom, sorted by id. A custom file shadows a built-in of the
/// same id, as in [`load`].
pub fn catalog(paths: &Paths) -> Result<Vec<(Connector, Origin)>> {
    let custom_ids = ids(paths)?;
    let mut all = Vec::with_capacity(builtin::BUILTINS.len() + custom_ids.len());
    for id in &custom_ids {
        all.push(load_with_origin(paths, id)?);
    }
    for (id, text) in builtin::BUILTINS {
        if !custom_ids.iter().any(|c| c == id) {
            let parsed = connector::parse(text, &builtin::display_path(id))?;
            all.push((parsed, Origin::Builtin));
        }
    }
    all.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    Ok(all)
}

/// Stores `text` (already parsed and validated into `connector`) as a custom connector.
/// Returns whether a previous definition was replaced.
pub fn save(paths: &Paths, lock: &StateLock, connector: &Connector, text: &str) -> Result<bool> {
    refuse_builtin_id(&connector.id)?;
    let path = path(paths, &connector.id);
    let replaced = path.exists();
    let mut txn = Transaction::new();
    txn.write(path, text.as_bytes().to_vec());
    txn.commit(paths, lock)?;
    Ok(replaced)
}

/// A custom connector may not take a built-in's id: `load` would then resolve the id to
/// something other than what the catalog documents.
fn refuse_builtin_id(id: &str) -> std::result::Result<(), StoreError> {
    if builtin::is_builtin(id) {
        return Err(StoreError::BuiltinConnectorId { id: id.to_owned() });
    }
    Ok(())
}

/// Removes the custom connector `id`, refusing while a connection uses it.
pub fn delete(paths: &Paths, lock: &StateLock, id: &str) -> Result<()> {
    validate_id("connector id", id)?;
    let path = path(paths, id);
    if !path.exists() {
        if builtin::is_builtin(id) {
            return Err(StoreError::BuiltinConnectorDelete { id: id.to_owned() }.into());
        }
        return Err(unknown(paths, id).into());
    }
    let users = users(paths, id)?;
    if !users.is_empty() {
        return Err(StoreError::ConnectorInUse {
            id: id.to_owned(),
            users,
        }
        .into());
    }
    let mut txn = Transaction::new();
    txn.remove(path);
    txn.commit(paths, lock)
}

/// The fields of a connection file this module needs; everything else is ignored.
#[derive(Debug, Deserialize)]
struct ConnectionRef {
    connector: Option<String>,
    link_name: Option<String>,
}

/// The link names of the connections that use connector `id`, sorted. Connection files that
/// cannot be read as TOML are skipped: they belong to another module, which reports them; one
/// that is refused (an altered or hostile file) is not.
pub fn users(paths: &Paths, id: &str) -> Result<Vec<String>> {
    let dir = paths.connections_dir();
    let mut users = Vec::new();
    for stem in file::list_stems(&dir)? {
        let connection = match file::read::<ConnectionRef>(&dir.join(format!("{stem}.toml"))) {
            Ok(Some(connection)) => connection,
            Ok(None) | Err(crate::error::Error::Store(StoreError::Damaged { .. })) => continue,
            Err(e) => return Err(e),
        };
        if connection.connector.as_deref() == Some(id) {
            users.push(connection.link_name.unwrap_or(stem));
        }
    }
    users.sort();
    Ok(users)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::connector::AuthType;
    use crate::error::Error;

    const OAUTH: &str = "id = \"acme\"\nname = \"Acme\"\nauth = \"oauth2\"\n\n[oauth2]\nauthorization_url = \"https://auth.acme.example/authorize\"\ntoken_url = \"https://auth.acme.example/token\"\n";

    #[test]
    fn load_prefers_custom_files_and_suggests_on_typos() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let (github, origin) = load_with_origin(&paths, "github").unwrap();
        assert_eq!(
            (github.auth.kind(), origin),
            (AuthType::OAuth2, Origin::Builtin)
        );
        match load(&paths, "githb").unwrap_err() {
            Error::Connector(ConnectorError::Unknown { suggestion, .. }) => {
                assert_eq!(suggestion.as_deref(), Some("github"));
            }
            other => panic!("{other}"),
        }
        assert!(matches!(
            load(&paths, "../x").unwrap_err(),
            Error::Connector(ConnectorError::Unknown { .. })
        ));

        let acme = connector::parse(OAUTH, Path::new("t.toml")).unwrap();
        let lock = StateLock::acquire(&paths).unwrap();
        assert!(!save(&paths, &lock, &acme, OAUTH).unwrap());
        assert!(
            save(&paths, &lock, &acme, OAUTH).unwrap(),
            "second save replaces"
        );
        assert_eq!(
            load_with_origin(&paths, "acme").unwrap(),
            (acme, Origin::Custom)
        );
        let all = catalog(&paths).unwrap();
        assert!(all.windows(2).all(|w| w[0].0.id < w[1].0.id));
        assert_eq!(all.len(), builtin::BUILTINS.len() + 1);

        // a file whose id does not match its name is reported, not silently used
        std::fs::write(paths.connectors_dir().join("other.toml"), OAUTH).unwrap();
        let err = load(&paths, "other").unwrap_err();
        assert!(err.to_string().contains("its id is `acme`"), "{err}");
    }
}
