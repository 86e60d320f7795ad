//! The pure domain of Redress: the working-day clock and the Housing Ombudsman's Complaint
//! Handling Code as versioned data.
//!
//! Nothing here does I/O, reads the system clock or knows about databases: "today" and the
//! organisation's calendar are always passed in, so every rule is testable in milliseconds.

pub mod calendar;
pub mod code;
