//! What `lognoise` writes: tables for people, CSV and JSON for programs.

pub mod csv;
pub mod json;
pub mod table;
