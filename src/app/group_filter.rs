//! The group picker's filter: typed (or pasted) into the input line, it narrows the picker's
//! list as it changes; Enter keeps it, Esc clears it.

use super::{App, InputKind, InputLine, Overlay};

/// `f` or `/` in the group picker: the input line, holding the filter so far.
pub fn open(app: &mut App) {
    let Some(Overlay::GroupPicker(picker)) = &app.overlay else {
        return;
    };
    app.input = Some(InputLine::new(InputKind::GroupFilter, &picker.filter));
}

/// The filter is now `text`; `close` ends the input (Enter keeps the filter, Esc clears it).
pub fn apply(app: &mut App, text: &str, close: bool) {
    if close {
        app.input = None;
    }
    let Some(Overlay::GroupPicker(picker)) = &mut app.overlay else {
        app.input = None;
        return;
    };
    if picker.filter != text {
        picker.cursor = 0;
        picker.filter = text.to_owned();
    }
}
