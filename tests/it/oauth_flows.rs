//! Every OAuth flow of the library against a real authorization server (`oidc-provider`, see
//! `tests/oidc/server.js`), with `tests/oidc/browser` standing in for the person's browser.
//! Each test starts its own server, so counters and grants are its own.

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use crate::common::library;
use crate::common::oidc::{self, OidcServer, TestBrowser};
use crate::common::paste;
use tether::connector::Connector;
use tether::context::{Context, Verbosity};
use tether::error::{Error, Result};
use tether::oauth::{
    ClientApp, Flow, FlowOptions, OAuthError, Provider, RevokeOutcome, TokenStore, Tokens,
};
use tether::secret::Secret;
use time::OffsetDateTime;

fn ctx(dir: &Path) -> Context {
    // Verbose: the flows also report how long the code exchange took.
    library::context(dir, Verbosity::Verbose)
}

fn connector(server: &OidcServer, client_auth: &str) -> Connector {
    toml::from_str(&server.connector_toml("oidc", client_auth)).unwrap()
}

fn machine_connector(server: &OidcServer) -> Connector {
    let text = server.connector_toml("machine", "basic").replace(
        "grant = \"authorization_code\"",
        "grant = \"client_credentials\"",
    );
    toml::from_str(&text).unwrap()
}

fn public_client() -> ClientApp {
    ClientApp {
        id: oidc::NATIVE_PUBLIC.into(),
        secret: None,
    }
}

fn confidential_client() -> ClientApp {
    ClientApp {
        id: oidc::CONFIDENTIAL.into(),
        secret: Some(Secret::from(oidc::CONFIDENTIAL_SECRET)),
    }
}

fn scopes(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn opts(timeout_secs: u64) -> FlowOptions {
    FlowOptions {
        open_browser: true,
        port: None,
        timeout: Some(Duration::from_secs(timeout_secs)),
    }
}

/// `/api/me` with the token: 200 and the client id when it works.
fn api_me(server: &OidcServer, tokens: &Tokens) -> (u16, serde_json::Value) {
    let (status, body) =
        crate::common::http::get(&server.url("/api/me"), Some(tokens.access_token.expose()));
    (status, serde_json::from_str(&body).unwrap_or_default())
}

fn browser_flow(
    connector: &Connector,
    client: &ClientApp,
    env: &[(&str, &str)],
) -> (Result<Tokens>, String) {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let browser = TestBrowser::new(dir.path(), env);
    let result = Provider::new(&ctx, connector, client)
        .unwrap()
        .with_opener(&browser)
        .run_flow(
            &scopes(&["openid", "offline_access", "files.read"]),
            Flow::Browser,
            &opts(30),
        );
    (result, browser.final_log())
}

#[test]
fn browser_flow_with_a_public_pkce_client() {
    let server = OidcServer::start();
    let (result, log) = browser_flow(&connector(&server, "none"), &public_client(), &[]);
    let tokens =
        result.unwrap_or_else(|e| panic!("{e}\nbrowser log:\n{log}\nserver:\n{}", server.stderr()));
    assert!(tokens.refresh_token.is_some(), "offline_access was granted");
    assert_eq!(tokens.token_type, "Bearer");
    assert!(
        tokens.scopes.contains(&"files.read".to_owned()),
        "{:?}",
        tokens.scopes
    );
    let expires_at = tokens.expires_at.unwrap();
    let lifetime = expires_at - OffsetDateTime::now_utc();
    assert!(
        lifetime > time::Duration::seconds(50) && lifetime <= time::Duration::seconds(60),
        "{lifetime}"
    );
    let (status, me) = api_me(&server, &tokens);
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["client_id"], oidc::NATIVE_PUBLIC);
    let counters = server.stats();
    assert_eq!(counters["grant_types"]["authorization_code"], 1);
    assert_eq!(counters["token_log"][0]["client_auth"], "none");
    assert!(log.contains("callback 200"), "{log}");
}

#[test]
fn browser_flow_with_client_secret_basic_and_a_secret_full_of_specials() {
    let server = OidcServer::start();
    let (result, log) = browser_flow(&connector(&server, "basic"), &confidential_client(), &[]);
    let tokens = result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    assert_eq!(api_me(&server, &tokens).0, 200);
    assert_eq!(server.stats()["token_log"][0]["client_auth"], "basic");
}

