//! What the importer's tests share: the three published self-assessments (copied from
//! `shared/seeds`), and a DOCX writer for documents made in the test.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

/// A seed by its number: 1 (2024 Code, a council, Word saved as text), 2 (2022 Code, tab-
/// separated rows with HTML fragments, separate "must" and "should" tables), 3 (2024 Code, a
/// co-operative, tab-separated rows, every provision 1.2 to 9.8).
pub fn seed(number: u8) -> &'static str {
    match number {
        1 => include_str!("../seeds/001_f5f197cf8a7913f8.txt"),
        2 => include_str!("../seeds/002_c12ef68dc0e349cb.txt"),
        _ => include_str!("../seeds/003_3e3d9c784d8e7b2e.txt"),
    }
}

/// A Word document whose body is `body` (the children of `w:body`), deflated as Word writes
/// it, with the content types and relationships a real one has.
pub fn docx(body: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let files = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_owned(),
        ),
        ("word/document.xml", document),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Text escaped for XML and HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
