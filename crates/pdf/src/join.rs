//! Joining finished PDFs into one, for printing: the print queue's day of letters is the PDFs
//! that were issued, byte for byte as their checksums say, not documents laid out again.
//!
//! Each file's pages are taken whole (with the attributes they inherit from their page tree
//! made their own), in order, under one new page tree. What belongs to a file as a whole is
//! left behind: its catalogue, and with it its structure tree, outline and metadata. The
//! joined file is for the printer; each letter's own file stays the accessible record.

use lopdf::{Dictionary, Document, Object, ObjectId, dictionary};

use crate::PdfError;

/// The page attributes a page inherits from its page tree when it does not set them itself.
const INHERITED: [&[u8]; 4] = [b"MediaBox", b"CropBox", b"Resources", b"Rotate"];

/// The PDFs `pdfs` joined into one, their pages in order.
///
/// # Errors
///
/// [`PdfError::NoDocuments`] if there are none; [`PdfError::Unreadable`] if one cannot be read
/// as a PDF (naming which, counting from 1); [`PdfError::Join`] if the joined file cannot be
/// written.
pub fn concatenate(pdfs: &[Vec<u8>]) -> Result<Vec<u8>, PdfError> {
    if pdfs.is_empty() {
        return Err(PdfError::NoDocuments);
    }
    let mut joined = Document::with_version("1.7");
    let pages_id = joined.new_object_id();
    let mut kids = Vec::new();
    for (index, bytes) in pdfs.iter().enumerate() {
        let unreadable = |error: lopdf::Error| PdfError::Unreadable { file: index + 1, reason: error.to_string() };
        let mut pdf = Document::load_mem(bytes).map_err(unreadable)?;
        let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
        if pages.is_empty() {
            return Err(PdfError::Unreadable { file: index + 1, reason: "it has no pages".into() });
        }
        for page in &pages {
            let own = with_inherited(&pdf, *page).map_err(unreadable)?;
            pdf.objects.insert(*page, Object::Dictionary(own));
        }
        pdf.renumber_objects_with(joined.max_id + 1);
        let root = pdf.trailer.get(b"Root").and_then(Object::as_reference).map_err(unreadable)?;
        for page in pdf.get_pages().into_values() {
            if let Some(Object::Dictionary(dictionary)) = pdf.objects.get_mut(&page) {
                dictionary.set("Parent", pages_id);
                // Its marked content pointed into the structure tree left behind.
                dictionary.remove(b"StructParents");
            }
            kids.push(Object::Reference(page));
        }
        pdf.objects.remove(&root);
        joined.max_id = joined.max_id.max(pdf.max_id);
        joined.objects.extend(pdf.objects);
    }
    let count = i64::try_from(kids.len()).unwrap_or(i64::MAX);
    joined
        .objects
        .insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog = joined.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    joined.trailer.set("Root", catalog);
    // The files' old page trees, structure trees and metadata are reachable from nothing now.
    joined.prune_objects();
    let mut out = Vec::new();
    joined.save_to(&mut out).map_err(|error| PdfError::Join(error.to_string()))?;
    Ok(out)
}

/// Page `id`'s dictionary with the attributes it inherits set on itself, so that it keeps them
/// under another page tree.
fn with_inherited(pdf: &Document, id: ObjectId) -> Result<Dictionary, lopdf::Error> {
    let mut page = pdf.get_dictionary(id)?.clone();
    for key in INHERITED {
        if page.has(key) {
            continue;
        }
        if let Some(value) = inherited(pdf, id, key)? {
            page.set(key, value);
        }
    }
    Ok(page)
}

/// The value of `key` that page `id` inherits from the nearest node of its page tree above it.
fn inherited(pdf: &Document, id: ObjectId, key: &[u8]) -> Result<Option<Object>, lopdf::Error> {
    let mut node = pdf.get_dictionary(id)?;
    // A page tree deeper than this is a loop, not a tree.
    for _ in 0..64 {
        let Ok(parent) = node.get(b"Parent").and_then(Object::as_reference) else { return Ok(None) };
        node = pdf.get_dictionary(parent)?;
        if let Ok(value) = node.get(key) {
            return Ok(Some(value.clone()));
        }
    }
    Err(lopdf::Error::ReferenceCycle(id))
}
