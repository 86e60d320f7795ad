//! Organisations' own wording of the letters the Code requires (issue 11): the template in use
//! of each kind (for the letters issued from a case, and the settings pages), saving a new
//! version, going back to Redress's wording, and previewing a wording against a made-up case
//! ([`LetterContext::placeholder`]) with the organisation's letterhead. Only administrators
//! change or preview them ([`Permission::ManageSettings`]).
//!
//! A template is kept only if it renders in the letters' sandbox; one that lacks a required
//! element is kept too, since the editor shows what is missing and `redress_letters::render`
//! refuses to make a letter from it, naming the provision. Every save is a new version and
//! earlier ones are kept: a letter issued under one is evidence of what the resident was sent.

use redress_domain::ids::OrganisationId;
use redress_letters::{Draft, LetterContext, LetterKind, preview};
use redress_storage::{LetterTemplateVersion, StorageError};

use crate::{Actor, App, AppError, LetterExtra, Permission};

/// How many times a save is tried when another save of the same kind took its version number.
const SAVE_ATTEMPTS: usize = 3;

/// A letter kind's wording in use in an organisation, for the settings pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterWording {
    /// The letter.
    pub kind: LetterKind,
    /// The newest saved version, if any was ever saved; its `source` is `None` when it went
    /// back to Redress's wording.
    pub saved: Option<LetterTemplateVersion>,
}

impl LetterWording {
    /// Whether the letter is in the organisation's own words rather than Redress's.
    pub fn is_own(&self) -> bool {
        self.saved.as_ref().is_some_and(|v| v.source.is_some())
    }

    /// The template in use: the organisation's, or Redress's default.
    pub fn source(&self) -> &str {
        self.saved.as_ref().and_then(|v| v.source.as_deref()).unwrap_or(self.kind.default_template())
    }
}

impl App {
    /// The template of `kind` organisation `organisation` uses: its own source, or `None` for
    /// Redress's default wording. For the letters issued from its cases.
    pub async fn letter_template(
        &self,
        organisation: &OrganisationId,
        kind: LetterKind,
    ) -> Result<Option<String>, AppError> {
        Ok(self.db().letter_template(organisation, kind.as_str()).await?.and_then(|v| v.source))
    }

    /// The wording in use of every letter kind in the caller's organisation, in the order a
    /// complaint meets them ([`LetterKind::ALL`]).
    pub async fn letter_wordings(&self, actor: &Actor) -> Result<Vec<LetterWording>, AppError> {
        actor.require(Permission::ManageSettings)?;
        let mut in_use = self.db().letter_templates_in_use(&actor.organisation_id).await?;
        Ok(LetterKind::ALL
            .into_iter()
            .map(|kind| {
                let saved = in_use.iter().position(|v| v.kind == kind.as_str()).map(|at| in_use.swap_remove(at));
                LetterWording { kind, saved }
            })
            .collect())
    }

    /// The wording of `kind` in use in the caller's organisation, with every version saved,
    /// newest first.
    pub async fn letter_wording(
        &self,
        actor: &Actor,
        kind: LetterKind,
    ) -> Result<(LetterWording, Vec<LetterTemplateVersion>), AppError> {
        actor.require(Permission::ManageSettings)?;
        let versions = self.db().letter_template_versions(&actor.organisation_id, kind.as_str()).await?;
        Ok((LetterWording { kind, saved: versions.first().cloned() }, versions))
    }

    /// The letter `source` (in the editor's hands) makes for a made-up case, or for the real
    /// complaint whose reference is `case`, from the caller's organisation with its
    /// letterhead: with its readability and the required elements it lacks.
    ///
    /// # Errors
    ///
    /// [`AppError::Invalid`] saying what is wrong (and on which line) when the template does
    /// not render in the sandbox; [`AppError::NotFound`] when the caller sees no complaint
    /// `case`; [`AppError::Refused`] when it has not reached what the letter is about.
    pub async fn preview_letter_template(
        &self,
        actor: &Actor,
        kind: LetterKind,
        source: &str,
        case: Option<&str>,
    ) -> Result<Draft, AppError> {
        actor.require(Permission::ManageSettings)?;
        let context = match case.map(str::trim).filter(|reference| !reference.is_empty()) {
            Some(reference) => self.case_context(actor, kind, reference).await?,
            None => self.placeholder_context(&actor.organisation_id, kind).await?,
        };
        rendered(kind, &normalised(source), &context)
    }

