//! Parsing and validation of whole connector files, and the built-in catalog.

use std::path::Path;

use super::*;

const OAUTH: &str = r#"id = "acme"
name = "Acme Files"
auth = "oauth2"
base_url = "https://{subdomain}.acme.example"

[[params]]
name = "subdomain"
label = "Acme subdomain"
connection = true

[oauth2]
authorization_url = "https://auth.acme.example/authorize"
token_url = "https://auth.acme.example/token"
scopes = ["files.read", "files.write", "offline_access"]
default_scopes = ["offline_access"]

[env]
ACME_TOKEN = "{access_token}"
"#;

/// The error of parsing `text` as `t.toml`: (line, column, message).
fn error(text: &str) -> (usize, usize, String) {
    match parse(text, Path::new("t.toml")).unwrap_err() {
        ConnectorError::File {
            path,
            line,
            column,
            message,
        } => {
            assert_eq!(path, Path::new("t.toml"));
            (line, column, message)
        }
        other => panic!("not a connector file error: {other}"),
    }
}

/// `OAUTH` with `from` replaced by `to`, which must occur.
fn with(from: &str, to: &str) -> String {
    assert!(OAUTH.contains(from), "{from}");
    OAUTH.replacen(from, to, 1)
}

#[test]
fn a_valid_file_parses_and_round_trips() {
    let c = parse(OAUTH, Path::new("t.toml")).unwrap();
    assert_eq!(c.id, "acme");
    assert_eq!(c.oauth2().unwrap().redirect_host, "127.0.0.1");
    let again = parse(&to_toml(&c).unwrap(), Path::new("t.toml")).unwrap();
    assert_eq!(again, c);
}

#[test]
fn syntax_errors_have_positions() {
    let (line, column, message) = error(&with("name = \"Acme Files\"", "name = \"Acme Files"));
    assert_eq!((line, column), (2, 19));
    assert!(message.contains("expected"), "{message}");
    let (line, _, message) = error(&with("token_url", "tokenurl"));
    assert_eq!(line, 13);
    assert!(message.contains("unknown field `tokenurl`"), "{message}");
}

#[test]
fn semantic_errors_point_at_the_key() {
    let cases = [
        (
            with(
                "\"https://auth.acme.example/token\"",
                "\"http://auth.acme.example/token\"",
            ),
            13,
            "https://",
        ),
        (
            with(
                "default_scopes = [\"offline_access\"]",
                "default_scopes = [\"offline_access\", \"admin\"]",
            ),
            15,
            "`admin` is not in `scopes`",
        ),
        (
            with("{access_token}", "{acces_token}"),
            18,
            "unknown placeholder `{acces_token}`",
        ),
        (
            with("ACME_TOKEN", "ACME-TOKEN"),
            18,
            "not a valid environment variable name",
        ),
        (with("id = \"acme\"", "id = \"Acme\""), 1, "upper-case"),
        (with("id = \"acme\"", "id = \"a/b\""), 1, "path separator"),
        (with("id = \"acme\"", "id = \"..\""), 1, "`..`"),
        (with("id = \"acme\"", "id = \"a b\""), 1, "white space"),
        (
            with("connection = true", "connection = true\nsecret = true"),
            9,
            "secret",
        ),
        (
            with("{subdomain}.acme", "{tenant}.acme"),
            4,
            "unknown placeholder `{tenant}`",
        ),
        (
            with(
                "authorization_url = \"https://auth.acme.example/authorize\"\n",
                "",
            ),
            11,
            "authorization_url",
        ),
        (
            with("[oauth2]\n", "[oauth2]\nredirect_host = \"example.com\"\n"),
            12,
            "loopback",
        ),
        (
            with("[oauth2]\n", "[oauth2]\nredirect_path = \"callback\"\n"),
            12,
            "starting with `/`",
        ),
        (
            with("[oauth2]\n", "[oauth2]\nscope_separator = \"\"\n"),
            12,
            "scope_separator",
        ),
        (
            with("[oauth2]\n", "[oauth2]\nexpiry_buffer_secs = 86400\n"),
            12,
            "0 to 3600",
        ),
        (
            with(
                "[env]\n",
                "[basic]\nusername = \"u\"\npassword = \"{password}\"\n\n[env]\n",
            ),
            17,
            "[basic] is for auth = \"basic\"",
        ),
        (
            with("{access_token}", "{password}"),
            18,
            "not available here",
        ),
        (
            with("https://{subdomain}", "https://{access_token}"),
            4,
            "not available here",
        ),
    ];
    for (text, line, expected) in cases {
        let (at, _, message) = error(&text);
        assert!(
            message.contains(expected),
            "expected {expected:?} in {message:?}"
        );
        assert_eq!(at, line, "{message}");
    }
}

