#![allow(dead_code)]

use std::time::Duration;

use ventanilla_core::SecretString;
use ventanilla_http::HttpConfig;
use ventanilla_provider_backoffice::sandbox::{SimConfig, SimHandle, Simulator};
use ventanilla_provider_backoffice::{BackofficeClient, BackofficeConfig};

pub async fn sim() -> SimHandle {
    Simulator::start(SimConfig::default())
        .await
        .expect("simulator starts")
}

pub fn config(sim: &SimHandle) -> BackofficeConfig {
    let c = sim.credentials();
    BackofficeConfig {
        base_url: sim.base_url(),
        api_key: SecretString::new(c.api_key),
        username: c.username,
        password: SecretString::new(c.password),
    }
}

pub fn client(sim: &SimHandle) -> BackofficeClient {
    BackofficeClient::new(config(sim)).expect("client builds")
}

pub fn client_with_timeout(sim: &SimHandle, timeout: Duration) -> BackofficeClient {
    BackofficeClient::with_http(config(sim), &HttpConfig::with_timeout(timeout))
        .expect("client builds")
}

/// "METHOD path" of every request the simulator received.
pub fn log(sim: &SimHandle) -> Vec<String> {
    sim.requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

pub fn count(sim: &SimHandle, what: &str) -> usize {
    log(sim).iter().filter(|l| l.as_str() == what).count()
}

pub const LOGIN: &str = "POST /api/v1/login/";
