//! Lines broken to a dialog's width with a hanging indent: a long line's later rows start where
//! its text did (after its leading spaces and a list marker such as `•` or `!`), not at the
//! dialog's left edge, so a wrapped warning or bullet still reads as one entry.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// The list markers a line's text may start with, each followed by a space.
const MARKERS: [char; 6] = ['•', '!', '▶', '-', '✓', '✗'];

/// The column `line`'s text starts at: after its leading spaces and one list marker with the
/// spaces after it.
pub fn text_column(line: &Line) -> usize {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let after_spaces = text.trim_start_matches(' ');
    let mut column = text.len() - after_spaces.len();
    let mut chars = after_spaces.chars();
    if let (Some(marker), Some(' ')) = (chars.next(), chars.next())
        && MARKERS.contains(&marker)
    {
        let rest = &after_spaces[marker.len_utf8()..];
        let text = rest.trim_start_matches(' ');
        column += marker.width().unwrap_or(1) + rest.len() - text.len();
    }
    column
}

/// Each of `lines` broken at spaces to `width` columns, its later rows indented to
/// [`text_column`].
pub fn hanging<'a>(lines: Vec<Line<'a>>, width: u16) -> Vec<Line<'a>> {
    lines
        .into_iter()
        .flat_map(|line| {
            let indent = text_column(&line);
            hang(line, indent, width)
        })
        .collect()
}

/// `line` broken at spaces into rows of at most `width` columns, the rows after the first
/// starting with `indent` spaces (at most half the width, so a row always has room). A word
/// longer than a row is cut where the row ends; spaces where a row breaks are dropped. The
/// spans keep their styles; a line that fits is returned as it is.
pub fn hang<'a>(line: Line<'a>, indent: usize, width: u16) -> Vec<Line<'a>> {
    let width = usize::from(width);
    if width == 0 || line.width() <= width {
        return vec![line];
    }
    let indent = indent.min(width / 2);
    let (line_style, alignment) = (line.style, line.alignment);
    let chars: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let mut rows: Vec<Vec<(char, Style)>> = vec![Vec::new()];
    let mut used = 0;
    let new_row = |rows: &mut Vec<Vec<(char, Style)>>, used: &mut usize| {
        if let Some(row) = rows.last_mut() {
            while row.last().is_some_and(|(c, _)| *c == ' ') {
                row.pop();
            }
        }
        rows.push(vec![(' ', Style::default()); indent]);
        *used = indent;
    };
    let mut i = 0;
    while i < chars.len() {
        let space = chars[i].0 == ' ';
        let end = chars[i..]
            .iter()
            .position(|(c, _)| (*c == ' ') != space)
            .map_or(chars.len(), |n| i + n);
        let token = &chars[i..end];
        let token_width: usize = token.iter().map(|(c, _)| c.width().unwrap_or(0)).sum();
        let at_row_start = rows.len() > 1 && used == indent;
        if space {
            if at_row_start {
                // A row's text starts at the indent, not after the spaces a break fell on.
            } else if used + token_width <= width {
                if let Some(row) = rows.last_mut() {
                    row.extend_from_slice(token);
                }
                used += token_width;
            } else {
                new_row(&mut rows, &mut used);
            }
        } else {
            // To the next row when it fits there whole; a longer word is cut wherever it starts.
            let fits_a_row = token_width <= width - indent;
            if used + token_width > width && fits_a_row && !at_row_start {
                new_row(&mut rows, &mut used);
            }
            for &(c, style) in token {
                let w = c.width().unwrap_or(0);
                if used + w > width {
                    new_row(&mut rows, &mut used);
                }
                if let Some(row) = rows.last_mut() {
                    row.push((c, style));
                }
                used += w;
            }
        }
        i = end;
    }
    rows.into_iter()
        .map(|row| {
            let mut spans: Vec<Span<'a>> = Vec::new();
            let mut text = String::new();
            let mut style = None;
            for (c, s) in row {
                if style.is_some_and(|current| current != s) {
                    spans.push(Span::styled(
                        std::mem::take(&mut text),
                        style.unwrap_or_default(),
                    ));
                }
                style = Some(s);
                text.push(c);
            }
            if let Some(style) = style {
                spans.push(Span::styled(text, style));
            }
            let mut line = Line::from(spans).style(line_style);
            line.alignment = alignment;
            line
        })
        .collect()
}

