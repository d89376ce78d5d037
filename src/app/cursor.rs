//! A cursor over a list with a scroll window, shared by the user list and the attribute pane.

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
        let height = height.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
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
    fn empty_list_stays_at_zero() {
        let mut c = Cursor::default();
        c.move_by(3, 0, 4);
        assert_eq!(c, Cursor::default());
    }
}
