//! Why AWS credentials could not be had, read from the SDK's words, and what to do about it in
//! one sentence. The SDK says "dispatch failure: other: the credential provider was not enabled:
//! no credentials found in chain…"; the user needs to hear "no credentials for profile X: run
//! `aws sso login --profile X`". The status line, the messages and the CLI all take this one.

/// What is wrong with the credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialProblem {
    /// The profile named (by `--profile` or `AWS_PROFILE`) is in no AWS config or credentials
    /// file; the name is the SDK's when it gave one.
    NoSuchProfile(Option<String>),
    /// The SSO sign-in (its cached token or session) has expired or was never made.
    SsoExpired,
    /// The profile's `credential_process` failed.
    ProcessFailed,
    /// Cognito refused the credentials sent: expired session keys, a wrong key or signature.
    Rejected,
    /// No provider of the chain had any: no keys in the environment, none in the profile.
    NotFound,
}

impl CredentialProblem {
    /// Reads the problem from the SDK's words (the error and its causes).
    pub fn of(detail: &str) -> Self {
        let lower = detail.to_ascii_lowercase();
        if lower.contains("was not defined") || lower.contains("could not find source profile") {
            return Self::NoSuchProfile(quoted_profile(detail));
        }
        if lower.contains("sso") || lower.contains("access token") {
            return Self::SsoExpired;
        }
        if lower.contains("external process") || lower.contains("credential_process") {
            return Self::ProcessFailed;
        }
        if lower.contains("no credentials")
            || lower.contains("loading credentials")
            || lower.contains("not enabled")
            || lower.contains("imds")
        {
            return Self::NotFound;
        }
        Self::Rejected
    }

    /// The sentence for `profile` (empty: none was named, the default chain was used).
    pub fn sentence(&self, profile: &str) -> String {
        let of = |what: &str| {
            if profile.is_empty() {
                what.to_owned()
            } else {
                format!("{what} for profile {profile}")
            }
        };
        let login = if profile.is_empty() {
            "`aws sso login --profile NAME`".to_owned()
        } else {
            format!("`aws sso login --profile {profile}`")
        };
        match self {
            Self::NoSuchProfile(named) => {
                let name = named.as_deref().unwrap_or(profile);
                format!(
                    "AWS profile {name} is not in ~/.aws/config or ~/.aws/credentials: check \
                     --profile and AWS_PROFILE, or add it with `aws configure --profile {name}`."
                )
            }
            Self::SsoExpired => format!(
                "The AWS SSO sign-in {}has expired or was never made: run {login}, then try again.",
                if profile.is_empty() {
                    String::new()
                } else {
                    format!("of profile {profile} ")
                }
            ),
            Self::ProcessFailed => format!(
                "The credential_process {}failed: run it by hand to see why.",
                if profile.is_empty() {
                    String::new()
                } else {
                    format!("of profile {profile} ")
                }
            ),
            Self::Rejected => format!(
                "AWS refused the credentials {}(expired or invalid): refresh them, or run {login} \
                 for an SSO profile.",
                if profile.is_empty() {
                    String::new()
                } else {
                    format!("of profile {profile} ")
                }
            ),
            Self::NotFound => format!(
                "{}: set AWS_PROFILE (or --profile), or run {login} or `aws configure`.",
                of("No AWS credentials found")
            ),
        }
    }
}

/// The name in "profile `NAME`", as the SDK quotes a profile it could not find.
fn quoted_profile(detail: &str) -> Option<String> {
    let start = detail.find("profile `")? + "profile `".len();
    let len = detail[start..].find('`')?;
    Some(detail[start..start + len].to_owned()).filter(|n| !n.is_empty())
}

