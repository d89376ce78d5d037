//! Colours and text styles, as data: a colour per role, embedded from `assets/theme.toml` (or the
//! built-in high-contrast theme), with the user's `<config dir>/cognito-tui/theme.toml` over it.
//! With `NO_COLOR` set, no colour is used at all; everything the user must see (selection, marks,
//! focus) is also told by glyphs and reverse/bold/underlined/crossed-out text.

use std::path::Path;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use crate::user_files::{self, FileError};

const DEFAULT_THEME: &str = include_str!("../../assets/theme.toml");
const HIGH_CONTRAST_THEME: &str = include_str!("../../assets/theme-high-contrast.toml");

/// The built-in themes (`--theme NAME`, or `theme = "NAME"` in the config file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    #[default]
    Default,
    HighContrast,
}

/// A colour per role; `None` is no colour (the role's text style still applies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Palette {
    pub title: Option<Color>,
    pub dim: Option<Color>,
    pub selected: Option<Color>,
    pub marked: Option<Color>,
    pub border_focused: Option<Color>,
    pub warning: Option<Color>,
    pub error: Option<Color>,
    pub success: Option<Color>,
    pub progress: Option<Color>,
    pub highlight: Option<Color>,
    pub badge_ro_fg: Option<Color>,
    pub badge_ro_bg: Option<Color>,
    pub badge_rw_fg: Option<Color>,
    pub badge_rw_bg: Option<Color>,
    pub disabled_user: Option<Color>,
}

type Slot = fn(&mut Palette) -> &mut Option<Color>;

/// The role names a theme file uses.
const ROLES: [(&str, Slot); 15] = [
    ("title", |p| &mut p.title),
    ("dim", |p| &mut p.dim),
    ("selected", |p| &mut p.selected),
    ("marked", |p| &mut p.marked),
    ("border_focused", |p| &mut p.border_focused),
    ("warning", |p| &mut p.warning),
    ("error", |p| &mut p.error),
    ("success", |p| &mut p.success),
    ("progress", |p| &mut p.progress),
    ("highlight", |p| &mut p.highlight),
    ("badge_ro_fg", |p| &mut p.badge_ro_fg),
    ("badge_ro_bg", |p| &mut p.badge_ro_bg),
    ("badge_rw_fg", |p| &mut p.badge_rw_fg),
    ("badge_rw_bg", |p| &mut p.badge_rw_bg),
    ("disabled_user", |p| &mut p.disabled_user),
];

impl Palette {
    /// This palette with the roles a theme file names set to its colours; an unknown role or
    /// colour is an error naming the file and the line, and nothing of the file applies.
    pub fn with_file(mut self, path: &Path, text: &str) -> Result<Palette, FileError> {
        let table = user_files::parse_table(path, text)?;
        let mut entries: Vec<_> = table.get_ref().iter().collect();
        entries.sort_by_key(|(name, _)| name.span().start);
        for (name, value) in entries {
            let role = name.get_ref().as_ref();
            let slot = ROLES
                .iter()
                .find(|(known, _)| *known == role)
                .map(|(_, slot)| slot)
                .ok_or_else(|| {
                    let known: Vec<&str> = ROLES.iter().map(|(known, _)| *known).collect();
                    FileError::at(
                        path,
                        text,
                        name.span().start,
                        format!("unknown role {role:?}"),
                    )
                    .with_hint(format!("the roles are: {}", known.join(", ")))
                })?;
            let bad_colour = |shown: &str| {
                FileError::at(
                    path,
                    text,
                    value.span().start,
                    format!("unknown colour {shown} for {role}"),
                )
                .with_hint(
                    "a colour is a name like \"red\" or \"lightcyan\", \"#rrggbb\", \
                     a number 0-255, or \"none\"",
                )
            };
            let colour = value
                .get_ref()
                .as_str()
                .ok_or_else(|| bad_colour(value.get_ref().type_str()))?;
            *slot(&mut self) = if colour.eq_ignore_ascii_case("none") {
                None
            } else {
                Some(Color::from_str(colour).map_err(|_| bad_colour(&format!("{colour:?}")))?)
            };
        }
        Ok(self)
    }

