use crate::{decode, encode, SecretMap, SecretStore};
use keyring::Entry;
use ventanilla_core::{Error, ErrorCode, Result};

/// The OS keychain: Secret Service on Linux, Keychain on macOS, Credential
/// Manager on Windows. Entries are `service = <service>`, `user = <connection id>`.
pub struct KeychainStore {
    service: String,
    /// This process's own probe entry: a GUI and a CLI probing at the same
    /// time must not delete each other's entry and read nothing back.
    probe_id: String,
}

const HOW_TO_GET_ONE: &str = "Ventanilla keeps credentials only in the OS keychain. On Linux, install and \
unlock a Secret Service provider (for example GNOME Keyring: `sudo apt install gnome-keyring`, then log in \
to a desktop session or unlock it); on macOS and Windows the system keychain is used.";

impl KeychainStore {
    pub fn new(service: impl Into<String>) -> Self {
        KeychainStore {
            service: service.into(),
            probe_id: format!("probe-{}-{:016x}", std::process::id(), random()),
        }
    }

    /// The entry [`SecretStore::probe`] writes and deletes again.
    pub fn probe_id(&self) -> &str {
        &self.probe_id
    }

    fn entry(&self, id: &str) -> Result<Entry> {
        Entry::new(&self.service, id).map_err(unavailable)
    }
}

/// 64 random bits from the standard library's per-process hash keys.
fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    h.finish()
}

/// Maps keyring failures to our error. keyring's messages never contain the
/// secret, but we still write our own text so nothing provider-specific leaks.
fn unavailable(e: keyring::Error) -> Error {
    let why = match &e {
        keyring::Error::NoStorageAccess(_) => "the keychain is locked or refused access",
        keyring::Error::PlatformFailure(_) => "no keychain service is reachable",
        keyring::Error::NoEntry => "the keychain has no entry for this connection",
        _ => "the keychain failed",
    };
    Error::new(
        ErrorCode::KeychainUnavailable,
        format!("{why} ({e}). {HOW_TO_GET_ONE}"),
    )
}

impl SecretStore for KeychainStore {
    /// Writes, reads back and deletes this process's probe entry.
    fn probe(&self) -> Result<()> {
        let entry = self.entry(&self.probe_id)?;
        let value = format!("probe {}", self.probe_id);
        entry.set_password(&value).map_err(unavailable)?;
        let back = entry.get_password().map_err(unavailable);
        // Always try to remove it, even when reading it back failed.
        let deleted = match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        };
        if back? != value {
            return Err(Error::new(
                ErrorCode::KeychainUnavailable,
                format!("the OS keychain did not return what was stored. {HOW_TO_GET_ONE}"),
            ));
        }
        // A keychain that cannot delete would leave secrets behind on removal.
        deleted
    }

    fn put(&self, id: &str, secrets: &SecretMap) -> Result<()> {
        let mut value = encode(secrets);
        let r = self.entry(id)?.set_password(&value).map_err(unavailable);
        zeroize::Zeroize::zeroize(&mut value);
        r
    }

    fn get(&self, id: &str) -> Result<Option<SecretMap>> {
        match self.entry(id)?.get_password() {
            Ok(raw) => decode(raw).map(Some),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn delete(&self, id: &str) -> Result<()> {
        match self.entry(id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}
