//! Connectors: the definition format, its validation and the built-in catalog. Custom ones on
//! disk are `store::connectors`.
//!
//! Guarantees: every connector handed out has passed [`parse`]'s validation; an invalid file
//! is reported with its path, line and column.

pub mod builtin;
pub mod docker;
mod env_table;
mod error;
mod file;
mod git_host;
mod id;
mod model;
mod placeholders;
pub(crate) mod position;
pub mod template;
mod validate;

use std::path::Path;

use serde::Serialize;

pub use docker::Docker;
pub use error::ConnectorError;
pub use file::ConnectorFile;
pub use git_host::host_problem;
pub use id::validate_id;
pub use model::*;

use crate::error::{Error, closest};
use position::key_path;

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
pub fn parse(text: &str, origin_path: &Path) -> Result<Connector, ConnectorError> {
    let at = |(line, column): (usize, usize), message: String| ConnectorError::File {
        path: origin_path.to_path_buf(),
        line,
        column,
        message,
    };
    let file: ConnectorFile = toml::from_str(text)
        .map_err(|e| at(position::of_toml_error(text, &e), toml_message(&e)))?;
    validate::check(&file)
        .map_err(|problem| at(position::locate(text, &problem.path), problem.message))?;
    let mut connector = Connector::try_from(file)
        .map_err(|message| at(position::locate(text, &key_path!["auth"]), message))?;
    let implicit = placeholders::implicit_params(&connector);
    connector.params.extend(implicit);
    Ok(connector)
}

/// Like [`parse`], and checks that the file stored as `<id>.toml` defines connector `id`.
pub fn parse_named(text: &str, origin_path: &Path, id: &str) -> Result<Connector, ConnectorError> {
    let connector = parse(text, origin_path)?;
    if connector.id != id {
        let (line, column) = position::locate(text, &key_path!["id"]);
        return Err(ConnectorError::File {
            path: origin_path.to_path_buf(),
            line,
            column,
            message: format!(
                "the file is named for connector `{id}` but its id is `{}`; make `id` match the file name",
                connector.id
            ),
        });
    }
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
pub fn to_toml(c: &Connector) -> crate::error::Result<String> {
    toml::to_string(c)
        .map_err(|e| Error::Internal(format!("cannot encode connector `{}` as TOML: {e}", c.id)))
}

/// The error for an id that is none of `known`, with the closest one.
pub fn unknown<'a>(id: &str, known: impl IntoIterator<Item = &'a str>) -> ConnectorError {
    ConnectorError::Unknown {
        id: id.to_owned(),
        suggestion: closest(&id.to_ascii_lowercase(), known),
    }
}

#[cfg(test)]
mod tests;