#[test]
fn loopback_endpoints_may_use_http() {
    for host in ["127.0.0.1:8080", "localhost", "[::1]:9000", "LOCALHOST"] {
        let text = with(
            "https://auth.acme.example/token",
            &format!("http://{host}/token"),
        );
        assert!(parse(&text, Path::new("t.toml")).is_ok(), "{host}");
    }
    for url in [
        "http://127.0.0.2/t",
        "http://localhost.evil.example/t",
        "ftp://a/t",
        "https:///t",
        "https://u:p@a.example/t",
        "https://a.example:0/t",
    ] {
        let (line, _, message) = error(&with("https://auth.acme.example/token", url));
        assert_eq!(line, 13, "{url}: {message}");
    }
}

#[test]
fn secrets_stay_out_of_urls_and_files() {
    let (_, _, message) = error(
        &with(
            "connection = true",
            "connection = false\n\n[[params]]\nname = \"key\"\nsecret = true",
        )
        .replace("{subdomain}.acme", "{key}.acme"),
    );
    assert!(message.contains("secret param `key`"), "{message}");
    let api_key = "id = \"k\"\nname = \"K\"\nauth = \"api-key\"\n[api_key]\nplacement = \"header\"\nname = \"X-Key\"\nvalue = \"hard-coded\"\n";
    let (line, _, message) = error(api_key);
    assert_eq!(line, 7);
    assert!(message.contains("uses no secret"), "{message}");
    let bad_header = api_key
        .replace("X-Key", "X Key")
        .replace("hard-coded", "{api_key}");
    assert!(error(&bad_header).2.contains("HTTP header name"));
}

#[test]
fn every_builtin_parses_validates_and_is_sorted() {
    let ids: Vec<&str> = builtin::ids().collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "BUILTINS must be sorted by id without repeats");
    for (id, text) in builtin::BUILTINS {
        let c = parse(text, &builtin::display_path(id)).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(&c.id, id, "the table's id must match the file's");
        assert_eq!(
            parse(&to_toml(&c).unwrap(), Path::new("x")).unwrap(),
            c,
            "{id} round-trips"
        );
        assert!(c.docs.is_some(), "{id} links its docs");
    }
    for required in [
        "atlassian-jira",
        "github",
        "openai",
        "openweather",
        "twilio",
    ] {
        assert!(builtin::is_builtin(required), "{required}");
    }
}

#[test]
fn choices_are_checked_where_they_are_written() {
    let choices = "connection = true\nchoices = [\"com\", \"eu\", \"in\"]\ndefault = \"eu\"";
    let c = parse(&with("connection = true", choices), Path::new("t.toml")).unwrap();
    let region = c.param("subdomain").unwrap();
    assert_eq!(region.choices, ["com", "eu", "in"]);
    assert!(region.allows("in") && !region.allows("de"));
    let again = parse(&to_toml(&c).unwrap(), Path::new("t.toml")).unwrap();
    assert_eq!(again, c, "choices survive a round trip");

    let cases = [
        (
            "connection = true\nchoices = [\"com\", \"eu\"]\ndefault = \"de\"",
            "the default `de` of param `subdomain` is not one of its choices (com, eu)",
        ),
        (
            "connection = true\nchoices = [\"com\", \"com\"]",
            "lists the choice `com` twice",
        ),
        (
            "connection = true\nchoices = [\"com\", \" \"]",
            "is empty or has control characters",
        ),
        (
            "secret = true\nchoices = [\"a\", \"b\"]",
            "a secret cannot be picked from a list",
        ),
    ];
    for (replacement, expected) in cases {
        let (_, _, message) = error(&with("connection = true", replacement));
        assert!(message.contains(expected), "{message}");
    }
}

