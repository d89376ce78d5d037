//! The config file and how it combines with the command line: flags win over the file.
//!
//! ```toml
//! default_profile = "prod"
//! [profiles.prod]
//! pool_id = "eu-west-1_AbC123"
//! region = "eu-west-1"
//! aws_profile = "admin"
//! read_only = true
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::cli::Cli;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The profile used when `--profile` is not given.
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
    /// Requests per second per Cognito quota category (`[quotas]`); Cognito's defaults if absent.
    #[serde(default)]
    pub quotas: crate::limiter::Quotas,
    /// The built-in colour theme (`"default"` or `"high-contrast"`); `--theme` wins.
    pub theme: Option<crate::ui::theme::ThemeName>,
    /// How long a call may take (`[timeouts]`); 3 / 10 / 30 s if absent.
    #[serde(default)]
    pub timeouts: crate::timeouts::Timeouts,
}

/// A named set of connection settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub pool_id: Option<String>,
    pub region: Option<String>,
    /// The AWS profile (credentials) to use.
    pub aws_profile: Option<String>,
    pub endpoint_url: Option<String>,
    /// A read-only profile can never be opened writable: no flag overrides it.
    #[serde(default)]
    pub read_only: bool,
}

/// The settings a session starts with, once the file and the flags are combined.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub demo: bool,
    /// Synthetic users added to the demo pool (`--demo-users`).
    pub demo_users: usize,
    pub pool_id: Option<String>,
    pub region: Option<String>,
    pub aws_profile: Option<String>,
    pub endpoint_url: Option<String>,
    pub read_only: bool,
    /// The profile's name, for the header.
    pub profile_label: Option<String>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("config file {path}: {message}")]
    Malformed { path: PathBuf, message: String },
    #[error("config file {path} cannot be read: {message}")]
    Unreadable { path: PathBuf, message: String },
    #[error(
        "the user pool id {0:?} is malformed: it looks like eu-west-1_AbC123 (region, underscore, letters and digits)"
    )]
    MalformedPoolId(String),
    #[error("profile {name:?} is not in the config file ({path}); known profiles: {known}")]
    UnknownProfile {
        name: String,
        path: String,
        known: String,
    },
    /// `--profile NAME` names neither a profile of the config file nor an AWS profile.
    #[error("no such profile: {name} (known: {known})")]
    NoSuchProfile { name: String, known: String },
}

/// The default config file: `<config dir>/cognito-tui/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "cognito-tui")
        .map(|d| d.config_dir().join("config.toml"))
}

/// Parses a config file's text; errors name the file, the line and the column.
pub fn parse(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::Malformed {
        path: path.to_owned(),
        message: describe_toml_error(text, &e),
    })
}

fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim().to_owned();
    match error.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message,
    }
}

/// Reads the config file. A missing default file is no error; an explicit one must exist.
pub fn load(explicit: Option<&Path>) -> Result<(ConfigFile, Option<PathBuf>), ConfigError> {
    let (path, must_exist) = match explicit {
        Some(p) => (p.to_owned(), true),
        None => match default_path() {
            Some(p) => (p, false),
            None => return Ok((ConfigFile::default(), None)),
        },
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&path, &text).map(|c| (c, Some(path))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
            Ok((ConfigFile::default(), None))
        }
        Err(e) => Err(ConfigError::Unreadable {
            path,
            message: e.to_string(),
        }),
    }
}

/// The config file as the app starts with it: what [`load`] read, or the defaults and a
/// warning when the file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub file: ConfigFile,
    pub path: Option<PathBuf>,
    pub warning: Option<String>,
    /// The file could not be used and may mark a profile read-only: the defaults cannot tell
    /// which, so the whole run is read-only (as `--read-only`) rather than open one writable.
    pub read_only: bool,
}

