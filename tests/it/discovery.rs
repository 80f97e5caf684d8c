//! `connector import --discover` and `connector check` against the real authorization server
//! (oidc-provider, tests/oidc), whose metadata is at both well-known addresses.

use crate::common::oidc::{self, OidcServer, api_me, with_browser};
use crate::common::{Home, stderr, stdout};

/// `connector import --discover URL ARGS…` in `home`, no terminal.
fn discover(home: &Home, url: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    home.cmd()
        .args(["connector", "import", "--discover", url])
        .args(args)
        .write_stdin("")
        .assert()
}

/// The custom connectors of `home`, by id.
fn custom_ids(home: &Home) -> Vec<String> {
    let list = home.json(&["connector", "list", "--custom", "--json"]);
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A port on this machine where nothing listens.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// `connector check ARGS… --json` in `home`: its exit code and its JSON array by id.
fn check_json(home: &Home, args: &[&str]) -> (i32, serde_json::Map<String, serde_json::Value>) {
    let out = home
        .cmd()
        .args(["connector", "check", "--json"])
        .args(args)
        .write_stdin("")
        .assert();
    let code = out.get_output().status.code().unwrap();
    let array: serde_json::Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(&out), stderr(&out)));
    let by_id = array
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap().to_owned(), e.clone()))
        .collect();
    (code, by_id)
}

