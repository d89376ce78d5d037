//! Deleting: what is journalled and reported for every user, dry runs, read-only engines,
//! retries, cancelling, progress and the quota's pace.

use super::*;

use std::time::Duration;

use crate::directory::memory::Operation;

#[tokio::test]
async fn deletes_journals_and_accounts_for_every_user() {
    let s = setup(5);
    s.directory.remove_user("user004");
    // user003 has no locale to delete.
    s.directory
        .delete_attributes("user003", &["locale".into()])
        .await
        .unwrap();
    let report = delete(
        &s.bulk,
        job(
            &[
                "user000", "user001", "user002", "user003", "user004", "user000",
            ],
            &["locale", "name"],
            false,
        ),
        &fixtures::pool(),
    )
    .await;
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
        let report = delete(
            &s.bulk,
            job(&["user000"], &["locale", refused], false),
            &pool,
        )
        .await;
        assert!(
            matches!(&report.users[0].result, ItemResult::Skipped(SkipReason::Refused(r)) if r.contains(refused)),
            "{:?}",
            report.users[0]
        );
    }
    let report = delete(&s.bulk, job(&["user001"], &["phone_number"], false), &pool).await;
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
    let report = delete(
        &s.bulk,
        job(
            &["user000", "user001", "user002"],
            &["email_verified"],
            true,
        ),
        &fixtures::pool(),
    )
    .await;
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
    let report = delete(
        &s.bulk.clone().with_concurrency(1),
        job(&["user000"], &["locale"], false),
        &fixtures::pool(),
    )
    .await;
    assert!(matches!(report.users[0].result, ItemResult::Deleted(_)));
    assert_eq!(s.directory.calls(Operation::DeleteAttributes), 2);

    s.directory.inject(
        Operation::DeleteAttributes,
        DirectoryError::from_code("NotAuthorizedException", "no"),
    );
    let report = delete(
        &s.bulk,
        job(&["user001"], &["locale"], false),
        &fixtures::pool(),
    )
    .await;
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
    assert!(
        events[0].in_flight > 0,
        "the first gauge counts the users sent, for a server slow to answer"
    );
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
    let report = delete(
        &bulk,
        DeleteJob {
            usernames: usernames(51),
            attributes: vec!["locale".into()],
            dry_run: false,
        },
        &fixtures::pool(),
    )
    .await;
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
