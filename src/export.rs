//! `cognito-tui export`: stream the pool (or a filtered part) as CSV or JSON, with progress on
//! stderr. CSV columns follow the pool's `GetCSVHeader`, so an export can feed a user import job.
//!
//! The users are listed by the parallel crawl (`crawl.rs`) under the ListUsers quota: without a
//! filter (or with a `sub` prefix) in parallel parts, in the crawl's stable order — by `sub`
//! prefix, then Cognito's page order — rather than Cognito's creation order; with a filter on
//! another attribute one page at a time, as before.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use crate::crawl::Crawl;
use crate::directory::{DirectoryReader, PoolInfo, User};
use crate::limiter::Limiter;
use crate::lookup::user_json;
use crate::retry::RetryPolicy;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

/// Cognito's documented CSV import columns for the standard attributes, in order.
pub const STANDARD_COLUMNS: &[&str] = &[
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "email_verified",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "phone_number",
    "phone_number_verified",
    "address",
    "updated_at",
];

/// The documented column order: standard attributes, the pool's custom attributes in schema
/// order, then `cognito:mfa_enabled` and `cognito:username`.
pub fn fallback_header(pool: &PoolInfo) -> Vec<String> {
    STANDARD_COLUMNS
        .iter()
        .map(|c| (*c).to_owned())
        .chain(
            pool.schema
                .iter()
                .filter(|a| a.name.starts_with("custom:"))
                .map(|a| a.name.clone()),
        )
        .chain([
            "cognito:mfa_enabled".to_owned(),
            "cognito:username".to_owned(),
        ])
        .collect()
}

fn csv_row(header: &[String], user: &User) -> Vec<String> {
    header
        .iter()
        .map(|column| match column.as_str() {
            "cognito:username" => user.username.clone(),
            "cognito:mfa_enabled" => user.mfa.as_ref().is_some_and(|m| !m.is_empty()).to_string(),
            name => user.attribute(name).unwrap_or_default().to_owned(),
        })
        .collect()
}

pub async fn run(
    reader: Arc<dyn DirectoryReader>,
    limiter: Arc<Limiter>,
    filter: Option<String>,
    format: Format,
    out: &mut dyn Write,
) -> ExitCode {
    match export(reader, limiter, filter, format, out).await {
        Ok(count) => {
            eprintln!("exported {count} users");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cognito-tui: export failed: {e}");
            ExitCode::from(2)
        }
    }
}

/// Where exported users go, in the chosen format.
enum Sink<'a> {
    Csv {
        writer: Box<csv::Writer<&'a mut dyn Write>>,
        header: Vec<String>,
    },
    Json {
        out: &'a mut dyn Write,
        first: bool,
    },
}

impl Sink<'_> {
    fn write(&mut self, user: &User) -> Result<(), String> {
        match self {
            Sink::Csv { writer, header } => writer
                .write_record(csv_row(header, user))
                .map_err(|e| e.to_string()),
            Sink::Json { out, first } => {
                let separator = if *first { "" } else { ",\n" };
                *first = false;
                write!(out, "{separator}{}", user_json(user)).map_err(|e| e.to_string())
            }
        }
    }

    fn finish(self) -> Result<(), String> {
        match self {
            Sink::Csv { mut writer, .. } => writer.flush().map_err(|e| e.to_string()),
            Sink::Json { out, .. } => {
                writeln!(out, "\n]").map_err(|e| e.to_string())?;
                out.flush().map_err(|e| e.to_string())
            }
        }
    }
}

async fn export(
    reader: Arc<dyn DirectoryReader>,
    limiter: Arc<Limiter>,
    filter: Option<String>,
    format: Format,
    out: &mut dyn Write,
) -> Result<usize, String> {
    let retry = RetryPolicy::default();
    let pool = retry
        .run("DescribeUserPool", || reader.describe_pool())
        .await
        .map_err(|e| e.to_string())?;
    let mut sink = match format {
        Format::Csv => {
            // Asked once: where the server lacks it, retrying only delays the fallback.
            let header = match reader.csv_header().await {
                Ok(header) => header,
                Err(e) => {
                    tracing::warn!(detail = e.detail(), "GetCSVHeader failed: {e}");
                    eprintln!(
                        "GetCSVHeader is not available on this server; using Cognito's documented column order"
                    );
                    fallback_header(&pool)
                }
            };
            if header.iter().any(|c| c == "cognito:mfa_enabled") {
                eprintln!(
                    "note: ListUsers does not report MFA, so cognito:mfa_enabled is false for every user; set it for MFA users before an import"
                );
            }
            let mut writer = Box::new(csv::Writer::from_writer(out));
            writer.write_record(&header).map_err(|e| e.to_string())?;
            Sink::Csv { writer, header }
        }
        Format::Json => {
            writeln!(out, "[").map_err(|e| e.to_string())?;
            Sink::Json { out, first: true }
        }
    };
    let total = pool
        .estimated_users
        .map_or(String::new(), |e| format!(" / ~{e}"));
    let progress = std::io::stderr().is_terminal();
    let mut count = 0usize;
    Crawl::new(reader, limiter)
        .filter(filter)
        .estimated_users(pool.estimated_users)
        .retry(retry)
        .stream(
            |users| {
                for user in &users {
                    sink.write(user)?;
                    count += 1;
                }
                Ok(())
            },
            // Users received, some still waiting for an earlier part before they are written.
            |p| {
                if progress {
                    eprint!("\rexporting: {}{total} users", p.users);
                } else {
                    eprintln!("exporting: {}{total} users", p.users);
                }
            },
        )
        .await
        .map_err(|e: crate::crawl::CrawlError<String>| e.to_string())?;
    if progress {
        eprintln!();
    }
    sink.finish()?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::fixtures;
    use crate::directory::memory::MemoryDirectory;

    fn limiter() -> Arc<Limiter> {
        Arc::new(Limiter::default())
    }

    #[tokio::test]
    async fn csv_export_has_every_user_once_under_the_documented_header() {
        let directory = Arc::new(MemoryDirectory::new(fixtures::pool(), fixtures::users(130)));
        let mut out = Vec::new();
        let count = export(directory, limiter(), None, Format::Csv, &mut out)
            .await
            .unwrap();
        assert_eq!(count, 130);
        let text = String::from_utf8(out).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(header, fallback_header(&fixtures::pool()));
        assert_eq!(header.last().map(String::as_str), Some("cognito:username"));
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 130);
        let mut names: Vec<&str> = rows.iter().map(|r| &r[r.len() - 1]).collect();
        names.dedup();
        assert_eq!(names.len(), 130);
    }

    #[tokio::test]
    async fn json_export_is_one_valid_array() {
        let directory = Arc::new(MemoryDirectory::new(fixtures::pool(), fixtures::users(61)));
        let mut out = Vec::new();
        export(directory, limiter(), None, Format::Json, &mut out)
            .await
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value.as_array().unwrap().len(), 61);
    }
}
