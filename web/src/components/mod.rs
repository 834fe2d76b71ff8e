//! Components shared by several pages.

pub mod charts;
pub mod deliverables;
pub mod edits;
pub mod feedback;
pub mod form;
pub mod indicators;
pub mod labels;
pub mod layout;
pub mod network;
pub mod open_data;
pub mod pager;
pub mod recommendations;
pub mod references;
pub mod sdg;
pub mod stakeholders;
pub mod tags;
