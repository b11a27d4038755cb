//! One module per subcommand.

pub mod agree;
pub mod assess;
pub mod blend;
pub mod cases;
pub mod compare;
pub mod curve;
pub mod indicators;
pub mod qca;
pub mod run;
pub mod schema;
pub mod summary;
pub mod timeline;
pub mod uncertainty;
