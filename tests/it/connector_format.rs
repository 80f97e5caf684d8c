//! What the connector format can say about a provider, end to end against the real
//! authorization server and its stand-ins for provider quirks (tests/oidc/server.js): fixed
//! headers, several API keys, values captured from the token response and the redirect, a
//! nested access token, a renamed client credentials grant and a JSON revocation endpoint.

use crate::common::oidc::{self, OidcServer, with_browser};
use crate::common::{Home, stderr, stdout};

/// The test server's client-credentials connector `id`, changed by `edit`, imported, its
/// client configured, and connection `id` created and authorized as account `id`.
fn machine(server: &OidcServer, home: &Home, id: &str, edit: impl Fn(String) -> String) {
    import_machine(server, home, id, edit);
    create_and_authorize(home, id).success();
}

/// `connection create ID --connector ID --authorize --account ID`, with no person to ask.
fn create_and_authorize(home: &Home, id: &str) -> assert_cmd::assert::Assert {
    home.run(&[
        "--no-input",
        "connection",
        "create",
        id,
        "--connector",
        id,
        "--authorize",
        "--account",
        id,
    ])
}

/// The test server's client-credentials connector `id`, changed by `edit`, imported and its
/// client configured.
fn import_machine(server: &OidcServer, home: &Home, id: &str, edit: impl Fn(String) -> String) {
    let toml = server
        .connector_toml(id, "basic")
        .replace(
            "grant = \"authorization_code\"",
            "grant = \"client_credentials\"",
        )
        .replace(
            "default_scopes = [\"offline_access\", \"files.read\"]",
            "default_scopes = [\"files.read\"]",
        );
    home.import_connector(&format!("{id}.toml"), &edit(toml))
        .success();
    home.cmd()
        .env("SECRET", oidc::MACHINE_SECRET)
        .args(["connector", "configure", id, "--client-id", oidc::MACHINE])
        .args(["--client-secret", "env:SECRET"])
        .assert()
        .success();
}

/// `text` with `lines` added at the end of the `[oauth2]` section.
fn in_oauth2(text: &str, lines: &str) -> String {
    text.replace(
        "expiry_buffer_secs = 10\n",
        &format!("expiry_buffer_secs = 10\n{lines}\n"),
    )
}

#[test]
fn fixed_headers_go_with_every_request_and_header_all_prints_them() {
    let server = OidcServer::start();
    let home = Home::new();
    machine(&server, &home, "versioned", |toml| {
        toml.replace(
            "[oauth2]",
            "[[params]]\nname = \"org\"\nrequired = false\n\n[headers]\nNotion-Version = \"2025-09-03\"\nX-Org = \"{org}\"\n\n[query]\napi-version = \"2024-01\"\n\n[oauth2]",
        )
    });
    let me = home.json(&["invoke", "versioned", "GET", "/api/versioned/me", "--fail"]);
    assert_eq!(me["client_id"], oidc::MACHINE);

    let token = stdout(&home.run(&["token", "versioned"]).success());
    let all = stdout(&home.run(&["header", "versioned", "--all"]).success());
    assert_eq!(
        all,
        format!(
            "Authorization: Bearer {}\nNotion-Version: 2025-09-03\n",
            token.trim_end()
        )
    );
    let one = stdout(&home.run(&["header", "versioned"]).success());
    assert_eq!(one, format!("Authorization: Bearer {token}"));
    // `X-Org` is built on an optional param nobody gave: it is left out, not sent empty.
    let echoed = home.json(&["invoke", "versioned", "GET", "/api/echo", "--fail"]);
    let headers = &echoed["headers"];
    assert_eq!(headers["notion-version"], "2025-09-03");
    assert!(headers.get("x-org").is_none(), "{headers}");
    // `[query]` goes on every request too, and a value the person gives replaces it.
    assert_eq!(echoed["query"], "api-version=2024-01");
    let echo = home.json(&[
        "invoke",
        "versioned",
        "GET",
        "/api/echo?api-version=2025-06",
        "--fail",
    ]);
    assert_eq!(echo["query"], "api-version=2025-06");
    home.run(&[
        "--no-input",
        "connection",
        "create",
        "with-org",
        "--connector",
        "versioned",
        "--authorize",
        "--account",
        "with-org",
        "--param",
        "org=acme",
    ])
    .success();
    let echo = home.json(&["invoke", "with-org", "GET", "/api/echo", "--fail"]);
    assert_eq!(echo["headers"]["x-org"], "acme");

    // A header the person gives replaces the connector's: the stand-in refuses other versions.
    let other = home
        .run(&[
            "invoke",
            "versioned",
            "GET",
            "/api/versioned/me",
            "-H",
            "Notion-Version: 2022-06-28",
            "--fail",
        ])
        .code(22);
    assert!(stderr(&other).contains("HTTP 400"), "{}", stderr(&other));
    let shown = stdout(&home.run(&["connector", "show", "versioned"]).success());
    assert!(shown.contains("Notion-Version: 2025-09-03"), "{shown}");
}

