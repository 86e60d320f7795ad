//! The access crawl of the staff pages: on the demo's data, the landlord's administrator
//! follows every link and notes every form; then each role of another landlord, each
//! read-only role of the landlord, each role without the settings permission, and the
//! managing agent's handler try them all, and find nothing they should not see or change.
//!
//! The crawl must reach every page route (`redress_web::page_paths`), so a page added
//! without a link to it, or without this test trying it, fails the suite.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Method, Request, StatusCode, header};
use jiff::civil::{Date, date, time};
use redress_app::{
    Actor, App, AttachmentInput, CorrespondenceInput, FixedClock, Permission, ResidentInput, Role, Scope,
    ServiceRequestInput,
};
use redress_demo::{DEMO_PASSWORD, DemoOptions, LANDLORD, MANAGING_AGENT, demo_email};
use redress_domain::calendar::{WorkingCalendar, london};
use redress_domain::complaint::{
    Channel, Command, Direction, Finding, OmbudsmanOutcome, OrderKind, OrderTerms, RecordDetermination,
    ReferToOmbudsman,
};
use redress_domain::ids::OrganisationId;
use redress_storage::testing::TestDatabase;
use redress_storage::{Backend, ComplaintFilter, Database};
use redress_web::AppState;
use tower::ServiceExt;

use crate::case;
use crate::site::{Reply, encode};

pub fn cases() -> Vec<crate::Case> {
    vec![case!(no_role_of_any_organisation_sees_or_changes_what_it_should_not_on_any_page)]
}

/// The day the demo is seen from.
const END: Date = date(2025, 3, 4);
/// The most URLs of one shape the crawl keeps (a shape is the path with ids replaced), but
/// for case pages: it keeps them all, to reach cases in every state and so every form.
const PER_SHAPE: usize = 2;

/// The pages over the demo's data.
struct Pages {
    _test_db: TestDatabase,
    db: Database,
    app: App,
    router: Router,
}

impl Pages {
    async fn new(backend: Backend) -> Pages {
        let test_db = TestDatabase::migrated(backend).await.expect("a fresh test database");
        let db = test_db.database().clone();
        let calendar = WorkingCalendar::england_and_wales();
        let options = DemoOptions { homes: 150, years: 1, seed: 7, end: END };
        redress_demo::generate(&db, calendar.clone(), &options, &mut |_| {}).await.unwrap();
        let now = END.to_datetime(time(10, 0, 0, 0)).to_zoned(london::zone().unwrap()).unwrap().timestamp();
        let app = App::new(db.clone(), calendar, Arc::new(FixedClock::new(now))).unwrap();
        let router = redress_web::router(AppState::new(app.clone()));
        Pages { _test_db: test_db, db, app, router }
    }

    async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    async fn get(&self, cookie: &str, path: &str) -> Reply {
        self.send(Request::builder().uri(path).header(header::COOKIE, cookie).body(Body::empty()).unwrap()).await
    }

    /// An empty form posted to `path`, as a browser on the same site sends it.
    async fn post(&self, cookie: &str, path: &str) -> Reply {
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }

    async fn sign_in(&self, email: &str) -> String {
        let form = format!("email={}&password={}", encode(email), encode(DEMO_PASSWORD));
        let request = Request::builder()
            .method(Method::POST)
            .uri("/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(form))
            .unwrap();
        let reply = self.send(request).await;
        reply.expect_redirect("/");
        reply.session_cookie().expect("a session cookie")
    }

    /// The organisation's id.
    async fn organisation(&self, name: &str) -> OrganisationId {
        self.db.get_organisation_by_name(name).await.unwrap().unwrap().id
    }

    /// Everything of `org` a page could change, to compare before and after.
    async fn snapshot(&self, org: &OrganisationId) -> String {
        let all = ComplaintFilter { limit: 1000, ..ComplaintFilter::default() };
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            self.db.list_complaints(org, &all).await.unwrap(),
            self.db.list_residents(org).await.unwrap(),
            self.db.list_service_requests(org).await.unwrap(),
            self.db.list_users(org).await.unwrap(),
            self.db.list_closure_days(org).await.unwrap(),
            self.db.list_policy_grounds(org).await.unwrap(),
        )
    }
}

