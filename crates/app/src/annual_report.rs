//! The annual complaints performance and service improvement report (issue 12, Code 8.1 a-f,
//! 8.2) of the caller's organisation for a reporting year: drafted (the written parts and the
//! Ombudsman's documents, by those who may read reports and change cases), approved (the
//! governing body's meeting, minute and response) and published (by those who may change the
//! organisation's settings). Publishing freezes the report: the figures, the improvements and
//! everything else are kept as they were (`redress_reports::annual_report::AnnualReport` as
//! JSON, and its PDF, each with its SHA-256), and the public may then read both without
//! signing in.
//!
//! The figures are the dashboard's for the year (`dashboard.rs`); the improvements are the
//! actions recorded by the `Closed` events of the year (Code 9.1-9.3), with the complaints
//! behind each.

use std::collections::BTreeMap;

use redress_domain::complaint::{Event, Learning};
use redress_domain::ids::{ComplaintId, OrganisationId, ReportDocumentId};
use redress_domain::reporting::{Period, PublicationKind, ReportingYear, check_approval};
use redress_domain::text::{LONG, SHORT};
use redress_reports::annual_report::{AnnualReport, Approval, Improvement, Publication, figure_tables};
use redress_storage::{
    AnnualReportText, NewReportDocument, ReportApproval, ReportDocumentInfo, StorageError, StoredAnnualReport,
};

use crate::{Actor, App, AppError, Permission};

/// The largest document accepted, in bytes: the Ombudsman's reports are a few hundred KB.
pub const MAX_REPORT_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// What a PDF file starts with.
const PDF_MAGIC: &[u8] = b"%PDF-";

/// A report as its staff page shows it.
#[derive(Debug, Clone)]
pub struct AnnualReportView {
    /// The reporting year.
    pub year: ReportingYear,
    /// The report: a draft's with the figures as they are now, a published one's as published.
    pub report: AnnualReport,
    /// What is kept of it; `None` before anything was written.
    pub stored: Option<StoredAnnualReport>,
    /// The documents uploaded to it.
    pub documents: Vec<ReportDocumentInfo>,
    /// The names of those who did its steps, by user id.
    pub names: BTreeMap<String, String>,
}

/// A document to upload.
#[derive(Debug, Clone)]
pub struct ReportDocumentInput {
    /// What it is.
    pub kind: PublicationKind,
    /// Its title.
    pub title: String,
    /// The file's name.
    pub file_name: String,
    /// The media type the browser gave.
    pub media_type: String,
    /// The bytes.
    pub content: Vec<u8>,
}

impl App {
    /// The caller's organisation's reports, the latest year first.
    pub async fn annual_reports(&self, actor: &Actor) -> Result<Vec<StoredAnnualReport>, AppError> {
        actor.require(Permission::ReadReports)?;
        Ok(self.db().annual_reports(&actor.organisation_id).await?)
    }

    /// The caller's organisation's report for `year`, for anyone who may read reports.
    pub async fn annual_report(&self, actor: &Actor, year: ReportingYear) -> Result<AnnualReportView, AppError> {
        actor.require(Permission::ReadReports)?;
        let org = &actor.organisation_id;
        let (stored, documents, names) = tokio::try_join!(
            async { Ok::<_, AppError>(self.db().annual_report(org, year.starts_in()).await?) },
            async { Ok(self.db().annual_report_documents(org, year.starts_in()).await?) },
            self.staff_names(actor),
        )?;
        let report = match stored.as_ref().and_then(|s| s.published.as_ref()) {
            Some(published) => snapshot(&published.snapshot)?,
            None => self.draft(actor, year, stored.as_ref(), &documents).await?,
        };
        let names = names.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
        Ok(AnnualReportView { year, report, stored, documents, names })
    }

