//! One module per route.

pub mod account;
pub mod admin;
pub mod calls;
pub mod catalogue;
pub mod dashboard;
pub mod hub;
pub mod my_hubs;
pub mod not_found;
pub mod proposals;
pub mod recommendations;
pub mod reports;
pub mod sign_in;
