//! What is personal data, in one place: every renderer masks through this rule when `p` is on.

/// Attributes that identify a person, hidden when personal data is masked: the standard ones
/// that name, reach or describe someone, every custom attribute (a pool's own fields are as
/// likely to hold personal data as not, so they are hidden rather than guessed at), and
/// `identities` (it holds the federated user's id and provider).
pub fn is_personal(attribute: &str) -> bool {
    matches!(
        attribute,
        "email"
            | "phone_number"
            | "name"
            | "given_name"
            | "family_name"
            | "middle_name"
            | "nickname"
            | "preferred_username"
            | "address"
            | "birthdate"
            | "picture"
            | "profile"
            | "website"
            | "identities"
    ) || attribute.starts_with("custom:")
}

/// Whether free text (a username, a word of a message) is itself personal data: an email
/// address or a phone number. Usernames such as `user042` or a `sub` are not; they stay readable
/// so that users can still be told apart with masking on.
pub fn looks_personal(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    text.contains('@')
        || (text.starts_with('+')
            && digits >= 7
            && text[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')')))
}

/// A masked value: its first character, then dots; an email keeps its domain's last part.
pub fn mask(value: &str) -> String {
    let first: String = value.chars().take(1).collect();
    match value.rsplit_once('.') {
        Some((_, tld)) if value.contains('@') && tld.len() <= 6 => format!("{first}•••.{tld}"),
        _ if value.is_empty() => String::new(),
        _ => format!("{first}•••"),
    }
}

/// A username as shown with masking on: masked when it is an email or a phone number.
pub fn username(name: &str) -> std::borrow::Cow<'_, str> {
    if looks_personal(name) {
        mask(name).into()
    } else {
        name.into()
    }
}

/// `text` (a message) with personal data masked: each of `known` (values of loaded users that
/// are personal data) wherever it occurs, then every word that is an email or a phone number.
pub fn redact(text: &str, known: &[&str]) -> String {
    let mut known: Vec<&str> = known
        .iter()
        .copied()
        .filter(|k| k.chars().count() > 1)
        .collect();
    // The longest first, so that a value containing another is hidden whole.
    known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    let mut text = text.to_owned();
    for value in known {
        if text.contains(value) {
            text = text.replace(value, &mask(value));
        }
    }
    text.split(' ')
        .map(|word| {
            let core = word.trim_matches(|c: char| "()[]{},;:'\"<>".contains(c));
            let core = core.trim_end_matches('.');
            if looks_personal(core) {
                word.replacen(core, &mask(core), 1)
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::{is_personal, looks_personal, redact};

    #[test]
    fn messages_lose_known_values_emails_and_phones() {
        let text = redact(
            "Deleted 2 attributes (name, email) from ann@example.com: Ann Lee, call +15555550100.",
            &["Ann Lee", "x"],
        );
        assert!(!text.contains("ann@example.com"), "{text}");
        assert!(!text.contains("Ann Lee"), "{text}");
        assert!(!text.contains("+15555550100"), "{text}");
        assert!(text.contains("(name, email)"), "{text}");
        assert!(text.contains("a•••.com:"), "{text}");
        assert!(looks_personal("+447700900123"));
        assert!(!looks_personal("user042"));
        assert!(!looks_personal("+1"));
    }

    #[test]
    fn custom_attributes_and_identities_are_personal() {
        assert!(is_personal("custom:employee_id"));
        assert!(is_personal("identities"));
        assert!(is_personal("email"));
        assert!(!is_personal("locale"));
        assert!(!is_personal("sub"));
    }
}
