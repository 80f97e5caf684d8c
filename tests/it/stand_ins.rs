//! Built-in connectors of providers with quirks, connected with one `connection create …
//! --authorize` each against local stand-ins: the built-in file as shipped, with only its hosts
//! pointed at the test server (tests/oidc/server.js) and its scopes replaced by the server's.
//! What is exercised is the connector's own shape: Zoho's data-centre choice, token scheme and
//! returned API domain; Salesforce's instance URL; Notion's version header and JSON revocation;
//! Datadog's two keys and site; a Google service account's signed assertion.

use std::path::Path;

use tether::connector::{self, Connector};

use crate::common::oidc::{self, OidcServer, with_browser};
use crate::common::{Home, stderr, stdout};

/// The built-in `id` as a custom connector `ID-local` whose endpoints are `server`'s: every
/// URL keeps its path, and templates the provider fills in (`{api_domain}`) stay.
fn stand_in(server: &OidcServer, id: &str) -> Connector {
    let text = connector::builtin::source(id).unwrap();
    let mut c = connector::parse(text, Path::new(id)).unwrap();
    c.id = format!("{id}-local");
    c.base_url = c.base_url.map(|url| on_server(server, &url));
    if let Some(o) = c.oauth2_mut() {
        // An assertion's audience is the provider's token endpoint: here, the server's.
        if let Some(jwt) = &mut o.jwt {
            for value in jwt.claims.values_mut() {
                if *value == o.token_url {
                    *value = server.url("/token");
                }
            }
        }
        o.issuer = None;
        o.authorization_url = o.authorization_url.as_ref().map(|_| server.url("/auth"));
        o.token_url = server.url("/token");
        o.device_authorization_url = None;
        o.revocation_url = o
            .revocation_url
            .as_ref()
            .map(|_| server.url("/token/revocation"));
        if let Some(r) = &mut o.revocation {
            r.url = server.url("/revoke/json");
        }
        o.scopes = vec!["offline_access".into(), "files.read".into()];
        o.default_scopes = o.scopes.clone();
        o.scope_descriptions.clear();
        o.scope_separator = " ".into();
        o.redirect_host = "127.0.0.1".into();
        o.redirect_port = 0;
        // The test server hands out refresh tokens only with consent asked for.
        o.authorization_params
            .insert("prompt".into(), "consent".into());
    }
    c
}

/// `url` on the server: a fixed `https://host` is replaced, a leading `{placeholder}` the
/// provider fills in is kept.
fn on_server(server: &OidcServer, url: &str) -> String {
    let Some(rest) = url.strip_prefix("https://") else {
        return url.to_owned();
    };
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    server.url(path)
}

fn import(home: &Home, c: &Connector) {
    home.import_connector(&format!("{}.toml", c.id), &connector::to_toml(c).unwrap())
        .success();
}

fn configure(home: &Home, id: &str, client: &str, secret: &str) {
    home.cmd()
        .args(["connector", "configure", id, "--client-id", client])
        .args(["--client-secret", "@-"])
        .write_stdin(secret)
        .assert()
        .success();
}