#[test]
fn browser_flow_with_client_secret_post() {
    let server = OidcServer::start();
    let client = ClientApp {
        id: oidc::CONFIDENTIAL_POST.into(),
        secret: Some(Secret::from(oidc::CONFIDENTIAL_POST_SECRET)),
    };
    let (result, log) = browser_flow(&connector(&server, "post"), &client, &[]);
    let tokens = result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    assert_eq!(api_me(&server, &tokens).0, 200);
    assert_eq!(server.stats()["token_log"][0]["client_auth"], "post");
}

#[test]
fn browser_flow_access_denied_is_exit_3() {
    let server = OidcServer::start();
    let (result, log) = browser_flow(
        &connector(&server, "none"),
        &public_client(),
        &[("BROWSER_DENY", "1")],
    );
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 3, "{err}");
    assert!(err.to_string().contains("access_denied"), "{err}");
    assert!(
        log.contains("callback 200"),
        "the browser was shown the error page: {log}"
    );
    assert_eq!(server.stats()["token_requests"], 0);
}

#[test]
fn browser_flow_survives_stray_requests() {
    let server = OidcServer::start();
    let (result, log) = browser_flow(
        &connector(&server, "none"),
        &public_client(),
        &[("BROWSER_STRAY", "all")],
    );
    let tokens = result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    assert_eq!(api_me(&server, &tokens).0, 200);
    let strays: Vec<&str> = log.lines().filter(|l| l.starts_with("stray ")).collect();
    assert_eq!(strays.len(), 3, "{log}");
    assert!(
        strays.iter().filter(|l| l.starts_with("stray 404")).count() == 2,
        "{log}"
    );
    assert!(strays.iter().any(|l| l.starts_with("stray 400")), "{log}");
}

#[test]
fn browser_flow_refuses_a_tampered_state_and_a_foreign_issuer() {
    let server = OidcServer::start();
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let connector = connector(&server, "none");
    let client = public_client();
    let browser = TestBrowser::new(dir.path(), &[("BROWSER_TAMPER", "state")]);
    let err = Provider::new(&ctx, &connector, &client)
        .unwrap()
        .with_opener(&browser)
        .run_flow(&scopes(&["files.read"]), Flow::Browser, &opts(4))
        .unwrap_err();
    assert_eq!(
        tether::cli::diagnose::diagnose(&err).exit,
        3,
        "the wrong state did not complete; the wait timed out: {err}"
    );
    assert!(
        browser.final_log().contains("callback 400"),
        "{}",
        browser.final_log()
    );

    let dir = tempfile::tempdir().unwrap();
    let browser = TestBrowser::new(dir.path(), &[("BROWSER_TAMPER", "iss")]);
    let err = Provider::new(&ctx, &connector, &client)
        .unwrap()
        .with_opener(&browser)
        .run_flow(&scopes(&["files.read"]), Flow::Browser, &opts(30))
        .unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 5, "{err}");
    assert!(err.to_string().contains("evil.example"), "{err}");
    assert_eq!(server.stats()["token_requests"], 0, "no code was exchanged");
}

#[test]
fn paste_flow_reads_the_redirected_address() {
    let server = OidcServer::start();
    // Where the browser lands; the person copies the address from the address bar.
    let (landing, typed) = paste::landing(|address| format!("  {address}  \n"));
    let port = landing.port();
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let connector = connector(&server, "basic");
    let client = confidential_client();
    let browser = TestBrowser::new(dir.path(), &[]);
    let options = FlowOptions {
        port: Some(port),
        ..opts(30)
    };
    let mut stdin = BufReader::new(typed);
    let tokens = Provider::new(&ctx, &connector, &client)
        .unwrap()
        .with_opener(&browser)
        .paste(
            &scopes(&["offline_access", "files.read"]),
            &options,
            &mut stdin,
        )
        .unwrap_or_else(|e| panic!("{e}\n{}", browser.final_log()));
    assert_eq!(api_me(&server, &tokens).0, 200);
    assert!(tokens.refresh_token.is_some());
}

