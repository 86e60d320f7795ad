//! Finding a resident by what staff know of them: any words of their name or address, their
//! postcode, or the landlord's reference for them, typed in one box (issue 10, "the right
//! resident every time").
//!
//! Each resident's words are rows of `resident_search_terms` (migration 0019), written with
//! the resident in one transaction ([`term_statements`]). A search's words must each begin
//! one of a resident's words: the longest of them is read as a range of the table's primary
//! key (it is likely the rarest), at most [`CANDIDATES`] rows, and the others are checked
//! for each of those residents by the same key. However many residents a landlord has, a
//! search reads a bounded number of rows; when its longest word begins more than that many,
//! the answer says the search must be narrowed rather than read them all.
//!
//! A resident's reference (a tenancy or resident reference, migration 0021) is one more term,
//! lower-cased, without spaces and marked by a leading [`REFERENCE_MARK`], which no word has: a
//! search finds it only when its whole text, so written, is the reference, by one key lookup.

use std::collections::BTreeSet;

use redress_domain::ids::{OrganisationId, ResidentId};

use crate::paging::ResidentCursor;
use crate::people_list::within_scope;
use crate::query::{Arg, Built, bind_args};
use crate::residents::{RESIDENT_COLUMNS, ResidentDetails, ResidentRow};
use crate::tx::BeginWrite;
use crate::{Database, Resident, StorageError};

/// The most rows of the longest word's range a search reads.
pub const CANDIDATES: u32 = 2000;

/// The most words of a search that are used; the rest are ignored.
const MOST_WORDS: usize = 8;

/// What begins a reference's term: not a letter or digit, so no word's term begins with it,
/// and below them all, so no word's range holds a reference.
const REFERENCE_MARK: char = '#';

/// Above any character: a prefix followed by it bounds every term that starts with the prefix.
const LAST: char = char::MAX;

/// What [`Database::search_residents`] looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentSearch {
    /// Words as typed: each must begin a word of the resident's name or address, or their
    /// postcode (with or without its space).
    pub text: String,
    /// Only residents this organisation (a managing agent or contractor acting for the
    /// landlord) sees: those of the homes assigned to it, or with a complaint it deals with.
    pub handled_by: Option<OrganisationId>,
    /// At most this many residents are returned.
    pub limit: u32,
    /// Only those after this one in the order of the answer (name, then id): the next page.
    pub after: Option<ResidentCursor>,
}

/// The residents a search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentMatches {
    /// At most the search's limit, by name then id.
    pub residents: Vec<Resident>,
    /// Whether more residents match than those returned (or may, when the search's longest
    /// word begins more than [`CANDIDATES`] residents' words).
    pub more: bool,
}

/// The words of `text` as the search keeps and compares them: runs of letters and digits,
/// lower-cased.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

/// Whether `outward` and `inward` are a UK postcode's two parts: `ls1` and `2ab`, `sw1a`
/// and `1aa` (lower-cased, as [`words`] gives them).
fn is_postcode(outward: &str, inward: &str) -> bool {
    let inward_ok = inward.len() == 3
        && inward.starts_with(|c: char| c.is_ascii_digit())
        && inward[1..].chars().all(|c| c.is_ascii_lowercase());
    let outward_ok = (2..=4).contains(&outward.len())
        && outward.starts_with(|c: char| c.is_ascii_lowercase())
        && outward.chars().all(|c| c.is_ascii_alphanumeric())
        && outward.chars().any(|c| c.is_ascii_digit());
    inward_ok && outward_ok
}

/// The term of a reference, or of a search's whole text taken as one: [`REFERENCE_MARK`], then
/// the text lower-cased without its spaces (`T 0042` and `t0042` are the same); `None` for
/// one of only spaces.
fn reference_term(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    (!compact.is_empty()).then(|| format!("{REFERENCE_MARK}{compact}"))
}