/// [`load`], falling back to the defaults with a warning instead of failing. A broken file that
/// speaks of read-only (or one that cannot be read at all) makes the run read-only.
pub fn load_or_defaults(explicit: Option<&Path>) -> Loaded {
    match load(explicit) {
        Ok((file, path)) => Loaded {
            file,
            path,
            warning: None,
            read_only: false,
        },
        Err(e) => {
            tracing::warn!("{e}");
            let read_only = match &e {
                ConfigError::Malformed { path, .. } => {
                    std::fs::read_to_string(path).map_or(true, |text| {
                        text.to_ascii_lowercase()
                            .replace(['_', '-'], "")
                            .contains("readonly")
                    })
                }
                _ => true,
            };
            let fallback = if read_only {
                "using defaults, read-only until it is fixed (it may mark profiles read-only)"
            } else {
                "using defaults"
            };
            Loaded {
                file: ConfigFile::default(),
                path: None,
                warning: Some(format!("{e}; {fallback}")),
                read_only,
            }
        }
    }
}

/// Every profile a session can be given: the config file's and the AWS profiles
/// (`aws_names`), sorted, without repeats.
pub fn known_profiles(file: &ConfigFile, aws_names: Vec<String>) -> Vec<String> {
    let mut known: Vec<String> = file.profiles.keys().cloned().collect();
    known.extend(aws_names);
    known.sort();
    known.dedup();
    known
}

/// The refusal of a profile name that is not in `known`, as the start and `:profile` say it.
pub fn no_such_profile(name: &str, known: &[String]) -> ConfigError {
    ConfigError::NoSuchProfile {
        name: name.to_owned(),
        known: if known.is_empty() {
            "none".to_owned()
        } else {
            known.join(", ")
        },
    }
}

/// `--profile NAME` must name a profile of the config file or an AWS profile (`aws_names`
/// reads them, only when needed): an unknown name would otherwise fail later as a network or
/// credentials error. Without `--profile` nothing is checked, so credentials from the
/// environment alone still work; nor with a config file that could not be used (`None`): the
/// name may be one of its profiles, and the run goes on read-only as the AWS profile.
/// The config as a run starts from it: the command line with the file's read-only held like the
/// flag, the file (or the defaults), the warning when the file could not be used, and the
/// settings resolved for the command line.
pub struct Startup {
    pub cli: Cli,
    pub file: ConfigFile,
    pub warning: Option<String>,
    pub settings: Result<Settings, ConfigError>,
}

/// Loads the config file, installs its timeouts and resolves the settings for `cli`, as the
/// admin screen, the scripts and `me` all start.
pub fn start(cli: &Cli) -> Startup {
    // A broken config file does not stop the app: the defaults apply and the user is told.
    let Loaded {
        file,
        path,
        warning,
        read_only,
    } = load_or_defaults(cli.config.as_deref());
    // Held like the flag, so no switch can open a profile writable either.
    let cli = Cli {
        read_only: cli.read_only || read_only,
        ..cli.clone()
    };
    crate::timeouts::install(file.timeouts);
    let usable = warning.is_none().then_some(&file);
    let settings = check_profile(&cli, usable, crate::aws_profiles::names)
        .and_then(|()| resolve(&cli, &file, path.as_deref()));
    Startup {
        cli,
        file,
        warning,
        settings,
    }
}

pub fn check_profile(
    cli: &Cli,
    file: Option<&ConfigFile>,
    aws_names: impl FnOnce() -> Vec<String>,
) -> Result<(), ConfigError> {
    let (Some(name), Some(file)) = (cli.profile.as_deref(), file) else {
        return Ok(());
    };
    if file.profiles.contains_key(name) {
        return Ok(());
    }
    let aws = aws_names();
    if aws.iter().any(|n| n == name) {
        return Ok(());
    }
    Err(no_such_profile(name, &known_profiles(file, aws)))
}

