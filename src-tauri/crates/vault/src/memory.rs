use crate::{SecretMap, SecretStore};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use ventanilla_core::{Error, ErrorCode, Result};

/// Secrets held in this process only; gone when it exits. Used for sandbox
/// connections when no keychain exists, and by tests.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, SecretMap>>,
    locked: AtomicBool,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Tests only: behave like a locked keychain (every call fails with
    /// `KEYCHAIN_UNAVAILABLE`) until unlocked again; entries are kept.
    pub fn set_locked(&self, locked: bool) {
        self.locked.store(locked, Ordering::SeqCst);
    }

    fn check(&self) -> Result<()> {
        if self.locked.load(Ordering::SeqCst) {
            return Err(Error::new(
                ErrorCode::KeychainUnavailable,
                "the keychain is locked or refused access (simulated)",
            ));
        }
        Ok(())
    }
}

impl SecretStore for MemoryStore {
    fn probe(&self) -> Result<()> {
        self.check()
    }
    fn put(&self, id: &str, secrets: &SecretMap) -> Result<()> {
        self.check()?;
        self.entries
            .lock()
            .unwrap()
            .insert(id.to_owned(), secrets.clone());
        Ok(())
    }
    fn get(&self, id: &str) -> Result<Option<SecretMap>> {
        self.check()?;
        Ok(self.entries.lock().unwrap().get(id).cloned())
    }
    fn delete(&self, id: &str) -> Result<()> {
        self.check()?;
        self.entries.lock().unwrap().remove(id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ventanilla_core::SecretString;

    #[test]
    fn a_locked_store_refuses_everything_and_keeps_its_entries() {
        let m = MemoryStore::new();
        let mut s = SecretMap::new();
        s.insert("password".into(), SecretString::new("p"));
        m.put("c1", &s).unwrap();
        m.set_locked(true);
        for e in [
            m.probe().unwrap_err(),
            m.get("c1").unwrap_err(),
            m.delete("c1").unwrap_err(),
            m.put("c2", &s).unwrap_err(),
        ] {
            assert_eq!(e.code, ErrorCode::KeychainUnavailable);
        }
        m.set_locked(false);
        m.probe().unwrap();
        assert_eq!(m.get("c1").unwrap().unwrap(), s);
        assert!(m.get("c2").unwrap().is_none());
    }
}
