//! The built-in catalog, checked whole: every embedded connector loads through the library and
//! obeys the rules people rely on (https endpoints, declared placeholders, consistent scopes,
//! usable variable names), and `connector list` finds services by text and auth type.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::{Home, stdout};
use tether::connector::{self, Auth, AuthType, Connector, Grant, builtin, template};
use tether::paths::Paths;

/// Every built-in, loaded by id the way `token` and `invoke` load them.
fn all() -> Vec<Connector> {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    builtin::ids()
        .map(|id| {
            tether::store::connectors::load(&paths, id).unwrap_or_else(|e| panic!("{id}: {e}"))
        })
        .collect()
}

/// The built-in TOML files on disk, by file stem.
fn files() -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/connector/builtin");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| {
            let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
            (stem, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Where a template appears, which decides what it may refer to.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Url,
    Credential,
    Env,
}

/// The placeholders of `text` that `c` does not provide at `place`.
fn undeclared(c: &Connector, text: &str, place: Place) -> Vec<String> {
    template::placeholders(text)
        .into_iter()
        .filter(|name| {
            if let Some(param) = c.param(name) {
                // URLs are printed: they may only use non-secret params.
                return place == Place::Url && param.secret;
            }
            if c.oauth2().is_some_and(|o| o.capture.contains_key(name)) {
                return false;
            }
            let provided = match c.auth.kind() {
                AuthType::OAuth2 => place == Place::Env && name == "access_token",
                AuthType::Basic => {
                    place != Place::Url && (name == "username" || name == "password")
                }
                AuthType::ApiKey => place != Place::Url && name == "api_key",
            };
            !provided
        })
        .collect()
}

/// Every template of a connector with where it appears: (key, text, place).
fn templates(c: &Connector) -> Vec<(String, String, Place)> {
    let mut out = Vec::new();
    let mut url = |key: &str, value: &Option<String>| {
        if let Some(value) = value {
            out.push((key.to_owned(), value.clone(), Place::Url));
        }
    };
    url("base_url", &c.base_url);
    if let Some(o) = c.oauth2() {
        url("oauth2.issuer", &o.issuer);
        url("oauth2.authorization_url", &o.authorization_url);
        url("oauth2.token_url", &Some(o.token_url.clone()));
        url(
            "oauth2.device_authorization_url",
            &o.device_authorization_url,
        );
        url("oauth2.revocation_url", &o.revocation_url);
        // `{client_id}` there is the client app's, filled in when revoking.
        url(
            "oauth2.revocation.url",
            &o.revocation
                .as_ref()
                .map(|r| r.url.replace("{client_id}", "CLIENT_ID")),
        );
        for (k, v) in o.authorization_params.iter().chain(&o.token_params) {
            out.push((format!("oauth2 param {k}"), v.clone(), Place::Url));
        }
    }
    if let Auth::Basic(b) = &c.auth {
        out.push((
            "basic.username".into(),
            b.username.clone(),
            Place::Credential,
        ));
        out.push((
            "basic.password".into(),
            b.password.clone(),
            Place::Credential,
        ));
    }
    if let Auth::ApiKey(a) = &c.auth {
        for p in &a.placements {
            out.push((
                format!("api_key {}", p.name),
                p.value.clone(),
                Place::Credential,
            ));
        }
    }
    for (k, v) in &c.headers {
        out.push((format!("headers.{k}"), v.clone(), Place::Credential));
    }
    for (k, v) in &c.query {
        out.push((format!("query.{k}"), v.clone(), Place::Credential));
    }
    for (k, v) in &c.env {
        out.push((format!("env.{k}"), v.clone(), Place::Env));
    }
    out
}

