pub mod needs;
pub mod replay;
