//! A blocking client for an etcd cluster: reads with their revisions, writes conditioned on
//! them (all-or-nothing across keys), leased locks and per-member health, each within a time
//! limit. The async client (`etcd-client`, on tonic) runs on a current-thread tokio runtime
//! that this module creates when a client is made and never lets out: nothing else in tether
//! sees `async`, and a command that never makes a client never starts it.

mod error;
mod lock;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use etcd_client::{Compare, CompareOp, ConnectOptions, GetOptions, Txn, TxnOp, TxnOpResponse};
use tokio::runtime::Runtime;
use zeroize::Zeroizing;

/// The pause before a request goes again to another member.
const RETRY_PAUSE: Duration = Duration::from_millis(100);

pub use error::Error;
pub use lock::LockGuard;

/// How long the client waits before giving up.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// To open a connection to one member.
    pub connect: Duration,
    /// For one request's answer (a lock's wait has its own limit).
    pub request: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(2),
            request: Duration::from_secs(5),
        }
    }
}

/// A key's value and the revision of its last change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub value: Vec<u8>,
    pub mod_revision: i64,
}

/// What a write expects of a key: what it was when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The key did not exist.
    Absent,
    /// The key's last change was at this revision.
    ModRevision(i64),
}

impl Expect {
    /// The `mod_revision` etcd reports for the key in that state (0 for a missing key).
    fn mod_revision(self) -> i64 {
        match self {
            Self::Absent => 0,
            Self::ModRevision(revision) => revision,
        }
    }
}

/// One key's part of a [`Client::commit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub key: String,
    pub expect: Expect,
    pub write: Write,
}

/// What a [`Change`] does to its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    Put(Vec<u8>),
    Delete,
}

/// How one member answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    /// It answers and follows a leader.
    Healthy { version: String },
    /// It answers but has no leader: the cluster has lost its quorum.
    NoLeader { version: String },
    /// It did not answer.
    Unreachable { reason: String },
}

/// One member's endpoint and how it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointHealth {
    pub endpoint: String,
    pub health: Health,
}

/// How the client proves who it is to a cluster that asks, and checks who the members are.
#[derive(Clone, Default)]
pub struct Security {
    /// A user of the cluster's authentication and the password.
    pub user: Option<(String, Zeroizing<String>)>,
    /// TLS to `https://` endpoints.
    pub tls: Option<Tls>,
}

/// The PEM files of TLS: the authority that signed the members' certificates, and this
/// client's own certificate and key when the cluster asks for one.
#[derive(Clone)]
pub struct Tls {
    pub ca: Vec<u8>,
    pub identity: Option<(Vec<u8>, Zeroizing<Vec<u8>>)>,
}

impl std::fmt::Debug for Security {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Security")
            .field("user", &self.user.as_ref().map(|(name, _)| name))
            .field("tls", &self.tls.is_some())
            .finish()
    }
}

/// A connection to an etcd cluster, spread over its endpoints.
pub struct Client {
    runtime: Arc<Runtime>,
    inner: etcd_client::Client,
    endpoints: Vec<String>,
    limits: Limits,
    security: Security,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoints", &self.endpoints)
            .field("limits", &self.limits)
            .field("security", &self.security)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the cluster at `endpoints` (`http://HOST:PORT`). Connections are opened on
    /// first use, so an unreachable cluster shows up as the first request's error.
    pub fn connect(
        endpoints: &[String],
        limits: Limits,
        security: Security,
    ) -> Result<Self, Error> {
        if endpoints.is_empty() {
            return Err(Error::NoEndpoints);
        }
        for endpoint in endpoints {
            check_endpoint(endpoint, security.tls.is_some())?;
        }
        // Current-thread: no worker threads to start for a short-lived command; the lock's
        // keep-alive thread drives the same runtime while a lock is held.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(Error::Runtime)?;
        let options = options(limits, &security);
        let inner = runtime
            .block_on(async {
                tokio::time::timeout(
                    limits.connect,
                    etcd_client::Client::connect(endpoints, Some(options)),
                )
                .await
            })
            .map_err(|_| Error::Timeout {
                operation: "a connection",
                endpoints: endpoints.to_vec(),
                limit: limits.connect,
                last_error: None,
            })?
            .map_err(|e| Error::Failed {
                operation: "a connection",
                endpoints: endpoints.to_vec(),
                reason: e.to_string(),
            })?;
        Ok(Self {
            runtime: Arc::new(runtime),
            inner,
            endpoints: endpoints.to_vec(),
            limits,
            security,
        })
    }

