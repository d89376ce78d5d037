use super::*;

use std::time::Duration;

use async_trait::async_trait;

use crate::directory::fixtures;
use crate::directory::memory::{MemoryDirectory, Operation};

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(4),
    }
}

fn unlimited() -> Arc<Limiter> {
    Arc::new(Limiter::new(&crate::limiter::Quotas {
        user_update: 100_000,
        user_list: 100_000,
        user_read: 100_000,
        user_pool_read: 100_000,
    }))
}

struct Setup {
    _dir: tempfile::TempDir,
    directory: Arc<MemoryDirectory>,
    journal: Arc<Journal>,
    bulk: Bulk,
}

fn setup(n: usize) -> Setup {
    setup_with(Arc::new(MemoryDirectory::new(
        fixtures::pool(),
        fixtures::users(n),
    )))
}

fn setup_with(directory: Arc<MemoryDirectory>) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let journal = Arc::new(Journal::open(dir.path().join("journal.jsonl")).unwrap());
    let access = Access::ReadWrite {
        reader: directory.clone(),
        writer: directory.clone(),
    };
    let bulk = Bulk::new(&access, "eu-west-1_Test1", unlimited(), fast_retry())
        .with_journal(Arc::clone(&journal))
        .with_concurrency(4);
    Setup {
        _dir: dir,
        directory,
        journal,
        bulk,
    }
}

fn job(users: &[&str], attributes: &[&str], dry_run: bool) -> DeleteJob {
    DeleteJob {
        usernames: users.iter().map(|u| u.to_string()).collect(),
        attributes: attributes.iter().map(|a| a.to_string()).collect(),
        dry_run,
    }
}

fn usernames(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("user{i:03}")).collect()
}

fn attribute_of(directory: &MemoryDirectory, username: &str, name: &str) -> Option<String> {
    directory
        .users()
        .into_iter()
        .find(|u| u.username == username)
        .and_then(|u| u.attribute(name).map(str::to_owned))
}

