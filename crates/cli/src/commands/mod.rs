//! One module per subcommand.

pub mod check;
pub mod import;
mod location;
pub mod mine;
pub mod rules;
pub mod search;
mod sparkline;
pub mod templates;
mod time;