/// Every `href` and every form `action` of a page, with the form's method.
fn targets(html: &str) -> (Vec<String>, Vec<(String, bool)>) {
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[start..].split('"').next()?.replace("&amp;", "&").replace("&#38;", "&"))
    };
    let tags = |open: &str| -> Vec<String> {
        html.split(open).skip(1).filter_map(|rest| rest.split('>').next()).map(|t| format!(" {t}")).collect()
    };
    let links = tags("<a ").iter().filter_map(|t| attribute(t, "href")).collect();
    let forms = tags("<form")
        .iter()
        .filter_map(|t| {
            let post = attribute(t, "method").is_some_and(|m| m.eq_ignore_ascii_case("post"));
            Some((attribute(t, "action")?, post))
        })
        .collect();
    (links, forms)
}

/// Whether a URL's segment is a record's id (a UUID) or a complaint's reference.
fn is_id(segment: &str) -> bool {
    let uuid = segment.len() == 36 && segment.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    uuid || segment.starts_with("CMP-")
}

/// A URL's shape: its path with ids replaced, and the names of its query's parameters.
fn shape(url: &str) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let path: Vec<String> = path.split('/').map(|s| if is_id(s) { ":id".to_owned() } else { s.to_owned() }).collect();
    let mut names: Vec<&str> = query.split('&').filter_map(|p| p.split('=').next()).filter(|n| !n.is_empty()).collect();
    names.sort_unstable();
    format!("{}?{}", path.join("/"), names.join("&"))
}

/// Whether a URL is one of our pages (not an asset, the API or signing out).
fn is_page(url: &str) -> bool {
    url.starts_with('/') && !["/static/", "/api/", "/sign-out", "/healthz"].iter().any(|p| url.starts_with(p))
}

/// What the administrator can reach: GET URLs, and POST targets.
#[derive(Default)]
struct Reached {
    pages: BTreeSet<String>,
    posts: BTreeSet<String>,
}

/// Follows every link from the home page as `cookie`, keeping [`PER_SHAPE`] URLs of each
/// shape, and notes every form's target.
async fn crawl(pages: &Pages, cookie: &str) -> Reached {
    let mut reached = Reached::default();
    let mut shapes: BTreeMap<String, usize> = BTreeMap::new();
    let mut queue = VecDeque::from(["/".to_owned()]);
    while let Some(url) = queue.pop_front() {
        if !reached.pages.insert(url.clone()) {
            continue;
        }
        let reply = pages.get(cookie, &url).await;
        assert!(reply.status.is_success(), "the administrator's link {url} answers {}", reply.status);
        if !reply.header("content-type").is_some_and(|c| c.starts_with("text/html")) {
            continue;
        }
        let (links, forms) = targets(&reply.body);
        for (action, post) in forms {
            if post && is_page(&action) {
                reached.posts.insert(action);
            }
        }
        for link in links.into_iter().filter(|l| is_page(l)) {
            let shape = shape(&link);
            let seen = shapes.entry(shape.clone()).or_default();
            if (*seen < PER_SHAPE || shape == "/cases/:id?") && !reached.pages.contains(&link) {
                *seen += 1;
                queue.push_back(link);
            }
        }
    }
    reached
}

/// Whether `url` (without its query) is an instance of the route `template`, whose segments
/// may be a parameter (`{id}`) or end in one (`complete-remedy-{item}`).
fn instance_of(url: &str, template: &str) -> bool {
    let path = url.split('?').next().unwrap_or(url);
    let (a, b): (Vec<&str>, Vec<&str>) = (path.split('/').collect(), template.split('/').collect());
    let matches = |s: &str, t: &str| match t.split_once('{') {
        Some((prefix, _)) => s.len() > prefix.len() && s.starts_with(prefix),
        None => s == t,
    };
    a.len() == b.len() && a.iter().zip(&b).all(|(s, t)| matches(s, t))
}

