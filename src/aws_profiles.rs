//! The names of the AWS profiles on this machine: `[profile NAME]` and `[default]` in the
//! shared config file (`AWS_CONFIG_FILE`, else `~/.aws/config`; SSO profiles are there too) and
//! `[NAME]` in the credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`).
//! Only the section names are read, never a value.

use std::path::{Path, PathBuf};

/// Every AWS profile name found, sorted, without repeats; files that cannot be read add none.
pub fn names() -> Vec<String> {
    let home = directories::BaseDirs::new().map(|d| d.home_dir().join(".aws"));
    let file = |var: &str, name: &str| -> Option<PathBuf> {
        std::env::var_os(var)
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(name)))
    };
    names_in(
        file("AWS_CONFIG_FILE", "config").as_deref(),
        file("AWS_SHARED_CREDENTIALS_FILE", "credentials").as_deref(),
    )
}

/// [`names`] from these two files.
pub fn names_in(config: Option<&Path>, credentials: Option<&Path>) -> Vec<String> {
    let read = |path: Option<&Path>| path.and_then(|p| std::fs::read_to_string(p).ok());
    let mut names = read(config).map_or_else(Vec::new, |t| sections(&t, true));
    names.extend(read(credentials).map_or_else(Vec::new, |t| sections(&t, false)));
    names.sort();
    names.dedup();
    names
}

/// The profile names of a config file (`in_config`: `[profile NAME]`, `[default]`; other
/// sections such as `[sso-session NAME]` are not profiles) or of a credentials file (`[NAME]`).
fn sections(text: &str, in_config: bool) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let inner = line.trim().strip_prefix('[')?.split(']').next()?.trim();
            if !in_config || inner == "default" {
                return Some(inner);
            }
            let (kind, name) = inner.split_once(char::is_whitespace)?;
            (kind == "profile").then_some(name.trim())
        })
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_come_from_both_files_and_sso_sessions_are_not_profiles() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        let credentials = dir.path().join("credentials");
        std::fs::write(
            &config,
            "[default]\nregion = eu-west-1\n[profile sso-dev]\nsso_session = corp\n\
             [sso-session corp]\nsso_start_url = https://x\n  [profile  admin ]\n# [profile no]\n",
        )
        .unwrap();
        std::fs::write(&credentials, "[default]\naws_access_key_id = A\n[ci]\n").unwrap();
        assert_eq!(
            names_in(Some(&config), Some(&credentials)),
            ["admin", "ci", "default", "sso-dev"]
        );
        assert_eq!(
            names_in(Some(&dir.path().join("none")), None),
            Vec::<String>::new()
        );
    }
}
