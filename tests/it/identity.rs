//! Who an account is signed in as: read after authorizing from the connector's `[identity]`
//! URL (OAuth2 and API keys) or from an OpenID Connect `id_token`, shown by `connection
//! details` and `account list`, suggested as the account's name, and compared on reauthorize.
//! Against the real authorization server of tests/oidc, whose `/api/user` and `/keyed/user`
//! say who a token or key belongs to.

use serde_json::Value;

use crate::common::oidc::{self, OidcServer, with_browser};
use crate::common::{Home, stderr, stdout};

/// The `files` connector of `server`, reading the identity from `/api/user`.
fn with_identity_url(server: &OidcServer) -> Home {
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 10);
    let toml = server.connector_toml("files", "none")
        + "\n[identity]\nurl = \"{base_url}/api/user\"\nfield = \"/login\"\nsubject = \"/id\"\n";
    home.import_connector("files-identity.toml", &toml)
        .success();
    home
}

/// `connection create files … --authorize` (or `authorize`/`reauthorize` with `args`) through
/// the simulated browser, signing in as `login`.
fn through_browser(home: &Home, login: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    with_browser(home, "browser.log")
        .env("BROWSER_LOGIN", login)
        .args(args)
        .args(["--timeout", "60"])
        .write_stdin("")
        .assert()
}

fn create_files<'a>(account: &'a str, scopes: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["connection", "create", "files", "--connector", "files"];
    for scope in scopes {
        args.extend(["--scope", scope]);
    }
    args.extend(["--authorize", "--account", account]);
    args
}

fn details(home: &Home, link: &str) -> Value {
    home.json(&["connection", "details", link, "--json"])
}

/// The account of `account list --json` named `name`.
fn listed(home: &Home, name: &str) -> Value {
    let list = home.json(&["account", "list", "--json"]);
    list.as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no account `{name}` in {list}"))
        .clone()
}

