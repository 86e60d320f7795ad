//! The exports opened again: the DOCX read back by the project's own importer and as XML, the
//! PDF by lopdf and `pdftotext`, the HTML, the CSV by the `csv` crate and the JSON by serde.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod data;
mod docx;
mod pdf;
