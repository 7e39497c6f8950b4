use crate::{SecretMap, SecretStore};
use std::collections::HashMap;
use std::sync::Mutex;
use ventanilla_core::Result;

/// Secrets held in this process only; gone when it exits. Used for sandbox
/// connections when no keychain exists, and by tests.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, SecretMap>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl SecretStore for MemoryStore {
    fn put(&self, id: &str, secrets: &SecretMap) -> Result<()> {
        self.entries
            .lock()
            .unwrap()
            .insert(id.to_owned(), secrets.clone());
        Ok(())
    }
    fn get(&self, id: &str) -> Result<Option<SecretMap>> {
        Ok(self.entries.lock().unwrap().get(id).cloned())
    }
    fn delete(&self, id: &str) -> Result<()> {
        self.entries.lock().unwrap().remove(id);
        Ok(())
    }
}
