//! A deletion as a value: which user, which attributes, and the values they had when the admin
//! reviewed them. The review dialog shows it; only confirming turns it into a command.

use crate::directory::{Attribute, PoolInfo, User};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletePlan {
    pub username: String,
    /// The attributes to delete, with their values at review time.
    pub attributes: Vec<Attribute>,
}

impl DeletePlan {
    /// The plan for deleting `marked` from `user`, in the user's attribute order. Names the user
    /// no longer has are left out: there is nothing to delete.
    pub fn new<'a>(user: &User, marked: impl IntoIterator<Item = &'a String>) -> Self {
        let marked: Vec<&String> = marked.into_iter().collect();
        Self {
            username: user.username.clone(),
            attributes: user
                .attributes
                .iter()
                .filter(|a| marked.contains(&&a.name))
                .cloned()
                .collect(),
        }
    }

    pub fn names(&self) -> Vec<String> {
        self.attributes.iter().map(|a| a.name.clone()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.attributes.is_empty()
    }
}

/// Why an attribute cannot be marked for deletion, or `None` when it can.
///
/// `sub` identifies the user for good; required attributes must always have a value; immutable
/// ones can never change once set. Cognito refuses all three; refusing at mark time says why.
pub fn mark_refusal(name: &str, pool: Option<&PoolInfo>) -> Option<String> {
    if name == "sub" {
        return Some("sub is the user's permanent id and can never be deleted".into());
    }
    let pool = pool?;
    let schema = pool.schema_attribute(name)?;
    if schema.required {
        Some(format!(
            "{name} is required by the pool's schema and cannot be deleted"
        ))
    } else if !schema.mutable {
        Some(format!(
            "{name} is immutable in the pool's schema and cannot be changed or deleted"
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::SchemaAttribute;

    fn pool() -> PoolInfo {
        let attr = |name: &str, required, mutable| SchemaAttribute {
            name: name.into(),
            data_type: "String".into(),
            required,
            mutable,
            custom: name.starts_with("custom:"),
        };
        PoolInfo {
            schema: vec![
                attr("sub", true, false),
                attr("email", true, true),
                attr("custom:tenant_id", false, false),
                attr("locale", false, true),
            ],
            ..PoolInfo::default()
        }
    }

    #[test]
    fn sub_is_refused_even_without_a_schema() {
        assert!(mark_refusal("sub", None).is_some());
    }

    #[test]
    fn required_and_immutable_are_refused_with_the_reason() {
        let p = pool();
        assert!(
            mark_refusal("email", Some(&p))
                .unwrap()
                .contains("required")
        );
        assert!(
            mark_refusal("custom:tenant_id", Some(&p))
                .unwrap()
                .contains("immutable")
        );
        assert_eq!(mark_refusal("locale", Some(&p)), None);
        assert_eq!(mark_refusal("not_in_schema", Some(&p)), None);
    }

    #[test]
    fn plan_keeps_user_order_and_values_and_skips_missing_names() {
        let user = User {
            username: "ada".into(),
            status: "CONFIRMED".into(),
            enabled: true,
            created: None,
            last_modified: None,
            mfa: None,
            attributes: vec![
                Attribute::new("sub", "1"),
                Attribute::new("locale", "en"),
                Attribute::new("zoneinfo", "UTC"),
            ],
        };
        let marked = ["zoneinfo".to_string(), "locale".into(), "gone".into()];
        let plan = DeletePlan::new(&user, &marked);
        assert_eq!(plan.names(), vec!["locale", "zoneinfo"]);
        assert_eq!(plan.attributes[0].value, "en");
    }
}
