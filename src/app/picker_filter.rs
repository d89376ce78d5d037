//! The filter of a long picker (the group picker, the pool picker): typed (or pasted) into the
//! input line, it narrows the picker's list as it changes; Enter keeps it, Esc clears it.

use super::{App, InputKind, InputLine, Overlay};

/// The open picker's filter and cursor, and the input that edits the filter; `None` when no
/// picker with a filter is open.
fn filter_of(overlay: Option<&mut Overlay>) -> Option<(&mut String, &mut usize, InputKind)> {
    match overlay? {
        Overlay::GroupPicker(picker) => Some((
            &mut picker.filter,
            &mut picker.cursor,
            InputKind::GroupFilter,
        )),
        Overlay::PoolPicker(picker) => Some((
            &mut picker.filter,
            &mut picker.cursor,
            InputKind::PoolFilter,
        )),
        _ => None,
    }
}

/// `f` or `/` in a picker: the input line, holding the filter so far.
pub fn open(app: &mut App) {
    let Some((filter, _, kind)) = filter_of(app.overlay.as_mut()) else {
        return;
    };
    app.input = Some(InputLine::new(kind, &*filter));
}

/// The filter is now `text`; `close` ends the input (Enter keeps the filter, Esc clears it).
pub fn apply(app: &mut App, text: &str, close: bool) {
    if close {
        app.input = None;
    }
    let Some((filter, cursor, _)) = filter_of(app.overlay.as_mut()) else {
        app.input = None;
        return;
    };
    if filter != text {
        *cursor = 0;
        *filter = text.to_owned();
    }
}
