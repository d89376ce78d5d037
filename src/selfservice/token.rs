//! The access token and what it says about the signed-in user, read locally.
//!
//! The claims are decoded without checking the signature: Cognito checks it on every call, and
//! the app only needs them to show who is signed in, to find the pool, and to refuse early a
//! token that cannot work (wrong kind, no admin scope, expired) before anything is sent.

use std::fmt;
use std::io::Read;
use std::path::Path;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Map, Value};
use thiserror::Error;

use crate::directory::EpochSeconds;

/// The scope `GetUser` and `DeleteUserAttributes` require of an access token.
pub const ADMIN_SCOPE: &str = "aws.cognito.signin.user.admin";

/// A Cognito access token. It is a bearer secret: `Debug` hides it, there is no `Display`, and
/// the only way to the text is [`AccessToken::expose_secret`], so every use stands out.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// The token, surrounding whitespace (a file's trailing newline) removed.
    pub fn new(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let trimmed = raw.trim();
        if trimmed.len() == raw.len() {
            AccessToken(raw)
        } else {
            AccessToken(trimmed.to_owned())
        }
    }

    /// The token's text, for the one place that sends it: the SDK request.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

/// What the access token says, as far as the app needs it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Claims {
    pub username: String,
    pub sub: String,
    pub client_id: String,
    /// Space-separated scopes, e.g. `aws.cognito.signin.user.admin`.
    pub scope: String,
    /// When the token stops being valid (seconds since the epoch).
    pub exp: EpochSeconds,
    /// `https://cognito-idp.<region>.amazonaws.com/<pool id>` (cognito-local: `http://host/<id>`).
    pub iss: String,
    /// `access` for an access token, `id` for an ID token.
    pub token_use: String,
}

impl Claims {
    /// The user pool the token was issued by: the last path segment of `iss`.
    pub fn pool_id(&self) -> Option<&str> {
        self.iss
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .filter(|id| !id.is_empty() && !id.contains(':'))
    }

    /// The region of an AWS issuer `https://cognito-idp.<region>.amazonaws.com/...`.
    pub fn region(&self) -> Option<&str> {
        let host = self.iss.split("://").nth(1)?.split('/').next()?;
        let region = host
            .strip_prefix("cognito-idp.")?
            .strip_suffix(".amazonaws.com")?;
        (!region.is_empty() && !region.contains('.')).then_some(region)
    }

    pub fn has_scope(&self, wanted: &str) -> bool {
        self.scope.split_whitespace().any(|s| s == wanted)
    }
}

/// Why a token is refused. The messages never quote the token.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TokenError {
    #[error(
        "the access token is not a JWT (three base64url parts separated by dots); pass the access token, not the refresh token"
    )]
    NotAJwt,
    #[error("the access token's claims cannot be read: {0}")]
    Unreadable(&'static str),
    #[error(
        "this is an {kind} token, not an access token: self-service needs the access token (token_use \"access\")"
    )]
    NotAccessToken { kind: String },
    #[error(
        "the access token lacks the scope aws.cognito.signin.user.admin, which GetUser and DeleteUserAttributes need; sign in with `cognito-tui me --username NAME` (USER_PASSWORD_AUTH), or use a token from an app client that grants that scope"
    )]
    MissingScope,
    #[error("the access token expired at {at}; run cognito-tui me again to sign in")]
    Expired { at: String },
    #[error("the access token has no {0} claim")]
    MissingClaim(&'static str),
}

