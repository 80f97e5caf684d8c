//! `tether connector …` through the real binary: import, list, show, export, delete, configure.

use crate::common::{Home, stderr, stdout};

const BASIC: &str = r#"# Acme's legacy API
id = "acme-basic"
name = "Acme Legacy"
auth = "basic"
description = "The old Acme API with an account email and password"
base_url = "https://{subdomain}.acme.example/api"

[[params]]
name = "subdomain"
label = "Acme subdomain"
connection = true

[[params]]
name = "email"
label = "Account email"

[[params]]
name = "api_token"
label = "API token"
secret = true

[basic]
username = "{email}"
password = "{api_token}"

[env]
ACME_USER = "{username}"
ACME_PASSWORD = "{password}"
"#;

const API_KEY: &str = r#"id = "acme-key"
name = "Acme Keys"
auth = "api-key"
base_url = "https://api.acme.example"

[api_key]
placement = "header"
name = "Authorization"
value = "Bearer {api_key}"

[env]
ACME_API_KEY = "{api_key}"
"#;

const OAUTH: &str = r#"id = "acme"
name = "Acme Files"
auth = "oauth2"
base_url = "https://{subdomain}.acme.example"
docs = "https://docs.acme.example"

[[params]]
name = "subdomain"
label = "Acme subdomain"
connection = true

[oauth2]
grant = "authorization_code"
authorization_url = "https://auth.acme.example/authorize"
token_url = "https://auth.acme.example/token"
device_authorization_url = "https://auth.acme.example/device"
revocation_url = "https://auth.acme.example/revoke"
scopes = ["files.read", "files.write", "offline_access"]
default_scopes = ["offline_access"]
scope_separator = " "
pkce = true
client_auth = "basic"
authorization_params = { access_type = "offline" }
redirect_host = "127.0.0.1"
redirect_path = "/callback"
redirect_port = 0
expiry_buffer_secs = 60

[oauth2.scope_descriptions]
"files.read" = "Read your files"

[env]
ACME_TOKEN = "{access_token}"
"#;

fn json(assert: &assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_str(&stdout(assert)).unwrap()
}

/// The custom connector files stored in the home.
fn stored(home: &Home) -> Vec<String> {
    let dir = home.state().join("connectors");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A home with the three custom connectors imported.
fn imported() -> Home {
    let home = Home::new();
    for (name, text, id) in [
        ("basic.toml", BASIC, "acme-basic"),
        ("key.toml", API_KEY, "acme-key"),
        ("oauth.toml", OAUTH, "acme"),
    ] {
        let out = home.import_connector(name, text).success();
        assert_eq!(stderr(&out), format!("imported custom connector `{id}`\n"));
        assert!(stdout(&out).is_empty());
    }
    let again = home.import_connector("oauth.toml", OAUTH).success();
    assert!(stderr(&again).contains("(replaced the previous definition)"));
    assert_eq!(
        stored(&home),
        ["acme-basic.toml", "acme-key.toml", "acme.toml"]
    );
    home
}

#[test]
fn imported_connectors_are_listed() {
    let home = imported();
    let list = stdout(&home.run(&["connector", "list", "--custom"]).success());
    let lines: Vec<&str> = list.lines().collect();
    assert!(lines[0].starts_with("ID"), "{list}");
    assert_eq!(lines.len(), 4, "{list}");
    assert!(
        lines[1].starts_with("acme ")
            && lines[1].contains("oauth2")
            && lines[1].ends_with("custom")
    );
    assert!(lines[2].contains("Acme Legacy") && lines[2].contains("basic"));
    assert!(lines[3].contains("api-key"));

    let all = json(&home.run(&["connector", "list", "--json"]).success());
    let ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "sorted: {ids:?}");
    assert!(ids.contains(&"github") && ids.contains(&"acme"));
    let acme = all
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "acme")
        .unwrap();
    assert_eq!(acme["origin"], "custom");
    assert_eq!(acme["auth"], "oauth2");
    assert_eq!(acme["name"], "Acme Files");

    let filtered = json(
        &home
            .run(&[
                "connector",
                "list",
                "--json",
                "--auth",
                "basic",
                "--search",
                "LEGACY",
            ])
            .success(),
    );
    assert_eq!(filtered.as_array().unwrap().len(), 1);
    assert_eq!(filtered[0]["id"], "acme-basic");
    let builtin = json(
        &home
            .run(&["connector", "list", "--json", "--builtin"])
            .success(),
    );
    assert!(
        builtin
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["origin"] == "builtin")
    );
}