/// Combines the file and the flags. Flags win; `read_only` from either side holds.
pub fn resolve(
    cli: &Cli,
    file: &ConfigFile,
    file_path: Option<&Path>,
) -> Result<Settings, ConfigError> {
    // The demo reaches no pool: the file's default profile would only put a wrong name in the
    // header (and its read_only on the demo). `--demo --profile X` still names one.
    let default = file.default_profile.clone().filter(|_| !cli.demo);
    let requested = cli.profile.clone().or(default);
    let (profile, label, aws_profile) = match requested {
        Some(name) => match file.profiles.get(&name) {
            Some(p) => {
                let aws = p.aws_profile.clone();
                (p.clone(), Some(name), aws)
            }
            // Not a profile of ours: take it as the name of an AWS profile.
            None if cli.profile.is_some() => (Profile::default(), Some(name.clone()), Some(name)),
            None => {
                return Err(ConfigError::UnknownProfile {
                    name,
                    path: file_path.map_or("no file".into(), |p| p.display().to_string()),
                    known: file.profiles.keys().cloned().collect::<Vec<_>>().join(", "),
                });
            }
        },
        None => (Profile::default(), None, None),
    };
    let pool_id = cli.pool_id.clone().or(profile.pool_id);
    if let Some(id) = &pool_id {
        validate_pool_id(id)?;
    }
    let region = cli
        .region
        .clone()
        .or(profile.region)
        .or_else(|| pool_id.as_deref().and_then(region_of_pool));
    Ok(Settings {
        demo: cli.demo,
        demo_users: cli.demo_users.unwrap_or(0) as usize,
        pool_id: if cli.demo { None } else { pool_id },
        region,
        aws_profile,
        endpoint_url: cli.endpoint_url.clone().or(profile.endpoint_url),
        read_only: cli.read_only || profile.read_only,
        profile_label: label,
    })
}

/// Where a running session is asked to go: any of pool, profile and region; what is not
/// named stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Switch {
    /// A pool id, or a pool's name to look up.
    pub pool: Option<String>,
    pub profile: Option<String>,
    pub region: Option<String>,
}

/// The settings after a switch, by the command line's rule: a config profile named by the
/// switch is resolved as `--profile NAME` would be (its pool, region, AWS profile, endpoint
/// and `read_only`), with the switch's pool and region over it; a name that is not a config
/// profile is taken as an AWS profile and keeps the pool. Read-only holds: `--read-only`
/// for the whole run, a profile's `read_only` while on that profile. A pool given by name
/// is left for the caller to look up (it needs the network).
pub fn resolve_switch(
    cli: &Cli,
    file: &ConfigFile,
    current: &Settings,
    switch: &Switch,
) -> Result<Settings, ConfigError> {
    let config_profile = switch
        .profile
        .as_ref()
        .filter(|name| file.profiles.contains_key(*name));
    let mut next = match &switch.profile {
        Some(name) if config_profile.is_some() => {
            let as_flags = Cli {
                profile: Some(name.clone()),
                pool_id: None,
                region: switch.region.clone(),
                ..cli.clone()
            };
            resolve(&as_flags, file, None)?
        }
        Some(aws_profile) => Settings {
            aws_profile: Some(aws_profile.clone()),
            profile_label: Some(aws_profile.clone()),
            // Leaving a config profile leaves its read_only; the flag holds.
            read_only: cli.read_only,
            endpoint_url: cli.endpoint_url.clone(),
            ..current.clone()
        },
        // Same profile: whatever made the session read-only still holds.
        None => current.clone(),
    };
    if config_profile.is_none()
        && let Some(region) = &switch.region
    {
        next.region = Some(region.clone());
    }
    if let Some(pool) = &switch.pool
        && validate_pool_id(pool).is_ok()
    {
        next.pool_id = Some(pool.clone());
        if switch.region.is_none() {
            next.region = region_of_pool(pool).or(next.region);
        }
    }
    next.read_only = next.read_only || cli.read_only;
    Ok(next)
}

