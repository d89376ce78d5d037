//! Changes as values: what will be done to whom, with the values it had when reviewed. The app
//! builds them, the review shows them, the worker carries them out; none of them does IO, so every
//! layer can depend on them and data flows one way (app → worker → directory).

mod action;
mod delete_plan;
mod reviewed;

pub use action::{AccountAction, Secret, Undo, mfa_method_set_here};
pub use delete_plan::DeletePlan;
pub use reviewed::Reviewed;
