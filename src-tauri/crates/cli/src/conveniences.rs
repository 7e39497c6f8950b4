//! The few places where the command line is kinder than an operation's bare
//! input: secrets read from stdin instead of flags, several files in one
//! upload, old spellings kept as aliases. Everything else is generated.

use clap::{ArgMatches, Command};
use serde_json::Value;
use ventanilla_core::Result;

/// Adjusts one operation's generated subcommand.
pub fn adjust(_provider: &str, _name: &str, cmd: Command) -> Command {
    cmd
}

/// Adds a provider's commands that are not one operation.
pub fn extra_commands(_provider: &str, cmd: Command) -> Command {
    cmd
}

/// Completes an operation's input from what is not a flag (stdin secrets).
pub fn before(_provider: &str, _name: &str, _input: &mut Value, _m: &ArgMatches) -> Result<()> {
    Ok(())
}
