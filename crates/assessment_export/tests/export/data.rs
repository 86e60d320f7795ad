//! The CSV parsed by the `csv` crate, and the JSON parsed back both as the export's own shape
//! and as the importer's.

use redress_assessment_export::{AssessmentJson, CSV_HEADER, csv, json};
use redress_selfassessment::SelfAssessment;

use crate::common::{full_2024, has_evidence};

#[test]
fn the_csv_has_one_row_per_provision_with_its_section_answer_and_date() {
    let assessment = full_2024();
    let bytes = csv(&assessment).unwrap();
    let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), CSV_HEADER);
    let records: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 72);
    for (index, (record, (section, row))) in records.iter().zip(assessment.rows()).enumerate() {
        assert_eq!(record.len(), 7);
        assert_eq!(&record[0], section.number.to_string());
        assert_eq!(&record[1], row.provision.to_string());
        assert_eq!(&record[2], row.requirement);
        assert_eq!(&record[3], row.comply.map(|a| if a.label() == "Yes" { "yes" } else { "no" }).unwrap_or(""));
        assert_eq!(record[4].is_empty(), !has_evidence(index));
        assert_eq!(&record[4], row.evidence, "paragraphs, quotes and all survive");
        assert_eq!(&record[5], row.commentary);
        assert_eq!(&record[6], row.comply_by.map(|d| d.to_string()).unwrap_or_default());
    }
    // The second provision (1.3) is a "no", with its date.
    assert_eq!(&records[1][1], "1.3");
    assert_eq!(&records[1][3], "no");
    assert_eq!(&records[1][6], "2027-03-31");
}

#[test]
fn the_json_parses_back_whole_and_as_the_importers_shape() {
    let assessment = full_2024();
    let text = json(&assessment).unwrap();
    let back: AssessmentJson = serde_json::from_str(&text).unwrap();
    assert_eq!(back, AssessmentJson::from(&assessment));
    assert_eq!(back.approval, assessment.approval);
    assert_eq!(back.provisions[1].comply_by, Some(jiff::civil::date(2027, 3, 31)));

    let imported: SelfAssessment = serde_json::from_str(&text).unwrap();
    assert_eq!(imported.landlord.as_deref(), Some("Riverside Homes"));
    assert_eq!(imported.provisions.len(), 72);
    for (read, (_, row)) in imported.provisions.iter().zip(assessment.rows()) {
        assert_eq!(read.provision, row.provision);
        assert_eq!(read.comply.map(|c| c.as_str()), row.comply.map(|a| if a.label() == "Yes" { "yes" } else { "no" }));
        assert_eq!(read.evidence, row.evidence);
        assert_eq!(read.commentary, row.commentary);
    }
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["code_version"], "2024");
    assert_eq!(value["provisions"][1]["comply"], "no");
    assert_eq!(value["provisions"][2]["comply"], "yes");
    assert_eq!(value["provisions"][3]["comply"], serde_json::Value::Null);
    assert_eq!(value["from"], "2025-04-01");
}