#[test]
fn zoho_crm_in_the_eu_data_centre() {
    let server = OidcServer::start();
    let home = Home::new();
    let zoho = stand_in(&server, "zoho-crm");
    assert_eq!(zoho.base_url.as_deref(), Some("{api_domain}/crm/v8"));
    import(&home, &zoho);
    configure(
        &home,
        "zoho-crm-local",
        oidc::CONFIDENTIAL_POST,
        oidc::CONFIDENTIAL_POST_SECRET,
    );
    // A data centre Zoho does not have is refused with the list, before anything is asked.
    let refused = home
        .run(&[
            "--no-input",
            "connection",
            "create",
            "crm",
            "--connector",
            "zoho-crm-local",
            "--param",
            "dc=zoho.de",
        ])
        .code(2);
    assert!(stderr(&refused).contains("zoho.eu"), "{}", stderr(&refused));

    with_browser(&home, "browser.log")
        .args([
            "connection",
            "create",
            "crm",
            "--connector",
            "zoho-crm-local",
        ])
        .args(["--param", "dc=zoho.eu", "--authorize", "--account", "alice"])
        .args(["--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    // `{api_domain}` came back with the token; the API wants Zoho's own token scheme.
    let me = home.json(&["invoke", "crm", "GET", "/api/scheme/me", "--fail"]);
    assert_eq!(me["sub"], "alice");
    let token = stdout(&home.run(&["token", "crm"]).success());
    assert_eq!(
        stdout(&home.run(&["header", "crm"]).success()),
        format!("Authorization: Zoho-oauthtoken {token}")
    );
    let details = home.json(&["connection", "details", "crm", "--json"]);
    assert_eq!(details["params"]["dc"], "zoho.eu", "{details}");
}

#[test]
fn salesforce_with_its_instance_url() {
    let server = OidcServer::start();
    let home = Home::new();
    import(&home, &stand_in(&server, "salesforce"));
    configure(
        &home,
        "salesforce-local",
        oidc::CONFIDENTIAL_POST,
        oidc::CONFIDENTIAL_POST_SECRET,
    );
    with_browser(&home, "browser.log")
        .args([
            "connection",
            "create",
            "sf",
            "--connector",
            "salesforce-local",
        ])
        .args(["--authorize", "--account", "alice", "--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    // `{instance_url}/services/data` + `/api/me`: the instance URL the token response named.
    let me = home.json(&["invoke", "sf", "GET", "/api/me", "--fail"]);
    assert_eq!(me["sub"], "alice");
    let env = home
        .run(&["exec", "sf", "--", "sh", "-c", "echo $SF_ORG_INSTANCE_URL"])
        .success();
    assert_eq!(stdout(&env), format!("{}\n", server.url("")));
}

#[test]
fn notion_with_its_version_header_and_json_revocation() {
    // Notion does not use PKCE; the stand-in is told not to require it.
    let server = OidcServer::start_with(&[("OIDC_PKCE_CONFIDENTIAL", "0")]);
    let home = Home::new();
    import(&home, &stand_in(&server, "notion"));
    configure(
        &home,
        "notion-local",
        oidc::CONFIDENTIAL,
        oidc::CONFIDENTIAL_SECRET,
    );
    with_browser(&home, "browser.log")
        .args([
            "connection",
            "create",
            "notion",
            "--connector",
            "notion-local",
        ])
        .args(["--authorize", "--account", "alice", "--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    let me = home.json(&["invoke", "notion", "GET", "/api/versioned/me", "--fail"]);
    assert_eq!(me["sub"], "alice");
    let headers = stdout(&home.run(&["header", "notion", "--all"]).success());
    assert!(
        headers.ends_with("\nNotion-Version: 2025-09-03\n"),
        "{headers}"
    );

    home.run(&["connection", "delete", "notion", "--yes"])
        .success();
    let revocations = server.stats()["json_revocations"].clone();
    let revocations = revocations.as_array().unwrap();
    assert!(!revocations.is_empty(), "revoked at the JSON endpoint");
    assert!(
        revocations
            .iter()
            .all(|r| r["auth"] == "basic" && r["content_type"] == "application/json"),
        "{revocations:?}"
    );
}

#[test]
fn datadog_with_both_keys_on_the_eu_site() {
    let server = OidcServer::start();
    let home = Home::new();
    let datadog = stand_in(&server, "datadog");
    import(&home, &datadog);
    home.cmd()
        .env("DD_KEY", "test-api-key-1")
        .env("DD_APP", "test-app-key-2")
        .args(["--no-input", "connection", "create", "dd"])
        .args([
            "--connector",
            "datadog-local",
            "--param",
            "site=datadoghq.eu",
        ])
        .args(["--authorize", "--account", "ops"])
        .args([
            "--param",
            "api_key=env:DD_KEY",
            "--param",
            "app_key=env:DD_APP",
        ])
        .assert()
        .success();
    let me = home.json(&["invoke", "dd", "GET", "/keys/me", "--fail"]);
    assert_eq!(me["keys"], 2);
    let env = home
        .run(&[
            "exec",
            "dd",
            "--no-mask",
            "--",
            "sh",
            "-c",
            "echo $DD_API_KEY",
        ])
        .success();
    assert_eq!(stdout(&env), "test-api-key-1\n");
}

#[test]
fn a_google_service_account_with_its_json_key_file() {
    let server = OidcServer::start();
    let home = Home::new();
    import(&home, &stand_in(&server, "google-service-account"));
    let key = format!(
        "private_key=@{}",
        crate::common::fixture("jwt/service-account.json")
    );
    home.run(&[
        "--no-input",
        "connection",
        "create",
        "gcp",
        "--connector",
        "google-service-account-local",
        "--authorize",
        "--account",
        "robot",
        "--param",
        &key,
    ])
    .success();
    let log = server.stats()["token_log"].clone();
    let assertion = &log.as_array().unwrap()[0]["jwt"];
    assert_eq!(
        assertion["iss"], "tether-test@tether-tests.iam.gserviceaccount.com",
        "the key file named the account: {log}"
    );
    assert_eq!(assertion["alg"], "RS256");
    let me = home.json(&["invoke", "gcp", "GET", "/api/me", "--fail"]);
    assert_eq!(
        me["sub"],
        "tether-test@tether-tests.iam.gserviceaccount.com"
    );
    let env = home
        .run(&[
            "exec",
            "gcp",
            "--",
            "sh",
            "-c",
            "test -n \"$GOOGLE_OAUTH_ACCESS_TOKEN\" && echo set",
        ])
        .success();
    assert_eq!(stdout(&env), "set\n");
}
