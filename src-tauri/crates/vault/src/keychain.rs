use crate::{decode, encode, SecretMap, SecretStore};
use keyring::Entry;
use ventanilla_core::{Error, ErrorCode, Result};

/// The OS keychain: Secret Service on Linux, Keychain on macOS, Credential
/// Manager on Windows. Entries are `service = <service>`, `user = <connection id>`.
pub struct KeychainStore {
    service: String,
}

const HOW_TO_GET_ONE: &str = "Ventanilla keeps credentials only in the OS keychain. On Linux, install and \
unlock a Secret Service provider (for example GNOME Keyring: `sudo apt install gnome-keyring`, then log in \
to a desktop session or unlock it); on macOS and Windows the system keychain is used.";

impl KeychainStore {
    pub fn new(service: impl Into<String>) -> Self {
        KeychainStore {
            service: service.into(),
        }
    }

    /// Checks that the keychain works by writing, reading and deleting a probe entry.
    pub fn probe(&self) -> Result<()> {
        let entry = self.entry("__ventanilla_probe__")?;
        entry.set_password("probe").map_err(unavailable)?;
        let back = entry.get_password().map_err(unavailable)?;
        let _ = entry.delete_credential();
        if back != "probe" {
            return Err(Error::new(
                ErrorCode::KeychainUnavailable,
                format!("the OS keychain did not return what was stored. {HOW_TO_GET_ONE}"),
            ));
        }
        Ok(())
    }

    fn entry(&self, id: &str) -> Result<Entry> {
        Entry::new(&self.service, id).map_err(unavailable)
    }
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
