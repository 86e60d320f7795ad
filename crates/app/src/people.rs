//! Residents, their representatives, properties and service requests: the records a complaint
//! points at, each scoped to the caller's organisation.

use redress_domain::people::ReasonableAdjustment;
use redress_storage::{
    NewProperty, NewRepresentative, NewResident, NewServiceRequest, Property, Representative, Resident,
    ResidentDetails, ServiceRequest, StorageError,
};

use crate::ids::new_id;
use crate::{Actor, App, AppError, Permission};

/// The statuses a service request can have (Code 1.4: recorded and monitored). A complaint
/// about a service request leaves it open (Code 1.5).
pub const SERVICE_REQUEST_STATUSES: [&str; 4] = ["open", "in_progress", "completed", "cancelled"];

/// A resident as staff record them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResidentInput {
    /// Their name.
    pub name: String,
    /// Email address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// How they prefer to be contacted.
    pub preferred_contact_method: Option<String>,
    /// The format they need letters in.
    pub preferred_format: Option<String>,
    /// Disabilities they have disclosed.
    pub disabilities: Vec<String>,
    /// Vulnerabilities recorded.
    pub vulnerabilities: Vec<String>,
    /// Reasonable adjustments agreed, each with its review date (Code 5.10).
    pub reasonable_adjustments: Vec<ReasonableAdjustment>,
}

/// A resident with the representatives acting for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentRecord {
    /// The resident.
    pub resident: Resident,
    /// Their representatives.
    pub representatives: Vec<Representative>,
}

/// A representative acting for a resident (Code 1.3, 3.6).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RepresentativeInput {
    /// Their name.
    pub name: String,
    /// Their relationship to the resident.
    pub relationship: String,
    /// Email address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// How the resident gave their authority; without it the representative cannot deal with
    /// a complaint (Code 3.6).
    pub authority_evidence: String,
}

/// A service request to record (Code 1.4).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceRequestInput {
    /// The resident who made it.
    pub resident_id: String,
    /// The home it is about.
    pub property_id: Option<String>,
    /// What was asked for.
    pub description: String,
    /// Its status (default: open).
    pub status: Option<String>,
}

/// Text that must be given, trimmed.
fn required(text: &str, what: &str) -> Result<String, AppError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(AppError::Invalid(format!("{what} is required")));
    }
    Ok(trimmed.to_owned())
}

