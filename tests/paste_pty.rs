//! Issue 13, item 2, in a real terminal: pasted `dy` with an attribute marked must not delete.
//! Written in one write, the bytes arrive in one input burst: the review opens but the `y` in the
//! same burst does not confirm it. As a bracketed paste, the text goes to the search box.

mod pty;

use std::time::Duration;

use pty::{Home, Tui, select_attribute};

const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);

fn demo_with_locale_marked(home: &Home) -> Tui {
    let log = home.path().join("app.log").display().to_string();
    let env = home.env();
    let mut tui = Tui::spawn(&["--demo", "--log-file", &log], &env, home.path());
    tui.wait_for("jo.bloggs", START);
    tui.wait_for("users (~", START);
    tui.keys(&["j", "j", "tab"]);
    select_attribute(&mut tui, "locale");
    tui.key("space");
    tui.wait_for("1 marked", STEP);
    tui
}

#[test]
fn dy_in_one_write_opens_the_review_and_does_not_delete() {
    let home = Home::new();
    let mut tui = demo_with_locale_marked(&home);
    tui.send(b"dy");
    tui.wait_for("Review deletion", STEP);
    tui.wait_for("Confirmation ignored", STEP);
    tui.settle(Duration::from_millis(200), STEP);
    let screen = tui.screen();
    assert!(!screen.contains("Deleted"), "{screen}");
    // The review is still open; cancelling keeps the mark and the attribute.
    tui.key("esc");
    tui.wait_for("Deletion cancelled", STEP);
    let screen = tui.screen();
    assert!(screen.contains("1 marked"), "{screen}");
    assert!(screen.contains("locale"), "{screen}");
    tui.key("ctrl-c");
    tui.wait_exit(STEP);
}

#[test]
fn a_bracketed_paste_of_dy_opens_the_search_box_and_neither_reviews_nor_deletes() {
    let home = Home::new();
    let mut tui = demo_with_locale_marked(&home);
    tui.send(b"\x1b[200~dy\x1b[201~");
    tui.wait_for("search:", STEP);
    tui.settle(Duration::from_millis(200), STEP);
    let screen = tui.screen();
    assert!(screen.contains("dy"), "{screen}");
    assert!(!screen.contains("Review deletion"), "{screen}");
    assert!(!screen.contains("Deleted"), "{screen}");
    tui.key("esc");
    tui.settle(Duration::from_millis(100), STEP);
    let screen = tui.screen();
    assert!(screen.contains("1 marked"), "{screen}");
    tui.key("ctrl-c");
    tui.wait_exit(STEP);
}