#[tokio::test]
async fn deletes_journals_and_accounts_for_every_user() {
    let s = setup(5);
    s.directory.remove_user("user004");
    // user003 has no locale to delete.
    s.directory
        .delete_attributes("user003", &["locale".into()])
        .await
        .unwrap();
    let report = s
        .bulk
        .delete_attributes(
            job(
                &[
                    "user000", "user001", "user002", "user003", "user004", "user000",
                ],
                &["locale", "name"],
                false,
            ),
            &fixtures::pool(),
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    assert_eq!(report.users.len(), 5, "repeats are dropped");
    assert_eq!(
        report.counts(),
        Counts {
            done: 4,
            skipped: 1,
            failed: 0
        }
    );
    assert_eq!(
        report.users[0].result,
        ItemResult::Deleted(vec![
            Attribute::new("name", "Test User 0"),
            Attribute::new("locale", "en-GB"),
        ])
    );
    // user003 still had a name.
    assert!(matches!(&report.users[3].result, ItemResult::Deleted(a) if a.len() == 1));
    assert_eq!(
        report.users[4].result,
        ItemResult::Skipped(SkipReason::UserGone)
    );
    for i in 0..4 {
        let name = format!("user{i:03}");
        assert_eq!(attribute_of(&s.directory, &name, "locale"), None);
        assert_eq!(attribute_of(&s.directory, &name, "name"), None);
        assert!(attribute_of(&s.directory, &name, "email").is_some());
    }

    let contents = s.journal.read().unwrap();
    assert_eq!(contents.entries.len(), 4);
    assert_eq!(contents.pending().count(), 0);
    for user in &report.users[..4] {
        let entry = contents.find(user.journal_id.as_ref().unwrap()).unwrap();
        assert_eq!(entry.intent.username, user.username);
        assert!(entry.applied());
        assert_eq!(entry.intent.pool_id, "eu-west-1_Test1");
    }
    assert_eq!(report.batch.as_deref(), Some(s.journal.batch()));
}

#[tokio::test]
async fn refused_and_absent_attributes_are_skipped_with_the_reason() {
    let s = setup(2);
    let pool = fixtures::pool();
    for refused in ["sub", "email", "custom:tenant_id"] {
        let report = s
            .bulk
            .delete_attributes(
                job(&["user000"], &["locale", refused], false),
                &pool,
                None,
                &CancelFlag::new(),
            )
            .await
            .unwrap();
        assert!(
            matches!(&report.users[0].result, ItemResult::Skipped(SkipReason::Refused(r)) if r.contains(refused)),
            "{:?}",
            report.users[0]
        );
    }
    let report = s
        .bulk
        .delete_attributes(
            job(&["user001"], &["phone_number"], false),
            &pool,
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    assert_eq!(
        report.users[0].result,
        ItemResult::Skipped(SkipReason::NotPresent)
    );
    assert_eq!(s.directory.calls(Operation::DeleteAttributes), 0);
    assert_eq!(
        s.directory.calls(Operation::GetUser),
        1,
        "refusals read nothing"
    );
    assert!(s.journal.read().unwrap().entries.is_empty());
}

#[tokio::test]
async fn a_dry_run_reads_and_reports_but_writes_nothing() {
    let s = setup(3);
    let report = s
        .bulk
        .delete_attributes(
            job(
                &["user000", "user001", "user002"],
                &["email_verified"],
                true,
            ),
            &fixtures::pool(),
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    assert_eq!(report.counts().done, 3);
    assert_eq!(
        report.users[1].result,
        ItemResult::WouldDelete(vec![Attribute::new("email_verified", "false")])
    );
    assert!(report.users[1].warnings[0].contains("email unverified"));
    assert_eq!(report.batch, None);
    assert_eq!(s.directory.calls(Operation::DeleteAttributes), 0);
    assert!(s.journal.read().unwrap().entries.is_empty());
    assert!(attribute_of(&s.directory, "user001", "email_verified").is_some());
}

#[tokio::test]
async fn a_read_only_engine_can_dry_run_but_not_delete_or_undo() {
    let directory = Arc::new(MemoryDirectory::new(fixtures::pool(), fixtures::users(2)));
    let access = Access::ReadOnly { reader: directory };
    let bulk = Bulk::new(&access, "p", unlimited(), fast_retry());
    let pool = fixtures::pool();
    let cancel = CancelFlag::new();
    assert!(
        bulk.delete_attributes(job(&["user000"], &["locale"], true), &pool, None, &cancel)
            .await
            .is_ok()
    );
    assert_eq!(
        bulk.delete_attributes(job(&["user000"], &["locale"], false), &pool, None, &cancel)
            .await,
        Err(BulkError::ReadOnly)
    );
    assert_eq!(
        bulk.undo(&["x".into()], None, &cancel).await,
        Err(BulkError::ReadOnly)
    );
}

#[tokio::test]
async fn throttling_is_retried_and_permanent_errors_are_reported_and_journalled() {
    let s = setup(2);
    s.directory.inject(
        Operation::DeleteAttributes,
        DirectoryError::from_code("TooManyRequestsException", "Rate exceeded"),
    );
    let report = s
        .bulk
        .clone()
        .with_concurrency(1)
        .delete_attributes(
            job(&["user000"], &["locale"], false),
            &fixtures::pool(),
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    assert!(matches!(report.users[0].result, ItemResult::Deleted(_)));
    assert_eq!(s.directory.calls(Operation::DeleteAttributes), 2);

    s.directory.inject(
        Operation::DeleteAttributes,
        DirectoryError::from_code("NotAuthorizedException", "no"),
    );
    let report = s
        .bulk
        .delete_attributes(
            job(&["user001"], &["locale"], false),
            &fixtures::pool(),
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    assert!(matches!(
        report.users[0].result,
        ItemResult::Failed(Failure::Directory(DirectoryError::NotAuthorized { .. }))
    ));
    assert_eq!(report.failed_usernames(), ["user001"]);
    let entry = s
        .journal
        .read()
        .unwrap()
        .find(report.users[0].journal_id.as_ref().unwrap())
        .cloned()
        .unwrap();
    let outcome = entry.outcome.unwrap();
    assert_eq!(outcome.result, Verdict::Error);
    assert!(outcome.message.unwrap().contains("Not authorized"));
    assert_eq!(
        attribute_of(&s.directory, "user001", "locale").as_deref(),
        Some("en-GB")
    );
}

/// Applies deletions, then answers as if the connection dropped: the case where only reading
/// the user back can tell what happened.
struct AppliedThenLost(Arc<MemoryDirectory>);

#[async_trait]
impl DirectoryWriter for AppliedThenLost {
    async fn delete_attributes(
        &self,
        username: &str,
        names: &[String],
    ) -> Result<(), DirectoryError> {
        self.0.delete_attributes(username, names).await?;
        Err(DirectoryError::Network {
            detail: "connection closed before message completed".into(),
        })
    }

    async fn update_attributes(
        &self,
        username: &str,
        attributes: &[Attribute],
    ) -> Result<(), DirectoryError> {
        self.0.update_attributes(username, attributes).await
    }
}

#[tokio::test]
async fn a_lost_answer_is_settled_by_reading_the_user_back() {
    let s = setup(2);
    let access = Access::ReadWrite {
        reader: s.directory.clone(),
        writer: Arc::new(AppliedThenLost(s.directory.clone())),
    };
    let bulk = Bulk::new(&access, "eu-west-1_Test1", unlimited(), fast_retry())
        .with_journal(Arc::clone(&s.journal));
    let report = bulk
        .delete_attributes(
            job(&["user000"], &["locale"], false),
            &fixtures::pool(),
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    assert!(
        matches!(report.users[0].result, ItemResult::Deleted(_)),
        "{:?}",
        report.users[0]
    );
    let entry = s.journal.read().unwrap().entries[0].clone();
    assert_eq!(entry.outcome.as_ref().unwrap().result, Verdict::Verified);

    // Server faults that never applied anything end as failures, journalled as errors.
    for _ in 0..3 {
        s.directory.inject(
            Operation::DeleteAttributes,
            DirectoryError::from_code("InternalErrorException", "boom"),
        );
    }
    let report = s
        .bulk
        .delete_attributes(
            job(&["user001"], &["locale"], false),
            &fixtures::pool(),
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    assert!(matches!(
        report.users[0].result,
        ItemResult::Failed(Failure::Directory(DirectoryError::InternalError { .. }))
    ));
    let contents = s.journal.read().unwrap();
    let outcome = contents.entries[1].outcome.as_ref().unwrap();
    assert_eq!(outcome.result, Verdict::Error);
    assert!(
        outcome
            .message
            .as_ref()
            .unwrap()
            .contains("still has a value")
    );
}

#[tokio::test]
async fn an_outcome_that_cannot_be_checked_stays_pending_and_resolve_settles_it() {
    let s = setup(1);
    // The deletion is applied but its answer is lost, and the user can then not be read.
    let access = Access::ReadWrite {
        reader: s.directory.clone(),
        writer: Arc::new(AppliedThenUnreadable {
            inner: s.directory.clone(),
            first: AtomicBool::new(true),
        }),
    };
    let report = Bulk::new(&access, "eu-west-1_Test1", unlimited(), fast_retry())
        .with_journal(Arc::clone(&s.journal))
        .delete_attributes(
            job(&["user000"], &["locale"], false),
            &fixtures::pool(),
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    assert!(
        matches!(&report.users[0].result, ItemResult::Failed(Failure::Uncertain(m)) if m.contains("journal --resolve")),
        "{:?}",
        report.users[0]
    );
    assert_eq!(s.journal.read().unwrap().pending().count(), 1);

    let resolved = s
        .bulk
        .resolve_pending(None, &CancelFlag::new())
        .await
        .unwrap();
    assert_eq!(
        resolved.users[0].result,
        ItemResult::Resolved {
            verdict: Verdict::Verified,
            message: "verified deleted".into()
        }
    );
    let contents = s.journal.read().unwrap();
    assert_eq!(contents.pending().count(), 0);
    assert!(contents.entries[0].applied(), "and so it can be undone");
}

/// Applies the deletion and loses the answer; from then on the user cannot be read either
/// (three network failures, as many as the test's retry policy tries).
struct AppliedThenUnreadable {
    inner: Arc<MemoryDirectory>,
    first: AtomicBool,
}

#[async_trait]
impl DirectoryWriter for AppliedThenUnreadable {
    async fn delete_attributes(
        &self,
        username: &str,
        names: &[String],
    ) -> Result<(), DirectoryError> {
        if self.first.swap(false, Ordering::SeqCst) {
            self.inner.delete_attributes(username, names).await?;
            for _ in 0..3 {
                self.inner.inject(
                    Operation::GetUser,
                    DirectoryError::Network {
                        detail: "unreachable".into(),
                    },
                );
            }
        }
        Err(DirectoryError::Network {
            detail: "connection reset".into(),
        })
    }

    async fn update_attributes(
        &self,
        username: &str,
        attributes: &[Attribute],
    ) -> Result<(), DirectoryError> {
        self.inner.update_attributes(username, attributes).await
    }
}

#[tokio::test]
async fn resolve_skips_entries_of_other_pools_and_says_not_applied_when_nothing_changed() {
    let s = setup(1);
    let mine = s
        .journal
        .intent(
            "eu-west-1_Test1",
            "user000",
            Kind::Delete,
            vec![Change::deleted("locale", "en-GB")],
            None,
        )
        .unwrap();
    s.journal
        .intent(
            "eu-west-1_Other",
            "zed",
            Kind::Delete,
            vec![Change::deleted("locale", "fr")],
            None,
        )
        .unwrap();
    let report = s
        .bulk
        .resolve_pending(None, &CancelFlag::new())
        .await
        .unwrap();
    assert_eq!(report.users.len(), 2);
    assert!(matches!(
        &report.users[0].result,
        ItemResult::Resolved {
            verdict: Verdict::NotApplied,
            ..
        }
    ));
    assert_eq!(
        report.users[1].result,
        ItemResult::Skipped(SkipReason::OtherPool("eu-west-1_Other".into()))
    );
    let contents = s.journal.read().unwrap();
    assert!(!contents.find(&mine.id).unwrap().is_pending());
    assert_eq!(contents.pending().count(), 1);
}

#[tokio::test]
async fn undo_restores_values_but_not_over_new_ones_and_only_once() {
    let s = setup(3);
    let pool = fixtures::pool();
    let report = s
        .bulk
        .delete_attributes(
            job(
                &["user000", "user001", "user002"],
                &["locale", "name"],
                false,
            ),
            &pool,
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    let ids: Vec<String> = report
        .users
        .iter()
        .map(|u| u.journal_id.clone().unwrap())
        .collect();
    // Since the deletion, user001 got a new locale.
    s.directory
        .update_attributes("user001", &[Attribute::new("locale", "fr-FR")])
        .await
        .unwrap();
    s.directory.remove_user("user002");

    let undo = s.bulk.undo(&ids, None, &CancelFlag::new()).await.unwrap();
    assert_eq!(
        undo.users[0].result,
        ItemResult::Restored(vec![
            Attribute::new("name", "Test User 0"),
            Attribute::new("locale", "en-GB"),
        ])
    );
    assert_eq!(
        undo.users[1].result,
        ItemResult::Restored(vec![Attribute::new("name", "Test User 1")])
    );
    assert!(undo.users[1].warnings[0].contains("locale has been given a new value"));
    assert_eq!(
        undo.users[2].result,
        ItemResult::Skipped(SkipReason::UserGone)
    );
    assert_eq!(
        attribute_of(&s.directory, "user000", "locale").as_deref(),
        Some("en-GB")
    );
    assert_eq!(
        attribute_of(&s.directory, "user001", "locale").as_deref(),
        Some("fr-FR")
    );
    assert_eq!(
        attribute_of(&s.directory, "user001", "name").as_deref(),
        Some("Test User 1")
    );

    let contents = s.journal.read().unwrap();
    let undo_entry = contents
        .find(undo.users[0].journal_id.as_ref().unwrap())
        .unwrap();
    assert_eq!(undo_entry.intent.kind, Kind::Undo);
    assert_eq!(undo_entry.intent.undo_of.as_ref(), Some(&ids[0]));
    assert!(undo_entry.applied());

    // Again: already undone; an undo entry itself and unknown ids cannot be undone.
    let again = s
        .bulk
        .undo(
            &[ids[0].clone(), undo_entry.intent.id.clone(), "nope".into()],
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    assert!(matches!(
        &again.users[0].result,
        ItemResult::Skipped(SkipReason::AlreadyUndone(by)) if by == &undo_entry.intent.id
    ));
    assert!(matches!(
        &again.users[1].result,
        ItemResult::Skipped(SkipReason::NotUndoable(_))
    ));
    assert!(matches!(
        &again.users[2].result,
        ItemResult::Skipped(SkipReason::NotUndoable(_))
    ));
    assert_eq!(
        s.directory.calls(Operation::UpdateAttributes),
        3,
        "one by the test, two undos"
    );
}

#[tokio::test]
async fn cancelling_stops_new_users_and_lets_the_ones_in_flight_finish() {
    let directory = Arc::new(
        MemoryDirectory::new(fixtures::pool(), fixtures::users(20))
            .with_latency(Duration::from_millis(5)),
    );
    let s = setup_with(directory);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Progress>();
    let cancel = CancelFlag::new();
    let stopper = {
        let cancel = cancel.clone();
        tokio::spawn(async move {
            while let Some(progress) = rx.recv().await {
                if progress.done >= 2 {
                    cancel.cancel();
                }
            }
        })
    };
    let job = DeleteJob {
        usernames: usernames(20),
        attributes: vec!["locale".into()],
        dry_run: false,
    };
    let report = s
        .bulk
        .with_concurrency(2)
        .delete_attributes(job, &fixtures::pool(), Some(tx), &cancel)
        .await
        .unwrap();
    stopper.await.unwrap();
    assert!(report.cancelled);
    assert_eq!(report.users.len(), 20);
    let counts = report.counts();
    assert!(counts.done >= 2 && counts.done <= 6, "{counts:?}");
    assert_eq!(counts.done + counts.skipped, 20);
    // The journal and the directory agree with the report, user by user.
    let contents = s.journal.read().unwrap();
    for user in &report.users {
        let deleted = attribute_of(&s.directory, &user.username, "locale").is_none();
        match &user.result {
            ItemResult::Deleted(_) => {
                assert!(deleted);
                assert!(
                    contents
                        .find(user.journal_id.as_ref().unwrap())
                        .unwrap()
                        .applied()
                );
            }
            ItemResult::Skipped(SkipReason::Cancelled) => {
                assert!(!deleted);
                assert_eq!(user.journal_id, None);
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(contents.entries.len(), counts.done);
}

#[tokio::test]
async fn progress_counts_up_to_the_total() {
    let s = setup(10);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let report = s
        .bulk
        .delete_attributes(
            DeleteJob {
                usernames: usernames(10),
                attributes: vec!["locale".into()],
                dry_run: false,
            },
            &fixtures::pool(),
            Some(tx),
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    let mut events = Vec::new();
    while let Ok(p) = rx.try_recv() {
        events.push(p);
    }
    assert_eq!(events.len(), 11, "one at the start, one per user");
    assert_eq!(events[0].remaining, 10);
    let last = events.last().unwrap();
    assert_eq!((last.done, last.remaining, last.total), (10, 0, 10));
    assert!(events.windows(2).all(|w| w[1].done >= w[0].done));
    assert_eq!(report.counts().done, 10);
}

#[tokio::test(start_paused = true)]
async fn the_user_update_quota_sets_the_pace() {
    let directory = Arc::new(MemoryDirectory::new(fixtures::pool(), fixtures::users(51)));
    let dir = tempfile::tempdir().unwrap();
    let journal = Arc::new(Journal::open(dir.path().join("j.jsonl")).unwrap());
    let access = Access::ReadWrite {
        reader: directory.clone(),
        writer: directory.clone(),
    };
    let limiter = Arc::new(Limiter::new(&crate::limiter::Quotas::default()));
    let bulk = Bulk::new(&access, "p", limiter, fast_retry()).with_journal(journal);
    let start = Instant::now();
    let report = bulk
        .delete_attributes(
            DeleteJob {
                usernames: usernames(51),
                attributes: vec!["locale".into()],
                dry_run: false,
            },
            &fixtures::pool(),
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    assert_eq!(report.counts().done, 51);
    // 51 deletions at 25 per second: at least 50 intervals of 40 ms.
    assert!(
        start.elapsed() >= Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn filters_list_every_page() {
    let s = setup(130);
    let all = s
        .bulk
        .list_usernames(None, &CancelFlag::new())
        .await
        .unwrap();
    assert_eq!(all.len(), 130);
    let some = s
        .bulk
        .list_usernames(Some("username ^= \"user01\""), &CancelFlag::new())
        .await
        .unwrap();
    assert_eq!(some.len(), 10);
    assert_eq!(s.directory.calls(Operation::ListUsers), 3 + 1);
}

/// As moto does: applies the deletion but the answer is lost, then refuses the retry because
/// the attributes are gone ("Attribute does not exist in the schema").
struct LostThenRefused {
    inner: Arc<MemoryDirectory>,
    calls: std::sync::atomic::AtomicUsize,
}

#[async_trait]
impl DirectoryWriter for LostThenRefused {
    async fn delete_attributes(
        &self,
        username: &str,
        names: &[String],
    ) -> Result<(), DirectoryError> {
        if self.calls.fetch_add(1, Ordering::SeqCst) == 0 {
            self.inner.delete_attributes(username, names).await?;
            Err(DirectoryError::InternalError {
                detail: "502 from a proxy".into(),
            })
        } else {
            Err(DirectoryError::InvalidParameter {
                detail:
                    "Invalid user attributes: user.locale: Attribute does not exist in the schema."
                        .into(),
            })
        }
    }

    async fn update_attributes(
        &self,
        username: &str,
        attributes: &[Attribute],
    ) -> Result<(), DirectoryError> {
        self.inner.update_attributes(username, attributes).await
    }
}

#[tokio::test]
async fn a_refused_retry_after_a_lost_answer_is_still_checked_on_the_server() {
    let s = setup(1);
    let access = Access::ReadWrite {
        reader: s.directory.clone(),
        writer: Arc::new(LostThenRefused {
            inner: s.directory.clone(),
            calls: std::sync::atomic::AtomicUsize::new(0),
        }),
    };
    let report = Bulk::new(&access, "eu-west-1_Test1", unlimited(), fast_retry())
        .with_journal(Arc::clone(&s.journal))
        .delete_attributes(
            job(&["user000"], &["locale"], false),
            &fixtures::pool(),
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    assert!(
        matches!(report.users[0].result, ItemResult::Deleted(_)),
        "{:?}",
        report.users[0]
    );
    let outcome = s.journal.read().unwrap().entries[0]
        .outcome
        .clone()
        .unwrap();
    assert_eq!(outcome.result, Verdict::Verified);
    assert!(
        outcome
            .message
            .unwrap()
            .starts_with("verified deleted after the call failed")
    );
}

#[tokio::test]
async fn two_deletions_of_one_attribute_are_undone_one_after_the_other() {
    let s = setup(1);
    let pool = fixtures::pool();
    let first = s
        .bulk
        .delete_attributes(
            job(&["user000"], &["locale"], false),
            &pool,
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    s.directory
        .update_attributes("user000", &[Attribute::new("locale", "xx")])
        .await
        .unwrap();
    let second = s
        .bulk
        .delete_attributes(
            job(&["user000"], &["locale"], false),
            &pool,
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    let ids = [
        first.users[0].journal_id.clone().unwrap(),
        second.users[0].journal_id.clone().unwrap(),
    ];
    let undo = s.bulk.undo(&ids, None, &CancelFlag::new()).await.unwrap();
    let restored = undo
        .users
        .iter()
        .filter(|u| matches!(u.result, ItemResult::Restored(_)))
        .count();
    let skipped = undo
        .users
        .iter()
        .filter(|u| u.result == ItemResult::Skipped(SkipReason::NothingToRestore))
        .count();
    assert_eq!((restored, skipped), (1, 1), "{:?}", undo.users);
    assert_eq!(
        s.directory.calls(Operation::UpdateAttributes),
        2,
        "the test's and one undo"
    );
    // The report keeps the order of the ids.
    assert_eq!(
        undo.users
            .iter()
            .map(|u| u.journal_id.is_some())
            .collect::<Vec<_>>(),
        [true, true]
    );
}