/// Adds what the demo does not have, so that every page has something to show: a service
/// request, correspondence with an attachment, a letter queued for post, an order of the
/// Ombudsman to comply with, a closure day, a policy's exclusion ground, a letter's own wording,
/// a logo and a disabled user.
async fn fill_in(pages: &Pages, landlord: &OrganisationId) {
    let admin = pages.db.list_users(landlord).await.unwrap().into_iter().find(|u| u.role == "admin").unwrap();
    let admin = Actor {
        user_id: admin.id,
        name: admin.name,
        organisation_id: landlord.clone(),
        role: Role::Admin,
        scope: Scope::landlord(landlord),
    };
    let app = &pages.app;
    let resident = ResidentInput { name: "Sam Crawl".into(), ..ResidentInput::default() };
    let resident = app.create_resident(&admin, resident).await.unwrap();
    let request = ServiceRequestInput {
        resident_id: resident.id,
        property_id: None,
        description: "Fix the gate".into(),
        status: None,
    };
    app.create_service_request(&admin, request).await.unwrap();
    let all = ComplaintFilter { limit: 1, ..ComplaintFilter::default() };
    let complaint = pages.db.list_complaints(landlord, &all).await.unwrap().remove(0);
    let file = AttachmentInput {
        file_name: "photo.txt".into(),
        media_type: "text/plain".into(),
        content: b"a photo of the gate".to_vec(),
        sha256: None,
    };
    let letter = CorrespondenceInput {
        direction: Direction::Incoming,
        channel: Channel::Email,
        subject: "More about the leak".into(),
        body: "It is worse.".into(),
        occurred_at: None,
        attachments: vec![file],
    };
    app.record_correspondence(&admin, &complaint.id, letter).await.unwrap();
    queue_letter(app, &admin, &complaint.id).await;
    if app.complaint(&admin, &complaint.id).await.unwrap().complaint.ombudsman.is_none() {
        let refer = Command::ReferToOmbudsman(ReferToOmbudsman { case_reference: None });
        app.act(&admin, &complaint.id, refer, redress_app::Stated::default()).await.unwrap();
    }
    let order = OrderTerms { kind: OrderKind::Order, description: "Apologise".into(), due: None };
    let finding = Finding { aspect: "The repair".into(), outcome: OmbudsmanOutcome::ServiceFailure };
    let determination = RecordDetermination { findings: vec![finding], orders: vec![order] };
    app.act(&admin, &complaint.id, Command::RecordDetermination(determination), redress_app::Stated::default())
        .await
        .unwrap();
    app.add_closure_day(&admin, date(2025, 12, 29), "Office closed").await.unwrap();
    app.add_policy_ground(&admin, "Insurance claims").await.unwrap();
    // A retired category, so that the settings page offers to bring one back into use.
    app.retire_category(&admin, &"neighbourhood".parse().unwrap(), true).await.unwrap();
    let organisation = pages.db.get_organisation(landlord).await.unwrap().unwrap();
    // The organisation's own wording of a letter, which the editor offers to put back, and a
    // logo, which the letterhead page offers to remove.
    let wording = redress_letters::LetterKind::NotAccepted;
    app.save_letter_template(&admin, wording, wording.default_template()).await.unwrap();
    app.save_logo(&admin, b"\x89PNG\r\n\x1a\n".to_vec(), "image/png", "Riverside Homes").await.unwrap();
    annual_reports(app, &admin).await;
    let (left, _) = app.add_user(&organisation, "Lee Leaver", Role::Handler).await.unwrap();
    app.set_user_disabled(&admin, &left.id, true).await.unwrap();
}

/// Annual reports: last year's published, this year's approved with a document uploaded, so
/// that every form and download of the annual report's pages, and the public page, is reached.
async fn annual_reports(app: &App, admin: &Actor) {
    let this = redress_domain::reporting::ReportingYear::of(app.today().unwrap());
    let last = redress_domain::reporting::ReportingYear::starting(this.starts_in() - 1).unwrap();
    let approval = redress_storage::ReportApproval {
        meeting_on: app.today().unwrap(),
        minute: "B/7".into(),
        response: "Noted.".into(),
    };
    for year in [last, this] {
        let text = redress_storage::AnnualReportText { qualitative: "Repairs lead.".into(), ..Default::default() };
        app.save_annual_report(admin, year, text).await.unwrap();
        app.approve_annual_report(admin, year, approval.clone()).await.unwrap();
    }
    let document = redress_app::ReportDocumentInput {
        kind: redress_domain::reporting::PublicationKind::OmbudsmanAnnualReport,
        title: "Our performance".into(),
        file_name: "hos.pdf".into(),
        media_type: "application/pdf".into(),
        content: b"%PDF-1.7 the Ombudsman's report".to_vec(),
    };
    app.upload_annual_report_document(admin, this, document).await.unwrap();
    app.publish_annual_report(admin, last).await.unwrap();
}

