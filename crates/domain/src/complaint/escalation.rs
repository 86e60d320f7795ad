//! How a response tells the resident to take the complaint further (Code 6.9 g at stage 1,
//! 6.19 g at stage 2): at stage 1 the route to stage 2 as the landlord's policy sets it out; at
//! stage 2 the right to refer the complaint to the Housing Ombudsman, with the Ombudsman's
//! contact details as the organisation's settings held them when the response was recorded.

use serde::{Deserialize, Serialize};

use super::decide::Context;
use super::model::StageNumber;
use crate::ombudsman::OmbudsmanContact;
use crate::refusal::Refusal;

/// How to ask for stage 2, as the complaints policy states it (Code 6.9 g).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StageTwoRoute {
    /// Who to contact, such as "The complaints team".
    #[serde(default)]
    pub contact: String,
    /// How: the address, email address, telephone number or form to use.
    #[serde(default)]
    pub how: String,
    /// Within what time the resident can ask, such as "within 20 working days of this
    /// response".
    #[serde(default)]
    pub within: String,
}

/// What a response told the resident about taking the complaint further. The route and the
/// Ombudsman's details sit under their own names rather than flattened beside the tag: they
/// are also request bodies, which refuse unknown fields, so a flattened `to` would make the
/// published schema reject the very answers the API sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum HowToEscalate {
    /// To stage 2 (a stage 1 response).
    StageTwo {
        /// How to ask for stage 2.
        route: StageTwoRoute,
    },
    /// To the Housing Ombudsman, with its details as given (a stage 2 response).
    Ombudsman {
        /// The Ombudsman's contact details as given.
        contact: OmbudsmanContact,
    },
    /// Free text, in responses recorded before the route was kept in parts.
    Text {
        /// The text as recorded.
        text: String,
    },
}

/// What a response records about escalating: the route to stage 2, or the Ombudsman's details.
pub(super) type Escalation = (Option<StageTwoRoute>, Option<OmbudsmanContact>);

/// Checks how a response at `stage` tells the resident to escalate, citing `provision` (6.9
/// or 6.19) when it does not.
pub(super) fn check_escalation(
    stage: StageNumber,
    route: Option<StageTwoRoute>,
    provision: &str,
    context: &Context,
) -> Result<Escalation, Refusal> {
    match stage {
        StageNumber::One => {
            let Some(route) = route else {
                return Err(Refusal::code(
                    provision,
                    "the response must explain how to escalate the complaint to stage 2",
                ));
            };
            let route = StageTwoRoute {
                contact: route.contact.trim().to_owned(),
                how: route.how.trim().to_owned(),
                within: route.within.trim().to_owned(),
            };
            for (part, what) in [
                (&route.contact, "who to contact"),
                (&route.how, "how to contact them"),
                (&route.within, "within what time"),
            ] {
                if part.is_empty() {
                    return Err(Refusal::code(provision, format!("to explain how to escalate to stage 2, say {what}")));
                }
            }
            Ok((Some(route), None))
        }
        StageNumber::Two => {
            if route.is_some() {
                return Err(Refusal::Invalid(
                    "after stage 2 the complaint goes to the Housing Ombudsman, not to another stage".into(),
                ));
            }
            let contact = context.ombudsman_given(
                provision,
                "the response must explain the right to refer the complaint to the Housing Ombudsman, with its contact details",
            )?;
            Ok((None, Some(contact)))
        }
    }
}

impl HowToEscalate {
    /// What a `Responded` event recorded: the route to stage 2, the Ombudsman's details, or,
    /// in records made before these, the free text.
    pub(super) fn recorded(
        route: Option<&StageTwoRoute>,
        ombudsman: Option<&OmbudsmanContact>,
        text: Option<&String>,
    ) -> HowToEscalate {
        match (route, ombudsman) {
            (Some(route), _) => HowToEscalate::StageTwo { route: route.clone() },
            (None, Some(contact)) => HowToEscalate::Ombudsman { contact: contact.clone() },
            (None, None) => HowToEscalate::Text { text: text.cloned().unwrap_or_default() },
        }
    }
}
