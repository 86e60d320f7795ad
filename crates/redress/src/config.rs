//! Configuration, the same for every command: a flag wins over the environment
//! (`REDRESS_*`), which wins over `redress.toml`, which wins over the defaults. This is the
//! only module that reads the configuration file; everything else receives a [`Config`].

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::Context;
use jiff::civil::Date;
use redress_domain::calendar::{ClosureDay, WorkingCalendar};
use serde::Deserialize;

/// The database used when none is configured: one SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://redress.db";
/// The address `serve` listens on when none is configured.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// The configuration file read from the working directory when no other is named.
pub const DEFAULT_CONFIG_FILE: &str = "redress.toml";

/// What `redress.toml` may hold. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    bind: Option<String>,
    #[serde(default)]
    closure_days: Vec<FileClosureDay>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileClosureDay {
    #[serde(deserialize_with = "toml_date")]
    date: Date,
    name: String,
}

/// A TOML local date (`date = 2026-12-29`) or a quoted one (`date = "2026-12-29"`).
fn toml_date<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Native(toml::value::Datetime),
        Quoted(String),
    }
    let text = match Written::deserialize(deserializer)? {
        Written::Native(datetime) if datetime.time.is_none() && datetime.offset.is_none() => datetime.to_string(),
        Written::Native(datetime) => return Err(serde::de::Error::custom(format!("{datetime} is not a date"))),
        Written::Quoted(text) => text,
    };
    text.parse().map_err(serde::de::Error::custom)
}

/// The settings in force.
pub struct Config {
    /// Where the data lives. May hold a password: never printed (see the `Debug` impl).
    pub database_url: String,
    /// Where `serve` listens.
    pub bind: String,
    /// The organisation's closure days, counted as non-working days (none by default).
    pub closure_days: Vec<ClosureDay>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &"[redacted]")
            .field("bind", &self.bind)
            .field("closure_days", &self.closure_days.len())
            .finish()
    }
}

impl Config {
    /// Layers the flags and environment (already merged by clap: `database`, `bind`) over the
    /// configuration file, over the defaults. A file named explicitly must exist; the default
    /// `redress.toml` is read only when present.
    pub fn load(file: Option<&Path>, database: Option<String>, bind: Option<String>) -> anyhow::Result<Config> {
        let from_file = match file {
            Some(path) => read_file(path)?,
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => read_file(Path::new(DEFAULT_CONFIG_FILE))?,
            None => FileConfig::default(),
        };
        Ok(Config {
            database_url: database.or(from_file.database_url).unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            bind: bind.or(from_file.bind).unwrap_or_else(|| DEFAULT_BIND.to_owned()),
            closure_days: from_file
                .closure_days
                .into_iter()
                .map(|c| ClosureDay { date: c.date, name: c.name })
                .collect(),
        })
    }

    /// The organisation's working-day calendar: England and Wales plus its closure days.
    pub fn calendar(&self) -> WorkingCalendar {
        WorkingCalendar::england_and_wales().with_closures(self.closure_days.iter().cloned())
    }
}

fn read_file(path: &Path) -> anyhow::Result<FileConfig> {
    let shown = PathBuf::from(path).display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| format!("reading the configuration file {shown}"))?;
    toml::from_str(&text).with_context(|| format!("the configuration file {shown} is not valid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_with(text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, text.as_bytes()).unwrap();
        file
    }

    #[test]
    fn a_flag_or_environment_value_wins_over_the_file() {
        let file = file_with("database_url = \"sqlite://from-file.db\"\nbind = \"127.0.0.1:9000\"\n");
        let config = Config::load(Some(file.path()), Some("sqlite://from-flag.db".into()), None).unwrap();
        assert_eq!(config.database_url, "sqlite://from-flag.db");
        assert_eq!(config.bind, "127.0.0.1:9000");
    }

    #[test]
    fn the_file_wins_over_the_defaults() {
        let file = file_with("database_url = \"postgres://localhost/redress\"\n");
        let config = Config::load(Some(file.path()), None, None).unwrap();
        assert_eq!(config.database_url, "postgres://localhost/redress");
        assert_eq!(config.bind, DEFAULT_BIND);
    }

    #[test]
    fn a_named_file_must_exist_and_be_valid() {
        assert!(Config::load(Some(Path::new("/nonexistent/redress.toml")), None, None).is_err());
        let file = file_with("databse_url = \"typo\"\n");
        assert!(Config::load(Some(file.path()), None, None).is_err());
    }

    #[test]
    fn closure_days_may_be_written_as_toml_dates_or_strings() {
        let file = file_with(
            "[[closure_days]]\ndate = 2026-12-29\nname = \"Closed\"\n[[closure_days]]\ndate = \"2026-12-30\"\nname = \"Closed\"\n",
        );
        let config = Config::load(Some(file.path()), None, None).unwrap();
        let dates: Vec<Date> = config.closure_days.iter().map(|c| c.date).collect();
        assert_eq!(dates, [jiff::civil::date(2026, 12, 29), jiff::civil::date(2026, 12, 30)]);
        let file = file_with("[[closure_days]]\ndate = 2026-12-29T09:00:00\nname = \"Closed\"\n");
        assert!(Config::load(Some(file.path()), None, None).is_err());
    }

    #[test]
    fn debug_output_never_shows_the_database_url() {
        let file = file_with("database_url = \"postgres://redress:hunter2@db/redress\"\n");
        let config = Config::load(Some(file.path()), None, None).unwrap();
        assert!(!format!("{config:?}").contains("hunter2"));
    }
}
