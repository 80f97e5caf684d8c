//! The JWT bearer grant (RFC 7523) end to end, against the test server's jwt-bearer route,
//! which verifies each assertion with the public halves of the TEST keys in
//! `tests/fixtures/jwt`: authorize without a person or client app, `token`, `invoke`, renewal
//! by a new assertion (once across processes), Google's JSON key files, and bad keys refused.

use crate::common::oidc::{OidcServer, api_me};
use crate::common::{Home, fixture, stderr, stdout};

const GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const SERVICE_ACCOUNT: &str = "tether-test@tether-tests.iam.gserviceaccount.com";

/// A home with the connector `sa` for `server`, signing with `algorithm`.
fn home_for(server: &OidcServer, algorithm: &str) -> Home {
    let i = &server.issuer;
    let toml = format!(
        r#"id = "sa"
name = "Service account (test)"
auth = "oauth2"
base_url = "{i}"

[[params]]
name = "private_key"
secret = true

[[params]]
name = "client_email"
required = false

[[params]]
name = "subject"
required = false

[oauth2]
grant = "jwt_bearer"
token_url = "{i}/token"
scopes = ["files.read", "files.write"]
default_scopes = ["files.read"]
client_auth = "none"

[oauth2.jwt]
key = "{{private_key}}"
algorithm = "{algorithm}"
claims = {{ iss = "{{client_email}}", sub = "{{subject}}", aud = "{{token_url}}", scope = "{{scope}}" }}
lifetime_secs = 300
"#
    );
    let home = Home::new();
    home.import_connector("sa.toml", &toml).success();
    home
}

/// `connection create LINK --connector sa --authorize` with `params`.
fn create<'a>(home: &Home, link: &'a str, params: &[&'a str]) -> assert_cmd::assert::Assert {
    let mut args = vec![
        "--no-input",
        "connection",
        "create",
        link,
        "--connector",
        "sa",
        "--authorize",
        "--account",
        link,
    ];
    for param in params {
        args.extend(["--param", param]);
    }
    home.run(&args)
}

fn key_param(file: &str) -> String {
    format!("private_key=@{}", fixture(&format!("jwt/{file}")))
}

/// The jwt-bearer requests the server answered, from its log.
fn jwt_requests(server: &OidcServer) -> Vec<serde_json::Value> {
    server.stats()["token_log"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["grant_type"] == GRANT)
        .cloned()
        .collect()
}

#[test]
fn rs256_and_es256_authorize_without_a_person_or_client_app() {
    let server = OidcServer::start();
    for (algorithm, file, issuer) in [
        ("RS256", "rs256-test-key.pem", "rs256@tether.test"),
        ("ES256", "es256-test-key.pem", "es256@tether.test"),
    ] {
        server.reset_stats();
        let home = home_for(&server, algorithm);
        let email = format!("client_email={issuer}");
        let key = key_param(file);
        let out = create(&home, "robot", &[&email, &key]).success();
        assert!(!stderr(&out).contains("client"), "{}", stderr(&out));

        let token = stdout(&home.run(&["token", "robot"]).success());
        let me = api_me(&server, token.trim_end());
        assert_eq!(me["client_id"], issuer);
        assert_eq!(me["scope"], "files.read");
        assert_eq!(me["token_type"], "jwt_bearer");
        let invoked = stdout(&home.run(&["invoke", "robot", "GET", "/api/me"]).success());
        let invoked: serde_json::Value = serde_json::from_str(&invoked).unwrap();
        assert_eq!(invoked["client_id"], issuer);

        let requests = jwt_requests(&server);
        assert_eq!(requests.len(), 1, "one assertion: {requests:?}");
        let request = &requests[0];
        assert_eq!(request["status"], 200);
        assert_eq!(request["client_auth"], "none", "no client authentication");
        assert!(request["client_id"].is_null(), "no client id: {request}");
        assert_eq!(request["jwt"]["alg"], algorithm);
        assert_eq!(request["jwt"]["lifetime"], 300);
        // Without a value for the optional `subject`, there is no `sub` claim at all.
        assert!(request["jwt"]["sub"].is_null(), "{request}");

        let details = home.json(&["--json", "connection", "details", "robot"]);
        assert_eq!(
            details["environments"]["development"]["status"],
            "connected"
        );
    }
}

#[test]
fn a_google_key_file_names_the_account_and_the_key() {
    let server = OidcServer::start();
    let home = home_for(&server, "RS256");
    let key = key_param("service-account.json");
    create(&home, "gcp", &[&key, "subject=someone@tether.test"]).success();
    let requests = jwt_requests(&server);
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0]["jwt"]["iss"], SERVICE_ACCOUNT);
    assert_eq!(requests[0]["jwt"]["kid"], "test-key-1");
    assert_eq!(requests[0]["jwt"]["sub"], "someone@tether.test");
    let token = stdout(&home.run(&["token", "gcp"]).success());
    assert_eq!(
        api_me(&server, token.trim_end())["sub"],
        "someone@tether.test"
    );
    // Nothing to revoke (no revocation_url), and no client app to find for it.
    home.run(&["connection", "delete", "gcp", "--yes"])
        .success();
}