/// JWT parts are unpadded base64url; padding is tolerated rather than refused.
const JWT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Decodes the claims of a JWT. Never panics, whatever the input.
pub fn decode(token: &AccessToken) -> Result<Claims, TokenError> {
    let mut parts = token.expose_secret().split('.');
    let (Some(header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::NotAJwt);
    };
    if header.is_empty() || payload.is_empty() {
        return Err(TokenError::NotAJwt);
    }
    let bytes = JWT_BASE64
        .decode(payload)
        .map_err(|_| TokenError::Unreadable("the payload is not base64url"))?;
    let object: Map<String, Value> = serde_json::from_slice(&bytes)
        .map_err(|_| TokenError::Unreadable("the payload is not a JSON object"))?;
    let text = |name: &str| {
        object
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let exp = match object.get("exp") {
        None => return Err(TokenError::MissingClaim("exp")),
        Some(value) => value
            .as_i64()
            .or_else(|| value.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
            .ok_or(TokenError::Unreadable("exp is not a number"))?,
    };
    Ok(Claims {
        username: text("username"),
        sub: text("sub"),
        client_id: text("client_id"),
        scope: text("scope"),
        exp,
        iss: text("iss"),
        token_use: text("token_use"),
    })
}

/// Refuses a token that cannot work for self-service, most fundamental reason first.
pub fn check(claims: &Claims, now: EpochSeconds) -> Result<(), TokenError> {
    if claims.token_use != "access" {
        let kind = if claims.token_use.is_empty() {
            "unknown kind of".to_owned()
        } else {
            format!("{:?}", claims.token_use)
        };
        return Err(TokenError::NotAccessToken { kind });
    }
    if !claims.has_scope(ADMIN_SCOPE) {
        return Err(TokenError::MissingScope);
    }
    if claims.username.is_empty() {
        return Err(TokenError::MissingClaim("username"));
    }
    if claims.pool_id().is_none() {
        return Err(TokenError::MissingClaim("iss (with the user pool id)"));
    }
    if is_expired(claims, now) {
        return Err(TokenError::Expired {
            at: clock(claims.exp, now),
        });
    }
    Ok(())
}

/// Expired at the second `exp` names, as Cognito counts it.
pub fn is_expired(claims: &Claims, now: EpochSeconds) -> bool {
    now >= claims.exp
}

/// Now, in seconds since the epoch.
pub fn now() -> EpochSeconds {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// `14:03 UTC` on the same (UTC) day as `now`, else `2025-06-02 14:03 UTC`.
pub fn clock(at: EpochSeconds, now: EpochSeconds) -> String {
    use aws_sdk_cognitoidentityprovider::primitives::{DateTime, DateTimeFormat};
    let format = |secs: EpochSeconds| DateTime::from_secs(secs).fmt(DateTimeFormat::DateTime).ok();
    match (format(at), format(now)) {
        // `2025-06-02T14:03:00Z`: the date is 10 bytes, the time starts at byte 11.
        (Some(a), Some(n)) if a.len() >= 16 && n.len() >= 10 => {
            if a.get(..10) == n.get(..10) {
                format!("{} UTC", &a[11..16])
            } else {
                format!("{} {} UTC", &a[..10], &a[11..16])
            }
        }
        (Some(a), _) => a,
        _ => format!("{at} (seconds since 1970)"),
    }
}

/// Reads an access token from a file, or from standard input for `-`.
pub fn read_file(path: &Path) -> std::io::Result<AccessToken> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text)?;
    } else {
        text = std::fs::read_to_string(path)?;
    }
    let token = AccessToken::new(text);
    if token.expose_secret().is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "it holds no token",
        ));
    }
    Ok(token)
}

