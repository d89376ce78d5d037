//! A deletion as a value: which user, which attributes, and the values they had when the admin
//! reviewed them. The review dialog shows it; only confirming turns it into a command.

use crate::directory::{Attribute, PoolInfo, User};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletePlan {
    pub username: String,
    /// The user's `sub` at review time: a user of the same name with another is someone else.
    pub sub: Option<String>,
    /// The attributes to delete, with their values at review time.
    pub attributes: Vec<Attribute>,
    /// What the pool's schema says will follow (MFA, aliases, verification flags).
    pub warnings: Vec<String>,
}

impl DeletePlan {
    /// The plan for deleting `marked` from `user`, in the user's attribute order. Names the user
    /// no longer has are left out: there is nothing to delete.
    pub fn new<'a>(user: &User, marked: impl IntoIterator<Item = &'a String>) -> Self {
        let marked: Vec<&String> = marked.into_iter().collect();
        Self {
            username: user.username().to_owned(),
            sub: user.attribute("sub").map(str::to_owned),
            attributes: user
                .attributes()
                .iter()
                .filter(|a| marked.iter().any(|m| *m == a.name))
                .map(|a| a.to_owned())
                .collect(),
            warnings: Vec::new(),
        }
    }

    /// The same plan with the schema's warnings for this user.
    pub fn with_warnings(mut self, pool: &PoolInfo, user: &User) -> Self {
        self.warnings = crate::schema_rules::warnings(&self.names(), pool, Some(user));
        self
    }

    pub fn names(&self) -> Vec<String> {
        self.attributes.iter().map(|a| a.name.clone()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.attributes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_keeps_user_order_and_values_and_skips_missing_names() {
        let user =
            crate::directory::fixtures::ada(&[("sub", "1"), ("locale", "en"), ("zoneinfo", "UTC")]);
        let marked = ["zoneinfo".to_string(), "locale".into(), "gone".into()];
        let plan = DeletePlan::new(&user, &marked);
        assert_eq!(plan.names(), vec!["locale", "zoneinfo"]);
        assert_eq!(plan.attributes[0].value, "en");
    }
}
