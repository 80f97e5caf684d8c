//! A real, private Secret Service for tests: a D-Bus session bus of our own (no service
//! activation, so nothing else starts on it) and `gnome-keyring-daemon` on it, both killed
//! on drop. Also a "bus" that accepts connections and never answers, for timeout tests.
//!
//! Needs the Debian packages `dbus-daemon`, `dbus-bin` (dbus-send), `gnome-keyring` and
//! `libsecret-tools` (secret-tool). When they are missing the tests are skipped with a
//! message, except under `CI`, where they fail: CI must run them.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The password of the test login keyring.
pub(crate) const PASSWORD: &str = "test-login-password";
const SECRETS_NAME: &str = "org.freedesktop.secrets";

/// A private session bus with gnome-keyring's Secret Service on it.
pub(crate) struct SecretService {
    dir: tempfile::TempDir,
    address: String,
    bus: Child,
    daemon: Option<Child>,
}

impl SecretService {
    /// A bus and an unlocked login keyring; `None` (test skipped) when the tools are missing
    /// and `CI` is not set.
    #[must_use]
    pub(crate) fn start() -> Option<Self> {
        Self::start_with(PASSWORD)
    }

    /// A bus and a login keyring that stays locked: it was made with [`PASSWORD`] and the
    /// daemon is then restarted with a wrong one.
    #[must_use]
    pub(crate) fn start_locked() -> Option<Self> {
        let mut service = Self::start_with(PASSWORD)?;
        service.restart_locked();
        Some(service)
    }

    /// Restarts the daemon with a wrong password: the login keyring, and every item in it,
    /// stays locked (gnome-keyring cannot ask anyone, as nothing can show a prompt here).
    pub(crate) fn restart_locked(&mut self) {
        // An item makes sure the login keyring is on disk, made with PASSWORD.
        self.secret_tool_store("tether-test", "setup", "x");
        self.stop_daemon();
        self.start_daemon("not-the-password");
    }

    /// A private session bus with no Secret Service on it: clients get D-Bus's own
    /// `org.freedesktop.DBus.Error.ServiceUnknown`.
    #[must_use]
    pub(crate) fn bus_only() -> Option<Self> {
        Self::start_bus()
    }

    fn start_with(password: &str) -> Option<Self> {
        let mut service = Self::start_bus()?;
        service.start_daemon(password);
        Some(service)
    }

