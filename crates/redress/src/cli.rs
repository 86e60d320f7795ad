//! The command line: every subcommand and flag of `redress`, as clap definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Redress: complaint handling for social landlords under the Housing Ombudsman's Complaint
/// Handling Code.
#[derive(Debug, Parser)]
#[command(name = "redress", version, about, max_term_width = 100)]
pub struct Cli {
    /// Database URL: sqlite://FILE (the default, sqlite://redress.db) or postgres://...
    #[arg(long, global = true, env = "REDRESS_DATABASE_URL", hide_env_values = true, value_name = "URL")]
    pub database: Option<String>,

    /// Configuration file (default: ./redress.toml when it exists).
    #[arg(long, global = true, env = "REDRESS_CONFIG", hide_env_values = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server.
    Serve(ServeArgs),
    /// Working days and England and Wales bank holidays.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// The Complaint Handling Code: provisions, and how Redress supports them.
    #[command(subcommand)]
    Code(CodeCommand),
    /// Fill the database with a demo landlord: homes, residents, staff and years of complaints
    /// in every state. Prints the staff's API tokens.
    Demo(DemoArgs),
    /// Staff accounts and their API tokens.
    #[command(subcommand)]
    User(UserCommand),
    /// The tamper-evident record of every complaint.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Organisations (landlords and the managing agents acting for them) and the homes they
    /// own.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Figures from the record.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Bring in complaint history from other systems.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write synthetic data to files.
    #[command(subcommand)]
    Generate(GenerateCommand),
    /// Published self-assessments against the Code: read one, or compare several.
    #[command(subcommand, name = "self-assessment")]
    SelfAssessment(SelfAssessmentCommand),
}

/// `redress self-assessment ...`
#[derive(Debug, Subcommand)]
pub enum SelfAssessmentCommand {
    /// Read a published self-assessment (plain text, HTML or DOCX) and print its provisions:
    /// the Code version, the landlord, and for each provision the answer, requirement,
    /// evidence and commentary as the document states them.
    Import {
        /// The document.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ImportFormat::Json)]
        format: ImportFormat,
    },
    /// Set several self-assessments side by side: a table of provisions by landlord showing
    /// who says "no" where. Each file is a document or the JSON `import` printed.
    Compare {
        /// The self-assessments.
        #[arg(required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
        format: CompareFormat,
    },
}

/// How `self-assessment import` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// The JSON of issue 13.
    Json,
    /// A line per provision, for people.
    Text,
}

/// How `self-assessment compare` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// A padded table, for people.
    Text,
    /// CSV (RFC 4180).
    Csv,
}

/// `redress import ...`
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import past complaints from a CSV file, one per row, each lived through the Code's rules
    /// and recorded now as imported. Every row is checked first: a bad row is reported with its
    /// line number and the reason, and nothing is imported if any is, unless --skip-invalid. A
    /// complaint whose reference was imported before is skipped.
    Complaints {
        /// The landlord whose history it is; leave out when the file's last column,
        /// `organisation`, names each row's.
        #[arg(long, value_name = "NAME")]
        org: Option<String>,
        /// The CSV file (see the README's "Importing history" for its columns).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Import the good rows of a file with bad ones, reporting the bad.
        #[arg(long)]
        skip_invalid: bool,
    },
}

/// `redress generate ...`
#[derive(Debug, Subcommand)]
pub enum GenerateCommand {
    /// Write a history of complaints at national scale in the import's CSV format (1,400
    /// landlords of every size by default, each row naming its landlord), and add the
    /// landlords, with the homes they own each year, to the database.
    History {
        /// How many complaints.
        #[arg(long, value_name = "N")]
        complaints: u64,
        /// The CSV file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The seed: the same seed and options give the same file.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// How many landlords.
        #[arg(long, value_name = "N", default_value_t = redress_history::generate::LANDLORDS)]
        landlords: u32,
        /// The first day complaints are received (no earlier than 1 April 2022, when the
        /// earliest Code Redress knows came into force).
        #[arg(long, value_name = "DATE", default_value = "2022-04-01")]
        from: String,
        /// The last day complaints are received.
        #[arg(long, value_name = "DATE", default_value = "2026-03-31")]
        to: String,
    },
}

/// `redress org ...`
#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add a landlord, or with --parent a managing agent acting for that landlord.
    Add {
        /// Its name, unique across the install.
        #[arg(long, value_name = "NAME")]
        name: String,
        /// The landlord a managing agent acts for.
        #[arg(long, value_name = "NAME")]
        parent: Option<String>,
    },
    /// Record the homes an organisation owned in a reporting year (the denominator of the
    /// TSM CH01), replacing any count recorded before.
    Homes {
        /// The organisation's name.
        #[arg(long, value_name = "NAME")]
        org: String,
        /// The reporting year, by the year it starts in: 2024 is 1 April 2024 to 31 March 2025.
        #[arg(long, value_name = "YEAR")]
        year: i16,
        /// How many homes it owned at the year's end.
        #[arg(long, value_name = "N")]
        count: u32,
    },
}

/// `redress report ...`
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The Regulator of Social Housing's Tenant Satisfaction Measures CH01 and CH02 for a
    /// reporting year, each with its numerator and denominator. A landlord's are consolidated
    /// (every complaint, whoever handles it); a managing agent's are those it handles.
    Tsm {
        /// The organisation's name.
        #[arg(long, value_name = "NAME")]
        org: String,
        /// The reporting year, by the year it starts in: 2024 is 1 April 2024 to 31 March 2025.
        #[arg(long, value_name = "YEAR")]
        year: i16,
        /// Output format: a table, JSON, or the figures with the counts behind them as CSV or
        /// an XLSX workbook (written to standard output: redirect it to a file).
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
}

