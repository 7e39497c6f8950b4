//! DYNAMICORE 1.2 over real loopback HTTP: a retried GET is signed again
//! (fresh timestamp, fresh digest), never replayed.

use std::time::Duration;

use reqwest::header::AUTHORIZATION;
use ventanilla_core::SecretString;
use ventanilla_http::hostile::{Behavior, HostileServer};
use ventanilla_http::{Exchange, RetryPolicy, Signer};
use ventanilla_provider_dynamicore::sign::{self, IctineoSigner};

#[tokio::test]
async fn a_retry_carries_a_fresh_timestamp_and_signature() {
    let server = HostileServer::always(Behavior::json(503, "{}")).await;
    let secret = SecretString::new("s3cr3t");
    let signer = IctineoSigner::new("CK", &secret);
    let http = reqwest::Client::new();
    let url = format!("{}/v1/accounts?client_id=7", server.base_url());
    let req = http.get(&url).build().unwrap();
    let how = Exchange {
        idempotent: true,
        retry: RetryPolicy {
            backoff: vec![Duration::from_millis(15), Duration::from_millis(15)],
        },
        max_body: 1 << 20,
        signer: Some(Signer::new(signer)),
    };
    let (status, _) = ventanilla_http::exchange(&http, req, &how).await.unwrap();
    assert_eq!(status.as_u16(), 503);

    let seen = server.requests();
    assert_eq!(seen.len(), 3, "one attempt and two retries");
    let key = sign::derive_key(secret.expose());
    let mut last_ts = 0;
    let mut digests = Vec::new();
    for r in &seen {
        let h = r
            .header(AUTHORIZATION.as_str())
            .expect("every attempt is signed");
        let p = sign::parse_header(h).expect("well formed");
        assert!(p.ts > last_ts, "each attempt has a later timestamp");
        last_ts = p.ts;
        // Each signature verifies for its own timestamp against the URL sent.
        let msg = sign::message(p.ts, "GET", &url, "");
        assert_eq!(p.digest, sign::digest(&key, &msg));
        digests.push(p.digest.to_string());
    }
    digests.dedup();
    assert_eq!(digests.len(), 3, "no signature is replayed");
}
