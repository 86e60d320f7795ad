//! `/settings/letters`: the organisation's wording of each letter the Code requires, and the
//! editor of one (`/settings/letters/{kind}`), with its preview against a made-up case.
//!
//! The editor works without JavaScript: "Preview" posts the wording and the page comes back
//! with the letter as it would be (letterhead, addressing and body), its readability and the
//! required elements it lacks, each with its provision; the sandbox's refusal is the error
//! summary. "Save" keeps the wording as a new version (one lacking an element is kept, and the
//! page says no letter can be sent from it); "Use Redress's wording" goes back to the default.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use redress_app::{AppError, LetterWording, Permission};
use redress_documents::{Block, Document, Image, Inline};
use redress_domain::refusal::{Refusal, as_sentence};
use redress_letters::{Draft, Element, LetterKind, Readability, VARIABLES, Variable};
use redress_storage::LetterTemplateVersion;
use serde::Deserialize;

use crate::AppState;
use crate::pages::cases::long_instant;
use crate::pages::{Layout, PageError, Staff, render};

use super::{Problems, admin_layout, invalid, problem_at};

// ---- /settings/letters

#[derive(Template)]
#[template(path = "settings/letters.html")]
struct LettersPage {
    layout: Layout,
    wordings: Vec<Wording>,
}

/// A letter kind's row: what it is and whose wording it uses.
struct Wording {
    kind: LetterKind,
    provisions: String,
    status: String,
    own: bool,
}

/// "Your wording (saved 7 December 2026 at 10:00 by Ann Admin)" or "Redress's wording".
fn status(wording: &LetterWording) -> String {
    match &wording.saved {
        Some(v) if v.source.is_some() => {
            format!("Your wording (saved {} by {})", long_instant(v.saved_at), v.saved_by_name)
        }
        _ => "Redress's wording".into(),
    }
}

fn provisions(kind: LetterKind) -> String {
    format!("Code {}", kind.provisions().join(", "))
}

/// `GET /settings/letters`.
pub(crate) async fn letters(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let layout = admin_layout(&staff, "Letters", Permission::ManageSettings, &Problems::default())?;
    let wordings = state
        .app()
        .letter_wordings(&staff.actor)
        .await?
        .iter()
        .map(|w| Wording { kind: w.kind, provisions: provisions(w.kind), status: status(w), own: w.is_own() })
        .collect();
    Ok(render(StatusCode::OK, &LettersPage { layout, wordings }))
}

// ---- /settings/letters/{kind}

#[derive(Template)]
#[template(path = "settings/letter.html")]
struct EditorPage {
    layout: Layout,
    errors: Problems,
    kind: LetterKind,
    provisions: String,
    status: String,
    own: bool,
    source: String,
    /// The reference of the complaint the preview is of, empty for the made-up case.
    case: String,
    /// Whether the page shows what was typed, not what is saved.
    previewing: bool,
    preview: Option<Preview>,
    versions: Vec<Version>,
    variables: &'static [Variable],
}

/// The letter as the preview shows it.
struct Preview {
    logo: Option<Logo>,
    letterhead: Vec<String>,
    addressing: Vec<String>,
    date: String,
    reference: String,
    blocks: Vec<Block>,
    readability: Readability,
    missing: Vec<Element>,
}

/// An image as the page shows it: inside the page, as the letter's HTML carries it.
pub(super) struct Logo {
    pub(super) src: String,
    pub(super) alt: String,
}

impl Logo {
    pub(super) fn of(image: &Image) -> Logo {
        let data = base64::engine::general_purpose::STANDARD.encode(&image.bytes);
        Logo { src: format!("data:{};base64,{data}", image.media_type), alt: image.alt.clone() }
    }
}

impl Preview {
    fn of(draft: Draft) -> Preview {
        let Document { letterhead, addressing, blocks, .. } = draft.document;
        let (logo, letterhead) = match letterhead {
            Some(l) => (l.logo.as_ref().map(Logo::of), [vec![l.name], l.address, l.contact].concat()),
            None => (None, Vec::new()),
        };
        let (addressing, date, reference) = match addressing {
            Some(a) => (a.recipient, a.date, a.reference),
            None => (Vec::new(), String::new(), String::new()),
        };
        // Images in the body are shown by their alternative text: a template cannot add one.
        let blocks = blocks.into_iter().filter(|b| !matches!(b, Block::Image(_) | Block::PageBreak)).collect();
        Preview {
            logo,
            letterhead,
            addressing,
            date,
            reference,
            blocks,
            readability: draft.readability,
            missing: draft.missing,
        }
    }
}

