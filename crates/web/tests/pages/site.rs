//! What every page case starts from: a fresh database, an application on a stopped clock,
//! a landlord with one member of staff per role (each with an email and password) and a
//! second landlord with a handler, and helpers to send browser-like requests.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use jiff::Timestamp;
use redress_app::{Actor, App, ComplaintIntake, FixedClock, Role, Scope};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::ids::CategoryId;
use redress_storage::testing::TestDatabase;
use redress_storage::{Backend, Database};
use redress_web::{AppState, TrustedProxies};
use serde_json::json;
use tower::ServiceExt;

/// Every test account's password.
pub const PASSWORD: &str = "correct horse battery";

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: String,
}

impl Reply {
    /// The header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status, showing the body if it differs.
    #[track_caller]
    pub fn expect(&self, status: StatusCode) -> &Reply {
        assert_eq!(self.status, status, "unexpected status; body: {}", self.body);
        self
    }

    /// Asserts a redirect to `location`.
    #[track_caller]
    pub fn expect_redirect(&self, location: &str) -> &Reply {
        self.expect(StatusCode::SEE_OTHER);
        assert_eq!(self.header("location"), Some(location));
        self
    }

    /// The session cookie this response sets (`name=value`), if any.
    pub fn session_cookie(&self) -> Option<String> {
        let set = self.header("set-cookie")?;
        let pair = set.split(';').next()?.trim();
        pair.starts_with("redress_session=").then(|| pair.to_owned()).filter(|p| p != "redress_session=")
    }

