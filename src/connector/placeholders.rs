//! The meaning of the placeholders tether provides: which of them are inputs a person
//! supplies, and how a connector's credential is applied, in words.
//!
//! `{username}` and `{password}` used in `[basic]` without a declared param, and `{api_key}`
//! used anywhere in an api-key connector without one, are inputs like any param; [`super::parse`]
//! adds them to `params`, so everything downstream sees one list of what to ask for.

use super::model::{Auth, CLIENT_ID, Connector, Param, Placement};
use super::template;
use crate::error::Result;

/// The params a connector's templates imply but do not declare.
pub(crate) fn implicit_params(c: &Connector) -> Vec<Param> {
    let (candidates, templates): (&[(&str, &str, bool)], Vec<&str>) = match &c.auth {
        // In [env], `{username}` means the rendered username, so only [basic] implies inputs.
        Auth::Basic(b) => (
            &[
                ("username", "Username", false),
                ("password", "Password", true),
            ],
            vec![b.username.as_str(), b.password.as_str()],
        ),
        Auth::ApiKey(a) => (
            &[("api_key", "API key", true)],
            a.placements
                .iter()
                .map(|p| p.value.as_str())
                .chain(c.env.values().map(String::as_str))
                .chain(c.headers.values().map(String::as_str))
                .chain(c.query.values().map(String::as_str))
                .collect(),
        ),
        Auth::OAuth2(_) => (&[], Vec::new()),
    };
    let used: Vec<String> = templates
        .iter()
        .flat_map(|t| template::placeholders(t))
        .collect();
    candidates
        .iter()
        .filter(|(name, _, _)| used.iter().any(|u| u == name) && c.param(name).is_none())
        .map(|&(name, label, secret)| Param {
            name: name.to_owned(),
            label: Some(label.to_owned()),
            secret,
            connection: false,
            default: None,
            required: true,
            choices: Vec::new(),
        })
        .collect()
}

impl Connector {
    /// How the credential is applied to a request, for people:
    /// ``header `Authorization: Bearer {api_key}` ``.
    #[must_use]
    pub fn applied(&self) -> String {
        match &self.auth {
            Auth::Basic(b) => format!(
                "HTTP Basic (Authorization: Basic base64 of username:password) with username `{}` and password `{}`",
                b.username, b.password
            ),
            Auth::ApiKey(a) => a
                .placements
                .iter()
                .map(|p| match p.placement {
                    Placement::Header => format!("header `{}: {}`", p.name, p.value),
                    Placement::Query => format!("query parameter `{}={}`", p.name, p.value),
                })
                .collect::<Vec<_>>()
                .join(" and "),
            Auth::OAuth2(o) => match (&o.token_query, &o.token_header, &o.token_value) {
                (Some(query), _, _) => format!("query parameter `{query}={{access_token}}`"),
                (None, header, value) => format!(
                    "header `{}: {}`",
                    header.as_deref().unwrap_or("Authorization"),
                    value.as_deref().unwrap_or("Bearer {access_token}")
                ),
            },
        }
    }
}

impl Connector {
    /// This connector with the placeholders of its OAuth2 endpoints, `issuer` and extra
    /// parameters filled in from a connection's params (`lookup`), e.g. the `{tenant}` of
    /// `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`. URL values go through
    /// [`template::render_url`], so a param can only fill the part of a URL it stands for.
    pub fn with_params(&self, lookup: impl Fn(&str) -> Option<String>) -> Result<Connector> {
        let mut filled = self.clone();
        let Some(o) = filled.oauth2_mut() else {
            return Ok(filled);
        };
        o.token_url = template::render_url(&o.token_url, &lookup)?;
        for url in [
            &mut o.authorization_url,
            &mut o.device_authorization_url,
            &mut o.revocation_url,
            &mut o.issuer,
        ]
        .into_iter()
        .flatten()
        {
            *url = template::render_url(url, &lookup)?;
        }
        if let Some(r) = &mut o.revocation {
            // `{client_id}` stays for the provider, which knows the client app.
            let keep_client_id = |name: &str| {
                lookup(name).or_else(|| (name == CLIENT_ID).then(|| format!("{{{CLIENT_ID}}}")))
            };
            r.url = template::render_url(&r.url, keep_client_id)?;
        }
        for value in o
            .authorization_params
            .values_mut()
            .chain(o.token_params.values_mut())
        {
            *value = template::render(value, &lookup)?;
        }
        Ok(filled)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn with_params_fills_the_oauth2_endpoints() {
        let text = crate::connector::builtin::source("microsoft-graph").unwrap();
        let c = super::super::parse(text, Path::new("microsoft-graph.toml")).unwrap();
        let lookup =
            |tenant: &'static str| move |name: &str| (name == "tenant").then(|| tenant.to_owned());
        let filled = c.with_params(lookup("contoso.onmicrosoft.com")).unwrap();
        let o = filled.oauth2().unwrap().clone();
        assert_eq!(
            o.token_url,
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
        );
        assert_eq!(
            o.authorization_url.as_deref(),
            Some("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize")
        );
        assert!(
            o.device_authorization_url
                .unwrap()
                .contains("/contoso.onmicrosoft.com/")
        );
        // A value cannot move the endpoints to another host.
        assert_eq!(
            c.with_params(lookup("x@evil.example/"))
                .unwrap_err()
                .exit_code(),
            2
        );
        // A missing param is named.
        let err = c.with_params(|_| None).unwrap_err();
        assert!(err.to_string().contains("{tenant}"), "{err}");
    }

    #[test]
    fn undeclared_builtin_placeholders_become_params() {
        let text = "id = \"k\"\nname = \"K\"\nauth = \"api-key\"\n[api_key]\nplacement = \"header\"\nname = \"X-Key\"\nvalue = \"{api_key}\"\n";
        let c = super::super::parse(text, Path::new("k.toml")).unwrap();
        assert_eq!(c.params.len(), 1);
        assert_eq!(c.params[0].name, "api_key");
        assert!(c.params[0].secret);

        let text = "id = \"b\"\nname = \"B\"\nauth = \"basic\"\n[basic]\nusername = \"{username}\"\npassword = \"{password}\"\n";
        let c = super::super::parse(text, Path::new("b.toml")).unwrap();
        let names: Vec<_> = c
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.secret))
            .collect();
        assert_eq!(names, [("username", false), ("password", true)]);
        // the result is stable: parsing its TOML again adds nothing
        let again =
            super::super::parse(&super::super::to_toml(&c).unwrap(), Path::new("b.toml")).unwrap();
        assert_eq!(again, c);
    }
}