#[test]
fn device_flow_with_the_verification_page() {
    let server = OidcServer::start();
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let connector = connector(&server, "none");
    let client = public_client();
    let browser = TestBrowser::new(dir.path(), &[]);
    let tokens = Provider::new(&ctx, &connector, &client)
        .unwrap()
        .with_opener(&browser)
        .run_flow(
            &scopes(&["offline_access", "files.read", "files.write"]),
            Flow::Device,
            &opts(60),
        )
        .unwrap_or_else(|e| panic!("{e}\n{}", browser.final_log()));
    assert_eq!(api_me(&server, &tokens).0, 200);
    assert!(
        tokens.refresh_token.is_some(),
        "device requests keep offline_access"
    );
    assert_eq!(tokens.scopes, ["files.read", "files.write"]);
    let stats = server.stats();
    assert_eq!(stats["device_authorizations"], 1);
    assert!(
        stats["grant_types"]["urn:ietf:params:oauth:grant-type:device_code"].as_u64() >= Some(1)
    );
    assert!(
        browser.final_log().contains("device-success"),
        "{}",
        browser.final_log()
    );
}

#[test]
fn device_flow_denied_on_the_verification_page_is_exit_3() {
    let server = OidcServer::start();
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let connector = connector(&server, "none");
    let client = public_client();
    let browser = TestBrowser::new(dir.path(), &[("BROWSER_DEVICE_ABORT", "1")]);
    let err = Provider::new(&ctx, &connector, &client)
        .unwrap()
        .with_opener(&browser)
        .run_flow(&scopes(&["files.read"]), Flow::Device, &opts(60))
        .unwrap_err();
    assert_eq!(
        tether::cli::diagnose::diagnose(&err).exit,
        3,
        "{err}\n{}",
        browser.final_log()
    );
}

#[test]
fn client_credentials_need_no_person_and_renew_without_a_refresh_token() {
    let server = OidcServer::start();
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let connector = machine_connector(&server);
    let client = ClientApp {
        id: oidc::MACHINE.into(),
        secret: Some(Secret::from(oidc::MACHINE_SECRET)),
    };
    let tokens = tether::oauth::run_flow(
        &ctx,
        &connector,
        &client,
        &scopes(&["files.read"]),
        Flow::ClientCredentials,
        &FlowOptions::default(),
    )
    .unwrap();
    assert!(tokens.refresh_token.is_none());
    assert_eq!(tokens.scopes, ["files.read"]);
    let (status, me) = api_me(&server, &tokens);
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["client_id"], oidc::MACHINE);
    let renewed = tether::oauth::refresh(&ctx, &connector, &client, &tokens).unwrap();
    assert_ne!(renewed.access_token.expose(), tokens.access_token.expose());
    assert_eq!(server.stats()["grant_types"]["client_credentials"], 2);

    let wrong = ClientApp {
        id: oidc::MACHINE.into(),
        secret: Some(Secret::from("not-the-secret")),
    };
    let err = tether::oauth::refresh(&ctx, &connector, &wrong, &tokens).unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 2, "{err}");
    assert!(!err.to_string().contains("not-the-secret"));
}

/// Tokens from a browser flow of the public client.
fn authorized(server: &OidcServer, client: &ClientApp, client_auth: &str) -> Tokens {
    let (result, log) = browser_flow(&connector(server, client_auth), client, &[]);
    result.unwrap_or_else(|e| panic!("{e}\n{log}"))
}

#[test]
fn refresh_rotates_and_a_reused_refresh_token_is_invalid_grant() {
    let server = OidcServer::start();
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let connector = connector(&server, "none");
    let client = public_client();
    let first = authorized(&server, &client, "none");
    let second = tether::oauth::refresh(&ctx, &connector, &client, &first).unwrap();
    let old = first.refresh_token.as_ref().unwrap().expose();
    let new = second.refresh_token.as_ref().unwrap().expose();
    assert_ne!(old, new, "the refresh token was rotated");
    assert_ne!(first.access_token.expose(), second.access_token.expose());
    assert_eq!(api_me(&server, &second).0, 200);

    let err = tether::oauth::refresh(&ctx, &connector, &client, &first).unwrap_err();
    assert!(
        matches!(err, Error::OAuth(OAuthError::InvalidGrant { .. })),
        "{err}"
    );
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 3);
    assert!(!err.to_string().contains(old));
    // oidc-provider revokes the whole grant on reuse: the rotated token is dead too.
    let err = tether::oauth::refresh(&ctx, &connector, &client, &second).unwrap_err();
    assert!(
        matches!(err, Error::OAuth(OAuthError::InvalidGrant { .. })),
        "{err}"
    );
}

/// Tokens in a JSON file, written atomically: what the vault does for real.
struct FileStore {
    path: PathBuf,
}

