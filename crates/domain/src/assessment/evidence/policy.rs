//! The organisation's policy settings in Redress checked against the Code: its further
//! exclusion grounds (Code 2.1-2.3) and the Housing Ombudsman's contact details it gives
//! residents (2.4, 3.7, 5.11, 6.5, 6.16, 6.19). The number of stages, the timescales and the
//! extension limits are the Code's own in Redress, not settings, so they cannot break it.

use std::collections::BTreeMap;

use crate::ombudsman::OmbudsmanContact;

/// What of an organisation's complaints policy Redress keeps in its settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicySettings {
    /// The policy's further exclusion grounds, in its words (Code 2.2).
    pub exclusion_grounds: Vec<String>,
    /// The Housing Ombudsman's contact details given to residents.
    pub ombudsman: OmbudsmanContact,
}

/// The provisions whose letters and records carry the Ombudsman's details.
const OMBUDSMAN_DETAILS: [&str; 6] = ["2.4", "3.7", "5.11", "6.5", "6.16", "6.19"];

/// Each provision the settings break, with why in plain English.
pub(super) fn breaches(policy: &PolicySettings) -> BTreeMap<&'static str, Vec<String>> {
    let mut out: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for ground in &policy.exclusion_grounds {
        if let Some(limit) = time_limit(ground) {
            out.entry("2.3").or_default().push(format!(
                "The exclusion ground \"{ground}\" sets a time limit of {limit} for accepting complaints; the Code \
                 asks landlords to accept complaints made within 12 months of the issue occurring or the resident \
                 becoming aware of it."
            ));
        }
        if before_proceedings(ground) {
            out.entry("2.1").or_default().push(format!(
                "The exclusion ground \"{ground}\" excludes complaints before legal proceedings have started; the \
                 Code allows that exclusion only once the claim has been filed at court."
            ));
        }
    }
    if let Err(error) = policy.ombudsman.checked() {
        for provision in OMBUDSMAN_DETAILS {
            out.entry(provision).or_default().push(format!(
                "The Housing Ombudsman's contact details in Settings are not complete ({}), so they cannot be \
                 given to residents as the Code asks.",
                error.message
            ));
        }
    }
    out
}

/// The time limit a ground sets when it is shorter than 12 months ("6 months", "eight weeks"),
/// as it words it.
fn time_limit(ground: &str) -> Option<String> {
    let lower = ground.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.windows(2).find_map(|pair| {
        let n = number(pair[0])?;
        let days = match pair[1] {
            "day" | "days" => n,
            "week" | "weeks" => n * 7,
            "month" | "months" => n * 30,
            "year" | "years" => n * 365,
            _ => return None,
        };
        (days < 360).then(|| format!("{} {}", pair[0], pair[1]))
    })
}

fn number(word: &str) -> Option<u32> {
    const WORDS: [&str; 12] =
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    word.parse().ok().or_else(|| WORDS.iter().position(|w| *w == word).and_then(|i| u32::try_from(i + 1).ok()))
}

/// Whether a ground excludes complaints because legal action is threatened or being prepared
/// rather than started (the Code: the claim filed at court).
fn before_proceedings(ground: &str) -> bool {
    let lower = ground.to_lowercase();
    ["solicitor", "pre-action", "pre action", "threaten", "intends to take legal", "intention to take legal"]
        .iter()
        .any(|k| lower.contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grounds(grounds: &[&str]) -> PolicySettings {
        PolicySettings { exclusion_grounds: grounds.iter().map(|g| (*g).to_owned()).collect(), ..Default::default() }
    }

    #[test]
    fn code_2_3_a_six_month_time_limit_for_accepting_complaints_breaks_it() {
        let found = breaches(&grounds(&["The issue arose more than 6 months before the complaint"]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found["2.3"][0].contains("a time limit of 6 months"), "{found:?}");
    }

    #[test]
    fn code_2_3_a_limit_in_words_or_weeks_is_read_and_twelve_months_is_kept() {
        assert_eq!(time_limit("Raised more than eight weeks after the event"), Some("eight weeks".to_owned()));
        assert_eq!(time_limit("Over twelve months old"), None);
        assert_eq!(time_limit("More than 1 year after the issue"), None);
        assert_eq!(time_limit("Insurance claims handled by our insurer"), None);
    }

    #[test]
    fn code_2_1_a_ground_excluding_complaints_once_a_solicitor_is_instructed_breaks_it() {
        let found = breaches(&grounds(&["The resident has instructed a solicitor about the matter"]));
        assert_eq!(found.keys().copied().collect::<Vec<_>>(), vec!["2.1"]);
        assert!(breaches(&grounds(&["Claims for personal injury"])).is_empty());
    }

    #[test]
    fn code_2_4_incomplete_ombudsman_details_break_every_provision_that_gives_them() {
        let mut policy = grounds(&[]);
        policy.ombudsman.telephone = String::new();
        let found = breaches(&policy);
        assert_eq!(found.keys().copied().collect::<Vec<_>>(), vec!["2.4", "3.7", "5.11", "6.16", "6.19", "6.5"]);
        assert!(found["2.4"][0].contains("not complete"), "{found:?}");
        policy.ombudsman = OmbudsmanContact::housing_ombudsman_service();
        assert!(breaches(&policy).is_empty());
    }
}