/// Pool ids are `<region>_<letters and digits>`, as Cognito makes them.
pub fn validate_pool_id(id: &str) -> Result<(), ConfigError> {
    let valid = id.split_once('_').is_some_and(|(region, rest)| {
        !region.is_empty()
            && region
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !rest.is_empty()
            && rest.chars().all(|c| c.is_ascii_alphanumeric())
    }) && id.len() <= 55;
    if valid {
        Ok(())
    } else {
        Err(ConfigError::MalformedPoolId(id.to_owned()))
    }
}

/// The region a pool id starts with (`eu-west-1_AbC` → `eu-west-1`), when it names one.
pub fn region_of_pool(id: &str) -> Option<String> {
    let (region, _) = id.split_once('_')?;
    (region.matches('-').count() >= 2).then(|| region.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
default_profile = "prod"
[profiles.prod]
pool_id = "eu-west-1_Prod1"
aws_profile = "admin"
[profiles.audit]
pool_id = "us-east-1_Audit1"
region = "us-east-2"
read_only = true
"#;

    fn file() -> ConfigFile {
        parse(Path::new("c.toml"), FILE).unwrap()
    }

    #[test]
    fn a_broken_file_loads_as_the_defaults_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken.toml");
        std::fs::write(&broken, "default_profile = [").unwrap();
        let loaded = load_or_defaults(Some(&broken));
        assert_eq!(loaded.file, ConfigFile::default());
        assert_eq!(loaded.path, None);
        assert!(!loaded.read_only);
        let warning = loaded.warning.unwrap();
        assert!(warning.contains("broken.toml"), "{warning}");
        assert!(warning.ends_with("; using defaults"), "{warning}");

        let good = dir.path().join("good.toml");
        std::fs::write(&good, FILE).unwrap();
        let loaded = load_or_defaults(Some(&good));
        assert_eq!(loaded.file.default_profile.as_deref(), Some("prod"));
        assert_eq!(loaded.path, Some(good));
        assert_eq!(loaded.warning, None);
        assert!(!loaded.read_only);
    }

    #[test]
    fn default_profile_applies_and_region_comes_from_the_pool_id() {
        let s = resolve(&Cli::default(), &file(), None).unwrap();
        assert_eq!(s.pool_id.as_deref(), Some("eu-west-1_Prod1"));
        assert_eq!(s.region.as_deref(), Some("eu-west-1"));
        assert_eq!(s.aws_profile.as_deref(), Some("admin"));
        assert_eq!(s.profile_label.as_deref(), Some("prod"));
        assert!(!s.read_only);
    }

    #[test]
    fn the_demo_takes_no_default_profile() {
        let cli = Cli {
            demo: true,
            ..Cli::default()
        };
        let s = resolve(&cli, &file(), None).unwrap();
        assert_eq!(s.profile_label, None, "the header names no profile");
        assert_eq!(s.pool_id, None);
    }

    #[test]
    fn flags_win_over_the_file_but_read_only_holds() {
        let cli = Cli {
            profile: Some("audit".into()),
            region: Some("ap-south-1".into()),
            pool_id: Some("ap-south-1_Other".into()),
            ..Cli::default()
        };
        let s = resolve(&cli, &file(), None).unwrap();
        assert_eq!(s.pool_id.as_deref(), Some("ap-south-1_Other"));
        assert_eq!(s.region.as_deref(), Some("ap-south-1"));
        assert!(s.read_only, "a read-only profile stays read-only");
    }

    #[test]
    fn an_unknown_profile_name_is_taken_as_an_aws_profile() {
        let cli = Cli {
            profile: Some("sso-dev".into()),
            ..Cli::default()
        };
        let s = resolve(&cli, &file(), None).unwrap();
        assert_eq!(s.aws_profile.as_deref(), Some("sso-dev"));
        assert_eq!(s.pool_id, None);
    }

    #[test]
    fn a_profile_flag_must_name_a_config_or_aws_profile() {
        let flag = |name: &str| Cli {
            profile: Some(name.into()),
            ..Cli::default()
        };
        let aws = || vec!["sso-dev".to_owned(), "admin".to_owned()];
        assert_eq!(check_profile(&flag("audit"), Some(&file()), aws), Ok(()));
        assert_eq!(check_profile(&flag("sso-dev"), Some(&file()), aws), Ok(()));
        assert_eq!(
            check_profile(&Cli::default(), Some(&file()), Vec::new),
            Ok(())
        );
        assert_eq!(
            check_profile(&flag("typo"), None, aws),
            Ok(()),
            "a broken file"
        );
        let e = check_profile(&flag("typo"), Some(&file()), aws).unwrap_err();
        assert_eq!(
            e.to_string(),
            "no such profile: typo (known: admin, audit, prod, sso-dev)"
        );
        let e = check_profile(&flag("typo"), Some(&ConfigFile::default()), Vec::new).unwrap_err();
        assert_eq!(e.to_string(), "no such profile: typo (known: none)");
    }

    fn on(profile: &str) -> Settings {
        let cli = Cli {
            profile: Some(profile.into()),
            ..Cli::default()
        };
        resolve(&cli, &file(), None).unwrap()
    }

    fn to_profile(name: &str) -> Switch {
        Switch {
            profile: Some(name.into()),
            ..Switch::default()
        }
    }

    #[test]
    fn switching_to_a_read_only_profile_opens_its_pool_read_only() {
        let s =
            resolve_switch(&Cli::default(), &file(), &on("prod"), &to_profile("audit")).unwrap();
        assert_eq!(s.pool_id.as_deref(), Some("us-east-1_Audit1"));
        assert_eq!(s.region.as_deref(), Some("us-east-2"));
        assert_eq!(s.aws_profile, None);
        assert_eq!(s.profile_label.as_deref(), Some("audit"));
        assert!(s.read_only);
    }

    #[test]
    fn the_target_profile_decides_unless_read_only_was_given() {
        let back = resolve_switch(&Cli::default(), &file(), &on("audit"), &to_profile("prod"));
        let back = back.unwrap();
        assert_eq!(back.pool_id.as_deref(), Some("eu-west-1_Prod1"));
        assert_eq!(back.aws_profile.as_deref(), Some("admin"));
        assert!(!back.read_only, "prod is writable");
        let flag = Cli {
            read_only: true,
            profile: Some("audit".into()),
            ..Cli::default()
        };
        let current = resolve(&flag, &file(), None).unwrap();
        for switch in [
            to_profile("prod"),
            to_profile("sso-dev"),
            Switch {
                pool: Some("eu-west-1_Other".into()),
                ..Switch::default()
            },
            Switch {
                region: Some("eu-central-1".into()),
                ..Switch::default()
            },
        ] {
            let s = resolve_switch(&flag, &file(), &current, &switch).unwrap();
            assert!(s.read_only, "--read-only holds through {switch:?}");
        }
    }

    #[test]
    fn pool_and_region_switches_keep_the_profile_and_its_read_only() {
        let current = on("audit");
        let s = resolve_switch(
            &Cli::default(),
            &file(),
            &current,
            &Switch {
                pool: Some("eu-west-1_Other".into()),
                ..Switch::default()
            },
        )
        .unwrap();
        assert_eq!(s.pool_id.as_deref(), Some("eu-west-1_Other"));
        assert_eq!(s.region.as_deref(), Some("eu-west-1"));
        assert_eq!(s.profile_label.as_deref(), Some("audit"));
        assert!(s.read_only);
        let by_name = Switch {
            pool: Some("support".into()),
            region: Some("eu-central-1".into()),
            ..Switch::default()
        };
        let s = resolve_switch(&Cli::default(), &file(), &current, &by_name).unwrap();
        assert_eq!(
            s.pool_id, current.pool_id,
            "a name is looked up by the caller"
        );
        assert_eq!(s.region.as_deref(), Some("eu-central-1"));
        assert!(s.read_only);
    }

    #[test]
    fn a_recent_entry_replays_its_profile_with_its_own_pool() {
        let recent = Switch {
            pool: Some("us-east-1_Audit2".into()),
            region: Some("us-east-1".into()),
            profile: Some("audit".into()),
        };
        let s = resolve_switch(&Cli::default(), &file(), &on("prod"), &recent).unwrap();
        assert_eq!(s.pool_id.as_deref(), Some("us-east-1_Audit2"));
        assert_eq!(s.region.as_deref(), Some("us-east-1"));
        assert_eq!(s.profile_label.as_deref(), Some("audit"));
        assert!(s.read_only, "the entry's profile is read-only");
    }

    #[test]
    fn an_unknown_switch_name_is_an_aws_profile_on_the_same_pool() {
        let s = resolve_switch(
            &Cli::default(),
            &file(),
            &on("audit"),
            &to_profile("sso-dev"),
        );
        let s = s.unwrap();
        assert_eq!(s.aws_profile.as_deref(), Some("sso-dev"));
        assert_eq!(s.profile_label.as_deref(), Some("sso-dev"));
        assert_eq!(s.pool_id.as_deref(), Some("us-east-1_Audit1"));
        assert!(!s.read_only, "audit's read_only goes with audit");
    }

    #[test]
    fn malformed_files_name_the_file_and_line() {
        let e = parse(Path::new("/etc/c.toml"), "[profiles.a]\npool_id = \n").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("/etc/c.toml"), "{text}");
        assert!(text.contains("line 2"), "{text}");
        let e = parse(Path::new("c.toml"), "[profiles.a]\npoolid = \"x\"\n").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        assert!(e.to_string().contains("poolid"), "{e}");
    }

    #[test]
    fn a_broken_file_that_may_mark_profiles_read_only_makes_the_run_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let load = |text: &str| {
            std::fs::write(&path, text).unwrap();
            load_or_defaults(Some(&path))
        };
        // A typo anywhere loses the whole file, the read-only profile with it.
        let broken =
            load("[profiles.ro]\npool_id = \"eu-west-1_A\"\nread_only = true\nregon = 1\n");
        assert_eq!(broken.file, ConfigFile::default());
        assert!(broken.read_only);
        let warning = broken.warning.unwrap();
        assert!(
            warning.contains("regon") && warning.contains("read-only"),
            "{warning}"
        );
        // Misspelt read-only is meant as read-only too.
        assert!(load("[profiles.ro]\nread-only = true\n").read_only);
        // Nothing said of read-only: the defaults lose nothing that protects the pool.
        let plain = load("theme = \"loud\"\n");
        assert!(!plain.read_only);
        assert!(plain.warning.unwrap().ends_with("; using defaults"));
        // A file that cannot be read may say anything.
        assert!(load_or_defaults(Some(&dir.path().join("missing.toml"))).read_only);
        let fine = load("[profiles.ro]\nread_only = true\n");
        assert!(!fine.read_only && fine.warning.is_none());
        assert!(fine.file.profiles["ro"].read_only);
    }

    #[test]
    fn pool_ids_are_checked() {
        assert!(validate_pool_id("eu-west-1_AbC123").is_ok());
        for bad in [
            "",
            "nounderscore",
            "_abc",
            "eu-west-1_",
            "eu west_1",
            "a_b\"c",
        ] {
            assert!(validate_pool_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_example_config_parses() {
        let text = include_str!("../config.example.toml");
        let file = parse(Path::new("config.example.toml"), text).unwrap();
        assert!(!file.profiles.is_empty());
        assert_eq!(file.quotas, crate::limiter::Quotas::default());
    }
}
