//! Account actions through the one path: journal intent with the state before, the call, the
//! outcome, and undo, for each action against the in-memory directory.

use super::*;

use async_trait::async_trait;

use crate::change::{AccountAction, Reviewed, Secret};
use crate::directory::GroupInfo;
use crate::directory::memory::Operation as Memory;
use crate::journal::Entry;
use crate::limiter::Operation as Call;

fn with_groups(n: usize) -> Setup {
    let directory = MemoryDirectory::new(fixtures::pool(), fixtures::users(n))
        .with_pool_groups(vec![
            GroupInfo {
                name: "support".into(),
                description: Some("Support staff".into()),
                precedence: Some(1),
            },
            GroupInfo {
                name: "admins".into(),
                ..GroupInfo::default()
            },
        ])
        .with_groups("user001", &["admins"]);
    setup_with(Arc::new(directory))
}

fn change(users: &[&str], action: AccountAction) -> ChangeJob {
    ChangeJob {
        usernames: users.iter().map(|u| u.to_string()).collect(),
        action,
        dry_run: false,
        reviewed: Vec::new(),
    }
}

async fn run(s: &Setup, users: &[&str], action: AccountAction) -> BulkReport {
    s.bulk
        .apply(
            change(users, action),
            &fixtures::pool(),
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap()
}

async fn undo(s: &Setup, report: &BulkReport) -> BulkReport {
    let ids: Vec<String> = report
        .users
        .iter()
        .filter_map(|u| u.journal_id.clone())
        .collect();
    s.bulk.undo(&ids, None, &CancelFlag::new()).await.unwrap()
}

fn entry(s: &Setup, id: &Option<String>) -> Entry {
    s.journal
        .read()
        .unwrap()
        .find(id.as_deref().unwrap())
        .unwrap()
        .clone()
}

fn stored(s: &Setup, username: &str) -> Option<User> {
    s.directory
        .users()
        .into_iter()
        .find(|u| u.username() == username)
}

#[tokio::test]
async fn disable_journals_the_flag_before_skips_the_disabled_and_undo_enables() {
    let s = setup(6);
    // user005 is disabled in the fixtures.
    let report = run(&s, &["user000", "user005"], AccountAction::Disable).await;
    assert_eq!(
        report.users[0].result,
        ItemResult::Applied("disabled".into())
    );
    assert_eq!(
        report.users[1].result.to_string(),
        "skipped: nothing to do: already disabled"
    );
    assert!(!stored(&s, "user000").unwrap().enabled());
    let disabled = entry(&s, &report.users[0].journal_id);
    assert_eq!(disabled.intent.kind, Kind::Disable);
    assert_eq!(disabled.intent.before.as_ref().unwrap().enabled, Some(true));
    assert!(disabled.applied());
    assert_eq!(
        s.directory.calls(Memory::Apply(Call::AdminDisableUser)),
        1,
        "the skipped user was never sent"
    );

    let undone = undo(&s, &report).await;
    assert_eq!(
        undone.users[0].result,
        ItemResult::Applied("enabled".into())
    );
    assert!(stored(&s, "user000").unwrap().enabled());
    let enable = entry(&s, &undone.users[0].journal_id);
    assert_eq!(enable.intent.kind, Kind::Enable);
    assert_eq!(enable.intent.undo_of, report.users[0].journal_id);
    let contents = s.journal.read().unwrap();
    let line = &contents.lines("eu-west-1_Test1")[1];
    assert_eq!(
        (line.what.as_str(), line.state.as_str()),
        ("disable", "undone")
    );

    let again = undo(&s, &report).await;
    assert!(matches!(
        again.users[0].result,
        ItemResult::Skipped(SkipReason::AlreadyUndone(_))
    ));
}

#[tokio::test]
async fn groups_are_added_and_removed_and_a_missing_group_is_refused_by_the_server() {
    let s = with_groups(3);
    let report = run(
        &s,
        &["user000", "user001"],
        AccountAction::AddToGroup {
            group: "admins".into(),
        },
    )
    .await;
    assert_eq!(
        report.users[0].result,
        ItemResult::Applied("added to admins".into())
    );
    assert_eq!(
        report.users[1].result.to_string(),
        "skipped: nothing to do: already in admins"
    );
    assert_eq!(s.directory.groups_of("user000"), ["admins"]);
    let added = entry(&s, &report.users[0].journal_id);
    assert_eq!(added.intent.group.as_deref(), Some("admins"));
    assert_eq!(added.intent.describe(), "add to group admins");

    let undone = undo(&s, &report).await;
    assert_eq!(
        undone.users[0].result,
        ItemResult::Applied("removed from admins".into())
    );
    assert!(s.directory.groups_of("user000").is_empty());
    assert_eq!(
        s.directory.groups_of("user001"),
        ["admins"],
        "never touched"
    );

    let removed = run(
        &s,
        &["user001"],
        AccountAction::RemoveFromGroup {
            group: "admins".into(),
        },
    )
    .await;
    assert!(removed.users[0].result.is_done());
    undo(&s, &removed).await;
    assert_eq!(s.directory.groups_of("user001"), ["admins"]);

    let missing = run(
        &s,
        &["user002"],
        AccountAction::AddToGroup {
            group: "nope".into(),
        },
    )
    .await;
    let ItemResult::Failed(Failure::Directory(error)) = &missing.users[0].result else {
        panic!("{:?}", missing.users[0]);
    };
    assert!(matches!(error, DirectoryError::GroupNotFound { .. }));
    assert!(
        error.to_string().contains("Group nope does not exist"),
        "{error}"
    );
    let failed = entry(&s, &missing.users[0].journal_id);
    assert_eq!(failed.outcome.unwrap().result, Verdict::Error);
}

#[tokio::test]
async fn set_attributes_journals_before_and_after_refuses_immutable_ones_and_undo_puts_back() {
    let s = setup(2);
    let report = run(
        &s,
        &["user000", "user001"],
        AccountAction::SetAttributes {
            attributes: vec![
                ("locale".into(), "fr-FR".into()),
                ("phone_number".into(), "+447700900000".into()),
            ],
        },
    )
    .await;
    assert_eq!(
        report.users[0].result,
        ItemResult::Applied("set locale, phone_number".into())
    );
    let set = entry(&s, &report.users[0].journal_id);
    assert_eq!(
        set.intent.attributes,
        vec![
            Change::new("locale", Some("en-GB".into()), Some("fr-FR".into())),
            Change::new("phone_number", None, Some("+447700900000".into())),
        ]
    );
    // user001's locale changes again before the undo: left alone.
    s.directory
        .update_attributes("user001", &[Attribute::new("locale", "de-DE")])
        .await
        .unwrap();
    let undone = undo(&s, &report).await;
    assert!(undone.users[0].result.is_done(), "{:?}", undone.users[0]);
    assert_eq!(
        attribute_of(&s.directory, "user000", "locale").as_deref(),
        Some("en-GB")
    );
    assert_eq!(attribute_of(&s.directory, "user000", "phone_number"), None);
    assert_eq!(
        attribute_of(&s.directory, "user001", "locale").as_deref(),
        Some("de-DE")
    );
    assert_eq!(attribute_of(&s.directory, "user001", "phone_number"), None);
    assert!(undone.users[1].warnings[0].contains("locale has been given another value"));

    for name in ["sub", "custom:tenant_id"] {
        let refused = run(
            &s,
            &["user000"],
            AccountAction::SetAttributes {
                attributes: vec![(name.into(), "x".into())],
            },
        )
        .await;
        assert!(
            matches!(
                refused.users[0].result,
                ItemResult::Skipped(SkipReason::Refused(_))
            ),
            "{name}: {:?}",
            refused.users[0]
        );
    }
    let same = run(
        &s,
        &["user000"],
        AccountAction::SetAttributes {
            attributes: vec![("locale".into(), "en-GB".into())],
        },
    )
    .await;
    assert!(matches!(
        same.users[0].result,
        ItemResult::Skipped(SkipReason::Unchanged(_))
    ));
}

#[tokio::test]
async fn mfa_reset_keeps_the_methods_before_and_undo_turns_them_back_on() {
    let mut users = fixtures::users(2);
    users[0].set_mfa(Some(vec!["SOFTWARE_TOKEN_MFA".into()]));
    let s = setup_with(Arc::new(MemoryDirectory::new(fixtures::pool(), users)));
    let report = run(&s, &["user000", "user001"], AccountAction::ResetMfa).await;
    assert_eq!(
        report.users[0].result,
        ItemResult::Applied("MFA reset".into())
    );
    assert_eq!(
        report.users[1].result.to_string(),
        "skipped: nothing to do: no SMS or TOTP MFA is set up"
    );
    let reset = entry(&s, &report.users[0].journal_id);
    assert_eq!(
        reset.intent.before.unwrap().mfa.unwrap(),
        ["SOFTWARE_TOKEN_MFA"]
    );
    assert_eq!(stored(&s, "user000").unwrap().mfa(), Some(&[][..]));
    undo(&s, &report).await;
    assert_eq!(
        stored(&s, "user000").unwrap().mfa().map(<[String]>::to_vec),
        Some(vec!["SOFTWARE_TOKEN_MFA".into()])
    );
}

#[tokio::test]
async fn mfa_reset_leaves_email_mfa_on_and_says_so_when_it_is_all_there_is() {
    let mut users = fixtures::users(2);
    users[0].set_mfa(Some(vec!["EMAIL_OTP".into(), "SMS_MFA".into()]));
    users[1].set_mfa(Some(vec!["EMAIL_OTP".into()]));
    let s = setup_with(Arc::new(MemoryDirectory::new(fixtures::pool(), users)));
    let report = run(&s, &["user000", "user001"], AccountAction::ResetMfa).await;
    assert_eq!(
        report.users[0].result,
        ItemResult::Applied("MFA reset".into())
    );
    assert_eq!(
        report.users[1].result.to_string(),
        "skipped: nothing to do: no SMS or TOTP MFA is set up"
    );
    assert_eq!(
        stored(&s, "user000").unwrap().mfa(),
        Some(&["EMAIL_OTP".to_owned()][..])
    );
    undo(&s, &report).await;
    let mut back = stored(&s, "user000").unwrap().mfa().unwrap().to_vec();
    back.sort();
    assert_eq!(back, ["EMAIL_OTP", "SMS_MFA"]);
}

#[tokio::test]
async fn a_deleted_user_is_re_created_with_attributes_groups_and_disabled_state() {
    let s = with_groups(6);
    s.directory
        .apply(
            "user005",
            &AccountAction::AddToGroup {
                group: "support".into(),
            },
        )
        .await
        .unwrap();
    let before = stored(&s, "user005").unwrap();
    assert!(!before.enabled());
    let report = run(&s, &["user005"], AccountAction::DeleteUser).await;
    assert_eq!(
        report.users[0].result,
        ItemResult::Applied("user deleted".into())
    );
    assert!(stored(&s, "user005").is_none());
    let deleted = entry(&s, &report.users[0].journal_id);
    let state = deleted.intent.before.clone().unwrap();
    assert_eq!(state.groups.unwrap(), ["support"]);
    assert_eq!(state.enabled, Some(false));
    assert_eq!(
        deleted.intent.attributes.len(),
        7,
        "every attribute, sub included"
    );

    let undone = undo(&s, &report).await;
    assert_eq!(
        undone.users[0].result,
        ItemResult::Applied("re-created with 6 attributes, in support, disabled".into()),
        "{:?}",
        undone.users[0]
    );
    assert_eq!(
        undone.users[0].warnings[0],
        "re-created without its sub, password, MFA devices or federated links; it signs in with \
         a new password (status FORCE_CHANGE_PASSWORD)"
    );
    let after = stored(&s, "user005").unwrap();
    assert!(!after.enabled());
    assert_eq!(s.directory.groups_of("user005"), ["support"]);
    for name in ["email", "name", "custom:tenant_id", "locale"] {
        assert_eq!(after.attribute(name), before.attribute(name), "{name}");
    }
    assert_ne!(after.attribute("sub"), before.attribute("sub"));
    let recreate = entry(&s, &undone.users[0].journal_id);
    assert_eq!(recreate.intent.kind, Kind::CreateUser);
    assert_eq!(recreate.outcome.unwrap().result, Verdict::Ok);
    assert_eq!(s.directory.calls(Memory::Apply(Call::AdminCreateUser)), 1);
}

#[tokio::test]
async fn a_created_user_is_deleted_by_undo_and_an_existing_name_is_refused() {
    let s = setup(1);
    let create = AccountAction::CreateUser {
        attributes: vec![("email".into(), "new@example.com".into())],
        temporary_password: Some(Secret::new("Tmp-Passw0rd!x")),
        send_invitation: false,
    };
    let report = run(&s, &["newbie", "user000"], create).await;
    assert_eq!(
        report.users[0].result,
        ItemResult::Applied("user created".into())
    );
    let created = stored(&s, "newbie").unwrap();
    assert_eq!(created.status(), "FORCE_CHANGE_PASSWORD");
    assert_eq!(created.attribute("email"), Some("new@example.com"));
    let ItemResult::Failed(failure) = &report.users[1].result else {
        panic!("{:?}", report.users[1]);
    };
    assert!(failure.to_string().contains("already exists"), "{failure}");

    let text = std::fs::read_to_string(s.journal.path()).unwrap();
    assert!(!text.contains("Tmp-Passw0rd"), "{text}");

    let undone = undo(&s, &report).await;
    assert_eq!(
        undone.users[0].result,
        ItemResult::Applied("user deleted".into())
    );
    assert!(stored(&s, "newbie").is_none());
    assert!(matches!(
        undone.users[1].result,
        ItemResult::Skipped(SkipReason::NotUndoable(_))
    ));
}

#[tokio::test]
async fn passwords_are_never_journalled_and_changes_without_undo_say_why() {
    let s = setup(4);
    let report = run(
        &s,
        &["user000"],
        AccountAction::SetPassword {
            password: Secret::new("hunter2-Secret!"),
            permanent: false,
        },
    )
    .await;
    assert_eq!(
        report.users[0].result,
        ItemResult::Applied("temporary password set".into())
    );
    assert_eq!(
        stored(&s, "user000").unwrap().status(),
        "FORCE_CHANGE_PASSWORD"
    );
    let reset = run(&s, &["user001"], AccountAction::ResetPassword).await;
    assert_eq!(stored(&s, "user001").unwrap().status(), "RESET_REQUIRED");
    let text = std::fs::read_to_string(s.journal.path()).unwrap();
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("\"kind\":\"set_password\""));

    let undone = undo(&s, &reset).await;
    assert_eq!(
        undone.users[0].result.to_string(),
        "skipped: cannot be undone: the old password cannot be restored: the user sets a new \
         one with the code"
    );

    // user003 is UNCONFIRMED in the fixtures; user002 is not.
    let confirm = run(&s, &["user003", "user002"], AccountAction::ConfirmSignUp).await;
    assert_eq!(
        confirm.users[0].result,
        ItemResult::Applied("sign-up confirmed".into())
    );
    assert_eq!(stored(&s, "user003").unwrap().status(), "CONFIRMED");
    assert!(matches!(
        confirm.users[1].result,
        ItemResult::Skipped(SkipReason::Unchanged(_))
    ));
}

