pub mod eval;
pub mod needs;
pub mod replay;
