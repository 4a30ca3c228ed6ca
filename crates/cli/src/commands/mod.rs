//! One module per subcommand.

mod aws;
pub mod check;
pub mod dependents;
pub mod deploy;
pub mod groups;
pub mod import;
mod location;
pub mod mine;
pub mod producers;
pub mod pull;
pub mod rules;
pub mod search;
pub mod session;
mod sparkline;
pub mod suggest;
pub mod templates;
mod time;
pub mod verify;
