use std::future::Future;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;
use ventanilla_core::Result;

/// One cached session token with its expiry. Async-safe: the lock is held
/// while logging in, so concurrent callers that find no valid token wait for
/// the one login in progress and then share its token.
pub struct TokenCache<T> {
    slot: Mutex<Option<(T, Instant)>>,
}

impl<T> Default for TokenCache<T> {
    fn default() -> Self {
        TokenCache {
            slot: Mutex::new(None),
        }
    }
}

impl<T: Clone + PartialEq> TokenCache<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// The cached token if it is still valid; otherwise run `login`, which
    /// returns a new token and how long it stays valid (already minus any
    /// safety margin), cache it and return it. A failed login caches nothing.
    pub async fn get_or_refresh<F, Fut>(&self, login: F) -> Result<T>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(T, Duration)>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some((token, until)) = slot.as_ref() {
            if Instant::now() < *until {
                return Ok(token.clone());
            }
        }
        *slot = None;
        let (token, valid_for) = login().await?;
        *slot = Some((token.clone(), Instant::now() + valid_for));
        Ok(token)
    }

    /// Always log in and cache the result (e.g. an explicit "log in again").
    pub async fn refresh<F, Fut>(&self, login: F) -> Result<T>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(T, Duration)>>,
    {
        let mut slot = self.slot.lock().await;
        *slot = None;
        let (token, valid_for) = login().await?;
        *slot = Some((token.clone(), Instant::now() + valid_for));
        Ok(token)
    }

    /// Forget `stale` (the token a request was refused with). If another task
    /// already replaced it, the newer token is kept, so N requests refused at
    /// once still lead to a single new login.
    pub async fn invalidate(&self, stale: &T) {
        let mut slot = self.slot.lock().await;
        if slot.as_ref().is_some_and(|(t, _)| t == stale) {
            *slot = None;
        }
    }

    /// Forget whatever is cached.
    pub async fn clear(&self) {
        *self.slot.lock().await = None;
    }

    /// The cached token, if any and still valid (does not log in).
    pub async fn peek(&self) -> Option<T> {
        let slot = self.slot.lock().await;
        slot.as_ref()
            .filter(|(_, until)| Instant::now() < *until)
            .map(|(t, _)| t.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use ventanilla_core::{Error, ErrorCode};

    type LoginFuture = std::pin::Pin<Box<dyn Future<Output = Result<(String, Duration)>> + Send>>;

    fn counting_login(n: &Arc<AtomicUsize>, valid: Duration) -> impl FnOnce() -> LoginFuture {
        let n = n.clone();
        move || {
            Box::pin(async move {
                let k = n.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok((format!("token-{k}"), valid))
            })
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_gets_log_in_once() {
        let cache = Arc::new(TokenCache::<String>::new());
        let logins = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (c, l) = (cache.clone(), logins.clone());
            tasks.push(tokio::spawn(async move {
                c.get_or_refresh(counting_login(&l, Duration::from_secs(60)))
                    .await
                    .unwrap()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), "token-1");
        }
        assert_eq!(logins.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn an_expired_token_is_replaced() {
        let cache = TokenCache::<String>::new();
        let logins = Arc::new(AtomicUsize::new(0));
        let a = cache
            .get_or_refresh(counting_login(&logins, Duration::from_millis(30)))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(cache.peek().await, None);
        let b = cache
            .get_or_refresh(counting_login(&logins, Duration::from_secs(60)))
            .await
            .unwrap();
        assert_eq!((a.as_str(), b.as_str()), ("token-1", "token-2"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_refusals_of_the_same_token_lead_to_one_new_login() {
        let cache = Arc::new(TokenCache::<String>::new());
        let logins = Arc::new(AtomicUsize::new(0));
        let first = cache
            .get_or_refresh(counting_login(&logins, Duration::from_secs(60)))
            .await
            .unwrap();
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (c, l, stale) = (cache.clone(), logins.clone(), first.clone());
            tasks.push(tokio::spawn(async move {
                c.invalidate(&stale).await;
                c.get_or_refresh(counting_login(&l, Duration::from_secs(60)))
                    .await
                    .unwrap()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), "token-2");
        }
        assert_eq!(logins.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_login_caches_nothing_and_the_next_call_tries_again() {
        let cache = TokenCache::<String>::new();
        let err = cache
            .get_or_refresh(|| async {
                Err::<(String, Duration), _>(Error::new(ErrorCode::InvalidCredentials, "no"))
            })
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidCredentials);
        let logins = Arc::new(AtomicUsize::new(0));
        let t = cache
            .get_or_refresh(counting_login(&logins, Duration::from_secs(60)))
            .await
            .unwrap();
        assert_eq!(t, "token-1");
        cache.clear().await;
        assert_eq!(cache.peek().await, None);
    }
}
