//! The one path every account action takes, for one user or many: read the state the action
//! changes → skip when nothing would change, refuse what the schema forbids → journal the
//! intent with that state → the action's call(s), within its quota and retried → settle and
//! journal the outcome. Undo builds a [`Planned`] change too and goes the same way.

use super::*;

use crate::change::{AccountAction, Reviewed, mfa_method_set_here};
use crate::journal::{AccountState, Details, RECREATED_USER};

/// One account action for many users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeJob {
    pub usernames: Vec<String>,
    pub action: AccountAction,
    /// Read and report only: no call that changes anything, no journal entry.
    pub dry_run: bool,
    /// What the review showed of the users it read: a user whose `sub` is not the reviewed one
    /// is skipped as replaced, and an edit keeps a value changed since the review. Users not
    /// here were not read before the review (names typed for a run that asks nothing): nothing
    /// to hold them to.
    pub reviewed: Vec<Reviewed>,
}

/// One user's change, ready to be sent: what the journal records, the calls in order, and how
/// the user's line reads when it is done.
pub(super) struct Planned {
    pub(super) details: Details,
    pub(super) calls: Vec<AccountAction>,
    pub(super) success: ItemResult,
    /// What a dry run reports instead.
    pub(super) would: ItemResult,
    pub(super) warnings: Vec<String>,
}

impl Planned {
    fn new(kind: Kind, call: AccountAction) -> Self {
        Self {
            details: Details::new(kind),
            success: ItemResult::Applied(call.done()),
            would: ItemResult::WouldApply(call.label().to_owned()),
            calls: vec![call],
            warnings: Vec::new(),
        }
    }
}

/// How a user's change ends before anything is sent: skipped or failed, with its report.
type Stop = Box<UserReport>;

fn skip(username: &str, reason: SkipReason) -> Stop {
    Box::new(UserReport::new(username, ItemResult::Skipped(reason)))
}

fn unchanged(username: &str, why: impl Into<String>) -> Stop {
    skip(username, SkipReason::Unchanged(why.into()))
}

/// A failed read: a missing user is skipped as gone, anything else fails the user.
fn read_failed(username: &str, error: DirectoryError) -> Stop {
    match error {
        DirectoryError::UserNotFound { .. } => skip(username, SkipReason::UserGone),
        e => Box::new(UserReport::new(
            username,
            ItemResult::Failed(Failure::Directory(e)),
        )),
    }
}

const SMS: &str = "SMS_MFA";
const TOTP: &str = "SOFTWARE_TOKEN_MFA";

/// The methods [`AccountAction::SetMfa`] turns on, as `User::mfa` names them.
fn mfa_methods(sms: bool, totp: bool) -> Vec<String> {
    let mut methods = Vec::new();
    if sms {
        methods.push(SMS.to_owned());
    }
    if totp {
        methods.push(TOTP.to_owned());
    }
    methods
}

fn same_methods(a: &[String], b: &[String]) -> bool {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort();
    b.sort();
    a == b
}

