//! Deletions whose answer is lost: settled by reading the user back, left pending when that
//! cannot be done, and settled later by `resolve`.

use super::*;

use async_trait::async_trait;

use crate::directory::memory::Operation;

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
    let bulk = s.writing_through(Arc::new(AppliedThenLost(s.directory.clone())));
    let report = delete(
        &bulk,
        job(&["user000"], &["locale"], false),
        &fixtures::pool(),
    )
    .await;
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
    let report = delete(
        &s.bulk,
        job(&["user001"], &["locale"], false),
        &fixtures::pool(),
    )
    .await;
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
    let report = delete(
        &s.writing_through(Arc::new(AppliedThenUnreadable {
            inner: s.directory.clone(),
            first: AtomicBool::new(true),
        })),
        job(&["user000"], &["locale"], false),
        &fixtures::pool(),
    )
    .await;
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
    let report = delete(
        &s.writing_through(Arc::new(LostThenRefused {
            inner: s.directory.clone(),
            calls: std::sync::atomic::AtomicUsize::new(0),
        })),
        job(&["user000"], &["locale"], false),
        &fixtures::pool(),
    )
    .await;
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
