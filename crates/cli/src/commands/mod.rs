//! One module per subcommand.

pub mod import;
mod location;
pub mod mine;
pub mod search;
mod sparkline;
pub mod templates;
mod time;