    /// Asserts the basics every page has: a language, a title, one h1, the skip link to
    /// `main`, and no inline script.
    #[track_caller]
    pub fn expect_page(&self, title: &str) -> &Reply {
        let html = &self.body;
        assert!(self.header("content-type").is_some_and(|c| c.starts_with("text/html")), "{:?}", self.headers);
        assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
        assert!(html.contains(r#"<html lang="en-GB" class="govuk-template">"#), "{html}");
        assert!(html.contains(&format!("<title>{title} – Redress</title>")), "title {title:?} in {html}");
        assert_eq!(html.matches("<h1").count(), 1, "one h1: {html}");
        assert!(html.contains(r##"<a href="#main-content" class="govuk-skip-link""##), "{html}");
        assert!(html.contains(r#"<main class="govuk-main-wrapper" id="main-content">"#), "{html}");
        assert!(!html.contains("<script>") && !html.contains("GDS Transport"), "{html}");
        assert!(self.header("content-security-policy").is_some_and(|c| c.contains("script-src 'self'")));
        self
    }
}

/// The site under test.
pub struct Site {
    _test_db: TestDatabase,
    /// The database.
    pub db: Database,
    /// The application.
    pub app: App,
    /// The landlord's staff, one per role, in [`Role::ALL`] order.
    pub staff: Vec<Actor>,
    /// A handler of another landlord.
    pub outsider: Actor,
    router: Router,
}

/// The email of the landlord's member of staff with `role`.
pub fn email(role: Role) -> String {
    format!("{}@riverside.example", role.as_str())
}

/// The other landlord's handler's email.
pub const OUTSIDER: &str = "handler@hillside.example";

impl Site {
    /// A fresh site on `backend`, at 10:00 on Tuesday 4 March 2025.
    pub async fn new(backend: Backend) -> Site {
        let test_db = TestDatabase::migrated(backend).await.expect("a fresh test database");
        let db = test_db.database().clone();
        let now: Timestamp = "2025-03-04T10:00:00Z".parse().unwrap();
        let app = App::new(db.clone(), WorkingCalendar::england_and_wales(), Arc::new(FixedClock::new(now))).unwrap();
        let landlord = app.organisation_named("Riverside Homes").await.unwrap();
        let other = app.organisation_named("Hillside Housing").await.unwrap();
        let mut staff = Vec::new();
        for role in Role::ALL {
            let (user, _) = app.add_user(&landlord, &format!("Riverside {role}"), role).await.unwrap();
            app.set_password(&landlord.id, &user.id, &email(role), PASSWORD).await.unwrap();
            staff.push(Actor {
                user_id: user.id,
                name: user.name,
                organisation_id: landlord.id.clone(),
                role,
                scope: Scope::landlord(&landlord.id),
            });
        }
        let (user, _) = app.add_user(&other, "Olly Outsider", Role::Handler).await.unwrap();
        app.set_password(&other.id, &user.id, OUTSIDER, PASSWORD).await.unwrap();
        let outsider = Actor {
            user_id: user.id,
            name: user.name,
            scope: Scope::landlord(&other.id),
            organisation_id: other.id,
            role: Role::Handler,
        };
        let router = redress_web::router(AppState::new(app.clone()));
        Site { _test_db: test_db, db, app, staff, outsider, router }
    }

    /// The same site behind reverse proxies at `proxies` (addresses or CIDR ranges).
    pub fn trusting(self, proxies: &[&str]) -> Site {
        let proxies = TrustedProxies::new(proxies.iter().map(|p| p.parse().unwrap()).collect());
        Site { router: redress_web::router(AppState::new(self.app.clone()).with_trusted_proxies(proxies)), ..self }
    }

    /// The same site, configured as served over https, listening where plain http would
    /// otherwise drop `Secure` from cookies (as `redress serve` on a loopback address behind
    /// a proxy on the same machine).
    pub fn over_https(self) -> Site {
        let state = AppState::new(self.app.clone()).with_secure_cookies(false).with_https(true);
        Site { router: redress_web::router(state), ..self }
    }

    /// The landlord's member of staff with `role`.
    pub fn member(&self, role: Role) -> &Actor {
        self.staff.iter().find(|a| a.role == role).unwrap()
    }

    /// Logs a complaint as `actor` and returns its id.
    pub async fn complaint(&self, actor: &Actor, description: &str) -> String {
        self.complaint_under(actor, description, &[]).await
    }

    /// As [`Site::complaint`], logged under `categories`.
    pub async fn complaint_under(&self, actor: &Actor, description: &str, categories: &[CategoryId]) -> String {
        let resident = redress_app::ResidentInput { name: "Rosa Resident".into(), ..Default::default() };
        let resident = self.app.create_resident(actor, resident).await.unwrap();
        let intake: ComplaintIntake = serde_json::from_value(json!({
            "channel": "phone",
            "issue_occurred_on": "2025-02-20",
            "complexity": "straightforward",
            "risks": [],
            "description": description,
            "categories": categories,
            "resident_id": resident.id,
        }))
        .unwrap();
        self.app.log_complaint(actor, intake, None).await.unwrap().view.id.into()
    }

    /// Sends a request as it is.
    pub async fn raw(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// `GET path` with the session cookie, as bytes: for downloads that are not text.
    pub async fn download(&self, cookie: &str, path: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
        let request = Request::builder().uri(path).header(header::COOKIE, cookie).body(Body::empty()).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        (status, headers, to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec())
    }

    /// `GET path` with the session cookie, if any.
    pub async fn get(&self, cookie: Option<&str>, path: &str) -> Reply {
        let mut request = Request::builder().uri(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.raw(request.body(Body::empty()).unwrap()).await
    }

    /// `POST path` with a form body, the session cookie if any, and extra headers, from
    /// network address `from`, as a browser on the same site sends it.
    pub async fn post(
        &self,
        cookie: Option<&str>,
        path: &str,
        form: &str,
        headers: &[(&str, &str)],
        from: Option<&str>,
    ) -> Reply {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut request = request.body(Body::from(form.to_owned())).unwrap();
        if let Some(from) = from {
            let address: SocketAddr = format!("{from}:50000").parse().unwrap();
            request.extensions_mut().insert(ConnectInfo(address));
        }
        self.raw(request).await
    }

    /// Submits the sign-in form.
    pub async fn try_sign_in(&self, email: &str, password: &str, from: Option<&str>) -> Reply {
        let form = format!("email={}&password={}", encode(email), encode(password));
        self.post(None, "/sign-in", &form, &[("sec-fetch-site", "same-origin")], from).await
    }

    /// Signs in and returns the session cookie (`name=value`).
    pub async fn sign_in(&self, email: &str) -> String {
        let reply = self.try_sign_in(email, PASSWORD, None).await;
        reply.expect_redirect("/");
        reply.session_cookie().expect("a session cookie")
    }
}

/// Form-encodes a value.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
