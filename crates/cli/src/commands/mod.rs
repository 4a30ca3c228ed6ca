//! One module per subcommand.

pub mod mine;