#[test]
fn several_api_keys_are_asked_for_sealed_and_sent() {
    let server = OidcServer::start();
    let home = Home::new();
    let toml = format!(
        r#"id = "two-keys"
name = "Two keys"
auth = "api-key"
base_url = "{}"

[[params]]
name = "app_key"
label = "Application key"
secret = true

[api_key]
headers = {{ "DD-API-KEY" = "{{api_key}}", "DD-APPLICATION-KEY" = "{{app_key}}" }}

[env]
DD_API_KEY = "{{api_key}}"
DD_APP_KEY = "{{app_key}}"
"#,
        server.url("")
    );
    home.import_connector("two-keys.toml", &toml).success();
    // Without the second key nothing is stored, and the message names it.
    let missing = home
        .cmd()
        .env("KEY", "test-api-key-1")
        .args(["--no-input", "connection", "create", "dd", "--connector"])
        .args(["two-keys", "--authorize", "--account", "dd"])
        .args(["--param", "api_key=env:KEY"])
        .assert()
        .code(2);
    assert!(
        stderr(&missing).contains("--param app_key=…"),
        "{}",
        stderr(&missing)
    );
    home.cmd()
        .env("KEY", "test-api-key-1")
        .env("APP", "test-app-key-2")
        .args(["--no-input", "connection", "create", "dd", "--connector"])
        .args(["two-keys", "--authorize", "--account", "dd"])
        .args(["--param", "api_key=env:KEY", "--param", "app_key=env:APP"])
        .assert()
        .success();

    let me = home.json(&["invoke", "dd", "GET", "/keys/me", "--fail"]);
    assert_eq!(me["keys"], 2);
    assert_eq!(server.stats()["key_calls"], 1);
    assert_eq!(
        stdout(&home.run(&["token", "dd"]).success()),
        "test-api-key-1\n",
        "the first key is the token"
    );
    assert_eq!(
        stdout(&home.run(&["header", "dd", "--all"]).success()),
        "DD-API-KEY: test-api-key-1\nDD-APPLICATION-KEY: test-app-key-2\n"
    );
    let env = home
        .run(&[
            "exec",
            "dd",
            "--no-mask",
            "--",
            "sh",
            "-c",
            "echo $DD_API_KEY $DD_APP_KEY",
        ])
        .success();
    assert_eq!(stdout(&env), "test-api-key-1 test-app-key-2\n");
    // Both are sealed: neither is in a file outside the vault.
    for (path, bytes) in home.files_outside_vault() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("test-api-key-1") && !text.contains("test-app-key-2"),
            "{} holds a key",
            path.display()
        );
    }
}

