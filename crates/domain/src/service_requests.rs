//! Where a service request stands (Code 1.4: service requests are recorded and monitored,
//! and a complaint about one leaves it open, Code 1.5). The requests themselves are kept by
//! storage; the statuses they can have are named here, once, for every layer.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The status of a service request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceRequestStatus {
    /// Recorded, not yet worked on (the status a new request has unless another is given).
    Open,
    /// Being worked on.
    InProgress,
    /// Done.
    Completed,
    /// Not going ahead.
    Cancelled,
}

impl ServiceRequestStatus {
    /// Every status, in the order forms and filters offer them.
    pub const ALL: [ServiceRequestStatus; 4] = [
        ServiceRequestStatus::Open,
        ServiceRequestStatus::InProgress,
        ServiceRequestStatus::Completed,
        ServiceRequestStatus::Cancelled,
    ];

    /// The status as stored and sent: `open`, `in_progress`, `completed` or `cancelled`.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceRequestStatus::Open => "open",
            ServiceRequestStatus::InProgress => "in_progress",
            ServiceRequestStatus::Completed => "completed",
            ServiceRequestStatus::Cancelled => "cancelled",
        }
    }

    /// The status as people read it: "Open", "In progress", "Completed", "Cancelled".
    pub fn label(self) -> &'static str {
        match self {
            ServiceRequestStatus::Open => "Open",
            ServiceRequestStatus::InProgress => "In progress",
            ServiceRequestStatus::Completed => "Completed",
            ServiceRequestStatus::Cancelled => "Cancelled",
        }
    }
}

impl fmt::Display for ServiceRequestStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that names no service request status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown service request status '{0}' (one of: open, in_progress, completed, cancelled)")]
pub struct UnknownServiceRequestStatus(pub String);

impl FromStr for ServiceRequestStatus {
    type Err = UnknownServiceRequestStatus;

    /// Parses a status as [`ServiceRequestStatus::as_str`] writes it, ignoring surrounding
    /// white space (as a form's field may carry).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        Self::ALL.into_iter().find(|s| s.as_str() == text).ok_or_else(|| UnknownServiceRequestStatus(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_text() {
        for status in ServiceRequestStatus::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
            assert_eq!(serde_json::to_string(&status).ok(), Some(format!("\"{status}\"")));
        }
        assert_eq!(" completed ".parse(), Ok(ServiceRequestStatus::Completed));
    }

    #[test]
    fn an_unknown_status_is_refused_naming_the_known_ones() {
        let refused = "done".parse::<ServiceRequestStatus>();
        assert_eq!(refused, Err(UnknownServiceRequestStatus("done".into())));
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("'done'") && message.contains("in_progress"), "{message}");
    }
}