/// Carries out each action, then answers as if the connection dropped.
struct AppliedThenLost(Arc<MemoryDirectory>);

#[async_trait]
impl DirectoryWriter for AppliedThenLost {
    async fn delete_attributes(&self, u: &str, names: &[String]) -> Result<(), DirectoryError> {
        self.0.delete_attributes(u, names).await
    }

    async fn update_attributes(&self, u: &str, a: &[Attribute]) -> Result<(), DirectoryError> {
        self.0.update_attributes(u, a).await
    }

    async fn apply(&self, u: &str, action: &AccountAction) -> Result<(), DirectoryError> {
        self.0.apply(u, action).await?;
        Err(DirectoryError::Network {
            detail: "connection closed before message completed".into(),
        })
    }
}

#[tokio::test]
async fn a_lost_answer_is_settled_by_reading_the_user_and_groups_back() {
    let s = with_groups(2);
    let bulk = s.writing_through(Arc::new(AppliedThenLost(s.directory.clone())));
    for action in [
        AccountAction::Disable,
        AccountAction::AddToGroup {
            group: "support".into(),
        },
        AccountAction::DeleteUser,
    ] {
        let report = bulk
            .apply(
                change(&["user000"], action.clone()),
                &fixtures::pool(),
                None,
                &CancelFlag::new(),
            )
            .await
            .unwrap();
        assert!(
            report.users[0].result.is_done(),
            "{action:?}: {:?}",
            report.users[0]
        );
        let settled = entry(&s, &report.users[0].journal_id);
        assert_eq!(
            settled.outcome.unwrap().result,
            Verdict::Verified,
            "{action:?}"
        );
    }
    assert!(stored(&s, "user000").is_none());
}

