//! The crate-level lints that keep the app from crashing or doing anything unsound stay in
//! place: `unsafe` forbidden, `unwrap`/`expect`/`panic!` denied outside tests, in the library
//! and in the binary. The compiler enforces `forbid(unsafe_code)` on every build; clippy
//! enforces the denials (`cargo clippy --lib --bins`). This test fails when an attribute is
//! taken away, and lists every local exception in non-test code, each of which must say why
//! (`reason = "..."`).

use std::path::{Path, PathBuf};

const DENIED: [&str; 3] = [
    "clippy::unwrap_used",
    "clippy::expect_used",
    "clippy::panic",
];

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The crate attributes (`#![...]`) of a root file, whitespace removed.
fn crate_attributes(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut inside = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if !inside && !trimmed.starts_with("#![") {
            continue;
        }
        inside = true;
        for c in trimmed.chars() {
            match c {
                '[' | '(' => depth += 1,
                ']' | ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if !c.is_whitespace() {
                out.push(c);
            }
        }
        if depth == 0 {
            inside = false;
            out.push('\n');
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_library_and_the_binary_forbid_unsafe_and_deny_unwrap_expect_and_panic() {
    let lib = crate_attributes(&read("src/lib.rs"));
    assert!(
        lib.contains("#![forbid(unsafe_code)]"),
        "src/lib.rs:\n{lib}"
    );
    assert!(
        lib.contains(
            "#![cfg_attr(not(test),deny(clippy::unwrap_used,clippy::expect_used,clippy::panic))]"
        ),
        "src/lib.rs must deny unwrap, expect and panic outside tests:\n{lib}"
    );
    let main = crate_attributes(&read("src/main.rs"));
    assert!(
        main.contains("#![forbid(unsafe_code)]"),
        "src/main.rs:\n{main}"
    );
    assert!(
        main.contains("#![deny(clippy::unwrap_used,clippy::expect_used,clippy::panic)]")
            || main.contains(
                "#![cfg_attr(not(test),deny(clippy::unwrap_used,clippy::expect_used,clippy::panic))]"
            ),
        "src/main.rs must deny unwrap, expect and panic:\n{main}"
    );
    // The binary is src/main.rs alone: any other bin target would need the same attributes.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    assert!(
        !src.join("bin").exists(),
        "src/bin/ holds more binaries: give each the same crate attributes, then extend this test"
    );
}

#[test]
fn every_exception_outside_tests_says_why() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut exceptions = Vec::new();
    let mut unexplained = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // By the project's convention the unit tests are the file's last item, after
        // `#[cfg(test)]`; only what comes before it is shipped code.
        let shipped = text.split("#[cfg(test)]").next().unwrap_or_default();
        let name = file.strip_prefix(&src).unwrap().display().to_string();
        for (n, line) in shipped.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            assert!(
                !trimmed.contains("allow(unsafe_code)") && !trimmed.starts_with("unsafe "),
                "src/{name}:{}: unsafe code",
                n + 1
            );
            let is_attribute = trimmed.starts_with("#[") || trimmed.starts_with("#![");
            if is_attribute
                && (trimmed.contains("allow(") || trimmed.contains("expect("))
                && DENIED.iter().any(|lint| trimmed.contains(lint))
            {
                let at = format!("src/{name}:{}", n + 1);
                if trimmed.contains("reason") {
                    exceptions.push(format!("{at}: {}", trimmed.trim()));
                } else {
                    unexplained.push(format!("{at}: {}", trimmed.trim()));
                }
            }
        }
    }
    assert!(
        unexplained.is_empty(),
        "exceptions to the unwrap/expect/panic denial without a reason:\n{}",
        unexplained.join("\n")
    );
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr().lock(),
        "[figures] lints: {} source files; forbid(unsafe_code) and deny(unwrap_used, \
         expect_used, panic) on lib and bin; {} exception(s) in shipped code, each with a \
         reason: {exceptions:?}",
        files.len(),
        exceptions.len()
    );
}
