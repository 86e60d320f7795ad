//! The request bodies of the complaint transitions: each is the payload of one domain command
//! (`redress_domain::complaint::{NotAccept, Acknowledge, …}`, described once there for serde
//! and OpenAPI) plus an optional `at` (RFC 3339), for recording something that already
//! happened, and an optional `late_reason`, required when the step meets or moves a deadline
//! that had passed before it was recorded though `at` is by then (Code 5.12). [`Timed`] adds
//! both, to the body and to its schema.
//!
//! Parts the Code requires are optional in the payloads, so that leaving one out is refused
//! with the provision that requires it (422) rather than rejected as malformed (400). Unknown
//! fields are rejected (400).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use jiff::Timestamp;
use redress_domain::complaint;
use serde::de::{DeserializeOwned, Error as _, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Number, Value};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type};
use utoipa::{PartialSchema, ToSchema};

// The body of each transition. Aliases, because utoipa's path macro takes a generic type only
// through its unstable composition API; the names are those the document has always used.

/// Decide not to accept the complaint (Code 2.1-2.5).
pub type NotAccept = Timed<complaint::NotAccept>;
/// Acknowledge a stage and define the complaint (Code 5.6-5.8, 6.2, 6.11, 6.13).
pub type Acknowledge = Timed<complaint::Acknowledge>;
/// Add related points raised during stage 1 to its definition (Code 6.8).
pub type AddPoints = Timed<complaint::AddPoints>;
/// Agree with the resident how often they will be updated (Code 5.9).
pub type UpdateInterval = Timed<complaint::AgreeUpdateInterval>;
/// Extend a stage's response deadline (Code 6.4, 6.5, 6.15, 6.16, 5.9).
pub type Extend = Timed<complaint::Extend>;
/// Issue a stage's response (Code 6.7, 6.9 at stage 1; 6.18, 6.19 at stage 2).
pub type Respond = Timed<complaint::Respond>;
/// The resident asks for stage 2 (Code 6.10, 6.12).
pub type Escalate = Timed<complaint::RequestEscalation>;
/// Refuse to escalate (Code 5.11).
pub type RefuseEscalation = Timed<complaint::RefuseEscalation>;
/// Offer a remedy outside a response (Code 5.13, 7.1-7.3).
pub type OfferRemedy = Timed<complaint::RemedyOffer>;
/// Record that a remedy was carried out (Code 7.3); the remedy is named in the path.
pub type CompleteRemedy = Timed<complaint::CompleteRemedy>;
/// Add an outstanding action (Code 6.6, 6.17).
pub type AddAction = Timed<complaint::ActionPlan>;
/// Record progress on an action; the action is named in the path.
pub type UpdateAction = Timed<complaint::UpdateAction>;
/// Record that an action is done; the action is named in the path. The body may be empty.
pub type CompleteAction = Timed<complaint::CompleteAction>;
/// Record that the complaint was referred to the Housing Ombudsman.
pub type ReferToOmbudsman = Timed<complaint::ReferToOmbudsman>;
/// Record the Ombudsman's determination.
pub type RecordDetermination = Timed<complaint::RecordDetermination>;
/// Record compliance with an order or recommendation; the order is named in the path.
pub type RecordOrderCompliance = Timed<complaint::RecordOrderCompliance>;
/// Close the complaint, with what was learnt (Code 9.1).
pub type Close = Timed<complaint::Learning>;
/// Name another handler for the stage, with the reason (Code 5.8, 6.13). It takes effect when
/// recorded, so it takes no `at` nor `late_reason`.
pub type Reassign = Untimed<complaint::Reassign>;
/// Pass the complaint to another organisation to handle, with the reason (Code 5.4). It takes
/// effect when recorded, so it takes no `at` nor `late_reason`.
pub type PassHandling = Untimed<complaint::PassHandling>;

/// The name of the field every transition body may add to its payload: when it happened.
const AT: &str = "at";

/// The name of the field every transition body may add to its payload: why it is recorded
/// after the deadline it meets.
const LATE_REASON: &str = "late_reason";

/// A command's payload as a request body, with when it happened (default: now).
///
/// Deserialized by hand rather than with `#[serde(flatten)]`, because serde ignores unknown
/// fields of a flattened struct: `at` is taken out and the rest must be exactly the payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timed<T> {
    /// The command's payload.
    pub body: T,
    /// When it happened, if not now.
    pub at: Option<Timestamp>,
    /// Why it is recorded only after the deadline it meets or moves had passed.
    pub late_reason: Option<String>,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Timed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timed<T>, D::Error> {
        deserializer.deserialize_map(TimedVisitor(PhantomData))
    }
}

