//! Residents, their representatives, properties and service requests: the records a complaint
//! points at, each scoped to the caller's organisation.

use std::collections::HashSet;

use redress_domain::ids::{PropertyId, RepresentativeId, ResidentId, ServiceRequestId};
use redress_domain::people::ReasonableAdjustment;
use redress_domain::service_requests::ServiceRequestStatus;
use redress_storage::{
    Complaint as StoredComplaint, ComplaintFilter, HomeFilter, MOST_HOMES, NewProperty, NewRepresentative, NewResident,
    NewServiceRequest, Paged, Property, Representative, Resident, ResidentDetails, ResidentFilter, ServiceRequest,
    ServiceRequestFilter, StorageError,
};

use crate::{Actor, App, AppError, Permission, Scope};

/// The most complaints listed for one resident or service request.
const MOST_COMPLAINTS: u32 = 1000;

/// A resident as staff record them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResidentInput {
    /// Their name.
    pub name: String,
    /// The landlord's own reference for them (a tenancy or resident reference), if any.
    pub reference: Option<String>,
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRequestInput {
    /// The resident who made it.
    pub resident_id: ResidentId,
    /// The home it is about.
    pub property_id: Option<PropertyId>,
    /// What was asked for.
    pub description: String,
    /// Its status (default: open). A complaint about the request leaves it open (Code 1.5).
    pub status: Option<ServiceRequestStatus>,
}

/// Text that must be given, trimmed.
fn required(text: &str, what: &str) -> Result<String, AppError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(AppError::Invalid(format!("enter {what}")));
    }
    Ok(trimmed.to_owned())
}

