//! The categories an organisation reports its complaints under, so that the governing body's
//! updates on "the volume, categories and outcomes of complaints" (Code 9.7 a) count each
//! complaint under everything it is about: what a category is, the defaults every
//! organisation starts with, the choice of a complaint's categories from the organisation's
//! list, and the rules for naming one.
//!
//! Each organisation keeps its own list (the application stores it). A category is never
//! removed, only retired: complaints logged under it keep it, and new ones cannot choose it.

use serde::{Deserialize, Serialize};

use crate::ids::CategoryId;
use crate::refusal::Refusal;
use crate::text::{SHORT, check};

/// One of an organisation's categories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Its id, unique within the organisation.
    pub id: CategoryId,
    /// Its name as people read it ("Damp and mould").
    pub name: String,
    /// Whether it is retired: kept by the complaints that have it, offered to no new one.
    pub retired: bool,
}

/// The categories every organisation starts with, in order: id and name. Migration 0017 gave
/// them to the organisations that existed then, with the same ids.
pub const DEFAULT_CATEGORIES: [(&str, &str); 7] = [
    ("repairs", "Repairs"),
    ("damp-and-mould", "Damp and mould"),
    ("anti-social-behaviour", "Anti-social behaviour"),
    ("staff-conduct", "Staff conduct"),
    ("communication", "Communication"),
    ("neighbourhood", "Neighbourhood"),
    ("rent-and-charges", "Rent and charges"),
];

/// The default categories as a list, none retired: a new organisation's.
pub fn default_categories() -> Vec<Category> {
    DEFAULT_CATEGORIES
        .iter()
        .map(|(id, name)| Category {
            id: CategoryId::trusted((*id).to_owned()),
            name: (*name).to_owned(),
            retired: false,
        })
        .collect()
}

/// The categories chosen for a new complaint from the organisation's list `offered`, each
/// once, in the order `chosen` names them.
///
/// # Errors
///
/// [`Refusal::Invalid`] naming the first id that is not in the list, or is retired.
pub fn choose(offered: &[Category], chosen: &[CategoryId]) -> Result<Vec<Category>, Refusal> {
    let mut categories: Vec<Category> = Vec::with_capacity(chosen.len());
    for id in chosen {
        let category = offered
            .iter()
            .find(|c| &c.id == id)
            .ok_or_else(|| Refusal::Invalid(format!("category {id} is not one of the organisation's categories")))?;
        if category.retired {
            return Err(Refusal::Invalid(format!(
                "the category \"{}\" is retired: choose one of the categories in use",
                category.name
            )));
        }
        if !categories.iter().any(|c| c.id == category.id) {
            categories.push(category.clone());
        }
    }
    Ok(categories)
}

/// The name `name` checked for a category of the list `existing` (trimmed): not blank, one
/// line within the limit of a short text, and not the name of another category of the list
/// (`renaming` is the category being renamed, which may keep its name), ignoring case.
///
/// # Errors
///
/// [`Refusal::Invalid`] for a blank name or one taken; [`Refusal::Text`] for one too long or
/// with control characters.
pub fn checked_name(name: &str, existing: &[Category], renaming: Option<&CategoryId>) -> Result<String, Refusal> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Refusal::Invalid("enter the category's name".into()));
    }
    check("the category's name", name, SHORT)?;
    let taken = existing.iter().any(|c| Some(&c.id) != renaming && c.name.to_lowercase() == name.to_lowercase());
    if taken {
        return Err(Refusal::Invalid(format!("there is already a category called \"{name}\"")));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(id: &str, name: &str, retired: bool) -> Category {
        Category { id: CategoryId::trusted(id.into()), name: name.into(), retired }
    }

    fn list() -> Vec<Category> {
        vec![
            category("repairs", "Repairs", false),
            category("damp-and-mould", "Damp and mould", false),
            category("heating", "Heating", true),
        ]
    }

    fn ids(ids: &[&str]) -> Vec<CategoryId> {
        ids.iter().map(|id| CategoryId::trusted((*id).into())).collect()
    }

    #[test]
    fn a_complaint_takes_several_categories_of_the_list_each_once() {
        let chosen = choose(&list(), &ids(&["damp-and-mould", "repairs", "damp-and-mould"]));
        let names: Vec<String> = chosen.unwrap_or_default().into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["Damp and mould", "Repairs"]);
        assert_eq!(choose(&list(), &[]), Ok(Vec::new()));
    }

    #[test]
    fn a_category_not_in_the_list_or_retired_is_refused() {
        assert_eq!(
            choose(&list(), &ids(&["noise"])),
            Err(Refusal::Invalid("category noise is not one of the organisation's categories".into()))
        );
        assert_eq!(
            choose(&list(), &ids(&["repairs", "heating"])),
            Err(Refusal::Invalid("the category \"Heating\" is retired: choose one of the categories in use".into()))
        );
    }

    #[test]
    fn a_name_must_be_given_and_not_taken_ignoring_case() {
        assert_eq!(checked_name("  Noise ", &list(), None), Ok("Noise".into()));
        assert_eq!(checked_name(" ", &list(), None), Err(Refusal::Invalid("enter the category's name".into())));
        assert!(checked_name("damp AND mould", &list(), None).is_err(), "taken, ignoring case");
        assert!(checked_name("heating", &list(), None).is_err(), "a retired category's name is taken too");
        let repairs = CategoryId::trusted("repairs".into());
        assert_eq!(checked_name("REPAIRS", &list(), Some(&repairs)), Ok("REPAIRS".into()), "its own name");
        assert!(matches!(checked_name(&"x".repeat(301), &list(), None), Err(Refusal::Text(_))));
    }
}
