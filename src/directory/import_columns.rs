//! The columns of a CSV user-import file, in the order Cognito documents them (what
//! `GetCSVHeader` answers): the in-memory directory answers with them, and `export` falls back
//! on them where a server lacks `GetCSVHeader`.

use super::PoolInfo;

/// Cognito's documented CSV import columns for the standard attributes, in order: the standard
/// attributes but `sub`, which an import cannot set.
pub const STANDARD_COLUMNS: &[&str] = super::model::STANDARD_ATTRIBUTES.split_at(1).1;

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
