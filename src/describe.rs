//! A user or the pool as a document, written as JSON or YAML: what the describe view shows and
//! copies.
//!
//! The document is a small ordered tree ([`Doc`]) rather than a `serde_json::Value`, whose maps
//! sort their keys (the crate's `preserve_order` is off): the fields keep Cognito's order. YAML
//! is written by hand (about sixty lines, tested below) rather than through a YAML crate: none is
//! in the lock file, the well-known one (`serde_yaml`) is unmaintained, and a document of
//! strings, numbers, booleans, lists and maps needs little — a string is quoted (as JSON, which
//! YAML reads) whenever it could be read as anything but itself.

use crate::directory::{EpochSeconds, PoolInfo, User};

/// A JSON-like value whose maps keep their order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doc {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<Doc>),
    Map(Vec<(String, Doc)>),
}

/// How the describe view writes a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Json,
    Yaml,
}

impl Format {
    pub fn other(self) -> Self {
        match self {
            Format::Json => Format::Yaml,
            Format::Yaml => Format::Json,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
        }
    }
}

impl Doc {
    fn str(text: impl Into<String>) -> Doc {
        Doc::Str(text.into())
    }

    fn opt_str(text: Option<impl Into<String>>) -> Doc {
        text.map_or(Doc::Null, |t| Doc::Str(t.into()))
    }

    fn strs(items: &[String]) -> Doc {
        Doc::List(items.iter().map(|s| Doc::str(s.clone())).collect())
    }

    /// The document in `format`, one line per item.
    pub fn write(&self, format: Format) -> String {
        let mut out = String::new();
        match format {
            Format::Json => json(self, 0, &mut out),
            Format::Yaml => yaml_top(self, &mut out),
        }
        out
    }
}

/// Cognito's own time format (`2024-06-01T08:00:00Z`), or null.
fn time(secs: Option<EpochSeconds>) -> Doc {
    use aws_sdk_cognitoidentityprovider::primitives::{DateTime, DateTimeFormat};
    Doc::opt_str(secs.and_then(|s| DateTime::from_secs(s).fmt(DateTimeFormat::DateTime).ok()))
}

/// A user as `AdminGetUser` returns it, with its groups (`AdminListGroupsForUser`) added:
/// `None` while they load, or why they are unknown. With `mask` on, personal data is masked
/// as on the rest of the screen (`pii`).
pub fn user_doc(user: &User, groups: Option<&Result<Vec<String>, String>>, mask: bool) -> Doc {
    let shown = |name: &str, value: &str| -> String {
        if mask && crate::pii::is_personal(name) {
            crate::pii::mask(value)
        } else {
            value.to_owned()
        }
    };
    let username = if mask {
        crate::pii::username(user.username()).into_owned()
    } else {
        user.username().to_owned()
    };
    let attributes = user
        .attributes()
        .iter()
        .map(|a| {
            Doc::Map(vec![
                ("Name".into(), Doc::str(a.name)),
                ("Value".into(), Doc::str(shown(a.name, a.value))),
            ])
        })
        .collect();
    let mut fields = vec![
        ("Username".to_owned(), Doc::Str(username)),
        ("UserAttributes".to_owned(), Doc::List(attributes)),
        ("UserCreateDate".to_owned(), time(user.created())),
        (
            "UserLastModifiedDate".to_owned(),
            time(user.last_modified()),
        ),
        ("Enabled".to_owned(), Doc::Bool(user.enabled())),
        ("UserStatus".to_owned(), Doc::str(user.status().to_owned())),
    ];
    if let Some(mfa) = &user.mfa() {
        fields.push(("UserMFASettingList".to_owned(), Doc::strs(mfa)));
    }
    let groups = match groups {
        Some(Ok(names)) => Doc::strs(names),
        Some(Err(why)) => Doc::str(format!("(unknown: {why})")),
        None => Doc::str("(loading)"),
    };
    fields.push(("Groups".to_owned(), groups));
    Doc::Map(fields)
}

