//! The import's CSV format (issue 12): one complaint per row, under a header naming exactly
//! [`COLUMNS`] in that order, optionally followed by [`ORGANISATION`] naming each row's landlord
//! (as the generator writes it, for many landlords in one file). Timestamps are RFC 3339 with
//! any offset; an empty cell means "did not happen". Each row is read into the domain's
//! [`HistoryRow`], or refused with its line number and the reason.

use std::io::Read;
use std::str::FromStr;

use jiff::Timestamp;
use redress_domain::complaint::{Channel, Decision};
use redress_domain::history::{HistoryEscalation, HistoryExtension, HistoryRow, HistoryStage, RefusedGround};

/// The optional last column: the landlord each row is of.
pub const ORGANISATION: &str = "organisation";

/// Why a file or a row could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The header is not the format's.
    #[error("line 1: the header must be {expected}, optionally followed by {ORGANISATION}; found {found}")]
    Header {
        /// The columns expected.
        expected: String,
        /// The header found.
        found: String,
    },
    /// The file could not be read as CSV.
    #[error("line {line}: {error}")]
    Csv {
        /// Where.
        line: u64,
        /// What.
        error: csv::Error,
    },
}

/// A row refused: its line in the file and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct BadRow {
    /// The line it starts on (the header is line 1).
    pub line: u64,
    /// Why.
    pub reason: String,
}

/// One row read: its line, the landlord it names (when the file has the column) and the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRow {
    /// The line it starts on.
    pub line: u64,
    /// The landlord's name, from the [`ORGANISATION`] column.
    pub organisation: Option<String>,
    /// The complaint.
    pub row: HistoryRow,
}

/// A history file being read, row by row.
pub struct HistoryReader<R: Read> {
    reader: csv::Reader<R>,
    record: csv::StringRecord,
    /// Whether rows name their landlord.
    pub names_organisations: bool,
}

impl<R: Read> HistoryReader<R> {
    /// Reads the header of `input`, refusing any but the format's.
    pub fn new(input: R) -> Result<HistoryReader<R>, FormatError> {
        let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(input);
        let header = reader.headers().map_err(|error| FormatError::Csv { line: 1, error })?.clone();
        let found: Vec<&str> = header.iter().map(str::trim).collect();
        let expected: Vec<&str> = COLUMNS.to_vec();
        let names_organisations = found.len() == expected.len() + 1 && found.last() == Some(&ORGANISATION);
        if found[..found.len().min(expected.len())] != expected[..]
            || !(found.len() == expected.len() || names_organisations)
        {
            return Err(FormatError::Header { expected: expected.join(","), found: found.join(",") });
        }
        Ok(HistoryReader { reader, record: csv::StringRecord::new(), names_organisations })
    }

    /// How many bytes of the file have been read.
    pub fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The next row, `None` at the end; a row that cannot be read as CSV ends the file
    /// (`Err(FormatError)`), one that can but is not a complaint is `Ok(Some(Err(BadRow)))`.
    #[allow(clippy::type_complexity)]
    pub fn next_row(&mut self) -> Result<Option<Result<ReadRow, BadRow>>, FormatError> {
        let line = self.reader.position().line();
        match self.reader.read_record(&mut self.record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                let line = self.record.position().map_or(line, |p| p.line());
                let read = read(&self.record, self.names_organisations).map(|row| ReadRow { line, ..row });
                Ok(Some(read.map_err(|reason| BadRow { line, reason })))
            }
            Err(error) => Err(FormatError::Csv { line, error }),
        }
    }
}

/// The format's columns, in order.
pub const COLUMNS: [&str; 17] = [
    "reference",
    "received_at",
    "channel",
    "category",
    "refused_ground",
    "stage1_acknowledged_at",
    "stage1_extension_working_days",
    "stage1_extension_notified_at",
    "stage1_responded_at",
    "stage1_outcome",
    "stage2_requested_at",
    "stage2_acknowledged_at",
    "stage2_extension_working_days",
    "stage2_extension_notified_at",
    "stage2_responded_at",
    "stage2_outcome",
    "remedy_amount_pence",
];

/// The cell of column `index`, trimmed; `None` when empty.
fn cell(record: &csv::StringRecord, index: usize) -> Option<&str> {
    record.get(index).map(str::trim).filter(|c| !c.is_empty())
}