#[tokio::test]
async fn cancel_stops_new_users_and_read_only_sends_nothing() {
    let s = setup(6);
    let cancel = CancelFlag::new();
    cancel.cancel();
    let report = s
        .bulk
        .apply(
            change(&["user000", "user001"], AccountAction::Disable),
            &fixtures::pool(),
            None,
            &cancel,
        )
        .await
        .unwrap();
    assert!(report.cancelled);
    assert_eq!(report.counts().skipped, 2);
    assert!(
        report
            .users
            .iter()
            .all(|u| u.result == ItemResult::Skipped(SkipReason::Cancelled))
    );

    let access = Access::ReadOnly {
        reader: s.directory.clone(),
    };
    let read_only = Bulk::new(&access, "eu-west-1_Test1", unlimited(), fast_retry())
        .with_journal(Arc::clone(&s.journal));
    let refused = read_only
        .apply(
            change(&["user000"], AccountAction::DeleteUser),
            &fixtures::pool(),
            None,
            &CancelFlag::new(),
        )
        .await;
    assert_eq!(refused.unwrap_err(), BulkError::ReadOnly);
    let dry = read_only
        .apply(
            ChangeJob {
                dry_run: true,
                ..change(&["user000", "user005"], AccountAction::Disable)
            },
            &fixtures::pool(),
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    assert_eq!(dry.users[0].result.to_string(), "would disable");
    assert!(matches!(
        dry.users[1].result,
        ItemResult::Skipped(SkipReason::Unchanged(_))
    ));
    assert!(stored(&s, "user000").unwrap().enabled());
    assert!(s.journal.read().unwrap().entries.is_empty());
}

#[tokio::test]
async fn a_pending_change_of_any_kind_is_resolved_against_the_server() {
    let s = with_groups(2);
    for (kind, group) in [(Kind::Disable, None), (Kind::AddToGroup, Some("admins"))] {
        s.journal
            .record(
                "eu-west-1_Test1",
                "user001",
                crate::journal::Details {
                    group: group.map(str::to_owned),
                    ..crate::journal::Details::new(kind)
                },
            )
            .unwrap();
    }
    let report = s
        .bulk
        .resolve_pending(None, &CancelFlag::new())
        .await
        .unwrap();
    let verdicts: Vec<Verdict> = report
        .users
        .iter()
        .map(|u| match &u.result {
            ItemResult::Resolved { verdict, .. } => *verdict,
            other => panic!("{other:?}"),
        })
        .collect();
    // user001 is enabled (not disabled: not applied) and in admins (applied).
    assert_eq!(verdicts, [Verdict::NotApplied, Verdict::Verified]);
}

#[tokio::test(start_paused = true)]
async fn each_action_keeps_to_its_own_quota_category() {
    let s = setup(6);
    let limiter = Arc::new(Limiter::new(&crate::limiter::Quotas {
        user_account_recovery: 2,
        ..crate::limiter::Quotas::default()
    }));
    let access = Access::ReadWrite {
        reader: s.directory.clone(),
        writer: s.directory.clone(),
    };
    let bulk = Bulk::new(&access, "eu-west-1_Test1", limiter, fast_retry())
        .with_journal(Arc::clone(&s.journal));
    let users = [
        "user000", "user001", "user002", "user004", "user005", "user003",
    ];
    let started = tokio::time::Instant::now();
    let report = bulk
        .apply(
            change(&users, AccountAction::ResetPassword),
            &fixtures::pool(),
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    assert_eq!(report.counts().done, 6);
    // Six resets at 2 per second (UserAccountRecovery), whatever the burst allowance: the
    // UserUpdate quota (25) would have let them through at once.
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let started = tokio::time::Instant::now();
    bulk.apply(
        change(&users, AccountAction::Disable),
        &fixtures::pool(),
        None,
        &CancelFlag::new(),
    )
    .await
    .unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
}

/// The wait notices of a dry run of one action over the eight users of `directory`,
/// `concurrency` at a time; none of them fails.
async fn wait_notices_of_eight_users(
    directory: Arc<MemoryDirectory>,
    concurrency: usize,
) -> Vec<String> {
    let s = setup_with(directory);
    let notices = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = Arc::clone(&notices);
    let bulk =
        s.bulk
            .clone()
            .with_concurrency(concurrency)
            .with_waits(crate::retry::RunWaits::once_to(move |r| {
                sink.lock().unwrap().push(r.sentence())
            }));
    let job = ChangeJob {
        usernames: (0..8).map(|i| format!("user{i:03}")).collect(),
        action: AccountAction::ResetMfa,
        dry_run: true,
        reviewed: Vec::new(),
    };
    let report = bulk
        .apply(job, &fixtures::pool(), None, &CancelFlag::new())
        .await
        .unwrap();
    assert_eq!(report.counts().failed, 0, "{report:?}");
    notices.lock().unwrap().clone()
}

#[tokio::test(start_paused = true)]
async fn users_throttled_together_are_told_as_one_wait_not_one_each() {
    // Eight users at once, each one's first AdminGetUser throttled: one notice for the eight,
    // at the first throttling, as `--concurrency 16` prints one line rather than sixteen.
    let directory = Arc::new(
        MemoryDirectory::new(fixtures::pool(), fixtures::users(8))
            .with_latency(Duration::from_millis(20)),
    );
    for _ in 0..8 {
        directory.inject(
            Memory::GetUser,
            DirectoryError::from_code("TooManyRequestsException", "Rate exceeded"),
        );
    }
    assert_eq!(
        wait_notices_of_eight_users(directory, 8).await,
        ["Cognito is throttling; 8 calls waiting…"]
    );
}

#[tokio::test(start_paused = true)]
async fn users_whose_calls_are_slow_but_answered_in_time_are_told_as_one_wait() {
    // Every call answered in 6 s, within its 10 s attempt: no retry, but past the 5 s after
    // which a read says it still waits.
    let directory = Arc::new(
        MemoryDirectory::new(fixtures::pool(), fixtures::users(8))
            .with_latency(Duration::from_secs(6)),
    );
    assert_eq!(
        wait_notices_of_eight_users(directory, 8).await,
        ["Cognito is slow to answer; 8 calls waiting, the longest for 5 s…"]
    );
}

#[tokio::test(start_paused = true)]
async fn users_whose_calls_all_wait_one_at_a_time_are_told_as_one_wait_not_one_each() {
    // `--concurrency 1`: every user's call is slow in turn, none waiting with another.
    let directory = Arc::new(
        MemoryDirectory::new(fixtures::pool(), fixtures::users(8))
            .with_latency(Duration::from_secs(6)),
    );
    assert_eq!(
        wait_notices_of_eight_users(directory, 1).await,
        ["No answer from Cognito to AdminGetUser for 5 s yet; still waiting…"]
    );
}

#[tokio::test]
async fn an_edit_sets_what_the_review_showed_and_keeps_a_value_changed_since() {
    let s = setup(2);
    let reviewed = Reviewed::of(&fixtures::user(0)).with_values(vec![
        ("locale".into(), Some("en-GB".into())),
        ("name".into(), Some("Test User 0".into())),
    ]);
    // Someone else renames the user after the review.
    let mut now = s.directory.user("user000").unwrap();
    now.set_attribute("name", "Renamed Meanwhile");
    s.directory.insert_user(now);
    let job = ChangeJob {
        reviewed: vec![reviewed],
        ..change(
            &["user000"],
            AccountAction::SetAttributes {
                attributes: vec![
                    ("locale".into(), "fr-FR".into()),
                    ("name".into(), "Reviewed Name".into()),
                ],
            },
        )
    };
    let report = s
        .bulk
        .apply(job, &fixtures::pool(), None, &CancelFlag::new())
        .await
        .unwrap();
    let user = s.directory.user("user000").unwrap();
    assert_eq!(user.attribute("locale"), Some("fr-FR"));
    assert_eq!(user.attribute("name"), Some("Renamed Meanwhile"));
    assert!(
        matches!(&report.users[0].result, ItemResult::Applied(what)
            if what.contains("not set: name changed since the review")),
        "{:?}",
        report.users[0].result
    );
}

#[tokio::test]
async fn users_listed_before_the_question_are_held_to_the_listing() {
    // The command line lists the users, asks, then sends: one replaced in between is skipped.
    let s = with_groups(3);
    let listed = s
        .bulk
        .list_users_seen(None, &CancelFlag::new())
        .await
        .unwrap();
    assert_eq!(listed.len(), 3);
    let mut someone_else = fixtures::user(1);
    someone_else.set_attribute("sub", "11111111-1111-4111-8111-111111111111");
    s.directory.insert_user(someone_else);
    let job = ChangeJob {
        usernames: listed.iter().map(|u| u.username.clone()).collect(),
        reviewed: listed,
        ..change(
            &[],
            AccountAction::AddToGroup {
                group: "support".into(),
            },
        )
    };
    let report = s
        .bulk
        .apply(job, &fixtures::pool(), None, &CancelFlag::new())
        .await
        .unwrap();
    assert_eq!(
        report.users[1].result,
        ItemResult::Skipped(SkipReason::Replaced)
    );
    assert_eq!(s.directory.groups_of("user001"), ["admins"]);
    assert_eq!(s.directory.groups_of("user000"), ["support"]);
}

/// Deletes `username` and makes it again, as it was but for its `sub`: another person.
fn make_again(s: &Setup, username: &str, n: usize) {
    let mut again = stored(s, username).unwrap();
    again.set_attribute("sub", &format!("99999999-9999-4999-8999-{n:012}"));
    s.directory.insert_user(again);
}

#[tokio::test]
async fn undo_leaves_alone_a_user_deleted_and_made_again_since_the_change() {
    let mut users = fixtures::users(8);
    users[4].set_mfa(Some(vec!["SOFTWARE_TOKEN_MFA".into()]));
    let directory = MemoryDirectory::new(fixtures::pool(), users)
        .with_pool_groups(vec![GroupInfo {
            name: "support".into(),
            ..GroupInfo::default()
        }])
        .with_groups("user003", &["support"]);
    let s = setup_with(Arc::new(directory));
    let support = || "support".to_owned();
    let changes = [
        ("user000", AccountAction::Disable),
        ("user005", AccountAction::Enable),
        ("user001", AccountAction::AddToGroup { group: support() }),
        (
            "user003",
            AccountAction::RemoveFromGroup { group: support() },
        ),
        ("user004", AccountAction::ResetMfa),
        (
            "user002",
            AccountAction::SetAttributes {
                attributes: vec![("locale".into(), "fr-FR".into())],
            },
        ),
        (
            "user006",
            AccountAction::DeleteAttributes {
                names: vec!["locale".into()],
            },
        ),
        (
            "newbie",
            AccountAction::CreateUser {
                attributes: vec![("email".into(), "new@example.com".into())],
                temporary_password: None,
                send_invitation: false,
            },
        ),
    ];
    let mut ids = Vec::new();
    for (n, (username, action)) in changes.into_iter().enumerate() {
        let report = run(&s, &[username], action).await;
        assert!(
            matches!(
                report.users[0].result,
                ItemResult::Applied(_) | ItemResult::Deleted(_)
            ),
            "{username}: {:?}",
            report.users[0]
        );
        let id = report.users[0].journal_id.clone();
        // The journal holds whom the change was made on: read before, or after a creation.
        assert_eq!(
            entry(&s, &id).sub(),
            stored(&s, username).unwrap().attribute("sub"),
            "{username}"
        );
        make_again(&s, username, n);
        ids.push(id.unwrap());
    }
    let as_made_again = s.directory.users();
    let groups = |u: &str| s.directory.groups_of(u);
    let groups_made_again: Vec<_> = ["user001", "user003"].map(groups).into();

    let dry = s
        .bulk
        .undo_dry_run(&s.journal.read().unwrap(), &ids, None, &CancelFlag::new())
        .await
        .unwrap();
    let undone = s.bulk.undo(&ids, None, &CancelFlag::new()).await.unwrap();
    for report in [dry, undone] {
        for user in &report.users {
            assert_eq!(
                user.result,
                ItemResult::Skipped(SkipReason::ReplacedSinceChange),
                "{user:?}"
            );
        }
        assert!(
            report.users[0]
                .result
                .to_string()
                .contains("deleted and made again since the change"),
            "{}",
            report.users[0].result
        );
    }
    assert_eq!(s.directory.users(), as_made_again, "nobody was changed");
    assert_eq!(
        Vec::from(["user001", "user003"].map(groups)),
        groups_made_again
    );
}

#[tokio::test]
async fn undo_of_an_entry_without_a_sub_changes_whoever_has_the_name_and_says_so() {
    // An older version wrote no sub: the undo holds the user to nothing, as it did, and says so.
    let s = setup(1);
    let old = s
        .journal
        .record(
            "eu-west-1_Test1",
            "user000",
            crate::journal::Details {
                before: Some(crate::journal::AccountState {
                    enabled: Some(true),
                    ..Default::default()
                }),
                ..crate::journal::Details::new(Kind::Disable)
            },
        )
        .unwrap();
    s.journal.outcome(&old.id, Verdict::Ok, None).unwrap();
    s.directory
        .apply("user000", &AccountAction::Disable)
        .await
        .unwrap();
    make_again(&s, "user000", 0);
    let ids = [old.id.clone()];
    let dry = s
        .bulk
        .undo_dry_run(&s.journal.read().unwrap(), &ids, None, &CancelFlag::new())
        .await
        .unwrap();
    assert_eq!(dry.users[0].result, ItemResult::WouldApply("enable".into()));
    assert_eq!(dry.users[0].warnings, [crate::journal::NO_SUB_IN_JOURNAL]);
    let undone = s.bulk.undo(&ids, None, &CancelFlag::new()).await.unwrap();
    assert_eq!(
        undone.users[0].result,
        ItemResult::Applied("enabled".into())
    );
    assert_eq!(
        undone.users[0].warnings,
        [crate::journal::NO_SUB_IN_JOURNAL]
    );
    assert!(stored(&s, "user000").unwrap().enabled());
}

#[tokio::test]
async fn undo_of_a_user_deletion_re_creates_it_though_the_entry_holds_its_sub() {
    let s = setup(1);
    let report = run(&s, &["user000"], AccountAction::DeleteUser).await;
    let deleted = entry(&s, &report.users[0].journal_id);
    assert!(deleted.sub().is_some());
    let undone = undo(&s, &report).await;
    assert!(
        matches!(&undone.users[0].result, ItemResult::Applied(what) if what.starts_with("re-created")),
        "{:?}",
        undone.users[0]
    );
    assert!(
        !undone.users[0]
            .warnings
            .iter()
            .any(|w| w.contains("no sub"))
    );
}

#[tokio::test]
async fn users_named_are_read_before_the_question_and_held_to_that_read() {
    // The command line reads the users it names, asks, then sends: one replaced in between is
    // skipped, and one the pool had not got is said as such, where it was named.
    let s = with_groups(3);
    let named: Vec<String> = ["user002", "ghost", "user001"].map(String::from).into();
    let (seen, missing) = s.bulk.read_named(&named).await.unwrap();
    assert_eq!(
        seen.iter().map(|r| r.username.as_str()).collect::<Vec<_>>(),
        ["user002", "user001"]
    );
    assert_eq!(
        seen[1].sub.as_deref(),
        stored(&s, "user001").unwrap().attribute("sub")
    );
    assert_eq!(missing, ["ghost"]);
    assert_eq!(s.directory.calls(Memory::GetUser), 3);
    make_again(&s, "user001", 1);
    let job = ChangeJob {
        usernames: seen.iter().map(|r| r.username.clone()).collect(),
        reviewed: seen,
        ..change(
            &[],
            AccountAction::AddToGroup {
                group: "support".into(),
            },
        )
    };
    let mut report = s
        .bulk
        .apply(job, &fixtures::pool(), None, &CancelFlag::new())
        .await
        .unwrap();
    report.add_unknown_users(&named, &missing);
    let results: Vec<_> = report
        .users
        .iter()
        .map(|u| (u.username.as_str(), u.result.clone()))
        .collect();
    assert_eq!(
        results,
        [
            ("user002", ItemResult::Applied("added to support".into())),
            ("ghost", ItemResult::Skipped(SkipReason::NoSuchUser)),
            ("user001", ItemResult::Skipped(SkipReason::Replaced)),
        ]
    );
    assert_eq!(report.unknown_users(), 1);
    assert_eq!(s.directory.groups_of("user001"), ["admins"]);
}
