//! The list as a view the user shapes: which columns it shows ([`Column`]), in which order its
//! users are sorted ([`SortKey`], [`sort`]), and the columns saved per pool ([`saved`]).

pub mod column;
pub mod saved;
pub mod sort;

pub use column::{Column, parse_columns};
pub use sort::{SortDone, SortJob, SortKey};