/// Reads a [`Timed`] from a JSON object. Errors are raised inside the object, so that the JSON
/// reader adds where they are (`at line 1 column 30`).
struct TimedVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for TimedVisitor<T> {
    type Value = Timed<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Timed<T>, A::Error> {
        let mut rest = Map::new();
        let mut at: Option<Option<Timestamp>> = None;
        let mut late_reason: Option<Option<String>> = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == AT {
                if at.is_some() {
                    return Err(A::Error::duplicate_field(AT));
                }
                at = Some(map.next_value()?);
            } else if key == LATE_REASON {
                if late_reason.is_some() {
                    return Err(A::Error::duplicate_field(LATE_REASON));
                }
                late_reason = Some(map.next_value()?);
            } else {
                let value = whole_numbers_as_integers(map.next_value()?);
                if rest.insert(key.clone(), value).is_some() {
                    return Err(A::Error::custom(format_args!("duplicate field `{key}`")));
                }
            }
        }
        let body = T::deserialize(Value::Object(rest)).map_err(A::Error::custom)?;
        Ok(Timed { body, at: at.flatten(), late_reason: late_reason.flatten() })
    }
}

/// A command's payload as a request body, for a step that happens when it is recorded: no
/// `at` nor `late_reason`, and whole numbers read as [`Timed`] reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untimed<T>(pub T);

impl<'de, T: DeserializeOwned> Deserialize<'de> for Untimed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Untimed<T>, D::Error> {
        let value = Value::deserialize(deserializer)?;
        T::deserialize(whole_numbers_as_integers(value)).map(Untimed).map_err(D::Error::custom)
    }
}

/// The payload's own schema: the body is exactly the payload.
impl<T: ToSchema> PartialSchema for Untimed<T> {
    fn schema() -> RefOr<Schema> {
        T::schema()
    }
}

impl<T: ToSchema> ToSchema for Untimed<T> {
    fn name() -> Cow<'static, str> {
        T::name()
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        T::schemas(schemas);
    }
}

/// `value` with every number that is whole but written with a fraction or exponent (`5.0`,
/// `5e0`) as an integer: JSON Schema counts them as integers, so the document's `integer`
/// fields must accept them, and serde's integer types refuse a JSON float.
fn whole_numbers_as_integers(value: Value) -> Value {
    match value {
        Value::Number(number) if number.is_f64() => Value::Number(whole(&number).unwrap_or(number)),
        Value::Array(items) => Value::Array(items.into_iter().map(whole_numbers_as_integers).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, whole_numbers_as_integers(v))).collect()),
        other => other,
    }
}

/// A float that is a whole number in the range of `i64` or `u64`, as an integer.
fn whole(number: &Number) -> Option<Number> {
    let float = number.as_f64()?;
    if float.fract() != 0.0 {
        return None;
    }
    // 2^63 and 2^64 are exact in f64; the casts are exact inside these bounds.
    if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&float) {
        return Some(Number::from(float as i64));
    }
    if (0.0..18_446_744_073_709_551_616.0).contains(&float) {
        return Some(Number::from(float as u64));
    }
    None
}

/// The payload's own schema with `at` and `late_reason` added beside its fields, so that the document says
/// exactly what is accepted: one object, unknown fields refused.
impl<T: ToSchema> PartialSchema for Timed<T> {
    fn schema() -> RefOr<Schema> {
        let mut payload = T::schema();
        if let RefOr::T(Schema::Object(object)) = &mut payload {
            object.properties.insert(AT.to_owned(), at_schema());
            object.properties.insert(LATE_REASON.to_owned(), late_reason_schema());
        }
        payload
    }
}

impl<T: ToSchema> ToSchema for Timed<T> {
    fn name() -> Cow<'static, str> {
        Cow::Owned(format!("Timed{}", T::name()))
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        T::schemas(schemas);
    }
}

/// The schema of `at`.
fn at_schema() -> RefOr<Schema> {
    let object = ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
        .description(Some(
            "When it happened, if not now (RFC 3339): not in the future, nor before the complaint was received.",
        ))
        .build();
    RefOr::T(Schema::Object(object))
}

/// The schema of `late_reason`.
fn late_reason_schema() -> RefOr<Schema> {
    let object = ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .description(Some(
            "Why this is recorded only now, after the deadline it meets or moves had passed, though `at` is on \
             or before that deadline: required then (422 citing Code 5.12 without it), and kept on the record \
             with the flag \"recorded after its due date\"; ignored otherwise.",
        ))
        .build();
    RefOr::T(Schema::Object(object))
}
