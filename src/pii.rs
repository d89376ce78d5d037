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

#[cfg(test)]
mod tests {
    use super::is_personal;

    #[test]
    fn custom_attributes_and_identities_are_personal() {
        assert!(is_personal("custom:employee_id"));
        assert!(is_personal("identities"));
        assert!(is_personal("email"));
        assert!(!is_personal("locale"));
        assert!(!is_personal("sub"));
    }
}