/// The terms a resident is found by: the words of their name and address, when the address
/// ends in a postcode the postcode without its space (so `ls12ab` finds it too), and their
/// reference's term ([`reference_term`]).
pub(crate) fn terms(details: &ResidentDetails) -> BTreeSet<String> {
    let address: Vec<String> = words(details.address.as_deref().unwrap_or_default()).collect();
    let postcode = match address.as_slice() {
        [.., outward, inward] if is_postcode(outward, inward) => Some(format!("{outward}{inward}")),
        _ => None,
    };
    let reference = details.reference.as_deref().and_then(reference_term);
    words(&details.name).chain(address).chain(postcode).chain(reference).collect()
}

/// The statements that replace resident `id`'s terms with those of `details`: a delete, then
/// one insert of every term (none when a name of only punctuation leaves no words).
pub(crate) fn term_statements(org: &OrganisationId, id: &ResidentId, details: &ResidentDetails) -> Vec<Built> {
    let mut delete = Built::new("delete from resident_search_terms where organisation_id = ");
    let (o, r) = (delete.arg(Arg::Text(org.to_string())), delete.arg(Arg::Text(id.to_string())));
    delete.push(&format!("{o} and resident_id = {r}"));
    let mut insert = Built::new("insert into resident_search_terms (organisation_id, term, resident_id) values ");
    let (o, r) = (insert.arg(Arg::Text(org.to_string())), insert.arg(Arg::Text(id.to_string())));
    let rows: Vec<String> = terms(details)
        .into_iter()
        .map(|term| {
            let t = insert.arg(Arg::Text(term));
            format!("({o}, {t}, {r})")
        })
        .collect();
    if rows.is_empty() {
        return vec![delete];
    }
    insert.push(&rows.join(", "));
    vec![delete, insert]
}

/// Runs the [`Built`] `statements` in order on `conn`, a write transaction.
macro_rules! run_statements {
    ($conn:expr, $statements:expr, $what:expr) => {{
        for statement in $statements {
            $crate::query::bind_args!(sqlx::query(sqlx::AssertSqlSafe(statement.sql)), &statement.args)
                .execute(&mut *$conn)
                .await
                .map_err($crate::StorageError::on_write($what))?;
        }
    }};
}
pub(crate) use run_statements;

/// The search's different words, longest first: the likely rarest, which is read as a range.
fn search_words(text: &str) -> Vec<String> {
    let mut found: Vec<String> = words(text).collect::<BTreeSet<_>>().into_iter().collect();
    found.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    found.truncate(MOST_WORDS);
    found
}

/// `term >= {prefix} and term < {prefix}{LAST}`, on `column`.
fn prefix(query: &mut Built, column: &str, word: &str) -> String {
    let low = query.arg(Arg::Text(word.to_owned()));
    let high = query.arg(Arg::Text(format!("{word}{LAST}")));
    format!("{column} >= {low} and {column} < {high}")
}

/// The query of residents matching `words` (the first read as a range), by name, one more
/// than the limit.
///
/// The residents are read from the first word's range (the candidates, a cross join: SQLite
/// never reorders one), each looked up by its key. Given statistics, SQLite would otherwise
/// walk every resident in name order (`residents_list_idx`) to spare the sort, testing each:
/// at 125,000 residents, tens of milliseconds for a search that matches few.
fn matches_query(org: &OrganisationId, search: &ResidentSearch, words: &[String]) -> Built {
    let mut query = Built::new("");
    let o = query.arg(Arg::Text(org.to_string()));
    let first = words.first().map_or("", String::as_str);
    let range = prefix(&mut query, "term", first);
    let candidates = query.arg(Arg::Int(i64::from(CANDIDATES)));
    let columns: Vec<String> = RESIDENT_COLUMNS.split(", ").map(|c| format!("residents.{c}")).collect();
    query.push(&format!(
        "select {} from (select distinct resident_id from resident_search_terms where organisation_id = {o} \
         and {range} limit {candidates}) candidates cross join residents \
         where residents.id = candidates.resident_id and residents.organisation_id = {o}",
        columns.join(", ")
    ));
    for word in words.iter().skip(1) {
        let range = prefix(&mut query, "t.term", word);
        query.push(&format!(
            " and exists (select 1 from resident_search_terms t where t.organisation_id = {o} \
             and t.resident_id = residents.id and {range})"
        ));
    }
    scope_and_order(&mut query, &o, search);
    query
}

