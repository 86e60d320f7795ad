//! A provision of the Code and its number.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A provision's number, such as 6.13: its section and its place in the section. Ordered
/// numerically, so 5.10 comes after 5.9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProvisionNumber {
    /// The section, 1 to 9.
    pub section: u8,
    /// The item within the section.
    pub item: u8,
}

/// A provision number that is not of the form `section.item`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a provision number such as 6.13")]
pub struct ProvisionNumberError(pub String);

impl FromStr for ProvisionNumber {
    type Err = ProvisionNumberError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || ProvisionNumberError(text.to_owned());
        let (section, item) = text.trim().split_once('.').ok_or_else(error)?;
        let number = Self { section: section.parse().map_err(|_| error())?, item: item.parse().map_err(|_| error())? };
        if number.section == 0 || number.item == 0 {
            return Err(error());
        }
        Ok(number)
    }
}

impl fmt::Display for ProvisionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.section, self.item)
    }
}

impl Serialize for ProvisionNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ProvisionNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Whether a provision is mandatory. The 2022 Code split its provisions into "must" and
/// "should"; the 2024 Code has no such split and every provision is a "must".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Mandatory.
    Must,
    /// Best practice (2022 Code only).
    Should,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Must => "must",
            Kind::Should => "should",
        })
    }
}

/// One provision of one version of the Code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provision {
    /// Its number, such as 6.13.
    pub number: ProvisionNumber,
    /// The section it belongs to.
    pub section: u8,
    /// "must" or "should".
    pub kind: Kind,
    /// The Code's own words.
    pub requirement: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provision_numbers_parse_and_order_numerically() {
        let nine: ProvisionNumber = "5.9".parse().unwrap();
        let ten: ProvisionNumber = "5.10".parse().unwrap();
        assert!(nine < ten);
        assert_eq!(ten.to_string(), "5.10");
    }

    #[test]
    fn malformed_provision_numbers_are_refused() {
        for bad in ["", "6", "6.", ".3", "six.3", "6.3.1", "0.1", "6.0", "6.-1"] {
            assert!(bad.parse::<ProvisionNumber>().is_err(), "{bad:?} should be refused");
        }
    }
}
