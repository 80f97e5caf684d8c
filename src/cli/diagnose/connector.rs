//! What to tell the user about a connector error.

use super::Diagnosis;
use crate::connector::ConnectorError;

pub(super) fn connector(error: &ConnectorError) -> Diagnosis {
    let message = error.to_string();
    match error {
        ConnectorError::File { .. } => Diagnosis::new("connector_file", 2, message)
            .hint("fix the connector file and import it again; nothing was stored"),
        ConnectorError::Unknown { .. } => Diagnosis::new("unknown_connector", 2, message)
            .hint("run `tether connector list` to see the connectors"),
        ConnectorError::InvalidName { .. } => Diagnosis::new("invalid_name", 2, message).hint(
            "use 1 to 63 characters of a-z, 0-9 and `-`, starting with a letter or digit",
        ),
        ConnectorError::NotOAuth2 { .. } => Diagnosis::new("not_oauth2", 2, message).hint(
            "configure a client only for oauth2 connectors (see `tether connector list --auth oauth2`)",
        ),
        ConnectorError::NoClientApp { id } => Diagnosis::new("no_client_app", 2, message).hint(
            format!(
                "none is needed: `tether connection create LINK --connector {id} --authorize` with the params `tether connector show {id}` lists (the private key among them)"
            ),
        ),
        ConnectorError::MalformedTemplate { .. } => {
            Diagnosis::new("malformed_template", 2, message)
                .hint("fix the connector definition and import it again")
        }
        ConnectorError::NoValue { name, .. } => Diagnosis::new("no_value", 2, message).hint(
            format!(
                "supply it (for a param: --param {name}=VALUE), or fix the connector's template"
            ),
        ),
        ConnectorError::UnsafeUrlValue { name, .. } => {
            Diagnosis::new("unsafe_url_value", 2, message).hint(format!(
                "set `{name}` to a plain host name or name (e.g. --param {name}=acme)"
            ))
        }
        ConnectorError::NotARegistry { .. } => Diagnosis::new("not_a_registry", 2, message)
            .hint("set the connection's params to plain host names (`tether connection details LINK` shows them), or fix the connector's [docker] registries"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_errors_keep_their_position_and_hint() {
        let d = connector(&ConnectorError::File {
            path: "acme.toml".into(),
            line: 3,
            column: 7,
            message: "unknown field `tokenurl`".into(),
        });
        assert_eq!((d.code, d.exit), ("connector_file", 2));
        assert_eq!(d.message, "acme.toml:3:7: unknown field `tokenurl`");
        assert_eq!(
            d.hint.as_deref(),
            Some("fix the connector file and import it again; nothing was stored")
        );
        let d = connector(&ConnectorError::Unknown {
            id: "githb".into(),
            suggestion: Some("github".into()),
        });
        assert_eq!(
            d.message,
            "unknown connector `githb`; did you mean `github`?"
        );
    }
}