    /// The endpoints this client was made with.
    pub fn endpoints(&self) -> &[String] {
        &self.endpoints
    }

    /// `key`'s value and the revision it was last changed at, or `None` when it does not exist.
    pub fn get(&self, key: &str) -> Result<Option<Entry>, Error> {
        let response = self.run("a read", || {
            let mut kv = self.inner.kv_client();
            async move { kv.get(key, None).await }
        })?;
        Ok(response.kvs().first().map(entry))
    }

    /// Every key under `prefix`, in key order, with their values and revisions.
    pub fn get_prefix(&self, prefix: &str) -> Result<Vec<Entry>, Error> {
        let response = self.run("a read", || {
            let mut kv = self.inner.kv_client();
            async move { kv.get(prefix, Some(GetOptions::new().with_prefix())).await }
        })?;
        Ok(response.kvs().iter().map(entry).collect())
    }

    /// Writes `value` to `key` only if the key is still as `expect` says; returns the new
    /// revision, or [`Error::Conflict`] when someone changed it since.
    pub fn put_if(&self, key: &str, value: &[u8], expect: Expect) -> Result<i64, Error> {
        self.commit(&[Change {
            key: key.to_owned(),
            expect,
            write: Write::Put(value.to_vec()),
        }])
    }

    /// Applies every change in one transaction if every key is still as its change expects,
    /// and none otherwise. Returns the cluster's revision after the write, or
    /// [`Error::Conflict`] naming the keys that moved.
    pub fn commit(&self, changes: &[Change]) -> Result<i64, Error> {
        let compares: Vec<Compare> = changes
            .iter()
            .map(|c| {
                Compare::mod_revision(c.key.as_str(), CompareOp::Equal, c.expect.mod_revision())
            })
            .collect();
        let writes: Vec<TxnOp> = changes
            .iter()
            .map(|c| match &c.write {
                Write::Put(value) => TxnOp::put(c.key.as_str(), value.clone(), None),
                Write::Delete => TxnOp::delete(c.key.as_str(), None),
            })
            .collect();
        // On a conflict the same transaction reads the keys back, to say which ones moved.
        let reads: Vec<TxnOp> = changes
            .iter()
            .map(|c| TxnOp::get(c.key.as_str(), None))
            .collect();
        let txn = Txn::new().when(compares).and_then(writes).or_else(reads);
        let response = self.run("a transaction", || {
            let (mut kv, txn) = (self.inner.kv_client(), txn.clone());
            async move { kv.txn(txn).await }
        })?;
        if response.succeeded() {
            return Ok(response
                .header()
                .map_or(0, etcd_client::ResponseHeader::revision));
        }
        let mut moved = Vec::new();
        for (change, answer) in changes.iter().zip(response.op_responses()) {
            let now = match answer {
                TxnOpResponse::Get(get) => get
                    .kvs()
                    .first()
                    .map_or(0, etcd_client::KeyValue::mod_revision),
                _ => continue,
            };
            if now != change.expect.mod_revision() {
                moved.push(change.key.clone());
            }
        }
        if moved.is_empty() {
            moved = changes.iter().map(|c| c.key.clone()).collect();
        }
        Err(Error::Conflict { keys: moved })
    }

    /// How each endpoint answers, asked one by one, each within the request limit.
    pub fn health(&self) -> Vec<EndpointHealth> {
        self.endpoints
            .iter()
            .map(|endpoint| EndpointHealth {
                endpoint: endpoint.clone(),
                health: self.member_health(endpoint),
            })
            .collect()
    }

    fn member_health(&self, endpoint: &str) -> Health {
        let limits = self.limits;
        let asked = self.runtime.block_on(async {
            tokio::time::timeout(limits.request, async {
                // Without requiring a leader: a member cut off from its quorum still says so.
                let options = options(limits, &self.security).with_require_leader(false);
                let mut member = etcd_client::Client::connect([endpoint], Some(options)).await?;
                member.status().await
            })
            .await
        });
        match asked {
            Err(_) => Health::Unreachable {
                reason: format!("no answer within {}s", limits.request.as_secs_f32()),
            },
            Ok(Err(e)) => Health::Unreachable {
                reason: e.to_string(),
            },
            Ok(Ok(status)) if status.leader() == 0 => Health::NoLeader {
                version: status.version().to_owned(),
            },
            Ok(Ok(status)) => Health::Healthy {
                version: status.version().to_owned(),
            },
        }
    }

