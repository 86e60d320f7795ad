//! The Housing Ombudsman's contact details as a landlord gives them to residents: with a
//! decision not to accept a complaint or to refuse its escalation (Code 2.4, 5.11), with an
//! extension (6.5, 6.16) and with the stage 2 response (6.19 g). An organisation keeps them in
//! its settings; each event that records them given carries a copy, so the record shows what
//! the resident was told even after the settings change.

use serde::{Deserialize, Serialize};

use crate::text::{LONG, SHORT, TextLimit, WEB_ADDRESS, check};

/// The Ombudsman's name and how to reach it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OmbudsmanContact {
    /// Its name, such as "Housing Ombudsman Service".
    pub name: String,
    /// Its telephone number.
    pub telephone: String,
    /// Its email address.
    pub email: String,
    /// Its web address.
    pub web_address: String,
    /// Its postal address.
    pub postal_address: String,
}

/// Why contact details are not fit to give a resident, naming the detail (a field of
/// [`OmbudsmanContact`]) in plain words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ContactError {
    /// The detail: `name`, `telephone`, `email`, `web_address` or `postal_address`.
    pub field: &'static str,
    /// What is wrong, as a person should read it.
    pub message: String,
}

impl OmbudsmanContact {
    /// The Housing Ombudsman Service's details as it publishes them (checked December 2026).
    /// They change from time to time, so organisations keep their own copy, starting from
    /// these.
    pub fn housing_ombudsman_service() -> OmbudsmanContact {
        OmbudsmanContact {
            name: "Housing Ombudsman Service".into(),
            telephone: "0300 111 3000".into(),
            email: "info@housing-ombudsman.org.uk".into(),
            web_address: "https://www.housing-ombudsman.org.uk".into(),
            postal_address: "PO Box 1484, Unit D, Preston, PR2 0ET".into(),
        }
    }

    /// The details trimmed, once every one is given and looks like what it is: a resident
    /// is given all of them, so none may be missing.
    ///
    /// # Errors
    ///
    /// [`ContactError`] naming the first detail that is missing, too long or malformed.
    pub fn checked(&self) -> Result<OmbudsmanContact, ContactError> {
        let contact = OmbudsmanContact {
            name: detail("name", "name", &self.name, SHORT)?,
            telephone: detail("telephone", "telephone number", &self.telephone, SHORT)?,
            email: detail("email", "email address", &self.email, SHORT)?,
            web_address: detail("web_address", "web address", &self.web_address, WEB_ADDRESS)?,
            postal_address: detail("postal_address", "postal address", &self.postal_address, LONG)?,
        };
        if !contact.email.contains('@') {
            return Err(ContactError {
                field: "email",
                message:
                    "Enter the Ombudsman's email address in the correct format, like info@housing-ombudsman.org.uk"
                        .into(),
            });
        }
        if !contact.web_address.starts_with("https://") && !contact.web_address.starts_with("http://") {
            return Err(ContactError {
                field: "web_address",
                message: "Enter the Ombudsman's web address starting https://".into(),
            });
        }
        Ok(contact)
    }
}

/// The Housing Ombudsman Service's details: what a new organisation starts with.
impl Default for OmbudsmanContact {
    fn default() -> OmbudsmanContact {
        OmbudsmanContact::housing_ombudsman_service()
    }
}

fn detail(field: &'static str, what: &str, text: &str, limit: TextLimit) -> Result<String, ContactError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ContactError { field, message: format!("Enter the Ombudsman's {what}") });
    }
    check(&format!("the Ombudsman's {what}"), text, limit)
        .map_err(|error| ContactError { field, message: error.to_string() })?;
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_housing_ombudsman_services_details_are_complete() {
        let hos = OmbudsmanContact::housing_ombudsman_service();
        assert_eq!(hos.checked(), Ok(hos.clone()));
        assert_eq!(OmbudsmanContact::default(), hos);
    }

    #[test]
    fn every_detail_is_required_and_checked() {
        let hos = OmbudsmanContact::housing_ombudsman_service();
        let cases = [
            (OmbudsmanContact { name: " ".into(), ..hos.clone() }, "name"),
            (OmbudsmanContact { telephone: String::new(), ..hos.clone() }, "telephone"),
            (OmbudsmanContact { email: "info".into(), ..hos.clone() }, "email"),
            (OmbudsmanContact { web_address: "www.example.org".into(), ..hos.clone() }, "web_address"),
            (OmbudsmanContact { postal_address: "\n".into(), ..hos.clone() }, "postal_address"),
            (OmbudsmanContact { name: "x".repeat(301), ..hos.clone() }, "name"),
        ];
        for (contact, field) in cases {
            let error = contact.checked().unwrap_err();
            assert_eq!(error.field, field, "{error}");
            assert!(error.message.contains("Ombudsman's"), "{error}");
        }
        let spaced = OmbudsmanContact { name: " Housing Ombudsman Service ".into(), ..hos.clone() };
        assert_eq!(spaced.checked(), Ok(hos));
    }
}