#[test]
fn import_from_the_issuer_stores_the_servers_endpoints_and_the_connector_works() {
    let server = OidcServer::start();
    let metadata = server.discovery();
    server.reset_stats();
    let home = Home::new();
    let out = discover(&home, &server.issuer, &["--id", "idp", "--json"]).success();
    let shown = stderr(&out);
    assert!(shown.contains("Found OAuth2 metadata"), "{shown}");
    assert!(shown.contains(&server.url("/token")), "{shown}");
    assert!(shown.contains("imported custom connector `idp`"), "{shown}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["id"], "idp");
    assert_eq!(json["issuer"], metadata["issuer"]);
    assert_eq!(
        json["authorization_url"],
        metadata["authorization_endpoint"]
    );
    assert_eq!(json["token_url"], metadata["token_endpoint"]);
    assert_eq!(
        json["device_authorization_url"],
        metadata["device_authorization_endpoint"]
    );
    assert_eq!(json["revocation_url"], metadata["revocation_endpoint"]);
    assert_eq!(json["grant"], "authorization_code");
    assert_eq!(json["pkce"], true);
    assert_eq!(json["client_auth"], "basic");
    assert_eq!(json["require_iss"], true, "the server sends iss (RFC 9207)");
    assert_eq!(json["scopes"], metadata["scopes_supported"]);
    assert_eq!(
        json["default_scopes"],
        serde_json::json!(["openid", "offline_access"])
    );
    assert_eq!(
        json["metadata_url"],
        server.url("/.well-known/oauth-authorization-server")
    );
    assert_eq!(json["replaced"], false);

    // The RFC 8414 address answered first; the request carried nothing but the address.
    let log = server.stats()["discovery_log"].clone();
    assert_eq!(
        log,
        serde_json::json!([{"path": "/.well-known/oauth-authorization-server",
            "authorization": false, "cookie": false, "query": ""}])
    );

    // What was stored is what `show` and `export` see.
    let show = home.json(&["connector", "show", "idp", "--json"]);
    assert_eq!(show["origin"], "custom", "{show}");
    let export = stdout(&home.run(&["connector", "export", "idp"]).success());
    assert!(
        export.contains(&format!("issuer = \"{}\"", server.issuer)),
        "{export}"
    );

    // And it works: a public client authorizes through the discovered endpoints (the `iss`
    // of the redirect is checked against the discovered issuer) and the token is accepted.
    let mut configure = home.cmd();
    configure.args([
        "connector",
        "configure",
        "idp",
        "--client-id",
        oidc::NATIVE_PUBLIC,
    ]);
    configure.write_stdin("").assert().success();
    let out = with_browser(&home, "browser.log")
        .args(["connection", "create", "me", "--connector", "idp"])
        .args(["--authorize", "--account", "alice", "--timeout", "60"])
        .write_stdin("")
        .assert();
    let err = stderr(&out);
    assert!(out.get_output().status.success(), "{err}");
    let token = stdout(&home.run(&["token", "me"]).success());
    assert_eq!(api_me(&server, token.trim_end())["sub"], "alice");
}

#[test]
fn ids_default_from_the_host_and_a_second_import_replaces_like_a_plain_one() {
    let server = OidcServer::start();
    let home = Home::new();
    let out = discover(&home, &server.issuer, &[]).success();
    assert!(
        stderr(&out).contains("imported custom connector `127-0-0-1`"),
        "{}",
        stderr(&out)
    );
    let show = home.json(&["connector", "show", "127-0-0-1", "--json"]);
    assert_eq!(show["name"], "127.0.0.1", "{show}");

    let out = discover(&home, &server.issuer, &["--name", "Local IdP"]).success();
    assert!(
        stderr(&out).contains("(replaced the previous definition)"),
        "{}",
        stderr(&out)
    );
    let show = home.json(&["connector", "show", "127-0-0-1", "--json"]);
    assert_eq!(show["name"], "Local IdP");
    assert_eq!(custom_ids(&home), ["127-0-0-1"]);

    // The same refusals as a plain import: a built-in's id, an invalid id.
    let out = discover(&home, &server.issuer, &["--id", "github"]).failure();
    assert_eq!(out.get_output().status.code(), Some(2), "{}", stderr(&out));
    let out = discover(&home, &server.issuer, &["--id", "Not Valid"]).failure();
    assert_eq!(out.get_output().status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(custom_ids(&home), ["127-0-0-1"]);
}

#[test]
fn openid_configuration_is_found_without_rfc8414_and_a_document_address_works_too() {
    let server = OidcServer::start_with(&[("OIDC_RFC8414", "0")]);
    let home = Home::new();
    discover(&home, &server.issuer, &["--id", "oidc"]).success();
    let paths: Vec<serde_json::Value> = server.stats()["discovery_log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].clone())
        .collect();
    assert_eq!(
        paths,
        [
            "/.well-known/oauth-authorization-server",
            "/.well-known/openid-configuration"
        ]
    );
    let document = server.url("/.well-known/openid-configuration");
    let json: serde_json::Value = serde_json::from_str(&stdout(
        &discover(&home, &document, &["--id", "doc", "--json"]).success(),
    ))
    .unwrap();
    assert_eq!(json["metadata_url"], document.as_str());
    assert_eq!(json["issuer"], server.issuer.as_str());
}

#[test]
fn a_document_for_another_issuer_is_refused_and_nothing_is_stored() {
    let server = OidcServer::start();
    let home = Home::new();
    // The same server by another name: its metadata says 127.0.0.1.
    let other = server.issuer.replace("127.0.0.1", "localhost");
    // An issuer the server is not: neither address has metadata.
    let out = discover(&home, &server.url("/tenant"), &[]).failure();
    assert_eq!(out.get_output().status.code(), Some(5));
    let err = stderr(&out);
    assert!(err.contains("no OAuth2 metadata found"), "{err}");
    assert!(
        err.contains(
            &server.url("/.well-known/oauth-authorization-server/tenant answered HTTP 404")
        ),
        "{err}"
    );
    assert!(
        err.contains(&server.url("/tenant/.well-known/openid-configuration answered HTTP 404")),
        "{err}"
    );
    let out = discover(&home, &other, &["--id", "mixup"]).failure();
    assert_eq!(out.get_output().status.code(), Some(5));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("names issuer `{}`", server.issuer)),
        "{err}"
    );
    assert!(
        err.contains(&format!("fetched for issuer `{other}`")),
        "{err}"
    );
    assert!(err.contains("RFC 8414"), "{err}");
    assert!(custom_ids(&home).is_empty());
}

#[test]
fn unreachable_and_insecure_addresses_store_nothing() {
    let home = Home::new();
    let closed = format!("http://127.0.0.1:{}", closed_port());
    let out = discover(&home, &closed, &["--id", "gone"]).failure();
    assert_eq!(out.get_output().status.code(), Some(5), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot connect"), "{}", stderr(&out));

    let out = home
        .cmd()
        .args([
            "connector",
            "import",
            "--discover",
            "http://idp.example",
            "--json",
        ])
        .write_stdin("")
        .assert()
        .failure();
    assert_eq!(out.get_output().status.code(), Some(2));
    let error: serde_json::Value = serde_json::from_str(&stderr(&out)).unwrap();
    assert_eq!(error["error"]["code"], "bad_discovery_url");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("https://"),
        "{error}"
    );
    assert!(custom_ids(&home).is_empty());
}

#[test]
fn check_reports_ok_and_drift_without_sending_any_credential() {
    let server = OidcServer::start();
    // A confidential client is configured: `check` must not send its id or secret.
    let home = server.files_home(
        "basic",
        oidc::CONFIDENTIAL,
        Some(oidc::CONFIDENTIAL_SECRET),
        10,
    );
    server.reset_stats();
    let out = home.run(&["connector", "check", "files"]).success();
    assert_eq!(stdout(&out), "files: ok\n");
    let log = server.stats()["discovery_log"].clone();
    let entries = log.as_array().unwrap();
    assert!(!entries.is_empty());
    for entry in entries {
        assert_eq!(entry["authorization"], false, "{log}");
        assert_eq!(entry["cookie"], false, "{log}");
        assert_eq!(entry["query"], "", "{log}");
    }

    // The provider moved its token endpoint (as far as the connector knows).
    let moved = server
        .connector_toml("moved", "basic")
        .replace(&server.url("/token\""), &server.url("/oauth/token\""));
    home.import_connector("moved.toml", &moved).success();
    let out = home.run(&["connector", "check", "moved"]).failure();
    assert_eq!(out.get_output().status.code(), Some(5));
    let line = stdout(&out);
    assert!(line.starts_with("moved: drift: token_url is "), "{line}");
    assert!(line.contains(&server.url("/oauth/token")), "{line}");
    assert!(
        line.contains(&format!("the provider says {}", server.url("/token"))),
        "{line}"
    );
    assert!(stderr(&out).contains("differs from its provider's metadata"));

    let (code, by_id) = check_json(&home, &["moved"]);
    assert_eq!(code, 5);
    assert_eq!(by_id["moved"]["status"], "drift");
    assert_eq!(
        by_id["moved"]["drift"],
        serde_json::json!([{"field": "token_url",
            "connector": server.url("/oauth/token"), "provider": server.url("/token")}])
    );

    // A connector without an issuer has nothing to be checked against.
    let out = home.run(&["connector", "check", "github"]).failure();
    assert_eq!(out.get_output().status.code(), Some(2));
    assert!(stderr(&out).contains("has no `issuer`"), "{}", stderr(&out));
}

#[test]
fn check_all_reports_every_connector_with_an_issuer() {
    let server = OidcServer::start();
    let home = Home::new();
    let import = |id: &str, toml: String| {
        home.import_connector(&format!("{id}.toml"), &toml)
            .success();
    };
    import("files", server.connector_toml("files", "basic"));
    let closed = format!("http://127.0.0.1:{}", closed_port());
    import(
        "gone",
        server
            .connector_toml("gone", "basic")
            .replace(&server.issuer, &closed),
    );
    // A tenant param without a default: the issuer cannot be known.
    import(
        "tenant",
        server
            .connector_toml("tenant", "basic")
            .replace(&server.issuer, &format!("{}/{{tenant}}", server.issuer))
            .replace("[oauth2]", "[[params]]\nname = \"tenant\"\n\n[oauth2]"),
    );

    let (code, custom) = check_json(&home, &["--custom"]);
    assert_eq!(code, 5, "an unreachable provider fails the check");
    assert_eq!(custom.len(), 3, "{custom:?}");
    assert_eq!(custom["files"]["status"], "ok");
    assert_eq!(custom["gone"]["status"], "unreachable");
    assert!(
        custom["gone"]["reason"]
            .as_str()
            .unwrap()
            .contains("cannot connect"),
        "{custom:?}"
    );
    assert_eq!(custom["tenant"]["status"], "skipped");
    assert!(
        custom["tenant"]["reason"]
            .as_str()
            .unwrap()
            .contains("`tenant`"),
        "{custom:?}"
    );

    // --all adds the built-ins that have an issuer (checked over the network, which tests
    // may not have): the custom ones read the same, every other entry is a built-in, and the
    // exit code follows the statuses.
    let (code, all) = check_json(&home, &["--all"]);
    for id in ["files", "gone", "tenant"] {
        assert_eq!(all[id], custom[id], "{id}");
    }
    for (id, entry) in &all {
        if !custom.contains_key(id) {
            assert_eq!(entry["origin"], "builtin", "{id}: {entry}");
        }
    }
    assert_eq!(code, 5);

    // Without the unreachable one, the exit code is 0 exactly when nothing failed.
    home.run(&["connector", "delete", "gone"]).success();
    let (code, custom) = check_json(&home, &["--custom"]);
    assert_eq!(code, 0, "{custom:?}");
    let (code, all) = check_json(&home, &["--all"]);
    let failed = all
        .values()
        .any(|e| !["ok", "skipped"].contains(&e["status"].as_str().unwrap()));
    assert_eq!(code, if failed { 5 } else { 0 }, "{all:?}");
    let out = home.run(&["connector", "check", "--custom"]).success();
    assert!(
        stderr(&out).contains("checked 2 connectors: 1 ok, 0 with drift"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn show_says_when_iss_is_not_required() {
    let home = Home::new();
    let toml = "id = \"quiet\"\nname = \"Quiet IdP\"\nauth = \"oauth2\"\n\n[oauth2]\nissuer = \"https://idp.example\"\nrequire_iss = false\nauthorization_url = \"https://idp.example/auth\"\ntoken_url = \"https://idp.example/token\"\n";
    home.import_connector("quiet.toml", toml).success();
    let shown = stdout(&home.run(&["connector", "show", "quiet"]).success());
    assert!(shown.contains("checked when sent, not required"), "{shown}");
    let json = home.json(&["connector", "show", "quiet", "--json"]);
    assert_eq!(json["oauth2"]["require_iss"], false, "{json}");
}