/// `line` cut to `width` columns, ending in `…` when anything is cut; the spans keep their
/// styles. For rows that must stay one row (a fact beside its label, a table's row).
pub fn cut(line: Line<'_>, width: usize) -> Line<'_> {
    if line.width() <= width {
        return line;
    }
    let (style, alignment) = (line.style, line.alignment);
    let mut spans = Vec::new();
    let mut room = width;
    for span in line.spans {
        let span_width = span.width();
        if span_width < room {
            room -= span_width;
            spans.push(span);
            continue;
        }
        // The span that reaches the edge: as much as fits before the `…`.
        let mut text = String::new();
        let mut used = 0;
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if used + w + 1 > room {
                break;
            }
            used += w;
            text.push(c);
        }
        if room > 0 {
            text.push('…');
        }
        spans.push(Span::styled(text, span.style));
        break;
    }
    let mut line = Line::from(spans).style(style);
    line.alignment = alignment;
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Stylize;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_cut_line_ends_in_an_ellipsis_and_keeps_its_styles() {
        let line = Line::from(vec!["Status   ".dim(), "CONFIRMED — can sign in".into()]);
        let cut_line = cut(line.clone(), 13);
        assert_eq!(cut_line.to_string(), "Status   CON…");
        assert_eq!(cut_line.width(), 13);
        assert!(
            cut_line.spans[0]
                .style
                .add_modifier
                .contains(ratatui::style::Modifier::DIM)
        );
        assert_eq!(cut(line.clone(), 9).to_string(), "Status  …");
        assert_eq!(cut(line.clone(), 80), line);
        assert_eq!(cut(line, 0).to_string(), "");
    }

    #[test]
    fn the_text_starts_after_spaces_and_one_marker() {
        assert_eq!(text_column(&Line::raw("   • jo")), 5);
        assert_eq!(text_column(&Line::raw(" ! Cannot be undone")), 3);
        assert_eq!(text_column(&Line::raw("   email = x")), 3);
        assert_eq!(text_column(&Line::raw("plain")), 0);
        assert_eq!(text_column(&Line::raw(" !important")), 1);
    }

    #[test]
    fn a_long_line_wraps_under_its_text_and_a_short_one_is_left_alone() {
        let line = Line::raw(" ! Cannot be undone: Cognito keeps no copy of the password.");
        let rows = hanging(vec![line], 24);
        assert_eq!(
            texts(&rows),
            [
                " ! Cannot be undone:",
                "   Cognito keeps no copy",
                "   of the password.",
            ]
        );
        assert!(rows.iter().all(|r| r.width() <= 24));
        let short = Line::raw("   • jo");
        assert_eq!(hanging(vec![short.clone()], 24), vec![short]);
    }

    #[test]
    fn styles_survive_the_break_and_a_long_word_is_cut() {
        let line = Line::from(vec![" ▶ ".into(), "d".bold(), "  Delete the user".into()]);
        let rows = hang(line, 6, 12);
        assert_eq!(texts(&rows), [" ▶ d  Delete", "      the", "      user"]);
        assert_eq!(rows[0].spans[1].content, "d");
        assert!(
            rows[0].spans[1]
                .style
                .add_modifier
                .contains(ratatui::style::Modifier::BOLD)
        );
        let rows = hang(Line::raw("   • averyveryverylongname"), 5, 12);
        assert_eq!(
            texts(&rows),
            ["   • averyve", "     ryveryl", "     ongname"]
        );
        assert!(rows.iter().all(|r| r.width() <= 12));
    }
}
