//! `cognito-tui lookup QUERY`: find people from a script, as the search box does, with each
//! one's MFA read too (the first few: one AdminGetUser each; ListUsers has no MFA).
//! Exit codes: 0 found, 1 nobody, 2 error.

use std::io::Write;
use std::process::ExitCode;

use serde_json::{Map, Value, json};

use crate::directory::{DirectoryError, DirectoryReader, User};
use crate::limiter::{Limiter, Operation};
use crate::reader_gone::is_reader_gone;
use crate::retry::RetryPolicy;
use crate::search::find::{FindError, find};
use crate::search::{SearchError, recognise};
use crate::ui::text::safe;

/// Every call waits for its quota's token in `limiter` (the `[quotas]` of the config file).
pub async fn run(
    reader: &dyn DirectoryReader,
    limiter: &Limiter,
    query: &str,
    as_json: bool,
) -> ExitCode {
    let query = match recognise(query) {
        Ok(q) => q,
        Err(e) => {
            crate::stderr_line!("cognito-tui: {}", refusal(&e));
            return ExitCode::from(2);
        }
    };
    let mut found = match find(reader, limiter, &query, RetryPolicy::for_cli()).await {
        Ok(found) => found,
        Err(FindError::Search(e)) => {
            crate::stderr_line!("cognito-tui: {}", refusal(&e));
            return ExitCode::from(2);
        }
        Err(e) => {
            crate::stderr_line!("cognito-tui: {e}");
            return ExitCode::from(2);
        }
    };
    read_mfa(reader, limiter, &mut found.users).await;
    let mut out = std::io::stdout().lock();
    let written = if as_json {
        let users: Vec<Value> = found.users.iter().map(user_json).collect();
        writeln!(out, "{}", Value::Array(users))
    } else {
        write_table(&mut out, &found.users)
    };
    if let Err(e) = written.and_then(|()| out.flush())
        && !is_reader_gone(&e)
    {
        crate::stderr_line!("cognito-tui: cannot write the results: {e}");
        return ExitCode::from(2);
    }
    match &found.filter {
        Some(filter) => {
            crate::stderr_line!(
                "found {} (filter sent: {})",
                found.users.len(),
                filter.expression
            );
            ExitCode::SUCCESS
        }
        None => {
            crate::stderr_line!("nobody matches {}", found.tried.join(", then "));
            ExitCode::from(1)
        }
    }
}

/// Why a query cannot be sent, in a script's words: the screen's way round (`f`, the local
/// filter) is an export filtered locally here.
fn refusal(e: &SearchError) -> String {
    const INSTEAD: &str =
        "export the pool (cognito-tui export --format json) and filter it locally";
    match e {
        SearchError::NotFilterable(name) => format!("Cognito cannot search on {name}; {INSTEAD}"),
        SearchError::UnsafeStart => format!(
            "Cognito cannot search for a value that starts with a quote, a backslash or a control character; {INSTEAD}"
        ),
        SearchError::Empty | SearchError::TooLong(_) => e.to_string(),
    }
}

/// Users whose MFA a lookup reads: a support desk looks up one person, a script a few.
const MFA_READS: usize = 10;

/// Fills the MFA of the first [`MFA_READS`] users with AdminGetUser; one that cannot be read
/// keeps `None` ("unknown"), and stderr says why.
async fn read_mfa(reader: &dyn DirectoryReader, limiter: &Limiter, users: &mut [User]) {
    let retry = RetryPolicy::for_cli();
    let reads = users
        .iter()
        .take(MFA_READS)
        .map(|user| mfa_of(reader, limiter, retry, user.username()));
    let reads = futures_util::future::join_all(reads).await;
    for (user, read) in users.iter_mut().zip(reads) {
        match read {
            Ok(methods) => user.set_mfa(Some(methods)),
            Err(e) => {
                crate::stderr_line!("cognito-tui: MFA of {} unknown: {e}", safe(user.username()))
            }
        }
    }
    if users.len() > MFA_READS {
        crate::stderr_line!(
            "MFA read for the first {MFA_READS} of {} users (cognito-tui export --mfa reads every user's)",
            users.len()
        );
    }
}

/// The MFA methods a user has enabled, read with AdminGetUser within the UserRead quota
/// (ListUsers reports none); for `lookup` and `export --mfa`.
pub async fn mfa_of(
    reader: &dyn DirectoryReader,
    limiter: &Limiter,
    retry: RetryPolicy,
    username: &str,
) -> Result<Vec<String>, DirectoryError> {
    let user = retry
        .run(Operation::AdminGetUser.name(), || async {
            limiter.acquire_for(Operation::AdminGetUser).await;
            reader.get_user(username).await
        })
        .await?;
    Ok(user.mfa().map(<[String]>::to_vec).unwrap_or_default())
}

/// A user as JSON: its account facts and its attributes as an object.
pub fn user_json(user: &User) -> Value {
    let attributes: Map<String, Value> = user
        .attributes()
        .iter()
        .map(|a| (a.name.to_owned(), Value::String(a.value.to_owned())))
        .collect();
    json!({
        "username": user.username(),
        "status": user.status(),
        "enabled": user.enabled(),
        "created": user.created(),
        "last_modified": user.last_modified(),
        // The enabled MFA methods, or null where they were not read (ListUsers has none).
        "mfa": user.mfa(),
        "attributes": attributes,
    })
}

fn write_table(out: &mut impl Write, users: &[User]) -> std::io::Result<()> {
    for (i, user) in users.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{}  {}  {}  MFA {}",
            safe(user.username()),
            user.status(),
            if user.enabled() {
                "enabled"
            } else {
                "DISABLED"
            },
            match &user.mfa() {
                Some([]) => "none".to_owned(),
                Some(methods) => methods.join(", "),
                None => "unknown".to_owned(),
            }
        )?;
        let width = user
            .attributes()
            .iter()
            .map(|a| a.name.len())
            .max()
            .unwrap_or(0);
        for attribute in user.attributes() {
            writeln!(
                out,
                "  {:<width$}  {}",
                attribute.name,
                safe(attribute.value)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::time::Instant;

    use super::*;
    use crate::directory::fixtures;
    use crate::directory::memory::MemoryDirectory;
    use crate::limiter::Quotas;

    #[tokio::test(start_paused = true)]
    async fn lookup_calls_wait_for_the_callers_limiter() {
        let directory = MemoryDirectory::new(fixtures::pool(), fixtures::users(5));
        let limiter = Limiter::new(&Quotas {
            user_list: 1,
            user_read: 1,
            ..Quotas::default()
        });
        let query = recognise("user00").unwrap();
        let start = Instant::now();
        let found = find(&directory, &limiter, &query, RetryPolicy::default())
            .await
            .unwrap();
        assert_eq!(found.users.len(), 5);
        let mut again = find(&directory, &limiter, &query, RetryPolicy::default())
            .await
            .unwrap()
            .users;
        // One ListUsers a second: the second lookup waited for the first one's slot.
        assert!(
            start.elapsed() >= Duration::from_secs(1),
            "{:?}",
            start.elapsed()
        );
        let start = Instant::now();
        read_mfa(&directory, &limiter, &mut again).await;
        // Five AdminGetUser at one a second, from the same limiter, not a fresh default one.
        assert!(
            start.elapsed() >= Duration::from_secs(4),
            "{:?}",
            start.elapsed()
        );
        assert!(again.iter().all(|u| u.mfa().is_some()));
    }
}
