pub mod fake_backoffice;
