//! A password or an app client's secret: held, sent once, never shown.

use std::fmt;

/// A secret string. `Debug` hides it and there is no `Display`: the text is reached only through
/// [`Secret::expose_secret`], so every use stands out in review.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Self {
        Secret(text.into())
    }

    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_text() {
        let secret = Secret::new("hunter2-Pa55");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert_eq!(secret.expose_secret(), "hunter2-Pa55");
    }
}