impl Bulk {
    /// Carries out `job.action` on every user of `job.usernames` (repeats ignored), or with
    /// `dry_run` only reads them and reports what it would do. Every user ends done, skipped
    /// (with the reason) or failed (with the error); calls keep to the action's quota.
    pub async fn apply(
        &self,
        job: ChangeJob,
        pool: &PoolInfo,
        progress: Option<UnboundedSender<Progress>>,
        cancel: &CancelFlag,
    ) -> Result<BulkReport, BulkError> {
        match &job.action {
            AccountAction::DeleteAttributes { names } if names.is_empty() => {
                return Err(BulkError::NoAttributes);
            }
            AccountAction::SetAttributes { attributes } if attributes.is_empty() => {
                return Err(BulkError::NoAttributes);
            }
            _ => {}
        }
        if !job.dry_run {
            if self.writer.is_none() {
                return Err(BulkError::ReadOnly);
            }
            if self.journal.is_none() {
                return Err(BulkError::NoJournal);
            }
        }
        let action = Arc::new(dedup_action(job.action));
        let pool = Arc::new(pool.clone());
        let dry_run = job.dry_run;
        let mut reviewed: HashMap<String, Reviewed> = job
            .reviewed
            .into_iter()
            .map(|r| (r.username.clone(), r))
            .collect();
        let items = dedup(job.usernames)
            .into_iter()
            .map(|u| {
                let seen = reviewed.remove(&u);
                (u, seen)
            })
            .collect();
        let bulk = self.clone();
        let started = Instant::now();
        let (users, cancelled) = self
            .run_all(items, progress, cancel, move |username, reviewed| {
                let (bulk, action, pool) = (bulk.clone(), Arc::clone(&action), Arc::clone(&pool));
                async move {
                    match bulk
                        .plan(&username, &action, &pool, reviewed.as_ref())
                        .await
                    {
                        Err(stop) => *stop,
                        Ok(planned) if dry_run => {
                            UserReport::new(username, planned.would).warned(planned.warnings)
                        }
                        Ok(planned) => bulk.carry_out(username, planned).await,
                    }
                }
            })
            .await;
        Ok(BulkReport {
            batch: self.batch_if(!dry_run),
            users,
            cancelled,
            elapsed: started.elapsed(),
        })
    }

