//! The sealed typst `World` a document is laid out in: one source file (the layout,
//! `document.typ`, compiled into the binary), the embedded fonts, the documents as
//! `sys.inputs`, and nothing else. It reads no file, no package and no clock: any `read`,
//! `image("path")`, `import` or `datetime.today()` a layout could make is refused.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict, Duration};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

use crate::fonts::fonts;

/// The layout, parsed once per process.
static LAYOUT: LazyLock<Source> = LazyLock::new(|| Source::detached(include_str!("document.typ")));

/// A world holding one source and the data it lays out.
pub(crate) struct Sealed {
    library: LazyHash<Library>,
    source: Source,
}

impl Sealed {
    /// The layout, with `inputs` as its `sys.inputs`.
    pub(crate) fn new(inputs: Dict) -> Self {
        Self::with_source(LAYOUT.clone(), inputs)
    }

    /// Any source, with `inputs` as its `sys.inputs`: the layout, or a test's probe.
    fn with_source(source: Source, inputs: Dict) -> Self {
        // `a11y-extras` gives `pdf.header-cell`: a fact's label is the header of its row.
        let library =
            Library::builder().with_inputs(inputs).with_features([Feature::A11yExtras].into_iter().collect()).build();
        Self { library: LazyHash::new(library), source }
    }
}

impl World for Sealed {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.source.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.source.id() { Ok(self.source.clone()) } else { Err(FileError::AccessDenied) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.source.id() { Ok(Bytes::from_string(self.source.clone())) } else { Err(FileError::AccessDenied) }
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests {
    use typst_layout::PagedDocument;

    use super::*;

    /// Compiles `text` as the main source and returns the errors' messages (none if it laid out).
    fn errors_of(text: &str) -> Vec<String> {
        let world = Sealed::with_source(Source::detached(text), Dict::new());
        match typst::compile::<PagedDocument>(&world).output {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(|error| error.message.to_string()).collect(),
        }
    }

    #[test]
    fn the_world_reads_no_file_from_disk() {
        assert_eq!(errors_of("Hello"), Vec::<String>::new());
        for probe in [
            r#"#read("/etc/passwd")"#,
            r#"#read("document.typ")"#,
            r#"#image("/etc/passwd")"#,
            r#"#import "/etc/passwd": *"#,
            r#"#include "other.typ""#,
        ] {
            let errors = errors_of(probe);
            assert!(!errors.is_empty(), "{probe} was allowed");
            assert!(errors.iter().any(|e| e.contains("access denied")), "{probe}: {errors:?}");
        }
    }

    #[test]
    fn the_world_fetches_no_package_and_tells_no_date() {
        assert!(!errors_of(r#"#import "@preview/example:0.1.0": *"#).is_empty());
        assert!(!errors_of("#datetime.today()").is_empty());
    }
}