#[test]
fn imported_connectors_are_shown() {
    let home = imported();
    let show = json(&home.run(&["connector", "show", "acme", "--json"]).success());
    assert_eq!(show["origin"], "custom");
    assert_eq!(
        show["oauth2"]["token_url"],
        "https://auth.acme.example/token"
    );
    assert_eq!(
        show["oauth2"]["default_scopes"],
        serde_json::json!(["offline_access"])
    );
    assert_eq!(
        show["scope_details"][0],
        serde_json::json!({"name": "files.read", "description": "Read your files", "default": false})
    );
    assert_eq!(show["scope_details"][2]["default"], true);
    assert_eq!(show["env"]["ACME_TOKEN"], "{access_token}");
    assert_eq!(show["params"][0]["connection"], true);

    let human = stdout(&home.run(&["connector", "show", "acme"]).success());
    for expected in [
        "Acme Files (acme)",
        "https://{subdomain}.acme.example",
        "https://auth.acme.example/authorize",
        "https://auth.acme.example/device",
        "* offline_access",
        "files.read      Read your files",
        "ACME_TOKEN",
        "subdomain",
        "not configured",
    ] {
        assert!(
            human.contains(expected),
            "{expected:?} missing from:\n{human}"
        );
    }
    let key = stdout(&home.run(&["connector", "show", "acme-key"]).success());
    assert!(
        key.contains("header `Authorization: Bearer {api_key}`"),
        "{key}"
    );
    assert!(
        key.contains("api_key") && key.contains("API key"),
        "the implicit param is shown:\n{key}"
    );
}

#[test]
fn export_prints_what_was_imported_and_imports_back_unchanged() {
    let home = imported();
    for (id, text) in [
        ("acme", OAUTH),
        ("acme-basic", BASIC),
        ("acme-key", API_KEY),
    ] {
        let exported = stdout(&home.run(&["connector", "export", id]).success());
        assert_eq!(exported, text);
        let before = std::fs::read(home.state().join(format!("connectors/{id}.toml"))).unwrap();
        home.cmd()
            .args(["connector", "import", "-"])
            .write_stdin(exported.clone())
            .assert()
            .success();
        let after = std::fs::read(home.state().join(format!("connectors/{id}.toml"))).unwrap();
        assert_eq!(before, after);
        let show_before = stdout(&home.run(&["connector", "show", id, "--json"]).success());
        assert_eq!(
            stdout(&home.run(&["connector", "export", id]).success()),
            exported
        );
        assert!(!show_before.is_empty());
    }
}

#[test]
fn builtins_are_shown_and_exported() {
    let home = Home::new();
    let github = json(
        &home
            .run(&["connector", "show", "github", "--json"])
            .success(),
    );
    assert_eq!(github["origin"], "builtin");
    assert_eq!(
        github["oauth2"]["device_authorization_url"],
        "https://github.com/login/device/code"
    );
    assert_eq!(github["env"]["GH_TOKEN"], "{access_token}");
    let jira = json(
        &home
            .run(&["connector", "show", "atlassian-jira", "--json"])
            .success(),
    );
    assert_eq!(jira["base_url"], "https://{site}.atlassian.net");
    let weather = json(
        &home
            .run(&["connector", "show", "openweather", "--json"])
            .success(),
    );
    assert_eq!(weather["api_key"]["placement"], "query");
    assert_eq!(weather["api_key"]["name"], "appid");

    let exported = home.run(&["connector", "export", "openai"]).success();
    assert!(stdout(&exported).contains("OPENAI_API_KEY = \"{api_key}\""));
    assert!(
        stderr(&exported).contains("openai-custom"),
        "the hint says how to import a copy"
    );
    // a copy with its own id imports
    let copy = stdout(&exported).replace("id = \"openai\"", "id = \"openai-custom\"");
    home.import_connector("copy.toml", &copy).success();
}

#[test]
fn malformed_toml_is_refused_with_its_position() {
    let home = Home::new();
    let broken = OAUTH.replace("name = \"Acme Files\"", "name = \"Acme Files");
    let out = home.import_connector("broken.toml", &broken).code(2);
    let err = stderr(&out);
    let path = home.path().join("broken.toml");
    assert!(err.contains(&format!("{}:2:19:", path.display())), "{err}");
    assert!(err.contains("nothing was stored"), "{err}");
    assert!(stored(&home).is_empty());

    let out = home
        .cmd()
        .args(["connector", "import", "-"])
        .write_stdin("id = \n")
        .assert()
        .code(2);
    assert!(stderr(&out).contains("<stdin>:1:"), "{}", stderr(&out));
    assert!(stored(&home).is_empty());
}