#[test]
fn a_value_from_the_token_response_fills_the_base_url_and_the_environment() {
    let server = OidcServer::start();
    let home = Home::new();
    machine(&server, &home, "instance", |toml| {
        in_oauth2(
            &toml.replace(
                &format!("base_url = \"{}\"", server.url("")),
                "base_url = \"{instance_url}/api\"",
            ),
            "[oauth2.capture]\ninstance_url = \"token:/instance_url\"\n\n[env]\nINSTANCE_URL = \"{instance_url}\"\nTOKEN = \"{access_token}\"",
        )
    });
    // `/me` on `{instance_url}/api` is the stand-in's `/api/me`.
    let me = home.json(&["invoke", "instance", "GET", "/me", "--fail"]);
    assert_eq!(me["client_id"], oidc::MACHINE);
    let env = home
        .run(&["exec", "instance", "--", "sh", "-c", "echo $INSTANCE_URL"])
        .success();
    assert_eq!(stdout(&env), format!("{}\n", server.url("")));
}

#[test]
fn a_value_missing_from_the_token_response_stops_the_authorization() {
    let server = OidcServer::start();
    let home = Home::new();
    import_machine(&server, &home, "nowhere", |toml| {
        in_oauth2(
            &toml,
            "[oauth2.capture]\norganization = \"token:/organization_id\"",
        )
    });
    let out = create_and_authorize(&home, "nowhere").code(5);
    let err = stderr(&out);
    assert!(
        err.contains("did not return `organization` (`/organization_id` of the token response)"),
        "{err}"
    );
    let listed = home.json(&["account", "list", "--json"]);
    assert_eq!(listed, serde_json::json!([]), "no account was stored");
}

