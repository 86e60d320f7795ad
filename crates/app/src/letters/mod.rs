//! Letters from a case (issue 11): the context a letter is written from, read from the record
//! (the complaint rebuilt from its events, its deadlines from the domain, the resident and
//! representative, their agreed adjustments, the organisation's details and the Ombudsman's
//! from its settings); which letters the case allows now; the preview a handler reads before
//! sending, with its readability, what it lacks and the delivery preselected; and issuing it
//! (`issue.rs`).
//!
//! What a letter says and whether it says everything required is `redress-letters`' to
//! decide: the kinds a case allows are those whose context [`LetterContext::build`] can make,
//! and a letter lacking a required element is refused as [`redress_letters::render`] says.
//! The organisation's own template and logo reach the letter through one function,
//! [`App::house_style`].

mod choices;
mod issue;

pub use choices::{DeliveryChoices, LetterDelivery};
pub use issue::{IssueLetter, IssuedLetter};

use jiff::civil::Date;
use redress_documents::Image;
use redress_domain::ids::{ComplaintId, OrganisationId};
use redress_domain::people::ReasonableAdjustment;
use redress_domain::refusal::Refusal;
use redress_domain::text::{LONG, check};
use redress_letters::{
    Case, Element, Incomplete, LetterContext, LetterError, LetterKind, Parties, Person, Readability,
};

use crate::{Actor, App, AppError, ComplaintView, Permission};

/// What a letter needs besides the record: what the handler adds to an update (Code 5.9).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterExtra {
    /// The date of the next update (default: the one the domain works out, when due).
    pub next_update: Option<Date>,
    /// What the handler wants to say about progress.
    pub message: Option<String>,
    /// Large print, or not (default: as the resident's adjustments and format say).
    pub large_print: Option<bool>,
}

/// A letter as it would be issued now, for the handler to read before sending.
#[derive(Debug, Clone, PartialEq)]
pub struct LetterPreview {
    /// What it is.
    pub kind: LetterKind,
    /// The complaint's reference.
    pub reference: String,
    /// The letter as the email's HTML and the record's copy (a whole page).
    pub html: String,
    /// How easy it is to read (Flesch reading ease, the longest sentence).
    pub readability: Readability,
    /// The required elements it lacks, each with its provision: none, or it cannot be sent.
    pub missing: Vec<Element>,
    /// How it would go, preselected from the resident's record.
    pub choices: DeliveryChoices,
}

/// The organisation's own wording and letterhead logo for a kind of letter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct HouseStyle {
    /// Its own template, or `None` for Redress's default.
    pub template: Option<String>,
    /// Its logo with its alternative text, if it uploaded one.
    pub logo: Option<Image>,
}

/// Everything a case's letters are written from, read once.
pub(crate) struct Sources {
    pub view: ComplaintView,
    pub parties: Parties,
    pub choices: DeliveryChoices,
    pub today: Date,
}

impl Sources {
    /// The context of a letter of `kind`; refused (citing no provision: the case's state) when
    /// the case has not reached what the letter is about.
    pub fn context(&self, kind: LetterKind, extra: &LetterExtra) -> Result<LetterContext, AppError> {
        let next_update = extra.next_update.or(self.view.next_update.as_ref().map(|u| u.due));
        let case = Case {
            complaint: &self.view.complaint,
            reference: &self.view.reference,
            deadlines: &self.view.deadlines,
            next_update,
            message: extra.message.as_deref(),
        };
        let mut parties = self.parties.clone();
        parties.large_print = extra.large_print.unwrap_or(self.choices.large_print);
        LetterContext::build(kind, &case, &parties, self.today).map_err(|error| {
            AppError::Refused(Refusal::State(format!("a {} cannot be written: {error}", kind.label().to_lowercase())))
        })
    }

    /// The kinds of letter the case allows now: those whose context can be made.
    pub fn allowed(&self) -> Vec<LetterKind> {
        LetterKind::ALL.into_iter().filter(|kind| self.context(*kind, &LetterExtra::default()).is_ok()).collect()
    }
}

impl App {
    /// The context a letter of `kind` about a complaint the caller sees is written from,
    /// today; refused when the case has not reached what the letter is about.
    pub async fn letter_context(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        kind: LetterKind,
        extra: &LetterExtra,
    ) -> Result<LetterContext, AppError> {
        self.letter_sources(actor, complaint_id).await?.context(kind, extra)
    }

    /// The kinds of letter a complaint the caller sees allows now, in the order a complaint
    /// meets them: what "Write a letter" offers.
    pub async fn letters_allowed(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
    ) -> Result<Vec<LetterKind>, AppError> {
        Ok(self.letter_sources(actor, complaint_id).await?.allowed())
    }