#[test]
fn where_the_access_token_goes_is_checked() {
    let placed = |lines: &str| with("[env]", &format!("{lines}\n\n[env]"));
    let c = parse(
        &placed("token_value = \"Zoho-oauthtoken {access_token}\""),
        Path::new("t.toml"),
    )
    .unwrap();
    assert_eq!(
        c.applied(),
        "header `Authorization: Zoho-oauthtoken {access_token}`"
    );
    let cases = [
        (
            "token_query = \"access_token\"\ntoken_header = \"X-Token\"",
            "either in a header (`token_header`, `token_value`) or in the query",
        ),
        (
            "token_value = \"Zoho-oauthtoken\"",
            "does not use the token",
        ),
        ("token_header = \"X Token\"", "not a valid HTTP header name"),
        (
            "token_value = \"Token {acces_token}\"",
            "unknown placeholder `{acces_token}`",
        ),
        ("token_query = \"a&b\"", "not a usable query parameter name"),
    ];
    for (lines, expected) in cases {
        let (_, _, message) = error(&placed(lines));
        assert!(message.contains(expected), "{lines}: {message}");
    }
}

const KEYS: &str = r#"id = "dd"
name = "Two Keys"
auth = "api-key"
base_url = "https://api.{site}"
verified = "2026-12"

[[params]]
name = "site"
connection = true
default = "datadoghq.com"

[[params]]
name = "app_key"
secret = true

[headers]
Api-Version = "2"

[api_key]
headers = { "DD-API-KEY" = "{api_key}", "DD-APPLICATION-KEY" = "{app_key}" }
"#;

#[test]
fn several_keys_and_fixed_headers_are_read_and_checked() {
    let c = parse(KEYS, Path::new("t.toml")).unwrap();
    let Auth::ApiKey(api_key) = &c.auth else {
        panic!("an api-key connector")
    };
    let names: Vec<_> = api_key.placements.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["DD-API-KEY", "DD-APPLICATION-KEY"]);
    assert!(
        c.param("api_key").is_some_and(|p| p.secret),
        "the implied key is asked for"
    );
    assert_eq!(c.headers["Api-Version"], "2");
    assert_eq!(c.verified.as_deref(), Some("2026-12"));
    assert_eq!(
        c.applied(),
        "header `DD-API-KEY: {api_key}` and header `DD-APPLICATION-KEY: {app_key}`"
    );
    let again = parse(&to_toml(&c).unwrap(), Path::new("t.toml")).unwrap();
    assert_eq!(again, c, "a round trip changes nothing");

    let cases = [
        (
            "verified = \"2026-12\"",
            "verified = \"Dec 2026\"",
            "is not a month",
        ),
        (
            "verified = \"2026-12\"",
            "verified = \"2026-00\"",
            "is not a month",
        ),
        (
            "Api-Version = \"2\"",
            "\"Api Version\" = \"2\"",
            "not a valid HTTP header name",
        ),
        (
            "Api-Version = \"2\"",
            "dd-api-key = \"x\"",
            "carries the credential already",
        ),
        (
            "Api-Version = \"2\"",
            "X-Org = \"{org}\"",
            "unknown placeholder `{org}`",
        ),
        (
            "headers = { \"DD-API-KEY\" = \"{api_key}\", \"DD-APPLICATION-KEY\" = \"{app_key}\" }",
            "query = { key = \"{api_key}\" }\n\n[query]\nkey = \"{site}\"",
            "`key` carries the credential already (`key`); remove it from [query]",
        ),
        (
            "[headers]\nApi-Version = \"2\"",
            "[query]\n\"a&b\" = \"2\"",
            "not a usable query parameter name",
        ),
        (
            "headers = { \"DD-API-KEY\" = \"{api_key}\", \"DD-APPLICATION-KEY\" = \"{app_key}\" }",
            "headers = { \"DD-API-KEY\" = \"{api_key}\" }\nplacement = \"header\"",
            "mixes one key",
        ),
        (
            "headers = { \"DD-API-KEY\" = \"{api_key}\", \"DD-APPLICATION-KEY\" = \"{app_key}\" }",
            "query = { key = \"literal\" }",
            "uses no secret",
        ),
        (
            "headers = { \"DD-API-KEY\" = \"{api_key}\", \"DD-APPLICATION-KEY\" = \"{app_key}\" }",
            "",
            "needs `placement`, `name` and `value`",
        ),
    ];
    for (from, to, expected) in cases {
        let (_, _, message) = error(&KEYS.replace(from, to));
        assert!(message.contains(expected), "{to}: {message}");
    }
}