/// Builds an unsigned JWT with these claims: for tests, which need tokens of every shape.
pub fn unsigned_jwt(claims: &Value) -> AccessToken {
    let header = JWT_BASE64.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = JWT_BASE64.encode(claims.to_string());
    AccessToken::new(format!("{header}.{payload}.c2lnbmF0dXJl"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const NOW: EpochSeconds = 1_748_872_980; // 2025-06-02 14:03:00 UTC

    fn good_claims() -> Value {
        json!({
            "sub": "3c1a7f8e-1111-4222-8333-944445555666",
            "token_use": "access",
            "scope": "aws.cognito.signin.user.admin",
            "auth_time": NOW - 60,
            "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123",
            "exp": NOW + 3600,
            "iat": NOW - 60,
            "client_id": "4l6rbq0example",
            "username": "alice"
        })
    }

    fn with(change: impl FnOnce(&mut Map<String, Value>)) -> AccessToken {
        let mut claims = good_claims();
        if let Value::Object(map) = &mut claims {
            change(map);
        }
        unsigned_jwt(&claims)
    }

    #[test]
    fn a_cognito_access_token_decodes_to_its_claims() {
        let claims = decode(&with(|_| {})).unwrap();
        assert_eq!(claims.username, "alice");
        assert_eq!(claims.sub, "3c1a7f8e-1111-4222-8333-944445555666");
        assert_eq!(claims.client_id, "4l6rbq0example");
        assert_eq!(claims.exp, NOW + 3600);
        assert_eq!(claims.token_use, "access");
        assert_eq!(claims.pool_id(), Some("eu-west-1_AbC123"));
        assert_eq!(claims.region(), Some("eu-west-1"));
        assert_eq!(check(&claims, NOW), Ok(()));
    }

    #[test]
    fn cognito_local_issuers_give_the_pool_but_no_region() {
        let claims = decode(&with(|m| {
            m.insert("iss".into(), json!("http://127.0.0.1:9229/local_0SWLjwB3"));
        }))
        .unwrap();
        assert_eq!(claims.pool_id(), Some("local_0SWLjwB3"));
        assert_eq!(claims.region(), None);
    }

    #[test]
    fn a_token_without_the_admin_scope_is_refused() {
        let claims = decode(&with(|m| {
            m.insert("scope".into(), json!("openid email profile"));
        }))
        .unwrap();
        assert_eq!(check(&claims, NOW), Err(TokenError::MissingScope));
        let message = TokenError::MissingScope.to_string();
        assert!(
            message.contains("aws.cognito.signin.user.admin"),
            "{message}"
        );

        let no_scope = decode(&with(|m| {
            m.remove("scope");
        }))
        .unwrap();
        assert_eq!(check(&no_scope, NOW), Err(TokenError::MissingScope));
        // A scope that merely contains the name is not the scope.
        let lookalike = decode(&with(|m| {
            m.insert("scope".into(), json!("aws.cognito.signin.user.admin.read"));
        }))
        .unwrap();
        assert_eq!(check(&lookalike, NOW), Err(TokenError::MissingScope));
    }

    #[test]
    fn an_expired_token_is_refused_with_the_time_it_expired() {
        let claims = decode(&with(|m| {
            m.insert("exp".into(), json!(NOW - 120));
        }))
        .unwrap();
        let error = check(&claims, NOW).unwrap_err();
        assert_eq!(
            error,
            TokenError::Expired {
                at: "14:01 UTC".into()
            }
        );
        assert_eq!(
            error.to_string(),
            "the access token expired at 14:01 UTC; run cognito-tui me again to sign in"
        );
        // The second it expires is already too late.
        let at_exp = decode(&with(|m| {
            m.insert("exp".into(), json!(NOW));
        }))
        .unwrap();
        assert!(check(&at_exp, NOW).is_err());
    }

    #[test]
    fn an_id_token_is_refused_as_the_wrong_kind() {
        let claims = decode(&with(|m| {
            m.insert("token_use".into(), json!("id"));
        }))
        .unwrap();
        let error = check(&claims, NOW).unwrap_err();
        assert!(matches!(error, TokenError::NotAccessToken { .. }));
        assert!(error.to_string().contains("\"id\" token"), "{error}");
    }

    #[test]
    fn clock_shows_the_date_only_for_another_day() {
        assert_eq!(clock(NOW + 60, NOW), "14:04 UTC");
        assert_eq!(clock(NOW + 86_400, NOW), "2025-06-03 14:03 UTC");
    }

    #[test]
    fn debug_never_shows_the_token() {
        let token = with(|_| {});
        let shown = format!("{token:?} {:?}", Some(&token));
        assert_eq!(shown, "AccessToken(***) Some(AccessToken(***))");
        assert!(!shown.contains(token.expose_secret()));
    }

    #[test]
    fn whitespace_around_a_token_is_dropped() {
        let token = AccessToken::new("  a.b.c\n");
        assert_eq!(token.expose_secret(), "a.b.c");
    }

    #[test]
    fn malformed_tokens_give_errors_that_do_not_quote_them() {
        let cases = [
            "",
            "garbage",
            "a.b",
            "a.b.c.d",
            "..",
            "a..c",
            "!!!.@@@.###",
            "eyJhbGciOiJub25lIn0.bm90IGpzb24.c2ln", // payload "not json"
            "eyJhbGciOiJub25lIn0.WzEsMl0.c2ln",     // payload [1,2]
            "eyJhbGciOiJub25lIn0.e30.c2ln",         // payload {} (no exp)
            "eyJhbGciOiJub25lIn0.eyJleHAiOiJzb29uIn0.c2ln", // exp "soon"
        ];
        for case in cases {
            let error = decode(&AccessToken::new(case)).unwrap_err();
            if case.len() > 3 {
                assert!(!error.to_string().contains(case), "{case}: {error}");
            }
        }
    }

    #[test]
    fn no_input_makes_decoding_panic() {
        let alphabet: Vec<char> = "abcXYZ019-_+/=.. \n\u{0}é{}\"[]:,eyJ".chars().collect();
        let mut rng = fastrand::Rng::with_seed(4);
        for _ in 0..20_000 {
            let len = rng.usize(0..64);
            let text: String = (0..len)
                .map(|_| alphabet[rng.usize(..alphabet.len())])
                .collect();
            let _ = decode(&AccessToken::new(text));
        }
        // Valid base64url of random bytes in the payload slot, and random JSON-ish payloads.
        for _ in 0..5_000 {
            let bytes: Vec<u8> = (0..rng.usize(0..48)).map(|_| rng.u8(..)).collect();
            let payload = JWT_BASE64.encode(&bytes);
            let _ = decode(&AccessToken::new(format!("e30.{payload}.c2ln")));
            let exp = match rng.u8(..4) {
                0 => json!(f64::MAX),
                1 => json!(i64::MIN),
                2 => json!(u64::MAX),
                _ => json!(rng.i64(..)),
            };
            if let Ok(claims) = decode(&unsigned_jwt(&json!({ "exp": exp, "iss": "/" }))) {
                let _ = check(&claims, NOW);
                let _ = clock(claims.exp, NOW);
            }
        }
    }
}
