//! The built binary in a pseudo-terminal: keys in, the screen (parsed by a vt100 emulator) and
//! the raw bytes out, the exit status, the terminal's mode, signals. Shared by the end-to-end,
//! bad-input and secrets tests.
//!
//! Every child gets a clean environment (only what the test passes, plus a temp `HOME` and XDG
//! dirs), so nothing of the developer's own config, journal or AWS profile is touched.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::sys::termios::LocalFlags;
use nix::unistd::Pid;
use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 40;
pub const COLS: u16 = 150;

/// The escape sequences of entering and leaving the alternate screen.
pub const ENTER_ALT: &[u8] = b"\x1b[?1049h";
pub const LEAVE_ALT: &[u8] = b"\x1b[?1049l";

/// A temp home with every XDG dir inside it: the app's config, data (journal, log) and cache
/// all land here, and [`Home::files`] lists what it wrote.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temp home");
        for sub in ["home", "config", "data", "cache", "state", "run"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        Home { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// HOME, the XDG dirs, and a temp dir, all inside this home.
    pub fn env(&self) -> Vec<(String, String)> {
        let p = |sub: &str| self.dir.path().join(sub).display().to_string();
        vec![
            ("HOME".into(), p("home")),
            ("XDG_CONFIG_HOME".into(), p("config")),
            ("XDG_DATA_HOME".into(), p("data")),
            ("XDG_CACHE_HOME".into(), p("cache")),
            ("XDG_STATE_HOME".into(), p("state")),
            ("XDG_RUNTIME_DIR".into(), p("run")),
            ("TMPDIR".into(), p("run")),
        ]
    }

    /// [`Home::env`] with [`aws_test_env`]: what a child that calls an emulator gets.
    pub fn env_with_aws(&self) -> Vec<(String, String)> {
        let mut env = self.env();
        env.extend(aws_test_env());
        env
    }

    /// `<data>/cognito-tui/journal.jsonl`, where `directories` puts the journal on Linux.
    pub fn journal(&self) -> PathBuf {
        self.dir.path().join("data/cognito-tui/journal.jsonl")
    }

    /// `<config>/cognito-tui/config.toml`.
    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config/cognito-tui/config.toml")
    }

    /// Every regular file under the home, recursively.
    pub fn files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push(path);
                }
            }
        }
        let mut out = Vec::new();
        walk(self.dir.path(), &mut out);
        out.sort();
        out
    }
}

