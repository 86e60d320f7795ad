//! Documents the tests and the benchmark render: a two-page stage 1 response letter with
//! every kind of block, and a long document (a case file's timeline) of about 40 pages.

#![allow(dead_code)] // Each test file uses some of these.

use redress_documents::{Addressing, Block, Document, Fact, Image, Inline, Letterhead};

/// A 4 by 2 pixel PNG, blue: the letterhead's logo.
pub const LOGO_PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 4, 0, 0, 0, 2, 8, 2, 0, 0, 0, 240, 202, 234,
    52, 0, 0, 0, 15, 73, 68, 65, 84, 120, 156, 99, 96, 136, 219, 129, 64, 200, 28, 0, 107, 74, 8, 177, 255, 119, 175,
    55, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// A bar chart, as SVG.
pub const CHART_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120"><rect x="10" y="20" width="80" height="100" fill="#1d70b8"/><rect x="110" y="60" width="80" height="60" fill="#1d70b8"/><rect x="210" y="90" width="80" height="30" fill="#1d70b8"/></svg>"##;

pub const LOGO_ALT: &str = "Riverside Homes logo";
pub const CHART_ALT: &str = "Bar chart: 10 complaints in April, 6 in May, 3 in June";

pub fn text(words: &str) -> Inline {
    Inline::Text { text: words.into() }
}

pub fn paragraph(words: &str) -> Block {
    Block::Paragraph { text: vec![text(words)] }
}

pub fn heading(level: u8, words: &str) -> Block {
    Block::Heading { level, text: words.into() }
}

pub fn letterhead() -> Letterhead {
    Letterhead {
        name: "Riverside Homes".into(),
        address: vec!["1 Quay Street".into(), "Bristol".into(), "BS1 4DJ".into()],
        contact: vec!["0117 496 0000".into(), "complaints@riverside.example".into()],
        logo: Some(Image { bytes: LOGO_PNG.to_vec(), media_type: "image/png".into(), alt: LOGO_ALT.into() }),
    }
}

pub fn addressing() -> Addressing {
    Addressing {
        recipient: vec!["Ms Jane Example".into(), "Flat 2, 10 Mill Lane".into(), "Bristol".into(), "BS3 1AA".into()],
        date: "7 December 2026".into(),
        reference: "CMP-2026-00042".into(),
    }
}

/// A stage 1 response letter with every kind of block, about two pages long.
pub fn letter() -> Document {
    let blocks = vec![
        heading(1, "Our response to your complaint"),
        Block::Paragraph {
            text: vec![
                text("Dear Ms Example, this is our stage 1 response. We have decided to "),
                Inline::Strong { text: "uphold".into() },
                text(" your complaint."),
            ],
        },
        heading(2, "Your complaint"),
        paragraph("You told us that the heating in your flat has not worked since 3 November 2026."),
        Block::Facts {
            rows: vec![
                Fact { label: "Complaint stage".into(), value: "Stage 1".into() },
                Fact { label: "Received".into(), value: "10 November 2026".into() },
                Fact { label: "Handled by".into(), value: "Sam Officer".into() },
            ],
        },
        heading(2, "What we decided"),
        Block::List {
            ordered: true,
            items: vec![
                vec![text("The repair was late: upheld.")],
                vec![text("We did not call you back: upheld.")],
                vec![text("The engineer was rude: not upheld.")],
            ],
        },
        // The second page: what the landlord will do, and what to do if the resident is not satisfied.
        Block::PageBreak,
        heading(2, "What we will do"),
        Block::Table {
            caption: "Remedies".into(),
            header: vec!["What".into(), "By when".into()],
            rows: vec![
                vec!["Replace the boiler".into(), "14 December 2026".into()],
                vec!["Pay you £150 for the inconvenience".into(), "21 December 2026".into()],
            ],
        },
        Block::List {
            ordered: false,
            items: vec![vec![text("We will phone you every week until the boiler is replaced.")]],
        },
        heading(3, "How we handle complaints"),
        Block::Image(Image {
            bytes: CHART_SVG.as_bytes().to_vec(),
            media_type: "image/svg+xml".into(),
            alt: CHART_ALT.into(),
        }),
        heading(2, "If you are not happy with our response"),
        Block::Paragraph {
            text: vec![
                text("You can ask us to look at your complaint again at stage 2. You can also contact the "),
                Inline::Link { text: "Housing Ombudsman".into(), href: "https://www.housing-ombudsman.org.uk".into() },
                text("."),
            ],
        },
        paragraph("Yours sincerely,"),
        paragraph("Sam Officer, Complaints team"),
    ];
    Document {
        title: "Stage 1 response to complaint CMP-2026-00042".into(),
        language: "en-GB".into(),
        letterhead: Some(letterhead()),
        addressing: Some(addressing()),
        large_print: false,
        blocks,
    }
}

