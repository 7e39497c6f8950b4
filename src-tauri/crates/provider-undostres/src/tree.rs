//! The sub-account tree as far as this app knows it.
//!
//! No documented operation lists an account's children (UNDOSTRES 2.3), so
//! the tree is built from what `account get` reports (parent, depth) and the
//! sub-accounts this app created. Children created elsewhere are unknown:
//! remaining slots are therefore an upper bound (the provider has the last
//! word). Pure data: the service keeps it in its local cache.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::error::FieldError;

use crate::ops::{Account, SubAccountCreated};
use crate::rules::{TreeLimits, MAX_DEPTH};

/// One account in the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TreeNode {
    pub company_id: String,
    pub parent_company_id: Option<String>,
    pub depth: u8,
    pub names: String,
    pub active: bool,
    /// Created through this app (so its credentials were once shown here).
    pub created_here: bool,
    /// Children known to this app.
    pub children: BTreeSet<String>,
}

/// A node as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TreeNodeView {
    pub company_id: String,
    pub parent_company_id: Option<String>,
    pub depth: u8,
    pub names: String,
    pub active: bool,
    pub created_here: bool,
    pub known_children: u32,
    pub max_children: u32,
    /// `max_children - known_children`: at most this many more (children
    /// created outside this app are not known).
    pub remaining_slots: u32,
}

/// The known tree, with the limits it is checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountTree {
    limits: TreeLimits,
    nodes: BTreeMap<String, TreeNode>,
}

impl AccountTree {
    pub fn new(limits: TreeLimits) -> Self {
        AccountTree {
            limits,
            nodes: BTreeMap::new(),
        }
    }

    pub fn limits(&self) -> TreeLimits {
        self.limits
    }

    /// New limits (settings changed); the nodes stay.
    pub fn set_limits(&mut self, limits: TreeLimits) {
        self.limits = limits;
    }