/// The SDK's words with anything shaped like a secret left out, for the messages and the log:
/// an access key id (`AKIA…`, `ASIA…`) and any long unbroken run of key or token characters
/// (a secret key, a session token, a JWT), which a `credential_process` may print when it fails.
pub fn without_secrets(detail: &str) -> String {
    let mut out = String::with_capacity(detail.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if looks_secret(word) {
            out.push_str("[hidden]");
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in detail.chars() {
        if c.is_ascii_alphanumeric() || "+/=_-.".contains(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn looks_secret(word: &str) -> bool {
    let key_id = word.len() == 20
        && (word.starts_with("AKIA") || word.starts_with("ASIA"))
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let has_digit = word.chars().any(|c| c.is_ascii_digit());
    let has_letter = word.chars().any(|c| c.is_ascii_alphabetic());
    key_id || (word.len() >= 32 && has_digit && has_letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SDK's own words for each failure, as `cognito-tui lookup` met them with the keys unset
    /// and a HOME of its own (aws-config 1.x).
    const NO_CHAIN: &str = "dispatch failure: other: the credential provider was not enabled: \
        no credentials found in chain. Attempted:; Environment: the credential provider was not \
        enabled: environment variable not set; Profile: the credential provider was not enabled";
    const NO_IMDS: &str = "dispatch failure: other: an error occurred while loading credentials: \
        failed to load IMDS session token: service error: request forbidden";
    const NO_PROFILE: &str = "dispatch failure: other: the credential provider was not enabled: \
        no credentials found in chain. Attempted:; Profile: the credential provider was not \
        enabled: profile `nosuch` was not defined: could not find source profile nosuch";
    const SSO: &str = "dispatch failure: other: an error occurred while loading credentials: an \
        error occurred while loading an access token: the SSO token has expired and cannot be \
        refreshed";
    const SSO_NONE: &str = "dispatch failure: other: an error occurred while loading credentials: \
        an error occurred while loading an access token: failed to load the cached SSO token";
    const PROCESS: &str = "dispatch failure: other: an error occurred while loading credentials: \
        Error retrieving credentials: external process exited with code exit status: 3. Stderr: \
        vault: not logged in";

    #[test]
    fn each_failure_of_the_chain_is_told_apart() {
        assert_eq!(CredentialProblem::of(NO_CHAIN), CredentialProblem::NotFound);
        assert_eq!(CredentialProblem::of(NO_IMDS), CredentialProblem::NotFound);
        assert_eq!(
            CredentialProblem::of(NO_PROFILE),
            CredentialProblem::NoSuchProfile(Some("nosuch".into()))
        );
        assert_eq!(CredentialProblem::of(SSO), CredentialProblem::SsoExpired);
        assert_eq!(
            CredentialProblem::of(SSO_NONE),
            CredentialProblem::SsoExpired
        );
        assert_eq!(
            CredentialProblem::of(PROCESS),
            CredentialProblem::ProcessFailed
        );
        assert_eq!(
            CredentialProblem::of("The security token included in the request is expired"),
            CredentialProblem::Rejected
        );
    }

    #[test]
    fn each_sentence_says_what_is_wrong_and_what_to_do_without_the_sdks_jargon() {
        let cases = [
            (
                NO_CHAIN,
                "No AWS credentials found for profile dev",
                "aws sso login --profile dev",
            ),
            (
                NO_PROFILE,
                "AWS profile nosuch is not in ~/.aws/config",
                "--profile",
            ),
            (
                SSO,
                "SSO sign-in of profile dev has expired",
                "aws sso login --profile dev",
            ),
            (
                PROCESS,
                "credential_process of profile dev failed",
                "run it by hand",
            ),
        ];
        for (detail, what, todo) in cases {
            let text = CredentialProblem::of(detail).sentence("dev");
            assert!(text.contains(what), "{text}");
            assert!(text.contains(todo), "{text}");
            for jargon in ["dispatch failure", "not enabled", "chain", "Stderr"] {
                assert!(!text.contains(jargon), "{text}");
            }
        }
        let unnamed = CredentialProblem::NotFound.sentence("");
        assert!(
            unnamed.starts_with("No AWS credentials found: "),
            "{unnamed}"
        );
    }

    #[test]
    fn key_ids_and_long_tokens_are_left_out_of_the_detail() {
        let detail = "process printed AKIAIOSFODNN7EXAMPLE and \
            wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY then exited: exit status 3";
        let shown = without_secrets(detail);
        assert!(!shown.contains("AKIAIOSFODNN7EXAMPLE"), "{shown}");
        assert!(!shown.contains("wJalrXUtnFEMI"), "{shown}");
        assert_eq!(
            shown,
            "process printed [hidden] and [hidden] then exited: exit status 3"
        );
        assert_eq!(without_secrets(PROCESS), PROCESS);
    }
}
