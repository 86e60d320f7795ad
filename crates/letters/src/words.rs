//! Dates and amounts as a letter writes them, in GOV.UK style: "Friday 18 December 2026" (the
//! day of the week helps people plan; no "18th", no commas) and "£1,250.50".

use jiff::civil::Date;

/// A date in words: "Friday 18 December 2026".
pub fn date(date: Date) -> String {
    date.strftime("%A %-d %B %Y").to_string()
}

/// An amount in pence as pounds: "£150.00", "£1,250.50".
pub fn pounds(pence: u64) -> String {
    let pounds = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in pounds.chars().enumerate() {
        if i > 0 && (pounds.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("£{grouped}.{:02}", pence % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_reads_with_its_weekday_and_no_ordinal() {
        assert_eq!(date(jiff::civil::date(2026, 12, 18)), "Friday 18 December 2026");
        assert_eq!(date(jiff::civil::date(2027, 1, 4)), "Monday 4 January 2027");
    }

    #[test]
    fn pounds_are_grouped_by_thousands_with_pence() {
        assert_eq!(pounds(0), "£0.00");
        assert_eq!(pounds(5), "£0.05");
        assert_eq!(pounds(15_000), "£150.00");
        assert_eq!(pounds(125_050), "£1,250.50");
        assert_eq!(pounds(100_000_000), "£1,000,000.00");
    }
}