/// A saved version, for the page's history.
struct Version {
    version: i64,
    saved: String,
    by: String,
    own: bool,
}

impl Version {
    fn of(v: &LetterTemplateVersion) -> Version {
        Version {
            version: v.version,
            saved: long_instant(v.saved_at),
            by: v.saved_by_name.clone(),
            own: v.source.is_some(),
        }
    }
}

/// The letter kind named in the path; any other name is not found.
fn kind_named(name: &str) -> Result<LetterKind, PageError> {
    LetterKind::named(name).ok_or_else(PageError::not_found)
}

/// The editor of `kind` showing `source` (typed, or in use when `typed` is `None`), with its
/// preview when it renders and the problems found.
async fn editor(
    state: &AppState,
    staff: &Staff,
    kind: LetterKind,
    typed: Option<String>,
    case: String,
    mut errors: Problems,
) -> Result<EditorPage, PageError> {
    let app = state.app();
    let (wording, versions) = app.letter_wording(&staff.actor, kind).await?;
    let previewing = typed.is_some();
    let source = typed.unwrap_or_else(|| wording.source().to_owned());
    let preview = if errors.is_empty() {
        match app.preview_letter_template(&staff.actor, kind, &source, Some(&case)).await {
            Ok(draft) => Some(Preview::of(draft)),
            // The complaint to preview with: none the caller sees, or not yet at this letter.
            Err(AppError::NotFound(_)) => {
                errors = Problems::one(
                    "case",
                    "There is no complaint with that reference: enter one such as CMP-2026-000012",
                );
                None
            }
            Err(AppError::Refused(Refusal::State(message))) => {
                errors = Problems::one("case", as_sentence(&message));
                None
            }
            Err(error) => {
                errors = problem_at("source", error)?;
                None
            }
        }
    } else {
        None
    };
    let layout = admin_layout(staff, kind.label(), Permission::ManageSettings, &errors)?;
    Ok(EditorPage {
        layout,
        errors,
        kind,
        provisions: provisions(kind),
        status: status(&wording),
        own: wording.is_own(),
        source,
        case,
        previewing,
        preview,
        versions: versions.iter().map(Version::of).collect(),
        variables: VARIABLES,
    })
}

/// `GET /settings/letters/{kind}`.
pub(crate) async fn letter(
    State(state): State<AppState>,
    staff: Staff,
    Path(kind): Path<String>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let kind = kind_named(&kind)?;
    let page = editor(&state, &staff, kind, None, String::new(), Problems::default()).await?;
    Ok(render(if page.errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST }, &page))
}

/// What the editor sends: the wording, and which button was pressed.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct EditorForm {
    #[serde(default)]
    source: String,
    /// The reference of a complaint to preview the letter with, rather than a made-up case.
    #[serde(default)]
    case: String,
    #[serde(default)]
    action: EditorAction,
}

/// The editor's buttons.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum EditorAction {
    /// Show the letter the wording makes, saving nothing.
    #[default]
    Preview,
    /// Keep the wording as the one in use.
    Save,
}

/// `POST /settings/letters/{kind}`: preview or save.
pub(crate) async fn submit(
    State(state): State<AppState>,
    staff: Staff,
    Path(kind): Path<String>,
    Form(form): Form<EditorForm>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let kind = kind_named(&kind)?;
    let mut errors = Problems::default();
    if form.action == EditorAction::Save {
        match state.app().save_letter_template(&staff.actor, kind, &form.source).await {
            Ok(_) => return Ok(Redirect::to(&format!("/settings/letters/{}", kind.as_str())).into_response()),
            Err(error) => errors = problem_at("source", error)?,
        }
    } else if form.source.trim().is_empty() {
        errors.add("source", "Enter the letter's wording to preview it");
    }
    let page = editor(&state, &staff, kind, Some(form.source), form.case, errors).await?;
    Ok(if page.errors.is_empty() { render(StatusCode::OK, &page) } else { invalid(&page) })
}

/// `POST /settings/letters/{kind}/reset`: back to Redress's wording.
pub(crate) async fn reset(
    State(state): State<AppState>,
    staff: Staff,
    Path(kind): Path<String>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let kind = kind_named(&kind)?;
    state.app().reset_letter_template(&staff.actor, kind).await?;
    Ok(Redirect::to(&format!("/settings/letters/{}", kind.as_str())).into_response())
}
