//! `cognito-tui export`: stream the pool (or a filtered part) as CSV or JSON, with progress on
//! stderr. CSV columns follow the pool's `GetCSVHeader`, so an export can feed a user import job.
//!
//! The users are listed by the parallel crawl (`crawl.rs`) under the ListUsers quota: without a
//! filter (or with a `sub` prefix) in parallel parts, in the crawl's stable order — by `sub`
//! prefix, then Cognito's page order — rather than Cognito's creation order; with a filter on
//! another attribute one page at a time, as before.
//!
//! ListUsers does not report MFA. With `--mfa` each listed user is read again with AdminGetUser,
//! under the UserRead quota and a few at a time, so `cognito:mfa_enabled` and the JSON's `mfa` are
//! filled; the listing runs ahead and its pages wait in memory for their reads.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crate::reader_gone::Watched;
use std::sync::Arc;

use futures_util::{StreamExt, stream};

use crate::crawl::Crawl;
use crate::directory::{DirectoryError, DirectoryReader, User};
use crate::limiter::{Limiter, Operation};
use crate::lookup::{mfa_of, user_json};
use crate::retry::RetryPolicy;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

/// What to export, and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// A Cognito filter expression; `None` exports every user.
    pub filter: Option<String>,
    pub format: Format,
    /// Read each user's MFA settings (one AdminGetUser a user).
    pub mfa: bool,
}

/// AdminGetUser calls in flight at once for `--mfa`; the UserRead bucket sets the pace.
const MFA_READS_IN_FLIGHT: usize = 16;

/// Users written between two progress lines: a page's worth.
const PROGRESS_EVERY: usize = 60;

/// The MFA method a CSV import can carry: `cognito:mfa_enabled` turns on SMS MFA.
const SMS_MFA: &str = "SMS_MFA";

pub use crate::directory::import_columns::{STANDARD_COLUMNS, fallback_header};

fn csv_row(header: &[String], user: &User) -> Vec<String> {
    header
        .iter()
        .map(|column| match column.as_str() {
            "cognito:username" => user.username().to_owned(),
            "cognito:mfa_enabled" => uses_sms_mfa(user).to_string(),
            name => user.attribute(name).unwrap_or_default().to_owned(),
        })
        .collect()
}

fn uses_sms_mfa(user: &User) -> bool {
    user.mfa()
        .as_ref()
        .is_some_and(|methods| methods.iter().any(|m| m == SMS_MFA))
}

