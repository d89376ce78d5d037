//! Undo: values put back, never over newer ones, and only once.

use super::*;

use crate::directory::memory::Operation;

#[tokio::test]
async fn undo_restores_values_but_not_over_new_ones_and_only_once() {
    let s = setup(3);
    let pool = fixtures::pool();
    let report = delete(
        &s.bulk,
        job(
            &["user000", "user001", "user002"],
            &["locale", "name"],
            false,
        ),
        &pool,
    )
    .await;
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
async fn two_deletions_of_one_attribute_are_undone_one_after_the_other() {
    let s = setup(1);
    let pool = fixtures::pool();
    let first = delete(&s.bulk, job(&["user000"], &["locale"], false), &pool).await;
    s.directory
        .update_attributes("user000", &[Attribute::new("locale", "xx")])
        .await
        .unwrap();
    let second = delete(&s.bulk, job(&["user000"], &["locale"], false), &pool).await;
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

#[tokio::test]
async fn each_run_of_one_session_has_its_own_batch_so_one_run_is_undone_alone() {
    let s = setup(4);
    let pool = fixtures::pool();
    let first = delete(
        &s.bulk.in_new_batch(),
        job(&["user000", "user001"], &["locale"], false),
        &pool,
    )
    .await;
    let second = delete(
        &s.bulk.in_new_batch(),
        job(&["user002", "user003"], &["locale"], false),
        &pool,
    )
    .await;
    let (Some(a), Some(b)) = (first.batch.clone(), second.batch.clone()) else {
        panic!("journalled runs name their batch: {first:?} {second:?}");
    };
    assert_ne!(a, b, "two runs of one open journal are two batches");
    let contents = s.journal.read().unwrap();
    // Which users each batch holds; their order follows the run's concurrent calls.
    let users = |batch: &str| -> Vec<String> {
        let mut users: Vec<String> = contents
            .batch(batch)
            .map(|e| e.intent.username.clone())
            .collect();
        users.sort();
        users
    };
    assert_eq!(users(&a), ["user000", "user001"]);
    assert_eq!(users(&b), ["user002", "user003"]);
    // Ids stay unique across the runs.
    let mut ids: Vec<&str> = contents
        .entries
        .iter()
        .map(|e| e.intent.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 4);
}

#[tokio::test]
async fn an_undo_dry_run_reads_and_says_what_it_would_put_back_but_sends_and_journals_nothing() {
    let s = setup(2);
    let pool = fixtures::pool();
    let report = delete(&s.bulk, job(&["user000"], &["locale"], false), &pool).await;
    let ids = vec![report.users[0].journal_id.clone().unwrap()];
    let contents = s.journal.read().unwrap();
    let lines = contents.entries.len();
    let dry = s
        .bulk
        .undo_dry_run(&contents, &ids, None, &CancelFlag::new())
        .await
        .unwrap();
    assert_eq!(
        dry.users[0].result,
        ItemResult::WouldApply("put back locale".into())
    );
    assert_eq!(
        dry.users[0].journal_id.as_ref(),
        Some(&ids[0]),
        "the entry's own id"
    );
    assert_eq!(dry.batch, None);
    assert_eq!(s.directory.calls(Operation::UpdateAttributes), 0);
    assert_eq!(s.journal.read().unwrap().entries.len(), lines);
    assert_eq!(attribute_of(&s.directory, "user000", "locale"), None);
}
