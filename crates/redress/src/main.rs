//! `redress`: the one binary. Parses the command line, loads the configuration, and hands over
//! to a subcommand. Errors end here: a one-line message on stderr and an exit status of 2 for
//! input that cannot be used (as for usage errors) or 1 for anything else.

mod cli;
mod commands;
mod config;
mod input;

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use crate::cli::{AuditCommand, Cli, Command, GenerateCommand, ImportCommand, OrgCommand, ReportCommand, UserCommand};
use crate::config::{Config, Overrides};
use crate::input::InputError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stops early (`redress code list | head`) is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // `{:#}` prints the whole chain of causes on one line.
            eprintln!("redress: {error:#}");
            if error.downcast_ref::<InputError>().is_some() { ExitCode::from(2) } else { ExitCode::FAILURE }
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    // Only from the environment: a flag would show the password in the process list.
    let smtp_password = std::env::var(config::SMTP_PASSWORD_VAR).ok();
    let mut overrides = Overrides { database: cli.database, smtp_password, ..Overrides::default() };
    if let Command::Serve(args) = &cli.command {
        overrides.bind = args.bind.clone();
        overrides.public_url = args.public_url.clone();
        overrides.trusted_proxies = args.trusted_proxies.clone();
    }
    let config = Config::load(cli.config.as_deref(), overrides)?;
    match cli.command {
        Command::Calendar(command) => commands::calendar::run(command, &config.calendar()),
        Command::Code(command) => commands::code::run(command),
        Command::SelfAssessment(command) => commands::self_assessment::run(command),
        Command::Serve(args) => {
            let runtime = tokio::runtime::Runtime::new()?;
            if args.demo {
                // Before logging starts, so that the demo's thousands of steps are not logged.
                runtime.block_on(commands::demo::ensure(&config))?;
            }
            init_logging();
            runtime.block_on(commands::serve::run(&config))
        }
        Command::Demo(args) => tokio::runtime::Runtime::new()?.block_on(commands::demo::run(&config, &args)),
        Command::User(UserCommand::Add { org, name, role, email, password_prompt }) => {
            // Read before the runtime starts, and before anything is written.
            let sign_in = match email {
                Some(email) if password_prompt => Some((email, commands::user::read_password()?)),
                _ => None,
            };
            tokio::runtime::Runtime::new()?.block_on(commands::user::add(&config, &org, &name, &role, sign_in))
        }
        Command::Audit(AuditCommand::Verify { against }) => {
            tokio::runtime::Runtime::new()?.block_on(commands::audit::verify(&config, &against))
        }
        Command::Audit(AuditCommand::Checkpoint) => {
            tokio::runtime::Runtime::new()?.block_on(commands::audit::checkpoint(&config))
        }
        Command::Org(OrgCommand::Add { name, parent }) => {
            tokio::runtime::Runtime::new()?.block_on(commands::org::add(&config, &name, parent.as_deref()))
        }
        Command::Org(OrgCommand::Homes { org, year, count }) => {
            tokio::runtime::Runtime::new()?.block_on(commands::org::homes(&config, &org, year, count))
        }
        Command::Report(ReportCommand::Tsm { org, year, format }) => {
            tokio::runtime::Runtime::new()?.block_on(commands::report::tsm(&config, &org, year, format))
        }
        Command::Import(ImportCommand::Complaints { org, file, skip_invalid }) => tokio::runtime::Runtime::new()?
            .block_on(commands::import::complaints(&config, org.as_deref(), &file, skip_invalid)),
        Command::Generate(GenerateCommand::History { complaints, out, seed, landlords, from, to }) => {
            let options = commands::generate::options(complaints, seed, landlords, &from, &to)?;
            tokio::runtime::Runtime::new()?.block_on(commands::generate::history(&config, &out, &options))
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<serde_json::Error>().and_then(|e| e.io_error_kind())
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Logs to stderr, filtered by `RUST_LOG` (default: info). Nothing personal or secret is
/// logged: the database URL never is.
fn init_logging() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}
