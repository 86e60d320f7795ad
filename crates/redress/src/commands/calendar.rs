//! `redress calendar`: the working-day clock on the command line, one question at a time or
//! a whole batch from standard input (one case per line, one answer per line).

use std::io::{self, BufRead, BufWriter, Write};

use anyhow::Context;
use jiff::civil::Date;
use redress_domain::calendar::{CalendarError, FIRST_YEAR, LAST_YEAR, WorkingCalendar, bank_holidays};

use crate::cli::CalendarCommand;
use crate::input::{InputError, parse_count, parse_date};

/// Runs one `calendar` subcommand against `calendar`.
pub fn run(command: CalendarCommand, calendar: &WorkingCalendar) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match command {
        CalendarCommand::Holidays { from, to } => holidays(from, to.unwrap_or(from), &mut out)?,
        CalendarCommand::Add { date: Some(date), n } => {
            let n = n.ok_or_else(|| InputError("add needs a date and a number of working days".into()))?;
            writeln!(out, "{}", add(calendar, &[&date, &n])?)?;
        }
        CalendarCommand::Between { a: Some(a), b } => {
            let b = b.ok_or_else(|| InputError("between needs two dates".into()))?;
            writeln!(out, "{}", between(calendar, &[&a, &b])?)?;
        }
        CalendarCommand::NextWorkingDay { date: Some(date) } => {
            writeln!(out, "{}", next_working_day(calendar, &[&date])?)?
        }
        CalendarCommand::Add { date: None, .. } => batch(calendar, add, &mut out)?,
        CalendarCommand::Between { a: None, .. } => batch(calendar, between, &mut out)?,
        CalendarCommand::NextWorkingDay { date: None } => batch(calendar, next_working_day, &mut out)?,
    }
    out.flush().context("writing the answers")?;
    Ok(())
}

fn holidays(from: i32, to: i32, out: &mut impl Write) -> anyhow::Result<()> {
    for year in [from, to] {
        if !(i32::from(FIRST_YEAR)..=i32::from(LAST_YEAR)).contains(&year) {
            return Err(InputError(CalendarError::YearOutOfRange { year }.to_string()).into());
        }
    }
    if from > to {
        return Err(InputError(format!("--from {from} is after --to {to}")).into());
    }
    for year in from..=to {
        // Both ends were checked against the supported range above, so these fit an i16.
        for holiday in bank_holidays(year as i16).map_err(input)? {
            writeln!(out, "{}\t{}", holiday.date, holiday.name)?;
        }
    }
    Ok(())
}

/// One question: its arguments in, its answer out.
type Question = fn(&WorkingCalendar, &[&str]) -> Result<String, InputError>;

fn add(calendar: &WorkingCalendar, args: &[&str]) -> Result<String, InputError> {
    let [date, n] = args else { return Err(InputError("expected: DATE N".into())) };
    let due: Date = calendar.add_working_days(parse_date(date)?, parse_count(n)?).map_err(input)?;
    Ok(due.to_string())
}

fn between(calendar: &WorkingCalendar, args: &[&str]) -> Result<String, InputError> {
    let [a, b] = args else { return Err(InputError("expected: A B".into())) };
    Ok(calendar.working_days_between(parse_date(a)?, parse_date(b)?).map_err(input)?.to_string())
}

fn next_working_day(calendar: &WorkingCalendar, args: &[&str]) -> Result<String, InputError> {
    let [date] = args else { return Err(InputError("expected: DATE".into())) };
    Ok(calendar.effective_received_date(parse_date(date)?).map_err(input)?.to_string())
}

/// Answers one question per line of standard input. Blank lines are passed over; the first
/// bad line stops the batch with its line number.
fn batch(calendar: &WorkingCalendar, question: Question, out: &mut impl Write) -> anyhow::Result<()> {
    for (index, line) in io::stdin().lock().lines().enumerate() {
        let line = line.context("reading standard input")?;
        let args: Vec<&str> = line.split_whitespace().collect();
        if args.is_empty() {
            continue;
        }
        let answer = question(calendar, &args).map_err(|e| InputError(format!("line {}: {e}", index + 1)))?;
        writeln!(out, "{answer}")?;
    }
    Ok(())
}

fn input(error: CalendarError) -> InputError {
    InputError(error.to_string())
}
