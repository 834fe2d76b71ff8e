//! One module per route.

pub mod catalogue;
pub mod hub;
pub mod not_found;
