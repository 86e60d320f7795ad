//! Configuration, the same for every command: a flag wins over the environment
//! (`REDRESS_*`), which wins over `redress.toml`, which wins over the defaults. This is the
//! only module that reads the configuration file; everything else receives a [`Config`].

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use jiff::civil::Date;
use redress_domain::calendar::{ClosureDay, WorkingCalendar};
use redress_mail::{Password, SmtpSettings, Tls};
use redress_web::{IpRange, TrustedProxies};
use serde::Deserialize;

/// The database used when none is configured: one SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://redress.db";
/// The address `serve` listens on when none is configured.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// The environment variable holding the mail server's password.
pub const SMTP_PASSWORD_VAR: &str = "REDRESS_SMTP_PASSWORD";
/// The configuration file read from the working directory when no other is named.
pub const DEFAULT_CONFIG_FILE: &str = "redress.toml";

/// What `redress.toml` may hold. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    bind: Option<String>,
    public_url: Option<String>,
    trusted_proxies: Option<Vec<String>>,
    #[serde(default)]
    closure_days: Vec<FileClosureDay>,
    smtp: Option<FileSmtp>,
}

/// `[smtp]`: the mail server email is sent through. No password here: it comes from
/// `REDRESS_SMTP_PASSWORD` or the file `password_file` names, so that it is never in a file
/// that is copied or committed with the rest.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSmtp {
    host: String,
    port: Option<u16>,
    tls: Option<String>,
    username: Option<String>,
    password_file: Option<PathBuf>,
    from: String,
    reply_to: Option<String>,
}

/// What the flags and environment (merged by clap) set; each wins over the file.
#[derive(Debug, Default)]
pub struct Overrides {
    /// `--database` / `REDRESS_DATABASE_URL`.
    pub database: Option<String>,
    /// `--bind` / `REDRESS_BIND`.
    pub bind: Option<String>,
    /// `--public-url` / `REDRESS_PUBLIC_URL`.
    pub public_url: Option<String>,
    /// `--trusted-proxies` / `REDRESS_TRUSTED_PROXIES` (comma-separated).
    pub trusted_proxies: Option<Vec<String>>,
    /// `REDRESS_SMTP_PASSWORD`: the mail server's password (wins over `password_file`).
    pub smtp_password: Option<String>,
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
    /// The address people reach Redress at (`http://` or `https://`), if given.
    pub public_url: Option<String>,
    /// The reverse proxies whose forwarded client addresses are believed (none by default).
    pub trusted_proxies: TrustedProxies,
    /// The organisation's closure days, counted as non-working days (none by default).
    pub closure_days: Vec<ClosureDay>,
    /// The mail server email is sent through; without it, emails wait in the outbox.
    pub smtp: Option<SmtpSettings>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &"[redacted]")
            .field("bind", &self.bind)
            .field("public_url", &self.public_url)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("closure_days", &self.closure_days.len())
            .field("smtp", &self.smtp)
            .finish()
    }
}

impl Config {
    /// Layers the flags and environment (already merged by clap) over the configuration file,
    /// over the defaults. A file named explicitly must exist; the default `redress.toml` is
    /// read only when present. A public address that is not http(s), or a trusted proxy that
    /// is not an IP address or CIDR range, is refused.
    pub fn load(file: Option<&Path>, overrides: Overrides) -> anyhow::Result<Config> {
        let from_file = match file {
            Some(path) => read_file(path)?,
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => read_file(Path::new(DEFAULT_CONFIG_FILE))?,
            None => FileConfig::default(),
        };
        let public_url = overrides.public_url.or(from_file.public_url).map(|u| u.trim().to_owned());
        if let Some(url) = &public_url
            && !url.starts_with("https://")
            && !url.starts_with("http://")
        {
            anyhow::bail!("the public address {url:?} must start with https:// (or http://)");
        }
        let proxies = overrides.trusted_proxies.or(from_file.trusted_proxies).unwrap_or_default();
        let trusted_proxies = proxies
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .map(str::parse::<IpRange>)
            .collect::<Result<Vec<_>, _>>()
            .context("a trusted proxy")?;
        let smtp = from_file.smtp.map(|smtp| smtp_settings(smtp, overrides.smtp_password)).transpose()?;
        Ok(Config {
            smtp,
            database_url: overrides
                .database
                .or(from_file.database_url)
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            bind: overrides.bind.or(from_file.bind).unwrap_or_else(|| DEFAULT_BIND.to_owned()),
            public_url,
            trusted_proxies: TrustedProxies::new(trusted_proxies),
            closure_days: from_file
                .closure_days
                .into_iter()
                .map(|c| ClosureDay { date: c.date, name: c.name, recorded_on: None })
                .collect(),
        })
    }

