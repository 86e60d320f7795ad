//! Our askama macros (`templates/macros.html`) against GOV.UK Frontend's own fixtures
//! (`tests/fixtures/govuk/<component>/fixtures.json`, copied from govuk-frontend 6.6.0 by
//! `scripts/vendor-govuk.sh`): each case renders a macro with a fixture's params and compares
//! the HTML with the fixture's structurally: the same elements in the same order, the same
//! attributes (in any order) with the same values, the same classes (in any order) and the
//! same text (whitespace collapsed).
//!
//! Where our macros differ on purpose, the comparison says so in one place, [`Ours`]:
//! - a field's `name` is its `id` (one identifier for the field, its error summary link and
//!   the handler; a date input's parts are `{id}-day`, `-month` and `-year`), so the fixture's
//!   names are taken to be their elements' ids;
//! - text inputs say `spellcheck="false"` (references, names, emails and addresses are not
//!   words), which GOV.UK leaves to the service;
//! - attributes our macros always write, `value` and `autocomplete`, are compared only when
//!   not empty: HTML treats an empty one as absent;
//! - filter selects never disable an option, so the fixtures' disabled options are left out.

// Test code: a panic is a failed test with a clear message.
#![allow(clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

use askama::Template;
use serde_json::Value;

/// An error for the error summary, as the pages pass them.
struct FieldError {
    field: String,
    message: String,
}

/// An option of a select, as the pages pass them.
struct SelectOption {
    value: String,
    text: String,
    selected: bool,
}

#[derive(Template)]
#[template(source = r#"{% import "macros.html" as m %}{% call m::error_summary(errors) %}{% endcall %}"#, ext = "html")]
struct ErrorSummary {
    errors: Vec<FieldError>,
}

#[derive(Template)]
#[template(
    source = r#"{% import "macros.html" as m %}{% call m::input(id, label, kind, value, autocomplete, error) %}{% endcall %}"#,
    ext = "html"
)]
struct Input {
    id: String,
    label: String,
    kind: String,
    value: String,
    autocomplete: String,
    error: String,
}

#[derive(Template)]
#[template(
    source = r#"{% import "macros.html" as m %}{% call m::select(id, label, options) %}{% endcall %}"#,
    ext = "html"
)]
struct Select {
    id: String,
    label: String,
    options: Vec<SelectOption>,
}

#[derive(Template)]
#[template(
    source = r#"{% import "macros.html" as m %}{% call m::date_input(id, legend, hint, day, month, year, error) %}{% endcall %}"#,
    ext = "html"
)]
struct DateInput {
    id: String,
    legend: String,
    hint: String,
    day: String,
    month: String,
    year: String,
    error: String,
}

/// A fixture of a component: its params and the HTML GOV.UK renders from them.
struct Fixture {
    options: Value,
    html: String,
}

fn fixture(component: &str, name: &str) -> Fixture {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/govuk/{component}/fixtures.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let all: Value = serde_json::from_str(&text).unwrap();
    let found = all["fixtures"].as_array().unwrap().iter().find(|f| f["name"] == name);
    let found = found.unwrap_or_else(|| panic!("no fixture {name:?} of {component}"));
    Fixture { options: found["options"].clone(), html: found["html"].as_str().unwrap().to_owned() }
}

/// A param as text: strings as they are, numbers written out, absent as empty.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// One piece of normalised HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// An element's start: its name and attributes (classes sorted, so order is irrelevant).
    Start(String, BTreeMap<String, String>),
    /// An element's end.
    End(String),
    /// Text, whitespace collapsed.
    Text(String),
}

/// Elements with no end tag.
const VOID: [&str; 6] = ["input", "br", "img", "meta", "link", "hr"];

