//! `GET`/`POST /cases/{id}/extend`: extending a stage's response deadline, in two steps that
//! need no JavaScript, so that the new due date is worked out and shown to the handler before
//! they confirm that the resident has been told of it (Code 6.4, 6.15).
//!
//! 1. The working days, the reasons, the update interval (Code 5.9) and any good reason for
//!    going beyond the Code's limit. "Continue" asks the application for the new due date the
//!    domain gives ([`redress_app::App::preview_extension`]), changing nothing.
//! 2. The new due date with how it was counted (the due date in force, the working days, the
//!    non-working days skipped), the step 1 answers carried in hidden fields, and the two
//!    confirmation that the resident was told of the new date and the reasons. The Housing
//!    Ombudsman's details from the organisation's settings are shown, and the extension records
//!    them as given (Code 6.5, 6.16). "Record the extension" sends the extension with
//!    the date shown; the domain refuses it if the date has changed since (a closure day added
//!    meanwhile, say), and the step is shown again with the date as it now is. "Change the
//!    extension" goes back to step 1 with the answers kept.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use redress_app::{AppError, ComplaintView, Permission, Stated};
use redress_domain::complaint::{Command, Extend, ExtendedDue, StageNumber};
use redress_domain::ids::ComplaintId;
use redress_domain::ombudsman::OmbudsmanContact;

use super::when::Bounds;
use super::{Builder, Built, CaseForm, Intent, Values, Widget, refused, show_form};
use crate::AppState;
use crate::pages::cases::long_date;
use crate::pages::cases::timing::{skipped_sentence, working_days};
use crate::pages::{IdPath, PageError, Staff};

/// The `go` value of step 2's main button.
const CONFIRM: &str = "confirm";
/// The `go` value of step 2's button back to step 1.
const CHANGE: &str = "change";

/// What step 1 asks, read: the working days, if they could be, and when the resident is (or
/// was) told of the extension (now, unless given: Code 5.12).
fn step_one(b: &mut Builder<'_>, bounds: &Bounds) -> (Option<u16>, Option<Timestamp>) {
    let days = b.number("working_days", "Working days to extend by", "", true);
    b.add("reason", "Reason for the extension", "As you will explain it to the resident", Widget::Textarea);
    b.number(
        "update_interval",
        "Update interval agreed with the resident, in working days",
        "If not agreed already (Code 5.9)",
        false,
    );
    b.add(
        "good_reason",
        "Good reason for going beyond the Code's limit",
        "Only if the extension does",
        Widget::Textarea,
    );
    let told = b.when("the resident was told", bounds);
    (days, told)
}

fn caption(view: &ComplaintView) -> String {
    format!("Complaint {}, stage {}", view.reference, view.stage)
}

/// Step 1, with the values given.
fn first_form(view: &ComplaintView, values: &Values, now: Timestamp) -> (Built, Option<u16>, Option<Timestamp>) {
    let mut b = Builder::new(values);
    let bounds = Bounds { now, received: Some(view.complaint.logged.received_at) };
    let (days, told) = step_one(&mut b, &bounds);
    (Built::from(b, "Extend the response deadline", caption(view), "Continue", None), days, told)
}

/// What the handler is told about the new date, in a sentence or two.
fn how_counted(extended: &ExtendedDue) -> String {
    let days = working_days(extended.working_days);
    let counted = if extended.counted {
        format!(
            "The stage {} response is due on {}. {days} later is {}.",
            u8::from(extended.stage),
            long_date(extended.due_before),
            long_date(extended.new_due)
        )
    } else {
        format!(
            "The stage {} response was due on {}, which has passed: an extension now does not move that deadline, \
             which counts as missed. The resident is given a new date {days} from today: {}.",
            u8::from(extended.stage),
            long_date(extended.due_before),
            long_date(extended.new_due)
        )
    };
    format!("{counted}{}", skipped_sentence(&extended.skipped))
}