/// Records a letter (a real PDF) on `complaint` and queues it for post, so that the print
/// queue lists it, with its day.
async fn queue_letter(app: &App, admin: &Actor, complaint: &redress_domain::ids::ComplaintId) {
    let document = redress_documents::Document {
        title: "Your complaint".into(),
        language: "en-GB".into(),
        letterhead: None,
        addressing: None,
        large_print: false,
        blocks: vec![redress_documents::Block::Heading { level: 1, text: "Your complaint".into() }],
    };
    let file = AttachmentInput {
        file_name: "letter.pdf".into(),
        media_type: "application/pdf".into(),
        content: redress_pdf::render(&document).unwrap(),
        sha256: None,
    };
    let letter = CorrespondenceInput {
        direction: Direction::Outgoing,
        channel: Channel::Letter,
        subject: "Your complaint".into(),
        body: "Dear Sam".into(),
        occurred_at: None,
        attachments: vec![file],
    };
    app.record_correspondence(admin, complaint, letter).await.unwrap();
    let recorded = app.correspondence(admin, complaint).await.unwrap();
    let letter = recorded.iter().find(|c| c.item.subject == "Your complaint").unwrap();
    app.queue_for_post(admin, complaint, &letter.item.id, &letter.attachments[0].id, "Sam Crawl\n1 Gate Lane")
        .await
        .unwrap();
    // A published self-assessment, so that its public page and downloads are crawled, and next
    // year's draft, so that its forms are.
    use redress_domain::assessment::{Answer, Approval, Command, Coverage, Publication, Statement};
    use redress_domain::reporting::Period;
    let last_year = Period::new(jiff::civil::date(2024, 4, 1), jiff::civil::date(2025, 3, 31)).unwrap();
    let start = redress_app::AssessmentStart { coverage: Coverage::Alone, period: last_year, imported: None };
    let published = app.start_assessment(admin, start).await.unwrap();
    let code = app.code().version(redress_domain::code::VersionId::V2024).unwrap();
    for provision in &code.provisions {
        let yes = Statement { answer: Some(Answer::Yes), evidence: "Seen".into(), ..Default::default() };
        app.answer_provision(admin, &published, provision.number, yes).await.unwrap();
    }
    let today = app.today().unwrap();
    app.assessment_step(admin, &published, Command::SendForReview).await.unwrap();
    let approval = Approval { body: "Board".into(), on: today, minute: "B/1".into() };
    app.assessment_step(admin, &published, Command::Approve(approval)).await.unwrap();
    let publication = Publication { on: today, response: "Accepted".into() };
    app.assessment_step(admin, &published, Command::Publish(publication)).await.unwrap();
    let period = Period::new(jiff::civil::date(2025, 4, 1), jiff::civil::date(2026, 3, 31)).unwrap();
    let start = redress_app::AssessmentStart { coverage: Coverage::Alone, period, imported: None };
    app.start_assessment(admin, start).await.unwrap();
}