#[test]
fn semantic_errors_are_refused_with_position_and_hint() {
    let home = Home::new();
    let cases = [
        (
            OAUTH.replace("{access_token}", "{acess_token}"),
            33,
            "unknown placeholder `{acess_token}`",
        ),
        (
            OAUTH.replace(
                "https://auth.acme.example/token",
                "http://auth.acme.example/token",
            ),
            15,
            "https://",
        ),
        (
            OAUTH.replace(
                "default_scopes = [\"offline_access\"]",
                "default_scopes = [\"admin\"]",
            ),
            19,
            "`admin` is not in `scopes`",
        ),
        (
            OAUTH
                .replace("ACME_TOKEN", "ACME TOKEN")
                .replace("ACME TOKEN =", "\"ACME TOKEN\" ="),
            33,
            "not a valid environment variable name",
        ),
        (
            OAUTH.replace("id = \"acme\"", "id = \"Acme\""),
            1,
            "upper-case",
        ),
        (
            OAUTH.replace("id = \"acme\"", "id = \"a/b\""),
            1,
            "path separator",
        ),
        (OAUTH.replace("id = \"acme\"", "id = \"..\""), 1, "`..`"),
        (
            OAUTH.replace("id = \"acme\"", "id = \"a b\""),
            1,
            "white space",
        ),
    ];
    for (text, line, expected) in cases {
        let out = home.import_connector("bad.toml", &text).code(2);
        let err = stderr(&out);
        let at = format!("{}:{line}:", home.path().join("bad.toml").display());
        assert!(err.contains(&at), "expected {at} in {err}");
        assert!(err.contains(expected), "expected {expected:?} in {err}");
        assert!(err.contains("hint:"), "{err}");
        assert!(stored(&home).is_empty(), "nothing stored after {expected}");
    }
}