    /// Keeps the written parts of the caller's organisation's report for `year`.
    ///
    /// # Errors
    ///
    /// [`AppError::Invalid`] saying what to change when the self-assessment's address is not
    /// an `https:` address or a path on Redress, a text is too long, or the report is published.
    pub async fn save_annual_report(
        &self,
        actor: &Actor,
        year: ReportingYear,
        text: AnnualReportText,
    ) -> Result<(), AppError> {
        actor.require(Permission::ReadReports)?;
        actor.require(Permission::ChangeCases)?;
        let text = AnnualReportText {
            self_assessment_url: text.self_assessment_url.trim().to_owned(),
            qualitative: text.qualitative.trim().to_owned(),
            non_compliance: text.non_compliance.trim().to_owned(),
            improvements: text.improvements.trim().to_owned(),
        };
        let url = &text.self_assessment_url;
        redress_domain::text::check("The self-assessment's address", url, SHORT)?;
        if !(url.is_empty() || url.starts_with("https://") || (url.starts_with('/') && !url.starts_with("//"))) {
            return Err(AppError::Invalid(
                "Enter the self-assessment's address starting https://, or its path on Redress starting /".into(),
            ));
        }
        redress_domain::text::check("The qualitative analysis", &text.qualitative, LONG)?;
        redress_domain::text::check("The findings of non-compliance", &text.non_compliance, LONG)?;
        redress_domain::text::check("The service improvements", &text.improvements, LONG)?;
        let saved = self.db().save_annual_report_text(
            &actor.organisation_id,
            year.starts_in(),
            &text,
            &actor.user_id,
            self.now(),
        );
        saved.await.map_err(published_error)
    }

    /// Records the governing body's approval of the caller's organisation's report for `year`
    /// (Code 8.2), for those who may change the organisation's settings.
    ///
    /// # Errors
    ///
    /// [`AppError::Invalid`] when the minute is missing, a text is too long, the report was
    /// never begun or it is published.
    pub async fn approve_annual_report(
        &self,
        actor: &Actor,
        year: ReportingYear,
        approval: ReportApproval,
    ) -> Result<(), AppError> {
        actor.require(Permission::ManageSettings)?;
        let approval = ReportApproval {
            meeting_on: approval.meeting_on,
            minute: approval.minute.trim().to_owned(),
            response: approval.response.trim().to_owned(),
        };
        check_approval(&approval.minute, &approval.response, approval.meeting_on, self.today()?)?;
        let approved = self.db().approve_annual_report(
            &actor.organisation_id,
            year.starts_in(),
            &approval,
            &actor.user_id,
            self.now(),
        );
        approved.await.map_err(|error| match error {
            StorageError::NotFound { .. } => AppError::Invalid("Write the report before recording its approval".into()),
            other => published_error(other),
        })
    }

    /// Publishes the caller's organisation's approved report for `year`: freezes it as it is
    /// now (its figures computed now) with its PDF, for those who may change the settings.
    ///
    /// # Errors
    ///
    /// [`AppError::Invalid`] when it is not approved or already published.
    pub async fn publish_annual_report(&self, actor: &Actor, year: ReportingYear) -> Result<(), AppError> {
        actor.require(Permission::ManageSettings)?;
        let org = &actor.organisation_id;
        let stored = self.db().annual_report(org, year.starts_in()).await?;
        let Some(stored) = stored.filter(|s| s.approval.is_some()) else {
            return Err(AppError::Invalid("The governing body must approve the report before it is published".into()));
        };
        if stored.published.is_some() {
            return Err(AppError::Invalid("The report is already published".into()));
        }
        let documents = self.db().annual_report_documents(org, year.starts_in()).await?;
        let at = self.now();
        let mut report = self.draft(actor, year, Some(&stored), &documents).await?;
        report.published_at = Some(at);
        let json = serde_json::to_string(&report).map_err(|e| AppError::Corrupt(e.to_string()))?;
        let document = redress_reports::annual_report::document(&report);
        let pdf = tokio::task::spawn_blocking(move || redress_pdf::render(&document))
            .await
            .map_err(|error| AppError::Corrupt(format!("printing the annual report stopped: {error}")))??;
        let published = self.db().publish_annual_report(org, year.starts_in(), &json, &pdf, &actor.user_id, at);
        published.await.map_err(published_error)?;
        tracing::info!(organisation = %org, year = year.starts_in(), by = %actor.user_id, "annual report published");
        Ok(())
    }