#[test]
fn a_due_token_is_renewed_by_one_new_assertion_across_processes() {
    const TTL: u64 = 6;
    let server = OidcServer::start_with(&[("OIDC_ACCESS_TOKEN_TTL", "6")]);
    let home = home_for(&server, "ES256");
    let key = key_param("es256-test-key.pem");
    create(&home, "robot", &["client_email=es256@tether.test", &key]).success();
    let first = stdout(&home.run(&["token", "robot"]).success());
    assert_eq!(
        jwt_requests(&server).len(),
        1,
        "a valid token is used as is"
    );

    crate::common::oidc::until_due(TTL);
    let tokens: Vec<String> = crate::common::oidc::tokens_in_parallel(&[&home], "robot", 8)
        .into_iter()
        .map(|out| {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{err}");
            String::from_utf8(out.stdout).unwrap()
        })
        .collect();
    assert!(tokens.iter().all(|t| *t == tokens[0]), "{tokens:?}");
    assert_ne!(tokens[0], first, "the due token was replaced");
    let requests = jwt_requests(&server);
    assert_eq!(requests.len(), 2, "exactly one renewal: {requests:?}");
    // The server refuses a replayed jti: the renewal signed a new assertion.
    assert_eq!(requests[1]["status"], 200);
    assert!(requests.iter().all(|r| r["grant_type"] == GRANT));
    assert_eq!(server.stats()["grant_types"].as_object().unwrap().len(), 1);
    api_me(&server, tokens[0].trim_end());
}

#[test]
fn a_bad_key_is_refused_with_exit_2_and_nothing_stored() {
    let server = OidcServer::start();
    let home = home_for(&server, "RS256");
    let pkcs1 =
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEpSECRETMARKERbody\n-----END RSA PRIVATE KEY-----\n";
    let pkcs1_file = home.write("pkcs1.pem", pkcs1);
    let ec_key = std::fs::read_to_string(fixture("jwt/es256-test-key.pem")).unwrap();
    let ec_body: String = ec_key.lines().nth(1).unwrap().chars().take(24).collect();
    let cases = [
        (
            format!("private_key=@{}", pkcs1_file.display()),
            "not PKCS#8",
            "SECRETMARKER",
        ),
        (
            key_param("es256-test-key.pem"),
            "P-256 EC key",
            ec_body.as_str(),
        ),
        (
            "private_key=SECRETMARKER".to_owned(),
            "neither a PEM",
            "SECRETMARKER",
        ),
    ];
    for (param, says, never) in &cases {
        let out = create(&home, "robot", &["client_email=rs256@tether.test", param]).code(2);
        let (out_text, err_text) = (stdout(&out), stderr(&out));
        assert!(err_text.contains("param `private_key`"), "{err_text}");
        assert!(err_text.contains(says), "{err_text}");
        assert!(
            !out_text.contains(never) && !err_text.contains(never),
            "{out_text}{err_text}"
        );
    }
    let hint = stderr(
        &create(
            &home,
            "robot",
            &[
                "client_email=rs256@tether.test",
                &format!("private_key=@{}", pkcs1_file.display()),
            ],
        )
        .code(2),
    );
    assert!(hint.contains("openssl pkey"), "{hint}");
    assert_eq!(server.stats()["token_requests"], 0, "nothing was sent");
    home.run(&["connection", "details", "robot"]).code(2);
    for (path, bytes) in home.files_outside_vault() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("SECRETMARKER"), "{}", path.display());
    }
}

#[test]
fn a_jwt_bearer_connector_has_no_other_flow_and_needs_the_issuer() {
    let server = OidcServer::start();
    let home = home_for(&server, "RS256");
    let key = key_param("rs256-test-key.pem");
    let mut args = vec![
        "--no-input",
        "connection",
        "create",
        "robot",
        "--connector",
        "sa",
        "--authorize",
        "--flow",
        "browser",
        "--param",
    ];
    args.push(&key);
    let out = home.run(&args).code(2);
    assert!(
        stderr(&out).contains("signs its own assertion"),
        "{}",
        stderr(&out)
    );
    let out = home
        .run(&["connector", "configure", "sa", "--client-id", "x"])
        .code(2);
    assert!(stderr(&out).contains("no client app"), "{}", stderr(&out));
    // A PEM names no account: the issuer must be given.
    let out = create(&home, "robot", &[&key]).code(2);
    assert!(
        stderr(&out).contains("--param client_email="),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.stats()["token_requests"], 0);
}

#[test]
fn a_key_the_provider_no_longer_accepts_needs_reauthorization() {
    let server = OidcServer::start_with(&[("OIDC_ACCESS_TOKEN_TTL", "2")]);
    let home = home_for(&server, "RS256");
    let key = key_param("rs256-test-key.pem");
    create(&home, "robot", &["client_email=rs256@tether.test", &key]).success();
    crate::common::oidc::until_due(2);
    // What Google answers for a deleted key.
    server.inject(
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&error=invalid_grant",
    );
    let out = home.run(&["token", "robot"]).code(3);
    assert!(stderr(&out).contains("reauthorize"), "{}", stderr(&out));
    let details = home.json(&["--json", "connection", "details", "robot"]);
    assert_eq!(
        details["environments"]["development"]["status"],
        "needs-reauthorization"
    );
}