/// The query of the residents whose reference's term is `term`, by name, one more than the
/// limit: one lookup of the terms' primary key.
fn reference_query(org: &OrganisationId, search: &ResidentSearch, term: &str) -> Built {
    let mut query = Built::new("");
    let o = query.arg(Arg::Text(org.to_string()));
    let t = query.arg(Arg::Text(term.to_owned()));
    let columns: Vec<String> = RESIDENT_COLUMNS.split(", ").map(|c| format!("residents.{c}")).collect();
    query.push(&format!(
        "select {} from resident_search_terms t cross join residents where t.organisation_id = {o}          and t.term = {t} and residents.id = t.resident_id and residents.organisation_id = {o}",
        columns.join(", ")
    ));
    scope_and_order(&mut query, &o, search);
    query
}

/// Ends a search's query (`o` the organisation's placeholder): the caller's scope, the page's
/// start, and the order by name then id, reading one more than the limit.
fn scope_and_order(query: &mut Built, o: &str, search: &ResidentSearch) {
    if let Some(handling) = &search.handled_by {
        let h = query.arg(Arg::Text(handling.to_string()));
        query.push(&format!(" and {}", within_scope("residents.id", o, &h)));
    }
    if let Some(after) = &search.after {
        let (name, id) = (query.arg(Arg::Text(after.name.clone())), query.arg(Arg::Text(after.id.to_string())));
        query.push(&format!(" and (residents.name, residents.id) > ({name}, {id})"));
    }
    let limit = query.arg(Arg::Int(i64::from(search.limit) + 1));
    query.push(&format!(" order by residents.name, residents.id limit {limit}"));
}

/// The query counting the terms `word` begins, up to one more than [`CANDIDATES`].
fn candidates_query(org: &OrganisationId, word: &str) -> Built {
    let mut query = Built::new("select count(*) from (select 1 from resident_search_terms where organisation_id = ");
    let o = query.arg(Arg::Text(org.to_string()));
    query.push(&o);
    let range = prefix(&mut query, "term", word);
    let most = query.arg(Arg::Int(i64::from(CANDIDATES) + 1));
    query.push(&format!(" and {range} limit {most}) candidates"));
    query
}

impl Database {
    /// The residents of organisation `org` whose words `search` begins, or whose reference is
    /// its whole text (ignoring case and spaces), by name: at most its limit, and whether there
    /// are more. A search with no words finds no one.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails; [`StorageError::Integrity`] if a
    /// resident's stored support needs are not JSON.
    pub async fn search_residents(
        &self,
        org: &OrganisationId,
        search: &ResidentSearch,
    ) -> Result<ResidentMatches, StorageError> {
        let words = search_words(&search.text);
        let Some(longest) = words.first() else {
            return Ok(ResidentMatches { residents: Vec::new(), more: false });
        };
        let count = candidates_query(org, longest);
        let candidates: i64 = db_run!(self, pool => {
            bind_args!(sqlx::query_scalar(sqlx::AssertSqlSafe(count.sql)), &count.args).fetch_one(pool).await
        })?;
        let mut rows = self.resident_rows(matches_query(org, search, &words)).await?;
        if let Some(term) = reference_term(&search.text) {
            let by_reference = self.resident_rows(reference_query(org, search, &term)).await?;
            let added: Vec<ResidentRow> =
                by_reference.into_iter().filter(|r| !rows.iter().any(|w| w.id == r.id)).collect();
            if !added.is_empty() {
                rows.extend(added);
                rows.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
            }
        }
        let limit = usize::try_from(search.limit).unwrap_or(usize::MAX);
        let more = rows.len() > limit || candidates > i64::from(CANDIDATES);
        let residents = rows.into_iter().take(limit).map(Resident::try_from).collect::<Result<Vec<_>, _>>()?;
        Ok(ResidentMatches { residents, more })
    }