fn decode(text: &str) -> String {
    text.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// Tokenises the well-formed HTML fragments of fixtures and macros (not HTML at large).
fn tokens(html: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.split_once("-->").map_or("", |(_, after)| after);
        } else if let Some(end) = rest.strip_prefix("</") {
            let (name, after) = end.split_once('>').unwrap();
            out.push(Token::End(name.trim().to_lowercase()));
            rest = after;
        } else if let Some(start) = rest.strip_prefix('<') {
            let (tag, after) = split_tag(start);
            let (name, attributes) = parse_tag(tag);
            let void = VOID.contains(&name.as_str());
            out.push(Token::Start(name.clone(), attributes));
            if void {
                out.push(Token::End(name));
            }
            rest = after;
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let words: Vec<&str> = rest[..end].split_whitespace().collect();
            if !words.is_empty() {
                out.push(Token::Text(decode(&words.join(" "))));
            }
            rest = &rest[end..];
        }
    }
    out
}

/// Splits `name attr="v">rest` at the `>` closing the tag (not one inside quotes).
fn split_tag(text: &str) -> (&str, &str) {
    let mut quote = None;
    for (i, ch) in text.char_indices() {
        match (quote, ch) {
            (None, '"' | '\'') => quote = Some(ch),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return (&text[..i], &text[i + 1..]),
            _ => {}
        }
    }
    panic!("an unclosed tag: {text}")
}

fn parse_tag(tag: &str) -> (String, BTreeMap<String, String>) {
    let tag = tag.trim_end_matches('/').trim();
    let (name, mut rest) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
    let mut attributes = BTreeMap::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let key = rest[..end].to_lowercase();
        rest = &rest[end..];
        let mut value = String::new();
        if let Some(after) = rest.trim_start().strip_prefix('=') {
            let after = after.trim_start();
            let quote = after.chars().next().unwrap();
            let (v, remaining) = if quote == '"' || quote == '\'' {
                after[1..].split_once(quote).unwrap()
            } else {
                after.split_once(char::is_whitespace).unwrap_or((after, ""))
            };
            value = decode(v);
            rest = remaining;
        }
        if key == "class" {
            let mut classes: Vec<&str> = value.split_whitespace().collect();
            classes.sort_unstable();
            value = classes.join(" ");
        }
        attributes.insert(key, value);
    }
    (name.to_lowercase(), attributes)
}

/// Normalisations true of both sides: empty `value` and `autocomplete` attributes are absent.
fn normalised(html: &str) -> Vec<Token> {
    tokens(html)
        .into_iter()
        .map(|token| match token {
            Token::Start(name, mut attributes) => {
                for key in ["value", "autocomplete"] {
                    if attributes.get(key).is_some_and(String::is_empty) {
                        attributes.remove(key);
                    }
                }
                Token::Start(name, attributes)
            }
            other => other,
        })
        .collect()
}

/// The deliberate differences of our macros (see the module's comment), applied to the
/// fixture's HTML (names are ids, no disabled options) and to ours (no spellcheck).
struct Ours;

impl Ours {
    fn expected(html: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut skipping = false;
        for token in normalised(html) {
            match token {
                Token::Start(name, attributes) if name == "option" && attributes.contains_key("disabled") => {
                    skipping = true;
                }
                Token::End(name) if skipping && name == "option" => skipping = false,
                _ if skipping => {}
                Token::Start(name, mut attributes) => {
                    if let (Some(id), true) = (attributes.get("id").cloned(), attributes.contains_key("name")) {
                        attributes.insert("name".into(), id);
                    }
                    out.push(Token::Start(name, attributes));
                }
                other => out.push(other),
            }
        }
        out
    }

    fn actual(html: &str) -> Vec<Token> {
        normalised(html)
            .into_iter()
            .map(|token| match token {
                Token::Start(name, mut attributes) if name == "input" => {
                    if attributes.get("spellcheck").map(String::as_str) == Some("false") {
                        attributes.remove("spellcheck");
                    }
                    Token::Start(name, attributes)
                }
                other => other,
            })
            .collect()
    }
}

