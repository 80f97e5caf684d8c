//! docker's credential-helper protocol as docker drives it: the built
//! `docker-credential-tether` binary with the request on stdin and the answer on stdout, for
//! connections of the real authorization server.

use crate::common::oidc::{self, OidcServer, api_me, until_due};
use crate::common::{Home, stdout};

const TTL: u64 = 8;

/// The test server's connector with `[identity]` (its /api/user login) and `[docker]`.
fn connector(server: &OidcServer) -> String {
    format!(
        "{}
[identity]
url = \"{{base_url}}/api/user\"
field = \"/login\"

[docker]
registries = [\"ghcr.io\", \"index.docker.io\", \"registry.{{site}}\"]

[[params]]
name = \"site\"
connection = true
default = \"example.test\"
",
        server.connector_toml("files", "none")
    )
}

/// A home with the OAuth2 connection `files` authorized as `alice`.
fn authorized_home(server: &OidcServer) -> Home {
    let home = oidc::public_files_home(&connector(server));
    oidc::with_browser(&home, "browser.log")
        .args(["connection", "create", "files", "--connector", "files"])
        .args(["--scope", "files.read", "--param", "site=corp.test"])
        .args(["--authorize", "--account", "alice", "--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    home
}

/// `docker-credential-tether ACTION` with `input` on stdin, as docker runs it.
fn helper(home: &Home, action: &str, input: &str) -> assert_cmd::assert::Assert {
    let mut cmd = assert_cmd::Command::cargo_bin("docker-credential-tether").unwrap();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("TETHER_HOME", home.state())
        .env("TETHER_VAULT_KEY", &home.vault_key)
        .arg(action)
        .write_stdin(input)
        .assert()
}

fn get(home: &Home, server_url: &str) -> serde_json::Value {
    let out = helper(home, "get", server_url).success();
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn token(home: &Home) -> String {
    stdout(&home.run(&["token", "files"]).success())
        .trim_end()
        .to_owned()
}

#[test]
fn get_answers_with_a_fresh_token_and_the_accounts_login() {
    let server = OidcServer::start_with(&[("OIDC_ACCESS_TOKEN_TTL", &TTL.to_string())]);
    let home = authorized_home(&server);
    server.reset_stats();
    let answer = get(&home, "ghcr.io\n");
    assert_eq!(answer["ServerURL"], "ghcr.io");
    assert_eq!(
        answer["Username"], "alice@example.com",
        "the login [identity] read"
    );
    let first = answer["Secret"].as_str().unwrap().to_owned();
    assert_eq!(first, token(&home));
    assert_eq!(api_me(&server, &first)["sub"], "alice");
    assert_eq!(server.stats()["refresh"], 0);

    until_due(TTL);
    let answer = get(&home, "https://ghcr.io/v2/");
    let second = answer["Secret"].as_str().unwrap();
    assert_ne!(second, first, "refreshed when due");
    assert_eq!(api_me(&server, second)["sub"], "alice");
    assert_eq!(server.stats()["refresh"], 1);

    // `tether docker-credential` is the same helper.
    let out = home
        .cmd()
        .args(["docker-credential", "get"])
        .write_stdin("ghcr.io")
        .assert()
        .success();
    assert_eq!(
        stdout(&out),
        stdout(&helper(&home, "get", "ghcr.io").success())
    );
    let log = stdout(&home.run(&["log", "--json"]).success());
    assert!(
        log.contains("\"docker-credential get\"") && log.contains("\"files\""),
        "a use of `files`: {log}"
    );
}

#[test]
fn docker_hub_aliases_templates_and_unknown_registries() {
    let server = OidcServer::start();
    let home = authorized_home(&server);
    let secret = token(&home);
    for hub in [
        "https://index.docker.io/v1/",
        "index.docker.io",
        "docker.io",
        "registry-1.docker.io",
        "https://registry-1.docker.io/v2/",
    ] {
        let answer = get(&home, hub);
        assert_eq!(answer["Secret"], secret.as_str(), "{hub}");
        assert_eq!(answer["ServerURL"], hub.trim(), "{hub}");
    }
    // `registry.{site}` with the connection's site.
    assert_eq!(get(&home, "registry.corp.test")["Secret"], secret.as_str());

    for unknown in ["quay.io", "registry.example.test", "https://gcr.io/v2/"] {
        let out = helper(&home, "get", unknown).code(1);
        assert_eq!(
            stdout(&out),
            "credentials not found in native keychain\n",
            "the protocol's message, on stdout"
        );
    }
    // Not authorized in that environment: not served there.
    let out = assert_cmd::Command::cargo_bin("docker-credential-tether")
        .unwrap()
        .env_clear()
        .env("HOME", home.path())
        .env("TETHER_HOME", home.state())
        .env("TETHER_VAULT_KEY", &home.vault_key)
        .env("TETHER_ENV", "production")
        .arg("get")
        .write_stdin("ghcr.io")
        .assert()
        .code(1);
    assert_eq!(stdout(&out), "credentials not found in native keychain\n");

    let list: serde_json::Value =
        serde_json::from_str(&stdout(&helper(&home, "list", "").success())).unwrap();
    assert_eq!(
        list,
        serde_json::json!({
            "ghcr.io": "alice@example.com",
            "https://index.docker.io/v1/": "alice@example.com",
            "registry.corp.test": "alice@example.com",
        })
    );
}

#[test]
fn store_and_erase_never_change_the_authorization() {
    let server = OidcServer::start();
    let home = authorized_home(&server);
    let secret = token(&home);
    let login = |url: &str| {
        format!(r#"{{"ServerURL":"{url}","Username":"someone","Secret":"typed-at-docker-login"}}"#)
    };
    // A registry tether serves: accepted, nothing stored.
    helper(&home, "store", &login("ghcr.io")).success();
    assert_eq!(get(&home, "ghcr.io")["Secret"], secret.as_str());
    for (path, bytes) in home.files_outside_vault() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("typed-at-docker-login"),
            "{}",
            path.display()
        );
    }
    // Any other: refused, with the reason where docker shows it.
    let out = helper(&home, "store", &login("quay.io")).code(1);
    assert!(
        stdout(&out).contains("tether keeps no credentials for quay.io"),
        "{}",
        stdout(&out)
    );
    let out = helper(&home, "store", "not json").failure();
    assert!(!stdout(&out).is_empty());

    // `docker logout`: nothing is erased.
    helper(&home, "erase", "ghcr.io\n").success();
    assert_eq!(get(&home, "ghcr.io")["Secret"], secret.as_str());
    assert_eq!(api_me(&server, &secret)["sub"], "alice");
    let details = home.json(&["connection", "details", "files", "--json"]);
    assert_eq!(
        details["environments"]["development"]["status"],
        "connected"
    );
}

#[test]
fn a_registry_several_connections_serve_needs_one_named() {
    let server = OidcServer::start();
    let home = authorized_home(&server);
    let keyed = r#"id = "keyed"
name = "Keyed registry"
auth = "api-key"

[[params]]
name = "api_key"
secret = true

[api_key]
placement = "header"
name = "X-API-Key"
value = "{api_key}"

[docker]
registries = ["ghcr.io"]
username = "robot"
"#;
    home.import_connector("keyed.toml", keyed).success();
    home.run_with_key(
        "k-123",
        &[
            "connection",
            "create",
            "robot",
            "--connector",
            "keyed",
            "--authorize",
            "--account",
            "robot",
            "--param",
            "api_key=env:KEY",
        ],
    )
    .success();
    let out = helper(&home, "get", "ghcr.io").failure();
    assert!(
        stdout(&out).contains("files, robot") && stdout(&out).contains("TETHER_DOCKER_LINK"),
        "{}",
        stdout(&out)
    );
    let out = assert_cmd::Command::cargo_bin("docker-credential-tether")
        .unwrap()
        .env_clear()
        .env("HOME", home.path())
        .env("TETHER_HOME", home.state())
        .env("TETHER_VAULT_KEY", &home.vault_key)
        .env("TETHER_DOCKER_LINK", "robot")
        .arg("get")
        .write_stdin("ghcr.io")
        .assert()
        .success();
    let answer: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(answer["Username"], "robot");
    assert_eq!(answer["Secret"], "k-123");
    // The name picks among those that serve a registry; other registries are served as ever.
    let out = assert_cmd::Command::cargo_bin("docker-credential-tether")
        .unwrap()
        .env_clear()
        .env("HOME", home.path())
        .env("TETHER_HOME", home.state())
        .env("TETHER_VAULT_KEY", &home.vault_key)
        .env("TETHER_DOCKER_LINK", "robot")
        .arg("get")
        .write_stdin("docker.io")
        .assert()
        .success();
    let answer: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(answer["Secret"], token(&home).as_str());
}
