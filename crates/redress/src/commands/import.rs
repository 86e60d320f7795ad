//! `redress import complaints`: past complaints from another system's CSV export (issue 12).
//!
//! Two passes over the file unless `--skip-invalid`: the first checks every row exactly as the
//! second will import it (the same parsing and the same decisions, writing nothing), reporting
//! each bad row with its line number and reason, so that nothing of a file with errors is
//! imported; the second imports, [`IMPORTED_AT_ONCE`] complaints a transaction. With
//! `--skip-invalid` one pass imports the good rows and reports the bad. Rows whose reference
//! was imported before are skipped and counted. Progress goes to standard error as a bar (when
//! it is a terminal); bad rows too; the summary, with the rows a second, to standard output.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use redress_app::{App, AppError, HistoryImport, IMPORTED_AT_ONCE, ImportedComplaint, SystemClock};
use redress_history::format::{BadRow, HistoryReader, ReadRow};
use redress_storage::Database;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::input::InputError;

/// What a pass over the file did.
#[derive(Debug, Default)]
struct Counts {
    rows: u64,
    imported: u64,
    already: u64,
    bad: u64,
}

/// `redress import complaints`: fails (status 1) when a row is bad and `skip_invalid` is not
/// given, having imported nothing.
pub async fn complaints(config: &Config, org: Option<&str>, file: &Path, skip_invalid: bool) -> anyhow::Result<()> {
    let names_organisations = open(file)?.names_organisations;
    if names_organisations == org.is_some() {
        let why = if names_organisations {
            "the file names each row's organisation: leave out --org"
        } else {
            "name the landlord with --org (the file has no organisation column)"
        };
        return Err(InputError(why.into()).into());
    }
    // The import is the database's only writer while it runs, as the demo is.
    let db = super::open_migrated_alone(config).await?;
    let outcome = async {
        let app = App::new(db.clone(), config.calendar(), Arc::new(SystemClock))?;
        let started = Instant::now();
        if !skip_invalid {
            let checked = pass(&app, &db, org, file, false).await?;
            if checked.bad > 0 {
                anyhow::bail!(
                    "{} of {} rows are not valid (reported above); nothing was imported \
                     (give --skip-invalid to import the others)",
                    checked.bad,
                    checked.rows
                );
            }
            println!("checked {} rows in {}", checked.rows, seconds(started.elapsed()));
        }
        let importing = Instant::now();
        let counts = pass(&app, &db, org, file, true).await?;
        Ok::<_, anyhow::Error>((counts, importing.elapsed(), started.elapsed()))
    }
    .await;
    db.close().await;
    let (counts, importing, whole) = outcome.context("importing complaints")?;
    let rate = counts.rows as f64 / importing.as_secs_f64().max(f64::EPSILON);
    println!(
        "imported {} complaints in {} ({rate:.0} rows a second; {} in all); skipped {} imported before \
         and {} not valid",
        counts.imported,
        seconds(importing),
        seconds(whole),
        counts.already,
        counts.bad
    );
    Ok(())
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

fn open(file: &Path) -> anyhow::Result<HistoryReader<BufReader<File>>> {
    let input = File::open(file).with_context(|| format!("opening {}", file.display()))?;
    Ok(HistoryReader::new(BufReader::with_capacity(1 << 20, input))?)
}

/// One pass over `file`: checks every row, or (`writes`) imports the good ones.
async fn pass(app: &App, db: &Database, org: Option<&str>, file: &Path, writes: bool) -> anyhow::Result<Counts> {
    let mut reader = open(file)?;
    let bar = progress(file, if writes { "importing" } else { "checking" })?;
    let mut state = Pass {
        app,
        db,
        writes,
        bar: &bar,
        landlord: None,
        batch: Vec::new(),
        writing: None,
        counts: Counts::default(),
    };
    while let Some(read) = reader.next_row()? {
        state.counts.rows += 1;
        match read {
            Ok(row) => state.row(org, row).await?,
            Err(bad) => state.bad(&bad),
        }
        if state.counts.rows.is_multiple_of(1_000) {
            bar.set_position(reader.bytes_read());
            bar.set_message(format!("{} rows", state.counts.rows));
        }
    }
    state.flush().await?;
    state.written().await?;
    bar.finish_and_clear();
    Ok(state.counts)
}

/// A progress bar on standard error over the file's bytes (drawn only on a terminal).
fn progress(file: &Path, what: &'static str) -> anyhow::Result<ProgressBar> {
    let bar = ProgressBar::new(std::fs::metadata(file)?.len());
    let style = ProgressStyle::with_template("{prefix} [{bar:40}] {percent}% {msg}, {elapsed} (about {eta} left)")?
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_prefix(what);
    Ok(bar)
}

/// The landlord whose rows are being read: its name, and its import (or why there is none).
type Landlord = (String, Result<HistoryImport, String>);

struct Pass<'a> {
    app: &'a App,
    db: &'a Database,
    writes: bool,
    bar: &'a ProgressBar,
    landlord: Option<Landlord>,
    batch: Vec<ImportedComplaint>,
    /// The batch being written while the next is decided.
    writing: Option<JoinHandle<Result<usize, AppError>>>,
    counts: Counts,
}

