//! The categories question every form that logs a complaint asks (Code 9.7 a): the
//! organisation's categories in use, as GOV.UK checkboxes, any number ticked (none is an
//! answer too). Retired categories are not offered; the domain refuses one all the same.

use redress_domain::categories::Category;
use redress_domain::ids::CategoryId;

use super::fields::{Builder, Widget};

/// The checkboxes' options: each category in use, in the list's order.
pub(crate) fn category_options(categories: Vec<Category>) -> Vec<(String, String)> {
    categories.into_iter().filter(|c| !c.retired).map(|c| (c.id.into(), c.name)).collect()
}

/// Adds the categories question to `b`, offering `options`; the ids ticked, or `None` (with
/// a field error) when one is not an id at all.
pub(crate) fn category_field(b: &mut Builder<'_>, options: Vec<(String, String)>) -> Option<Vec<CategoryId>> {
    let values = b.values;
    b.add(
        "categories",
        "Categories",
        "What the complaint is about, for reporting: select all that apply",
        Widget::Checkboxes(options),
    );
    let ticked: Result<Vec<CategoryId>, _> = values.all("categories").into_iter().map(str::parse).collect();
    match ticked {
        Ok(ids) => Some(ids),
        Err(_) => {
            b.fail("categories", "categories", "Select categories from the list");
            None
        }
    }
}
