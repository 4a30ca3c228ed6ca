//! One module per subcommand.

pub mod import;
mod location;
pub mod mine;
pub mod search;
pub mod session;
mod sparkline;
pub mod templates;
mod time;
