pub mod eval;
pub mod replay;
