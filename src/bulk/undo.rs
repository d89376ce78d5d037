//! Undoing journalled changes and settling journal entries left pending: the engine's other
//! two runs, at the same pace and with the same accounting as a change.

use super::*;

impl Bulk {
    /// Undoes the journalled changes `ids` (deleted attributes put back, a disabled user
    /// enabled, a deleted user re-created, …), each planned against the user as it is now and
    /// journalled like any change; a value changed since is left alone, with a warning. Several entries of one user are undone one
    /// after the other, never at once, so the second sees what the first put back. The report
    /// follows the order of `ids`.
    pub async fn undo(
        &self,
        ids: &[String],
        progress: Option<UnboundedSender<Progress>>,
        cancel: &CancelFlag,
    ) -> Result<BulkReport, BulkError> {
        if self.writer.is_none() {
            return Err(BulkError::ReadOnly);
        }
        let contents = self.read_journal()?;
        self.undo_run(&contents, ids, false, progress, cancel).await
    }

    /// What undoing the journalled changes `ids` of `contents` would do, each planned against
    /// the user as it is now — the same reads as [`Bulk::undo`], no call that changes anything,
    /// nothing journalled. Needs neither a writer nor a journal.
    pub async fn undo_dry_run(
        &self,
        contents: &journal::Contents,
        ids: &[String],
        progress: Option<UnboundedSender<Progress>>,
        cancel: &CancelFlag,
    ) -> Result<BulkReport, BulkError> {
        self.undo_run(contents, ids, true, progress, cancel).await
    }

    async fn undo_run(
        &self,
        contents: &journal::Contents,
        ids: &[String],
        dry_run: bool,
        progress: Option<UnboundedSender<Progress>>,
        cancel: &CancelFlag,
    ) -> Result<BulkReport, BulkError> {
        let mut slots = Vec::new();
        let mut items = Vec::new();
        for id in dedup(ids.to_vec()) {
            match self.undoable(contents, &id) {
                Ok(intent) => {
                    slots.push(Ok(items.len()));
                    items.push((intent.username.clone(), intent));
                }
                Err(report) => slots.push(Err(report)),
            }
        }
        let mut per_user: HashMap<&str, usize> = HashMap::new();
        for (username, _) in &items {
            *per_user.entry(username.as_str()).or_default() += 1;
        }
        let locks: Arc<HashMap<String, Arc<tokio::sync::Mutex<()>>>> = Arc::new(
            per_user
                .into_iter()
                .filter(|(_, n)| *n > 1)
                .map(|(u, _)| (u.to_owned(), Arc::default()))
                .collect(),
        );
        let bulk = self.clone();
        let started = Instant::now();
        let (users, cancelled) = self
            .run_all(items, progress, cancel, move |username, intent| {
                let bulk = bulk.clone();
                let lock = locks.get(&username).cloned();
                async move {
                    let _turn = match &lock {
                        Some(lock) => Some(lock.lock().await),
                        None => None,
                    };
                    bulk.undo_one(intent, dry_run).await
                }
            })
            .await;
        Ok(BulkReport {
            batch: self.batch_if(!dry_run),
            users: in_order(slots, users),
            cancelled,
            elapsed: started.elapsed(),
        })
    }

    /// Checks every pending journal entry of this pool against the server and writes its
    /// outcome: applied ("verified …") or not applied. Entries of other pools are skipped.
    pub async fn resolve_pending(
        &self,
        progress: Option<UnboundedSender<Progress>>,
        cancel: &CancelFlag,
    ) -> Result<BulkReport, BulkError> {
        let contents = self.read_journal()?;
        let mut slots = Vec::new();
        let mut items = Vec::new();
        for entry in contents.pending() {
            let intent = &entry.intent;
            if intent.pool_id == self.pool_id {
                slots.push(Ok(items.len()));
                items.push((intent.username.clone(), intent.clone()));
            } else {
                slots.push(Err(UserReport::new(
                    &intent.username,
                    ItemResult::Skipped(SkipReason::OtherPool(intent.pool_id.clone())),
                )
                .journalled(&intent.id)));
            }
        }
        let bulk = self.clone();
        let started = Instant::now();
        let (users, cancelled) = self
            .run_all(items, progress, cancel, move |_, intent| {
                let bulk = bulk.clone();
                async move { bulk.resolve_one(intent).await }
            })
            .await;
        Ok(BulkReport {
            batch: None,
            users: in_order(slots, users),
            cancelled,
            elapsed: started.elapsed(),
        })
    }

    /// Undoes one applied change: plans the reversing change against the user as it is now,
    /// then sends it down the same path as any change.
    /// With `dry_run`, says what it would send instead, under the entry's id.
    async fn undo_one(&self, change: Intent, dry_run: bool) -> UserReport {
        let planned = if change.kind == Kind::Delete {
            self.plan_restore(&change).await
        } else {
            // The reversing actions (enable, groups, MFA, deletion) never consult the schema.
            self.plan_undo(&change, &PoolInfo::default()).await
        };
        let planned = planned.map(|mut planned| {
            // A deleted user is re-created only where no user has its name: no `sub` to hold.
            if change.sub.is_none() && change.kind != Kind::DeleteUser {
                planned.warnings.push(journal::NO_SUB_IN_JOURNAL.to_owned());
            }
            planned
        });
        match planned {
            Ok(planned) if dry_run => UserReport::new(change.username.clone(), planned.would)
                .warned(planned.warnings)
                .journalled(&change.id),
            Ok(planned) => self.carry_out(change.username.clone(), planned).await,
            Err(stop) => stop.journalled(&change.id),
        }
    }

