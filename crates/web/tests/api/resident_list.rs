//! `GET /api/v1/residents` (issue 10): a page at a time by name, with a cursor to the next,
//! and the same search as the page that logs a complaint (`q`: words of the name or address,
//! the postcode, or the whole reference). Agents' staff list only their own residents
//! (`managed_homes.rs`).

use axum::http::StatusCode;
use jiff::civil::date;
use redress_storage::Backend;
use serde_json::{Value, json};

use crate::case;
use crate::support::{Api, at};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(residents_are_listed_a_page_at_a_time_by_cursor),
        case!(residents_are_found_by_words_of_their_address_or_their_whole_reference),
        case!(a_limit_out_of_range_or_a_cursor_not_given_out_is_refused),
    ]
}

/// Five residents: Ann, Ben, Cal, Dee and Eve, each at an address and with a reference.
async fn five(api: &Api) {
    for (n, name) in ["Eve Evans", "Ann Adams", "Cal Cole", "Ben Brown", "Dee Dale"].into_iter().enumerate() {
        let resident = json!({
            "name": name,
            "address": format!("{} Acacia Avenue, Leeds LS1 2A{}", n + 1, ["B", "D", "E", "F", "G"][n]),
            "reference": format!("T10000{n}"),
        });
        api.post(&api.handler, "/api/v1/residents", resident).await.expect(StatusCode::CREATED);
    }
}

/// The names on one page of `query`, and its next cursor.
async fn page(api: &Api, query: &str) -> (Vec<String>, Option<String>) {
    let reply = api.get(&api.handler, &format!("/api/v1/residents?{query}")).await;
    let json = &reply.expect(StatusCode::OK).json;
    let names = json["items"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_owned()).collect();
    (names, json["next_cursor"].as_str().map(str::to_owned))
}

async fn residents_are_listed_a_page_at_a_time_by_cursor(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    five(&api).await;
    let (first, next) = page(&api, "limit=2").await;
    assert_eq!(first, ["Ann Adams", "Ben Brown"]);
    let (second, next) = page(&api, &format!("limit=2&cursor={}", next.unwrap())).await;
    assert_eq!(second, ["Cal Cole", "Dee Dale"]);
    let (third, next) = page(&api, &format!("limit=2&cursor={}", next.unwrap())).await;
    assert_eq!((third.as_slice(), next), (["Eve Evans".to_owned()].as_slice(), None));
    // A search pages the same way.
    let (found, next) = page(&api, "q=acacia&limit=3").await;
    assert_eq!(found, ["Ann Adams", "Ben Brown", "Cal Cole"]);
    let (rest, next) = page(&api, &format!("q=acacia&limit=3&cursor={}", next.unwrap())).await;
    assert_eq!((rest, next), (vec!["Dee Dale".to_owned(), "Eve Evans".to_owned()], None));
}

async fn residents_are_found_by_words_of_their_address_or_their_whole_reference(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    five(&api).await;
    assert_eq!(page(&api, "q=3+acacia").await.0, ["Cal Cole"]);
    assert_eq!(page(&api, "q=ls1+2ad").await.0, ["Ann Adams"]);
    // The reference, in any case and spacing, and kept on the resident as written.
    assert_eq!(page(&api, "q=t+100003").await.0, ["Ben Brown"]);
    assert!(page(&api, "q=T1000").await.0.is_empty(), "the whole reference only");
    let listed = api.get(&api.handler, "/api/v1/residents?q=T100003").await;
    let ben: &Value = &listed.json["items"][0];
    assert_eq!(ben["reference"], json!("T100003"));
    let read = api.get(&api.handler, &format!("/api/v1/residents/{}", ben["id"].as_str().unwrap())).await;
    assert_eq!(read.expect(StatusCode::OK).json["reference"], json!("T100003"));
}

async fn a_limit_out_of_range_or_a_cursor_not_given_out_is_refused(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    for query in ["limit=0", "limit=101", "colour=blue"] {
        let reply = api.get(&api.handler, &format!("/api/v1/residents?{query}")).await;
        reply.expect_problem(StatusCode::BAD_REQUEST);
    }
    // A cursor this API never gave out, as the complaints' list answers it.
    let reply = api.get(&api.handler, "/api/v1/residents?cursor=not-a-cursor").await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let (all, next) = page(&api, "limit=100").await;
    assert_eq!((all.len(), next), (0, None));
}
