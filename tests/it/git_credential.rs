//! tether as git's credential helper: real git (the one on PATH, 2.46+ with `authtype`, and
//! Debian's /usr/bin/git, 2.39, with Basic only) against a real smart-HTTP remote (`git
//! http-backend` behind the oidc test server's access tokens), and the protocol spoken
//! directly on stdin and stdout.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::oidc::{self, OidcServer, until_due, with_browser};
use crate::common::{Home, can_run, http, stderr, stdout};

/// Lifetime of the access tokens in the tests that wait for one to be due.
const TTL: u64 = 6;

/// The git programs to run the tests with: the one on PATH and, when it is another one,
/// Debian's /usr/bin/git.
fn gits() -> Vec<PathBuf> {
    let on_path = Command::new("git").arg("--version").output();
    if !can_run(
        on_path.as_ref().is_ok_and(|o| o.status.success()),
        "git is not installed",
    ) {
        return Vec::new();
    }
    let mut gits = vec![PathBuf::from("git")];
    let debian = Path::new("/usr/bin/git");
    if debian.exists() && version(debian) != version(Path::new("git")) {
        gits.push(debian.to_path_buf());
    }
    gits
}

fn version(git: &Path) -> String {
    let out = Command::new(git).arg("--version").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Whether `git` announces `capability[]=authtype` (git 2.46 and later).
fn speaks_authtype(git: &Path) -> bool {
    let v = version(git);
    let mut numbers = v
        .trim_start_matches("git version ")
        .split('.')
        .map(|n| n.parse::<u32>().unwrap_or(0));
    let (major, minor) = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
    (major, minor) >= (2, 46)
}

/// A directory of bare repositories, `repo.git` holding one commit on `main`.
struct Remote {
    dir: tempfile::TempDir,
}

impl Remote {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        let work = dir.path().join("seed");
        std::fs::create_dir_all(&root).unwrap();
        let run = |args: &[&str]| {
            let out = plain_git(Path::new("git"), dir.path())
                .args(args)
                .output()
                .unwrap();
            assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
        };
        let bare = root.join("repo.git");
        run(&["init", "-q", "--bare", "-b", "main", bare.to_str().unwrap()]);
        run(&["init", "-q", "-b", "main", work.to_str().unwrap()]);
        std::fs::write(work.join("README"), "hello\n").unwrap();
        let w = work.to_str().unwrap();
        run(&["-C", w, "add", "README"]);
        run(&["-C", w, "commit", "-q", "-m", "first"]);
        run(&["-C", w, "push", "-q", bare.to_str().unwrap(), "main"]);
        Self { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("root")
    }

    /// The subjects of the commits on `main` of the bare repository.
    fn log(&self) -> String {
        let out = plain_git(Path::new("git"), self.dir.path())
            .args(["--git-dir", self.root().join("repo.git").to_str().unwrap()])
            .args(["log", "--format=%s", "main"])
            .output()
            .unwrap();
        text(&out.stdout)
    }
}

/// `git` with nothing from the machine: no system or user configuration, no prompt, an
/// identity for commits.
fn plain_git(git: &Path, home: &Path) -> Command {
    let mut cmd = Command::new(git);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .stdin(Stdio::null());
    cmd
}

/// `git` as a person with this tether home uses it: git's global configuration in the home's
/// temp dir (where `setup-git` writes), the vault key in the environment, no TETHER_HOME (the
/// helper entry names the home).
fn git_in(home: &Home, git: &Path) -> Command {
    let mut cmd = plain_git(git, home.path());
    cmd.env("TETHER_VAULT_KEY", &home.vault_key)
        .env("NO_COLOR", "1");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn run_git(cmd: &mut Command) -> Output {
    cmd.output().unwrap()
}

/// Runs `git ARGS…` as the person with this home does, and checks that it succeeded.
fn git_ok(home: &Home, git: &Path, args: &[&str]) {
    let out = run_git(git_in(home, git).args(args));
    assert!(
        out.status.success(),
        "{} {args:?}: {}",
        git.display(),
        text(&out.stderr)
    );
}

/// The oidc test server's connector `files`, with `[git]` serving the server's own host, and
/// a home with it, its public client configured, and connection `files` authorized as alice.
fn authorized(server: &OidcServer, bearer: bool) -> Home {
    let home = Home::new();
    let git = format!(
        "\n[git]\nhosts = [\"{}\"]\nbearer = {bearer}\n",
        host_of(server)
    );
    let toml = server
        .connector_toml("files", "none")
        .replace("expiry_buffer_secs = 10", "expiry_buffer_secs = 60")
        + &git;
    home.import_connector("files.toml", &toml).success();
    home.cmd()
        .args([
            "connector",
            "configure",
            "files",
            "--client-id",
            oidc::NATIVE_PUBLIC,
        ])
        .write_stdin("")
        .assert()
        .success();
    with_browser(&home, "browser.log")
        .args(["connection", "create", "files", "--connector", "files"])
        .args(["--authorize", "--account", "alice", "--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    home
}

fn host_of(server: &OidcServer) -> String {
    server.issuer.trim_start_matches("http://").to_owned()
}

fn setup_git(home: &Home) -> assert_cmd::assert::Assert {
    setup_git_with(home, &[])
}

/// `tether ARGS… setup-git` (global options first) with git's global configuration in the
/// home's temp dir.
fn setup_git_with(home: &Home, args: &[&str]) -> assert_cmd::assert::Assert {
    let (global, own): (Vec<&str>, Vec<&str>) = args.iter().partition(|a| **a == "--json");
    home.cmd()
        .env("GIT_CONFIG_GLOBAL", home.path().join("gitconfig"))
        .args(global)
        .arg("setup-git")
        .args(own)
        .write_stdin("")
        .assert()
}

fn token(home: &Home) -> String {
    stdout(&home.run(&["token", "files"]).success())
        .trim_end()
        .to_owned()
}

fn stat(server: &OidcServer, pointer: &str) -> u64 {
    server
        .stats()
        .pointer(pointer)
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0)
}

#[test]
fn git_clones_pushes_and_fetches_after_expiry_with_one_refresh() {
    let gits = gits();
    if gits.is_empty() {
        return;
    }
    let remote = Remote::new();
    let root = remote.root();
    let server = OidcServer::start_with(&[
        ("OIDC_ACCESS_TOKEN_TTL", &TTL.to_string()),
        ("OIDC_GIT_PROJECT_ROOT", root.to_str().unwrap()),
    ]);
    let home = authorized(&server, true);
    setup_git(&home).success();
    let url = server.url("/git/repo.git");
    for (i, git) in gits.iter().enumerate() {
        let clone = home.path().join(format!("clone-{i}"));
        let c = clone.to_str().unwrap();
        server.reset_stats();
        git_ok(&home, git, &["clone", "-q", &url, c]);
        assert_eq!(
            std::fs::read_to_string(clone.join("README")).unwrap(),
            "hello\n"
        );
        // git asked because the server said 401; tether's answer took the path this git speaks.
        let (basic, bearer) = (
            stat(&server, "/git_auth/basic"),
            stat(&server, "/git_auth/bearer"),
        );
        if speaks_authtype(git) {
            assert!(
                bearer > 0 && basic == 0,
                "{git:?}: Bearer expected ({basic}, {bearer})"
            );
        } else {
            assert!(
                basic > 0 && bearer == 0,
                "{git:?}: Basic expected ({basic}, {bearer})"
            );
        }
        assert!(stat(&server, "/git_unauthorized") >= 1);

        std::fs::write(clone.join("pushed"), format!("{i}\n")).unwrap();
        let commit = format!("pushed with {}", version(git));
        for args in [
            vec!["-C", c, "add", "pushed"],
            vec!["-C", c, "commit", "-q", "-m", commit.as_str()],
            vec!["-C", c, "push", "-q", "origin", "main"],
        ] {
            git_ok(&home, git, &args);
        }
        assert!(remote.log().contains(&commit), "{}", remote.log());

        // The token git was given is due now: the next fetch gets a fresh one, refreshed once.
        let before = token(&home);
        until_due(TTL);
        server.reset_stats();
        git_ok(&home, git, &["-C", c, "fetch", "-q", "origin"]);
        assert_eq!(stat(&server, "/refresh"), 1, "{git:?}: {}", server.stats());
        assert_ne!(token(&home), before);
    }
}

#[test]
fn a_token_the_server_refuses_is_refreshed_by_the_next_git_command() {
    let gits = gits();
    if gits.is_empty() {
        return;
    }
    let remote = Remote::new();
    let root = remote.root();
    let server = OidcServer::start_with(&[("OIDC_GIT_PROJECT_ROOT", root.to_str().unwrap())]);
    let home = authorized(&server, true);
    setup_git(&home).success();
    let url = server.url("/git/repo.git");
    for (i, git) in gits.iter().enumerate() {
        let clone = home.path().join(format!("clone-{i}"));
        let c = clone.to_str().unwrap();
        git_ok(&home, git, &["clone", "-q", &url, c]);
        // Revoked at the provider while tether still thinks it valid for a minute.
        let revoked = token(&home);
        let (status, body) = http::post_form(
            &server.url("/token/revocation"),
            &[("token", &revoked), ("client_id", oidc::NATIVE_PUBLIC)],
            None,
        );
        assert_eq!(status, 200, "{body}");
        server.reset_stats();
        let out = run_git(git_in(&home, git).args(["-C", c, "fetch", "-q", "origin"]));
        assert!(
            !out.status.success(),
            "{git:?}: the revoked token was refused"
        );
        assert_eq!(stat(&server, "/refresh"), 0);
        // git erased it: tether made it due, and the next command refreshes it once.
        git_ok(&home, git, &["-C", c, "fetch", "-q", "origin"]);
        assert_eq!(stat(&server, "/refresh"), 1, "{}", server.stats());
        assert_ne!(token(&home), revoked);
    }
}

#[test]
fn a_rejected_authorization_fails_git_with_tethers_message() {
    let gits = gits();
    if gits.is_empty() {
        return;
    }
    let remote = Remote::new();
    let root = remote.root();
    let server = OidcServer::start_with(&[
        ("OIDC_ACCESS_TOKEN_TTL", &TTL.to_string()),
        ("OIDC_GIT_PROJECT_ROOT", root.to_str().unwrap()),
    ]);
    let home = authorized(&server, false);
    setup_git(&home).success();
    until_due(TTL);
    server.inject("grant_type=refresh_token&status=400&error=invalid_grant&count=1");
    let url = server.url("/git/repo.git");
    for (i, git) in gits.iter().enumerate() {
        let clone = home.path().join(format!("clone-{i}"));
        let out = run_git(git_in(&home, git).args(["clone", "-q", &url, clone.to_str().unwrap()]));
        assert!(
            !out.status.success(),
            "{git:?}: cloned without a credential"
        );
        let said = text(&out.stderr);
        assert!(
            said.contains("tether connection reauthorize files --env development"),
            "{git:?}: {said}"
        );
        assert!(!clone.join("README").exists());
    }
    // One refresh was tried; once rejected, nothing more is sent to the provider.
    assert_eq!(stat(&server, "/refresh"), 1, "{}", server.stats());
}

#[test]
fn a_host_no_connection_serves_gets_nothing_from_tether() {
    let gits = gits();
    if gits.is_empty() {
        return;
    }
    let home = Home::new();
    let helper = format!(
        "!'{}' git-credential",
        assert_cmd::cargo::cargo_bin("tether").display()
    );
    for git in &gits {
        let mut cmd = git_in(&home, git);
        cmd.env("TETHER_HOME", home.state())
            .args(["-c", &format!("credential.helper={helper}")])
            .args([
                "-c",
                "credential.helper=!printf 'username=next\\npassword=helper\\n'",
            ])
            .args(["credential", "fill"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        std::io::Write::write_all(
            child.stdin.as_mut().unwrap(),
            b"protocol=https\nhost=unknown.example\n\n",
        )
        .unwrap();
        let out = child.wait_with_output().unwrap();
        // git went on to the next helper, and tether said nothing.
        assert!(out.status.success(), "{git:?}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("username=next\npassword=helper"),
            "{}",
            text(&out.stdout)
        );
        assert_eq!(text(&out.stderr), "", "{git:?}");
    }
}

/// The protocol on stdin and stdout.
fn helper(home: &Home, args: &[&str], request: &str) -> assert_cmd::assert::Assert {
    home.cmd()
        .arg("git-credential")
        .args(args)
        .write_stdin(request)
        .assert()
}

#[test]
fn get_answers_basic_or_bearer_as_git_asks_and_store_keeps_nothing() {
    let server = OidcServer::start();
    let home = authorized(&server, true);
    let host = host_of(&server);
    let request = format!("protocol=http\nhost={host}\npath=repo.git\n\n");
    let basic = stdout(&helper(&home, &["get"], &request).success());
    let current = token(&home);
    let lines: Vec<&str> = basic.lines().collect();
    assert_eq!(
        lines[..2],
        ["username=x-access-token", &format!("password={current}")]
    );
    let expiry: i64 = lines[2]
        .strip_prefix("password_expiry_utc=")
        .unwrap()
        .parse()
        .unwrap();
    let now = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap();
    assert!((now..=now + 61).contains(&expiry), "{expiry} vs {now}");
    assert_eq!(lines.len(), 3);

    let bearer = stdout(
        &helper(
            &home,
            &["get"],
            &format!("capability[]=authtype\n{request}"),
        )
        .success(),
    );
    assert!(
        bearer.starts_with(&format!(
            "capability[]=authtype\nauthtype=Bearer\ncredential={current}\nephemeral=true\npassword_expiry_utc="
        )),
        "{bearer}"
    );
    // The protocol is git's, whatever --json says.
    let json = stdout(
        &home
            .cmd()
            .args(["--json", "git-credential", "get"])
            .write_stdin(request.as_str())
            .assert()
            .success(),
    );
    assert_eq!(json, basic);

    let files = home.files_outside_vault();
    let stored = helper(
        &home,
        &["store"],
        &format!("{request}username=x-access-token\npassword={current}\n"),
    );
    assert_eq!(stdout(&stored.success()), "");
    assert_eq!(home.files_outside_vault().len(), files.len());

    // Each get is a use of the connection's credential in the audit log.
    let log = home.json(&["log", "--json"]);
    let uses = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["command"] == "git-credential" && e["link"] == "files")
        .count();
    assert_eq!(uses, 3, "{log}");
}

#[test]
fn erase_of_the_current_token_makes_the_next_use_refresh_it() {
    let server = OidcServer::start();
    let home = authorized(&server, true);
    let host = host_of(&server);
    let current = token(&home);
    server.reset_stats();
    // A password tether did not hand out changes nothing.
    helper(
        &home,
        &["erase"],
        &format!("protocol=http\nhost={host}\nusername=x\npassword=other\n\n"),
    )
    .success()
    .stdout("");
    assert_eq!(token(&home), current);
    // The current one, as git 2.46 reports a Bearer credential: due at once.
    let erase = format!(
        "capability[]=authtype\nprotocol=http\nhost={host}\nauthtype=Bearer\ncredential={current}\nephemeral=true\n\n"
    );
    helper(&home, &["erase"], &erase).success().stdout("");
    assert_eq!(stat(&server, "/refresh"), 0, "erase only marks");
    let fresh = token(&home);
    assert_ne!(fresh, current);
    assert_eq!(stat(&server, "/refresh"), 1);
    assert_eq!(oidc::api_me(&server, &fresh)["sub"], "alice");
    // The authorization is kept.
    let details = home.json(&["connection", "details", "files", "--json"]);
    assert_eq!(
        details["environments"]["development"]["status"],
        "connected"
    );
}

/// An api-key connector whose hosts are a param of the connection.
const FORGE: &str = r#"id = "forge"
name = "Forge"
auth = "api-key"
base_url = "https://{server}/api/v1"

[[params]]
name = "server"
connection = true

[api_key]
placement = "header"
name = "Authorization"
value = "token {api_key}"

[git]
hosts = ["{server}"]
username = "{server}-bot"
"#;

fn forge(home: &Home, link: &str, server: &str, key: &str) {
    home.run_with_key(
        key,
        &[
            "connection",
            "create",
            link,
            "--connector",
            "forge",
            "--param",
            &format!("server={server}"),
            "--authorize",
            "--account",
            link,
            "--param",
            "api_key=env:KEY",
        ],
    )
    .success();
}

#[test]
fn hosts_are_filled_in_per_connection_and_several_need_a_link() {
    let home = Home::new();
    home.import_connector("forge.toml", FORGE).success();
    forge(&home, "work", "git.work.example", "k-work");
    forge(&home, "home", "git.home.example:8443", "k-home");
    let ask = |host: &str| format!("protocol=https\nhost={host}\n\n");
    helper(&home, &["get"], &ask("GIT.work.example"))
        .success()
        .stdout("username=git.work.example-bot\npassword=k-work\n");
    helper(&home, &["get"], &ask("git.home.example:8443"))
        .success()
        .stdout("username=git.home.example:8443-bot\npassword=k-home\n");
    // Not served: nothing, and git asks its next helper. Plain http only to loopback hosts.
    for request in [
        ask("git.home.example"),
        ask("example.org"),
        "protocol=http\nhost=git.work.example\n\n".to_owned(),
        "protocol=smtp\nhost=git.work.example\n\n".to_owned(),
        String::new(),
    ] {
        helper(&home, &["get"], &request)
            .success()
            .stdout("")
            .stderr("");
    }
    // Stdin closed: nothing to answer, nothing asked.
    let out = home
        .process()
        .args(["git-credential", "get"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stdout.is_empty(),
        "{}",
        text(&out.stderr)
    );

    forge(&home, "work2", "git.work.example", "k-work2");
    let refused = helper(&home, &["get"], &ask("git.work.example"))
        .code(2)
        .stdout("");
    let said = stderr(&refused);
    assert!(
        said.contains("several connections serve git host `git.work.example`: work, work2"),
        "{said}"
    );
    assert!(
        said.contains("tether setup-git --host git.work.example --link work"),
        "{said}"
    );
    helper(&home, &["get", "--link", "work2"], &ask("git.work.example"))
        .success()
        .stdout("username=git.work.example-bot\npassword=k-work2\n");
    helper(&home, &["get", "--link", "home"], &ask("git.work.example"))
        .success()
        .stdout("");
}

#[test]
fn an_environment_not_authorized_is_said_on_stderr_and_nothing_is_answered() {
    let home = Home::new();
    home.import_connector("forge.toml", FORGE).success();
    forge(&home, "work", "git.work.example", "k-work");
    let refused = home
        .cmd()
        .args(["git-credential", "get"])
        .env("TETHER_ENV", "production")
        .write_stdin("protocol=https\nhost=git.work.example\n\n")
        .assert()
        .code(3)
        .stdout("");
    let said = stderr(&refused);
    assert!(
        said.contains("tether connection authorize work --env production"),
        "{said}"
    );
}

fn global(home: &Home, args: &[&str]) -> String {
    let out = plain_git(Path::new("git"), home.path())
        .args(["config", "--global"])
        .args(args)
        .output()
        .unwrap();
    text(&out.stdout)
}

#[test]
fn setup_git_writes_the_helper_for_each_host_and_uninstall_removes_exactly_that() {
    if !can_run(
        Command::new("git").arg("--version").output().is_ok(),
        "git is not installed",
    ) {
        return;
    }
    let home = Home::new();
    home.import_connector("forge.toml", FORGE).success();
    forge(&home, "work", "git.work.example", "k-work");
    forge(&home, "local", "127.0.0.1:9418", "k-local");
    let config = |args: &[&str]| {
        let out = plain_git(Path::new("git"), home.path())
            .args(["config", "--global"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    };
    config(&["credential.helper", "cache"]);
    config(&["--add", "credential.https://other.example.helper", "store"]);

    let out = stdout(&setup_git(&home).success());
    let exe = std::fs::canonicalize(assert_cmd::cargo::cargo_bin("tether")).unwrap();
    let helper = format!(
        "!'{}' --home '{}' git-credential",
        exe.display(),
        home.state().display()
    );
    for url in [
        "https://git.work.example",
        "https://127.0.0.1:9418",
        "http://127.0.0.1:9418",
    ] {
        assert_eq!(
            global(&home, &["--get-all", &format!("credential.{url}.helper")]),
            format!("\n{helper}\n"),
            "{url}"
        );
        assert!(out.contains(&format!("configured {url}: ")), "{out}");
    }
    // Run again: the same entries, not twice.
    setup_git(&home).success();
    assert_eq!(
        global(
            &home,
            &["--get-all", "credential.https://git.work.example.helper"]
        ),
        format!("\n{helper}\n")
    );

    let json = home
        .cmd()
        .env("GIT_CONFIG_GLOBAL", home.path().join("gitconfig"))
        .args([
            "--json",
            "setup-git",
            "--uninstall",
            "--host",
            "git.work.example",
        ])
        .write_stdin("")
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(report["action"], "removed");
    assert_eq!(report["entries"][0]["url"], "https://git.work.example");
    assert_eq!(
        global(
            &home,
            &["--get-all", "credential.https://git.work.example.helper"]
        ),
        ""
    );
    assert!(
        global(
            &home,
            &["--get-all", "credential.http://127.0.0.1:9418.helper"]
        )
        .contains(&helper)
    );

    setup_git_with(&home, &["--uninstall"]).success();
    let left = global(&home, &["--list"]);
    assert_eq!(
        left.lines()
            .filter(|l| l.starts_with("credential."))
            .collect::<Vec<_>>(),
        [
            "credential.helper=cache",
            "credential.https://other.example.helper=store"
        ],
        "{left}"
    );
}

#[test]
fn setup_git_refuses_a_host_no_connection_serves_and_names_those_served() {
    let home = Home::new();
    let nothing = setup_git_with(&home, &[]).code(2);
    assert!(
        stderr(&nothing).contains("no connection serves a git host"),
        "{}",
        stderr(&nothing)
    );
    home.import_connector("forge.toml", FORGE).success();
    forge(&home, "work", "git.work.example", "k-work");
    forge(&home, "local", "127.0.0.1:9418", "k-local");
    let unknown = setup_git_with(&home, &["--host", "nowhere.example"]).code(2);
    let said = stderr(&unknown);
    assert!(
        said.contains("no connection serves git host `nowhere.example`"),
        "{said}"
    );
    assert!(said.contains("127.0.0.1:9418, git.work.example"), "{said}");
    assert!(!home.path().join("gitconfig").exists());
}

#[test]
fn setup_git_names_a_typed_environment_and_link_in_the_helper() {
    if !can_run(
        Command::new("git").arg("--version").output().is_ok(),
        "git is not installed",
    ) {
        return;
    }
    let home = Home::new();
    home.import_connector("forge.toml", FORGE).success();
    forge(&home, "work", "git.work.example", "k-work");
    home.cmd()
        .env("GIT_CONFIG_GLOBAL", home.path().join("gitconfig"))
        .args(["--env", "stage", "setup-git", "--link", "work"])
        .write_stdin("")
        .assert()
        .success();
    let helpers = global(
        &home,
        &["--get-all", "credential.https://git.work.example.helper"],
    );
    assert!(
        helpers.ends_with(" --env stage git-credential --link 'work'\n"),
        "{helpers}"
    );
    // From TETHER_ENV the environment is left for git's runs to read from theirs.
    home.cmd()
        .env("GIT_CONFIG_GLOBAL", home.path().join("gitconfig"))
        .env("TETHER_ENV", "stage")
        .args(["setup-git"])
        .write_stdin("")
        .assert()
        .success();
    let helpers = global(
        &home,
        &["--get-all", "credential.https://git.work.example.helper"],
    );
    assert!(helpers.ends_with("' git-credential\n"), "{helpers}");
}

/// Three connections on one host, for choosing by path.
fn one_host_three_connections() -> Home {
    let home = Home::new();
    home.import_connector("forge.toml", FORGE).success();
    forge(&home, "work", "git.work.example", "k-work");
    forge(&home, "team", "git.work.example", "k-team");
    forge(&home, "infra", "git.work.example", "k-infra");
    home
}

#[test]
fn git_credential_with_a_path_answers_only_under_it() {
    let home = one_host_three_connections();
    let ask = |path: &str| format!("protocol=https\nhost=git.work.example\n{path}\n");
    let scoped = ["get", "--link", "team", "--path", "acme/team"];
    helper(&home, &scoped, &ask("path=acme/team/app.git\n"))
        .success()
        .stdout("username=git.work.example-bot\npassword=k-team\n");
    // Another path, a longer name that only starts the same, and no path at all.
    for other in ["path=acme/teamwork/app.git\n", "path=acme/app.git\n", ""] {
        helper(&home, &scoped, &ask(other)).success().stdout("");
    }
}

/// The password real git gets for `url` from the helpers of its global configuration.
fn fill_password(home: &Home, url: &str) -> String {
    use std::io::Write as _;
    let mut child = git_in(home, Path::new("git"))
        .args(["credential", "fill"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(format!("url={url}\n\n").as_bytes())
        .unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("password=").map(str::to_owned))
        .unwrap()
}

#[test]
fn setup_git_paths_choose_among_connections_on_one_host() {
    if !can_run(
        Command::new("git").arg("--version").output().is_ok(),
        "git is not installed",
    ) {
        return;
    }
    let home = one_host_three_connections();
    // The deepest path first, then the entry for the whole host, and git told to send paths;
    // running one again keeps the others.
    let host = ["--host", "git.work.example"];
    setup_git_with(&home, &[&host[..], &["--link", "work"]].concat()).success();
    setup_git_with(
        &home,
        &[&host[..], &["--link", "infra", "--path", "acme"]].concat(),
    )
    .success();
    setup_git_with(
        &home,
        &[&host[..], &["--link", "team", "--path", "acme/team"]].concat(),
    )
    .success();
    setup_git_with(&home, &[&host[..], &["--link", "work"]].concat()).success();
    let helpers = || {
        global(
            &home,
            &["--get-all", "credential.https://git.work.example.helper"],
        )
    };
    let links: Vec<String> = helpers()
        .lines()
        .map(|entry| {
            entry
                .split(" --link ")
                .nth(1)
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(
        links,
        [
            "",
            "'team' --path 'acme/team'",
            "'infra' --path 'acme'",
            "'work'"
        ]
    );
    let use_http_path = || global(&home, &["credential.https://git.work.example.usehttppath"]);
    assert_eq!(use_http_path(), "true\n");

    // git itself asks them in order, and the first under its path answers.
    let fill = |url: &str| fill_password(&home, &format!("https://git.work.example/{url}"));
    assert_eq!(fill("acme/team/app.git"), "k-team");
    assert_eq!(fill("acme/site.git"), "k-infra");
    assert_eq!(fill("personal/notes.git"), "k-work");

    // Uninstall takes every entry of tether's and the path setting it made.
    setup_git_with(&home, &["--uninstall"]).success();
    assert_eq!(helpers(), "");
    assert_eq!(use_http_path(), "");
}
