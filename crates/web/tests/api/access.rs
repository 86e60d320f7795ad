//! The access crawl of the API: every route of the OpenAPI document, tried as each role of
//! another organisation and as each read-only role of the landlord, finds nothing it should
//! not see and changes nothing it should not change.
//!
//! The crawl's routes are those of [`routes_naming`] plus the collections; the first case
//! checks that together they are exactly the document's operations, so a route added to the
//! API without being added here fails the suite.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use jiff::civil::date;
use redress_app::{App, Permission, Role};
use serde_json::{Value, json};

use crate::case;
use crate::isolation::{Records, records, restriction, routes_naming, unknown};
use crate::support::{Api, Staff, at, new_complaint};
use redress_storage::Backend;

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(the_crawl_covers_every_route_of_the_openapi_document),
        case!(every_role_of_another_organisation_finds_nothing_on_any_route),
        case!(read_only_roles_read_every_route_and_change_nothing),
    ]
}

/// The routes without a record in their path: the collections, read and added to.
fn collections(r: &Records) -> Vec<(Method, String, Option<Value>)> {
    vec![
        (Method::GET, "/api/v1/openapi.json".into(), None),
        (Method::GET, "/api/v1/closure-days".into(), None),
        (Method::GET, "/api/v1/residents".into(), None),
        (Method::POST, "/api/v1/residents".into(), Some(json!({ "name": "Someone New" }))),
        (Method::GET, "/api/v1/properties".into(), None),
        (Method::POST, "/api/v1/properties".into(), Some(json!({ "address": "9 River Row" }))),
        (Method::GET, "/api/v1/service-requests".into(), None),
        (
            Method::POST,
            "/api/v1/service-requests".into(),
            Some(json!({ "resident_id": r.resident, "description": "Fix the gate" })),
        ),
        (Method::GET, "/api/v1/complaints".into(), None),
        (Method::POST, "/api/v1/complaints".into(), Some(new_complaint(&r.resident))),
        (Method::GET, "/api/v1/settings/ombudsman".into(), None),
        (Method::GET, "/api/v1/settings/categories".into(), None),
    ]
}

/// Every route the crawl tries, for the records `r`, as `staff` would name a handler.
fn crawl(r: &Records, staff: &Staff) -> Vec<(Method, String, Option<Value>)> {
    let mut routes = collections(r);
    routes.extend(routes_naming(r, staff));
    routes
}