/// Every text of [`letter`] a reader sees, in reading order.
pub fn letter_texts() -> Vec<&'static str> {
    vec![
        "Riverside Homes",
        "1 Quay Street",
        "Bristol",
        "BS1 4DJ",
        "0117 496 0000",
        "complaints@riverside.example",
        "Ms Jane Example",
        "Flat 2, 10 Mill Lane",
        "BS3 1AA",
        "7 December 2026",
        "Our reference: CMP-2026-00042",
        "Our response to your complaint",
        "uphold",
        "Your complaint",
        "the heating in your flat",
        "Complaint stage",
        "Stage 1",
        "Received",
        "10 November 2026",
        "Handled by",
        "Sam Officer",
        "What we decided",
        "The repair was late: upheld.",
        "We did not call you back: upheld.",
        "The engineer was rude: not upheld.",
        "What we will do",
        "Remedies",
        "What",
        "By when",
        "Replace the boiler",
        "14 December 2026",
        "Pay you £150 for the inconvenience",
        "21 December 2026",
        "We will phone you every week",
        "How we handle complaints",
        "If you are not happy with our response",
        // A long address may wrap after its scheme.
        "Housing Ombudsman (https://",
        "www.housing-ombudsman.org.uk).",
        "Yours sincerely,",
        "Sam Officer, Complaints team",
    ]
}

/// A document of about 40 pages: a case file's timeline as one long table, with headings and
/// paragraphs between its parts.
pub fn long_document() -> Document {
    let mut blocks = vec![heading(1, "Case file for complaint CMP-2026-00042")];
    for part in 1..=8 {
        blocks.push(heading(2, &format!("Part {part} of the timeline")));
        blocks.push(paragraph(
            "Each event as it happened and as it was recorded, with who recorded it and the deadline it set.",
        ));
        blocks.push(Block::Table {
            caption: format!("Events in part {part}"),
            header: vec!["When".into(), "Recorded".into(), "Event".into(), "By".into()],
            rows: (1..=60)
                .map(|n| {
                    vec![
                        format!("{n} March 2026, 10:{:02}", n % 60),
                        format!("{n} March 2026, 11:{:02}", n % 60),
                        format!("Event {part}.{n}: the resident phoned about the heating and was told the next step"),
                        "Sam Officer".into(),
                    ]
                })
                .collect(),
        });
    }
    Document {
        title: "Case file for complaint CMP-2026-00042".into(),
        language: "en-GB".into(),
        letterhead: Some(letterhead()),
        addressing: None,
        large_print: false,
        blocks,
    }
}

/// Text that typst would read as markup or code, were it ever parsed.
pub const HOSTILE: [&str; 6] = [
    r"# * _ $ [ ] \ @ < > ` ~ = - + / ' \u{41} 1. -- ...",
    r#"#import "x""#,
    r#"#read("/etc/passwd")"#,
    r"$x^2$ *bold* _emph_ `raw` <label> @ref \ #{1 + 1} #(2 * 3)",
    r#"#set text(size: 40pt) #show: none #let x = 1 ]] [["#,
    r"/* not a comment */ // not a comment either",
];

/// A letter whose every text is [`HOSTILE`].
pub fn hostile_letter() -> Document {
    let mut document = letter();
    document.title = HOSTILE[1].into();
    if let Some(head) = document.letterhead.as_mut() {
        head.name = HOSTILE[2].into();
    }
    document.addressing =
        Some(Addressing { recipient: vec![HOSTILE[4].into()], date: HOSTILE[0].into(), reference: HOSTILE[5].into() });
    document.blocks = vec![
        heading(1, HOSTILE[3]),
        paragraph(HOSTILE[0]),
        Block::Paragraph { text: vec![Inline::Strong { text: HOSTILE[1].into() }] },
        Block::List { ordered: false, items: vec![vec![text(HOSTILE[2])]] },
        Block::Table {
            caption: HOSTILE[5].into(),
            header: vec![HOSTILE[3].into()],
            rows: vec![vec![HOSTILE[4].into()]],
        },
        Block::Facts { rows: vec![Fact { label: HOSTILE[0].into(), value: HOSTILE[1].into() }] },
    ];
    document
}

/// Every text of [`hostile_letter`], in reading order.
pub fn hostile_letter_texts() -> Vec<String> {
    [2, 4, 0]
        .iter()
        .map(|&i| HOSTILE[i].to_owned())
        .chain([format!("Our reference: {}", HOSTILE[5])])
        .chain([3, 0, 1, 2, 5, 3, 4, 0, 1].iter().map(|&i| HOSTILE[i].to_owned()))
        .collect()
}