/// Optional text, `None` when blank.
fn optional(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// A resident's details as storage keeps them, from what staff typed.
fn details(input: ResidentInput) -> Result<ResidentDetails, AppError> {
    input.check_texts()?;
    Ok(ResidentDetails {
        name: required(&input.name, "the resident's name")?,
        reference: optional(input.reference),
        email: optional(input.email),
        phone: optional(input.phone),
        address: optional(input.address),
        preferred_contact_method: optional(input.preferred_contact_method),
        preferred_format: optional(input.preferred_format),
        disabilities: json(&input.disabilities)?,
        vulnerabilities: json(&input.vulnerabilities)?,
        support_review_on: input.reasonable_adjustments.iter().map(|a| a.review_on).min(),
        reasonable_adjustments: json(&input.reasonable_adjustments)?,
    })
}

/// Support needs as the JSON storage keeps.
fn json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, AppError> {
    serde_json::to_value(value).map_err(|e| AppError::Corrupt(e.to_string()))
}

impl App {
    /// Refuses the staff of a managing agent or contractor: they handle the landlord's
    /// complaints assigned to them, and see the residents of those complaints, but do not keep
    /// the landlord's register of residents and homes (its records, representatives,
    /// restrictions and service requests).
    pub async fn require_landlord_staff(&self, actor: &Actor) -> Result<(), AppError> {
        if actor.scope.is_agent() {
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
        let new =
            NewResident { id: ResidentId::trusted(self.new_id()), details: details(input)?, created_at: self.now() };
        Ok(self.db().create_resident_with(&actor.organisation_id, &new, self.register_key()).await?)
    }

    /// Replaces a resident's contact details, preferences and support needs; the record keeps
    /// when it was created and notes when it last changed. An adjustment added or changed must
    /// say what it is and have a review date after today (Code 5.10); one kept as it was is
    /// kept even when its review is overdue, so that editing a phone number never loses it.
    pub async fn update_resident(
        &self,
        actor: &Actor,
        resident_id: &ResidentId,
        input: ResidentInput,
    ) -> Result<Resident, AppError> {
        actor.require(Permission::ChangeCases)?;
        // Not found outside the caller's scope, whoever they are; refused to an agent's staff.
        self.resident(actor, resident_id).await?;
        self.require_landlord_staff(actor).await?;
        let org = &actor.organisation_id;
        let current = self.db().get_resident(org, resident_id).await?.ok_or(AppError::NotFound("resident"))?;
        let kept: Vec<ReasonableAdjustment> =
            serde_json::from_value(current.details.reasonable_adjustments).unwrap_or_default();
        let today = self.today()?;
        for adjustment in input.reasonable_adjustments.iter().filter(|a| !kept.contains(a)) {
            adjustment.check(today)?;
        }
        let details = details(input)?;
        match self.db().update_resident(org, resident_id, &details, self.now()).await {
            Ok(resident) => {
                tracing::info!(resident = %resident.id, "resident's details changed");
                Ok(resident)
            }
            Err(StorageError::NotFound { .. }) => Err(AppError::NotFound("resident")),
            Err(error) => Err(error.into()),
        }
    }

    /// A resident within the caller's scope: of their landlord and, for the staff of a
    /// managing agent or contractor, living in a home assigned to their organisation or with
    /// a complaint it handles. Any other is not found, exactly as one that does not exist.
    pub(crate) async fn visible_resident(&self, scope: &Scope, resident_id: &ResidentId) -> Result<Resident, AppError> {
        let found = self.db().get_resident_within(&scope.landlord, scope.handling.as_ref(), resident_id).await?;
        found.ok_or(AppError::NotFound("resident"))
    }

    /// A resident within the caller's scope, with their representatives: a landlord's staff
    /// see its residents; a managing agent's or contractor's staff see only the residents of
    /// the homes assigned to their organisation and those with a complaint it handles.
    pub async fn resident(&self, actor: &Actor, resident_id: &ResidentId) -> Result<ResidentRecord, AppError> {
        let scope = actor.scope.clone();
        let resident = self.visible_resident(&scope, resident_id).await?;
        let representatives = self.db().list_representatives(&scope.landlord, resident_id).await?;
        Ok(ResidentRecord { resident, representatives })
    }

    /// The residents within the caller's scope, by name (as [`App::resident`]).
    pub async fn residents(&self, actor: &Actor) -> Result<Vec<Resident>, AppError> {
        let scope = actor.scope.clone();
        Ok(match &scope.handling {
            Some(own) => self.db().list_residents_handled_by(&scope.landlord, own).await?,
            None => self.db().list_residents(&scope.landlord).await?,
        })
    }

    /// A page of the residents within the caller's scope matching `filter`, by name (as
    /// [`App::residents`]; a managing agent's or contractor's staff see only theirs,
    /// whatever the filter says).
    pub async fn residents_page(&self, actor: &Actor, filter: &ResidentFilter) -> Result<Paged<Resident>, AppError> {
        let scope = actor.scope.clone();
        let filter = ResidentFilter { handled_by: scope.handling.clone(), ..filter.clone() };
        Ok(self.db().page_residents(&scope.landlord, &filter).await?)
    }

    /// The complaints of a resident within the caller's scope that the caller may see,
    /// newest first.
    pub async fn resident_complaints(
        &self,
        actor: &Actor,
        resident_id: &ResidentId,
    ) -> Result<Vec<StoredComplaint>, AppError> {
        let scope = actor.scope.clone();
        self.visible_resident(&scope, resident_id).await?;
        let filter = ComplaintFilter {
            resident_id: Some(resident_id.clone()),
            limit: MOST_COMPLAINTS,
            ..ComplaintFilter::default()
        };
        self.complaints(actor, &filter).await
    }

    /// Records someone acting for a resident of the caller's organisation.
    pub async fn add_representative(
        &self,
        actor: &Actor,
        resident_id: &ResidentId,
        input: RepresentativeInput,
    ) -> Result<Representative, AppError> {
        actor.require(Permission::ManageResidents)?;
        // Not found outside the caller's scope, whoever they are; refused to an agent's staff.
        self.resident(actor, resident_id).await?;
        self.require_landlord_staff(actor).await?;
        let org = &actor.organisation_id;
        self.db().get_resident(org, resident_id).await?.ok_or(AppError::NotFound("resident"))?;
        input.check_texts()?;
        let new = NewRepresentative {
            id: RepresentativeId::trusted(self.new_id()),
            resident_id: resident_id.clone(),
            name: required(&input.name, "the representative's name")?,
            relationship: required(&input.relationship, "the representative's relationship to the resident")?,
            email: optional(input.email),
            phone: optional(input.phone),
            authority_evidence: input.authority_evidence.trim().to_owned(),
            created_at: self.now(),
        };
        Ok(self.db().create_representative_with(org, &new, self.register_key()).await?)
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
        crate::texts::check_property(address, uprn.as_deref())?;
        let new = NewProperty {
            id: PropertyId::trusted(self.new_id()),
            address: required(address, "the property's address")?,
            uprn: optional(uprn),
            created_at: self.now(),
        };
        Ok(self.db().create_property_with(&actor.organisation_id, &new, self.register_key()).await?)
    }

    /// The homes within the caller's scope: all the landlord's for its staff; for a managing
    /// agent's or contractor's staff, those assigned to their organisation.
    pub async fn properties(&self, actor: &Actor) -> Result<Vec<Property>, AppError> {
        let scope = &actor.scope;
        Ok(match &scope.handling {
            Some(own) => {
                let filter = HomeFilter { managed_by: Some(own.clone()), ..HomeFilter::default() };
                self.db().list_homes(&scope.landlord, &filter, MOST_HOMES).await?
            }
            None => self.db().list_properties(&scope.landlord).await?,
        })
    }

    /// Records a service request of a resident of the caller's organisation (Code 1.4).
    pub async fn create_service_request(
        &self,
        actor: &Actor,
        input: ServiceRequestInput,
    ) -> Result<ServiceRequest, AppError> {
        actor.require(Permission::ManageResidents)?;
        // Not found outside the caller's scope, whoever they are; refused to an agent's staff.
        self.resident(actor, &input.resident_id).await?;
        self.require_landlord_staff(actor).await?;
        input.check_texts()?;
        let org = &actor.organisation_id;
        self.db().get_resident(org, &input.resident_id).await?.ok_or(AppError::NotFound("resident"))?;
        if let Some(property) = &input.property_id {
            self.db().get_property(org, property).await?.ok_or(AppError::NotFound("property"))?;
        }
        let new = self.new_service_request(input)?;
        Ok(self.db().create_service_request_with(org, &new, self.register_key()).await?)
    }

    /// The service request `input` asks to record, with a new id, recorded now.
    pub(crate) fn new_service_request(&self, input: ServiceRequestInput) -> Result<NewServiceRequest, AppError> {
        Ok(NewServiceRequest {
            id: ServiceRequestId::trusted(self.new_id()),
            resident_id: input.resident_id,
            property_id: input.property_id,
            description: required(&input.description, "what the service request asks for")?,
            status: input.status.unwrap_or(ServiceRequestStatus::Open),
            created_at: self.now(),
        })
    }

    /// The service requests within the caller's scope, newest first: for a managing agent's
    /// or contractor's staff, those of the residents they see (as [`App::resident`]).
    pub async fn service_requests(&self, actor: &Actor) -> Result<Vec<ServiceRequest>, AppError> {
        let scope = actor.scope.clone();
        let requests = self.db().list_service_requests(&scope.landlord).await?;
        Ok(match &scope.handling {
            Some(own) => {
                let seen: HashSet<ResidentId> = self
                    .db()
                    .list_residents_handled_by(&scope.landlord, own)
                    .await?
                    .into_iter()
                    .map(|r| r.id)
                    .collect();
                requests.into_iter().filter(|r| seen.contains(&r.resident_id)).collect()
            }
            None => requests,
        })
    }

    /// How many residents within the caller's scope match `filter` (as
    /// [`App::residents_page`], its page aside).
    pub async fn count_residents(&self, actor: &Actor, filter: &ResidentFilter) -> Result<u64, AppError> {
        let scope = actor.scope.clone();
        let filter = ResidentFilter { handled_by: scope.handling.clone(), ..filter.clone() };
        Ok(self.db().count_residents(&scope.landlord, &filter).await?)
    }

    /// The names of these residents of the caller's landlord, by id: for a page of rows that
    /// name residents the caller already may see.
    pub async fn resident_names(
        &self,
        actor: &Actor,
        ids: &[ResidentId],
    ) -> Result<std::collections::HashMap<ResidentId, String>, AppError> {
        let scope = actor.scope.clone();
        Ok(self.db().resident_names(&scope.landlord, ids).await?)
    }

    /// A page of the service requests within the caller's scope matching `filter`, newest
    /// first (as [`App::service_requests`]).
    pub async fn service_requests_page(
        &self,
        actor: &Actor,
        filter: &ServiceRequestFilter,
    ) -> Result<Paged<ServiceRequest>, AppError> {
        let scope = actor.scope.clone();
        let filter = ServiceRequestFilter { handled_by: scope.handling.clone(), ..filter.clone() };
        Ok(self.db().page_service_requests(&scope.landlord, &filter).await?)
    }

    /// A service request within the caller's scope (its resident's, as [`App::resident`]).
    pub async fn service_request(
        &self,
        actor: &Actor,
        request_id: &ServiceRequestId,
    ) -> Result<ServiceRequest, AppError> {
        let scope = actor.scope.clone();
        let request = self
            .db()
            .get_service_request(&scope.landlord, request_id)
            .await?
            .ok_or(AppError::NotFound("service request"))?;
        self.visible_resident(&scope, &request.resident_id).await.map_err(|_| AppError::NotFound("service request"))?;
        Ok(request)
    }

    /// The complaints the caller may see that arose from a service request: those whose
    /// record, when logged, names it (Code 1.5). The link lives in the complaint's own
    /// record, so it is read from there rather than kept twice.
    pub async fn service_request_complaints(
        &self,
        actor: &Actor,
        request_id: &ServiceRequestId,
    ) -> Result<Vec<StoredComplaint>, AppError> {
        let request = self.service_request(actor, request_id).await?;
        let mut linked = Vec::new();
        for complaint in self.resident_complaints(actor, &request.resident_id).await? {
            let view = self.complaint(actor, &complaint.id).await?;
            if view.complaint.logged.service_requests.contains(&request.id) {
                linked.push(complaint);
            }
        }
        Ok(linked)
    }

    /// Changes a service request's status.
    pub async fn set_service_request_status(
        &self,
        actor: &Actor,
        request_id: &ServiceRequestId,
        new_status: ServiceRequestStatus,
    ) -> Result<ServiceRequest, AppError> {
        actor.require(Permission::ManageResidents)?;
        // Not found outside the caller's scope, whoever they are; refused to an agent's staff.
        self.service_request(actor, request_id).await?;
        self.require_landlord_staff(actor).await?;
        let (org, now, key) = (&actor.organisation_id, self.now(), self.register_key());
        match self.db().update_service_request_status_with(org, request_id, new_status, now, key).await {
            Ok(request) => Ok(request),
            Err(StorageError::NotFound { .. }) => Err(AppError::NotFound("service request")),
            Err(error) => Err(error.into()),
        }
    }
}