/// The pool as `DescribeUserPool` returns it, in the parts the app reads: schema, policies,
/// MFA, triggers and the estimated users.
pub fn pool_doc(pool: &PoolInfo) -> Doc {
    let d = &pool.details;
    let schema = pool
        .schema
        .iter()
        .map(|a| {
            Doc::Map(vec![
                ("Name".into(), Doc::str(a.name.clone())),
                ("AttributeDataType".into(), Doc::str(a.data_type.clone())),
                ("Required".into(), Doc::Bool(a.required)),
                ("Mutable".into(), Doc::Bool(a.mutable)),
            ])
        })
        .collect();
    let policies = match &d.password_policy {
        Some(p) => Doc::Map(vec![(
            "PasswordPolicy".into(),
            Doc::Map(vec![
                (
                    "MinimumLength".into(),
                    p.minimum_length.map_or(Doc::Null, |n| Doc::Int(n.into())),
                ),
                ("RequireUppercase".into(), Doc::Bool(p.require_uppercase)),
                ("RequireLowercase".into(), Doc::Bool(p.require_lowercase)),
                ("RequireNumbers".into(), Doc::Bool(p.require_numbers)),
                ("RequireSymbols".into(), Doc::Bool(p.require_symbols)),
                (
                    "TemporaryPasswordValidityDays".into(),
                    p.temporary_password_validity_days
                        .map_or(Doc::Null, |n| Doc::Int(n.into())),
                ),
            ]),
        )]),
        None => Doc::Null,
    };
    let triggers = Doc::Map(
        d.triggers
            .iter()
            .map(|(name, arn)| (name.clone(), Doc::str(arn.clone())))
            .collect(),
    );
    Doc::Map(vec![
        ("Id".into(), Doc::str(pool.id.clone())),
        ("Name".into(), Doc::str(pool.name.clone())),
        ("Arn".into(), Doc::opt_str(d.arn.clone())),
        ("CreationDate".into(), time(d.created)),
        ("LastModifiedDate".into(), time(d.last_modified)),
        (
            "EstimatedNumberOfUsers".into(),
            pool.estimated_users.map_or(Doc::Null, |n| {
                Doc::Int(i64::try_from(n).unwrap_or(i64::MAX))
            }),
        ),
        (
            "MfaConfiguration".into(),
            Doc::opt_str(pool.mfa_configuration.clone()),
        ),
        ("Policies".into(), policies),
        ("LambdaConfig".into(), triggers),
        (
            "UsernameAttributes".into(),
            Doc::strs(&pool.username_attributes),
        ),
        ("AliasAttributes".into(), Doc::strs(&pool.alias_attributes)),
        (
            "AutoVerifiedAttributes".into(),
            Doc::strs(&d.auto_verified_attributes),
        ),
        (
            "DeletionProtection".into(),
            Doc::opt_str(d.deletion_protection.clone()),
        ),
        ("UserPoolTier".into(), Doc::opt_str(d.tier.clone())),
        ("Domain".into(), Doc::opt_str(d.domain.clone())),
        ("SchemaAttributes".into(), Doc::List(schema)),
    ])
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.escape_default()))
}