    /// Whether Redress is served over https: its public address says so.
    pub fn https(&self) -> bool {
        self.public_url.as_deref().is_some_and(|url| url.starts_with("https://"))
    }

    /// The organisation's working-day calendar: England and Wales plus its closure days.
    pub fn calendar(&self) -> WorkingCalendar {
        WorkingCalendar::england_and_wales().with_closures(self.closure_days.iter().cloned())
    }
}

/// How long to wait for the mail server at each step before an attempt fails for now.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// The mail server's settings from `[smtp]`, with the password from the environment (`env`)
/// or else from `password_file`; checked, so that `serve` refuses to start with settings that
/// cannot work rather than fail every email.
fn smtp_settings(file: FileSmtp, env: Option<String>) -> anyhow::Result<SmtpSettings> {
    let tls: Tls = file.tls.as_deref().unwrap_or("starttls").parse().context("[smtp] tls")?;
    let password = match (env.filter(|p| !p.is_empty()), &file.password_file) {
        (Some(password), _) => Some(Password::new(&password)),
        (None, Some(path)) => {
            let shown = path.display().to_string();
            let text =
                std::fs::read_to_string(path).with_context(|| format!("reading the SMTP password file {shown}"))?;
            Some(Password::new(&text))
        }
        (None, None) => None,
    };
    let default_port = match tls {
        Tls::StartTls => 587,
        Tls::Tls => 465,
        Tls::None => 25,
    };
    let settings = SmtpSettings {
        host: file.host.trim().to_owned(),
        port: file.port.unwrap_or(default_port),
        tls,
        username: file.username,
        password,
        from: file.from,
        reply_to: file.reply_to,
        timeout: SMTP_TIMEOUT,
    };
    settings.check().context("the [smtp] settings")?;
    Ok(settings)
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
        let config = Config::load(
            Some(file.path()),
            Overrides { database: Some("sqlite://from-flag.db".into()), ..Overrides::default() },
        )
        .unwrap();
        assert_eq!(config.database_url, "sqlite://from-flag.db");
        assert_eq!(config.bind, "127.0.0.1:9000");
    }

    #[test]
    fn the_file_wins_over_the_defaults() {
        let file = file_with("database_url = \"postgres://localhost/redress\"\n");
        let config = Config::load(Some(file.path()), Overrides::default()).unwrap();
        assert_eq!(config.database_url, "postgres://localhost/redress");
        assert_eq!(config.bind, DEFAULT_BIND);
    }

    #[test]
    fn a_named_file_must_exist_and_be_valid() {
        assert!(Config::load(Some(Path::new("/nonexistent/redress.toml")), Overrides::default()).is_err());
        let file = file_with("databse_url = \"typo\"\n");
        assert!(Config::load(Some(file.path()), Overrides::default()).is_err());
    }

    #[test]
    fn closure_days_may_be_written_as_toml_dates_or_strings() {
        let file = file_with(
            "[[closure_days]]\ndate = 2026-12-29\nname = \"Closed\"\n[[closure_days]]\ndate = \"2026-12-30\"\nname = \"Closed\"\n",
        );
        let config = Config::load(Some(file.path()), Overrides::default()).unwrap();
        let dates: Vec<Date> = config.closure_days.iter().map(|c| c.date).collect();
        assert_eq!(dates, [jiff::civil::date(2026, 12, 29), jiff::civil::date(2026, 12, 30)]);
        let file = file_with("[[closure_days]]\ndate = 2026-12-29T09:00:00\nname = \"Closed\"\n");
        assert!(Config::load(Some(file.path()), Overrides::default()).is_err());
    }

    #[test]
    fn trusted_proxies_and_the_public_address_come_from_the_file_or_the_flags() {
        let file = file_with(
            "trusted_proxies = [\"10.0.0.0/8\", \"192.0.2.7\"]\npublic_url = \"https://complaints.example\"\n",
        );
        let config = Config::load(Some(file.path()), Overrides::default()).unwrap();
        assert!(config.trusted_proxies.contains("10.1.2.3".parse().unwrap()));
        assert!(config.trusted_proxies.contains("192.0.2.7".parse().unwrap()));
        assert!(!config.trusted_proxies.contains("192.0.2.8".parse().unwrap()));
        assert!(config.https());
        let flags = Overrides {
            trusted_proxies: Some(vec!["172.16.0.1".into()]),
            public_url: Some("http://127.0.0.1:8080".into()),
            ..Overrides::default()
        };
        let config = Config::load(Some(file.path()), flags).unwrap();
        assert!(!config.trusted_proxies.contains("10.1.2.3".parse().unwrap()), "the flag replaces the file's list");
        assert!(config.trusted_proxies.contains("172.16.0.1".parse().unwrap()));
        assert!(!config.https());
        // None by default; nonsense refused.
        let config = Config::load(Some(file_with("").path()), Overrides::default()).unwrap();
        assert_eq!(config.trusted_proxies, TrustedProxies::default());
        assert!(!config.https());
        let bad = Overrides { trusted_proxies: Some(vec!["proxy.internal".into()]), ..Overrides::default() };
        assert!(Config::load(Some(file_with("").path()), bad).is_err());
        let bad = Overrides { public_url: Some("complaints.example".into()), ..Overrides::default() };
        assert!(Config::load(Some(file_with("").path()), bad).is_err());
    }

    #[test]
    fn smtp_is_configured_in_the_file_with_the_password_from_the_environment_or_a_file() {
        let smtp = "[smtp]\nhost = \"smtp.example.org\"\nusername = \"redress\"\nfrom = \"Alpha <c@alpha.example>\"\n";
        let with_env = Overrides { smtp_password: Some("hunter2".into()), ..Overrides::default() };
        let config = Config::load(Some(file_with(smtp).path()), with_env).unwrap();
        let settings = config.smtp.as_ref().unwrap();
        assert_eq!((settings.host.as_str(), settings.port, settings.tls), ("smtp.example.org", 587, Tls::StartTls));
        assert_eq!(settings.password, Some(Password::new("hunter2")));
        assert!(!format!("{config:?}").contains("hunter2"), "the password is never shown");
        let secret = file_with("from-a-file\n");
        let text = format!("{smtp}password_file = {:?}\ntls = \"tls\"\n", secret.path());
        let config = Config::load(Some(file_with(&text).path()), Overrides::default()).unwrap();
        let settings = config.smtp.unwrap();
        assert_eq!((settings.port, settings.password), (465, Some(Password::new("from-a-file"))));
        // Without [smtp] there is none; a password in the file itself is refused.
        assert!(Config::load(Some(file_with("").path()), Overrides::default()).unwrap().smtp.is_none());
        let in_file = format!("{smtp}password = \"hunter2\"\n");
        assert!(Config::load(Some(file_with(&in_file).path()), Overrides::default()).is_err());
        // A user name without a password, and plain SMTP to another machine, are refused.
        assert!(Config::load(Some(file_with(smtp).path()), Overrides::default()).is_err());
        let plain = "[smtp]\nhost = \"smtp.example.org\"\ntls = \"none\"\nfrom = \"c@alpha.example\"\n";
        assert!(Config::load(Some(file_with(plain).path()), Overrides::default()).is_err());
        let local = plain.replace("smtp.example.org", "127.0.0.1");
        assert_eq!(Config::load(Some(file_with(&local).path()), Overrides::default()).unwrap().smtp.unwrap().port, 25);
    }

    #[test]
    fn debug_output_never_shows_the_database_url() {
        let file = file_with("database_url = \"postgres://redress:hunter2@db/redress\"\n");
        let config = Config::load(Some(file.path()), Overrides::default()).unwrap();
        assert!(!format!("{config:?}").contains("hunter2"));
    }
}
