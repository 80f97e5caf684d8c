//! A named lock held through etcd's lock service on a lease of our own: the lease is kept
//! alive from a thread while the guard lives, and revoked when it drops. A holder that dies
//! stops keeping it alive, so etcd deletes its lock key when the lease's TTL runs out and the
//! next waiter gets the lock.
//!
//! etcd's lock service (`v3lock`) queues waiters by revision under the lock name, the same
//! scheme as `etcdctl lock`, so the two exclude each other.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use etcd_client::LockOptions;
use tokio::runtime::Runtime;
use tokio::sync::oneshot;

use super::{Client, Error, RETRY_PAUSE, member_gone};

/// A held lock: released (and its lease revoked) when dropped.
pub struct LockGuard {
    name: String,
    key: Vec<u8>,
    lease: i64,
    client: etcd_client::Client,
    runtime: Arc<Runtime>,
    limit: Duration,
    lost: Arc<AtomicBool>,
    stop: Option<oneshot::Sender<()>>,
    keeper: Option<JoinHandle<()>>,
}

impl Client {
    /// Takes the lock `name`, waiting at most `wait` for another holder to release it. The
    /// lease lives `ttl` (at least a second) past the last keep-alive, which is how long a dead
    /// holder keeps others waiting.
    pub fn lock(&self, name: &str, ttl: Duration, wait: Duration) -> Result<LockGuard, Error> {
        let ttl_secs = i64::try_from(ttl.as_secs().max(1)).unwrap_or(i64::MAX);
        let lease = self
            .run("a lease", || {
                let mut leases = self.inner.lease_client();
                async move { leases.grant(ttl_secs, None).await }
            })?
            .id();
        let lost = Arc::new(AtomicBool::new(false));
        let (stop, stopped) = oneshot::channel();
        // The lease must outlive the wait too: keep it alive from the start.
        let keeper = keep_alive(
            self.inner.clone(),
            Arc::clone(&self.runtime),
            lease,
            ttl,
            self.limits.request,
            Arc::clone(&lost),
            stopped,
        );
        let mut guard = LockGuard {
            name: name.to_owned(),
            key: Vec::new(),
            lease,
            client: self.inner.clone(),
            runtime: Arc::clone(&self.runtime),
            limit: self.limits.request,
            lost,
            stop: Some(stop),
            keeper: Some(keeper),
        };
        let options = LockOptions::new().with_lease(lease);
        let mut last_error = None;
        let taken = self.runtime.block_on(async {
            let deadline = tokio::time::Instant::now() + wait;
            loop {
                let mut locks = self.inner.lock_client();
                let asked = locks.lock(name, Some(options.clone()));
                match tokio::time::timeout_at(deadline, asked).await {
                    // Another member may take the request; the lease still holds our place.
                    Ok(Err(e)) if member_gone(&e) => {
                        last_error = Some(e.to_string());
                        tokio::time::sleep(RETRY_PAUSE).await;
                    }
                    answer => return answer,
                }
            }
        });
        // On any failure the guard drops here, revoking the lease: a lock granted after we
        // stopped waiting goes with it.
        match taken {
            Ok(Ok(response)) => {
                guard.key = response.key().to_vec();
                Ok(guard)
            }
            // The cluster kept failing, so nobody can say whether the lock was busy.
            Err(_) if last_error.is_some() => Err(self.timeout("a lock", wait, last_error)),
            Err(_) => Err(Error::LockBusy {
                name: name.to_owned(),
                endpoints: self.endpoints.clone(),
                waited: wait,
            }),
            Ok(Err(e)) => Err(self.failed("a lock", &e)),
        }
    }
}

impl LockGuard {
    /// The lock's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// False once etcd said the lease had expired: the lock may be someone else's now.
    pub fn is_held(&self) -> bool {
        !self.lost.load(Ordering::Relaxed)
    }
}

impl std::fmt::Debug for LockGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LockGuard")
            .field("name", &self.name)
            .field("lease", &self.lease)
            .field("held", &self.is_held())
            .finish_non_exhaustive()
    }
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(keeper) = self.keeper.take() {
            let _ = keeper.join();
        }
        let (mut client, key, lease, limit) = (
            self.client.clone(),
            std::mem::take(&mut self.key),
            self.lease,
            self.limit,
        );
        // Best effort: if the cluster cannot be reached the lease expires on its own.
        self.runtime.block_on(async move {
            if !key.is_empty() {
                let _ = tokio::time::timeout(limit, client.unlock(key)).await;
            }
            let _ = tokio::time::timeout(limit, client.lease_revoke(lease)).await;
        });
    }
}

/// Renews `lease` every third of its TTL until `stopped`, on a thread of its own that drives
/// the shared runtime while the caller is not in it.
fn keep_alive(
    mut client: etcd_client::Client,
    runtime: Arc<Runtime>,
    lease: i64,
    ttl: Duration,
    limit: Duration,
    lost: Arc<AtomicBool>,
    mut stopped: oneshot::Receiver<()>,
) -> JoinHandle<()> {
    let every = (ttl / 3).max(Duration::from_millis(200));
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let mut stream = None;
            loop {
                if tokio::time::timeout(every, &mut stopped).await.is_ok() {
                    return;
                }
                if stream.is_none() {
                    // Reconnects after a member went away: the next renewal opens a new stream.
                    stream = tokio::time::timeout(limit, client.lease_keep_alive(lease))
                        .await
                        .ok()
                        .and_then(Result::ok);
                }
                let Some((keeper, answers)) = stream.as_mut() else {
                    continue;
                };
                let renewed = async {
                    keeper.keep_alive().await?;
                    answers.message().await
                };
                match tokio::time::timeout(limit, renewed).await {
                    Ok(Ok(Some(answer))) if answer.ttl() <= 0 => {
                        lost.store(true, Ordering::Relaxed);
                        return;
                    }
                    Ok(Ok(Some(_))) => {}
                    _ => stream = None,
                }
            }
        });
    })
}
