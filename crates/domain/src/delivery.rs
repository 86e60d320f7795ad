//! Sending letters and other messages to residents (issue 11): where an email in the outbox
//! stands, what became of each attempt to send it, and when a failed attempt is tried again.
//!
//! An email is never lost: it waits in the outbox until a mail server accepts it, is tried
//! again after each temporary failure on a widening schedule ([`RetryPolicy`]), and ends as
//! failed (shown on the case, never deleted) only when the server refuses it outright or the
//! schedule runs out. The outbox itself, the attempts and the print queue are kept by
//! storage; the states and outcomes are named here, once, for every layer, and the schedule
//! is decided here from instants passed in (no clock).

use std::fmt;
use std::str::FromStr;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// Where an email in the outbox stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailState {
    /// Not yet accepted by a mail server: due now, or after a temporary failure at its next
    /// attempt.
    Waiting,
    /// Accepted by the mail server.
    Sent,
    /// Refused by the mail server, or still not accepted when the schedule ran out.
    Failed,
}

impl EmailState {
    /// Every state, in the order pages list them.
    pub const ALL: [EmailState; 3] = [EmailState::Waiting, EmailState::Sent, EmailState::Failed];

    /// The state as stored: `waiting`, `sent` or `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            EmailState::Waiting => "waiting",
            EmailState::Sent => "sent",
            EmailState::Failed => "failed",
        }
    }

    /// The state as people read it.
    pub fn label(self) -> &'static str {
        match self {
            EmailState::Waiting => "Waiting to be sent",
            EmailState::Sent => "Sent",
            EmailState::Failed => "Not sent",
        }
    }
}

/// What became of one attempt to send an email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptOutcome {
    /// The mail server accepted the email (its reply is kept).
    Accepted,
    /// A temporary failure: the server answered 4xx, or could not be reached. Tried again.
    Deferred,
    /// A permanent failure: the server answered 5xx, or the email could not be built (an
    /// attachment whose bytes no longer match their checksum). Not tried again.
    Rejected,
}

impl AttemptOutcome {
    /// Every outcome.
    pub const ALL: [AttemptOutcome; 3] = [AttemptOutcome::Accepted, AttemptOutcome::Deferred, AttemptOutcome::Rejected];

    /// The outcome as stored: `accepted`, `deferred` or `rejected`.
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptOutcome::Accepted => "accepted",
            AttemptOutcome::Deferred => "deferred",
            AttemptOutcome::Rejected => "rejected",
        }
    }

    /// The outcome as people read it.
    pub fn label(self) -> &'static str {
        match self {
            AttemptOutcome::Accepted => "Accepted by the mail server",
            AttemptOutcome::Deferred => "Failed for now, to be tried again",
            AttemptOutcome::Rejected => "Refused",
        }
    }
}

/// A text that names no [`EmailState`] or [`AttemptOutcome`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{text}'")]
pub struct UnknownDeliveryValue {
    /// What was being read: "email state" or "attempt outcome".
    pub what: &'static str,
    /// The text.
    pub text: String,
}

impl FromStr for EmailState {
    type Err = UnknownDeliveryValue;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| UnknownDeliveryValue { what: "email state", text: text.to_owned() })
    }
}

impl FromStr for AttemptOutcome {
    type Err = UnknownDeliveryValue;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|o| o.as_str() == text)
            .ok_or_else(|| UnknownDeliveryValue { what: "attempt outcome", text: text.to_owned() })
    }
}

impl fmt::Display for EmailState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for AttemptOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happens to an email after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterAttempt {
    /// It was accepted: [`EmailState::Sent`].
    Sent,
    /// It waits for another attempt, not before this instant.
    RetryAt(Timestamp),
    /// It will not be tried again: [`EmailState::Failed`].
    Failed,
}

impl AfterAttempt {
    /// The state the email is left in.
    pub fn state(self) -> EmailState {
        match self {
            AfterAttempt::Sent => EmailState::Sent,
            AfterAttempt::RetryAt(_) => EmailState::Waiting,
            AfterAttempt::Failed => EmailState::Failed,
        }
    }
}

/// When an email that failed for now is tried again, and when trying stops.
///
/// The waits after the first, second, third and fourth failures are 1 minute, 5 minutes, 30
/// minutes and 2 hours; after that, every 6 hours. An email still not accepted
/// [`RetryPolicy::give_up_after`] after it was queued is failed rather than tried again, so
/// that nobody believes a letter sent that days later has not arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How long after it was queued an email stops being tried.
    pub give_up_after: SignedDuration,
}

/// The waits after the first failures, in order; [`LAST_WAIT`] after those.
const FIRST_WAITS: [SignedDuration; 4] = [
    SignedDuration::from_mins(1),
    SignedDuration::from_mins(5),
    SignedDuration::from_mins(30),
    SignedDuration::from_hours(2),
];

/// The wait after every later failure.
const LAST_WAIT: SignedDuration = SignedDuration::from_hours(6);

impl Default for RetryPolicy {
    /// Stops trying 3 days after the email was queued.
    fn default() -> RetryPolicy {
        RetryPolicy { give_up_after: SignedDuration::from_hours(72) }
    }
}

impl RetryPolicy {
    /// How long to wait after the `failures`th failed attempt (1 for the first).
    pub fn wait_after(&self, failures: u32) -> SignedDuration {
        let index = usize::try_from(failures.saturating_sub(1)).unwrap_or(usize::MAX);
        FIRST_WAITS.get(index).copied().unwrap_or(LAST_WAIT)
    }