impl Pass<'_> {
    async fn row(&mut self, org: Option<&str>, read: ReadRow) -> anyhow::Result<()> {
        let Some(name) = read.organisation.as_deref().or(org) else {
            self.bad(&BadRow { line: read.line, reason: "no organisation".into() });
            return Ok(());
        };
        if self.landlord.as_ref().is_none_or(|(current, _)| current != name) {
            self.flush().await?;
            let import = match self.db.get_organisation_by_name(name).await? {
                None => Err(format!("there is no organisation named \"{name}\"")),
                Some(landlord) if self.writes => self.app.history_import(&landlord).await.map_err(|e| e.to_string()),
                Some(landlord) => self.app.history_check(&landlord).await.map_err(|e| e.to_string()),
            };
            self.landlord = Some((name.to_owned(), import));
        }
        let Some((_, import)) = self.landlord.as_mut() else { return Ok(()) };
        let import = match import {
            Ok(import) => import,
            Err(reason) => {
                let reason = reason.clone();
                self.bad(&BadRow { line: read.line, reason });
                return Ok(());
            }
        };
        match self.app.import_row(import, read.row).await {
            Ok(Some(complaint)) => {
                self.counts.imported += 1;
                if self.writes {
                    self.batch.push(complaint);
                    if self.batch.len() >= IMPORTED_AT_ONCE {
                        self.flush().await?;
                    }
                }
            }
            Ok(None) => self.counts.already += 1,
            Err(refusal) => self.bad(&BadRow { line: read.line, reason: refusal.to_string() }),
        }
        Ok(())
    }

    fn bad(&mut self, bad: &BadRow) {
        self.counts.bad += 1;
        self.bar.suspend(|| eprintln!("{bad}"));
    }

    /// Starts writing the complaints decided and not yet written, in one transaction, once
    /// the batch before them is written: deciding the next batch (the CPU) and writing this
    /// one (the database) overlap, and batches are still written in order.
    async fn flush(&mut self) -> anyhow::Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let Some((_, Ok(import))) = &self.landlord else { anyhow::bail!("complaints decided without a landlord") };
        let landlord = import.landlord().clone();
        self.written().await?;
        let batch = std::mem::take(&mut self.batch);
        self.writing = Some(tokio::spawn(self.app.clone().write_imported(landlord, batch)));
        Ok(())
    }

    /// Waits for the batch being written, if any.
    async fn written(&mut self) -> anyhow::Result<()> {
        if let Some(writing) = self.writing.take() {
            writing.await??;
        }
        Ok(())
    }
}
