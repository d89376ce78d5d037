//! A cursor over a list with a scroll window, shared by the user list and the attribute pane;
//! the overlays' lists scroll by the same rule ([`window_top`]).

/// Position in a list of `len` items, and the first item shown in a window of `height` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Moves by `delta` rows, clamped to the list, and scrolls so the selection stays visible.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        let last = len.saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.scroll_into_view(len, height);
    }

    pub fn move_to(&mut self, index: usize, len: usize, height: usize) {
        self.selected = index.min(len.saturating_sub(1));
        self.scroll_into_view(len, height);
    }

    /// Keeps the selection inside the window and the window inside the list.
    pub fn scroll_into_view(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = window_top(self.offset, self.selected..self.selected + 1, height, len);
    }
}

/// The first of `len` rows a window of `height` rows shows when it showed from `top` and the
/// rows `selected` must be in it: `top` where they already are, else moved the least that
/// brings them in, and never past the last full window. Rows on screen stay where they are
/// until the selection leaves them, so a click on one never moves them.
pub fn window_top(
    top: usize,
    selected: std::ops::Range<usize>,
    height: usize,
    len: usize,
) -> usize {
    let height = height.max(1);
    let top = if selected.start < top {
        selected.start
    } else if selected.end > top + height {
        selected.end - height
    } else {
        top
    };
    top.min(len.saturating_sub(height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_are_clamped_and_scroll_follows() {
        let mut c = Cursor::default();
        c.move_by(-1, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 0,
                offset: 0
            }
        );
        c.move_by(5, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 5,
                offset: 2
            }
        );
        c.move_by(100, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 9,
                offset: 6
            }
        );
        c.move_by(-8, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 1,
                offset: 1
            }
        );
    }

    #[test]
    fn a_window_moves_only_as_far_as_the_selection_needs() {
        // Inside the window: it stays, wherever in it the selection is.
        assert_eq!(window_top(10, 10..11, 5, 40), 10);
        assert_eq!(window_top(10, 14..15, 5, 40), 10);
        // Above or below: the selection on its first or last row.
        assert_eq!(window_top(10, 8..9, 5, 40), 8);
        assert_eq!(window_top(10, 17..18, 5, 40), 13);
        // An entry of three rows, half out of sight below.
        assert_eq!(window_top(10, 13..16, 5, 40), 11);
        // A list that shrank: no blank rows at its end.
        assert_eq!(window_top(30, 31..32, 5, 33), 28);
        assert_eq!(window_top(3, 0..1, 5, 0), 0);
    }

    #[test]
    fn empty_list_stays_at_zero() {
        let mut c = Cursor::default();
        c.move_by(3, 0, 4);
        assert_eq!(c, Cursor::default());
    }
}
