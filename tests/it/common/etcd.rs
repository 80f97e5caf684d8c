//! A real three-member etcd cluster on 127.0.0.1: random free ports, data in a temp dir,
//! members that can be stopped and started again, everything killed and removed on drop.

use std::fmt::Write as _;
use std::fs::File;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long three fresh members may take to elect a leader (they take about two seconds).
const HEALTHY_WITHIN: Duration = Duration::from_secs(30);

/// Whether `etcd` and `etcdctl` can run here; skips the test otherwise (fails it under CI).
pub(crate) fn available() -> bool {
    let runs = |tool: &str, version: &str| {
        Command::new(tool)
            .arg(version)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    crate::common::can_run(
        runs("etcd", "--version") && runs("etcdctl", "version"),
        "etcd and etcdctl are needed (Debian: etcd-server, etcd-client)",
    )
}

struct Member {
    name: String,
    client_port: u16,
    peer_port: u16,
    process: Option<Child>,
}

/// Three etcd members forming one cluster.
pub(crate) struct EtcdCluster {
    dir: tempfile::TempDir,
    members: Vec<Member>,
    initial_cluster: String,
    /// Whether clients talk TLS and must show a certificate of the test authority.
    tls: bool,
}

/// The PEM files of a cluster started with [`EtcdCluster::start_tls`], in its directory.
pub(crate) struct Pki {
    pub(crate) ca: PathBuf,
    pub(crate) client_cert: PathBuf,
    pub(crate) client_key: PathBuf,
}

impl EtcdCluster {
    /// Starts three members and waits until the cluster answers through every one of them.
    pub(crate) fn start() -> Self {
        Self::start_with(false)
    }

    /// [`Self::start`] with clients on TLS: `https://` endpoints whose members check a client
    /// certificate of a throwaway authority (see [`Self::pki`]).
    pub(crate) fn start_tls() -> Self {
        Self::start_with(true)
    }

    fn start_with(tls: bool) -> Self {
        let ports = free_ports(6);
        let members: Vec<Member> = (0..3)
            .map(|i| Member {
                name: format!("m{i}"),
                client_port: ports[2 * i],
                peer_port: ports[2 * i + 1],
                process: None,
            })
            .collect();
        let initial_cluster = members
            .iter()
            .map(|m| format!("{}=http://127.0.0.1:{}", m.name, m.peer_port))
            .collect::<Vec<_>>()
            .join(",");
        let mut cluster = Self {
            dir: tempfile::tempdir().unwrap(),
            members,
            initial_cluster,
            tls,
        };
        if tls {
            cluster.make_pki();
        }
        for i in 0..3 {
            cluster.spawn(i);
        }
        cluster.wait_healthy(&cluster.endpoints());
        cluster
    }

    /// The members' client URLs, `http://127.0.0.1:PORT` (`https://` with TLS).
    pub(crate) fn endpoints(&self) -> Vec<String> {
        let scheme = if self.tls { "https" } else { "http" };
        self.members
            .iter()
            .map(|m| format!("{scheme}://127.0.0.1:{}", m.client_port))
            .collect()
    }

    /// The authority and a client's certificate and key of a TLS cluster.
    pub(crate) fn pki(&self) -> Pki {
        let at = |name: &str| self.dir.path().join(name);
        Pki {
            ca: at("ca.pem"),
            client_cert: at("client.pem"),
            client_key: at("client.key"),
        }
    }

    /// A throwaway authority, and certificates it signs for the members (127.0.0.1) and for
    /// a client.
    fn make_pki(&self) {
        let dir = self.dir.path();
        let openssl = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .current_dir(dir)
                .stdin(Stdio::null())
                .output()
                .unwrap();
            assert!(out.status.success(), "openssl {args:?}: {out:?}");
        };
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        openssl(
            &[
                &["req", "-x509"][..],
                &ec,
                &[
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.pem",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=tether test CA",
                ],
            ]
            .concat(),
        );
        for (name, usage) in [
            ("server", "serverAuth,clientAuth"),
            ("client", "clientAuth"),
        ] {
            std::fs::write(
                dir.join(format!("{name}.ext")),
                format!("subjectAltName=IP:127.0.0.1\nextendedKeyUsage={usage}\n"),
            )
            .unwrap();
            let (key, csr, pem, ext) = (
                format!("{name}.key"),
                format!("{name}.csr"),
                format!("{name}.pem"),
                format!("{name}.ext"),
            );
            openssl(
                &[
                    &["req"][..],
                    &ec,
                    &[
                        "-keyout",
                        &key,
                        "-out",
                        &csr,
                        "-subj",
                        &format!("/CN={name}"),
                    ],
                ]
                .concat(),
            );
            openssl(&[
                "x509",
                "-req",
                "-in",
                &csr,
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                &pem,
                "-days",
                "2",
                "-extfile",
                &ext,
            ]);
        }
    }

    /// etcdctl's flags for a TLS cluster: the authority and the client's certificate.
    fn tls_flags(&self) -> Vec<String> {
        if !self.tls {
            return Vec::new();
        }
        let pki = self.pki();
        vec![
            format!("--cacert={}", pki.ca.display()),
            format!("--cert={}", pki.client_cert.display()),
            format!("--key={}", pki.client_key.display()),
        ]
    }

    /// Kills member `i` (its data stays, so it can start again).
    pub(crate) fn stop_member(&mut self, i: usize) {
        if let Some(mut child) = self.members[i].process.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts member `i` again on its data and ports, and waits until it serves the cluster.
    pub(crate) fn start_member(&mut self, i: usize) {
        assert!(self.members[i].process.is_none(), "member {i} is running");
        self.spawn(i);
        let endpoint = self.endpoints()[i].clone();
        self.wait_healthy(&[endpoint]);
    }

    /// `etcdctl ARGS…` (API v3) against every member's endpoint.
    pub(crate) fn etcdctl(&self, args: &[&str]) -> Output {
        Command::new("etcdctl")
            .env("ETCDCTL_API", "3")
            .arg(format!("--endpoints={}", self.endpoints().join(",")))
            .args(self.tls_flags())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    fn spawn(&mut self, i: usize) {
        let data = self.dir.path().join(&self.members[i].name);
        let log = File::options()
            .create(true)
            .append(true)
            .open(self.log_path(i))
            .unwrap();
        let member = &self.members[i];
        let scheme = if self.tls { "https" } else { "http" };
        let client = format!("{scheme}://127.0.0.1:{}", member.client_port);
        let peer = format!("http://127.0.0.1:{}", member.peer_port);
        let mut etcd = Command::new("etcd");
        if self.tls {
            let at = |name: &str| self.dir.path().join(name).display().to_string();
            etcd.arg(format!("--cert-file={}", at("server.pem")))
                .arg(format!("--key-file={}", at("server.key")))
                .arg(format!("--trusted-ca-file={}", at("ca.pem")))
                .arg("--client-cert-auth");
        }
        let child = etcd
            .arg(format!("--name={}", member.name))
            .arg(format!("--data-dir={}", data.display()))
            .arg(format!("--listen-client-urls={client}"))
            .arg(format!("--advertise-client-urls={client}"))
            .arg(format!("--listen-peer-urls={peer}"))
            .arg(format!("--initial-advertise-peer-urls={peer}"))
            .arg(format!("--initial-cluster={}", self.initial_cluster))
            .arg("--initial-cluster-state=new")
            .arg("--initial-cluster-token=tether-tests")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        self.members[i].process = Some(child);
    }

    fn log_path(&self, i: usize) -> PathBuf {
        self.dir
            .path()
            .join(format!("{}.log", self.members[i].name))
    }

    /// Waits until `endpoints` each report a healthy cluster (a member answers only once there
    /// is a leader and a quorum), or panics with every member's log.
    fn wait_healthy(&self, endpoints: &[String]) {
        let deadline = Instant::now() + HEALTHY_WITHIN;
        loop {
            let out = Command::new("etcdctl")
                .env("ETCDCTL_API", "3")
                .arg(format!("--endpoints={}", endpoints.join(",")))
                .args(self.tls_flags())
                .args(["endpoint", "health", "--command-timeout=2s"])
                .stdin(Stdio::null())
                .output()
                .unwrap();
            if out.status.success() {
                return;
            }
            if Instant::now() > deadline {
                let mut logs = String::new();
                for (i, member) in self.members.iter().enumerate() {
                    let log = std::fs::read_to_string(self.log_path(i)).unwrap_or_default();
                    let lines: Vec<&str> = log.lines().collect();
                    let tail = &lines[lines.len().saturating_sub(30)..];
                    let _ = writeln!(logs, "--- {} ---\n{}", member.name, tail.join("\n"));
                }
                panic!(
                    "etcd at {} was not healthy within {HEALTHY_WITHIN:?}: {}\n{logs}",
                    endpoints.join(","),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for EtcdCluster {
    fn drop(&mut self) {
        for i in 0..self.members.len() {
            self.stop_member(i);
        }
    }
}

/// `n` distinct ports free on 127.0.0.1 (all held open until every one is chosen).
fn free_ports(n: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}
