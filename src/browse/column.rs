//! The user list's columns: the fixed ones and any attribute, by the names `:columns` takes.

use std::fmt;

/// One column of the user list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Username,
    Email,
    Status,
    Enabled,
    Created,
    Modified,
    /// The user's groups, read for the rows shown only.
    Groups,
    /// Any attribute, custom ones included (`custom:plan`).
    Attribute(String),
}

impl Column {
    /// The columns a new pool shows.
    pub const DEFAULT: [Column; 4] = [
        Column::Username,
        Column::Email,
        Column::Status,
        Column::Enabled,
    ];

    /// The fixed columns, in the picker's order.
    pub const FIXED: [Column; 7] = [
        Column::Username,
        Column::Email,
        Column::Status,
        Column::Enabled,
        Column::Created,
        Column::Modified,
        Column::Groups,
    ];

    /// The name `:columns` and the saved file use.
    pub fn name(&self) -> &str {
        match self {
            Column::Username => "username",
            Column::Email => "email",
            Column::Status => "status",
            Column::Enabled => "enabled",
            Column::Created => "created",
            Column::Modified => "modified",
            Column::Groups => "groups",
            Column::Attribute(name) => name,
        }
    }

    /// The title over the column.
    pub fn title(&self) -> &str {
        match self {
            Column::Username => "Username",
            Column::Email => "Email",
            Column::Status => "Status",
            Column::Enabled => "On",
            Column::Created => "Created",
            Column::Modified => "Modified",
            Column::Groups => "Groups",
            Column::Attribute(name) => name,
        }
    }

    /// A column by name; any other well-formed name is an attribute's.
    pub fn parse(text: &str) -> Result<Column, String> {
        let name = text.trim();
        Ok(match name.to_ascii_lowercase().as_str() {
            "username" | "user" => Column::Username,
            "email" => Column::Email,
            "status" => Column::Status,
            "enabled" | "on" => Column::Enabled,
            "created" => Column::Created,
            "modified" | "last_modified" => Column::Modified,
            "groups" => Column::Groups,
            "" => return Err("a column name is empty".to_owned()),
            _ => {
                // Cognito attribute names: letters, digits and `_ : - .`, at most 32 after a
                // `custom:` prefix.
                let valid = name.len() <= 64
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'));
                if !valid {
                    return Err(format!("{name:?} is not a column or an attribute name"));
                }
                Column::Attribute(name.to_owned())
            }
        })
    }

    /// Whether the list can sort by this column: groups are read only for the rows shown.
    pub fn sortable(&self) -> bool {
        *self != Column::Groups
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `a,b,c` (commas or spaces) as columns, without repeats; at least one.
pub fn parse_columns(text: &str) -> Result<Vec<Column>, String> {
    let mut columns = Vec::new();
    for part in text.split([',', ' ']).filter(|p| !p.trim().is_empty()) {
        let column = Column::parse(part)?;
        if !columns.contains(&column) {
            columns.push(column);
        }
    }
    if columns.is_empty() {
        return Err("name at least one column, e.g. :columns username,email,created".to_owned());
    }
    Ok(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_to_columns_and_back() {
        let columns = parse_columns("username, Email,created custom:plan,groups,email").unwrap();
        assert_eq!(
            columns,
            vec![
                Column::Username,
                Column::Email,
                Column::Created,
                Column::Attribute("custom:plan".into()),
                Column::Groups,
            ]
        );
        let names: Vec<&str> = columns.iter().map(Column::name).collect();
        assert_eq!(names.join(","), "username,email,created,custom:plan,groups");
    }

    #[test]
    fn bad_names_are_one_sentence() {
        assert!(parse_columns("").is_err());
        assert!(parse_columns(" , ").is_err());
        let e = parse_columns("username,e mail;x").unwrap_err();
        assert!(e.contains("mail;x"), "{e}");
    }
}