#[track_caller]
fn assert_same(component: &str, name: &str, ours: &str, theirs: &str) {
    let (actual, expected) = (Ours::actual(ours), Ours::expected(theirs));
    assert!(expected.len() > 5, "{component} / {name}: the fixture's HTML was not read: {expected:?}");
    if actual != expected {
        let first = actual.iter().zip(&expected).position(|(a, e)| a != e).unwrap_or(actual.len().min(expected.len()));
        panic!(
            "{component} / {name}: our macro differs from GOV.UK's at token {first}:\n  ours:   {:?}\n  GOV.UK: {:?}\n\nours:\n{ours}\n\nGOV.UK:\n{theirs}",
            actual.get(first),
            expected.get(first)
        );
    }
}

#[test]
fn the_normalisation_ignores_attribute_and_class_order_and_whitespace_but_nothing_else() {
    let a = tokens(r#"<div class="b a" id="x">  Some   text </div><input id=y value='1'>"#);
    let b = tokens("<div id=\"x\" class=\"a b\">Some text</div>\n<input value=\"1\" id=\"y\">");
    assert_eq!(a, b);
    assert_ne!(tokens(r#"<div class="a">x</div>"#), tokens(r#"<div class="a c">x</div>"#));
    assert_ne!(tokens(r#"<p>x</p>"#), tokens(r#"<p>y</p>"#));
    assert_ne!(tokens(r#"<p id="a">x</p>"#), tokens(r#"<p id="a" hidden>x</p>"#));
}

#[test]
fn error_summary_matches_govuk() {
    // The other fixtures set a title, a description or attributes, which our summary (always
    // "There is a problem") does not take.
    let name = "default";
    let f = fixture("error-summary", name);
    assert_eq!(f.options["titleText"], "There is a problem", "our title is fixed");
    let errors = f.options["errorList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| FieldError { field: text(&e["href"]).trim_start_matches('#').to_owned(), message: text(&e["text"]) })
        .collect();
    assert_same("error-summary", name, &ErrorSummary { errors }.render().unwrap(), &f.html);
}

#[test]
fn input_matches_govuk() {
    for name in ["default", "with error message", "value", "custom type", "with autocomplete attribute"] {
        let f = fixture("input", name);
        let o = &f.options;
        let id = if o["id"].is_null() { text(&o["name"]) } else { text(&o["id"]) };
        let kind = if o["type"].is_null() { "text".to_owned() } else { text(&o["type"]) };
        let input = Input {
            id,
            label: text(&o["label"]["text"]),
            kind,
            value: text(&o["value"]),
            autocomplete: text(&o["autocomplete"]),
            error: text(&o["errorMessage"]["text"]),
        };
        assert_same("input", name, &input.render().unwrap(), &f.html);
    }
}

#[test]
fn select_matches_govuk() {
    for name in ["default", "with selected value"] {
        let f = fixture("select", name);
        let o = &f.options;
        let options = o["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|item| item["disabled"] != true)
            .map(|item| SelectOption {
                value: text(&item["value"]),
                text: text(&item["text"]),
                selected: item["selected"] == true || (!o["value"].is_null() && item["value"] == o["value"]),
            })
            .collect();
        let id = if o["id"].is_null() { text(&o["name"]) } else { text(&o["id"]) };
        let select = Select { id, label: text(&o["label"]["text"]), options };
        assert_same("select", name, &select.render().unwrap(), &f.html);
    }
}

#[test]
fn date_input_matches_govuk() {
    for name in ["with values", "with values and name prefix", "with error message and hint"] {
        let f = fixture("date-input", name);
        let o = &f.options;
        let prefix = if o["namePrefix"].is_null() { String::new() } else { format!("{}-", text(&o["namePrefix"])) };
        let part = |p: &str| text(&o["values"][format!("{prefix}{p}")]);
        let date = DateInput {
            id: text(&o["id"]),
            legend: text(&o["fieldset"]["legend"]["text"]),
            hint: text(&o["hint"]["text"]),
            day: part("day"),
            month: part("month"),
            year: part("year"),
            error: text(&o["errorMessage"]["text"]),
        };
        assert_same("date-input", name, &date.render().unwrap(), &f.html);
    }
}
