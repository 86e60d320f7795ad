//! One module per subcommand; each takes parsed arguments and the configuration.

pub mod calendar;
pub mod code;
pub mod serve;
