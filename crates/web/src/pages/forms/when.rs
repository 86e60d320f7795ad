//! When something recorded on a form happened, which may be before it is recorded (Code
//! 5.12): a GOV.UK date input and a time on the 24-hour clock, left blank for now; and, on the
//! forms of steps that meet or move a deadline, why the step is recorded only after that
//! deadline had passed. One widget for every form that asks (logging, each step, correspondence).

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use redress_app::Stated;
use redress_domain::calendar::london;

use super::{Builder, Widget};
use crate::pages::cases::in_england;

/// What a stated time must keep to: not after now, and (on a complaint) not before the
/// complaint was received.
pub(crate) struct Bounds {
    /// Now, by the server's clock.
    pub(crate) now: Timestamp,
    /// When the complaint was received, for anything that happens to it.
    pub(crate) received: Option<Timestamp>,
}

impl Builder<'_> {
    /// The fields `on` (a date) and `time` for when something happened, labelled "Date
    /// {what}" and "Time {what}"; the instant, or `None` for now (left blank, or today with no
    /// time). A past date with no time is taken as midday. A date or time that cannot be read,
    /// is in the future or is before the complaint was received is a field error.
    pub(crate) fn when(&mut self, what: &str, bounds: &Bounds) -> Option<Timestamp> {
        let on = self.date("on", &format!("Date {what}"), "Leave blank for now. For example, 27 3 2025", false);
        self.add(
            "time",
            &format!("Time {what}"),
            "On the 24-hour clock, like 14:30. Leave blank for midday",
            Widget::Text,
        );
        let time = match self.values.text("time") {
            t if t.is_empty() => None,
            t => match Time::strptime("%H:%M", &t) {
                Ok(time) => Some(time),
                Err(_) => {
                    self.fail("time", "time", &format!("Time {what} must be a time, like 14:30"));
                    return None;
                }
            },
        };
        let today = london::local_date(bounds.now).ok();
        let at = match (on, time) {
            (None, _) => return None,
            (Some(on), None) if Some(on) == today => return None,
            (Some(on), time) => self.instant(on, time, what)?,
        };
        if at > bounds.now {
            self.fail("on", "on-day", &format!("Date and time {what} must not be in the future"));
            return None;
        }
        if let Some(received) = bounds.received.filter(|received| at < *received) {
            let received = in_england(received).strftime("%-d %B %Y at %H:%M");
            self.fail(
                "on",
                "on-day",
                &format!("Date and time {what} must not be before the complaint was received, {received}"),
            );
            return None;
        }
        Some(at)
    }

    /// `on` at `time` (midday if none) in England.
    fn instant(&mut self, on: Date, time: Option<Time>, what: &str) -> Option<Timestamp> {
        // Read on England's clocks or not at all: UTC would misread a summer time by an hour.
        let Ok(zone) = london::zone() else {
            self.fail("on", "on-day", &format!("Date {what} cannot be read just now: try again later"));
            return None;
        };
        match on.to_datetime(time.unwrap_or(Time::constant(12, 0, 0, 0))).to_zoned(zone) {
            Ok(zoned) => Some(zoned.timestamp()),
            Err(_) => {
                self.fail("on", "on-day", &format!("Date {what} must be a real date"));
                None
            }
        }
    }

    /// [`Builder::when`], and for a step that meets or moves a deadline the reason it is
    /// recorded late, asked always but required only when the step is recorded after the
    /// deadline had passed though stated on or before it (the domain decides, citing Code
    /// 5.12, and the form shows its refusal).
    pub(crate) fn stated(&mut self, what: &str, bounds: &Bounds, meets_a_deadline: bool) -> Stated {
        let at = self.when(what, bounds);
        let late_reason = if meets_a_deadline {
            self.add(
                "late_reason",
                "Why this is recorded only now, if it is after its due date",
                "Only if the date above is on or before the due date and that date has passed (Code 5.12). It is \
                 kept on the case, which is marked \u{201c}recorded after its due date\u{201d}",
                Widget::Textarea,
            );
            self.values.optional("late_reason")
        } else {
            None
        };
        Stated { at, late_reason }
    }
}
