//! The binary run on a pool as a script runs it: [`Cli`] on a moto pool with its log, an empty
//! config, its data and home in a temporary directory; [`run_bounded`] on any endpoint, with
//! output to files and a time limit.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

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

    /// The same on a pool id of the caller's, which need not exist.
    #[allow(dead_code)]
    pub fn on_pool_id(pool_id: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("none.toml"), "").unwrap();
        Self {
            pool_id: pool_id.to_owned(),
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

/// Runs `cognito-tui ARGS` on `pool_id` at `endpoint`, with `config` as its config file and its
/// log and data in `dir`. Output goes to files (no pipe can fill up); a run longer than `limit`
/// is killed and fails the test.
pub fn run_bounded(
    dir: &Path,
    endpoint: &str,
    pool_id: &str,
    config: &Path,
    args: &[&str],
    limit: Duration,
) -> Run {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let stdout_path = dir.join(format!("stdout-{n}"));
    let stderr_path = dir.join(format!("stderr-{n}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_cognito-tui"))
        .args(args)
        .args(super::pool_args(pool_id, endpoint))
        .arg("--log-file")
        .arg(dir.join("cognito-tui.log"))
        .arg("--config")
        .arg(config)
        .env_remove("COGNITO_TUI_POOL_ID")
        .env("XDG_DATA_HOME", dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .expect("run cognito-tui");
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            panic!("cognito-tui {args:?} hung: still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code(),
        out: std::fs::read_to_string(&stdout_path).unwrap(),
        err: std::fs::read_to_string(&stderr_path).unwrap(),
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
