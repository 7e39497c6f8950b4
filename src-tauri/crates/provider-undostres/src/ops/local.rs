//! What this app remembers per UnDosTres connection, in its object cache
//! (never a secret): the current key's public part, the connection's own
//! account, and the sub-account tree as far as known (UNDOSTRES 2.3: no
//! operation lists an account's children).

use serde::de::DeserializeOwned;
use serde::Serialize;
use ventanilla_core::op::Store;

use super::{Account, KeyInfo};
use crate::rules::TreeLimits;
use crate::tree::AccountTree;

/// Cache kind of the current key's [`KeyInfo`] (one object, key `current`).
pub const KEY_CACHE: &str = "undostres.key";
/// Cache kind of the connection's own [`Account`] (one object, key `me`).
pub const ACCOUNT_CACHE: &str = "undostres.account";
/// Cache kind of the known [`AccountTree`] (one object, key `tree`).
pub const TREE_CACHE: &str = "undostres.tree";

fn get<T: DeserializeOwned>(store: &dyn Store, kind: &str, key: &str) -> Option<(T, i64)> {
    let rows = store.cache_recent(kind, 10).ok()?;
    let row = rows.into_iter().find(|r| r.key == key)?;
    Some((serde_json::from_str(&row.json).ok()?, row.synced_at_ms))
}

fn put<T: Serialize>(store: &dyn Store, kind: &str, key: &str, v: &T) {
    if let Ok(json) = serde_json::to_string(v) {
        store.cache_put(kind, key, &json);
    }
}

pub(crate) fn key(store: &dyn Store) -> Option<KeyInfo> {
    get(store, KEY_CACHE, "current").map(|(k, _)| k)
}

pub(crate) fn put_key(store: &dyn Store, k: &KeyInfo) {
    put(store, KEY_CACHE, "current", k)
}

pub(crate) fn me(store: &dyn Store) -> Option<Account> {
    get(store, ACCOUNT_CACHE, "me").map(|(a, _)| a)
}

/// The connection's own company ID, as its key request or `account get`
/// reported it.
pub(crate) fn my_company_id(store: &dyn Store) -> Option<String> {
    me(store).map(|a| a.company_id)
}

pub(crate) fn put_me(store: &dyn Store, a: &Account) {
    put(store, ACCOUNT_CACHE, "me", a)
}

/// The known tree with the connection's limits, and when it was saved
/// (Unix ms; `None`: never).
pub(crate) fn tree(store: &dyn Store, limits: TreeLimits) -> (AccountTree, Option<i64>) {
    match get::<AccountTree>(store, TREE_CACHE, "tree") {
        Some((mut t, at)) => {
            t.set_limits(limits);
            (t, Some(at))
        }
        None => (AccountTree::new(limits), None),
    }
}

pub(crate) fn put_tree(store: &dyn Store, t: &AccountTree) {
    put(store, TREE_CACHE, "tree", t)
}

/// Records an account the provider reported: in the tree, and as the
/// connection's own when it is (`own`).
pub(crate) fn remember_account(store: &dyn Store, limits: TreeLimits, a: &Account, own: bool) {
    let (mut t, _) = tree(store, limits);
    t.upsert(a);
    put_tree(store, &t);
    if own {
        put_me(store, a);
    }
}