    pub fn node(&self, company_id: &str) -> Option<&TreeNode> {
        self.nodes.get(company_id)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    fn entry(&mut self, id: &str, depth: u8) -> &mut TreeNode {
        self.nodes
            .entry(id.to_string())
            .or_insert_with(|| TreeNode {
                company_id: id.to_string(),
                parent_company_id: None,
                depth,
                names: String::new(),
                active: false,
                created_here: false,
                children: BTreeSet::new(),
            })
    }

    fn link(&mut self, id: &str, parent: Option<&str>, depth: u8) {
        let old_parent = self.nodes.get(id).and_then(|n| n.parent_company_id.clone());
        if let Some(old) = old_parent.filter(|o| Some(o.as_str()) != parent) {
            if let Some(p) = self.nodes.get_mut(&old) {
                p.children.remove(id);
            }
        }
        if let Some(p) = parent {
            let pn = self.entry(p, depth.saturating_sub(1));
            pn.children.insert(id.to_string());
        }
    }

    /// Record what `account get` (or an update) reported.
    pub fn upsert(&mut self, a: &Account) {
        self.link(&a.company_id, a.parent_company_id.as_deref(), a.depth);
        let n = self.entry(&a.company_id, a.depth);
        n.parent_company_id = a.parent_company_id.clone();
        n.depth = a.depth;
        n.names = a.names.clone();
        n.active = a.active;
    }

    /// Record a sub-account this app created. Its depth is its parent's + 1
    /// (the parent's depth if known, else 1).
    pub fn add_created(&mut self, c: &SubAccountCreated) {
        let depth = self
            .nodes
            .get(&c.parent_company_id)
            .map_or(1, |p| p.depth.saturating_add(1));
        self.link(&c.company_id, Some(&c.parent_company_id), depth);
        let n = self.entry(&c.company_id, depth);
        n.parent_company_id = Some(c.parent_company_id.clone());
        n.depth = depth;
        n.names = c.names.clone();
        n.active = c.active;
        n.created_here = true;
    }

    /// Sub-accounts created here and not yet active: their first key is
    /// requested on their own connection, whose cache this tree is not in,
    /// so `account.tree` reads them again.
    pub fn created_inactive(&self) -> Vec<String> {
        self.nodes
            .values()
            .filter(|n| n.created_here && !n.active)
            .map(|n| n.company_id.clone())
            .collect()
    }

    /// How many more children `company_id` may have, as far as known
    /// (0 at depth 2); `None` for an unknown node.
    pub fn remaining_slots(&self, company_id: &str) -> Option<u32> {
        let n = self.nodes.get(company_id)?;
        let max = self.limits.max_children_at(n.depth);
        Some(max.saturating_sub(n.children.len() as u32))
    }

    /// Whether a child may be added under `company_id` (an unknown node is
    /// left to the provider). The error says why not.
    pub fn check_new_child(&self, company_id: &str) -> Result<(), FieldError> {
        let Some(n) = self.nodes.get(company_id) else {
            return Ok(());
        };
        if n.depth >= MAX_DEPTH {
            return Err(FieldError::new(
                "tree_depth",
                format!(
                    "{company_id} is at depth {}: accounts can be nested at most {MAX_DEPTH} levels below the main account",
                    n.depth
                ),
            )
            .param("account", company_id)
            .param("depth", n.depth)
            .param("max", MAX_DEPTH));
        }
        if self.remaining_slots(company_id) == Some(0) {
            let max = self.limits.max_children_at(n.depth);
            return Err(FieldError::new(
                "no_free_slot",
                format!("{company_id} already has {max} sub-accounts, the most it may have"),
            )
            .param("account", company_id)
            .param("max", max));
        }
        Ok(())
    }

    /// Nodes without a known parent, by company ID.
    pub fn roots(&self) -> Vec<&TreeNode> {
        self.nodes
            .values()
            .filter(|n| {
                n.parent_company_id
                    .as_ref()
                    .is_none_or(|p| !self.nodes.contains_key(p))
            })
            .collect()
    }

    pub fn children(&self, company_id: &str) -> Vec<&TreeNode> {
        self.nodes
            .get(company_id)
            .map(|n| {
                n.children
                    .iter()
                    .filter_map(|c| self.nodes.get(c))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Depth-first from the roots, each node with its slot counts.
    pub fn view(&self) -> Vec<TreeNodeView> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<&TreeNode> = self.roots().into_iter().rev().collect();
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if !seen.insert(n.company_id.as_str()) {
                continue;
            }
            let max = self.limits.max_children_at(n.depth);
            let known = n.children.len() as u32;
            out.push(TreeNodeView {
                company_id: n.company_id.clone(),
                parent_company_id: n.parent_company_id.clone(),
                depth: n.depth,
                names: n.names.clone(),
                active: n.active,
                created_here: n.created_here,
                known_children: known,
                max_children: max,
                remaining_slots: max.saturating_sub(known),
            });
            stack.extend(self.children(&n.company_id).into_iter().rev());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acct(id: &str, parent: Option<&str>, depth: u8) -> Account {
        Account {
            company_id: id.into(),
            parent_company_id: parent.map(String::from),
            depth,
            names: format!("Empresa {id}"),
            document_number: None,
            webhooks: vec![],
            email: None,
            phone: None,
            active: true,
        }
    }

    fn created(id: &str, parent: &str) -> SubAccountCreated {
        SubAccountCreated {
            company_id: id.into(),
            parent_company_id: parent.into(),
            names: format!("Sucursal {id}"),
            active: false,
            connection_id: String::new(),
            connection_name: String::new(),
        }
    }

    #[test]
    fn slots_per_node_follow_c_and_g_and_depth() {
        let mut t = AccountTree::new(TreeLimits {
            root_children: 2,
            children: 3,
        });
        t.upsert(&acct("R", None, 0));
        assert_eq!(t.remaining_slots("R"), Some(2));
        t.add_created(&created("A", "R"));
        assert_eq!(t.node("A").unwrap().depth, 1);
        assert_eq!(t.remaining_slots("R"), Some(1));
        assert_eq!(t.remaining_slots("A"), Some(3));
        t.add_created(&created("B", "R"));
        assert_eq!(t.remaining_slots("R"), Some(0));
        let full = t.check_new_child("R").unwrap_err();
        assert_eq!(
            (full.code.as_str(), &full.params["max"]),
            ("no_free_slot", &2.into())
        );
        t.add_created(&created("A1", "A"));
        assert_eq!(t.node("A1").unwrap().depth, 2);
        assert_eq!(t.remaining_slots("A1"), Some(0));
        let deep = t.check_new_child("A1").unwrap_err();
        assert_eq!(
            (deep.code.as_str(), &deep.params["depth"]),
            ("tree_depth", &2.into())
        );
        assert!(t.check_new_child("A").is_ok());
        assert!(t.check_new_child("unknown").is_ok());
        assert_eq!(t.remaining_slots("unknown"), None);
        // Re-adding the same child does not use another slot.
        t.add_created(&created("A1", "A"));
        assert_eq!(t.remaining_slots("A"), Some(2));
    }

    #[test]
    fn built_from_account_get_in_any_order() {
        let mut t = AccountTree::new(TreeLimits::default());
        // A grandchild reported before its ancestors.
        t.upsert(&acct("G", Some("C"), 2));
        t.upsert(&acct("C", Some("R"), 1));
        t.upsert(&acct("R", None, 0));
        let v = t.view();
        let order: Vec<_> = v.iter().map(|n| n.company_id.as_str()).collect();
        assert_eq!(order, ["R", "C", "G"]);
        assert_eq!(v[0].remaining_slots, 4);
        assert_eq!(v[1].remaining_slots, 9);
        assert_eq!((v[2].max_children, v[2].remaining_slots), (0, 0));
        assert_eq!(t.roots().len(), 1);
        assert_eq!(t.children("R")[0].company_id, "C");
    }

    #[test]
    fn a_moved_node_leaves_its_old_parent() {
        let mut t = AccountTree::new(TreeLimits::default());
        t.upsert(&acct("R", None, 0));
        t.upsert(&acct("A", Some("R"), 1));
        t.upsert(&acct("B", Some("R"), 1));
        t.upsert(&acct("X", Some("A"), 2));
        t.upsert(&acct("X", Some("B"), 2));
        assert!(t.children("A").is_empty());
        assert_eq!(t.children("B").len(), 1);
        assert_eq!(t.remaining_slots("A"), Some(10));
    }

    #[test]
    fn activation_and_round_trip_through_the_cache() {
        let mut t = AccountTree::new(TreeLimits::default());
        t.upsert(&acct("R", None, 0));
        t.add_created(&created("S", "R"));
        assert!(!t.node("S").unwrap().active && t.node("S").unwrap().created_here);
        assert_eq!(t.created_inactive(), ["S"]);
        t.upsert(&acct("S", Some("R"), 1));
        assert!(t.node("S").unwrap().active && t.created_inactive().is_empty());
        let json = serde_json::to_string(&t).unwrap();
        let back: AccountTree = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
    }
}
