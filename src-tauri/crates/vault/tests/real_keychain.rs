//! Runs against a real Secret Service. `make test` runs it inside
//! `dbus-run-session` with an unlocked gnome-keyring (see scripts/with-keyring.sh);
//! it is ignored in a plain `cargo test`, where no keychain may exist.

use ventanilla_core::{ErrorCode, SecretString};
use ventanilla_vault::{KeychainStore, SecretMap, SecretStore};

#[test]
#[ignore = "needs a real Secret Service; run by `make test` under dbus-run-session"]
fn stores_reads_and_deletes_in_the_os_keychain() {
    let store = KeychainStore::new("ventanilla-test");
    store.probe().expect("keychain reachable");
    let id = format!("conn-{}", std::process::id());
    let mut secrets = SecretMap::new();
    secrets.insert("api_key".into(), SecretString::new("k-123"));
    secrets.insert("password".into(), SecretString::new("contraseña"));
    store.put(&id, &secrets).unwrap();

    // A second store object (as after an app restart) sees the same entry.
    let again = KeychainStore::new("ventanilla-test");
    assert_eq!(again.get(&id).unwrap().unwrap(), secrets);

    // It really is in the Secret Service, not an in-memory mock: another
    // process (secret-tool, if installed) or a new keyring Entry finds it.
    let raw = keyring::Entry::new("ventanilla-test", &id)
        .unwrap()
        .get_password()
        .unwrap();
    assert!(raw.contains("k-123"));

    store.delete(&id).unwrap();
    assert!(again.get(&id).unwrap().is_none());
    store.delete(&id).unwrap();
}

#[test]
#[ignore = "needs no Secret Service on the bus; run by `make test` outside the keyring session"]
fn missing_keychain_is_a_clear_error() {
    let err = KeychainStore::new("ventanilla-test").probe().unwrap_err();
    assert_eq!(err.code, ErrorCode::KeychainUnavailable);
    assert!(err.message.contains("gnome-keyring"), "{}", err.message);
}
