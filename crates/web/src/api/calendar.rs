//! `/closure-days`: the organisation's closure days, which deadlines skip only when recorded
//! before the day itself. The API says of each whether it moves deadlines, so that a due date
//! can be checked by hand.

use axum::Json;
use axum::extract::State;
use jiff::civil::Date;
use redress_domain::calendar::ClosureDay;
use serde::Serialize;
use utoipa::ToSchema;

use super::extract::Caller;
use crate::AppState;
use crate::problem::Problem;

/// What is said of a closure day recorded on or after the day itself.
const TOO_LATE: &str = "Recorded on or after the day itself: kept for the record, it changes no deadline";

/// A closure day of the organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClosureDayBody {
    /// The day.
    pub date: Date,
    /// What the closure is.
    pub name: String,
    /// The date in England it was recorded.
    pub recorded_on: Option<Date>,
    /// Whether deadlines skip it: only when recorded before the day itself.
    pub moves_deadlines: bool,
    /// Why it changes no deadline, when it does not.
    pub note: Option<&'static str>,
}

impl From<ClosureDay> for ClosureDayBody {
    fn from(day: ClosureDay) -> Self {
        let moves_deadlines = day.moves_deadlines();
        ClosureDayBody {
            date: day.date,
            name: day.name,
            recorded_on: day.recorded_on,
            moves_deadlines,
            note: (!moves_deadlines).then_some(TOO_LATE),
        }
    }
}

/// Lists the closure days kept in the organisation's settings, in date order, each saying
/// whether deadlines skip it.
#[utoipa::path(get, path = "/closure-days", tag = "Complaints",
    responses((status = 200, description = "The closure days", body = Vec<ClosureDayBody>)),
    security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, Caller(actor): Caller) -> Result<Json<Vec<ClosureDayBody>>, Problem> {
    let days = state.app().closures_of(&actor).await?;
    Ok(Json(days.into_iter().map(ClosureDayBody::from).collect()))
}