/// Step 2: the new due date and the confirmations, with the step 1 answers in hidden fields;
/// its intent is the extension with the date the handler was shown before (`told`).
fn second_form(
    view: &ComplaintView,
    values: &Values,
    extended: &ExtendedDue,
    ombudsman: &OmbudsmanContact,
    told: Option<Timestamp>,
) -> Built {
    let stage = extended.stage;
    let mut b = Builder::new(values);
    let new_due = long_date(extended.new_due);
    b.add("new_due_heading", &format!("New due date: {new_due}"), &how_counted(extended), Widget::Heading);
    let reason = values.text("reason");
    b.add("reason_heading", "Reason", &reason, Widget::Heading);
    for hidden in ["working_days", "reason", "update_interval", "good_reason", "on-day", "on-month", "on-year", "time"]
    {
        b.add(hidden, "", "", Widget::Hidden);
    }
    b.add("new_due", "", "", Widget::Hidden).value = extended.new_due.to_string();
    b.add(
        "resident_informed",
        &format!("The resident has been told the new due date, {new_due}, and the reasons for the extension"),
        "",
        Widget::Checkbox,
    );
    let code = if stage == StageNumber::One { "6.5" } else { "6.16" };
    b.ombudsman_details(
        &format!("The resident told of the extension is given the Housing Ombudsman's contact details, from the organisation's settings (Code {code}):"),
        ombudsman,
    );
    b.add(
        "late_reason",
        "Why this is recorded only now, if it is after its due date",
        "Only if the resident was told on or before the due date and that date has passed (Code 5.12). It is kept on \
         the case, which is marked \u{201c}recorded after its due date\u{201d}",
        Widget::Textarea,
    );
    b.add(CHANGE, "Change the extension", "", Widget::Button);
    // The date confirmed is the one the handler was shown, as posted back.
    let new_due = values.text("new_due").parse::<Date>().ok();
    if new_due.is_none() && values.text("go") == CONFIRM {
        // Only a date the handler was shown may be confirmed (Code 6.4, 6.15).
        b.fail("new_due", "working_days", "Continue from the first step to see the new due date before confirming it");
    }
    let intent = new_due.map(|new_due| {
        Intent::Act(Command::Extend(Extend {
            stage,
            working_days: extended.working_days,
            reason,
            resident_informed: values.ticked("resident_informed"),
            good_reason: values.optional("good_reason"),
            update_interval: values.text("update_interval").parse().ok(),
            new_due: Some(new_due),
        }))
    });
    let stated = Stated { at: told, late_reason: values.optional("late_reason") };
    let mut built = Built::from(b, "Tell the resident the new due date", caption(view), "Record the extension", intent)
        .stated(stated);
    built.go = CONFIRM.to_owned();
    built
}

/// `GET /cases/{id}/extend`: step 1.
pub(crate) async fn page(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ComplaintId>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ChangeCases)?;
    let view = state.app().complaint(&staff.actor, &id).await?;
    let (built, _, _) = first_form(&view, &Values::default(), state.app().now());
    Ok(show_form(&staff, built.blank(), CaseForm::Extend.href(&id, None), format!("/cases/{id}"), StatusCode::OK))
}

/// `POST /cases/{id}/extend`: from step 1, shows step 2 (or step 1 again with its errors);
/// from step 2, records the extension, or goes back to step 1.
pub(crate) async fn submit(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ComplaintId>,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ChangeCases)?;
    let app = state.app();
    let view = app.complaint(&staff.actor, &id).await?;
    let stage = view.complaint.current_stage().number;
    let values = Values(values);
    let (path, back) = (CaseForm::Extend.href(&id, None), format!("/cases/{id}"));
    let (first, days, told) = first_form(&view, &values, app.now());
    let go = values.text("go");
    if go == CHANGE {
        return Ok(show_form(&staff, first.blank(), path, back, StatusCode::OK));
    }
    let Some(days) = days.filter(|_| first.errors.is_empty()) else {
        return Ok(show_form(&staff, first, path, back, StatusCode::BAD_REQUEST));
    };
    let extended = match app.preview_extension(&staff.actor, &id, stage, days, told).await {
        Ok(Some(extended)) => extended,
        Ok(None) => {
            let error = AppError::Invalid(format!("Stage {} has no response deadline to extend yet", u8::from(stage)));
            return Ok(refused(&staff, first, error, path, back));
        }
        Err(error) => return Ok(refused(&staff, first, error, path, back)),
    };
    let ombudsman = app.letter_details(&staff.actor).await?.ombudsman;
    if go != CONFIRM {
        // From step 1: show the new date, which step 2 carries back as the date told.
        let second = second_form(&view, &values, &extended, &ombudsman, told);
        return Ok(show_form(&staff, second.blank(), path, back, StatusCode::OK));
    }
    let mut second = second_form(&view, &values, &extended, &ombudsman, told);
    let Some(Intent::Act(command)) = second.intent.take() else {
        return Ok(show_form(&staff, second, path, back, StatusCode::BAD_REQUEST));
    };
    match app.act(&staff.actor, &id, command, second.stated.clone()).await {
        Ok(_) => Ok(Redirect::to(&back).into_response()),
        Err(error) => Ok(refused(&staff, second, error, path, back)),
    }
}