    /// The rows `query` selects (a resident's columns).
    async fn resident_rows(&self, query: Built) -> Result<Vec<ResidentRow>, StorageError> {
        Ok(db_run!(self, pool => {
            bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
        })?)
    }

    /// Writes the terms of every resident that has none: those recorded before the terms
    /// were kept (migration 0019). Returns how many residents it wrote them for.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub(crate) async fn index_unsearched_residents(&self) -> Result<u64, StorageError> {
        let sql = format!(
            "select {RESIDENT_COLUMNS} from residents where not exists \
             (select 1 from resident_search_terms t where t.organisation_id = residents.organisation_id \
             and t.resident_id = residents.id)"
        );
        let rows: Vec<ResidentRow> =
            db_run!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await)?;
        let residents = rows.into_iter().map(Resident::try_from).collect::<Result<Vec<_>, _>>()?;
        if residents.is_empty() {
            return Ok(0);
        }
        db_run!(self, pool => async {
            let mut tx = pool.begin_write().await?;
            for r in &residents {
                run_statements!(tx, term_statements(&r.organisation_id, &r.id, &r.details), "resident");
            }
            tx.commit().await?;
            Ok::<(), StorageError>(())
        }
        .await)?;
        Ok(u64::try_from(residents.len()).unwrap_or(u64::MAX))
    }

    /// The plan of [`Database::search_residents`]' main query (see `query.rs`).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    #[cfg(feature = "testing")]
    pub async fn explain_resident_search(
        &self,
        org: &OrganisationId,
        search: &ResidentSearch,
    ) -> Result<Vec<String>, StorageError> {
        self.explain(&matches_query(org, search, &search_words(&search.text))).await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn details(name: &str, address: Option<&str>) -> ResidentDetails {
        ResidentDetails {
            name: name.to_owned(),
            reference: None,
            email: None,
            phone: None,
            address: address.map(str::to_owned),
            preferred_contact_method: None,
            preferred_format: None,
            disabilities: json!([]),
            vulnerabilities: json!([]),
            reasonable_adjustments: json!([]),
            support_review_on: None,
        }
    }

    #[test]
    fn a_resident_is_found_by_each_word_and_by_the_postcode_without_its_space() {
        let terms = terms(&details("Mary O'Brien", Some("12 Acacia Avenue,\nLeeds LS1 2AB")));
        let expected = ["12", "2ab", "acacia", "avenue", "brien", "leeds", "ls1", "ls12ab", "mary", "o"];
        assert_eq!(terms.into_iter().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn a_reference_is_one_marked_term_without_spaces_that_no_word_range_holds() {
        let mut resident = details("Ann Lee", None);
        resident.reference = Some(" T 0042 ".to_owned());
        let terms = terms(&resident);
        assert_eq!(terms.into_iter().collect::<Vec<_>>(), ["#t0042", "ann", "lee"]);
        assert_eq!(reference_term("t0042"), reference_term("T 00 42"));
        assert_eq!(reference_term("  "), None);
        // A word's range starts at a letter or digit, above the mark.
        assert!("#t0042" < "0");
    }

    #[test]
    fn an_address_not_ending_in_a_postcode_adds_no_joined_term() {
        let terms = terms(&details("Ann Lee", Some("Flat 3, 40 Mill Road")));
        assert!(!terms.contains("40mill") && !terms.contains("millroad") && !terms.contains("3road"));
        assert!(is_postcode("sw1a", "1aa") && is_postcode("m1", "1ae"));
        assert!(!is_postcode("mill", "road") && !is_postcode("40", "1aa"));
    }

    #[test]
    fn the_longest_word_of_a_search_is_read_first() {
        assert_eq!(search_words("  Smith, 12 acacia "), ["acacia", "smith", "12"]);
        assert!(search_words(" ,- ").is_empty());
    }
}
