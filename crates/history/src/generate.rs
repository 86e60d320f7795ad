//! A synthetic complaint history at national scale, in the import's CSV format (issue 12's
//! "Performance"): by default 1,400 landlords, the size of the English social housing sector,
//! with every row naming its landlord (the format's optional `organisation` column), each
//! landlord's complaints together and in the order received. Streamed: memory holds one
//! landlord's complaints at most.
//!
//! The model, not a census: landlords' sizes are log-normal with a median of 300 homes and a
//! spread (σ = 2.2) that gives about 30% of them over 1,000 homes and a mean of about 3,000
//! (some 4 million homes in all), kept between 10 and 130,000 homes; complaints are shared
//! between landlords in proportion to their homes and received evenly over the period, mostly
//! in office hours in England but some at any hour (around midnight too). Of them, 4% are not
//! accepted; 92% are acknowledged within a week; 8% of stages are extended; 80% answered
//! within a fortnight; 15% of those answered at stage 1 go to stage 2; about a third of those
//! upheld or partly upheld carry a financial remedy. A step after the period's last day is left
//! out with every step after it, as a complaint still open then. Times are written with their
//! offset in England, or in UTC for about a third of the rows. The same seed and options give
//! the same file, byte for byte.

use std::io::Write;

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::format::{CHANNELS, COLUMNS, ORGANISATION};

/// How many landlords by default: about the number of social landlords in England.
pub const LANDLORDS: u32 = 1_400;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// How many complaints, in all.
    pub complaints: u64,
    /// The seed.
    pub seed: u64,
    /// How many landlords.
    pub landlords: u32,
    /// The first day complaints are received.
    pub from: Date,
    /// The last day of the period: complaints are received up to it, and nothing happens after.
    pub to: Date,
}

/// A landlord of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Landlord {
    /// Its name, as the file's `organisation` column gives it.
    pub name: String,
    /// The homes it owns.
    pub homes: u32,
    /// How many of the complaints are its.
    pub complaints: u64,
}

/// Why the history could not be written.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// Writing failed.
    #[error(transparent)]
    Csv(#[from] csv::Error),
    /// A date or time out of range.
    #[error(transparent)]
    Time(#[from] jiff::Error),
    /// The options cannot give a history.
    #[error("{0}")]
    Options(String),
}

const CATEGORIES: [&str; 8] = [
    "Repairs",
    "Damp and mould",
    "Anti-social behaviour",
    "Staff conduct",
    "Communication",
    "Neighbourhood",
    "Rent and charges",
    "Estate services",
];

const GROUNDS: [&str; 4] = ["over_12_months", "legal_proceedings", "previously_considered", "other"];

/// The landlords of the history and their shares of the complaints.
pub fn landlords(options: &Options) -> Vec<Landlord> {
    let mut rng = StdRng::seed_from_u64(options.seed);
    let homes: Vec<u32> = (0..options.landlords)
        .map(|_| {
            let normal = standard_normal(&mut rng);
            // 300 × e^(2.2 z), rounded, within 10 to 130,000.
            (300.0 * (2.2 * normal).exp()).round().clamp(10.0, 130_000.0) as u32
        })
        .collect();
    let total: u64 = homes.iter().map(|h| u64::from(*h)).sum::<u64>().max(1);
    // Shares by largest remainder, so that they add up to the whole.
    let exact: Vec<(u64, u64)> = homes
        .iter()
        .map(|h| (options.complaints * u64::from(*h) / total, options.complaints * u64::from(*h) % total))
        .collect();
    let mut left = options.complaints - exact.iter().map(|(q, _)| q).sum::<u64>();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|a, b| exact[*b].1.cmp(&exact[*a].1).then(a.cmp(b)));
    let mut shares: Vec<u64> = exact.iter().map(|(q, _)| *q).collect();
    for index in order {
        if left == 0 {
            break;
        }
        shares[index] += 1;
        left -= 1;
    }
    homes
        .into_iter()
        .zip(shares)
        .enumerate()
        .map(|(i, (homes, complaints))| Landlord {
            name: format!("Generated Landlord {:04}", i + 1),
            homes,
            complaints,
        })
        .collect()
}

