//! Where the Cognito client sends its requests, decided before the SDK sees it: the SDK takes
//! a blank `AWS_ENDPOINT_URL` (or `--endpoint-url ''`) as the URL itself and panics on the first
//! call, and takes any other text as given, so a typo is retried as an unreachable server.

use thiserror::Error;

/// The SDK's environment variables for the endpoint, the service's own first.
const SERVICE_VAR: &str = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER";
const GLOBAL_VAR: &str = "AWS_ENDPOINT_URL";
/// Set to `true`, the SDK ignores the two variables above (and the AWS config file's endpoints).
const IGNORE_VAR: &str = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "{origin} is not an endpoint URL: `{url}` (it takes http:// or https:// and a host, e.g. http://127.0.0.1:5000)"
)]
pub struct BadEndpoint {
    /// Where the URL came from: the flag (or config profile) or the variable's name.
    pub origin: String,
    pub url: String,
}

/// The endpoint decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// This URL, over whatever the SDK would read.
    Url(String),
    /// None given: AWS's own for the region, or what the AWS config file names.
    Sdk,
    /// None given, but a variable the SDK would read is set and blank: AWS's own, and the
    /// blank value must not reach the client.
    SdkWithoutBlank,
}

/// `given` is `--endpoint-url` or the config profile's `endpoint_url`; `env` reads a variable.
/// A blank value counts as not given; a value that is not an http(s) URL with a host is refused.
pub fn resolve(
    given: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Endpoint, BadEndpoint> {
    if let Some(url) = given.filter(|u| !u.trim().is_empty()) {
        return checked(url, "--endpoint-url (or the config profile's endpoint_url)");
    }
    if env(IGNORE_VAR).is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return Ok(Endpoint::Sdk);
    }
    let mut blank = false;
    for name in [SERVICE_VAR, GLOBAL_VAR] {
        match env(name) {
            Some(url) if url.trim().is_empty() => blank = true,
            Some(url) => return checked(&url, name),
            None => {}
        }
    }
    Ok(if blank {
        Endpoint::SdkWithoutBlank
    } else {
        Endpoint::Sdk
    })
}

/// Refuses `url` unless it is http(s) with a host; `origin` says where it came from.
pub fn check(url: &str, origin: &str) -> Result<(), BadEndpoint> {
    checked(url, origin).map(|_| ())
}

fn checked(url: &str, source: &str) -> Result<Endpoint, BadEndpoint> {
    let url = url.trim();
    let host = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => {
            Ok(Endpoint::Url(url.to_owned()))
        }
        _ => Err(BadEndpoint {
            origin: source.to_owned(),
            url: url.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn the_flag_wins_then_the_services_variable_then_the_global_one() {
        let all = env(&[
            (SERVICE_VAR, "http://service:1"),
            (GLOBAL_VAR, "http://global:2"),
        ]);
        assert_eq!(
            resolve(Some("http://flag:3"), &all),
            Ok(Endpoint::Url("http://flag:3".into()))
        );
        assert_eq!(
            resolve(None, &all),
            Ok(Endpoint::Url("http://service:1".into()))
        );
        assert_eq!(
            resolve(None, env(&[(GLOBAL_VAR, "https://global:2/")])),
            Ok(Endpoint::Url("https://global:2/".into()))
        );
        assert_eq!(resolve(None, env(&[])), Ok(Endpoint::Sdk));
    }

    #[test]
    fn a_blank_value_is_no_endpoint_and_never_reaches_the_client() {
        assert_eq!(resolve(Some(""), env(&[])), Ok(Endpoint::Sdk));
        assert_eq!(
            resolve(Some("  "), env(&[(GLOBAL_VAR, "http://global:2")])),
            Ok(Endpoint::Url("http://global:2".into()))
        );
        assert_eq!(
            resolve(None, env(&[(GLOBAL_VAR, "")])),
            Ok(Endpoint::SdkWithoutBlank)
        );
        assert_eq!(
            resolve(
                None,
                env(&[(SERVICE_VAR, " "), (GLOBAL_VAR, "http://global:2")])
            ),
            Ok(Endpoint::Url("http://global:2".into()))
        );
    }

    #[test]
    fn what_is_not_an_http_url_with_a_host_is_refused_naming_where_it_came_from() {
        for url in [
            "notaurl",
            "ftp://x",
            "http://",
            "https:///path",
            "127.0.0.1:5000",
        ] {
            let refused = resolve(Some(url), env(&[])).unwrap_err();
            assert!(refused.origin.contains("--endpoint-url"), "{refused}");
            assert!(refused.to_string().contains(url), "{refused}");
        }
        let refused = resolve(None, env(&[(GLOBAL_VAR, "localhost:5000")])).unwrap_err();
        assert_eq!(refused.origin, GLOBAL_VAR);
    }

    #[test]
    fn ignoring_configured_endpoints_leaves_the_variables_to_the_sdk() {
        assert_eq!(
            resolve(None, env(&[(IGNORE_VAR, "true"), (GLOBAL_VAR, "nonsense")])),
            Ok(Endpoint::Sdk)
        );
        assert_eq!(
            resolve(Some("http://flag:3"), env(&[(IGNORE_VAR, "true")])),
            Ok(Endpoint::Url("http://flag:3".into()))
        );
    }
}
