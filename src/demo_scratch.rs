//! The demo pool's scratch journal: a file of this process in the temp dir, removed at exit.
//! A process killed before it could remove it leaves it behind; the next demo to start removes
//! every scratch journal whose process has ended. A process holds a lock on its journal's
//! `.lock` file for as long as it runs, and the system releases the lock however the process
//! ends: a lock that can be taken is one whose process is gone.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const PREFIX: &str = "cognito-tui-demo-";

/// The demo pool's journal asked for in `COGNITO_TUI_DEMO_JOURNAL`, kept after exit (tests
/// read it).
pub fn kept() -> Option<PathBuf> {
    std::env::var_os("COGNITO_TUI_DEMO_JOURNAL")
        .filter(|p| !p.is_empty())
        .map(Into::into)
}

/// The demo pool's journal, for the screen and the command line alike: the one
/// [`kept`] names, else this process's scratch journal in the temp dir, claimed. The demo pool
/// is not the user's, so its changes never go to the user's own journal.
pub fn journal() -> PathBuf {
    kept().unwrap_or_else(|| claim(&std::env::temp_dir()))
}

/// At the end of a demo process: its scratch journal goes, unless one was asked to be kept.
pub fn finish() {
    if kept().is_none() {
        remove(&std::env::temp_dir());
    }
}

/// Process `pid`'s scratch journal in `dir`.
pub fn journal_path(dir: &Path, pid: u32) -> PathBuf {
    dir.join(format!("{PREFIX}{pid}.jsonl"))
}

fn lock_path(dir: &Path, pid: u32) -> PathBuf {
    dir.join(format!("{PREFIX}{pid}.lock"))
}

/// This process's scratch journal in `dir`, claimed: its lock is taken before the journal is
/// created and held until the process ends. The scratch journals ended processes left in `dir`
/// are removed first.
pub fn claim(dir: &Path) -> PathBuf {
    static HELD: OnceLock<Option<File>> = OnceLock::new();
    let pid = std::process::id();
    HELD.get_or_init(|| start(dir, pid));
    journal_path(dir, pid)
}

/// Removes the scratch journals of ended processes, then takes process `pid`'s lock. A journal
/// already under `pid`'s name is then one an ended process of the same id left (ids are reused):
/// it goes too, so its changes are never shown as this session's.
fn start(dir: &Path, pid: u32) -> Option<File> {
    let removed = remove_stale(dir, pid);
    if removed > 0 {
        tracing::info!("removed {removed} demo journal(s) of ended processes");
    }
    let held = lock(dir, pid)?;
    match std::fs::remove_file(journal_path(dir, pid)) {
        Ok(()) => tracing::info!("removed a demo journal an ended process of the same id left"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => tracing::warn!("cannot remove the left demo journal: {e}"),
    }
    Some(held)
}

/// Removes this process's scratch journal and its lock file from `dir`.
pub fn remove(dir: &Path) {
    let pid = std::process::id();
    for path in [journal_path(dir, pid), lock_path(dir, pid)] {
        match std::fs::remove_file(&path) {
            Ok(()) => tracing::info!("demo journal {} removed", path.display()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => tracing::warn!("cannot remove the demo journal {}: {e}", path.display()),
        }
    }
}

/// Takes the lock of process `pid`'s scratch journal in `dir`; it holds while the file is open.
pub fn lock(dir: &Path, pid: u32) -> Option<File> {
    let path = lock_path(dir, pid);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .inspect_err(|e| tracing::warn!("demo journal lock {}: {e}", path.display()))
        .ok()?;
    file.try_lock()
        .inspect_err(|e| tracing::warn!("demo journal lock {}: {e}", path.display()))
        .ok()?;
    Some(file)
}

/// Removes the scratch journals in `dir`, with their lock files, whose process has ended (all
/// but `own`'s); returns how many.
pub fn remove_stale(dir: &Path, own: u32) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(PREFIX))
            .and_then(|n| n.strip_suffix(".jsonl"))
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|&pid| pid != own)
        else {
            continue;
        };
        // Held while the files go, so no process can take it meanwhile.
        let Some(_lock) = ended(dir, pid) else {
            continue;
        };
        if std::fs::remove_file(journal_path(dir, pid)).is_ok() {
            removed += 1;
        }
        let _ = std::fs::remove_file(lock_path(dir, pid));
    }
    removed
}

/// Whether process `pid`'s scratch journal in `dir` is left by a process that has ended: its
/// lock can be taken (and is, until the answer is dropped), or it has no lock file (a process
/// takes the lock before it creates the journal).
fn ended(dir: &Path, pid: u32) -> Option<Option<File>> {
    let file = match OpenOptions::new().write(true).open(lock_path(dir, pid)) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(None),
        Err(_) => return None,
    };
    match file.try_lock() {
        Ok(()) => Some(Some(file)),
        Err(TryLockError::WouldBlock | TryLockError::Error(_)) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_demo_removes_the_journals_of_ended_processes_only() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let write = |pid: u32| std::fs::write(journal_path(dir, pid), "{}\n").unwrap();
        // Killed: its lock file is left, and nobody holds it.
        write(101);
        drop(lock(dir, 101).unwrap());
        // Killed before locks were kept: a journal alone.
        write(102);
        // Still running: its lock is held.
        write(103);
        let running = lock(dir, 103).unwrap();
        // This process's own, and a file that is no scratch journal.
        write(104);
        std::fs::write(dir.join("cognito-tui-demo-notes.txt"), "keep").unwrap();
        assert_eq!(remove_stale(dir, 104), 2);
        let mut left: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "cognito-tui-demo-103.jsonl",
                "cognito-tui-demo-103.lock",
                "cognito-tui-demo-104.jsonl",
                "cognito-tui-demo-notes.txt",
            ]
        );
        drop(running);
        assert_eq!(remove_stale(dir, 104), 1, "once it has ended, it goes too");
    }

    #[test]
    fn a_journal_left_under_this_process_id_is_not_this_sessions() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        // An ended process had this id and was killed: its journal and free lock are left.
        std::fs::write(journal_path(dir, 105), "{\"type\":\"intent\"}\n").unwrap();
        drop(lock(dir, 105).unwrap());
        let held = start(dir, 105).expect("the lock");
        assert!(!journal_path(dir, 105).exists());
        drop(held);
    }
}