#[test]
fn builtin_ids_are_reserved() {
    let home = Home::new();
    let out = home
        .import_connector(
            "github.toml",
            &OAUTH.replace("id = \"acme\"", "id = \"github\""),
        )
        .code(2);
    let err = stderr(&out);
    assert!(
        err.contains("`github` is the id of a built-in connector"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert!(stored(&home).is_empty());

    let out = home.run(&["connector", "delete", "github"]).code(2);
    assert!(
        stderr(&out).contains("built-in connector and cannot be deleted"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn delete_is_refused_while_a_connection_uses_the_connector() {
    let home = Home::new();
    home.import_connector("oauth.toml", OAUTH).success();
    let connections = home.state().join("connections");
    std::fs::create_dir_all(&connections).unwrap();
    std::fs::write(
        connections.join("files.toml"),
        "link_name = \"files\"\nconnector = \"acme\"\ndisplay_name = \"Files\"\n[environments.development]\naccount = \"x\"\n",
    )
    .unwrap();
    std::fs::write(
        connections.join("other.toml"),
        "link_name = \"other\"\nconnector = \"github\"\n",
    )
    .unwrap();

    let out = home.run(&["connector", "delete", "acme"]).code(2);
    let err = stderr(&out);
    assert!(err.contains("`files`") && !err.contains("`other`"), "{err}");
    assert!(err.contains("tether connection delete files"), "{err}");
    assert_eq!(stored(&home), ["acme.toml"]);

    std::fs::remove_file(connections.join("files.toml")).unwrap();
    let out = home.run(&["connector", "delete", "acme"]).success();
    assert!(stderr(&out).contains("deleted custom connector `acme`"));
    assert!(stored(&home).is_empty());
    home.run(&["connector", "delete", "acme"]).code(2);
}

#[test]
fn unknown_connectors_get_a_suggestion() {
    let home = Home::new();
    for args in [
        &["connector", "show", "githb"][..],
        &["connector", "export", "githb"],
        &["connector", "delete", "githb"],
    ] {
        let out = home.run(args).code(2);
        let err = stderr(&out);
        assert!(
            err.contains("unknown connector `githb`; did you mean `github`?"),
            "{err}"
        );
    }
    let out = home.run(&["connector", "show", "../../etc/passwd"]).code(2);
    assert!(
        stderr(&out).contains("unknown connector"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn configure_validates_before_touching_anything() {
    let home = Home::new();
    let out = home
        .run(&["connector", "configure", "openai", "--client-id", "abc"])
        .code(2);
    assert!(
        stderr(&out).contains("only oauth2 connectors have a client app"),
        "{}",
        stderr(&out)
    );
    let out = home
        .run(&["connector", "configure", "gthub", "--client-id", "abc"])
        .code(2);
    assert!(
        stderr(&out).contains("did you mean `github`"),
        "{}",
        stderr(&out)
    );
    let out = home
        .run(&["connector", "configure", "github", "--client-id", "a b"])
        .code(2);
    assert!(
        stderr(&out).contains("not a usable client id"),
        "{}",
        stderr(&out)
    );
    let out = home
        .run(&[
            "connector",
            "configure",
            "github",
            "--client-id",
            "abc",
            "--client-secret",
            "env:NOT_SET_HERE",
        ])
        .code(2);
    assert!(stderr(&out).contains("NOT_SET_HERE"), "{}", stderr(&out));
    assert!(!home.state().join("clients").exists());
}

#[test]
fn configure_stores_the_client_id_in_a_file_and_the_secret_in_the_vault() {
    let home = Home::new();
    let secret = "s3cr3t-client-value";
    let out = home
        .cmd()
        .args([
            "connector",
            "configure",
            "github",
            "--client-id",
            "Iv1.abc",
            "--client-secret",
            "@-",
        ])
        .write_stdin(format!("{secret}\n"))
        .assert()
        .success();
    assert!(
        stderr(&out).contains("client id `Iv1.abc`"),
        "{}",
        stderr(&out)
    );
    let file = std::fs::read_to_string(home.state().join("clients/github.toml")).unwrap();
    assert!(file.contains("client_id = \"Iv1.abc\""), "{file}");
    for (path, bytes) in home.files_outside_vault() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "secret leaked into {}",
            path.display()
        );
    }
    let show = json(
        &home
            .run(&["connector", "show", "github", "--json"])
            .success(),
    );
    assert_eq!(
        show["client"],
        serde_json::json!({"client_id": "Iv1.abc", "source": "configured", "has_secret": true})
    );
    assert!(!stdout(&home.run(&["connector", "show", "github"]).success()).contains(secret));

    // a public client replaces it, and the old secret goes away with it
    home.run(&[
        "connector",
        "configure",
        "github",
        "--client-id",
        "Iv1.public",
    ])
    .success();
    let show = json(
        &home
            .run(&["connector", "show", "github", "--json"])
            .success(),
    );
    assert_eq!(show["client"]["has_secret"], false);
    assert_eq!(show["client"]["client_id"], "Iv1.public");
}

#[test]
fn stale_connectors_are_found_by_the_month_they_were_checked() {
    let home = imported();
    let old = API_KEY
        .replace("id = \"acme-key\"", "id = \"acme-old\"")
        .replace(
            "auth = \"api-key\"",
            "auth = \"api-key\"\nverified = \"2025-03\"",
        );
    home.import_connector("old.toml", &old).success();
    let fresh = API_KEY
        .replace("id = \"acme-key\"", "id = \"acme-fresh\"")
        .replace(
            "auth = \"api-key\"",
            "auth = \"api-key\"\nverified = \"2026-02\"",
        );
    home.import_connector("fresh.toml", &fresh).success();

    let ids = |args: &[&str]| -> Vec<String> {
        let listed = json(&home.run(args).success());
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // Never checked counts as stale; built-ins are checked later than either date.
    let stale = ids(&[
        "connector",
        "list",
        "--verified-before",
        "2026-01",
        "--json",
    ]);
    assert_eq!(stale, ["acme", "acme-basic", "acme-key", "acme-old"]);
    let stale = ids(&[
        "connector",
        "list",
        "--verified-before",
        "2026-02-15",
        "--json",
    ]);
    assert_eq!(
        stale,
        ["acme", "acme-basic", "acme-fresh", "acme-key", "acme-old"]
    );

    let text = stdout(
        &home
            .run(&[
                "connector",
                "list",
                "--verified-before",
                "2026-01",
                "--custom",
            ])
            .success(),
    );
    assert!(text.lines().next().unwrap().ends_with("VERIFIED"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("acme-old") && l.ends_with("2025-03")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("acme-key") && l.ends_with("never")),
        "{text}"
    );
    let listed = json(&home.run(&["connector", "list", "--json"]).success());
    let old = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "acme-old");
    assert_eq!(old.unwrap()["verified"], "2025-03");

    let bad = home
        .run(&["connector", "list", "--verified-before", "last year"])
        .code(2);
    assert!(
        stderr(&bad).contains("write YYYY-MM or YYYY-MM-DD"),
        "{}",
        stderr(&bad)
    );
}
