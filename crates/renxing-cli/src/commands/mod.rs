//! One module per subcommand.

pub mod assess;
pub mod cases;
pub mod compare;
pub mod run;
pub mod schema;
pub mod uncertainty;
