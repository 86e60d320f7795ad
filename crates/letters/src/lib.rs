//! The letters the Complaint Handling Code requires a landlord to send, written from the case
//! itself: what each says, that it says everything the Code requires, and that it is plain
//! English. Pure: no I/O, no clock (today is passed in), no async.
//!
//! A letter is made in four steps, each in its own module:
//!
//! 1. **Context** (`context.rs`, built from the domain's types in `build.rs`): the case's facts
//!    in the words a resident reads.
//! 2. **Template** (`template.rs`): Redress's default wording (`templates/*.jinja`, in
//!    [`LetterKind::default_template`]) or the organisation's own, rendered in a sandbox into
//!    a small markup (`markup.rs`), parsed into a [`Document`]'s blocks. The letterhead and
//!    the address come from the context, never the template, so every letter has them.
//! 3. **Required elements** (`elements.rs`): checked on the rendered document with the case's
//!    facts; a letter missing any is refused by [`render`], naming each element and its
//!    provision.
//! 4. **Readability** (`readability.rs`): Flesch reading ease, words per sentence and the
//!    longest sentence, for the handler to see before sending.
//!
//! [`preview`] does the same without refusing, for the template editor's live preview.

mod build;
mod context;
mod elements;
mod kind;
pub mod markup;
mod placeholder;
mod readability;
mod template;
mod variables;
mod words;

#[cfg(test)]
mod testing;

pub use build::{Case, ContextError, Parties};
pub use context::{
    ActionPart, DefinitionPart, ExclusionPart, ExtensionPart, KeepingInformedPart, LetterContext, Organisation, Person,
    PointDecisionPart, PointPart, ProgressPart, RemedyPart, ResponsePart, StageTwoPart,
};
pub use elements::{Element, required};
pub use kind::LetterKind;
pub use readability::Readability;
pub use template::{FUEL, MAX_OUTPUT_BYTES, MAX_TEMPLATE_CHARS, TemplateError};
pub use variables::{VARIABLES, Variable};
pub use words::{date as date_in_words, pounds};

use redress_documents::{Addressing, Document, Letterhead};

/// A letter ready to send: it says everything its kind requires.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    /// What it is.
    pub kind: LetterKind,
    /// The letter, for the HTML and PDF renderers.
    pub document: Document,
    /// How easy it is to read.
    pub readability: Readability,
}

/// A letter as it would be, with whatever it still lacks: the template editor's preview.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// What it is.
    pub kind: LetterKind,
    /// The letter as rendered.
    pub document: Document,
    /// How easy it is to read.
    pub readability: Readability,
    /// The required elements it does not contain, in the order the Code lists them.
    pub missing: Vec<Element>,
}

/// A letter that cannot be sent: it lacks what the Code requires it to say.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {} cannot be sent: it does not give {}", kind.label().to_lowercase(), list(missing))]
pub struct Incomplete {
    /// What it is.
    pub kind: LetterKind,
    /// Every required element missing, each with its provision.
    pub missing: Vec<Element>,
}

fn list(missing: &[Element]) -> String {
    missing.iter().map(Element::to_string).collect::<Vec<_>>().join("; ")
}

/// Why a letter was not made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LetterError {
    /// Its template could not be rendered.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// It lacks a required element.
    #[error(transparent)]
    Incomplete(#[from] Incomplete),
}

/// The letter of `kind` for `context`, from the organisation's `custom_template` or, without
/// one, Redress's default.
///
/// # Errors
///
/// [`LetterError::Template`] when the template cannot be rendered; [`LetterError::Incomplete`]
/// listing every required element the rendered letter lacks.
pub fn render(kind: LetterKind, custom_template: Option<&str>, context: &LetterContext) -> Result<Letter, LetterError> {
    let draft = preview(kind, custom_template, context)?;
    if !draft.missing.is_empty() {
        return Err(Incomplete { kind, missing: draft.missing }.into());
    }
    Ok(Letter { kind, document: draft.document, readability: draft.readability })
}

/// The letter as [`render`] would make it, with the elements it lacks rather than a refusal.
///
/// # Errors
///
/// [`TemplateError`] when the template cannot be rendered.
pub fn preview(
    kind: LetterKind,
    custom_template: Option<&str>,
    context: &LetterContext,
) -> Result<Draft, TemplateError> {
    let source = custom_template.unwrap_or(kind.default_template());
    let markup = template::render(source, context)?;
    let document = Document {
        title: format!("{}: {}", kind.label(), context.reference),
        language: "en-GB".into(),
        letterhead: Some(letterhead(context)),
        addressing: Some(addressing(context)),
        large_print: context.large_print,
        blocks: markup::parse(&markup),
    };
    let missing = elements::missing(kind, context, &document);
    let readability = Readability::of(&document);
    Ok(Draft { kind, document, readability, missing })
}

fn letterhead(context: &LetterContext) -> Letterhead {
    let organisation = &context.organisation;
    let contact = [&organisation.telephone, &organisation.email]
        .into_iter()
        .filter(|line| !line.trim().is_empty())
        .cloned()
        .collect();
    Letterhead {
        name: organisation.name.clone(),
        address: organisation.address.clone(),
        contact,
        logo: organisation.logo.clone(),
    }
}

fn addressing(context: &LetterContext) -> Addressing {
    let mut recipient = vec![context.resident.name.clone()];
    recipient.extend(context.resident.address.iter().cloned());
    Addressing { recipient, date: context.today.clone(), reference: context.reference.clone() }
}

impl LetterContext {
    /// The same context with every text the case's people wrote (the definition, reasons,
    /// remedies, actions, the route to stage 2, the handler's message, the adjustments) as one
    /// neutral word, "details": a letter rendered from it measures the template's own
    /// sentences, which is what the readability of a template is judged on. Names, dates,
    /// decisions and the Ombudsman's details stay as they are.
    pub fn with_placeholders(&self) -> LetterContext {
        let word = || "details".to_owned();
        let mut context = self.clone();
        context.adjustments.iter_mut().for_each(|a| *a = word());
        if let Some(d) = context.definition.as_mut() {
            d.points.iter_mut().for_each(|p| p.text = word());
            for list in [&mut d.outcomes_sought, &mut d.responsible_for, &mut d.not_responsible_for] {
                list.iter_mut().for_each(|item| *item = word());
            }
        }
        if let Some(e) = context.extension.as_mut() {
            e.reasons = word();
        }
        if let Some(r) = context.response.as_mut() {
            r.points.iter_mut().for_each(|p| (p.text, p.reasons) = (word(), word()));
            r.remedies.iter_mut().for_each(|remedy| remedy.description = word());
            r.actions.iter_mut().for_each(|action| action.description = word());
            r.no_remedy_reason = r.no_remedy_reason.as_ref().map(|_| word());
            r.escalation_text = r.escalation_text.as_ref().map(|_| word());
            if let Some(route) = r.stage_two.as_mut() {
                (route.contact, route.how, route.within) = (word(), word(), word());
            }
        }
        if let Some(x) = context.exclusion.as_mut() {
            x.reasons = word();
            x.policy_ground = x.policy_ground.as_ref().map(|_| word());
        }
        if let Some(p) = context.progress.as_mut() {
            p.remedies.iter_mut().for_each(|remedy| remedy.description = word());
            for action in &mut p.actions {
                action.description = word();
                action.latest_update = action.latest_update.as_ref().map(|_| word());
            }
        }
        if let Some(k) = context.keeping_informed.as_mut() {
            k.message = k.message.as_ref().map(|_| word());
        }
        context
    }
}