    /// Reads what `action` changes on `username` and plans the change, or says why there is
    /// nothing to send. With `reviewed`, what the review showed of the user, a user who is not
    /// that person any more (another `sub`) is skipped as replaced, and an edit leaves a value
    /// changed since the review as it is: the one place every action is held to its review.
    pub(super) async fn plan(
        &self,
        username: &str,
        action: &AccountAction,
        pool: &PoolInfo,
        reviewed: Option<&Reviewed>,
    ) -> Result<Planned, Stop> {
        use AccountAction as A;
        let kind = Kind::of(action);
        let mut planned = Planned::new(kind, action.clone());
        // The user read to hold it to the review serves the action's own read too.
        let mut read: Option<User> = None;
        if let Some(reviewed) = reviewed.filter(|r| r.sub.is_some()) {
            let now = self.user(username).await?;
            if reviewed.replaced_by(&now) {
                tracing::warn!(user = %username, "replaced since the review: not changed");
                return Err(skip(username, SkipReason::Replaced));
            }
            read = Some(now);
        }
        // The `sub` the journal records, for the undo to hold to: that of the user read.
        let sub: std::sync::Mutex<Option<String>> = Default::default();
        let mut user_now = async || {
            let user = match read.take() {
                Some(user) => user,
                None => self.user(username).await?,
            };
            if let Ok(mut sub) = sub.lock() {
                *sub = user.attribute("sub").map(str::to_owned);
            }
            Ok::<_, Stop>(user)
        };
        match action {
            A::DeleteAttributes { names } => {
                // Cognito refuses these, but not every implementation does: never send them.
                if let Some(reason) = names
                    .iter()
                    .find_map(|n| schema_rules::mark_refusal(n, Some(pool)))
                {
                    return Err(skip(username, SkipReason::Refused(reason)));
                }
                let user = user_now().await?;
                let present: Vec<Attribute> = user
                    .attributes()
                    .iter()
                    .filter(|a| names.iter().any(|n| n == a.name))
                    .map(|a| a.to_owned())
                    .collect();
                if present.is_empty() {
                    return Err(skip(username, SkipReason::NotPresent));
                }
                let present_names: Vec<String> = present.iter().map(|a| a.name.clone()).collect();
                planned.warnings = schema_rules::warnings(&present_names, pool, Some(&user));
                planned.details.attributes = present
                    .iter()
                    .map(|a| Change::deleted(&a.name, &a.value))
                    .collect();
                planned.calls = vec![A::DeleteAttributes {
                    names: present_names,
                }];
                planned.success = ItemResult::Deleted(present.clone());
                planned.would = ItemResult::WouldDelete(present);
            }
            A::SetAttributes { attributes } => {
                if let Some(reason) = attributes
                    .iter()
                    .find_map(|(n, _)| schema_rules::edit_refusal(n, pool))
                {
                    return Err(skip(username, SkipReason::Refused(reason)));
                }
                let user = user_now().await?;
                // A value that is not the one the review showed is not what was reviewed
                // replacing: it is left as it is, and named.
                let as_reviewed = |name: &str| {
                    reviewed
                        .and_then(|r| r.value(name))
                        .is_none_or(|shown| user.attribute(name) == shown)
                };
                let asked: Vec<&(String, String)> = attributes
                    .iter()
                    .filter(|(n, v)| user.attribute(n) != Some(v.as_str()))
                    .collect();
                let changing: Vec<(String, String)> = asked
                    .iter()
                    .filter(|(n, _)| as_reviewed(n))
                    .map(|&a| a.clone())
                    .collect();
                let kept: Vec<String> = asked
                    .iter()
                    .filter(|(n, _)| !as_reviewed(n))
                    .map(|(n, _)| n.clone())
                    .collect();
                if changing.is_empty() && !kept.is_empty() {
                    return Err(skip(username, SkipReason::ChangedSinceReview(kept)));
                }
                if changing.is_empty() {
                    return Err(unchanged(username, "every value is already as asked"));
                }
                planned.details.attributes = changing
                    .iter()
                    .map(|(n, v)| {
                        Change::new(n, user.attribute(n).map(str::to_owned), Some(v.clone()))
                    })
                    .collect();
                let call = A::SetAttributes {
                    attributes: changing,
                };
                planned.success = ItemResult::Applied(if kept.is_empty() {
                    call.done()
                } else {
                    format!(
                        "{}; not set: {} changed since the review (review again to change the \
                         new value)",
                        call.done(),
                        kept.join(", ")
                    )
                });
                planned.calls = vec![call];
            }
            A::Disable | A::Enable => {
                let user = user_now().await?;
                let enable = matches!(action, A::Enable);
                if user.enabled() == enable {
                    return Err(unchanged(
                        username,
                        if enable {
                            "already enabled"
                        } else {
                            "already disabled"
                        },
                    ));
                }
                planned.details.before = Some(AccountState {
                    enabled: Some(user.enabled()),
                    ..AccountState::default()
                });
            }
            A::GlobalSignOut => {
                user_now().await?;
            }
            A::ResetPassword | A::SetPassword { .. } => {
                let user = user_now().await?;
                let after = match action {
                    A::SetPassword {
                        permanent: true, ..
                    } => "CONFIRMED",
                    A::SetPassword { .. } => "FORCE_CHANGE_PASSWORD",
                    _ => "RESET_REQUIRED",
                };
                planned.details.before = Some(AccountState {
                    status: Some(user.status().to_owned()),
                    ..AccountState::default()
                });
                planned.details.after = Some(AccountState {
                    status: Some(after.to_owned()),
                    ..AccountState::default()
                });
            }
            A::ResendInvitation => {
                let user = user_now().await?;
                if user.status() != "FORCE_CHANGE_PASSWORD" {
                    return Err(unchanged(
                        username,
                        format!(
                            "the status is {}: an invitation is resent only to users who have \
                             not signed in yet (FORCE_CHANGE_PASSWORD)",
                            user.status()
                        ),
                    ));
                }
            }
            A::ConfirmSignUp => {
                let user = user_now().await?;
                if user.status() != "UNCONFIRMED" {
                    return Err(unchanged(
                        username,
                        format!("already confirmed (status {})", user.status()),
                    ));
                }
                planned.details.before = Some(AccountState {
                    status: Some(user.status().to_owned()),
                    ..AccountState::default()
                });
            }
            A::AddToGroup { group } | A::RemoveFromGroup { group } => {
                // Read for its `sub` alone: the groups say nothing of who the user is.
                user_now().await?;
                let groups = self.groups(username).await?;
                let adding = matches!(action, A::AddToGroup { .. });
                let member = groups.contains(group);
                if member == adding {
                    return Err(unchanged(
                        username,
                        if adding {
                            format!("already in {group}")
                        } else {
                            format!("not in {group}")
                        },
                    ));
                }
                planned.details.group = Some(group.clone());
            }
            A::ResetMfa | A::SetMfa { .. } => {
                let user = user_now().await?;
                // Only the methods the call sets: a user's email MFA stays as it is.
                let have: Vec<String> = user
                    .mfa()
                    .unwrap_or_default()
                    .iter()
                    .filter(|m| mfa_method_set_here(m))
                    .cloned()
                    .collect();
                let want = match action {
                    A::SetMfa { sms, totp } => mfa_methods(*sms, *totp),
                    _ => Vec::new(),
                };
                if same_methods(&have, &want) {
                    return Err(unchanged(
                        username,
                        if want.is_empty() {
                            "no SMS or TOTP MFA is set up".to_owned()
                        } else {
                            format!("MFA is already {}", want.join(", "))
                        },
                    ));
                }
                planned.details.before = Some(AccountState {
                    mfa: Some(have),
                    ..AccountState::default()
                });
                planned.details.after = Some(AccountState {
                    mfa: Some(want),
                    ..AccountState::default()
                });
            }
            A::DeleteUser => {
                let user = user_now().await?;
                let groups = self.groups(username).await?;
                planned.details.attributes = user
                    .attributes()
                    .iter()
                    .map(|a| Change::deleted(a.name, a.value))
                    .collect();
                planned.details.before = Some(AccountState {
                    enabled: Some(user.enabled()),
                    status: Some(user.status().to_owned()),
                    mfa: user.mfa().map(<[String]>::to_vec),
                    groups: Some(groups),
                });
            }
            A::CreateUser { attributes, .. } => {
                if let Some(reason) = attributes
                    .iter()
                    .find_map(|(n, _)| schema_rules::refusal_without_schema(n))
                {
                    return Err(skip(username, SkipReason::Refused(reason)));
                }
                planned.details.attributes = attributes
                    .iter()
                    .map(|(n, v)| Change::new(n, None, Some(v.clone())))
                    .collect();
            }
        }
        planned.details.sub = sub.into_inner().ok().flatten();
        Ok(planned)
    }