pub async fn run(
    reader: Arc<dyn DirectoryReader>,
    limiter: Arc<Limiter>,
    options: Options,
    out: &mut dyn Write,
) -> ExitCode {
    let mut out = Watched::new(out);
    match export(reader, limiter, options, &mut out).await {
        Ok(summary) => {
            crate::stderr_line!("exported {} users", summary.written);
            if !summary.gone.is_empty() {
                crate::stderr_line!(
                    "note: {} user(s) were deleted between the listing and the MFA read, and are not in the export: {}",
                    summary.gone.len(),
                    summary.gone.join(", ")
                );
            }
            if summary.other_mfa > 0 {
                crate::stderr_line!(
                    "note: {} user(s) use MFA other than SMS (an authenticator app or email): an import cannot carry it, so cognito:mfa_enabled is false for them and they set it up again",
                    summary.other_mfa
                );
            }
            ExitCode::SUCCESS
        }
        Err(_) if out.reader_gone() => ExitCode::SUCCESS,
        Err(e) => {
            crate::stderr_line!("cognito-tui: export failed: {e}");
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

/// What an export wrote, and what it could not.
#[derive(Debug, Default)]
struct Summary {
    written: usize,
    /// Users listed, then not found when their MFA was read: deleted meanwhile.
    gone: Vec<String>,
    /// Users whose MFA (read with `--mfa`) is only of kinds a CSV import cannot carry.
    other_mfa: usize,
}

/// `user` with its MFA settings read with AdminGetUser, or `Err(username)` when the user was
/// deleted since the listing.
async fn with_mfa(
    reader: &dyn DirectoryReader,
    limiter: &Limiter,
    retry: RetryPolicy,
    mut user: User,
) -> Result<Result<User, String>, DirectoryError> {
    match mfa_of(reader, limiter, retry, user.username()).await {
        Ok(methods) => {
            user.set_mfa(Some(methods));
            Ok(Ok(user))
        }
        Err(DirectoryError::UserNotFound { .. }) => Ok(Err(user.username().to_owned())),
        Err(error) => Err(error),
    }
}

/// The CSV columns: GetCSVHeader's answer, or Cognito's documented order with a note saying
/// why. A server that lacks the call is told apart from one that refuses it (access denied,
/// throttled, timed out): the note names what happened.
pub fn csv_columns(
    answer: Result<Vec<String>, DirectoryError>,
    pool: &crate::directory::PoolInfo,
) -> (Vec<String>, Option<String>) {
    match answer {
        Ok(header) => (header, None),
        Err(e) => {
            tracing::warn!(detail = e.detail(), "GetCSVHeader failed: {e}");
            let why = if e.is_not_implemented() {
                "GetCSVHeader is not available on this server".to_owned()
            } else {
                format!("GetCSVHeader failed: {e}")
            };
            (
                fallback_header(pool),
                Some(format!("{why}; using Cognito's documented column order")),
            )
        }
    }
}

async fn export(
    reader: Arc<dyn DirectoryReader>,
    limiter: Arc<Limiter>,
    options: Options,
    out: &mut dyn Write,
) -> Result<Summary, String> {
    let Options {
        filter,
        format,
        mfa,
    } = options;
    let retry = RetryPolicy::for_cli();
    let pool = retry
        .run(Operation::DescribeUserPool.name(), || async {
            limiter.acquire_for(Operation::DescribeUserPool).await;
            reader.describe_pool().await
        })
        .await
        .map_err(|e| e.to_string())?;
    let mut sink = match format {
        Format::Csv => {
            // Asked once: where the server lacks it, retrying only delays the fallback.
            limiter.acquire_for(Operation::GetCSVHeader).await;
            let (header, note) = csv_columns(reader.csv_header().await, &pool);
            if let Some(note) = note {
                crate::stderr_line!("{note}");
            }
            if !mfa && header.iter().any(|c| c == "cognito:mfa_enabled") {
                crate::stderr_line!(
                    "note: ListUsers does not report MFA, so cognito:mfa_enabled is false for every user; --mfa reads it (one AdminGetUser a user)"
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
    let mut summary = Summary::default();
    // The listing hands its pages, in order, to the writer, which reads their MFA first when
    // asked; an error on either side stops both.
    let (pages, received) = tokio::sync::mpsc::unbounded_channel::<Vec<User>>();
    let listing = async {
        let pages = pages;
        Crawl::new(Arc::clone(&reader), Arc::clone(&limiter))
            .filter(filter)
            .estimated_users(pool.estimated_users)
            .retry(retry)
            .stream(
                |users| {
                    pages
                        .send(users)
                        .map_err(|_| "the export stopped writing".to_owned())
                },
                |_| {},
            )
            .await
            .map_err(|e: crate::crawl::CrawlError<String>| e.to_string())
    };
    let writing = async {
        // One stream of users in the listing's order, their MFA read (when asked) a few at a
        // time across page boundaries.
        let users = stream::unfold(received, |mut pages| async move {
            let page = pages.recv().await?;
            Some((stream::iter(page), pages))
        })
        .flatten();
        let in_flight = if mfa { MFA_READS_IN_FLIGHT } else { 1 };
        let users = users
            .map(|user| {
                let (reader, limiter) = (reader.as_ref(), limiter.as_ref());
                async move {
                    if mfa {
                        with_mfa(reader, limiter, retry, user).await
                    } else {
                        Ok(Ok(user))
                    }
                }
            })
            .buffered(in_flight);
        let mut users = std::pin::pin!(users);
        while let Some(user) = users.next().await {
            match user.map_err(|e| format!("reading MFA settings failed: {e}"))? {
                Ok(user) => {
                    sink.write(&user)?;
                    summary.written += 1;
                    if user.mfa().as_ref().is_some_and(|m| !m.is_empty()) && !uses_sms_mfa(&user) {
                        summary.other_mfa += 1;
                    }
                    if summary.written.is_multiple_of(PROGRESS_EVERY) {
                        if progress {
                            let _ = write!(
                                std::io::stderr(),
                                "\rexporting: {}{total} users",
                                summary.written
                            );
                        } else {
                            crate::stderr_line!("exporting: {}{total} users", summary.written);
                        }
                    }
                }
                Err(gone) => summary.gone.push(gone),
            }
        }
        Ok::<(), String>(())
    };
    futures_util::future::try_join(listing, writing).await?;
    if progress {
        crate::stderr_line!();
    }
    sink.finish()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::fixtures;
    use crate::directory::memory::{MemoryDirectory, Operation};

    fn limiter() -> Arc<Limiter> {
        Arc::new(Limiter::default())
    }

    fn options(format: Format, mfa: bool) -> Options {
        Options {
            filter: None,
            format,
            mfa,
        }
    }

    #[tokio::test]
    async fn csv_export_has_every_user_once_under_the_documented_header() {
        let directory = Arc::new(MemoryDirectory::new(fixtures::pool(), fixtures::users(130)));
        let mut out = Vec::new();
        let summary = export(directory, limiter(), options(Format::Csv, false), &mut out)
            .await
            .unwrap();
        assert_eq!(summary.written, 130);
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
        export(directory, limiter(), options(Format::Json, false), &mut out)
            .await
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value.as_array().unwrap().len(), 61);
        assert!(value[0]["mfa"].is_null(), "not read, so unknown");
    }

    /// 90 users: every third with SMS MFA, every fifth (not third) with an authenticator app.
    fn users_with_mfa() -> Vec<User> {
        fixtures::users(90)
            .into_iter()
            .enumerate()
            .map(|(i, user)| {
                User::from(crate::directory::UserParts {
                    mfa: Some(match (i % 3, i % 5) {
                        (0, _) => vec![SMS_MFA.to_owned(), "SOFTWARE_TOKEN_MFA".to_owned()],
                        (_, 0) => vec!["SOFTWARE_TOKEN_MFA".to_owned()],
                        _ => vec![],
                    }),
                    ..user.to_parts()
                })
            })
            .collect()
    }

    /// The users of [`users_with_mfa`], whose next AdminGetUser fails with `error`.
    fn reads_failing_once(error: DirectoryError) -> Arc<MemoryDirectory> {
        let directory = Arc::new(MemoryDirectory::new(fixtures::pool(), users_with_mfa()));
        directory.inject(Operation::GetUser, error);
        directory
    }

    /// `cognito:mfa_enabled` of each exported user, by username.
    fn mfa_column(out: &[u8]) -> std::collections::BTreeMap<String, String> {
        let mut reader = csv::Reader::from_reader(out);
        let header = reader.headers().unwrap().clone();
        let column = header
            .iter()
            .position(|c| c == "cognito:mfa_enabled")
            .unwrap();
        let username = header.iter().position(|c| c == "cognito:username").unwrap();
        reader
            .records()
            .map(Result::unwrap)
            .map(|r| (r[username].to_owned(), r[column].to_owned()))
            .collect()
    }

    #[tokio::test]
    async fn mfa_is_read_per_user_and_only_sms_mfa_counts_for_an_import() {
        let users = users_with_mfa();
        // A throttled read is retried, not lost.
        let directory = reads_failing_once(DirectoryError::TooManyRequests {
            detail: "Rate exceeded".into(),
        });
        let mut out = Vec::new();
        let summary = export(
            directory.clone(),
            limiter(),
            options(Format::Csv, true),
            &mut out,
        )
        .await
        .unwrap();
        assert_eq!(summary.written, 90);
        assert!(summary.gone.is_empty());
        assert_eq!(
            directory.calls(Operation::GetUser),
            91,
            "one read a user, one retry"
        );
        let column = mfa_column(&out);
        assert_eq!(column.len(), 90);
        for (i, user) in users.iter().enumerate() {
            let expected = if i % 3 == 0 { "true" } else { "false" };
            assert_eq!(column[user.username()], expected, "{}", user.username());
        }
        // Authenticator-only users: every fifth that is not a third.
        assert_eq!(
            summary.other_mfa,
            (0..90).filter(|i| i % 3 != 0 && i % 5 == 0).count()
        );

        // Without --mfa nothing is read, and the column says false for everyone.
        let mut out = Vec::new();
        let directory = Arc::new(MemoryDirectory::new(fixtures::pool(), users));
        export(
            directory.clone(),
            limiter(),
            options(Format::Csv, false),
            &mut out,
        )
        .await
        .unwrap();
        assert_eq!(directory.calls(Operation::GetUser), 0);
        assert!(mfa_column(&out).values().all(|v| v == "false"));
    }

    #[tokio::test]
    async fn a_user_deleted_before_its_mfa_read_is_reported_not_written() {
        let directory = reads_failing_once(DirectoryError::UserNotFound {
            detail: "User does not exist.".into(),
        });
        let mut out = Vec::new();
        let summary = export(directory, limiter(), options(Format::Json, true), &mut out)
            .await
            .unwrap();
        assert_eq!(summary.written, 89);
        assert_eq!(summary.gone.len(), 1);
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let names: Vec<&str> = value
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 89);
        assert!(!names.contains(&summary.gone[0].as_str()));
        assert!(
            value
                .as_array()
                .unwrap()
                .iter()
                .all(|u| u["mfa"].is_array())
        );
    }

    #[tokio::test]
    async fn a_read_that_keeps_failing_stops_the_export_with_the_reason() {
        let directory = reads_failing_once(DirectoryError::NotAuthorized {
            detail: "not allowed to call AdminGetUser".into(),
        });
        let mut out = Vec::new();
        let error = export(directory, limiter(), options(Format::Csv, true), &mut out)
            .await
            .unwrap_err();
        assert!(error.contains("reading MFA settings failed"), "{error}");
        assert!(error.contains("AdminGetUser"), "{error}");
    }
}