#[test]
fn captures_revocation_and_nested_tokens_are_checked() {
    let oauth = |extra: &str| {
        OAUTH.replace(
            "[env]",
            &format!("access_token_pointer = \"/authed_user/access_token\"\n{extra}\n[env]"),
        )
    };
    let captured = oauth(
        "[oauth2.capture]\ninstance_url = \"token:/instance_url\"\nrealm_id = \"callback:realmId\"\n\n[oauth2.revocation]\nurl = \"https://auth.acme.example/revoke\"\nauth = \"bearer\"\nbody = \"json\"\n",
    )
    .replace(
        "base_url = \"https://{subdomain}.acme.example\"",
        "base_url = \"{instance_url}/v1\"",
    )
    .replace("ACME_TOKEN", "ACME_REALM = \"{realm_id}\"\nACME_TOKEN");
    let c = parse(&captured, Path::new("t.toml")).unwrap();
    let o = c.oauth2().unwrap();
    assert_eq!(o.capture["realm_id"], Capture::Callback("realmId".into()));
    let revocation = o.revocation().unwrap();
    assert_eq!(revocation.body, RevocationBody::Json);
    assert_eq!(revocation.token_param, "token");
    let again = parse(&to_toml(&c).unwrap(), Path::new("t.toml")).unwrap();
    assert_eq!(again, c, "a round trip changes nothing");

    let cases = [
        ("[oauth2.capture]\nx = \"body:/x\"", "is not a capture"),
        (
            "[oauth2.capture]\nsubdomain = \"token:/x\"",
            "cannot name a captured value",
        ),
        (
            "revocation_url = \"https://auth.acme.example/r\"\n[oauth2.revocation]\nurl = \"https://auth.acme.example/revoke\"",
            "both `revocation_url` and [oauth2.revocation]",
        ),
        (
            "[oauth2.revocation]\nurl = \"https://auth.acme.example/revoke\"\nbody = \"none\"",
            "sends no token",
        ),
        (
            "[oauth2.revocation]\nurl = \"http://auth.acme.example/revoke\"",
            "uses http://",
        ),
        (
            "token_params = { grant_type = \"x\" }",
            "set by tether itself",
        ),
        (
            "[oauth2.capture]\nkept = \"token:/refresh_token\"",
            "would capture a credential",
        ),
        (
            "[oauth2.capture]\nkept = \"callback:code\"",
            "would capture a credential",
        ),
        (
            "token_params = { device_code = \"x\" }",
            "set by tether itself",
        ),
    ];
    for (extra, expected) in cases {
        let (_, _, message) = error(&oauth(extra));
        assert!(message.contains(expected), "{extra}: {message}");
    }
    let (_, _, message) =
        error(&OAUTH.replace("[env]", "access_token_pointer = \"authed_user\"\n[env]"));
    assert!(message.contains("is not a JSON pointer"), "{message}");
    // A client credentials grant may go by another name.
    let renamed = OAUTH
        .replace(
            "authorization_url = \"https://auth.acme.example/authorize\"",
            "grant = \"client_credentials\"\ntoken_params = { grant_type = \"account_credentials\", account_id = \"{subdomain}\" }",
        );
    parse(&renamed, Path::new("t.toml")).unwrap();
}

const JWT: &str = r#"id = "sa"
name = "Service account"
auth = "oauth2"

[[params]]
name = "client_email"

[[params]]
name = "private_key"
secret = true

[oauth2]
grant = "jwt_bearer"
token_url = "https://idp.example/token"
client_auth = "none"

[oauth2.jwt]
key = "{private_key}"
claims = { iss = "{client_email}", aud = "{token_url}", scope = "{scope}" }
"#;