    /// Uploads a PDF to the caller's organisation's report for `year`.
    ///
    /// # Errors
    ///
    /// [`AppError::Invalid`] saying what to do when there is no file, it is not a PDF (by its
    /// first bytes and its media type), it is over [`MAX_REPORT_DOCUMENT_BYTES`], the title is
    /// missing or too long, or the report is published.
    pub async fn upload_annual_report_document(
        &self,
        actor: &Actor,
        year: ReportingYear,
        input: ReportDocumentInput,
    ) -> Result<ReportDocumentId, AppError> {
        actor.require(Permission::ReadReports)?;
        actor.require(Permission::ChangeCases)?;
        if input.content.is_empty() {
            return Err(AppError::Invalid("Select a PDF file".into()));
        }
        if !input.content.starts_with(PDF_MAGIC) || !input.media_type.trim().eq_ignore_ascii_case("application/pdf") {
            return Err(AppError::Invalid("The file must be a PDF".into()));
        }
        if input.content.len() > MAX_REPORT_DOCUMENT_BYTES {
            return Err(AppError::Invalid(format!(
                "The file must be smaller than {} MB",
                MAX_REPORT_DOCUMENT_BYTES / 1024 / 1024
            )));
        }
        let title = input.title.trim().to_owned();
        redress_domain::text::check("The document's title", &title, SHORT)?;
        if title.is_empty() {
            return Err(AppError::Invalid("Enter the document's title".into()));
        }
        let file_name: String = input.file_name.trim().chars().filter(|c| !c.is_control()).take(200).collect();
        let id = ReportDocumentId::trusted(self.new_id());
        let document = NewReportDocument {
            id: id.clone(),
            kind: input.kind,
            title,
            file_name: if file_name.is_empty() { "document.pdf".into() } else { file_name },
            content: input.content,
        };
        let added = self.db().add_annual_report_document(
            &actor.organisation_id,
            year.starts_in(),
            &document,
            &actor.user_id,
            self.now(),
        );
        added.await.map_err(published_error)?;
        Ok(id)
    }

    /// Removes document `id` from the caller's organisation's report for `year`.
    pub async fn remove_annual_report_document(
        &self,
        actor: &Actor,
        year: ReportingYear,
        id: &ReportDocumentId,
    ) -> Result<(), AppError> {
        actor.require(Permission::ReadReports)?;
        actor.require(Permission::ChangeCases)?;
        let removed = self.db().remove_annual_report_document(&actor.organisation_id, year.starts_in(), id);
        if removed.await.map_err(published_error)? { Ok(()) } else { Err(AppError::NotFound("document")) }
    }

    /// Document `id` of the caller's organisation's reports, with its bytes.
    pub async fn annual_report_document(
        &self,
        actor: &Actor,
        id: &ReportDocumentId,
    ) -> Result<(ReportDocumentInfo, Vec<u8>), AppError> {
        actor.require(Permission::ReadReports)?;
        self.db().annual_report_document(&actor.organisation_id, id).await?.ok_or(AppError::NotFound("document"))
    }

    /// Organisation `org`'s published report for `year`, for anyone, signed in or not.
    pub async fn published_annual_report(
        &self,
        org: &OrganisationId,
        year: ReportingYear,
    ) -> Result<AnnualReport, AppError> {
        let stored = self.db().annual_report(org, year.starts_in()).await?;
        let published = stored.and_then(|s| s.published).ok_or(AppError::NotFound("annual report"))?;
        snapshot(&published.snapshot)
    }

    /// The PDF of organisation `org`'s published report for `year`, for anyone.
    pub async fn published_annual_report_pdf(
        &self,
        org: &OrganisationId,
        year: ReportingYear,
    ) -> Result<Vec<u8>, AppError> {
        self.db().annual_report_pdf(org, year.starts_in()).await?.ok_or(AppError::NotFound("annual report"))
    }

