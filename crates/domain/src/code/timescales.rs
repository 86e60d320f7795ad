//! The timescales a version of the Code sets, as parameters the lifecycle reads rather than
//! constants written into it.

use serde::{Deserialize, Serialize};

use super::ProvisionNumber;

/// The event a timescale is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The complaint was received.
    Received,
    /// The complaint was logged at stage 1 (the 2022 Code counted from logging).
    Logged,
    /// The stage was acknowledged and the complaint defined.
    Acknowledged,
    /// The resident asked for the complaint to go to stage 2.
    EscalationRequested,
}

/// "Within N working days of <anchor>", and the provision that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timescale {
    /// N.
    pub working_days: u16,
    /// What the N working days are counted from.
    pub from: Anchor,
    /// The provision that sets the timescale.
    pub provision: ProvisionNumber,
}

/// The most a response may be extended without a recorded good reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionLimit {
    /// The limit in working days.
    pub working_days: u16,
    /// The provision that sets it.
    pub provision: ProvisionNumber,
}

/// Every timescale of one version of the Code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timescales {
    /// Acknowledging (and defining) a complaint at stage 1.
    pub stage1_acknowledge: Timescale,
    /// The stage 1 response.
    pub stage1_response: Timescale,
    /// The longest stage 1 extension without good reason.
    pub stage1_extension_limit: ExtensionLimit,
    /// Acknowledging the escalation at stage 2; the 2022 Code set none.
    pub stage2_acknowledge: Option<Timescale>,
    /// The stage 2 (final) response.
    pub stage2_response: Timescale,
    /// The longest stage 2 extension without good reason.
    pub stage2_extension_limit: ExtensionLimit,
}