/// The environment every child gets besides its home: AWS test credentials, no metadata
/// service, loopback never proxied.
pub fn aws_test_env() -> Vec<(String, String)> {
    [
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("NO_PROXY", "127.0.0.1,localhost"),
        ("no_proxy", "127.0.0.1,localhost"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

/// What the emulated terminal was asked besides drawing: window titles, clipboard writes,
/// bells. Text from the pool must never get here.
#[derive(Debug, Default, Clone)]
pub struct Requests {
    pub titles: Vec<String>,
    pub clipboard: Vec<Vec<u8>>,
    pub bells: usize,
}

impl vt100::Callbacks for Requests {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(String::from_utf8_lossy(name).into_owned());
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles
            .push(String::from_utf8_lossy(title).into_owned());
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.clipboard.push(data.to_vec());
    }
}

struct Output {
    raw: Vec<u8>,
    parser: vt100::Parser<Requests>,
    closed: bool,
}

/// The app running in a pseudo-terminal.
pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Output>>,
    reader: Option<JoinHandle<()>>,
    status: Option<ExitStatus>,
    /// Keys sent so far.
    pub keys: usize,
}

impl Tui {
    /// Starts the built binary with `args` in a fresh pty of [`ROWS`]×[`COLS`], with only `env`
    /// in its environment (plus `TERM`), in `cwd`.
    pub fn spawn(args: &[&str], env: &[(String, String)], cwd: &Path) -> Tui {
        Self::spawn_program(env!("CARGO_BIN_EXE_cognito-tui"), args, env, cwd)
    }

    pub fn spawn_program(
        program: &str,
        args: &[&str],
        env: &[(String, String)],
        cwd: &Path,
    ) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.env_clear();
        command.env("TERM", "xterm-256color");
        for (k, v) in env {
            command.env(k, v);
        }
        command.cwd(cwd);
        let child = pair.slave.spawn_command(command).expect("spawn in the pty");
        // Only the child holds the slave now: reading the master ends when the child is gone.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let output = Arc::new(Mutex::new(Output {
            raw: Vec::new(),
            parser: vt100::Parser::new_with_callbacks(
                std::num::NonZeroU16::new(ROWS).unwrap(),
                std::num::NonZeroU16::new(COLS).unwrap(),
                0,
                Requests::default(),
            ),
            closed: false,
        }));
        let sink = Arc::clone(&output);
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 16 * 1024];
            loop {
                match reader.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut out = sink.lock().unwrap();
                        out.raw.extend_from_slice(&buffer[..n]);
                        out.parser.process(&buffer[..n]);
                    }
                }
            }
            sink.lock().unwrap().closed = true;
        });
        Tui {
            child,
            master: pair.master,
            writer,
            output,
            reader: Some(reader),
            status: None,
            keys: 0,
        }
    }

    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("the child's pid") as i32
    }

    /// The screen's text, row by row.
    pub fn screen(&self) -> String {
        self.output.lock().unwrap().parser.screen().contents()
    }

    /// Every byte the app wrote to the terminal so far.
    pub fn raw(&self) -> Vec<u8> {
        self.output.lock().unwrap().raw.clone()
    }

    /// What the terminal was asked besides drawing.
    pub fn requests(&self) -> Requests {
        self.output.lock().unwrap().parser.callbacks().clone()
    }

    /// Whether the emulated terminal shows the alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.output
            .lock()
            .unwrap()
            .parser
            .screen()
            .alternate_screen()
    }

    /// Runs `check` over the screen.
    pub fn with_screen<T>(&self, check: impl FnOnce(&vt100::Screen) -> T) -> T {
        check(self.output.lock().unwrap().parser.screen())
    }

    /// Whether the pty is in raw mode (no canonical line editing, no echo), as the terminal
    /// driver has it now. `None` where the pty cannot say.
    pub fn raw_mode(&self) -> Option<bool> {
        let termios = self.master.get_termios()?;
        let cooked = termios
            .local_flags
            .intersects(LocalFlags::ICANON | LocalFlags::ECHO);
        Some(!cooked)
    }

    /// Waits until `found` holds for the screen, or fails with the screen shown.
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        found: impl Fn(&vt100::Screen) -> bool,
    ) {
        let start = Instant::now();
        loop {
            if self.with_screen(&found) {
                return;
            }
            if start.elapsed() > timeout {
                panic!(
                    "timed out after {timeout:?} waiting for {what}; the screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&self, text: &str, timeout: Duration) {
        self.wait_until(&format!("{text:?} on screen"), timeout, |s| {
            s.contents().contains(text)
        });
    }

    /// Waits until the screen has not changed for `quiet`, at most `timeout`.
    pub fn settle(&self, quiet: Duration, timeout: Duration) {
        let start = Instant::now();
        let mut last = self.raw().len();
        let mut since = Instant::now();
        while start.elapsed() < timeout {
            std::thread::sleep(Duration::from_millis(20));
            let now = self.raw().len();
            if now != last {
                last = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                return;
            }
        }
    }

    /// Sends raw bytes.
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to the pty");
        self.writer.flush().expect("flush the pty");
    }

    /// Presses one key, written as in assets/keymap.toml (`j`, `space`, `ctrl-c`, `f1`, ...),
    /// then gives the app a moment: a lone Esc must not run into the next key (that reads as
    /// Alt-key).
    pub fn key(&mut self, key: &str) {
        let bytes = key_bytes(key).unwrap_or_else(|| panic!("no bytes for key {key:?}"));
        self.send(&bytes);
        self.keys += 1;
        std::thread::sleep(Duration::from_millis(if key == "esc" { 60 } else { 25 }));
    }

    pub fn keys(&mut self, keys: &[&str]) {
        for key in keys {
            self.key(key);
        }
    }

    /// Types text, one character a key.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let mut buffer = [0u8; 4];
            self.send(c.encode_utf8(&mut buffer).as_bytes());
            self.keys += 1;
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn signal(&self, signal: Signal) {
        kill(Pid::from_raw(self.pid()), signal).expect("signal the child");
    }

    /// The exit status once the app has ended, or `None`.
    pub fn try_status(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.child.try_wait().expect("try_wait");
        }
        self.status.clone()
    }

    /// Waits for the app to end (and its last output to be read), or fails with the screen.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.try_status() {
                break status;
            }
            if start.elapsed() > timeout {
                panic!(
                    "the app did not exit within {timeout:?}; the screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // The reader ends at EOF/EIO once the child's side is closed; bounded, in case a
        // grandchild kept it open.
        let until = Instant::now() + Duration::from_secs(5);
        while !self.output.lock().unwrap().closed && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(10));
        }
        status
    }

    /// Checks everything a clean exit from the TUI leaves: the alternate screen left after it
    /// was last entered, the emulated terminal back on the main screen, and the pty out of raw
    /// mode. Returns a one-line summary for the figures.
    pub fn assert_terminal_restored(&self, label: &str) -> String {
        let raw = self.raw();
        let entered = rfind(&raw, ENTER_ALT);
        let left = rfind(&raw, LEAVE_ALT);
        assert!(
            entered.is_some(),
            "{label}: the app never entered the alternate screen"
        );
        assert!(
            left > entered,
            "{label}: the output does not leave the alternate screen after entering it \
             (last enter at {entered:?}, last leave at {left:?}); tail: {:?}",
            String::from_utf8_lossy(&raw[raw.len().saturating_sub(300)..])
        );
        assert!(
            !self.alternate_screen(),
            "{label}: the terminal is still on the alternate screen"
        );
        // Mouse capture (crossterm turns on 1000 first and off 1000 last) is off again.
        if let Some(on) = rfind(&raw, b"\x1b[?1000h") {
            let off = rfind(&raw, b"\x1b[?1000l");
            assert!(
                off > Some(on),
                "{label}: mouse capture was turned on and never off again"
            );
        }
        let raw_mode = self.raw_mode();
        assert_ne!(
            raw_mode,
            Some(true),
            "{label}: the pty was left in raw mode"
        );
        let after = &raw[left.unwrap() + LEAVE_ALT.len()..];
        format!(
            "{label}: alternate screen left (byte {} of {}), raw mode {}, {} byte(s) after it: {:?}",
            left.unwrap(),
            raw.len(),
            match raw_mode {
                Some(false) => "off",
                Some(true) => "ON",
                None => "unknown",
            },
            after.len(),
            String::from_utf8_lossy(&after[..after.len().min(160)])
        )
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.try_status().is_none() {
            let _ = kill(Pid::from_raw(self.pid()), Signal::SIGKILL);
            let _ = self.child.wait();
        }
        if let Some(reader) = self.reader.take() {
            // The reader ends once the pty's other side is closed; never block a test on it.
            if reader.is_finished() {
                let _ = reader.join();
            }
        }
    }
}

pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The bytes a terminal sends for a key written as in assets/keymap.toml.
pub fn key_bytes(key: &str) -> Option<Vec<u8>> {
    let named: &[u8] = match key {
        "up" => b"\x1b[A",
        "down" => b"\x1b[B",
        "right" => b"\x1b[C",
        "left" => b"\x1b[D",
        "home" => b"\x1b[H",
        "end" => b"\x1b[F",
        "pageup" => b"\x1b[5~",
        "pagedown" => b"\x1b[6~",
        "tab" => b"\t",
        "backtab" => b"\x1b[Z",
        "enter" => b"\r",
        "esc" => b"\x1b",
        "space" => b" ",
        "backspace" => b"\x7f",
        "f1" => b"\x1bOP",
        "f2" => b"\x1bOQ",
        "f3" => b"\x1bOR",
        "f4" => b"\x1bOS",
        _ => b"",
    };
    if !named.is_empty() {
        return Some(named.to_vec());
    }
    if let Some(c) = key.strip_prefix("ctrl-") {
        let c = c.chars().next()?;
        if c.is_ascii_lowercase() {
            return Some(vec![c as u8 - b'a' + 1]);
        }
        return None;
    }
    let mut chars = key.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Some(c.to_string().into_bytes())
}

/// The keys of assets/keymap.toml, action by action (the embedded defaults the app uses).
pub fn default_keymap() -> Vec<(String, Vec<String>)> {
    let text = include_str!("../../assets/keymap.toml");
    let table: toml::Table = text.parse().expect("assets/keymap.toml parses");
    table
        .into_iter()
        .map(|(action, keys)| {
            let keys = keys
                .as_array()
                .expect("a list of keys")
                .iter()
                .map(|k| k.as_str().expect("a key").to_owned())
                .collect();
            (action, keys)
        })
        .collect()
}

/// The attribute the attribute pane's cursor (`▶`) is on, read from the screen.
pub fn selected_attribute(screen: &str) -> Option<String> {
    for line in screen.lines() {
        for (i, _) in line.match_indices('▶') {
            let rest = &line[i + '▶'.len_utf8()..];
            let after = ["[ ] ", "[x] ", " -  "]
                .iter()
                .find_map(|glyph| rest.strip_prefix(glyph));
            if let Some(after) = after {
                return after.split_whitespace().next().map(str::to_owned);
            }
        }
    }
    None
}

/// Moves the attribute pane's cursor onto `name` (the pane must have the focus).
pub fn select_attribute(tui: &mut Tui, name: &str) {
    tui.key("g");
    for _ in 0..40 {
        tui.settle(Duration::from_millis(40), Duration::from_secs(1));
        if selected_attribute(&tui.screen()).as_deref() == Some(name) {
            return;
        }
        tui.key("j");
    }
    panic!(
        "could not select attribute {name}; the screen:\n{}",
        tui.screen()
    );
}

/// Prints a figure of a test straight to standard error, past the test harness's capture, so
/// the figures show in every run of the suite.
pub fn figure(text: &str) {
    use std::io::Write as _;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "[figures] {text}");
}
