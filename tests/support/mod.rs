pub mod eval;
pub mod needs;
pub mod oracle;
pub mod outputs;
pub mod replay;
