//! Connectors: the definition format, validation, the built-in catalog and custom ones on disk.
//!
//! Guarantees: every connector handed out has passed [`parse`]'s validation; looking one up by
//! id parses only that one (the `token` hot path); an invalid file is reported with its path,
//! line and column.

pub mod builtin;
pub mod client;
pub mod custom;
mod env_table;
mod file;
mod id;
mod model;
mod placeholders;
mod position;
pub mod template;
mod validate;

use std::path::Path;

use serde::Serialize;

pub use client::{ClientApp, ClientSource, client};
pub use file::ConnectorFile;
pub use id::validate_id;
pub use model::*;

use crate::error::{Error, Result, closest};
use crate::paths::Paths;

/// Where a connector comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Shipped inside the binary.
    Builtin,
    /// Imported by the person, stored under `connectors/`.
    Custom,
}

impl Origin {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Builtin => "builtin",
            Self::Custom => "custom",
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses and validates a connector definition. `origin_path` is only used in messages.
pub fn parse(text: &str, origin_path: &Path) -> Result<Connector> {
    let file: ConnectorFile = toml::from_str(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map_or((1, 1), |span| position::line_column(text, span.start));
        Error::ConnectorFile {
            path: origin_path.to_path_buf(),
            line,
            column,
            message: toml_message(&e),
        }
    })?;
    validate::check(&file).map_err(|problem| {
        let (line, column) = position::locate(text, &problem.path);
        Error::ConnectorFile {
            path: origin_path.to_path_buf(),
            line,
            column,
            message: problem.message,
        }
    })?;
    let mut connector = Connector::try_from(file).map_err(Error::Internal)?;
    let implicit = placeholders::implicit_params(&connector);
    connector.params.extend(implicit);
    Ok(connector)
}

/// toml's message, on one line, with what is expected when toml does not say.
fn toml_message(e: &toml::de::Error) -> String {
    let message = e.message().trim().replace('\n', "; ");
    if message.starts_with("missing field") {
        format!("{message}; add it")
    } else {
        message
    }
}

/// A connector as TOML that [`parse`] reads back to the same value.
pub fn to_toml(c: &Connector) -> Result<String> {
    toml::to_string(c)
        .map_err(|e| Error::Internal(format!("cannot encode connector `{}` as TOML: {e}", c.id)))
}

/// The error for an id that is neither custom nor built-in, with the closest known id.
pub(crate) fn unknown(paths: &Paths, id: &str) -> Error {
    let custom = custom::ids(paths).unwrap_or_default();
    let mut candidates: Vec<&str> = builtin::ids().collect();
    candidates.extend(custom.iter().map(String::as_str));
    Error::UnknownConnector {
        id: id.to_owned(),
        suggestion: closest(&id.to_ascii_lowercase(), candidates),
    }
}

/// One connector by id: the custom file `connectors/<id>.toml` if present, else the built-in.
/// Only that one definition is read and parsed.
pub fn load(paths: &Paths, id: &str) -> Result<Connector> {
    load_with_origin(paths, id).map(|(connector, _)| connector)
}

/// Like [`load`], and says where the connector came from.
pub fn load_with_origin(paths: &Paths, id: &str) -> Result<(Connector, Origin)> {
    let (text, path, origin) = source(paths, id)?;
    let connector = parse(&text, &path)?;
    if connector.id != id {
        let (line, column) = position::locate(&text, &position::key_path!["id"]);
        return Err(Error::ConnectorFile {
            path,
            line,
            column,
            message: format!(
                "the file is named for connector `{id}` but its id is `{}`; make `id` match the file name",
                connector.id
            ),
        });
    }
    Ok((connector, origin))
}

/// The TOML text of connector `id` as stored (custom) or embedded (built-in), with the path
/// used in messages and its origin. `connector export` prints this text.
pub fn source(paths: &Paths, id: &str) -> Result<(String, std::path::PathBuf, Origin)> {
    if validate_id("connector id", id).is_err() {
        return Err(unknown(paths, id));
    }
    let path = custom::file(paths, id);
    if let Some(text) = custom::read(&path)? {
        return Ok((text, path, Origin::Custom));
    }
    match builtin::source(id) {
        Some(text) => Ok((text.to_owned(), builtin::display_path(id), Origin::Builtin)),
        None => Err(unknown(paths, id)),
    }
}

/// Every connector, built-in and custom, sorted by id. A custom file shadows a built-in of the
/// same id, as in [`load`].
pub fn catalog(paths: &Paths) -> Result<Vec<(Connector, Origin)>> {
    let custom_ids = custom::ids(paths)?;
    let mut all = Vec::with_capacity(builtin::BUILTINS.len() + custom_ids.len());
    for id in &custom_ids {
        all.push(load_with_origin(paths, id)?);
    }
    for (id, text) in builtin::BUILTINS {
        if !custom_ids.iter().any(|c| c == id) {
            all.push((parse(text, &builtin::display_path(id))?, Origin::Builtin));
        }
    }
    all.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    Ok(all)
}

#[cfg(test)]
mod tests;
