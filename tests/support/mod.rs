pub mod eval;
pub mod needs;
pub mod outputs;
pub mod replay;