    /// Journals the intent, sends the calls in order within their quotas, and settles the
    /// outcome. A later call failing after an earlier one went through leaves the change
    /// partly made: the user is read back to say what holds.
    pub(super) async fn carry_out(&self, username: String, planned: Planned) -> UserReport {
        let Planned {
            details,
            calls,
            success,
            mut warnings,
            ..
        } = planned;
        let (Some(writer), Some(journal)) = (&self.writer, &self.journal) else {
            return UserReport::new(
                username,
                ItemResult::Failed(Failure::Directory(DirectoryError::ReadOnly)),
            );
        };
        let undo_of = details.undo_of.clone();
        let intent = match self.write_record(journal, &username, details).await {
            Ok(intent) => intent,
            Err(e) => {
                let report = UserReport::new(username, ItemResult::Failed(Failure::Journal(e)));
                return match undo_of {
                    Some(of) => report.journalled(&of),
                    None => report,
                };
            }
        };
        tracing::info!(user = %username, kind = intent.kind.name(), id = %intent.id, "changing");
        let mut result = Ok(());
        let mut uncertain = false;
        for (step, call) in calls.iter().enumerate() {
            let (outcome, unsure) = self
                .mutate(call.operation(), || send(writer.as_ref(), &username, call))
                .await;
            uncertain |= unsure;
            if let Err(error) = outcome {
                uncertain |= step > 0;
                result = Err(error);
                break;
            }
        }
        let (result, notes) = self
            .settle(journal, &intent, result, uncertain, success)
            .await;
        warnings.extend(notes);
        UserReport::new(username, result)
            .journalled(&intent.id)
            .warned(warnings)
    }

    /// `AdminGetUser`, a missing user or a failed read ending the user's change.
    async fn user(&self, username: &str) -> Result<User, Stop> {
        self.read_user(username)
            .await
            .map_err(|e| read_failed(username, e))
    }

    /// `AdminListGroupsForUser`, a missing user or a failed read ending the user's change.
    async fn groups(&self, username: &str) -> Result<Vec<String>, Stop> {
        self.read_groups(username)
            .await
            .map_err(|e| read_failed(username, e))
    }