    /// The context of a letter of `kind` about the real complaint `reference` (as issuing it
    /// would be, the organisation's logo included), for the editor's preview against a case.
    async fn case_context(&self, actor: &Actor, kind: LetterKind, reference: &str) -> Result<LetterContext, AppError> {
        let id = self.complaint_id_by_reference(actor, reference).await?.ok_or(AppError::NotFound("complaint"))?;
        // Refused (the case's state) when the complaint has not reached what the letter is about.
        let mut context = self.letter_sources(actor, &id).await?.context(kind, &LetterExtra::default())?;
        context.organisation.logo = self.db().logo(&actor.scope.landlord).await?.map(crate::letterhead::image_of);
        Ok(context)
    }

    /// Saves `source` as the caller's organisation's wording of `kind`, a new version in use
    /// from now on, and returns its version number. A wording that lacks a required element is
    /// saved (the editor shows what is missing), but no letter can be made from it.
    ///
    /// # Errors
    ///
    /// [`AppError::Invalid`] when the template is empty or does not render in the sandbox.
    pub async fn save_letter_template(&self, actor: &Actor, kind: LetterKind, source: &str) -> Result<i64, AppError> {
        actor.require(Permission::ManageSettings)?;
        let source = normalised(source);
        if source.trim().is_empty() {
            return Err(AppError::Invalid("Enter the letter's wording, or choose to use Redress's wording".into()));
        }
        let context = self.placeholder_context(&actor.organisation_id, kind).await?;
        rendered(kind, &source, &context)?;
        self.save_version(actor, kind, Some(&source)).await
    }

    /// Goes back to Redress's wording of `kind` for the caller's organisation: a new version
    /// that says so, the organisation's earlier ones kept. Nothing is saved when Redress's
    /// wording is already in use.
    pub async fn reset_letter_template(&self, actor: &Actor, kind: LetterKind) -> Result<(), AppError> {
        actor.require(Permission::ManageSettings)?;
        if self.letter_template(&actor.organisation_id, kind).await?.is_some() {
            self.save_version(actor, kind, None).await?;
        }
        Ok(())
    }

    /// Saves a version, trying again when another save of the kind took its number first.
    async fn save_version(&self, actor: &Actor, kind: LetterKind, source: Option<&str>) -> Result<i64, AppError> {
        let mut attempt = 1;
        loop {
            let saved = self
                .db()
                .save_letter_template(&actor.organisation_id, kind.as_str(), source, &actor.user_id, self.now())
                .await;
            match saved {
                Err(StorageError::Duplicate { .. }) if attempt < SAVE_ATTEMPTS => attempt += 1,
                Err(StorageError::Duplicate { .. }) => return Err(AppError::Busy),
                other => return Ok(other?),
            }
        }
    }

    /// The made-up case a template of `kind` is previewed and checked with, from
    /// `organisation`, with its letterhead and the Ombudsman's details it gives.
    async fn placeholder_context(
        &self,
        organisation: &OrganisationId,
        kind: LetterKind,
    ) -> Result<LetterContext, AppError> {
        let sender = self.letter_sender(organisation).await?;
        let ombudsman = self.ombudsman_for(organisation).await?;
        Ok(LetterContext::placeholder(kind, sender, ombudsman, self.today()?))
    }
}

/// The template as typed, with a browser's line endings (CRLF) made plain line feeds, so
/// that what is kept reads as it was typed wherever it is shown.
fn normalised(source: &str) -> String {
    source.replace("\r\n", "\n")
}

/// The letter `source` makes for `context`, or the sandbox's refusal as a message.
fn rendered(kind: LetterKind, source: &str, context: &LetterContext) -> Result<Draft, AppError> {
    preview(kind, Some(source), context)
        .map_err(|error| AppError::Invalid(format!("The template cannot be used: {error}")))
}
