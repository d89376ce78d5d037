//! `cognito-tui lookup QUERY`: find people from a script, as the search box does.
//! Exit codes: 0 found, 1 nobody, 2 error.

use std::io::Write;
use std::process::ExitCode;

use serde_json::{Map, Value, json};

use crate::directory::{DirectoryReader, User};
use crate::retry::RetryPolicy;
use crate::search::find::find;
use crate::search::{SearchError, recognise};
use crate::ui::text::safe;

pub async fn run(reader: &dyn DirectoryReader, query: &str, as_json: bool) -> ExitCode {
    let query = match recognise(query) {
        Ok(q) => q,
        Err(SearchError::NotFilterable(name)) => {
            eprintln!(
                "cognito-tui: Cognito cannot search on {name}; export the pool (cognito-tui export --format json) and filter it locally"
            );
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("cognito-tui: {e}");
            return ExitCode::from(2);
        }
    };
    let found = match find(reader, &query, RetryPolicy::default()).await {
        Ok(found) => found,
        Err(e) => {
            eprintln!("cognito-tui: {e}");
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout().lock();
    let written = if as_json {
        let users: Vec<Value> = found.users.iter().map(user_json).collect();
        writeln!(out, "{}", Value::Array(users))
    } else {
        write_table(&mut out, &found.users)
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        eprintln!("cognito-tui: cannot write the results: {e}");
        return ExitCode::from(2);
    }
    match &found.filter {
        Some(filter) => {
            eprintln!(
                "found {} (filter sent: {})",
                found.users.len(),
                filter.expression
            );
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("nobody matches {}", found.tried.join(", then "));
            ExitCode::from(1)
        }
    }
}

/// A user as JSON: its account facts and its attributes as an object.
pub fn user_json(user: &User) -> Value {
    let attributes: Map<String, Value> = user
        .attributes
        .iter()
        .map(|a| (a.name.to_owned(), Value::String(a.value.to_owned())))
        .collect();
    json!({
        "username": user.username,
        "status": user.status,
        "enabled": user.enabled,
        "created": user.created,
        "last_modified": user.last_modified,
        // The enabled MFA methods, or null where they were not read (ListUsers has none).
        "mfa": user.mfa,
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
            "{}  {}  {}",
            safe(&user.username),
            user.status,
            if user.enabled { "enabled" } else { "DISABLED" }
        )?;
        let width = user
            .attributes
            .iter()
            .map(|a| a.name.len())
            .max()
            .unwrap_or(0);
        for attribute in &user.attributes {
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