#[test]
fn an_oauth2_identity_url_names_the_account_everywhere_it_is_shown() {
    let server = OidcServer::start();
    let home = with_identity_url(&server);
    let out = through_browser(&home, "alice", &create_files("work", &["files.read"])).success();
    let err = stderr(&out);
    assert!(
        err.contains(
            "authorized `files` in development as account `work` (signed in as alice@example.com)"
        ),
        "{err}"
    );
    let identity = &details(&home, "files")["environments"]["development"]["identity"];
    assert_eq!(identity["login"], "alice@example.com");
    let subject = identity["subject"]
        .as_str()
        .expect("the numeric id, as text");
    assert!(subject.parse::<u64>().is_ok(), "{identity}");
    assert!(
        identity["read_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    assert_eq!(
        details(&home, "files")["environments"]["production"]["identity"],
        Value::Null,
        "an environment without an account has no identity"
    );
    assert_eq!(
        listed(&home, "work")["identity"]["login"],
        "alice@example.com"
    );

    let text = stdout(&home.run(&["connection", "details", "files"]).success());
    assert!(text.contains("SIGNED IN AS"), "{text}");
    assert!(text.contains("alice@example.com"), "{text}");
    let list = stdout(&home.run(&["account", "list"]).success());
    assert!(
        list.contains("SIGNED IN AS") && list.contains("alice@example.com"),
        "{list}"
    );

    // The identity is metadata: in the account's file, while the token stays in the vault.
    let token = stdout(&home.run(&["token", "files"]).success());
    let token = token.trim_end();
    for output in [err, text, list] {
        assert!(!output.contains(token), "{output}");
    }
    let files = home.files_outside_vault();
    let account_file = files
        .iter()
        .find(|(path, _)| path.to_string_lossy().contains("accounts"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .expect("an account file");
    assert!(
        account_file.contains("login = \"alice@example.com\""),
        "{account_file}"
    );
    assert!(
        files
            .iter()
            .all(|(_, bytes)| !String::from_utf8_lossy(bytes).contains(token))
    );
}

#[test]
fn without_identity_url_the_id_token_names_the_account() {
    let server = OidcServer::start();
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 10);
    let toml = server
        .connector_toml("files", "none")
        .replace("scopes = [\"openid\",", "scopes = [\"openid\", \"email\",");
    home.import_connector("files-email.toml", &toml).success();
    let args = create_files("me", &["files.read", "openid", "email"]);
    let out = through_browser(&home, "carol", &args).success();
    assert!(
        stderr(&out).contains("(signed in as carol@example.com)"),
        "{}",
        stderr(&out)
    );
    let identity = &details(&home, "files")["environments"]["development"]["identity"];
    assert_eq!(identity["login"], "carol@example.com");
    assert_eq!(identity["subject"], "carol", "the id_token's `sub`");

    // Without `openid` there is no id_token, and nothing is claimed.
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 10);
    let out = through_browser(&home, "carol", &create_files("me", &["files.read"])).success();
    assert!(!stderr(&out).contains("signed in as"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let dev = &details(&home, "files")["environments"]["development"];
    assert_eq!(dev["identity"], Value::Null);
    let text = stdout(&home.run(&["connection", "details", "files"]).success());
    assert!(
        !text.contains("SIGNED IN AS"),
        "no column while nothing is known: {text}"
    );
}

#[test]
fn reauthorizing_as_someone_else_says_so() {
    let server = OidcServer::start();
    let home = with_identity_url(&server);
    through_browser(&home, "alice", &create_files("alice", &["files.read"])).success();
    let args = [
        "connection",
        "reauthorize",
        "files",
        "--env",
        "development",
        "--account",
        "bob",
    ];
    let out = through_browser(&home, "bob", &args).success();
    let err = stderr(&out);
    assert!(
        err.contains(
            "the connection `files` in development is now authorized as bob@example.com (was alice@example.com)"
        ),
        "{err}"
    );
    // The same person again is no news.
    let again = ["connection", "reauthorize", "files", "--account", "bob"];
    let out = through_browser(&home, "bob", &again).success();
    assert!(
        !stderr(&out).contains("now authorized as"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        details(&home, "files")["environments"]["development"]["identity"]["login"],
        "bob@example.com"
    );
}

#[test]
fn a_name_that_suggests_another_login_is_warned_about() {
    let server = OidcServer::start();
    let home = with_identity_url(&server);
    let args = create_files("bob-example-com", &["files.read"]);
    let out = through_browser(&home, "alice", &args).success();
    let err = stderr(&out);
    assert!(
        err.contains("warning: account `bob-example-com` is signed in as alice@example.com"),
        "{err}"
    );
    assert!(
        err.contains("tether account rename bob-example-com NEW"),
        "{err}"
    );

    // A name tether has seen on alice's account at this service, signed in as carol.
    let args = [
        "connection",
        "create",
        "files2",
        "--connector",
        "files",
        "--scope",
        "files.write",
        "--authorize",
        "--account",
        "alice",
    ];
    let out = through_browser(&home, "carol", &args).success();
    assert!(
        stderr(&out).contains("warning: account `alice` is signed in as carol@example.com"),
        "{}",
        stderr(&out)
    );
    // Named for the person who signed in: nothing to say.
    let args = [
        "connection",
        "create",
        "files3",
        "--connector",
        "files",
        "--scope",
        "files.write",
        "--scope",
        "files.read",
        "--authorize",
        "--account",
        "dave-work",
    ];
    let out = through_browser(&home, "dave", &args).success();
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

/// An API-key connector whose `/keyed/user` tells whose key it is.
fn keyed_home(server: &OidcServer) -> Home {
    let home = Home::new();
    let toml = format!(
        r#"id = "keyed"
name = "Keyed test API"
auth = "api-key"
base_url = "{}"

[[params]]
name = "api_key"
label = "Keyed API key"
secret = true

[api_key]
placement = "header"
name = "X-API-Key"
value = "{{api_key}}"

[identity]
url = "/keyed/user"
field = "/user/email"
subject = "/user/id"
"#,
        server.issuer
    );
    home.import_connector("keyed.toml", &toml).success();
    home
}

fn create_keyed(home: &Home, key: &str, account: Option<&str>) -> assert_cmd::assert::Assert {
    let mut cmd = home.cmd();
    cmd.env("KEY", key)
        .args([
            "connection",
            "create",
            "k",
            "--connector",
            "keyed",
            "--authorize",
        ])
        .args(["--param", "api_key=env:KEY"]);
    if let Some(account) = account {
        cmd.args(["--account", account]);
    }
    cmd.write_stdin("").assert()
}

#[test]
fn an_api_key_identity_url_is_read_with_the_key() {
    let server = OidcServer::start();
    let home = keyed_home(&server);
    let out = create_keyed(&home, "alice-key-1", None).success();
    assert!(
        stderr(&out).contains("as account `k@development` (signed in as alice@example.com)"),
        "without a terminal the account stays unnamed: {}",
        stderr(&out)
    );
    let account = listed(&home, "k@development");
    assert_eq!(account["identity"]["login"], "alice@example.com");
    assert!(
        account["identity"]["subject"]
            .as_str()
            .is_some_and(|s| s.parse::<u64>().is_ok())
    );
}

#[test]
fn a_failed_identity_read_is_a_warning_and_the_authorization_stands() {
    let server = OidcServer::start();
    let home = keyed_home(&server);
    // The server refuses this key with an answer that repeats it.
    let key = "not-a-known-key-5f2b";
    let out = create_keyed(&home, key, Some("me")).success();
    let err = stderr(&out);
    assert!(
        err.contains("warning: could not read who account `me` is signed in as:"),
        "{err}"
    );
    assert!(err.contains("answered HTTP 401"), "{err}");
    assert!(
        err.contains("authorized `k` in development as account `me`"),
        "{err}"
    );
    assert!(
        !err.contains(key),
        "the provider's answer is not repeated: {err}"
    );
    assert!(!err.contains("unknown key"), "{err}");
    assert_eq!(
        details(&home, "k")["environments"]["development"]["identity"],
        Value::Null
    );
    home.run(&["token", "k"])
        .success()
        .stdout(format!("{key}\n"));
}

#[test]
fn in_a_terminal_the_login_is_the_suggested_account_name() {
    let server = OidcServer::start();
    let home = keyed_home(&server);
    // The key first: the name is asked once tether knows who signed in.
    let steps = serde_json::json!([
        ["expect", "same authorization for all environments"],
        ["send", "n"],
        ["expect", "Environments to authorize"],
        ["send", "\r"],
        ["expect", "Keyed API key"],
        ["send", "bob-key-2\r"],
        ["expect", "signed in as bob@example.com"],
        ["expect", "Name for the authorized account"],
        ["send", "\r"],
        ["expect", "authorized `k`"],
    ]);
    let args = [
        "connection",
        "create",
        "k",
        "--connector",
        "keyed",
        "--authorize",
    ];
    let (code, transcript) = crate::interactive::in_terminal(&home, &steps, &args, &[]);
    assert_eq!(code, 0, "{transcript}");
    assert!(!transcript.contains("bob-key-2"), "{transcript}");
    assert_eq!(
        listed(&home, "bob-example-com")["identity"]["login"],
        "bob@example.com"
    );
}

#[test]
fn an_identity_section_is_validated_on_import() {
    let home = Home::new();
    let base = "id = \"idtest\"\nname = \"X\"\nauth = \"api-key\"\n[api_key]\nplacement = \"header\"\nname = \"K\"\nvalue = \"{api_key}\"\n";
    let cases = [
        (
            "url = \"/user\"\nfield = \"/login\"",
            "relative to base_url",
        ),
        (
            "url = \"http://api.example.com/user\"\nfield = \"/login\"",
            "clear text",
        ),
        (
            "url = \"https://api.example.com/{api_key}\"\nfield = \"/login\"",
            "not available here",
        ),
        (
            "url = \"https://api.example.com/{team}\"\nfield = \"/login\"",
            "unknown placeholder `{team}`",
        ),
        (
            "url = \"https://api.example.com/user\"\nfield = \"login\"",
            "not a JSON pointer",
        ),
        (
            "url = \"https://api.example.com/user\"\nfield = \"/login\"\nsubject = \"/a~2\"",
            "`identity.subject`",
        ),
    ];
    for (section, expected) in cases {
        let file = home.write("x.toml", &format!("{base}[identity]\n{section}\n"));
        let out = home
            .run(&["connector", "import", file.to_str().unwrap()])
            .code(2);
        assert!(
            stderr(&out).contains(expected),
            "{section}: {}",
            stderr(&out)
        );
    }
    let good = r#"id = "idtest"
name = "X"
auth = "api-key"
base_url = "https://{team}.example.com/v2"

[[params]]
name = "team"
connection = true

[api_key]
placement = "header"
name = "K"
value = "{api_key}"

[identity]
url = "{base_url}/me"
field = "/user/login"
subject = "/user/id"
"#;
    home.import_connector("x.toml", good).success();
    let shown = stdout(&home.run(&["connector", "show", "idtest"]).success());
    assert!(
        shown.contains("Identity (read after authorizing)"),
        "{shown}"
    );
    assert!(shown.contains("GET {base_url}/me"), "{shown}");
    let exported = stdout(&home.run(&["connector", "export", "idtest"]).success());
    assert!(
        exported.contains("[identity]") && exported.contains("url = \"{base_url}/me\""),
        "{exported}"
    );
}