    /// Runs one request on the runtime within the request limit, again while the failure is
    /// a member that went away (the next attempt goes to another one). A write retried after
    /// its answer was lost may come back as a conflict with itself; callers re-read anyway.
    fn run<T, F, R>(&self, operation: &'static str, mut request: F) -> Result<T, Error>
    where
        F: FnMut() -> R,
        R: Future<Output = Result<T, etcd_client::Error>>,
    {
        let limit = self.limits.request;
        self.runtime.block_on(async {
            let deadline = tokio::time::Instant::now() + limit;
            let mut last_error = None;
            loop {
                match tokio::time::timeout_at(deadline, request()).await {
                    Err(_) => return Err(self.timeout(operation, limit, last_error)),
                    Ok(Ok(answer)) => return Ok(answer),
                    Ok(Err(e)) if member_gone(&e) => {
                        last_error = Some(e.to_string());
                        tokio::time::sleep(RETRY_PAUSE).await;
                    }
                    Ok(Err(e)) => return Err(self.failed(operation, &e)),
                }
            }
        })
    }

    fn timeout(
        &self,
        operation: &'static str,
        limit: Duration,
        last_error: Option<String>,
    ) -> Error {
        Error::Timeout {
            operation,
            endpoints: self.endpoints.clone(),
            limit,
            last_error,
        }
    }

    fn failed(&self, operation: &'static str, error: &etcd_client::Error) -> Error {
        Error::Failed {
            operation,
            endpoints: self.endpoints.clone(),
            reason: error.to_string(),
        }
    }
}

/// `http://HOST:PORT`, or `https://` with TLS (and only then: a certificate check needs it).
fn check_endpoint(endpoint: &str, tls: bool) -> Result<(), Error> {
    let bad = |reason: &str| Error::BadEndpoint {
        endpoint: endpoint.to_owned(),
        reason: reason.to_owned(),
    };
    let url = url::Url::parse(endpoint).map_err(|e| bad(&e.to_string()))?;
    match (url.scheme(), tls) {
        ("http", false) | ("https", true) => {}
        ("https", false) => return Err(bad("https:// needs the cluster's CA (--cacert)")),
        ("http", true) => return Err(bad("with --cacert, the endpoints are https://")),
        _ => return Err(bad("endpoints are http:// or https:// URLs")),
    }
    if url.host_str().is_none() || url.port_or_known_default().is_none() {
        return Err(bad("it needs a host and a port"));
    }
    Ok(())
}

/// Whether a request failed because the member it went to is gone or cut off, so that
/// another member may answer it.
fn member_gone(error: &etcd_client::Error) -> bool {
    match error {
        etcd_client::Error::TransportError(_) | etcd_client::Error::IoError(_) => true,
        etcd_client::Error::GRpcStatus(status) => match status.code() {
            tonic::Code::Unavailable => true,
            // A connection that broke under a request surfaces as an unknown status.
            tonic::Code::Unknown => status.message() == "transport error",
            _ => false,
        },
        _ => false,
    }
}

fn options(limits: Limits, security: &Security) -> ConnectOptions {
    // A member cut off from its quorum answers at once instead of waiting for a leader.
    let mut options = ConnectOptions::new()
        .with_connect_timeout(limits.connect)
        .with_require_leader(true);
    if let Some((name, password)) = &security.user {
        options = options.with_user(name.clone(), password.to_string());
    }
    if let Some(tls) = &security.tls {
        let mut config = etcd_client::TlsOptions::new()
            .ca_certificate(etcd_client::Certificate::from_pem(&tls.ca));
        if let Some((cert, key)) = &tls.identity {
            config = config.identity(etcd_client::Identity::from_pem(cert, key.as_slice()));
        }
        options = options.with_tls(config);
    }
    options
}

fn entry(kv: &etcd_client::KeyValue) -> Entry {
    Entry {
        key: String::from_utf8_lossy(kv.key()).into_owned(),
        value: kv.value().to_vec(),
        mod_revision: kv.mod_revision(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_must_be_plain_http_urls_with_a_host() {
        assert!(check_endpoint("http://127.0.0.1:2379", false).is_ok());
        assert!(check_endpoint("http://etcd.internal", false).is_ok());
        assert!(check_endpoint("https://10.0.0.5:2379", true).is_ok());
        assert!(check_endpoint("http://10.0.0.5:2379", true).is_err());
        for bad in ["https://10.0.0.5:2379", "10.0.0.5:2379", "http://", ""] {
            let refused = check_endpoint(bad, false).unwrap_err();
            assert!(
                refused.to_string().contains(&format!("{bad:?}")),
                "{refused}"
            );
        }
        assert!(matches!(
            Client::connect(&[], Limits::default(), Security::default()),
            Err(Error::NoEndpoints)
        ));
    }
}
