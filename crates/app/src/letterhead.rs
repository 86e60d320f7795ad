//! An organisation's letterhead (issue 11): its name, address and complaints contact details
//! from its settings (`settings.rs`), and the logo it uploads with its alternative text. Every
//! letter has it, whatever its template says. Only administrators change the logo
//! ([`Permission::ManageSettings`]).
//!
//! A logo must be a PNG or JPEG (what the HTML and the tagged PDF both show; the file's first
//! bytes are checked, not its name or the browser's word), at most [`MAX_LOGO_BYTES`], with
//! alternative text: a letter's PDF/UA-1 tagging and WCAG both need it.

use redress_documents::{Image, Letterhead};
use redress_domain::ids::OrganisationId;
use redress_domain::text::SHORT;
use redress_letters::Organisation;
use redress_storage::{Logo, NewLogo};

use crate::{Actor, App, AppError, Permission};

/// The largest logo accepted, in bytes: it travels inside every letter's email and PDF.
pub const MAX_LOGO_BYTES: usize = 500 * 1024;

/// The image types a logo may be, each with the bytes its files start with.
const LOGO_TYPES: [(&str, &[u8]); 2] = [("image/png", b"\x89PNG\r\n\x1a\n"), ("image/jpeg", b"\xff\xd8\xff")];

impl App {
    /// Who organisation `organisation`'s letters are from: its name, address (one line each)
    /// and complaints telephone and email from its settings, and its logo.
    pub async fn letter_sender(&self, organisation: &OrganisationId) -> Result<Organisation, AppError> {
        let org = self.db().get_organisation(organisation).await?.ok_or(AppError::NotFound("organisation"))?;
        let details = self.db().get_organisation_details(organisation).await?.unwrap_or_default();
        let logo = self.db().logo(organisation).await?;
        Ok(Organisation {
            name: org.name,
            address: details.address.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
            telephone: details.complaints_phone,
            email: details.complaints_email,
            logo: logo.map(image_of),
        })
    }

    /// Organisation `organisation`'s letterhead, as every letter of its shows it.
    pub async fn letterhead(&self, organisation: &OrganisationId) -> Result<Letterhead, AppError> {
        let sender = self.letter_sender(organisation).await?;
        let contact = [sender.telephone, sender.email].into_iter().filter(|line| !line.trim().is_empty()).collect();
        Ok(Letterhead { name: sender.name, address: sender.address, contact, logo: sender.logo })
    }

    /// The caller's organisation's letterhead, for its settings page.
    pub async fn own_letterhead(&self, actor: &Actor) -> Result<Letterhead, AppError> {
        actor.require(Permission::ManageSettings)?;
        self.letterhead(&actor.organisation_id).await
    }

    /// Keeps `bytes` as the caller's organisation's logo, described by `alt_text`, in place
    /// of any it had.
    ///
    /// # Errors
    ///
    /// [`AppError::Invalid`] saying what to do when there is no file, it is not a PNG or JPEG
    /// (by its first bytes, and as `media_type` says), it is over [`MAX_LOGO_BYTES`], or the
    /// alternative text is missing or too long.
    pub async fn save_logo(
        &self,
        actor: &Actor,
        bytes: Vec<u8>,
        media_type: &str,
        alt_text: &str,
    ) -> Result<(), AppError> {
        actor.require(Permission::ManageSettings)?;
        if bytes.is_empty() {
            return Err(AppError::Invalid("Select a PNG or JPEG file of the logo".into()));
        }
        let sniffed = LOGO_TYPES.iter().find(|(_, magic)| bytes.starts_with(magic)).map(|(media, _)| *media);
        let Some(sniffed) = sniffed.filter(|media| media.eq_ignore_ascii_case(media_type.trim())) else {
            return Err(AppError::Invalid("The logo must be a PNG or JPEG image".into()));
        };
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(AppError::Invalid(format!("The logo must be smaller than {} KB", MAX_LOGO_BYTES / 1024)));
        }
        let alt_text = alt_text.trim();
        redress_domain::text::check("The logo's alternative text", alt_text, SHORT)?;
        if alt_text.is_empty() {
            return Err(AppError::Invalid(
                "Enter the logo's alternative text, such as your organisation's name".into(),
            ));
        }
        let logo = NewLogo { media_type: sniffed.to_owned(), alt_text: alt_text.to_owned(), content: bytes };
        Ok(self.db().save_logo(&actor.organisation_id, &logo, &actor.user_id, self.now()).await?)
    }

    /// Removes the caller's organisation's logo; letters issued with it keep it.
    pub async fn remove_logo(&self, actor: &Actor) -> Result<(), AppError> {
        actor.require(Permission::ManageSettings)?;
        if self.db().remove_logo(&actor.organisation_id).await? { Ok(()) } else { Err(AppError::NotFound("logo")) }
    }
}

/// A stored logo as the documents show it: its bytes, media type and alternative text.
pub(crate) fn image_of(logo: Logo) -> Image {
    Image { bytes: logo.content, media_type: logo.media_type, alt: logo.alt_text }
}