/// `path` with each record's id put back as the document's parameter name.
fn template(path: &str, r: &Records) -> String {
    let path = path.split('?').next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    segments
        .iter()
        .enumerate()
        .map(|(i, segment)| {
            let after = i.checked_sub(1).map_or("", |p| segments[p]);
            match *segment {
                s if s == r.complaint || s == r.resident || s == r.service_request => "{id}".to_owned(),
                s if s == r.correspondence => "{cid}".to_owned(),
                s if s == r.attachment || (after == "actions" && s.starts_with('A')) => "{aid}".to_owned(),
                s if after == "remedies" && s.starts_with('R') => "{rid}".to_owned(),
                s if after == "orders" && s.starts_with('O') => "{oid}".to_owned(),
                s => s.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every operation of the OpenAPI document, as `(METHOD, path template)`.
fn documented() -> BTreeSet<(String, String)> {
    let document = serde_json::to_value(redress_web::api_document()).unwrap();
    let mut operations = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                operations.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    operations
}

async fn the_crawl_covers_every_route_of_the_openapi_document(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let r = records(&api).await;
    let crawled: BTreeSet<(String, String)> =
        crawl(&r, &api.handler).iter().map(|(method, path, _)| (method.to_string(), template(path, &r))).collect();
    assert_eq!(crawled, documented(), "the crawl and the OpenAPI document differ");
}

/// A member of staff with `role` in the organisation `organisation_name`.
async fn member(api: &Api, organisation_name: &str, role: Role) -> Staff {
    let app = App::new(api.db.clone(), api.calendar.clone(), api.clock.clone()).unwrap();
    let organisation = app.organisation_named(organisation_name).await.unwrap();
    let (user, token) = app.add_user(&organisation, &format!("{role} of {organisation_name}"), role).await.unwrap();
    Staff { id: user.id, token }
}

/// What the landlord's handler sees of every record: to show that nothing changed.
async fn everything(api: &Api, r: &Records) -> Vec<Value> {
    let mut seen = Vec::new();
    for path in [
        format!("/api/v1/complaints/{}", r.complaint),
        format!("/api/v1/residents/{}", r.resident),
        format!("/api/v1/residents/{}/restrictions", r.resident),
        "/api/v1/residents".into(),
        "/api/v1/properties".into(),
        "/api/v1/service-requests".into(),
        "/api/v1/complaints".into(),
    ] {
        seen.push(api.get(&api.handler, &path).await.expect(StatusCode::OK).json.clone());
    }
    seen
}

async fn every_role_of_another_organisation_finds_nothing_on_any_route(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let r = records(&api).await;
    let before = everything(&api, &r).await;
    for role in Role::ALL {
        let outsider = member(&api, "Hillside Housing", role).await;
        // A read-only role is refused a change before anything is looked up (403); every
        // other answer is 404. Either way, exactly what a record that does not exist gets.
        let routes = routes_naming(&r, &outsider).into_iter().zip(routes_naming(&unknown(), &outsider));
        for ((method, path, body), (_, unknown_path, _)) in routes {
            let reply = api.send(method.clone(), &path, Some(&outsider.token), body.as_ref(), &[]).await;
            assert!(
                [StatusCode::NOT_FOUND, StatusCode::FORBIDDEN].contains(&reply.status),
                "{role} {method} {path}: {}",
                reply.json
            );
            let absent = api.send(method.clone(), &unknown_path, Some(&outsider.token), body.as_ref(), &[]).await;
            assert_eq!((reply.status, &reply.json), (absent.status, &absent.json), "{role} {method} {path}");
        }
        for path in ["/api/v1/properties", "/api/v1/service-requests"] {
            let listed = api.get(&outsider, path).await;
            assert_eq!(listed.expect(StatusCode::OK).json, json!([]), "{role} {path}");
        }
        let listed = api.get(&outsider, "/api/v1/residents").await;
        assert_eq!(listed.expect(StatusCode::OK).json["items"], json!([]), "{role}");
        let listed = api.get(&outsider, "/api/v1/complaints").await;
        assert_eq!(listed.expect(StatusCode::OK).json["items"], json!([]), "{role}");
        // Adding to a collection while naming the landlord's records is refused alike.
        let foreign = [
            ("/api/v1/complaints", new_complaint(&r.resident)),
            ("/api/v1/service-requests", json!({ "resident_id": r.resident, "description": "Fix" })),
        ];
        for (path, body) in foreign {
            let reply = api.post(&outsider, path, body).await;
            assert!(
                [StatusCode::NOT_FOUND, StatusCode::FORBIDDEN].contains(&reply.status),
                "{role} POST {path}: {}",
                reply.json
            );
        }
    }
    assert_eq!(everything(&api, &r).await, before);
}

async fn read_only_roles_read_every_route_and_change_nothing(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let r = records(&api).await;
    api.post(&api.handler, &format!("/api/v1/residents/{}/restrictions", r.resident), restriction())
        .await
        .expect(StatusCode::CREATED);
    let before = everything(&api, &r).await;
    let readers: Vec<Role> = Role::ALL.into_iter().filter(|role| !role.may(Permission::ChangeCases)).collect();
    assert!(readers.contains(&Role::MemberResponsible) && readers.contains(&Role::Auditor));
    for role in readers {
        let reader = member(&api, "Riverside Homes", role).await;
        for (method, path, body) in crawl(&r, &reader) {
            let reply = api.send(method.clone(), &path, Some(&reader.token), body.as_ref(), &[]).await;
            let expected = if method == Method::GET { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(reply.status, expected, "{role} {method} {path}: {}", reply.json);
        }
    }
    assert_eq!(everything(&api, &r).await, before);
}
