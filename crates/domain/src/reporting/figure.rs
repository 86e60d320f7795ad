//! A published figure: its numerator, its denominator and its value, rounded half-up to one
//! decimal place as the Regulator's TSM returns and landlords' reports publish them (5/16 is
//! 31.25%, published 31.3, not the 31.2 of rounding half to even). The rounding is done in
//! integers, so no binary fraction can tip a tie either way.

use std::fmt;

use serde::{Serialize, Serializer};

/// A value to one decimal place, held as a whole number of tenths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OneDecimal(i64);

impl OneDecimal {
    /// `numerator / denominator × scale`, rounded half-up to one decimal place; `None` when
    /// the denominator is 0 (no figure, rather than a made-up 0).
    pub fn ratio(numerator: u64, denominator: u64, scale: u64) -> Option<OneDecimal> {
        if denominator == 0 {
            return None;
        }
        // tenths = n × scale × 10 / d; adding half of d before dividing rounds halves up.
        let scaled = u128::from(numerator) * u128::from(scale) * 10;
        let tenths = (2 * scaled + u128::from(denominator)) / (2 * u128::from(denominator));
        i64::try_from(tenths).ok().map(OneDecimal)
    }

    /// The value in tenths: 313 for 31.3.
    pub fn tenths(self) -> i64 {
        self.0
    }
}

impl fmt::Display for OneDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl Serialize for OneDecimal {
    /// As a JSON number with one decimal place: `31.3`. A whole number of tenths divided by
    /// ten prints as its shortest decimal, which is that.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[allow(clippy::cast_precision_loss)] // tenths of figures far below 2^52
        serializer.serialize_f64(self.0 as f64 / 10.0)
    }
}

/// A figure with what it is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// The value, rounded half-up to one decimal place; `null` when the denominator is 0.
    pub value: Option<OneDecimal>,
    /// What was counted.
    pub numerator: u64,
    /// What it was counted out of: homes owned, or responses sent.
    pub denominator: u64,
}

impl Figure {
    /// A percentage: `numerator` out of `denominator`, × 100.
    pub fn percentage(numerator: u64, denominator: u64) -> Figure {
        Figure { value: OneDecimal::ratio(numerator, denominator, 100), numerator, denominator }
    }

    /// A rate per 1,000: `numerator` per `denominator` (homes) × 1,000.
    pub fn per_thousand(numerator: u64, denominator: u64) -> Figure {
        Figure { value: OneDecimal::ratio(numerator, denominator, 1000), numerator, denominator }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_round_half_up() {
        // 5/16 = 31.25% exactly: half-up gives 31.3 (half to even would give 31.2).
        assert_eq!(Figure::percentage(5, 16).value.unwrap().to_string(), "31.3");
        // 1/8 = 12.5% exactly: stays 12.5; 1/16 = 6.25%: 6.3.
        assert_eq!(Figure::percentage(1, 8).value.unwrap().to_string(), "12.5");
        assert_eq!(Figure::percentage(1, 16).value.unwrap().to_string(), "6.3");
        // 2/3 = 66.666…%: 66.7; 1/3 = 33.333…%: 33.3.
        assert_eq!(Figure::percentage(2, 3).value.unwrap().to_string(), "66.7");
        assert_eq!(Figure::percentage(1, 3).value.unwrap().to_string(), "33.3");
        // 3 per 80 homes = 37.5 per 1,000; 1 per 160 homes = 6.25: 6.3.
        assert_eq!(Figure::per_thousand(3, 80).value.unwrap().to_string(), "37.5");
        assert_eq!(Figure::per_thousand(1, 160).value.unwrap().to_string(), "6.3");
        assert_eq!(Figure::percentage(0, 7).value.unwrap().to_string(), "0.0");
        assert_eq!(Figure::percentage(7, 7).value.unwrap().to_string(), "100.0");
    }

    #[test]
    fn no_denominator_gives_no_value() {
        assert_eq!(Figure::percentage(0, 0), Figure { value: None, numerator: 0, denominator: 0 });
    }

    #[test]
    fn a_figure_serialises_with_its_value_as_a_number() {
        let json = serde_json::to_string(&Figure::percentage(5, 16)).unwrap();
        assert_eq!(json, r#"{"value":31.3,"numerator":5,"denominator":16}"#);
        let none = serde_json::to_string(&Figure::percentage(0, 0)).unwrap();
        assert_eq!(none, r#"{"value":null,"numerator":0,"denominator":0}"#);
    }
}
