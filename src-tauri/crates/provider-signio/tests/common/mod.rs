#![allow(dead_code)]

use ventanilla_core::SecretString;
use ventanilla_provider_signio::sandbox::{SimConfig, SimHandle, Simulator};
use ventanilla_provider_signio::{SignioClient, SignioConfig, SignioSettings};

pub async fn sim() -> SimHandle {
    Simulator::start(SimConfig::default())
        .await
        .expect("simulator starts")
}

pub fn config(sim: &SimHandle, settings: SignioSettings) -> SignioConfig {
    let c = sim.credentials();
    SignioConfig {
        base_url: sim.base_url(),
        email: c.email,
        password: SecretString::new(c.password),
        settings,
    }
}

pub fn client(sim: &SimHandle) -> SignioClient {
    SignioClient::new(config(sim, SignioSettings::default())).expect("client builds")
}

pub fn log(sim: &SimHandle) -> Vec<String> {
    sim.requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

pub fn count(sim: &SimHandle, what: &str) -> usize {
    log(sim).iter().filter(|l| l.as_str() == what).count()
}

pub const LOGIN: &str = "POST /token/crear";
