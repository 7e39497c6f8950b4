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
#[ignore = "needs a real Secret Service; run by `make test` under dbus-run-session"]
fn stores_reads_and_deletes_only_their_own_probe_entries() {
    let stores: Vec<_> = (0..4)
        .map(|_| KeychainStore::new("ventanilla-test"))
        .collect();
    let mut ids: Vec<_> = stores.iter().map(|s| s.probe_id().to_owned()).collect();
    assert!(ids[0].starts_with(&format!("probe-{}-", std::process::id())));
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4, "every store has its own probe entry");

    // Probing at the same time (a GUI and a CLI starting together) never
    // makes one of them see the keychain as unavailable.
    std::thread::scope(|s| {
        for store in &stores {
            s.spawn(move || {
                for _ in 0..5 {
                    store.probe().expect("concurrent probe");
                }
            });
        }
    });

    // Nothing is left behind in the user's keychain.
    for id in &ids {
        match keyring::Entry::new("ventanilla-test", id)
            .unwrap()
            .get_password()
        {
            Err(keyring::Error::NoEntry) => {}
            other => panic!("probe entry {id} left behind: {other:?}"),
        }
    }
}

#[test]
#[ignore = "needs no Secret Service on the bus; run by `make test` outside the keyring session"]
fn missing_keychain_is_a_clear_error() {
    let err = KeychainStore::new("ventanilla-test").probe().unwrap_err();
    assert_eq!(err.code, ErrorCode::KeychainUnavailable);
    assert!(err.message.contains("gnome-keyring"), "{}", err.message);
}
