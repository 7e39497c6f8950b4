//! Where connection secrets live: one OS-keychain entry per connection
//! ([`KeychainStore`]), or, for sandbox connections on a machine without a
//! keychain, this process's memory ([`MemoryStore`]). There is no plaintext
//! fallback: if the keychain is unavailable, saving a real connection fails
//! with `KEYCHAIN_UNAVAILABLE`.

mod keychain;
mod memory;

pub use keychain::KeychainStore;
pub use memory::MemoryStore;

use std::collections::BTreeMap;
use ventanilla_core::{Error, ErrorCode, Result, SecretString};
use zeroize::Zeroize;

/// Secret field name → value, e.g. `api_key`, `username`, `password`.
pub type SecretMap = BTreeMap<String, SecretString>;

pub trait SecretStore: Send + Sync {
    /// Checks that the store works now (the keychain may be locked, or may
    /// have been unlocked since the last check). `KEYCHAIN_UNAVAILABLE` if not.
    fn probe(&self) -> Result<()> {
        Ok(())
    }
    fn put(&self, connection_id: &str, secrets: &SecretMap) -> Result<()>;
    /// `Ok(None)` when there is no entry for this connection.
    fn get(&self, connection_id: &str) -> Result<Option<SecretMap>>;
    /// Deleting a missing entry is not an error.
    fn delete(&self, connection_id: &str) -> Result<()>;
}

/// One JSON object per entry, so a connection's fields stay together.
fn encode(secrets: &SecretMap) -> String {
    let map: serde_json::Map<String, serde_json::Value> = secrets
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.expose().to_owned())))
        .collect();
    serde_json::Value::Object(map).to_string()
}

fn decode(mut raw: String) -> Result<SecretMap> {
    let parsed: std::result::Result<BTreeMap<String, String>, _> = serde_json::from_str(&raw);
    raw.zeroize();
    let map = parsed.map_err(|_| {
        // Deliberately not including the parse error: it could quote the secret.
        Error::new(
            ErrorCode::SecretMissing,
            "the keychain entry for this connection is damaged; edit the connection and enter its secrets again",
        )
    })?;
    Ok(map
        .into_iter()
        .map(|(k, v)| (k, SecretString::new(v)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_entry_format() {
        let mut m = SecretMap::new();
        m.insert("api_key".into(), SecretString::new("k\"ey"));
        m.insert("password".into(), SecretString::new("pá ss"));
        assert_eq!(decode(encode(&m)).unwrap(), m);
    }

    #[test]
    fn damaged_entry_error_does_not_echo_it() {
        let e = decode("{\"password\": sup3rsecret".into()).unwrap_err();
        assert_eq!(e.code, ErrorCode::SecretMissing);
        assert!(!e.message.contains("sup3rsecret"));
    }
}
