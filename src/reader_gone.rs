//! A reader that stops reading is not a failure: `cognito-tui export | head` stops the export
//! quietly and exits 0 once `head` has what it wanted, as `head` asked, instead of reporting
//! "Broken pipe" with the exit code of bad input; and a line for a standard error that nobody
//! reads any more is dropped, not a panic.

use std::io::{self, ErrorKind, Write};

/// `eprintln!` that never panics: when the reader of standard error has gone (`2>&1 | head`)
/// the line is lost, instead of the command ending in a panic (exit 101) after, or in the
/// middle of, its work.
#[macro_export]
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Whether `error` says the reader of standard output (a pipe) has gone away.
pub fn is_reader_gone(error: &io::Error) -> bool {
    error.kind() == ErrorKind::BrokenPipe
}

/// A writer that remembers whether its reader went away, for callers whose errors reach them
/// as text (the export's).
pub struct Watched<W> {
    inner: W,
    gone: bool,
}

impl<W: Write> Watched<W> {
    pub fn new(inner: W) -> Self {
        Watched { inner, gone: false }
    }

    /// The reader stopped reading: a write or flush failed with a broken pipe.
    pub fn reader_gone(&self) -> bool {
        self.gone
    }

    fn note<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result {
            self.gone |= is_reader_gone(e);
        }
        result
    }
}

impl<W: Write> Write for Watched<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(buf);
        self.note(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.note(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closed(ErrorKind);

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(self.0.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(self.0.into())
        }
    }

    #[test]
    fn a_broken_pipe_is_the_reader_gone_and_other_errors_are_not() {
        let mut out = Watched::new(Closed(ErrorKind::PermissionDenied));
        assert!(out.write_all(b"x").is_err());
        assert!(!out.reader_gone());
        let mut out = Watched::new(Closed(ErrorKind::BrokenPipe));
        assert!(out.write_all(b"x").is_err());
        assert!(out.reader_gone());
        let mut out = Watched::new(Vec::new());
        out.write_all(b"x").unwrap();
        out.flush().unwrap();
        assert!(!out.reader_gone());
    }
}