/// The row `record` as a complaint's history, or the reason it is not one.
fn read(record: &csv::StringRecord, names_organisations: bool) -> Result<ReadRow, String> {
    let width = COLUMNS.len() + usize::from(names_organisations);
    if record.len() != width {
        return Err(format!("{} cells where the header has {width}", record.len()));
    }
    let get = |index: usize| cell(record, index);
    let reference = get(0).ok_or("the reference is empty")?.to_owned();
    let received_at = instant(get(1), COLUMNS[1])?.ok_or("received_at is empty")?;
    let channel = channel(get(2).ok_or("channel is empty")?)?;
    let row = HistoryRow {
        reference,
        received_at,
        channel,
        category: get(3).map(str::to_owned),
        refused: get(4).map(refused_ground).transpose()?,
        stage1: stage(record, 5)?,
        stage2: match instant(get(10), COLUMNS[10])? {
            Some(requested_at) => Some(HistoryEscalation { requested_at, stage: stage(record, 11)? }),
            None if (11..16).any(|i| get(i).is_some()) => {
                return Err("stage 2 steps are given but stage2_requested_at is empty".into());
            }
            None => None,
        },
        remedy_amount_pence: get(16)
            .map(|p| {
                u64::from_str(p).map_err(|_| format!("remedy_amount_pence \"{p}\" is not a whole number of pence"))
            })
            .transpose()?,
    };
    row.check().map_err(|e| e.to_string())?;
    let organisation =
        if names_organisations { Some(get(COLUMNS.len()).ok_or("organisation is empty")?.to_owned()) } else { None };
    Ok(ReadRow { line: 0, organisation, row })
}

/// The stage whose acknowledgement is in column `first` (then the extension's days and notice,
/// the response and the decision).
fn stage(record: &csv::StringRecord, first: usize) -> Result<HistoryStage, String> {
    let get = |offset: usize| cell(record, first + offset);
    let name = |offset: usize| COLUMNS[first + offset];
    let extension = match (get(1), instant(get(2), name(2))?) {
        (None, None) => None,
        (Some(days), Some(notified_at)) => {
            let working_days = u16::from_str(days)
                .ok()
                .filter(|d| *d > 0)
                .ok_or_else(|| format!("{} \"{days}\" is not a number of working days from 1", name(1)))?;
            Some(HistoryExtension { working_days, notified_at })
        }
        (Some(_), None) => return Err(format!("{} is given without {}", name(1), name(2))),
        (None, Some(_)) => return Err(format!("{} is given without {}", name(2), name(1))),
    };
    let response = match (instant(get(3), name(3))?, get(4)) {
        (None, None) => None,
        (Some(at), Some(outcome)) => Some((at, decision(outcome, name(4))?)),
        (Some(_), None) => return Err(format!("{} is given without {}", name(3), name(4))),
        (None, Some(_)) => return Err(format!("{} is given without {}", name(4), name(3))),
    };
    Ok(HistoryStage { acknowledged_at: instant(get(0), name(0))?, extension, response })
}

/// An RFC 3339 timestamp with any offset.
fn instant(text: Option<&str>, column: &str) -> Result<Option<Timestamp>, String> {
    text.map(|t| Timestamp::from_str(t).map_err(|_| format!("{column} \"{t}\" is not an RFC 3339 time with an offset")))
        .transpose()
}

fn channel(text: &str) -> Result<Channel, String> {
    Ok(match text {
        "phone" => Channel::Phone,
        "email" => Channel::Email,
        "letter" => Channel::Letter,
        "web" => Channel::Web,
        "in_person" => Channel::InPerson,
        "social_media" => Channel::SocialMedia,
        "via_staff" => Channel::ViaStaff,
        "third_party" => Channel::ViaThirdParty,
        "survey_follow_up" => Channel::SurveyFollowUp,
        other => return Err(format!("channel \"{other}\" is not one of {}", CHANNELS.join(", "))),
    })
}

/// The channels as the format names them, in [`Channel::ALL`]'s order.
pub const CHANNELS: [&str; 9] =
    ["phone", "email", "letter", "web", "in_person", "social_media", "via_staff", "third_party", "survey_follow_up"];

fn refused_ground(text: &str) -> Result<RefusedGround, String> {
    Ok(match text {
        "over_12_months" => RefusedGround::OverTwelveMonths,
        "legal_proceedings" => RefusedGround::LegalProceedings,
        "previously_considered" => RefusedGround::PreviouslyConsidered,
        "other" => RefusedGround::Other,
        other => {
            return Err(format!(
                "refused_ground \"{other}\" is not empty or one of over_12_months, legal_proceedings, \
                 previously_considered, other"
            ));
        }
    })
}

fn decision(text: &str, column: &str) -> Result<Decision, String> {
    Ok(match text {
        "upheld" => Decision::Upheld,
        "partly_upheld" => Decision::PartlyUpheld,
        "not_upheld" => Decision::NotUpheld,
        other => return Err(format!("{column} \"{other}\" is not one of upheld, partly_upheld, not_upheld")),
    })
}