#[test]
fn a_nested_access_token_is_found_by_its_pointer() {
    let server = OidcServer::start();
    let home = Home::new();
    let nested = |pointer: &'static str| {
        move |toml: String| {
            in_oauth2(
                &toml,
                &format!("token_params = {{ shape = \"nested\" }}\n{pointer}"),
            )
        }
    };
    machine(
        &server,
        &home,
        "nested",
        nested("access_token_pointer = \"/authed_user/access_token\""),
    );
    let me = home.json(&["invoke", "nested", "GET", "/api/me", "--fail"]);
    assert_eq!(me["client_id"], oidc::MACHINE);
    // Without the pointer the top-level answer is what is read: a bot's token, refused.
    import_machine(&server, &home, "flat", nested(""));
    let refused = create_and_authorize(&home, "flat").code(5);
    assert!(
        stderr(&refused).contains("a token of type `bot`"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn a_value_from_the_redirect_is_captured_for_templates() {
    let server = OidcServer::start();
    let home = server.files_home(
        "basic",
        oidc::CONFIDENTIAL,
        Some(oidc::CONFIDENTIAL_SECRET),
        10,
    );
    let toml = in_oauth2(
        &server.connector_toml("books", "basic"),
        "[oauth2.capture]\nrealm_id = \"callback:realmId\"\n\n[headers]\nX-Realm = \"{realm_id}\"\n\n[env]\nREALM_ID = \"{realm_id}\"",
    );
    home.import_connector("books.toml", &toml).success();
    home.cmd()
        .args(["connector", "configure", "books", "--client-id"])
        .args([oidc::CONFIDENTIAL, "--client-secret", "@-"])
        .write_stdin(oidc::CONFIDENTIAL_SECRET)
        .assert()
        .success();
    with_browser(&home, "browser.log")
        .args(["connection", "create", "books", "--connector", "books"])
        .args(["--authorize", "--account", "alice", "--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    let env = home
        .run(&["exec", "books", "--", "sh", "-c", "echo $REALM_ID"])
        .success();
    assert_eq!(stdout(&env), "4620816365\n");
    let echo = home.json(&["invoke", "books", "GET", "/api/echo", "--fail"]);
    assert_eq!(echo["headers"]["x-realm"], "4620816365");
}

#[test]
fn a_renamed_client_credentials_grant_is_sent_under_its_name() {
    let server = OidcServer::start();
    let home = Home::new();
    import_machine(&server, &home, "renamed-grant", |toml| {
        in_oauth2(
            &toml.replace(
                "[oauth2]",
                "[[params]]\nname = \"account_id\"\nconnection = true\n\n[oauth2]",
            ),
            "token_params = { grant_type = \"account_credentials\", account_id = \"{account_id}\" }",
        )
    });
    home.run(&[
        "--no-input",
        "connection",
        "create",
        "zoom",
        "--connector",
        "renamed-grant",
        "--param",
        "account_id=acct-42",
        "--authorize",
        "--account",
        "zoom",
    ])
    .success();
    let log = server.stats()["token_log"].clone();
    let grants: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["grant_type"].as_str().unwrap())
        .collect();
    assert_eq!(grants, ["account_credentials"]);
    home.run(&["invoke", "zoom", "GET", "/api/me", "--fail"])
        .success();
}

#[test]
fn a_json_revocation_endpoint_gets_the_token_it_revokes() {
    let server = OidcServer::start();
    let home = Home::new();
    let revoke = server.url("/revoke/json");
    machine(&server, &home, "revjson", |toml| {
        in_oauth2(
            &toml.replace(
                &format!("revocation_url = \"{}\"\n", server.url("/token/revocation")),
                "",
            ),
            &format!("[oauth2.revocation]\nurl = \"{revoke}\"\nauth = \"bearer\"\nbody = \"json\""),
        )
    });
    let token = stdout(&home.run(&["token", "revjson"]).success());
    let out = home
        .run(&["connection", "delete", "revjson", "--yes"])
        .success();
    assert!(
        stderr(&out).contains("revoked at the provider"),
        "{}",
        stderr(&out)
    );
    let log = server.stats()["json_revocations"].clone();
    assert_eq!(
        log,
        serde_json::json!([{
            "content_type": "application/json",
            "auth": "bearer",
            "bearer_is_token": true,
            "found": true,
        }])
    );
    let (status, _) = crate::common::http::get(&server.url("/api/me"), Some(token.trim_end()));
    assert_eq!(status, 401, "the token no longer works");
}

#[test]
fn a_grant_ended_the_way_github_ends_it() {
    let server = OidcServer::start();
    let home = server.files_home(
        "basic",
        oidc::CONFIDENTIAL,
        Some(oidc::CONFIDENTIAL_SECRET),
        10,
    );
    let revoke = server.url("/applications/{client_id}/grant");
    let toml = in_oauth2(
        &server.connector_toml("gh", "basic").replace(
            &format!("revocation_url = \"{}\"\n", server.url("/token/revocation")),
            "",
        ),
        &format!(
            "[oauth2.revocation]\nurl = \"{revoke}\"\nauth = \"basic\"\nbody = \"json\"\ntoken_param = \"access_token\"\nmethod = \"DELETE\""
        ),
    );
    home.import_connector("gh.toml", &toml).success();
    home.cmd()
        .args(["connector", "configure", "gh", "--client-id"])
        .args([oidc::CONFIDENTIAL, "--client-secret", "@-"])
        .write_stdin(oidc::CONFIDENTIAL_SECRET)
        .assert()
        .success();
    with_browser(&home, "browser.log")
        .args(["connection", "create", "gh", "--connector", "gh"])
        .args(["--authorize", "--account", "alice", "--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    let token = stdout(&home.run(&["token", "gh"]).success());

    let out = home.run(&["connection", "delete", "gh", "--yes"]).success();
    assert!(
        stderr(&out).contains("revoked at the provider"),
        "{}",
        stderr(&out)
    );
    // The refresh token was refused (this endpoint takes access tokens); the access token
    // ended the grant, which is what counts.
    let log = server.stats()["json_revocations"].clone();
    let ended: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["found"] == true)
        .collect();
    assert_eq!(ended.len(), 1, "{log}");
    assert_eq!(ended[0]["method"], "DELETE");
    assert_eq!(ended[0]["path_client_id"], oidc::CONFIDENTIAL);
    let (status, _) = crate::common::http::get(&server.url("/api/me"), Some(token.trim_end()));
    assert_eq!(status, 401, "the grant is gone");
}