fn json(doc: &Doc, indent: usize, out: &mut String) {
    let pad = |n: usize| "  ".repeat(n);
    match doc {
        Doc::Null => out.push_str("null"),
        Doc::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Doc::Int(n) => out.push_str(&n.to_string()),
        Doc::Str(s) => out.push_str(&quoted(s)),
        Doc::List(items) if items.is_empty() => out.push_str("[]"),
        Doc::Map(items) if items.is_empty() => out.push_str("{}"),
        Doc::List(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                json(item, indent + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Doc::Map(items) => {
            out.push_str("{\n");
            for (i, (key, value)) in items.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                out.push_str(&quoted(key));
                out.push_str(": ");
                json(value, indent + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
    }
}

/// A scalar as YAML writes it, or `None` for a non-empty list or map.
fn yaml_scalar(doc: &Doc) -> Option<String> {
    Some(match doc {
        Doc::Null => "null".to_owned(),
        Doc::Bool(b) => b.to_string(),
        Doc::Int(n) => n.to_string(),
        Doc::Str(s) => yaml_str(s),
        Doc::List(items) if items.is_empty() => "[]".to_owned(),
        Doc::Map(items) if items.is_empty() => "{}".to_owned(),
        Doc::List(_) | Doc::Map(_) => return None,
    })
}

/// A string plain when YAML reads it back as that same string, else quoted.
fn yaml_str(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let reserved = matches!(
        lower.as_str(),
        "" | "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    );
    let numeric = s.parse::<f64>().is_ok() || lower.starts_with("0x") || lower.starts_with("0o");
    let first = s.chars().next().unwrap_or(' ');
    let special_start = "-?:,[]{}#&*!|>'\"%@`. ".contains(first);
    let needs = reserved
        || numeric
        || special_start
        || s.ends_with(' ')
        || s.ends_with(':')
        || s.contains(": ")
        || s.contains(" #")
        || s.chars().any(|c| c.is_control() || c == '\u{feff}');
    if needs { quoted(s) } else { s.to_owned() }
}

fn yaml_key(key: &str) -> String {
    yaml_str(key)
}

fn yaml_top(doc: &Doc, out: &mut String) {
    match yaml_scalar(doc) {
        Some(scalar) => out.push_str(&scalar),
        None => yaml_block(doc, 0, out),
    }
}

/// A non-empty list or map as a block at `indent` levels, each line ending in a newline except
/// the last.
fn yaml_block(doc: &Doc, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent);
    let mut first = true;
    let mut line = |out: &mut String| {
        if !first {
            out.push('\n');
        }
        first = false;
        out.push_str(&pad);
    };
    match doc {
        Doc::List(items) => {
            for item in items {
                line(out);
                out.push_str("- ");
                match (yaml_scalar(item), item) {
                    (Some(scalar), _) => out.push_str(&scalar),
                    // A map in a list: its first key on the dash's line, the rest under it.
                    (None, Doc::Map(_)) => {
                        let mut inner = String::new();
                        yaml_block(item, indent + 1, &mut inner);
                        out.push_str(inner.trim_start());
                    }
                    (None, _) => {
                        out.push('\n');
                        yaml_block(item, indent + 1, out);
                    }
                }
            }
        }
        Doc::Map(items) => {
            for (key, value) in items {
                line(out);
                out.push_str(&yaml_key(key));
                out.push(':');
                match yaml_scalar(value) {
                    Some(scalar) => {
                        out.push(' ');
                        out.push_str(&scalar);
                    }
                    None => {
                        out.push('\n');
                        yaml_block(value, indent + 1, out);
                    }
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::fixtures;

    #[test]
    fn json_keeps_the_order_and_parses_back() {
        let doc = user_doc(&fixtures::user(2), Some(&Ok(vec!["admins".into()])), false);
        let text = doc.write(Format::Json);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["Username"], "user002");
        assert_eq!(value["Groups"][0], "admins");
        assert!(text.find("\"Username\"").unwrap() < text.find("\"UserAttributes\"").unwrap());
        assert!(text.contains("\"Enabled\": true"));
    }

    #[test]
    fn yaml_quotes_what_would_read_as_something_else() {
        let doc = Doc::Map(vec![
            ("plain".into(), Doc::str("hello world")),
            ("bool".into(), Doc::str("true")),
            ("number".into(), Doc::str("0042")),
            ("empty".into(), Doc::str("")),
            ("colon".into(), Doc::str("a: b")),
            ("dash".into(), Doc::str("-x")),
            ("newline".into(), Doc::str("a\nb")),
            ("list".into(), Doc::List(vec![Doc::Int(1), Doc::Null])),
            ("none".into(), Doc::List(vec![])),
            (
                "maps".into(),
                Doc::List(vec![Doc::Map(vec![
                    ("Name".into(), Doc::str("email")),
                    ("Value".into(), Doc::str("a@b.c")),
                ])]),
            ),
            (
                "nested".into(),
                Doc::Map(vec![("k".into(), Doc::Bool(false))]),
            ),
        ]);
        assert_eq!(
            doc.write(Format::Yaml),
            "plain: hello world\n\
             bool: \"true\"\n\
             number: \"0042\"\n\
             empty: \"\"\n\
             colon: \"a: b\"\n\
             dash: \"-x\"\n\
             newline: \"a\\nb\"\n\
             list:\n  - 1\n  - null\n\
             none: []\n\
             maps:\n  - Name: email\n    Value: a@b.c\n\
             nested:\n  k: false"
        );
    }

    #[test]
    fn masking_hides_personal_values_but_not_the_rest() {
        let user = fixtures::user(1);
        let email = user.email().unwrap().to_owned();
        let text = user_doc(&user, None, true).write(Format::Yaml);
        assert!(!text.contains(&email), "{text}");
        assert!(text.contains("Name: email"));
        assert!(text.contains("Groups: (loading)"));
        let plain = user_doc(&user, None, false).write(Format::Yaml);
        assert!(plain.contains(&email));
    }

    #[test]
    fn the_pool_shows_policies_triggers_and_schema() {
        let text = pool_doc(&fixtures::pool()).write(Format::Json);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["Policies"]["PasswordPolicy"]["MinimumLength"], 12);
        assert_eq!(value["EstimatedNumberOfUsers"], 500);
        assert!(value["LambdaConfig"]["PreSignUp"].is_string());
        assert_eq!(value["SchemaAttributes"][0]["Name"], "sub");
    }
}