/// A standard normal draw (Box-Muller).
fn standard_normal(rng: &mut StdRng) -> f64 {
    let u: f64 = rng.random_range(f64::EPSILON..1.0);
    let v: f64 = rng.random_range(0.0..1.0);
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// Writes the history of `landlords` (from [`landlords`]) to `out`; returns how many rows.
pub fn write<W: Write>(options: &Options, landlords: &[Landlord], out: W) -> Result<u64, GenerateError> {
    if options.to < options.from {
        return Err(GenerateError::Options("the period ends before it begins".into()));
    }
    let tz = TimeZone::get("Europe/London")?;
    let start = options.from.to_zoned(tz.clone())?.timestamp();
    let end = options.to.tomorrow()?.to_zoned(tz.clone())?.timestamp();
    let span = end.as_second() - start.as_second();
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS.iter().chain([&ORGANISATION]))?;
    let mut rows = 0;
    for (index, landlord) in landlords.iter().enumerate() {
        let mut rng = StdRng::seed_from_u64(options.seed ^ (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut received: Vec<i64> =
            (0..landlord.complaints).map(|_| start.as_second() + rng.random_range(0..span)).collect();
        received.sort_unstable();
        for (n, second) in received.into_iter().enumerate() {
            let day = Timestamp::from_second(second)?.to_zoned(tz.clone()).date();
            let life = Life { rng: &mut rng, tz: &tz, end };
            let cells = life.complaint(day)?;
            let reference = format!("L{:04}-{:07}", index + 1, n + 1);
            writer.write_record(
                std::iter::once(reference.as_str())
                    .chain(cells.iter().map(String::as_str))
                    .chain([landlord.name.as_str()]),
            )?;
            rows += 1;
        }
    }
    writer.flush().map_err(csv::Error::from)?;
    Ok(rows)
}

/// One complaint's life, drawn.
struct Life<'a> {
    rng: &'a mut StdRng,
    tz: &'a TimeZone,
    /// Nothing happens at or after this.
    end: Timestamp,
}

impl Life<'_> {
    /// The cells of a complaint received on `day`, after the reference.
    fn complaint(mut self, day: Date) -> Result<Vec<String>, GenerateError> {
        let mut cells = vec![String::new(); COLUMNS.len() - 1];
        let utc = self.rng.random_bool(0.3);
        let received = self.time_on(day, true)?;
        cells[0] = self.format(received, utc);
        cells[1] = CHANNELS[self.weighted(&[30, 30, 8, 15, 5, 2, 5, 3, 2])].to_owned();
        cells[2] = CATEGORIES[self.weighted(&[40, 15, 10, 8, 10, 7, 5, 5])].to_owned();
        if self.rng.random_bool(0.04) {
            cells[3] = GROUNDS[self.weighted(&[40, 15, 30, 15])].to_owned();
            return Ok(cells);
        }
        let Some(responded) = self.stage(&mut cells, 4, received, 10, utc)? else { return Ok(cells) };
        let outcome = cells[8].clone();
        let mut last_outcome = outcome;
        if self.rng.random_bool(0.15) {
            let requested = responded + self.days(1, 20);
            if requested < self.end {
                cells[9] = self.format(requested, utc);
                if let Some(_responded) = self.stage(&mut cells, 10, requested, 20, utc)? {
                    last_outcome = cells[14].clone();
                }
            }
        }
        if last_outcome != "not_upheld" && !last_outcome.is_empty() && self.rng.random_bool(0.35) {
            cells[15] = (self.rng.random_range(20..=1_000) * 100).to_string();
        }
        Ok(cells)
    }

    /// Fills one stage's cells from `first` (the acknowledgement's, after the reference)
    /// from its start; returns when its response was sent, if it was by the end.
    fn stage(
        &mut self,
        cells: &mut [String],
        first: usize,
        start: Timestamp,
        respond_days: i64,
        utc: bool,
    ) -> Result<Option<Timestamp>, GenerateError> {
        let acknowledged = if self.rng.random_bool(0.92) { start + self.days(0, 6) } else { start + self.days(7, 20) };
        if acknowledged >= self.end {
            return Ok(None);
        }
        cells[first] = self.format(acknowledged, utc);
        // Calendar days: 10 working days is about 14.
        let due = acknowledged + SignedDuration::from_hours(24 * respond_days * 7 / 5);
        let mut latest = acknowledged;
        if self.rng.random_bool(0.08) {
            let notified = acknowledged + self.days(1, (respond_days * 7 / 5).max(2));
            if notified >= self.end {
                return Ok(None);
            }
            let working_days =
                if self.rng.random_bool(0.8) { self.rng.random_range(5..=10) } else { self.rng.random_range(11..=20) };
            cells[first + 1] = working_days.to_string();
            cells[first + 2] = self.format(notified, utc);
            latest = notified;
        }
        let responded = if self.rng.random_bool(0.8) {
            latest.max(due - self.days(0, respond_days))
        } else {
            due + self.days(1, 30)
        };
        let responded = responded.max(latest);
        if responded >= self.end {
            return Ok(None);
        }
        cells[first + 3] = self.format(responded, utc);
        cells[first + 4] = ["upheld", "partly_upheld", "not_upheld"][self.weighted(&[30, 25, 45])].to_owned();
        Ok(Some(responded))
    }

    /// A time on `day` in England: in office hours, or (`any_hour`, one time in twenty) at any.
    fn time_on(&mut self, day: Date, any_hour: bool) -> Result<Timestamp, GenerateError> {
        let second = if any_hour && self.rng.random_bool(0.05) {
            self.rng.random_range(0..86_400)
        } else {
            self.rng.random_range(8 * 3_600..18 * 3_600)
        };
        let time = Time::midnight().checked_add(SignedDuration::from_secs(second))?;
        Ok(day.to_datetime(time).to_zoned(self.tz.clone())?.timestamp())
    }

    /// From `low` to `high` days, with a random time of day added.
    fn days(&mut self, low: i64, high: i64) -> SignedDuration {
        SignedDuration::from_secs(self.rng.random_range(low * 86_400..=high.max(low) * 86_400))
    }

    /// An index drawn by `weights`.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let mut draw = self.rng.random_range(0..weights.iter().sum::<u32>());
        for (index, weight) in weights.iter().enumerate() {
            if draw < *weight {
                return index;
            }
            draw -= weight;
        }
        weights.len() - 1
    }

    /// `at` in RFC 3339, in UTC or with its offset in England.
    fn format(&self, at: Timestamp, utc: bool) -> String {
        if utc { at.to_string() } else { at.to_zoned(self.tz.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string() }
    }
}
