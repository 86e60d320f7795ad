//! The letters the Code requires a landlord to send, each with its human label, the provisions
//! it serves and its default template.

use serde::{Deserialize, Serialize};

use redress_domain::complaint::StageNumber;

/// A letter the Code requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LetterKind {
    /// The complaint acknowledged and defined at stage 1 (Code 5.6, 5.7, 6.2).
    Stage1Acknowledgement,
    /// The escalation request acknowledged and defined at stage 2 (Code 5.6, 5.7, 6.11).
    Stage2Acknowledgement,
    /// The response deadline extended (Code 6.4 or 6.15, with 6.5 or 6.16).
    ExtensionNotice,
    /// The stage 1 response (Code 6.9).
    Stage1Response,
    /// The stage 2 response, the landlord's final one (Code 6.19, 6.20).
    Stage2Response,
    /// The decision not to accept a complaint (Code 2.4).
    NotAccepted,
    /// The refusal to escalate a complaint to stage 2 (Code 5.11).
    EscalationRefused,
    /// Progress on the remedies and outstanding actions after a response (Code 6.6, 6.17).
    RemedyUpdate,
    /// Keeping the resident informed while a response is awaited (Code 5.9).
    KeepingInformed,
}

impl LetterKind {
    /// Every kind, in the order a complaint meets them.
    pub const ALL: [LetterKind; 9] = [
        LetterKind::Stage1Acknowledgement,
        LetterKind::NotAccepted,
        LetterKind::ExtensionNotice,
        LetterKind::KeepingInformed,
        LetterKind::Stage1Response,
        LetterKind::EscalationRefused,
        LetterKind::Stage2Acknowledgement,
        LetterKind::Stage2Response,
        LetterKind::RemedyUpdate,
    ];

    /// What the letter is, as a handler reads it: "Stage 1 response" and so on.
    pub fn label(self) -> &'static str {
        match self {
            LetterKind::Stage1Acknowledgement => "Stage 1 acknowledgement",
            LetterKind::Stage2Acknowledgement => "Stage 2 acknowledgement",
            LetterKind::ExtensionNotice => "Extension notice",
            LetterKind::Stage1Response => "Stage 1 response",
            LetterKind::Stage2Response => "Stage 2 response",
            LetterKind::NotAccepted => "Decision not to accept a complaint",
            LetterKind::EscalationRefused => "Refusal to escalate to stage 2",
            LetterKind::RemedyUpdate => "Update on remedies and actions",
            LetterKind::KeepingInformed => "Update while you wait for our response",
        }
    }

    /// The name the kind is stored and addressed by ("stage1_response"), as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            LetterKind::Stage1Acknowledgement => "stage1_acknowledgement",
            LetterKind::Stage2Acknowledgement => "stage2_acknowledgement",
            LetterKind::ExtensionNotice => "extension_notice",
            LetterKind::Stage1Response => "stage1_response",
            LetterKind::Stage2Response => "stage2_response",
            LetterKind::NotAccepted => "not_accepted",
            LetterKind::EscalationRefused => "escalation_refused",
            LetterKind::RemedyUpdate => "remedy_update",
            LetterKind::KeepingInformed => "keeping_informed",
        }
    }

    /// The kind stored as `name` ([`LetterKind::as_str`]), if it names one.
    pub fn named(name: &str) -> Option<LetterKind> {
        LetterKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// The provisions the letter serves (the ones that depend on the stage are given for
    /// stage 1 and stage 2 alike: which applies is decided by the case's stage).
    pub fn provisions(self) -> &'static [&'static str] {
        match self {
            LetterKind::Stage1Acknowledgement => &["3.6", "3.7", "5.6", "5.7", "5.10", "6.3"],
            LetterKind::Stage2Acknowledgement => &["3.6", "3.7", "5.6", "5.7", "5.10", "6.14"],
            LetterKind::ExtensionNotice => &["5.9", "6.4", "6.5", "6.15", "6.16"],
            LetterKind::Stage1Response => &["6.9"],
            LetterKind::Stage2Response => &["6.19", "6.20"],
            LetterKind::NotAccepted => &["2.4"],
            LetterKind::EscalationRefused => &["5.11", "2.4"],
            LetterKind::RemedyUpdate => &["6.6", "6.17"],
            LetterKind::KeepingInformed => &["5.9"],
        }
    }

    /// The stage the letter belongs to, when its kind fixes it.
    pub fn stage(self) -> Option<StageNumber> {
        match self {
            LetterKind::Stage1Acknowledgement | LetterKind::Stage1Response => Some(StageNumber::One),
            LetterKind::Stage2Acknowledgement | LetterKind::Stage2Response => Some(StageNumber::Two),
            _ => None,
        }
    }

    /// Redress's own wording of the letter, in the markup [`crate::markup`] describes.
    pub fn default_template(self) -> &'static str {
        match self {
            LetterKind::Stage1Acknowledgement | LetterKind::Stage2Acknowledgement => {
                include_str!("../templates/acknowledgement.jinja")
            }
            LetterKind::ExtensionNotice => include_str!("../templates/extension_notice.jinja"),
            LetterKind::Stage1Response => include_str!("../templates/stage1_response.jinja"),
            LetterKind::Stage2Response => include_str!("../templates/stage2_response.jinja"),
            LetterKind::NotAccepted => include_str!("../templates/not_accepted.jinja"),
            LetterKind::EscalationRefused => include_str!("../templates/escalation_refused.jinja"),
            LetterKind::RemedyUpdate => include_str!("../templates/remedy_update.jinja"),
            LetterKind::KeepingInformed => include_str!("../templates/keeping_informed.jinja"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_own_name_and_label_and_is_found_by_its_name() {
        for kind in LetterKind::ALL {
            assert_eq!(LetterKind::named(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert!(!kind.provisions().is_empty());
            assert!(!kind.default_template().trim().is_empty());
        }
        let mut labels: Vec<_> = LetterKind::ALL.iter().map(|k| k.label()).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), LetterKind::ALL.len());
        assert_eq!(LetterKind::named("stage_3_response"), None);
    }
}
