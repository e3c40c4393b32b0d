pub mod eval;
pub mod needs;
pub mod oracle;
pub mod replay;