    /// Undo of an attribute deletion: puts back each attribute the user still lacks, and
    /// leaves alone, with a warning, any attribute given a new value since.
    async fn plan_restore(&self, deletion: &Intent) -> Result<change::Planned, Box<UserReport>> {
        let username = deletion.username.clone();
        let user = match self.read_user(&username).await {
            Ok(user) => user,
            Err(DirectoryError::UserNotFound { .. }) => {
                return Err(Box::new(UserReport::new(
                    username,
                    ItemResult::Skipped(SkipReason::UserGone),
                )));
            }
            Err(e) => {
                return Err(Box::new(UserReport::new(
                    username,
                    ItemResult::Failed(Failure::Directory(e)),
                )));
            }
        };
        if change::replaced_since(deletion, &user) {
            return Err(Box::new(UserReport::new(
                username,
                ItemResult::Skipped(SkipReason::ReplacedSinceChange),
            )));
        }
        let mut restore = Vec::new();
        let mut warnings = Vec::new();
        for change in &deletion.attributes {
            let Some(previous) = &change.before else {
                continue;
            };
            match user.attribute(&change.name) {
                None => restore.push(Attribute::new(&change.name, previous)),
                Some(now) if now == previous => {}
                Some(_) => warnings.push(format!(
                    "{} has been given a new value since the deletion; left as it is",
                    change.name
                )),
            }
        }
        if restore.is_empty() {
            return Err(Box::new(
                UserReport::new(username, ItemResult::Skipped(SkipReason::NothingToRestore))
                    .warned(warnings),
            ));
        }
        Ok(change::Planned {
            details: Details {
                attributes: restore
                    .iter()
                    .map(|a| Change::restored(&a.name, &a.value))
                    .collect(),
                undo_of: Some(deletion.id.clone()),
                ..Details::new(Kind::Undo)
            },
            calls: vec![AccountAction::SetAttributes {
                attributes: restore
                    .iter()
                    .map(|a| (a.name.clone(), a.value.clone()))
                    .collect(),
            }],
            would: ItemResult::WouldApply(format!(
                "put back {}",
                restore
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            success: ItemResult::Restored(restore),
            warnings,
        })
    }

    async fn resolve_one(&self, intent: Intent) -> UserReport {
        let username = intent.username.clone();
        let Some(journal) = &self.journal else {
            return UserReport::new(
                username,
                ItemResult::Failed(Failure::Journal("none".into())),
            );
        };
        let (user, groups) = match self.read_state(&intent).await {
            Ok(state) => state,
            Err(e) => {
                return UserReport::new(username, ItemResult::Failed(Failure::Directory(e)))
                    .journalled(&intent.id);
            }
        };
        let (verdict, message) =
            journal::check_with_groups(&intent, user.as_ref(), groups.as_deref());
        let created_sub = user
            .as_ref()
            .filter(|_| intent.kind == Kind::CreateUser && !intent.is_undo() && verdict.applied())
            .and_then(|u| u.attribute("sub").map(str::to_owned));
        match self
            .write_outcome(
                journal,
                &intent.id,
                verdict,
                Some(message.clone()),
                created_sub,
            )
            .await
        {
            Ok(()) => UserReport::new(username, ItemResult::Resolved { verdict, message })
                .journalled(&intent.id),
            Err(e) => UserReport::new(username, ItemResult::Failed(Failure::Journal(e)))
                .journalled(&intent.id),
        }
    }

    /// Everything the journal holds; a run without a journal has nothing to undo or settle.
    fn read_journal(&self) -> Result<journal::Contents, BulkError> {
        let journal = self.journal.as_ref().ok_or(BulkError::NoJournal)?;
        journal
            .read()
            .map_err(|e| BulkError::Journal(e.to_string()))
    }

    /// Checks that journal entry `id` is a change of this pool with an undo, applied and not
    /// yet undone.
    /// The intent comes with the `sub` the entry holds (for a created user, its outcome's).
    fn undoable(&self, contents: &journal::Contents, id: &str) -> Result<Intent, UserReport> {
        let skip = |username: &str, reason| {
            Err(UserReport::new(username, ItemResult::Skipped(reason)).journalled(id))
        };
        let Some(entry) = contents.find(id) else {
            return skip("?", SkipReason::NotUndoable("no such journal entry".into()));
        };
        let intent = &entry.intent;
        if intent.pool_id != self.pool_id {
            return skip(
                &intent.username,
                SkipReason::OtherPool(intent.pool_id.clone()),
            );
        }
        match contents.why_not_undoable(entry) {
            None => Ok(Intent {
                sub: entry.sub().map(str::to_owned),
                ..intent.clone()
            }),
            Some(journal::NotUndoable::AlreadyUndone(by)) => {
                skip(&intent.username, SkipReason::AlreadyUndone(by))
            }
            Some(why) => skip(&intent.username, SkipReason::NotUndoable(why.to_string())),
        }
    }
}
