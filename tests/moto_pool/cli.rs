//! The binary run on a moto pool as a script runs it: its log, an empty config, its data and
//! home in a temporary directory.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::{Pool, moto_url};

/// Runs `cognito-tui` on one pool, against moto.
pub struct Cli {
    pool_id: String,
    pub dir: tempfile::TempDir,
}

/// One run: the exit code and what it wrote.
pub struct Run {
    pub code: Option<i32>,
    pub out: String,
    pub err: String,
}

impl Cli {
    pub fn new(pool: &Pool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("none.toml"), "").unwrap();
        Self {
            pool_id: pool.id.clone(),
            dir,
        }
    }

    /// A path in the run's temporary directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs the binary with `args` after the pool, endpoint, log and config; `stdin`, when
    /// given, is written to its standard input (else it reads nothing).
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cognito-tui"));
        let dir = self.dir.path();
        command
            .args([
                "--pool-id",
                &self.pool_id,
                "--endpoint-url",
                &moto_url(),
                "--region",
                "us-east-1",
            ])
            .args(["--log-file", dir.join("log").to_str().unwrap()])
            .args(["--config", dir.join("none.toml").to_str().unwrap()])
            .args(args)
            .env("XDG_DATA_HOME", dir)
            .env("HOME", dir)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("run cognito-tui");
        if let Some(text) = stdin {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
        }
        let output = child.wait_with_output().unwrap();
        Run {
            code: output.status.code(),
            out: String::from_utf8_lossy(&output.stdout).into_owned(),
            err: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// The 4th column of the user's report line: the journal entry id.
    pub fn journal_id(&self, user: &str) -> String {
        self.out
            .lines()
            .find(|l| l.starts_with(&format!("{user}\t")))
            .and_then(|l| l.split('\t').nth(3))
            .unwrap_or_else(|| panic!("no line for {user}: {}", self.out))
            .to_owned()
    }

    /// The batch id of "journal batch B;" on standard error.
    pub fn batch(&self) -> String {
        self.err
            .split("journal batch ")
            .nth(1)
            .and_then(|rest| rest.split(';').next())
            .unwrap_or_else(|| panic!("no batch: {}", self.err))
            .to_owned()
    }
}
