pub mod fake_backoffice;
pub mod registry;