    /// The letter of `kind` as it would be issued now, with its readability, what it lacks
    /// and the delivery preselected from the resident's record.
    pub async fn preview_letter(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        kind: LetterKind,
        extra: &LetterExtra,
    ) -> Result<LetterPreview, AppError> {
        check_extra(extra)?;
        let sources = self.letter_sources(actor, complaint_id).await?;
        let mut context = sources.context(kind, extra)?;
        let style = self.house_style(&actor.scope.landlord, kind).await?;
        context.organisation.logo = style.logo;
        let draft = redress_letters::preview(kind, style.template.as_deref(), &context)
            .map_err(|error| AppError::Invalid(format!("the letter's template cannot be used: {error}")))?;
        let choices = DeliveryChoices { large_print: context.large_print, ..sources.choices };
        Ok(LetterPreview {
            kind,
            reference: sources.view.reference,
            html: redress_documents::html::render(&draft.document),
            readability: draft.readability,
            missing: draft.missing,
            choices,
        })
    }

    /// What the letters of a complaint the caller may read are written from.
    pub(crate) async fn letter_sources(&self, actor: &Actor, complaint_id: &ComplaintId) -> Result<Sources, AppError> {
        actor.require(Permission::ReadCases)?;
        let view = self.complaint(actor, complaint_id).await?;
        let people = self.case_people(actor, &view).await?;
        let landlord = &actor.scope.landlord;
        let (organisation, details) =
            tokio::try_join!(self.db().get_organisation(landlord), self.db().get_organisation_details(landlord))?;
        let organisation = organisation.ok_or(AppError::NotFound("organisation"))?;
        let details = details.unwrap_or_default();
        let resident = &people.record.resident.details;
        let adjustments: Vec<ReasonableAdjustment> =
            serde_json::from_value(resident.reasonable_adjustments.clone()).unwrap_or_default();
        let choices = DeliveryChoices::for_resident(&people, &adjustments);
        let parties = Parties {
            organisation: redress_letters::Organisation {
                name: organisation.name,
                address: lines(&details.address),
                telephone: details.complaints_phone,
                email: details.complaints_email,
                logo: None,
            },
            resident: Person { name: resident.name.clone(), address: lines(resident.address.as_deref().unwrap_or("")) },
            representative: people.representative.as_ref().map(|r| Person { name: r.name.clone(), address: vec![] }),
            adjustments,
            large_print: choices.large_print,
            ombudsman: details.ombudsman,
        };
        Ok(Sources { view, parties, choices, today: self.today()? })
    }

    /// The organisation's own template of `kind` (the newest version saved in the template
    /// editor, `letter_templates.rs`; `None` for Redress's wording) and its letterhead logo
    /// (`letterhead.rs`), read at once: the one place where a letter takes them.
    async fn house_style(&self, org: &OrganisationId, kind: LetterKind) -> Result<HouseStyle, AppError> {
        let (template, logo) =
            tokio::try_join!(self.letter_template(org, kind), async { Ok::<_, AppError>(self.db().logo(org).await?) })?;
        Ok(HouseStyle { template, logo: logo.map(crate::letterhead::image_of) })
    }
}

/// Refuses a message or date the letter cannot carry.
pub(crate) fn check_extra(extra: &LetterExtra) -> Result<(), AppError> {
    if let Some(message) = &extra.message {
        check("the message", message, LONG)?;
    }
    Ok(())
}

/// The letter of `kind` from `template` (Redress's when `None`), as issuing renders it:
/// refused when it lacks a required element, the refusal citing the first element's provision
/// and naming every element with its own.
pub fn render_letter(
    kind: LetterKind,
    template: Option<&str>,
    context: &LetterContext,
) -> Result<redress_letters::Letter, AppError> {
    redress_letters::render(kind, template, context).map_err(|error| match error {
        LetterError::Incomplete(incomplete) => refusal_of(&incomplete),
        LetterError::Template(error) => AppError::Invalid(format!("the letter's template cannot be used: {error}")),
    })
}

/// An incomplete letter's refusal: under the provision of its first missing element ("6.9 e"
/// is cited as 6.9), saying every element missing with its own.
fn refusal_of(incomplete: &Incomplete) -> AppError {
    let provision = incomplete.missing.first().map_or("", |e| e.provision.split(' ').next().unwrap_or_default());
    AppError::Refused(Refusal::code(provision, incomplete.to_string()))
}

/// An address as the lines of a letter: one per line, or, written on one line, one per
/// comma.
fn lines(text: &str) -> Vec<String> {
    let by_line: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let parts = if by_line.len() == 1 { by_line[0].split(',').map(str::trim).collect() } else { by_line };
    parts.into_iter().filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_split_by_line_or_else_by_comma() {
        assert_eq!(lines("1 High Street\n Anytown \n\nAN1 1AA"), ["1 High Street", "Anytown", "AN1 1AA"]);
        assert_eq!(lines("12 Analytical Row, Leeds LS1 1AA"), ["12 Analytical Row", "Leeds LS1 1AA"]);
        assert!(lines("  ").is_empty());
    }
}