#[test]
fn a_jwt_bearer_connector_parses_with_defaults_and_round_trips() {
    let c = parse(JWT, Path::new("t.toml")).unwrap();
    let o = c.oauth2().unwrap();
    assert_eq!(o.grant, Grant::JwtBearer);
    let jwt = o.jwt.as_ref().unwrap();
    assert_eq!(jwt.algorithm, JwtAlgorithm::RS256);
    assert_eq!(jwt.lifetime_secs, 3600);
    let again = parse(&to_toml(&c).unwrap(), Path::new("t.toml")).unwrap();
    assert_eq!(again, c);
}

#[test]
fn jwt_bearer_rules_name_the_key_and_what_to_write() {
    let edit = |from: &str, to: &str| {
        assert!(JWT.contains(from), "{from}");
        JWT.replacen(from, to, 1)
    };
    let cases = [
        (
            edit("key = \"{private_key}\"\n", "")
                .replace("[oauth2.jwt]\n", "")
                .replace("claims = { iss = \"{client_email}\", aud = \"{token_url}\", scope = \"{scope}\" }\n", ""),
            "needs an [oauth2.jwt] section",
        ),
        (
            edit("grant = \"jwt_bearer\"", "grant = \"client_credentials\"")
                .replace("client_auth = \"none\"", "client_auth = \"basic\""),
            "[oauth2.jwt] is for grant = \"jwt_bearer\"",
        ),
        (
            edit("client_auth = \"none\"", "client_auth = \"basic\""),
            "set client_auth = \"none\"",
        ),
        (
            edit("key = \"{private_key}\"", "key = \"{client_email}\""),
            "must name one secret param",
        ),
        (
            edit("key = \"{private_key}\"", "key = \"-----BEGIN {private_key}\""),
            "must name one secret param",
        ),
        (
            edit("iss = \"{client_email}\", ", ""),
            "must include `iss`",
        ),
        (
            edit("scope = \"{scope}\"", "exp = \"1\""),
            "claim `exp` is set by tether",
        ),
        (
            edit("scope = \"{scope}\"", "scope = \"{private_key}\""),
            "uses the secret param `private_key`",
        ),
        (
            edit("scope = \"{scope}\"", "scope = \"{audience}\""),
            "unknown placeholder `{audience}`",
        ),
        (
            edit("[oauth2.jwt]\n", "[oauth2.jwt]\nalgorithm = \"HS256\"\n"),
            "HS256",
        ),
        (
            edit("[oauth2.jwt]\n", "[oauth2.jwt]\nlifetime_secs = 7200\n"),
            "use 60 to 3600",
        ),
    ];
    for (text, says) in cases {
        let (_, _, message) = error(&text);
        assert!(message.contains(says), "{says}: {message}");
    }
}

#[test]
fn git_hosts_and_username_are_checked_where_they_are_written() {
    let git = |section: &str| format!("{OAUTH}\n[git]\n{section}");
    // `[git]` starts two lines after the file's last line.
    let first = OAUTH.lines().count() + 3;
    let c = parse(
        &git("hosts = [\"{subdomain}.git.example\", \"git.example:8443\"]\nusername = \"{subdomain}-bot\"\nbearer = true\n"),
        Path::new("t.toml"),
    )
    .unwrap();
    let section = c.git.clone().unwrap();
    assert_eq!(section.hosts[1], "git.example:8443");
    assert!(section.bearer);
    assert_eq!(section.username_template(c.auth.kind()), "{subdomain}-bot");
    assert_eq!(
        parse(&to_toml(&c).unwrap(), Path::new("x")).unwrap(),
        c,
        "round-trips"
    );
    let defaulted = parse(&git("hosts = [\"git.example\"]\n"), Path::new("t.toml")).unwrap();
    assert_eq!(
        defaulted
            .git
            .unwrap()
            .username_template(defaulted.auth.kind()),
        Git::DEFAULT_USERNAME
    );

    let cases = [
        ("hosts = []\n", first, "`git.hosts` is empty"),
        (
            "hosts = [\"https://git.example\"]\n",
            first,
            "`git.hosts[0]` = \"https://git.example\" is a URL",
        ),
        (
            "hosts = [\"ok.example\", \"git.example/org\"]\n",
            first,
            "`git.hosts[1]` = \"git.example/org\" is not a host",
        ),
        (
            "hosts = [\"{access_token}.example\"]\n",
            first,
            "uses `{access_token}`, which is not a non-secret param of the connection",
        ),
        (
            "hosts = [\"git.example:0\"]\n",
            first,
            "has an invalid port",
        ),
        (
            "hosts = [\"git.example\"]\nusername = \"{access_token}\"\n",
            first + 1,
            "`git.username` uses `{access_token}`, which is a secret or unknown",
        ),
        (
            "hosts = [\"git.example\"]\nusername = \"\"\n",
            first + 1,
            "`git.username` is empty",
        ),
    ];
    for (section, line, expected) in cases {
        let (at, _, message) = error(&git(section));
        assert!(message.contains(expected), "{section}: {message}");
        assert_eq!(at, line, "{section}: {message}");
    }
    let (_, _, message) = error(&git("hosts = [\"git.example\"]\nhost = \"x\"\n"));
    assert!(message.contains("unknown field `host`"), "{message}");
}