    fn builtin(name: ThemeName) -> Palette {
        let embedded = |palette: Palette, file: &str, text: &str| {
            // The embedded files are tested below; an error here is a build defect, and text
            // styles alone still make the screen readable.
            palette
                .with_file(Path::new(file), text)
                .unwrap_or_else(|e| {
                    tracing::error!("embedded theme is invalid: {e}");
                    palette
                })
        };
        let default = embedded(Palette::default(), "assets/theme.toml", DEFAULT_THEME);
        match name {
            ThemeName::Default => default,
            ThemeName::HighContrast => embedded(
                default,
                "assets/theme-high-contrast.toml",
                HIGH_CONTRAST_THEME,
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    palette: Palette,
    /// False with `NO_COLOR`: every colour is dropped, the text styles stay.
    color: bool,
}

impl Default for Theme {
    /// The default colours (whatever `NO_COLOR` says; see [`Theme::from_env`]).
    fn default() -> Self {
        Theme::builtin(ThemeName::Default)
    }
}

impl Theme {
    pub fn builtin(name: ThemeName) -> Self {
        Theme {
            palette: Palette::builtin(name),
            color: true,
        }
    }

    pub fn high_contrast() -> Self {
        Theme::builtin(ThemeName::HighContrast)
    }

    /// No colour at all, only text styles: what `NO_COLOR` gives, and what screen tests use.
    pub fn no_color() -> Self {
        Theme::default().without_color()
    }

    pub fn without_color(self) -> Self {
        Theme {
            color: false,
            ..self
        }
    }

    /// The default colours unless the `NO_COLOR` convention (no-color.org) asks for none.
    pub fn from_env() -> Self {
        Theme::default().honour_no_color()
    }

    fn honour_no_color(self) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if no_color { self.without_color() } else { self }
    }

    /// The built-in theme `name` with the user's theme file over it: `explicit`, or else
    /// `<config dir>/cognito-tui/theme.toml` when it exists. A problem in the file leaves the
    /// built-in theme in force and comes back as a warning naming the file and the line.
    /// `NO_COLOR` (non-empty) wins over both.
    pub fn load(name: ThemeName, explicit: Option<&Path>) -> (Theme, Option<String>) {
        let base = Theme::builtin(name);
        let result = user_files::read(explicit, "theme.toml").and_then(|file| match file {
            Some((path, text)) => base.with_overrides(&path, &text).inspect(|_| {
                tracing::info!("theme: {} applied", path.display());
            }),
            None => Ok(base),
        });
        let (theme, warning) = match result {
            Ok(theme) => (theme, None),
            Err(e) => {
                tracing::warn!("theme: {}", e.detailed());
                (
                    base,
                    Some(format!("theme file {e}; using the built-in colours")),
                )
            }
        };
        (theme.honour_no_color(), warning)
    }

    /// This theme with the roles a theme file names changed.
    pub fn with_overrides(self, path: &Path, text: &str) -> Result<Theme, FileError> {
        Ok(Theme {
            palette: self.palette.with_file(path, text)?,
            ..self
        })
    }

    pub fn palette(&self) -> &Palette {
        &self.palette
    }

    pub fn is_colored(&self) -> bool {
        self.color
    }

    fn fg(&self, color: Option<Color>) -> Style {
        match color {
            Some(color) if self.color => Style::new().fg(color),
            _ => Style::new(),
        }
    }

    fn badge(&self, fg: Option<Color>, bg: Option<Color>) -> Style {
        if self.color && (fg.is_some() || bg.is_some()) {
            let mut style = Style::new().add_modifier(Modifier::BOLD);
            if let Some(fg) = fg {
                style = style.fg(fg);
            }
            if let Some(bg) = bg {
                style = style.bg(bg);
            }
            style
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn title(&self) -> Style {
        self.fg(self.palette.title).add_modifier(Modifier::BOLD)
    }
    pub fn dim(&self) -> Style {
        match self.palette.dim {
            Some(color) if self.color => Style::new().fg(color),
            _ => Style::new().add_modifier(Modifier::DIM),
        }
    }
    /// Reversed, so a `selected` colour becomes the bar's background.
    pub fn selected(&self, focused: bool) -> Style {
        let style = self
            .fg(self.palette.selected)
            .add_modifier(Modifier::REVERSED);
        if focused {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }
    pub fn marked(&self) -> Style {
        self.fg(self.palette.marked)
            .add_modifier(Modifier::CROSSED_OUT)
    }
    pub fn locked(&self) -> Style {
        self.dim()
    }
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(self.palette.border_focused)
                .add_modifier(Modifier::BOLD)
        } else {
            self.dim()
        }
    }
    pub fn read_only_badge(&self) -> Style {
        self.badge(self.palette.badge_ro_fg, self.palette.badge_ro_bg)
    }
    pub fn read_write_badge(&self) -> Style {
        self.badge(self.palette.badge_rw_fg, self.palette.badge_rw_bg)
    }
    pub fn info(&self) -> Style {
        Style::new()
    }
    pub fn progress(&self) -> Style {
        self.fg(self.palette.progress)
    }
    pub fn warning(&self) -> Style {
        self.fg(self.palette.warning).add_modifier(Modifier::BOLD)
    }
    pub fn error(&self) -> Style {
        self.fg(self.palette.error).add_modifier(Modifier::BOLD)
    }
    pub fn success(&self) -> Style {
        self.fg(self.palette.success)
    }
    /// Characters the local filter matched: underlined, so they show without colour too.
    pub fn highlight(&self) -> Style {
        self.fg(self.palette.highlight)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn disabled_user(&self) -> Style {
        self.fg(self.palette.disabled_user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user_file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("theme.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn the_embedded_themes_are_valid_and_name_every_role() {
        for (file, text) in [
            ("theme.toml", DEFAULT_THEME),
            ("theme-high-contrast.toml", HIGH_CONTRAST_THEME),
        ] {
            Palette::default().with_file(Path::new(file), text).unwrap();
            let table = user_files::parse_table(Path::new(file), text).unwrap();
            for (role, _) in ROLES {
                assert!(
                    table.get_ref().keys().any(|k| k.get_ref() == role),
                    "{file} lacks {role}"
                );
            }
        }
    }

    #[test]
    fn the_default_theme_keeps_the_colours_it_always_had() {
        let theme = Theme::default();
        assert_eq!(
            theme.title(),
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        );
        assert_eq!(theme.dim(), Style::new().fg(Color::DarkGray));
        assert_eq!(
            theme.selected(true),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        );
        assert_eq!(
            theme.marked(),
            Style::new()
                .fg(Color::Red)
                .add_modifier(Modifier::CROSSED_OUT)
        );
        assert_eq!(
            theme.read_only_badge(),
            Style::new()
                .fg(Color::Black)
                .bg(Color::Green)
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            theme.read_write_badge(),
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            theme.highlight(),
            Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        );
    }

    #[test]
    fn no_color_keeps_only_the_text_styles() {
        for theme in [Theme::no_color(), Theme::high_contrast().without_color()] {
            let styles = [
                theme.title(),
                theme.dim(),
                theme.selected(true),
                theme.selected(false),
                theme.marked(),
                theme.border(true),
                theme.border(false),
                theme.read_only_badge(),
                theme.read_write_badge(),
                theme.progress(),
                theme.warning(),
                theme.error(),
                theme.success(),
                theme.highlight(),
                theme.disabled_user(),
            ];
            for style in styles {
                assert_eq!(style.fg, None, "{style:?}");
                assert_eq!(style.bg, None, "{style:?}");
            }
            assert!(
                theme
                    .selected(false)
                    .add_modifier
                    .contains(Modifier::REVERSED)
            );
            assert!(theme.marked().add_modifier.contains(Modifier::CROSSED_OUT));
            assert!(
                theme
                    .highlight()
                    .add_modifier
                    .contains(Modifier::UNDERLINED)
            );
            assert!(
                theme
                    .read_only_badge()
                    .add_modifier
                    .contains(Modifier::REVERSED)
            );
            assert!(theme.dim().add_modifier.contains(Modifier::DIM));
        }
    }

    #[test]
    fn high_contrast_differs_from_the_default() {
        let theme = Theme::high_contrast();
        assert_ne!(theme, Theme::default());
        assert_eq!(theme.dim().fg, Some(Color::Reset));
        assert_eq!(theme.error().fg, Some(Color::LightRed));
    }

    #[test]
    fn a_user_file_changes_only_the_roles_it_names() {
        let (_dir, path) = user_file("error = \"#ff0000\"\nselected = \"blue\"\ndim = \"none\"\n");
        let (theme, warning) = Theme::load(ThemeName::Default, Some(&path));
        assert_eq!(warning, None);
        // (NO_COLOR may be set where the tests run.)
        let theme = Theme {
            color: true,
            ..theme
        };
        assert_eq!(theme.error().fg, Some(Color::Rgb(255, 0, 0)));
        assert_eq!(theme.selected(false).fg, Some(Color::Blue));
        assert_eq!(theme.dim(), Style::new().add_modifier(Modifier::DIM));
        assert_eq!(theme.title(), Theme::default().title());
        // Over the high-contrast theme too.
        let (theme, _) = Theme::load(ThemeName::HighContrast, Some(&path));
        let theme = Theme {
            color: true,
            ..theme
        };
        assert_eq!(theme.error().fg, Some(Color::Rgb(255, 0, 0)));
        assert_eq!(theme.success().fg, Some(Color::LightGreen));
    }

    #[test]
    fn unknown_roles_and_colours_name_the_file_and_line() {
        let (_dir, path) = user_file("error = \"red\"\n\ntitel = \"blue\"\n");
        let (theme, warning) = Theme::load(ThemeName::HighContrast, Some(&path));
        let warning = warning.unwrap();
        assert!(
            warning.contains(&format!(
                "{}, line 3: unknown role \"titel\"",
                path.display()
            )),
            "{warning}"
        );
        let e = Theme::default()
            .with_overrides(&path, "titel = \"blue\"")
            .unwrap_err();
        assert!(e.detailed().contains("border_focused"), "{e:?}");
        assert_eq!(
            theme.palette(),
            Theme::high_contrast().palette(),
            "nothing of the file applies"
        );

        let (_dir, path) = user_file("error = \"red\"\nwarning = \"orangeish\"\n");
        let (_, warning) = Theme::load(ThemeName::Default, Some(&path));
        let warning = warning.unwrap();
        assert!(
            warning.contains(&format!(
                "{}, line 2: unknown colour \"orangeish\" for warning",
                path.display()
            )),
            "{warning}"
        );
        assert!(warning.contains("using the built-in colours"), "{warning}");

        let e = Theme::default()
            .with_overrides(Path::new("t.toml"), "title = 3")
            .unwrap_err();
        assert!(e.to_string().contains("line 1: unknown colour"), "{e}");
        let e = Theme::default()
            .with_overrides(Path::new("t.toml"), "title = \"red\"\ndim = ")
            .unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let (theme, warning) =
            Theme::load(ThemeName::Default, Some(Path::new("/nonexistent/t.toml")));
        assert!(warning.unwrap().contains("/nonexistent/t.toml"));
        assert_eq!(theme.palette(), Theme::default().palette());
    }

    #[test]
    fn theme_names_parse_from_the_config_file() {
        let file = crate::config::parse(Path::new("c.toml"), "theme = \"high-contrast\"").unwrap();
        assert_eq!(file.theme, Some(ThemeName::HighContrast));
        let e = crate::config::parse(Path::new("c.toml"), "theme = \"loud\"").unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
    }
}
