//! Logs go to a file, never to the terminal the app draws on.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// `<data dir>/cognito-tui/cognito-tui.log`, or the working directory when there is no data dir.
pub fn default_path() -> PathBuf {
    directories::ProjectDirs::from("", "", "cognito-tui")
        .map(|d| d.data_dir().join("cognito-tui.log"))
        .unwrap_or_else(|| PathBuf::from("cognito-tui.log"))
}

/// Starts logging to `path` (created with mode 0600). The level comes from `COGNITO_TUI_LOG`
/// (default `info`). HTTP-level crates stay at `warn` whatever is asked: at debug they would
/// write request bodies, and self-service requests carry access tokens.
pub fn init(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    let mut filter =
        EnvFilter::try_from_env("COGNITO_TUI_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    for quiet in [
        "aws_smithy_runtime=warn",
        "aws_smithy_runtime_api=warn",
        "aws_smithy_http_client=warn",
        "aws_sigv4=warn",
        "aws_runtime=warn",
        "aws_config=warn",
        "hyper=warn",
        "hyper_util=warn",
        "rustls=warn",
    ] {
        if let Ok(directive) = quiet.parse() {
            filter = filter.add_directive(directive);
        }
    }
    tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .map_err(std::io::Error::other)
}