/// Optional text, `None` when blank.
fn optional(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

fn status(text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if SERVICE_REQUEST_STATUSES.contains(&text) {
        Ok(text.to_owned())
    } else {
        Err(AppError::Invalid(format!(
            "unknown service request status '{text}' (one of: {})",
            SERVICE_REQUEST_STATUSES.join(", ")
        )))
    }
}

/// Support needs as the JSON storage keeps.
fn json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, AppError> {
    serde_json::to_value(value).map_err(|e| AppError::Corrupt(e.to_string()))
}

impl App {
    /// Refuses the staff of a managing agent or contractor: they handle the landlord's
    /// complaints assigned to them, not its register of residents and homes, which they
    /// neither see (reads are scoped to their own organisation, which has none) nor add to.
    async fn require_landlord_staff(&self, actor: &Actor) -> Result<(), AppError> {
        if self.scope(actor).await?.is_agent() {
            return Err(AppError::Forbidden(
                "the staff of a managing agent or contractor do not keep the landlord's residents or homes".into(),
            ));
        }
        Ok(())
    }

    /// Records a resident. Each reasonable adjustment must say what it is and have a review
    /// date after today (Code 5.10).
    pub async fn create_resident(&self, actor: &Actor, input: ResidentInput) -> Result<Resident, AppError> {
        actor.require(Permission::ManageResidents)?;
        self.require_landlord_staff(actor).await?;
        let today = self.today()?;
        for adjustment in &input.reasonable_adjustments {
            adjustment.check(today)?;
        }
        let details = ResidentDetails {
            name: required(&input.name, "the resident's name")?,
            email: optional(input.email),
            phone: optional(input.phone),
            address: optional(input.address),
            preferred_contact_method: optional(input.preferred_contact_method),
            preferred_format: optional(input.preferred_format),
            disabilities: json(&input.disabilities)?,
            vulnerabilities: json(&input.vulnerabilities)?,
            support_review_on: input.reasonable_adjustments.iter().map(|a| a.review_on).min(),
            reasonable_adjustments: json(&input.reasonable_adjustments)?,
        };
        let new = NewResident { id: new_id(), details, created_at: self.now() };
        Ok(self.db().create_resident(&actor.organisation_id, &new).await?)
    }

    /// A resident of the caller's organisation, with their representatives.
    pub async fn resident(&self, actor: &Actor, resident_id: &str) -> Result<ResidentRecord, AppError> {
        let org = actor.organisation_id.as_str();
        let resident = self.db().get_resident(org, resident_id).await?.ok_or(AppError::NotFound("resident"))?;
        let representatives = self.db().list_representatives(org, resident_id).await?;
        Ok(ResidentRecord { resident, representatives })
    }

    /// The residents of the caller's organisation.
    pub async fn residents(&self, actor: &Actor) -> Result<Vec<Resident>, AppError> {
        Ok(self.db().list_residents(&actor.organisation_id).await?)
    }

    /// Records someone acting for a resident of the caller's organisation.
    pub async fn add_representative(
        &self,
        actor: &Actor,
        resident_id: &str,
        input: RepresentativeInput,
    ) -> Result<Representative, AppError> {
        actor.require(Permission::ManageResidents)?;
        let org = actor.organisation_id.as_str();
        self.db().get_resident(org, resident_id).await?.ok_or(AppError::NotFound("resident"))?;
        let new = NewRepresentative {
            id: new_id(),
            resident_id: resident_id.to_owned(),
            name: required(&input.name, "the representative's name")?,
            relationship: required(&input.relationship, "the representative's relationship to the resident")?,
            email: optional(input.email),
            phone: optional(input.phone),
            authority_evidence: input.authority_evidence.trim().to_owned(),
            created_at: self.now(),
        };
        Ok(self.db().create_representative(org, &new).await?)
    }

    /// Records a home of the caller's organisation.
    pub async fn create_property(
        &self,
        actor: &Actor,
        address: &str,
        uprn: Option<String>,
    ) -> Result<Property, AppError> {
        actor.require(Permission::ManageResidents)?;
        self.require_landlord_staff(actor).await?;
        let new = NewProperty {
            id: new_id(),
            address: required(address, "the property's address")?,
            uprn: optional(uprn),
            created_at: self.now(),
        };
        Ok(self.db().create_property(&actor.organisation_id, &new).await?)
    }

    /// The homes of the caller's organisation.
    pub async fn properties(&self, actor: &Actor) -> Result<Vec<Property>, AppError> {
        Ok(self.db().list_properties(&actor.organisation_id).await?)
    }

    /// Records a service request of a resident of the caller's organisation (Code 1.4).
    pub async fn create_service_request(
        &self,
        actor: &Actor,
        input: ServiceRequestInput,
    ) -> Result<ServiceRequest, AppError> {
        actor.require(Permission::ManageResidents)?;
        let org = actor.organisation_id.as_str();
        self.db().get_resident(org, &input.resident_id).await?.ok_or(AppError::NotFound("resident"))?;
        if let Some(property) = &input.property_id {
            self.db().get_property(org, property).await?.ok_or(AppError::NotFound("property"))?;
        }
        let new = NewServiceRequest {
            id: new_id(),
            resident_id: input.resident_id,
            property_id: input.property_id,
            description: required(&input.description, "what the service request asks for")?,
            status: status(input.status.as_deref().unwrap_or("open"))?,
            created_at: self.now(),
        };
        Ok(self.db().create_service_request(org, &new).await?)
    }

    /// The service requests of the caller's organisation.
    pub async fn service_requests(&self, actor: &Actor) -> Result<Vec<ServiceRequest>, AppError> {
        Ok(self.db().list_service_requests(&actor.organisation_id).await?)
    }

    /// Changes a service request's status.
    pub async fn set_service_request_status(
        &self,
        actor: &Actor,
        request_id: &str,
        new_status: &str,
    ) -> Result<ServiceRequest, AppError> {
        actor.require(Permission::ManageResidents)?;
        let new_status = status(new_status)?;
        match self.db().update_service_request_status(&actor.organisation_id, request_id, &new_status, self.now()).await
        {
            Ok(request) => Ok(request),
            Err(StorageError::NotFound { .. }) => Err(AppError::NotFound("service request")),
            Err(error) => Err(error.into()),
        }
    }
}