async fn no_role_of_any_organisation_sees_or_changes_what_it_should_not_on_any_page(backend: Backend) {
    let pages = Pages::new(backend).await;
    let landlord = pages.organisation(LANDLORD).await;
    let agent = pages.organisation(MANAGING_AGENT).await;
    fill_in(&pages, &landlord).await;
    let other = pages.app.organisation_named("Hillside Housing").await.unwrap();
    for role in Role::ALL {
        let (user, _) = pages.app.add_user(&other, &format!("Hillside {role}"), role).await.unwrap();
        pages.app.set_password(&other.id, &user.id, &format!("{role}@hillside.example"), DEMO_PASSWORD).await.unwrap();
    }

    let admin = pages.sign_in(&demo_email(Role::Admin, false)).await;
    let reached = crawl(&pages, &admin).await;
    for template in redress_web::page_paths() {
        if ["/sign-in", "/sign-out"].contains(&template) {
            continue;
        }
        let found = reached.pages.iter().chain(&reached.posts).any(|url| instance_of(url, template));
        assert!(found, "the crawl reached no page of the route {template}");
    }
    // A page of one of the landlord's records: no one else may find it. (A list filtered by
    // someone else's id simply lists nothing.)
    // (The published annual report is public: its organisation's id names no record to hide.)
    let names_a_record =
        |url: &str| !url.starts_with("/published/") && url.split('?').next().unwrap_or(url).split('/').any(is_id);
    let before = pages.snapshot(&landlord).await;

    // Every role of another landlord: what names a record is not found (or refused before
    // anything is looked up); lists and forms show none of the landlord's records.
    let references: Vec<String> = pages
        .db
        .list_complaints(&landlord, &ComplaintFilter { limit: 1000, ..ComplaintFilter::default() })
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.reference)
        .collect();
    for role in Role::ALL {
        let cookie = pages.sign_in(&format!("{role}@hillside.example")).await;
        for url in &reached.pages {
            let reply = pages.get(&cookie, url).await;
            if names_a_record(url) {
                assert!(
                    [StatusCode::NOT_FOUND, StatusCode::FORBIDDEN].contains(&reply.status),
                    "Hillside's {role} GET {url}: {}",
                    reply.status
                );
            }
            assert!(!references.iter().any(|r| reply.body.contains(r.as_str())), "Hillside's {role} GET {url}");
        }
        for url in reached.posts.iter().filter(|u| names_a_record(u)) {
            let reply = pages.post(&cookie, url).await;
            assert!(reply.status.is_client_error(), "Hillside's {role} POST {url}: {}", reply.status);
        }
    }

    // The landlord's own roles: each page and form answers exactly those whose role has the
    // permission it needs, and refuses the rest (403).
    let needs = |url: &str, post: bool| -> Vec<Permission> {
        let path = url.split('?').next().unwrap_or(url);
        if path.starts_with("/published/") {
            // The published annual report is for anyone.
            vec![]
        } else if path.starts_with("/reports/annual/") && post {
            // The governing body's approval and publishing are the administrator's; the
            // written parts and documents are who may read reports and change cases.
            if path.ends_with("/approve") || path.ends_with("/publish") {
                vec![Permission::ManageSettings]
            } else {
                vec![Permission::ReadReports, Permission::ChangeCases]
            }
        } else if path.starts_with("/settings") {
            vec![Permission::ManageSettings]
        } else if path.starts_with("/print") {
            // The print queue is who may send letters.
            vec![Permission::ChangeCases]
        } else if path.starts_with("/reports") || path.starts_with("/self-assessment") {
            // The self-assessment is read with the reports; changing it needs more (checked by
            // its own page test), and every role without this is refused its forms too.
            vec![Permission::ReadReports]
        } else if !reached.posts.iter().any(|p| p.split('?').next() == Some(path)) {
            vec![Permission::ReadCases]
        } else if path.starts_with("/residents") || path.starts_with("/service-requests") {
            vec![Permission::ManageResidents]
        } else {
            vec![Permission::ChangeCases]
        }
    };
    let may = |role: Role, needed: Vec<Permission>| needed.into_iter().all(|p| role.may(p));
    for role in Role::ALL {
        let cookie = pages.sign_in(&demo_email(role, false)).await;
        for url in &reached.pages {
            let reply = pages.get(&cookie, url).await;
            if may(role, needs(url, false)) {
                assert!(reply.status.is_success(), "{role} GET {url}: {}", reply.status);
            } else {
                assert_eq!(reply.status, StatusCode::FORBIDDEN, "{role} GET {url}");
            }
        }
        // Only those refused post: an empty form can be a whole command (escalating needs
        // nothing more), so the others would change the record.
        for url in reached.posts.iter().filter(|url| !may(role, needs(url, true))) {
            let reply = pages.post(&cookie, url).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{role} POST {url}");
        }
    }
    assert_eq!(pages.snapshot(&landlord).await, before, "a page changed the landlord's records");

    // The managing agent's handler: a complaint their organisation does not handle is not
    // found, on its page and on every form of it.
    let handled: BTreeSet<String> = pages
        .db
        .list_complaints(
            &landlord,
            &ComplaintFilter { organisation_handling: Some(agent), limit: 1000, ..ComplaintFilter::default() },
        )
        .await
        .unwrap()
        .into_iter()
        .map(|c| String::from(c.id))
        .collect();
    let cookie = pages.sign_in(&demo_email(Role::Handler, true)).await;
    let cases = reached.pages.iter().map(|u| (u, false)).chain(reached.posts.iter().map(|u| (u, true)));
    for (url, post) in cases {
        let Some(id) = url.strip_prefix("/cases/").and_then(|rest| rest.split(['/', '?']).next()) else { continue };
        if !is_id(id) || handled.contains(id) {
            continue;
        }
        let reply = if post { pages.post(&cookie, url).await } else { pages.get(&cookie, url).await };
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "the agent's handler {} {url}",
            if post { "POST" } else { "GET" }
        );
    }
    assert_eq!(pages.snapshot(&landlord).await, before, "a page changed the landlord's records");
}