    /// What happens to an email queued at `queued_at` after an attempt at `now` with
    /// `outcome`, which was its `attempt`th (1 for the first).
    pub fn after(&self, outcome: AttemptOutcome, attempt: u32, queued_at: Timestamp, now: Timestamp) -> AfterAttempt {
        match outcome {
            AttemptOutcome::Accepted => AfterAttempt::Sent,
            AttemptOutcome::Rejected => AfterAttempt::Failed,
            AttemptOutcome::Deferred => {
                let deadline = queued_at.checked_add(self.give_up_after).unwrap_or(Timestamp::MAX);
                match now.checked_add(self.wait_after(attempt)) {
                    Ok(next) if next <= deadline => AfterAttempt::RetryAt(next),
                    _ => AfterAttempt::Failed,
                }
            }
        }
    }
}

/// Why a day given as the day letters were posted cannot be: the day is stated by the member
/// of staff (letters are often posted one day and ticked off the next), but never a day ahead,
/// and never before the letter was queued to print (Code 5.12: the record says what happened).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PostedOnError {
    /// The day is after today.
    #[error("The date posted must be today or in the past")]
    InFuture,
    /// The day is before the letter was queued, on `queued_on`.
    #[error("The date posted must be on or after {}, the day the letter was queued to print", queued_on.strftime("%-d %B %Y"))]
    BeforeQueued {
        /// The day the letter was queued.
        queued_on: jiff::civil::Date,
    },
}

/// Checks the day `on` a letter queued on `queued_on` was posted, `today` in England.
///
/// # Errors
///
/// [`PostedOnError`] when the day is after today or before the letter was queued.
pub fn check_posted_on(
    on: jiff::civil::Date,
    queued_on: jiff::civil::Date,
    today: jiff::civil::Date,
) -> Result<(), PostedOnError> {
    if on > today {
        Err(PostedOnError::InFuture)
    } else if on < queued_on {
        Err(PostedOnError::BeforeQueued { queued_on })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn every_state_and_outcome_reads_back_from_its_text() {
        for state in EmailState::ALL {
            assert_eq!(state.as_str().parse(), Ok(state));
        }
        for outcome in AttemptOutcome::ALL {
            assert_eq!(outcome.as_str().parse(), Ok(outcome));
        }
        assert!("sending".parse::<EmailState>().is_err());
        assert!("ok".parse::<AttemptOutcome>().is_err());
    }

    #[test]
    fn retries_wait_one_five_thirty_minutes_two_hours_then_six_hours() {
        let policy = RetryPolicy::default();
        let waits: Vec<i64> = (1..=7).map(|n| policy.wait_after(n).as_mins()).collect();
        assert_eq!(waits, [1, 5, 30, 120, 360, 360, 360]);
    }

    #[test]
    fn a_temporary_failure_is_tried_again_after_the_wait() {
        let policy = RetryPolicy::default();
        let queued = at("2026-01-05T09:00:00Z");
        let now = at("2026-01-05T09:00:10Z");
        assert_eq!(
            policy.after(AttemptOutcome::Deferred, 1, queued, now),
            AfterAttempt::RetryAt(at("2026-01-05T09:01:10Z"))
        );
        assert_eq!(
            policy.after(AttemptOutcome::Deferred, 3, queued, now),
            AfterAttempt::RetryAt(at("2026-01-05T09:30:10Z"))
        );
    }

    #[test]
    fn acceptance_sends_and_a_refusal_fails_at_once() {
        let policy = RetryPolicy::default();
        let queued = at("2026-01-05T09:00:00Z");
        assert_eq!(policy.after(AttemptOutcome::Accepted, 9, queued, queued), AfterAttempt::Sent);
        assert_eq!(policy.after(AttemptOutcome::Rejected, 1, queued, queued), AfterAttempt::Failed);
        assert_eq!(AfterAttempt::Failed.state(), EmailState::Failed);
        assert_eq!(AfterAttempt::RetryAt(queued).state(), EmailState::Waiting);
    }

    #[test]
    fn trying_stops_once_the_next_attempt_would_fall_after_the_limit() {
        let policy = RetryPolicy::default();
        let queued = at("2026-01-05T09:00:00Z");
        // The next attempt would be at 09:00 on the 8th, exactly 3 days on: still tried.
        assert_eq!(
            policy.after(AttemptOutcome::Deferred, 20, queued, at("2026-01-08T03:00:00Z")),
            AfterAttempt::RetryAt(at("2026-01-08T09:00:00Z"))
        );
        assert_eq!(
            policy.after(AttemptOutcome::Deferred, 20, queued, at("2026-01-08T03:00:01Z")),
            AfterAttempt::Failed
        );
    }

    #[test]
    fn a_letter_is_posted_on_a_day_from_its_queueing_to_today() {
        let d = |text: &str| -> jiff::civil::Date { text.parse().unwrap_or_default() };
        let (queued, today) = (d("2026-12-03"), d("2026-12-07"));
        assert_eq!(check_posted_on(d("2026-12-03"), queued, today), Ok(()));
        assert_eq!(check_posted_on(d("2026-12-07"), queued, today), Ok(()));
        assert_eq!(check_posted_on(d("2026-12-08"), queued, today), Err(PostedOnError::InFuture));
        assert_eq!(
            check_posted_on(d("2026-12-02"), queued, today),
            Err(PostedOnError::BeforeQueued { queued_on: queued })
        );
    }
}
