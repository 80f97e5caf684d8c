//! `OAuth2` test support: a real authorization server (`oidc-provider`, `tests/oidc/server.js`)
//! and the simulated browser (`tests/oidc/browser`, for `$BROWSER`).
//!
//! Needs Node 20+ and `npm ci --prefix tests/oidc` once. Clients, scopes, endpoints and the
//! server's environment knobs are documented at the top of `tests/oidc/server.js`; the browser's
//! knobs at the top of `tests/oidc/browser.js`.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use super::{Home, http};

/// Public client (`token_endpoint_auth_method` none, PKCE).
pub(crate) const NATIVE_PUBLIC: &str = "native-public";
/// Confidential client using `client_secret_basic`.
pub(crate) const CONFIDENTIAL: &str = "confidential";
pub(crate) const CONFIDENTIAL_SECRET: &str = "s3:cr%t+value";
/// Confidential client using `client_secret_post`.
pub(crate) const CONFIDENTIAL_POST: &str = "confidential-post";
pub(crate) const CONFIDENTIAL_POST_SECRET: &str = "p0st:s3cr%t+value";
/// Client-credentials-only client using `client_secret_basic`.
pub(crate) const MACHINE: &str = "machine";
pub(crate) const MACHINE_SECRET: &str = "m4ch:n3%s3cr+t";

/// How long `start` waits for the ready line.
const READY_TIMEOUT: Duration = Duration::from_secs(20);

fn oidc_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("oidc")
}

/// A running `tests/oidc/server.js`; killed when dropped. Its stdin is a pipe held by this
/// process, so the server also exits if the test process dies without running `Drop`.
pub(crate) struct OidcServer {
    pub(crate) issuer: String,
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl OidcServer {
    /// Starts the server with its defaults (access tokens live 60 s).
    #[must_use]
    pub(crate) fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts the server with extra environment variables, e.g.
    /// `[("OIDC_ACCESS_TOKEN_TTL", "5"), ("OIDC_DEVICE_CODE_TTL", "3")]`.
    #[must_use]
    pub(crate) fn start_with(env: &[(&str, &str)]) -> Self {
        let dir = oidc_dir();
        assert!(
            dir.join("node_modules").join("oidc-provider").is_dir(),
            "tests/oidc/node_modules is missing: run `npm ci --prefix tests/oidc` (in {})",
            env!("CARGO_MANIFEST_DIR")
        );
        let mut cmd = Command::new("node");
        cmd.arg(dir.join("server.js"))
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap_or_else(|e| {
            panic!("cannot run `node tests/oidc/server.js` (is Node 20+ on PATH?): {e}")
        });

        let stderr = Arc::new(Mutex::new(String::new()));
        {
            let sink = Arc::clone(&stderr);
            let mut pipe = child.stderr.take().unwrap();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            });
        }
        let (tx, rx) = mpsc::channel();
        {
            let stdout = child.stdout.take().unwrap();
            std::thread::spawn(move || {
                let mut lines = BufReader::new(stdout).lines();
                let first = lines.next();
                let _ = tx.send(first);
                for _ in lines {} // keep draining until the server exits
            });
        }

