//! The pure domain of Redress: the working-day clock, the Housing Ombudsman's Complaint
//! Handling Code as versioned data, the complaint lifecycle, and the figures reported from it.
//!
//! Nothing here does I/O, reads the system clock or knows about databases: "now", "today" and
//! the organisation's calendar are always passed in, so every rule is testable in milliseconds.

pub mod assessment;
pub mod calendar;
pub mod categories;
pub mod code;
pub mod complaint;
pub mod delivery;
pub mod history;
pub mod ids;
pub mod ombudsman;
pub mod people;
pub mod refusal;
pub mod reporting;
pub mod service_requests;
pub mod text;