    /// The report as it would be published now.
    async fn draft(
        &self,
        actor: &Actor,
        year: ReportingYear,
        stored: Option<&StoredAnnualReport>,
        documents: &[ReportDocumentInfo],
    ) -> Result<AnnualReport, AppError> {
        let period = year.period();
        let dashboard = self.dashboard(actor, Some(&actor.organisation_id), period).await?;
        let improvements = self.improvements(&dashboard.chosen, &period).await?;
        let text = stored.map(|s| s.text.clone()).unwrap_or_default();
        Ok(AnnualReport {
            organisation: dashboard.chosen.name.clone(),
            year: year.to_string(),
            from: period.first(),
            to: period.last(),
            self_assessment: Some(text.self_assessment_url).filter(|u| !u.is_empty()),
            figures: figure_tables(&dashboard.metrics),
            qualitative: text.qualitative,
            non_compliance: text.non_compliance,
            improvements,
            improvements_text: text.improvements,
            documents: documents
                .iter()
                .map(|d| Publication {
                    kind: d.kind.as_str().to_owned(),
                    title: d.title.clone(),
                    file_name: d.file_name.clone(),
                    size_bytes: d.size_bytes,
                    sha256: d.sha256.clone(),
                })
                .collect(),
            approval: stored.and_then(|s| s.approval.as_ref()).map(|(a, _)| Approval {
                meeting_on: a.meeting_on,
                minute: a.minute.clone(),
                response: a.response.clone(),
            }),
            published_at: None,
        })
    }

    /// The improvement actions recorded by the closures in `period` of `organisation`'s
    /// complaints, each once, with the references of the complaints behind it, in order of
    /// first closure.
    async fn improvements(
        &self,
        organisation: &redress_storage::Organisation,
        period: &Period,
    ) -> Result<Vec<Improvement>, AppError> {
        let (landlord, handled_by) = crate::tsm::whose(organisation)?;
        let closures = self
            .period_records(&landlord, handled_by.as_ref(), period, &["closed"], &["logged", "closed"], |events| {
                let Some(Event::Logged(logged)) = events.first() else { return None };
                let learned: Vec<(jiff::Timestamp, Learning)> = events
                    .iter()
                    .filter_map(|e| match e {
                        Event::Closed { at, learning } => Some((*at, learning.clone())),
                        _ => None,
                    })
                    .collect();
                Some((logged.id.clone(), learned))
            })
            .await?;
        let mut improvements: Vec<(String, Vec<ComplaintId>)> = Vec::new();
        let mut closures_in: Vec<(jiff::Timestamp, ComplaintId, String)> = Vec::new();
        for (id, learned) in closures {
            for (at, learning) in learned {
                if !period.contains_instant(at)? || !learning.improvement_needed {
                    continue;
                }
                for action in learning.improvement_actions.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
                    closures_in.push((at, id.clone(), action.to_owned()));
                }
            }
        }
        closures_in.sort();
        for (_, id, action) in closures_in {
            match improvements.iter_mut().find(|(a, _)| *a == action) {
                Some((_, ids)) if !ids.contains(&id) => ids.push(id),
                Some(_) => {}
                None => improvements.push((action, vec![id])),
            }
        }
        let mut found = Vec::with_capacity(improvements.len());
        for (action, ids) in improvements {
            let mut complaints = Vec::with_capacity(ids.len());
            for id in &ids {
                let complaint = self.db().get_complaint(&landlord, id).await?;
                complaints.push(complaint.map_or_else(|| id.to_string(), |c| c.reference));
            }
            found.push(Improvement { action, complaints });
        }
        Ok(found)
    }
}

/// A published report read back from its snapshot.
fn snapshot(json: &str) -> Result<AnnualReport, AppError> {
    serde_json::from_str(json).map_err(|e| AppError::Corrupt(format!("a published annual report cannot be read: {e}")))
}

/// A report past the step asked for, in words.
fn published_error(error: StorageError) -> AppError {
    match error {
        StorageError::Stale { .. } => AppError::Invalid("The report is published, so it can no longer change".into()),
        other => other.into(),
    }
}