#[test]
fn builtin_git_hosts_are_those_the_providers_document() {
    let git = |id: &str| {
        let c = parse(builtin::source(id).unwrap(), Path::new("x")).unwrap();
        let section = c.git.clone().unwrap_or_else(|| panic!("{id} has [git]"));
        let username = section.username_template(c.auth.kind()).to_owned();
        (section.hosts, username, section.bearer)
    };
    assert_eq!(
        git("github"),
        (vec!["github.com".into()], "x-access-token".into(), false)
    );
    assert_eq!(
        git("gitlab"),
        (vec!["{host}".into()], "oauth2".into(), false)
    );
    assert_eq!(
        git("bitbucket"),
        (vec!["bitbucket.org".into()], "x-token-auth".into(), false)
    );
    assert_eq!(git("gitea").0, ["{server}"]);
    assert_eq!(
        git("azure-devops"),
        (vec!["dev.azure.com".into()], "{username}".into(), false)
    );
}

#[test]
fn docker_registries_round_trip_and_are_checked_where_written() {
    let text = format!(
        "{OAUTH}\n[docker]\nregistries = [\"ghcr.io\", \"registry.{{subdomain}}.acme.example\"]\nusername = \"{{subdomain}}-ci\"\n"
    );
    let c = parse(&text, Path::new("t.toml")).unwrap();
    let docker = c.docker.clone().unwrap();
    assert_eq!(docker.registries.len(), 2);
    assert_eq!(docker.username.as_deref(), Some("{subdomain}-ci"));
    let again = parse(&to_toml(&c).unwrap(), Path::new("t.toml")).unwrap();
    assert_eq!(again, c);

    let bad = |docker: &str| error(&format!("{OAUTH}\n[docker]\n{docker}\n"));
    let line = OAUTH.lines().count() + 3;
    let (l, _, message) = bad("registries = [\"https://ghcr.io/v2\"]");
    assert_eq!(l, line);
    assert!(message.contains("not a registry host"), "{message}");
    let (_, _, message) = bad("registries = []");
    assert!(message.contains("is empty"), "{message}");
    let (_, _, message) = bad("registries = [\"{access_token}.example\"]");
    assert!(message.contains("access_token"), "{message}");
    let (_, _, message) = bad("registries = [\"ghcr.io\"]\nusername = \"{nope}\"");
    assert!(
        message.contains("unknown placeholder `{nope}`"),
        "{message}"
    );
    let (_, _, message) = bad("registries = [\"ghcr.io\"]\nusername = \"<token>\"");
    assert!(message.contains("<token>"), "{message}");
    let (_, _, message) = bad("registries = [\"ghcr.io\"]\npassword = \"x\"");
    assert!(message.contains("unknown field `password`"), "{message}");
}

#[test]
fn docker_registries_use_only_values_of_the_connection() {
    let text = OAUTH.replace("connection = true\n", "connection = false\n")
        + "\n[docker]\nregistries = [\"registry.{subdomain}.example\"]\n";
    let (_, _, message) = error(&text);
    assert!(
        message.contains("not a non-secret param of the connection"),
        "{message}"
    );
}
