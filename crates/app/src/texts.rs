//! The domain's text limits ([`redress_domain::text`]) applied to the records kept outside a
//! complaint's own record: residents, representatives, homes, service requests,
//! correspondence and settings. (Complaint commands are checked by the domain itself.) A text
//! refused is refused as the domain refuses one in a complaint command
//! ([`Refusal::Text`]), naming the field, and nothing is stored.

use redress_domain::refusal::Refusal;
use redress_domain::text::{LONG, SHORT, TextError, check, check_all, check_count, check_optional};

use crate::{AppError, CorrespondenceInput, RepresentativeInput, ResidentInput, ServiceRequestInput};

impl From<TextError> for AppError {
    fn from(error: TextError) -> AppError {
        AppError::Refused(Refusal::Text(error))
    }
}

impl ResidentInput {
    /// Checks the texts of a resident's record against their limits. (Reasonable adjustments
    /// are checked with the domain's rule for them.)
    pub(crate) fn check_texts(&self) -> Result<(), AppError> {
        check("the resident's name", &self.name, SHORT)?;
        check_optional("the reference", self.reference.as_deref(), SHORT)?;
        check_optional("the email address", self.email.as_deref(), SHORT)?;
        check_optional("the telephone number", self.phone.as_deref(), SHORT)?;
        check_optional("the address", self.address.as_deref(), LONG)?;
        check_optional("the preferred contact method", self.preferred_contact_method.as_deref(), SHORT)?;
        check_optional("the preferred format", self.preferred_format.as_deref(), SHORT)?;
        check_all("a disability", &self.disabilities, SHORT)?;
        check_all("a vulnerability", &self.vulnerabilities, SHORT)?;
        check_count("the reasonable adjustments", self.reasonable_adjustments.len())?;
        Ok(())
    }
}

impl RepresentativeInput {
    /// Checks the texts of a representative's record against their limits.
    pub(crate) fn check_texts(&self) -> Result<(), AppError> {
        check("the representative's name", &self.name, SHORT)?;
        check("the relationship to the resident", &self.relationship, SHORT)?;
        check_optional("the email address", self.email.as_deref(), SHORT)?;
        check_optional("the telephone number", self.phone.as_deref(), SHORT)?;
        check("the evidence of authority", &self.authority_evidence, LONG)?;
        Ok(())
    }
}

impl ServiceRequestInput {
    /// Checks the texts of a service request against their limits.
    pub(crate) fn check_texts(&self) -> Result<(), AppError> {
        check("the resident", &self.resident_id, SHORT)?;
        check_optional("the property", self.property_id.as_deref(), SHORT)?;
        check("the description", &self.description, LONG)?;
        Ok(())
    }
}

impl CorrespondenceInput {
    /// Checks the texts of correspondence and its attachments' names against their limits.
    pub(crate) fn check_texts(&self) -> Result<(), AppError> {
        check("the subject", &self.subject, SHORT)?;
        check("the text", &self.body, LONG)?;
        check_count("the attachments", self.attachments.len())?;
        for attachment in &self.attachments {
            check("an attachment's file name", &attachment.file_name, SHORT)?;
            check("an attachment's media type", &attachment.media_type, SHORT)?;
        }
        Ok(())
    }
}

/// Checks a property's address and reference number.
pub(crate) fn check_property(address: &str, uprn: Option<&str>) -> Result<(), AppError> {
    check("the property's address", address, LONG)?;
    check_optional("the UPRN", uprn, SHORT)?;
    Ok(())
}