        let line = match rx.recv_timeout(READY_TIMEOUT) {
            Ok(Some(Ok(line))) => line,
            other => {
                let _ = child.kill();
                let _ = child.wait();
                std::thread::sleep(Duration::from_millis(100));
                panic!(
                    "oidc test server did not become ready ({other:?}); stderr:\n{}",
                    stderr.lock().unwrap()
                );
            }
        };
        let ready: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("bad ready line from the oidc test server: {line:?}: {e}"));
        let issuer = ready["issuer"]
            .as_str()
            .expect("issuer in ready line")
            .to_owned();
        Self {
            issuer,
            child,
            stderr,
        }
    }

    /// `issuer + path`; `path` starts with `/`.
    #[must_use]
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.issuer)
    }

    /// What the server wrote on stderr so far (for assertion messages).
    #[must_use]
    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The discovery document.
    #[must_use]
    pub(crate) fn discovery(&self) -> serde_json::Value {
        self.get_json("/.well-known/openid-configuration")
    }

    /// `GET /test/stats`: `token_requests`, `grant_types` (`{grant_type: n}`), `refresh`
    /// (refresh grants), `token_errors` (`{error: n}`), `slow_down`, `revocations`,
    /// `introspections`, `device_authorizations`, `authorizations`, `api_calls`,
    /// `api_unauthorized`, `token_log` (`[{grant_type, client_id, client_auth:
    /// basic|post|none, scope, resource, status, error, injected}]`, jwt-bearer requests also
    /// `jwt: {alg, kid, iss, sub, scope, lifetime}`) and `device_log`
    /// (`[{client_id_in_body, client_auth, status}]`); for the git remote under `/git/`
    /// (`OIDC_GIT_PROJECT_ROOT`): `git_requests`, `git_unauthorized` and `git_auth` (`{basic,
    /// bearer}`: the requests let through, by how the token came).
    #[must_use]
    pub(crate) fn stats(&self) -> serde_json::Value {
        self.get_json("/test/stats")
    }

    /// Every access, refresh and id token the token endpoint issued so far.
    #[must_use]
    pub(crate) fn issued_tokens(&self) -> Vec<String> {
        let issued = self.get_json("/test/issued");
        issued["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_owned())
            .collect()
    }

    /// `POST /test/reset`: zero the counters and drop pending injections.
    pub(crate) fn reset_stats(&self) {
        let (status, body) = http::post_form(&self.url("/test/reset"), &[], None);
        assert_eq!(status, 200, "POST /test/reset: {body}");
    }

    /// `POST /test/inject?QUERY`: the next `count` (default 1) `/token` requests matching
    /// `grant_type` (default any) get `status` (default 503, or 400 with `error`) and
    /// `{"error": …}` (or the raw `body`) instead of reaching the provider; `delay_ms` delays
    /// first (alone: delay, then let the request through). Example:
    /// `server.inject("grant_type=refresh_token&status=500")`.
    pub(crate) fn inject(&self, query: &str) {
        let (status, body) =
            http::post_form(&self.url(&format!("/test/inject?{query}")), &[], None);
        assert_eq!(status, 200, "POST /test/inject: {body}");
    }

    /// What the introspection endpoint says of `token` (asked as the `confidential` client).
    #[must_use]
    pub(crate) fn introspect(&self, token: &str) -> serde_json::Value {
        let auth = basic_auth(CONFIDENTIAL, CONFIDENTIAL_SECRET);
        let (status, text) = http::post_form(
            &self.url("/token/introspection"),
            &[("token", token)],
            Some(&auth),
        );
        assert_eq!(status, 200, "introspection: {text}");
        serde_json::from_str(&text).unwrap()
    }

    fn get_json(&self, path: &str) -> serde_json::Value {
        let (status, body) = http::get(&self.url(path), None);
        assert_eq!(status, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"))
    }

    /// A connector definition for this server. `client_auth` is `basic`, `post` or
    /// `none`; the client id is not in it (use `connector configure`, or add
    /// `client_id = "…"`). Asks for `prompt=consent`, without which oidc-provider drops
    /// `offline_access` (and so issues no refresh token).
    #[must_use]
    pub(crate) fn connector_toml(&self, id: &str, client_auth: &str) -> String {
        let i = &self.issuer;
        format!(
            r#"id = "{id}"
name = "OIDC test server"
auth = "oauth2"
base_url = "{i}"

[oauth2]
grant = "authorization_code"
issuer = "{i}"
authorization_url = "{i}/auth"
token_url = "{i}/token"
device_authorization_url = "{i}/device/auth"
revocation_url = "{i}/token/revocation"
scopes = ["openid", "offline_access", "files.read", "files.write"]
default_scopes = ["offline_access", "files.read"]
scope_separator = " "
pkce = true
client_auth = "{client_auth}"
authorization_params = {{ prompt = "consent" }}
redirect_host = "127.0.0.1"
redirect_path = "/callback"
redirect_port = 0
expiry_buffer_secs = 10
"#
        )
    }

    /// `tests/oidc/browser`: set `$BROWSER` to it.
    #[must_use]
    pub(crate) fn browser_path() -> PathBuf {
        oidc_dir().join("browser")
    }
}

impl OidcServer {
    /// A home with the connector `files` for this server (`client_auth`, client `client` with
    /// `secret`, `buffer` seconds of expiry buffer), its client app configured.
    pub(crate) fn files_home(
        &self,
        client_auth: &str,
        client: &str,
        secret: Option<&str>,
        buffer: u64,
    ) -> Home {
        let home = Home::new();
        let toml = self.connector_toml("files", client_auth).replace(
            "expiry_buffer_secs = 10",
            &format!("expiry_buffer_secs = {buffer}"),
        );
        home.import_connector("files.toml", &toml).success();
        let mut configure = home.cmd();
        configure.args(["connector", "configure", "files", "--client-id", client]);
        match secret {
            Some(secret) => configure
                .args(["--client-secret", "@-"])
                .write_stdin(secret),
            None => configure.write_stdin(""),
        };
        configure.assert().success();
        home
    }
}

/// `/api/me` of `server` with `token`, which must work there (HTTP 200); its JSON answer.
pub(crate) fn api_me(server: &OidcServer, token: &str) -> serde_json::Value {
    let (status, body) = http::get(&server.url("/api/me"), Some(token));
    assert_eq!(
        status, 200,
        "the token works at the protected resource: {body}"
    );
    serde_json::from_str(&body).unwrap()
}

/// Waits until a stored token of `ttl_secs` seconds, shorter-lived than the expiry buffer, is
/// due: such a token is used for half its life, then refreshed.
pub(crate) fn until_due(ttl_secs: u64) {
    std::thread::sleep(Duration::from_millis(ttl_secs * 500 + 300));
}

/// A home with the connector `files` of `toml` imported and the test server's public client
/// (PKCE, no secret) configured for it.
pub(crate) fn public_files_home(toml: &str) -> Home {
    let home = Home::new();
    home.import_connector("files.toml", toml).success();
    home.run(&[
        "connector",
        "configure",
        "files",
        "--client-id",
        NATIVE_PUBLIC,
    ])
    .success();
    home
}

/// `tether` in `home` with the simulated browser as `$BROWSER`, logging to `log` in the home's
/// temp dir.
pub(crate) fn with_browser(home: &Home, log: &str) -> assert_cmd::Command {
    let mut cmd = home.cmd();
    cmd.env("BROWSER", OidcServer::browser_path())
        .env("BROWSER_LOG", home.path().join(log))
        .env("BROWSER_QUIET", "1");
    cmd
}

/// `tests/oidc/browser` as a library opener, with its knobs given per test (no process-wide
/// `$BROWSER`, so tests can run in parallel) and its log in a file.
pub(crate) struct TestBrowser {
    env: Vec<(String, String)>,
    log: PathBuf,
}

impl TestBrowser {
    pub(crate) fn new(dir: &Path, env: &[(&str, &str)]) -> Self {
        let log = dir.join("browser.log");
        let mut all: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        all.push(("BROWSER_LOG".into(), log.display().to_string()));
        all.push(("BROWSER_QUIET".into(), "1".into()));
        Self { env: all, log }
    }

    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The log once the browser has finished (it logs after our answer), or after 10 s.
    pub(crate) fn final_log(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let log = self.log();
            let finished = log.lines().any(|l| l == "done" || l.starts_with("error "));
            if finished || Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl tether::oauth::Opener for &TestBrowser {
    fn open(&self, url: &str) -> std::io::Result<()> {
        let status = Command::new(OidcServer::browser_path())
            .arg(url)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .status()?;
        assert!(status.success(), "the browser wrapper detaches and exits 0");
        Ok(())
    }
}

impl Drop for OidcServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until the browser log at `path` has a line starting with `prefix` (e.g. `"callback "`,
/// `"done"`, `"device-success"`, `"error"`), and returns the whole log. Panics after `timeout`.
pub(crate) fn wait_for_log(path: &Path, prefix: &str, timeout: Duration) -> String {
    let deadline = Instant::now() + timeout;
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text.lines().any(|l| l.starts_with(prefix)) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "browser log {} has no line starting with {prefix:?} after {timeout:?}:\n{text}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// RFC 6749 §2.3.1 `client_secret_basic` header value: id and secret form-urlencoded, then base64.
#[must_use]
pub(crate) fn basic_auth(client_id: &str, secret: &str) -> String {
    use base64::Engine as _;
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let raw = format!("{}:{}", enc(client_id), enc(secret));
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

/// `tether token LINK` started in `n` processes of each home at once, waited for.
pub(crate) fn tokens_in_parallel(
    homes: &[&Home],
    link: &str,
    n: usize,
) -> Vec<std::process::Output> {
    let children: Vec<_> = homes
        .iter()
        .flat_map(|home| (0..n).map(move |_| home))
        .map(|home| {
            home.process()
                .args(["token", link])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect()
}