/// The endpoints of a connector that must be https: (key, URL).
fn endpoints(c: &Connector) -> Vec<(&'static str, &str)> {
    let mut out = Vec::new();
    out.extend(c.base_url.as_deref().map(|u| ("base_url", u)));
    out.extend(c.docs.as_deref().map(|u| ("docs", u)));
    if let Some(o) = c.oauth2() {
        out.extend(o.issuer.as_deref().map(|u| ("issuer", u)));
        out.extend(
            o.authorization_url
                .as_deref()
                .map(|u| ("authorization_url", u)),
        );
        out.push(("token_url", o.token_url.as_str()));
        out.extend(
            o.device_authorization_url
                .as_deref()
                .map(|u| ("device_authorization_url", u)),
        );
        out.extend(o.revocation_url.as_deref().map(|u| ("revocation_url", u)));
        out.extend(
            o.revocation
                .as_ref()
                .map(|r| ("revocation.url", r.url.as_str())),
        );
    }
    out
}

#[test]
fn every_builtin_is_valid_and_consistent() {
    let connectors = all();
    assert!(
        connectors.len() >= 200,
        "the catalog has {} connectors; at least 200 are expected",
        connectors.len()
    );

    let ids: Vec<&str> = builtin::ids().collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "built-in ids must be unique");

    let mut by_auth: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut problems = Vec::new();
    for c in &connectors {
        let id = c.id.as_str();
        by_auth.entry(c.auth.to_string()).or_default().push(id);
        let mut fail = |what: String| problems.push(format!("{id}: {what}"));

        if c.description.as_deref().is_none_or(|d| d.trim().is_empty()) {
            fail("has no description".into());
        }
        if c.docs.is_none() {
            fail("links no docs".into());
        }
        if c.verified.is_none() {
            fail("has no `verified` month: check it against the provider's documentation".into());
        }
        for (key, url) in endpoints(c) {
            // A leading placeholder (a captured instance URL, a server's address) must be an
            // https origin when filled in; the template checks that at run time.
            if !url.starts_with("https://") && !url.starts_with('{') {
                fail(format!("{key} `{url}` is not https://"));
            }
        }
        for (key, text, place) in templates(c) {
            for name in undeclared(c, &text, place) {
                fail(format!(
                    "{key} uses `{{{name}}}`, which is not declared there"
                ));
            }
        }
        for name in c.env.keys() {
            if !is_env_name(name) {
                fail(format!("env name `{name}` is not [A-Z_][A-Z0-9_]*"));
            }
        }
        for p in &c.params {
            if p.secret && p.connection {
                fail(format!("param `{}` is both secret and connection", p.name));
            }
        }
        match c.auth.kind() {
            AuthType::Basic | AuthType::ApiKey => {
                if !c.params.iter().any(|p| p.secret) {
                    fail("asks for no secret".into());
                }
            }
            AuthType::OAuth2 => {}
        }
        if let Some(o) = c.oauth2() {
            if o.grant == Grant::AuthorizationCode && o.authorization_url.is_none() {
                fail("authorization_code grant without authorization_url".into());
            }
            if ![" ", ",", "+"].contains(&o.scope_separator.as_str()) {
                fail(format!("scope_separator `{}`", o.scope_separator));
            }
            for s in &o.default_scopes {
                if !o.scopes.contains(s) {
                    fail(format!("default scope `{s}` is not in scopes"));
                }
            }
            for s in &o.scopes {
                if o.scope_descriptions
                    .get(s)
                    .is_none_or(|d| d.trim().is_empty())
                {
                    fail(format!("scope `{s}` has no description"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    eprintln!("built-in connectors: {}", connectors.len());
    for (auth, ids) in &by_auth {
        eprintln!("  {auth}: {} ({})", ids.len(), ids.join(", "));
    }
}

#[test]
fn files_and_table_agree() {
    let files = files();
    let table: BTreeSet<String> = builtin::ids().map(str::to_owned).collect();
    let on_disk: BTreeSet<String> = files.keys().cloned().collect();
    assert_eq!(
        table, on_disk,
        "every builtin/*.toml needs a line in BUILTINS and every line a file"
    );
    for (stem, text) in &files {
        let c = connector::parse(text, Path::new(stem)).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert_eq!(&c.id, stem, "{stem}.toml must declare id = \"{stem}\"");
        assert_eq!(
            builtin::source(stem),
            Some(text.as_str()),
            "{stem} embedded"
        );
    }
}

#[test]
fn the_services_people_ask_for_first_are_there() {
    for id in [
        "github",
        "gitlab",
        "bitbucket",
        "google-drive",
        "google-gmail",
        "google-calendar",
        "google-sheets",
        "microsoft-graph",
        "slack",
        "discord",
        "zoom",
        "dropbox",
        "box",
        "notion",
        "atlassian-jira",
        "atlassian-jira-oauth",
        "atlassian-confluence",
        "atlassian-confluence-oauth",
        "salesforce",
        "hubspot",
        "zoho-crm",
        "zendesk",
        "intercom",
        "linear",
        "asana",
        "clickup",
        "monday",
        "airtable",
        "figma",
        "spotify",
        "linkedin",
        "x",
        "stripe",
        "twilio",
        "sendgrid",
        "mailchimp",
        "openai",
        "anthropic",
        "datadog",
        "pagerduty",
        "shopify",
        "quickbooks",
        "xero",
        "docusign",
        "okta",
        "auth0",
        "openweather",
        "zoho-books",
        "zoho-desk",
        "zoho-mail",
        "zoho-projects",
        "zoho-people",
        "zoho-creator",
        "zoho-workdrive",
        "zoho-invoice",
        "zoho-sign",
        "zoho-analytics",
        "zoom-server-to-server",
        "square",
        "notion-token",
    ] {
        assert!(builtin::is_builtin(id), "{id} is missing from the catalog");
    }
    let home = tempfile::tempdir().unwrap();
    let auth0 = tether::store::connectors::load(&Paths::under(home.path()), "auth0").unwrap();
    let o = auth0.oauth2().unwrap();
    assert_eq!(o.grant, Grant::ClientCredentials);
    assert!(o.token_params.contains_key("audience"));
}

fn ids_of(json: &str) -> Vec<(String, String)> {
    let rows: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
    rows.iter()
        .map(|row| {
            (
                row["id"].as_str().unwrap().to_owned(),
                row["auth"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn list_finds_mail_services_and_filters_by_auth() {
    let home = Home::new();
    let mail = ids_of(&stdout(
        &home
            .run(&["connector", "list", "--search", "mail", "--json"])
            .success(),
    ));
    let mail: Vec<&str> = mail.iter().map(|(id, _)| id.as_str()).collect();
    for expected in [
        "gmail",
        "sendgrid",
        "mailchimp",
        "mailgun",
        "postmark",
        "brevo",
    ] {
        assert!(
            mail.iter().any(|id| id.contains(expected)),
            "`--search mail` misses {expected}: {mail:?}"
        );
    }
    assert!(!mail.contains(&"spotify"), "{mail:?}");

    let by_auth = |auth: &str| {
        ids_of(&stdout(
            &home
                .run(&["connector", "list", "--auth", auth, "--json"])
                .success(),
        ))
    };
    let connectors = all();
    for auth in [AuthType::OAuth2, AuthType::ApiKey, AuthType::Basic] {
        let listed = by_auth(auth.as_str());
        assert!(
            listed.iter().all(|(_, a)| a == auth.as_str()),
            "--auth {auth} listed {listed:?}"
        );
        let expected = connectors.iter().filter(|c| c.auth.kind() == auth).count();
        assert_eq!(listed.len(), expected, "--auth {auth}");
    }
    let oauth2: Vec<String> = by_auth("oauth2").into_iter().map(|(id, _)| id).collect();
    assert!(oauth2.contains(&"github".to_owned()));
    assert!(!oauth2.contains(&"stripe".to_owned()));
}