    fn start_bus() -> Option<Self> {
        if let Some(missing) = missing_tools() {
            let why = format!(
                "a Secret Service cannot be started here: `{missing}` is not installed (apt-get install dbus-daemon dbus-bin gnome-keyring libsecret-tools)"
            );
            let _ = super::can_run(false, &why);
            return None;
        }
        let dir = tempfile::Builder::new().prefix("tk").tempdir().unwrap();
        for sub in ["home", "data", "config", "run"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        set_mode(&dir.path().join("run"), 0o700);
        let config = dir.path().join("bus.conf");
        std::fs::write(&config, bus_config(&dir.path().join("bus"))).unwrap();
        let mut bus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            // It complains that it may not raise its fd limit when not root; harmless.
            .stderr(Stdio::null())
            .spawn()
            .expect("starting dbus-daemon");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        assert!(!address.is_empty(), "dbus-daemon printed no address");
        Some(Self {
            dir,
            address,
            bus,
            daemon: None,
        })
    }

    /// Starts gnome-keyring-daemon, feeding `password` to unlock (or create) the login keyring,
    /// and waits until it owns the Secret Service name.
    fn start_daemon(&mut self, password: &str) {
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .envs(self.env())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting gnome-keyring-daemon");
        let mut stdin = daemon.stdin.take().unwrap();
        stdin.write_all(password.as_bytes()).unwrap();
        drop(stdin);
        self.daemon = Some(daemon);
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.name_has_owner(SECRETS_NAME) {
            assert!(
                Instant::now() < deadline,
                "gnome-keyring-daemon did not start a Secret Service within 20 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stop_daemon(&mut self) {
        if let Some(mut daemon) = self.daemon.take() {
            let _ = daemon.kill();
            let _ = daemon.wait();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.name_has_owner(SECRETS_NAME) {
            assert!(
                Instant::now() < deadline,
                "the Secret Service name was not released"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn name_has_owner(&self, name: &str) -> bool {
        let out = Command::new("dbus-send")
            .envs(self.env())
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                &format!("string:{name}"),
            ])
            .output()
            .expect("running dbus-send");
        String::from_utf8_lossy(&out.stdout).contains("boolean true")
    }

    /// The environment a client of this Secret Service needs.
    #[must_use]
    pub(crate) fn env(&self) -> Vec<(&'static str, String)> {
        let sub = |name: &str| self.dir.path().join(name).display().to_string();
        vec![
            ("DBUS_SESSION_BUS_ADDRESS", self.address.clone()),
            ("HOME", sub("home")),
            ("XDG_DATA_HOME", sub("data")),
            ("XDG_CONFIG_HOME", sub("config")),
            ("XDG_RUNTIME_DIR", sub("run")),
        ]
    }

    /// `secret-tool ARGS…` against this Secret Service.
    pub(crate) fn secret_tool(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = Command::new("secret-tool")
            .envs(self.env())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("running secret-tool");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// The secret of keyring entry `service`/`user`, as tether's `keyring` crate stores it.
    #[must_use]
    pub(crate) fn lookup(&self, service: &str, user: &str) -> Option<String> {
        let out = self.secret_tool(&["lookup", "service", service, "username", user], "");
        let text = String::from_utf8(out.stdout).unwrap();
        (out.status.success() && !text.is_empty()).then_some(text)
    }

    /// Deletes keyring entry `service`/`user`.
    pub(crate) fn clear(&self, service: &str, user: &str) {
        let out = self.secret_tool(&["clear", "service", service, "username", user], "");
        assert!(
            out.status.success(),
            "secret-tool clear: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn secret_tool_store(&self, service: &str, user: &str, secret: &str) {
        let out = self.secret_tool(
            &[
                "store",
                "--label=tether test",
                "service",
                service,
                "username",
                user,
            ],
            secret,
        );
        assert!(
            out.status.success(),
            "secret-tool store: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        if let Some(mut daemon) = self.daemon.take() {
            let _ = daemon.kill();
            let _ = daemon.wait();
        }
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

/// A Unix socket that accepts D-Bus clients and never says a word: a hung bus.
pub(crate) struct SilentBus {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl SilentBus {
    #[must_use]
    pub(crate) fn start() -> Self {
        let dir = tempfile::Builder::new().prefix("tsb").tempdir().unwrap();
        let path = dir.path().join("bus");
        let listener = UnixListener::bind(&path).unwrap();
        std::thread::spawn(move || {
            // Held open, read and never answered; the thread ends with the test process.
            let mut held: Vec<UnixStream> = Vec::new();
            for stream in listener.incoming().flatten() {
                let mut reader = stream.try_clone().unwrap();
                std::thread::spawn(move || {
                    let mut sink = [0u8; 256];
                    while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
                });
                held.push(stream);
            }
        });
        Self { _dir: dir, path }
    }

    /// The address for `DBUS_SESSION_BUS_ADDRESS`.
    #[must_use]
    pub(crate) fn address(&self) -> String {
        format!("unix:path={}", self.path.display())
    }
}

fn bus_config(socket: &Path) -> String {
    format!(
        r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
        socket.display()
    )
}

fn missing_tools() -> Option<&'static str> {
    [
        "dbus-daemon",
        "dbus-send",
        "gnome-keyring-daemon",
        "secret-tool",
    ]
    .into_iter()
    .find(|tool| {
        Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_err()
    })
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}