    /// The change that reverses the applied change `intent`, planned against the user as it
    /// is now, or why there is nothing to do.
    pub(super) async fn plan_undo(
        &self,
        intent: &Intent,
        pool: &PoolInfo,
    ) -> Result<Planned, Stop> {
        use AccountAction as A;
        let username = intent.username.as_str();
        let before = intent.before.clone().unwrap_or_default();
        let reverse = match intent.kind {
            Kind::Disable => A::Enable,
            Kind::Enable => A::Disable,
            Kind::AddToGroup | Kind::RemoveFromGroup => {
                let group = intent.group.clone().unwrap_or_default();
                if intent.kind == Kind::AddToGroup {
                    A::RemoveFromGroup { group }
                } else {
                    A::AddToGroup { group }
                }
            }
            Kind::ResetMfa | Kind::SetMfa => {
                let methods = before.mfa.clone().unwrap_or_default();
                A::SetMfa {
                    sms: methods.iter().any(|m| m == SMS),
                    totp: methods.iter().any(|m| m == TOTP),
                }
            }
            Kind::CreateUser => A::DeleteUser,
            Kind::SetAttributes => return self.plan_attributes_back(intent).await,
            Kind::DeleteUser => return self.plan_recreate(intent).await,
            other => {
                return Err(skip(
                    username,
                    SkipReason::NotUndoable(
                        other
                            .undo_refusal()
                            .unwrap_or("this kind of change has no undo")
                            .to_owned(),
                    ),
                ));
            }
        };
        let made_on = Reviewed {
            username: intent.username.clone(),
            sub: intent.sub.clone(),
            values: Vec::new(),
        };
        let mut planned = self
            .plan(username, &reverse, pool, Some(&made_on))
            .await
            .map_err(|mut stop| {
                if stop.result == ItemResult::Skipped(SkipReason::Replaced) {
                    stop.result = ItemResult::Skipped(SkipReason::ReplacedSinceChange);
                }
                stop
            })?;
        planned.details.undo_of = Some(intent.id.clone());
        Ok(planned)
    }

    /// Undo of `SetAttributes`: each value still as the change left it goes back to what it
    /// was (deleted where there was none); a value changed since is left, with a warning.
    async fn plan_attributes_back(&self, intent: &Intent) -> Result<Planned, Stop> {
        let username = intent.username.as_str();
        let user = self.user(username).await?;
        if replaced_since(intent, &user) {
            return Err(skip(username, SkipReason::ReplacedSinceChange));
        }
        let mut warnings = Vec::new();
        let mut changes = Vec::new();
        for change in &intent.attributes {
            let now = user.attribute(&change.name);
            if now == change.before.as_deref() {
                continue;
            }
            if now != change.after.as_deref() {
                warnings.push(format!(
                    "{} has been given another value since the change; left as it is",
                    change.name
                ));
                continue;
            }
            changes.push(Change::new(
                &change.name,
                now.map(str::to_owned),
                change.before.clone(),
            ));
        }
        if changes.is_empty() {
            let mut stop = unchanged(username, "every value is already back or changed since");
            stop.warnings = warnings;
            return Err(stop);
        }
        let sets: Vec<(String, String)> = changes
            .iter()
            .filter_map(|c| c.after.clone().map(|v| (c.name.clone(), v)))
            .collect();
        let deletes: Vec<String> = changes
            .iter()
            .filter(|c| c.after.is_none())
            .map(|c| c.name.clone())
            .collect();
        let mut calls = Vec::new();
        if !sets.is_empty() {
            calls.push(AccountAction::SetAttributes { attributes: sets });
        }
        if !deletes.is_empty() {
            calls.push(AccountAction::DeleteAttributes { names: deletes });
        }
        let names: Vec<&str> = changes.iter().map(|c| c.name.as_str()).collect();
        Ok(Planned {
            details: Details {
                attributes: changes.clone(),
                undo_of: Some(intent.id.clone()),
                ..Details::new(Kind::SetAttributes)
            },
            calls,
            success: ItemResult::Applied(format!("put back {}", names.join(", "))),
            would: ItemResult::WouldApply(format!("put back {}", names.join(", "))),
            warnings,
        })
    }

