//! `tether kube-credential` as kubectl runs it: real `kubectl` (its exec credential plugin
//! machinery) against a stand-in API server over HTTPS that accepts only a current access
//! token of the real authorization server.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::common::oidc::{self, OidcServer, until_due};
use crate::common::{Home, can_run, stderr, stdout};

/// Access tokens live this long: far less than the connector's buffer, so each is used for
/// half its life, then refreshed.
const TTL: u64 = 10;

fn kubectl_available() -> bool {
    Command::new("kubectl")
        .args(["version", "--client"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The exec credential API version to print the stanza for: v1 from kubectl 1.22 (Debian's
/// kubernetes-client is older), v1beta1 before.
fn stanza_version() -> &'static str {
    let out = Command::new("kubectl")
        .args(["version", "--client", "-o", "json"])
        .output()
        .unwrap();
    let version: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let minor: u32 = version["clientVersion"]["minor"]
        .as_str()
        .unwrap()
        .trim_end_matches('+')
        .parse()
        .unwrap();
    if minor >= 22 { "v1" } else { "v1beta1" }
}

fn openssl_available() -> bool {
    Command::new("openssl")
        .arg("version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn tools_present() -> bool {
    can_run(
        kubectl_available() && openssl_available(),
        "kubectl and openssl are needed (Debian: kubernetes-client, openssl)",
    )
}

/// A home with the OAuth2 connection `files` (public client, PKCE) authorized as `alice`.
fn authorized_home(server: &OidcServer) -> Home {
    let home = oidc::public_files_home(&server.connector_toml("files", "none"));
    oidc::with_browser(&home, "browser.log")
        .args(["connection", "create", "files", "--connector", "files"])
        .args(["--scope", "files.read", "--authorize", "--account", "alice"])
        .args(["--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    home
}

/// The stand-in API server (`tests/oidc/kube-api.js`) with a throwaway certificate for
/// 127.0.0.1; killed when dropped.
struct ApiServer {
    child: Child,
    port: u16,
    ca: PathBuf,
    _dir: tempfile::TempDir,
}

impl ApiServer {
    fn start(server: &OidcServer) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
        let made = Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            ])
            .args([
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .output()
            .unwrap();
        assert!(
            made.status.success(),
            "openssl req: {}",
            String::from_utf8_lossy(&made.stderr)
        );
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc/kube-api.js");
        let mut child = Command::new("node")
            .arg(script)
            .arg(&server.issuer)
            .arg(&cert)
            .arg(&key)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let ready: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("stand-in API server not ready ({e}): {line:?}"));
        let port = u16::try_from(ready["port"].as_u64().unwrap()).unwrap();
        Self {
            child,
            port,
            ca: cert,
            _dir: dir,
        }
    }

    /// A kubeconfig for this server whose user runs `exec` (the stanza as printed).
    fn kubeconfig(&self, home: &Home, exec: &str) -> PathBuf {
        let indented: String = exec.lines().flat_map(|l| ["      ", l, "\n"]).collect();
        let text = format!(
            "apiVersion: v1
kind: Config
clusters:
- name: stand-in
  cluster:
    server: https://127.0.0.1:{port}
    certificate-authority: {ca}
contexts:
- name: test
  context:
    cluster: stand-in
    user: tether
current-context: test
users:
- name: tether
  user:
    exec:
{indented}",
            port = self.port,
            ca = self.ca.display(),
        );
        home.write("kubeconfig", &text)
    }
}

impl Drop for ApiServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `kubectl get --raw /api` with `kubeconfig`, in an environment with nothing of tether's but
/// the vault key: the stanza itself names the home.
fn kubectl(home: &Home, kubeconfig: &Path) -> assert_cmd::assert::Assert {
    assert_cmd::Command::new("kubectl")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("TETHER_VAULT_KEY", &home.vault_key)
        .env("NO_COLOR", "1")
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .args(["get", "--raw", "/api"])
        .write_stdin("")
        .assert()
}

fn print_config(home: &Home, version: &str) -> String {
    stdout(
        &home
            .run(&[
                "kube-credential",
                "--print-config",
                "files",
                "--api-version",
                version,
            ])
            .success(),
    )
}

#[test]
fn kubectl_gets_a_fresh_token_through_the_printed_stanza_and_refreshes_once() {
    if !tools_present() {
        return;
    }
    let server = OidcServer::start_with(&[("OIDC_ACCESS_TOKEN_TTL", &TTL.to_string())]);
    // Ready before the token's clock starts: the first run must find it valid.
    let api = ApiServer::start(&server);
    let home = authorized_home(&server);
    let version = stanza_version();
    let stanza = print_config(&home, version);
    let tether = assert_cmd::cargo::cargo_bin("tether");
    let command = stanza
        .lines()
        .find_map(|l| l.strip_prefix("command: "))
        .unwrap_or_else(|| panic!("no command in {stanza}"));
    assert_eq!(
        Path::new(command).canonicalize().unwrap(),
        tether.canonicalize().unwrap()
    );
    let expected_args = format!(
        "args:\n- kube-credential\n- files\n- --env\n- development\n- --home\n- {}\n",
        home.state().display()
    );
    assert!(stanza.contains(&expected_args), "{stanza}");
    assert!(stanza.contains(&format!(
        "apiVersion: client.authentication.k8s.io/{version}\n"
    )));
    let default = stdout(
        &home
            .run(&["kube-credential", "--print-config", "files"])
            .success(),
    );
    assert_eq!(default, print_config(&home, "v1"), "v1 unless asked");
    assert!(stanza.contains("interactiveMode: Never\nprovideClusterInfo: false\n"));

    let kubeconfig = api.kubeconfig(&home, &stanza);
    server.reset_stats();
    let out = kubectl(&home, &kubeconfig).success();
    let answer: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(answer["kind"], "APIVersions", "{}", stderr(&out));
    let stats = server.stats();
    assert_eq!(stats["refresh"], 0, "a valid token is used as is: {stats}");
    assert_eq!(stats["api_unauthorized"], 0, "{stats}");
    assert!(stats["api_calls"].as_u64().unwrap() >= 1, "{stats}");

    until_due(TTL);
    let out = kubectl(&home, &kubeconfig).success();
    let answer: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(answer["kind"], "APIVersions", "{}", stderr(&out));
    let stats = server.stats();
    assert_eq!(stats["refresh"], 1, "refreshed exactly once: {stats}");
    assert_eq!(stats["api_unauthorized"], 0, "{stats}");

    let log = stdout(&home.run(&["log", "--json"]).success());
    assert!(
        log.contains("\"kube-credential\""),
        "a credential use: {log}"
    );
}

#[test]
fn the_document_is_of_the_version_kubectl_asks_for() {
    if !tools_present() {
        return;
    }
    let server = OidcServer::start();
    let home = authorized_home(&server);
    let token = stdout(&home.run(&["token", "files"]).success())
        .trim_end()
        .to_owned();
    let run = |info: Option<&str>| {
        let mut cmd = home.cmd();
        if let Some(info) = info {
            cmd.env("KUBERNETES_EXEC_INFO", info);
        }
        cmd.args(["kube-credential", "files"])
            .write_stdin("")
            .assert()
    };
    let v1 = "client.authentication.k8s.io/v1";
    let v1beta1 = "client.authentication.k8s.io/v1beta1";
    for (info, expected) in [
        (None, v1),
        (
            Some(format!(
                r#"{{"kind":"ExecCredential","apiVersion":"{v1beta1}","spec":{{"interactive":false}}}}"#
            )),
            v1beta1,
        ),
        (
            Some(format!(
                r#"{{"kind":"ExecCredential","apiVersion":"{v1}","spec":{{"interactive":false}}}}"#
            )),
            v1,
        ),
    ] {
        let out = run(info.as_deref()).success();
        let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(doc["kind"], "ExecCredential");
        assert_eq!(doc["apiVersion"], expected);
        assert_eq!(doc["status"]["token"], token.as_str());
        let expiry = doc["status"]["expirationTimestamp"].as_str().unwrap();
        time::OffsetDateTime::parse(expiry, &time::format_description::well_known::Rfc3339)
            .unwrap();
    }
    let out = run(Some(
        r#"{"apiVersion":"client.authentication.k8s.io/v1alpha1"}"#,
    ))
    .code(2);
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("v1alpha1"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--print-config"), "{}", stderr(&out));

    // kubectl itself, with a stanza of the older version: it asks for v1beta1 and accepts
    // only that.
    let stanza = print_config(&home, "v1beta1");
    assert!(
        stanza.contains(&format!("apiVersion: {v1beta1}\n")),
        "{stanza}"
    );
    let api = ApiServer::start(&server);
    let out = kubectl(&home, &api.kubeconfig(&home, &stanza)).success();
    assert!(stdout(&out).contains("APIVersions"), "{}", stderr(&out));

    // The stanza as JSON (`--json`), which a kubeconfig may hold as it is.
    let json = stdout(
        &home
            .run(&[
                "kube-credential",
                "--print-config",
                "files",
                "--api-version",
                "v1beta1",
                "--json",
            ])
            .success(),
    );
    let object: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(object["apiVersion"], v1beta1);
    assert_eq!(object["interactiveMode"], "Never");
    assert_eq!(object["provideClusterInfo"], false);
    assert_eq!(object["args"][0], "kube-credential");
    let out = kubectl(&home, &api.kubeconfig(&home, &json)).success();
    assert!(stdout(&out).contains("APIVersions"), "{}", stderr(&out));

    // Never a prompt: an environment not authorized fails at once with the fixing command.
    let out = home
        .run(&["kube-credential", "files", "--env", "production"])
        .code(3);
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("tether connection authorize files --env production"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn kubectl_fails_with_tethers_message_when_the_authorization_is_revoked() {
    if !tools_present() {
        return;
    }
    let server = OidcServer::start_with(&[("OIDC_ACCESS_TOKEN_TTL", &TTL.to_string())]);
    let home = authorized_home(&server);
    let api = ApiServer::start(&server);
    let kubeconfig = api.kubeconfig(&home, &print_config(&home, stanza_version()));
    kubectl(&home, &kubeconfig).success();
    // The person revoked the app at the provider: every token of the grant ends.
    for token in server.issued_tokens() {
        for hint in ["refresh_token", "access_token"] {
            let form = [
                ("token", token.as_str()),
                ("token_type_hint", hint),
                ("client_id", oidc::NATIVE_PUBLIC),
            ];
            let (status, body) =
                crate::common::http::post_form(&server.url("/token/revocation"), &form, None);
            assert_eq!(status, 200, "revocation: {body}");
        }
    }
    until_due(TTL);
    let out = kubectl(&home, &kubeconfig).failure();
    let err = stderr(&out);
    assert!(
        err.contains("tether connection reauthorize files --env development"),
        "kubectl shows tether's message: {err}"
    );
    assert_eq!(server.stats()["token_errors"]["invalid_grant"], 1);
}
