//! The three seeds compared: who says "no" where, a 2022 assessment's answers against the
//! 2024 provisions they correspond to.

use redress_domain::code::CodeBook;
use redress_selfassessment::compare::compare;

use crate::seeds::imported;

#[test]
fn compare_shows_who_says_no_where_across_code_versions() {
    let named =
        vec![("Tamworth".to_owned(), imported(1)), ("whg".to_owned(), imported(2)), ("Dawley".to_owned(), imported(3))];
    let table = compare(CodeBook::embedded().unwrap(), &named);
    let row = |p: &str| table.rows.iter().find(|r| r.provision == p).unwrap();
    // 9.8: the council says no; the 2022 assessment says no to 7.6, its counterpart.
    assert_eq!(row("9.8").answers, vec!["no", "no (2022 7.6)", "yes"]);
    assert_eq!(row("9.8").says_no, vec!["Tamworth", "whg"]);
    assert_eq!(row("6.3").answers, vec!["partial", "yes (2022 5.1)", "yes"]);
    assert!(row("6.3").says_no.is_empty());
    // 2024 2.3 (the 12-month window) has no 2022 counterpart.
    assert_eq!(row("2.3").answers[1], "-");
    // A 2022 provision with no 2024 counterpart has its own row.
    assert_eq!(row("2022 5.18").answers, vec!["-", "n/a", "-"]);
    let no_rows: Vec<&str> =
        table.rows.iter().filter(|r| !r.says_no.is_empty()).map(|r| r.provision.as_str()).collect();
    assert_eq!(no_rows, vec!["9.8"]);

    let text = table.to_text();
    assert!(text.lines().next().unwrap().starts_with("Provision  Tamworth"));
    assert!(text.contains("Tamworth says no to: 9.8"), "{text}");
    assert!(text.contains("Dawley says no to: nowhere"));
    let csv = table.to_csv();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("provision,Tamworth,whg,Dawley,says_no"));
    assert!(csv.contains("\r\n9.8,no,no (2022 7.6),yes,Tamworth; whg\r\n"), "{csv}");
}