    /// Undo of `DeleteUser`: the user is created again (no message sent) with its attributes,
    /// put back in its groups, and disabled if it was. The sub, password, MFA devices and
    /// federated links cannot come back.
    async fn plan_recreate(&self, intent: &Intent) -> Result<Planned, Stop> {
        let username = intent.username.as_str();
        match self.read_user(username).await {
            Ok(_) => {
                return Err(unchanged(
                    username,
                    "a user with this username exists again; it is not re-created",
                ));
            }
            Err(DirectoryError::UserNotFound { .. }) => {}
            Err(e) => return Err(read_failed(username, e)),
        }
        let before = intent.before.clone().unwrap_or_default();
        // Cognito sets these itself: they cannot be given to AdminCreateUser.
        let attributes: Vec<(String, String)> = intent
            .attributes
            .iter()
            .filter(|c| schema_rules::refusal_without_schema(&c.name).is_none())
            .filter_map(|c| c.before.clone().map(|v| (c.name.clone(), v)))
            .collect();
        let groups = before.groups.clone().unwrap_or_default();
        let disabled = before.enabled == Some(false);
        let mut calls = vec![AccountAction::CreateUser {
            attributes: attributes.clone(),
            temporary_password: None,
            send_invitation: false,
        }];
        calls.extend(
            groups
                .iter()
                .map(|g| AccountAction::AddToGroup { group: g.clone() }),
        );
        if disabled {
            calls.push(AccountAction::Disable);
        }
        let mut warnings = vec![format!("{RECREATED_USER} (status FORCE_CHANGE_PASSWORD)")];
        if before.mfa.as_ref().is_some_and(|m| !m.is_empty()) {
            warnings.push("its MFA methods must be set up again".into());
        }
        let what = format!(
            "re-created with {} attribute{}{}{}",
            attributes.len(),
            if attributes.len() == 1 { "" } else { "s" },
            if groups.is_empty() {
                String::new()
            } else {
                format!(", in {}", groups.join(", "))
            },
            if disabled { ", disabled" } else { "" }
        );
        Ok(Planned {
            details: Details {
                attributes: attributes
                    .iter()
                    .map(|(n, v)| Change::new(n, None, Some(v.clone())))
                    .collect(),
                after: Some(AccountState {
                    enabled: Some(!disabled),
                    groups: Some(groups),
                    ..AccountState::default()
                }),
                undo_of: Some(intent.id.clone()),
                ..Details::new(Kind::CreateUser)
            },
            calls,
            success: ItemResult::Applied(what.clone()),
            would: ItemResult::WouldApply(what),
            warnings,
        })
    }
}

/// Whether `now`, the user of `change`'s username as the server has it, is another person
/// than the one the journalled change was made on (another `sub`). An entry that holds no
/// `sub` (an older version wrote it) holds the user to nothing.
pub(super) fn replaced_since(change: &Intent, now: &User) -> bool {
    change
        .sub
        .as_deref()
        .is_some_and(|sub| now.attribute("sub") != Some(sub))
}

/// A `DeleteAttributes` action whose names repeat sends each once.
fn dedup_action(action: AccountAction) -> AccountAction {
    match action {
        AccountAction::DeleteAttributes { names } => AccountAction::DeleteAttributes {
            names: dedup(names),
        },
        other => other,
    }
}

/// The one call of `action`: attribute changes through the writer's own methods (every writer
/// has them), everything else through [`DirectoryWriter::apply`].
async fn send(
    writer: &dyn DirectoryWriter,
    username: &str,
    action: &AccountAction,
) -> Result<(), DirectoryError> {
    match action {
        AccountAction::DeleteAttributes { names } => {
            writer.delete_attributes(username, names).await
        }
        AccountAction::SetAttributes { attributes } => {
            let attributes: Vec<Attribute> = attributes
                .iter()
                .map(|(n, v)| Attribute::new(n, v))
                .collect();
            writer.update_attributes(username, &attributes).await
        }
        other => writer.apply(username, other).await,
    }
}
