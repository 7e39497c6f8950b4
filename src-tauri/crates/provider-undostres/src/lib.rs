//! The UnDosTres provider (UNDOSTRES 2): API keys that last three
//! months and work from at most three IPs, company data, and a tree of
//! sub-accounts.
//!
//! * [`ops`]: one input (with `validate`) and one output per operation;
//! * [`rules`]: the provider's rules as pure functions (IP lists, key
//!   format, the old key's 24-hour window, expiry warnings, tree limits);
//! * [`tree`]: the sub-account tree as this app knows it;
//! * [`settings`]: base paths and methods (UNDOSTRES_ASSUMED defaults) and
//!   the C/G limits;
//! * [`client`]: the adapter over HTTP;
//! * [`spec`]: UnDosTres as data for the operation registry;
//! * `sandbox` (feature `sandbox`): an in-process simulator.

pub mod client;
pub mod errors;
pub mod ops;
pub mod rules;
pub mod settings;
pub mod spec;
pub mod tree;
pub mod wire;

#[cfg(feature = "sandbox")]
pub mod sandbox;

pub use client::{UndostresClient, UndostresConfig};
pub use ops::*;
pub use rules::{ExpiryLevel, TreeLimits};
pub use settings::{Operation, UndostresSettings};
pub use spec::Undostres;
pub use tree::{AccountTree, TreeNode, TreeNodeView};