impl TokenStore for FileStore {
    fn load(&self) -> Result<Tokens> {
        Ok(serde_json::from_slice(&std::fs::read(&self.path).unwrap()).unwrap())
    }
    fn save(&self, tokens: &Tokens) -> Result<()> {
        tether::safe_fs::write_atomic(&self.path, &serde_json::to_vec(tokens).unwrap())
    }
    fn mark_needs_reauthorization(&self, reason: &str) -> Result<()> {
        tether::safe_fs::write_atomic(&self.path.with_extension("marked"), reason.as_bytes())
    }
}

#[test]
fn thirty_two_threads_on_a_due_token_refresh_exactly_once() {
    let server = OidcServer::start();
    let client = public_client();
    let mut tokens = authorized(&server, &client, "none");
    tokens.expires_at = Some(OffsetDateTime::now_utc() - time::Duration::seconds(1));
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("tokens.json");
    FileStore {
        path: store_path.clone(),
    }
    .save(&tokens)
    .unwrap();
    let lock = dir.path().join("locks").join("account.lock");
    server.reset_stats();

    let connector = Arc::new(connector(&server, "none"));
    let barrier = Arc::new(Barrier::new(32));
    let handles: Vec<_> = (0..32)
        .map(|_| {
            let (connector, barrier, client) =
                (Arc::clone(&connector), Arc::clone(&barrier), client.clone());
            let (home, store_path, lock) =
                (dir.path().to_owned(), store_path.clone(), lock.clone());
            thread::spawn(move || {
                let ctx = ctx(&home);
                let store = FileStore { path: store_path };
                barrier.wait();
                tether::oauth::fresh_tokens(&ctx, &connector, &client, &lock, &store)
                    .unwrap()
                    .access_token
                    .expose()
                    .to_owned()
            })
        })
        .collect();
    let seen: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();

    let stats = server.stats();
    assert_eq!(
        stats["refresh"], 1,
        "exactly one refresh_token grant reached the server: {stats}"
    );
    assert!(
        seen.iter().all(|t| *t == seen[0]),
        "all 32 got the same access token"
    );
    assert_ne!(seen[0], tokens.access_token.expose());
    let stored = FileStore { path: store_path }.load().unwrap();
    assert_eq!(stored.access_token.expose(), seen[0]);
    assert_ne!(
        stored.refresh_token.as_ref().unwrap().expose(),
        tokens.refresh_token.as_ref().unwrap().expose()
    );
    assert_eq!(api_me(&server, &stored).0, 200);
}

#[test]
fn engine_marks_needs_reauthorization_when_the_grant_is_gone() {
    let server = OidcServer::start();
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let connector = connector(&server, "none");
    let client = public_client();
    let mut tokens = authorized(&server, &client, "none");
    // Use the refresh token once behind the engine's back: the stored one is now a reused one.
    tether::oauth::refresh(&ctx, &connector, &client, &tokens).unwrap();
    tokens.expires_at = Some(OffsetDateTime::now_utc() - time::Duration::seconds(1));
    let store = FileStore {
        path: dir.path().join("tokens.json"),
    };
    store.save(&tokens).unwrap();
    let err = tether::oauth::fresh_tokens(
        &ctx,
        &connector,
        &client,
        &dir.path().join("l.lock"),
        &store,
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::OAuth(OAuthError::InvalidGrant { .. })),
        "{err}"
    );
    let reason = std::fs::read_to_string(dir.path().join("tokens.marked")).unwrap();
    assert!(reason.starts_with("invalid_grant"), "{reason}");
}

#[test]
fn revocation_makes_the_tokens_inactive_at_the_provider() {
    let server = OidcServer::start();
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(dir.path());
    let connector = connector(&server, "basic");
    let client = confidential_client();
    let tokens = authorized(&server, &client, "basic");
    let introspect = |token: &str| server.introspect(token);
    assert_eq!(introspect(tokens.access_token.expose())["active"], true);

    let outcome = tether::oauth::revoke(&ctx, &connector, &client, &tokens).unwrap();
    assert_eq!(outcome, RevokeOutcome::Revoked, "{outcome}");
    assert_eq!(introspect(tokens.access_token.expose())["active"], false);
    assert_eq!(
        introspect(tokens.refresh_token.as_ref().unwrap().expose())["active"],
        false
    );
    assert_eq!(api_me(&server, &tokens).0, 401);
    assert_eq!(server.stats()["revocations"], 2);
}