/// Output format of `redress report tsm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For people.
    Text,
    /// JSON.
    Json,
    /// CSV (RFC 4180).
    Csv,
    /// An XLSX workbook.
    Xlsx,
}

/// Flags of `redress serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "REDRESS_BIND", value_name = "ADDR")]
    pub bind: Option<String>,
    /// The address people reach Redress at, such as https://complaints.example.org. When it
    /// starts with https://, every response tells browsers to come back only over https
    /// (Strict-Transport-Security) and session cookies are always Secure.
    #[arg(long, env = "REDRESS_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// Reverse proxies whose X-Forwarded-For or Forwarded header is believed for the client's
    /// address: IP addresses or CIDR ranges, comma-separated (default: none).
    #[arg(long, env = "REDRESS_TRUSTED_PROXIES", value_name = "LIST", value_delimiter = ',')]
    pub trusted_proxies: Option<Vec<String>>,
    /// First fill the database with the demo (as `redress demo` with its defaults), unless it
    /// is there already, and print the demo staff's API tokens.
    #[arg(long)]
    pub demo: bool,
}

/// Flags of `redress demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many homes, each with one resident.
    #[arg(long, value_name = "N", default_value_t = redress_demo::DEFAULT_HOMES)]
    pub homes: u32,
    /// How many whole reporting years (1 April to 31 March) before the current one; the
    /// current one is included up to yesterday.
    #[arg(long, value_name = "N", default_value_t = redress_demo::DEFAULT_YEARS)]
    pub years: u16,
    /// The seed: the same seed, size and end give the same data.
    #[arg(long, value_name = "N", default_value_t = redress_demo::DEFAULT_SEED)]
    pub seed: u64,
    /// The day the demo is seen from, YYYY-MM-DD (default: today); its data stops the day
    /// before.
    #[arg(long, value_name = "DATE")]
    pub end: Option<String>,
}

/// `redress user ...`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a member of staff and print their API token (only the token, on one line). The
    /// organisation is created as a landlord if there is none of that name.
    Add {
        /// The organisation's name.
        #[arg(long, value_name = "ORG")]
        org: String,
        /// The person's name.
        #[arg(long, value_name = "NAME")]
        name: String,
        /// handler, complaints_officer, senior_lead, mrc, auditor or admin.
        #[arg(long, value_name = "ROLE")]
        role: String,
        /// The email they sign in to the web application with (needs --password-prompt).
        #[arg(long, value_name = "EMAIL", requires = "password_prompt")]
        email: Option<String>,
        /// Ask for their password (at least 12 characters): without echo on a terminal,
        /// otherwise the first line of standard input.
        #[arg(long, requires = "email")]
        password_prompt: bool,
    },
}

/// `redress audit ...`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check every complaint's chain of events, each organisation's registry of complaints,
    /// the checkpoints, the stored status of each complaint against its record, and the
    /// correspondence and attachments against the events that record them. Exits with
    /// status 1 if anything was altered, removed or inserted.
    Verify {
        /// A checkpoint's value noted outside the database (repeatable): fail unless that
        /// checkpoint is still in the record, so nothing it covers was cut or rewritten.
        #[arg(long, value_name = "VALUE")]
        against: Vec<String>,
    },
    /// Make a checkpoint of every organisation's record and print its value, to note or
    /// publish somewhere outside the database (the board pack, say).
    Checkpoint,
}

/// `redress calendar ...`
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// List bank holidays, one per line: YYYY-MM-DD<TAB>name.
    Holidays {
        /// First year.
        #[arg(long, value_name = "YEAR")]
        from: i32,
        /// Last year (default: the first year).
        #[arg(long, value_name = "YEAR")]
        to: Option<i32>,
    },
    /// Print the date N working days after DATE. With no arguments, read "DATE N" lines from
    /// standard input and answer each.
    #[command(allow_negative_numbers = true)]
    Add {
        /// Start date, YYYY-MM-DD.
        date: Option<String>,
        /// Number of working days.
        #[arg(requires = "date")]
        n: Option<String>,
    },
    /// Print the number of working days w with A < w <= B (negative when B is before A).
    /// With no arguments, read "A B" lines from standard input.
    Between {
        /// From this date (not counted), YYYY-MM-DD.
        a: Option<String>,
        /// Up to and including this date, YYYY-MM-DD.
        #[arg(requires = "a")]
        b: Option<String>,
    },
    /// Print the date a complaint received on DATE counts as received: DATE when it is a
    /// working day, otherwise the next working day. With no argument, read dates from
    /// standard input.
    NextWorkingDay {
        /// The date, YYYY-MM-DD.
        date: Option<String>,
    },
}

/// `redress code ...`
#[derive(Debug, Subcommand)]
pub enum CodeCommand {
    /// List the provisions of a version of the Code.
    List {
        /// Which version.
        #[arg(long, value_enum, default_value_t = Version::V2024)]
        version: Version,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Show one provision in full, such as 6.3.
    Show {
        /// The provision number.
        provision: String,
        /// Which version.
        #[arg(long, value_enum, default_value_t = Version::V2024)]
        version: Version,
    },
    /// How Redress supports each provision of the 2024 Code, and the tests that prove it.
    Matrix {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// A version of the Code, as written on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Version {
    /// The statutory 2024 Code.
    #[value(name = "2024")]
    V2024,
    /// The 2022 Code (as updated in 2023).
    #[value(name = "2022")]
    V2022,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// JSON.
    Json,
}
