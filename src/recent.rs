//! Pools used before, kept in the data dir (`recent.json`) for the pool picker. Holds pool ids,
//! regions and profile names only.

use std::path::PathBuf;

use crate::app::RecentPool;

/// How many pools the list keeps.
const KEEP: usize = 10;

fn path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "cognito-tui").map(|d| d.data_dir().join("recent.json"))
}

/// The recent pools, newest first; an unreadable file is an empty list.
pub fn load() -> Vec<RecentPool> {
    reopenable(
        path()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default(),
    )
}

/// The pools a picker can reopen: not a self-service session's, which earlier versions kept
/// under its label `me: USER (expires …)` as if it were a profile (reopened, it opened the pool
/// with admin credentials under that label).
fn reopenable(mut list: Vec<RecentPool>) -> Vec<RecentPool> {
    list.retain(|p| {
        !p.profile
            .as_deref()
            .is_some_and(|name| name.starts_with(crate::selfservice::LABEL_PREFIX))
    });
    list
}

/// `pool` moved to the front of `list`, without repeats, at most `KEEP` long.
pub fn with(mut list: Vec<RecentPool>, pool: RecentPool) -> Vec<RecentPool> {
    list.retain(|p| !(p.pool_id == pool.pool_id && p.region == pool.region));
    list.insert(0, pool);
    list.truncate(KEEP);
    list
}

/// Saves the list; failing to is logged, never fatal.
pub fn save(list: &[RecentPool]) {
    let Some(path) = path() else {
        return;
    };
    let result = (|| -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(list).map_err(std::io::Error::other)?;
        let mut options = std::fs::OpenOptions::new();
        options.create(true).write(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        std::io::Write::write_all(&mut options.open(&path)?, text.as_bytes())
    })();
    if let Err(e) = result {
        tracing::warn!("cannot save the recent pools to {}: {e}", path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(id: &str) -> RecentPool {
        RecentPool {
            pool_id: id.into(),
            region: "eu-west-1".into(),
            profile: None,
        }
    }

    #[test]
    fn a_self_service_session_kept_by_an_earlier_version_is_not_offered() {
        let mut mine = pool("eu-west-1_Me");
        mine.profile = Some("me: alice (expires 2026-12-08 05:02 UTC)".into());
        let mut named = pool("eu-west-1_Named");
        named.profile = Some("support".into());
        let kept = reopenable(vec![pool("eu-west-1_A"), mine, named.clone()]);
        assert_eq!(kept, vec![pool("eu-west-1_A"), named]);
    }

    #[test]
    fn newest_first_without_repeats_and_bounded() {
        let mut list = Vec::new();
        for i in 0..15 {
            list = with(list, pool(&format!("p{i}")));
        }
        list = with(list, pool("p12"));
        assert_eq!(list.len(), KEEP);
        assert_eq!(list[0].pool_id, "p12");
        assert_eq!(list[1].pool_id, "p14");
        assert_eq!(list.iter().filter(|p| p.pool_id == "p12").count(), 1);
    }
}
