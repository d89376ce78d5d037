//! The account-action subcommands as a script runs them, against moto: the real binary, the
//! real SDK, a journal in a temporary directory. Needs moto: run through `scripts/test.sh`
//! (`COGNITO_TUI_SKIP_LINTS=1 COGNITO_TUI_TEST_CMD='cargo test --test cli_actions' scripts/test.sh`).

mod moto_pool;

use cognito_tui::directory::DirectoryReader;
use moto_pool::Pool;
use moto_pool::cli::Run;

/// A pool with users `jo` and `ann` (email, locale) and a group `support`.
async fn pool(label: &str) -> Pool {
    let pool = Pool::create(label).await;
    for user in ["jo", "ann"] {
        pool.create_user(
            user,
            &[
                ("email", &format!("{user}@example.com")),
                ("locale", "en-GB"),
            ],
        )
        .await;
    }
    pool.create_group("support").await;
    pool
}

struct Cli {
    pool: Pool,
    cli: moto_pool::cli::Cli,
}

impl Cli {
    async fn new(label: &str) -> Self {
        let pool = pool(label).await;
        let cli = moto_pool::cli::Cli::new(&pool);
        Self { pool, cli }
    }

    fn journal(&self) -> String {
        self.cli.path("journal.jsonl").to_str().unwrap().to_owned()
    }

    /// Runs the binary on the pool; `--journal` is added after the subcommand's own arguments
    /// where it takes one.
    fn run(&self, args: &[&str], stdin: Option<&str>) -> Run {
        let journal = self.journal();
        let mut args = args.to_vec();
        if !matches!(args.first(), Some(&"events")) {
            args.extend(["--journal", &journal]);
        }
        self.cli.run(&args, stdin)
    }

    async fn enabled(&self, user: &str) -> bool {
        self.pool.reader().get_user(user).await.unwrap().enabled()
    }

    async fn groups(&self, user: &str) -> Vec<String> {
        self.pool.reader().list_groups(user).await.unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disable_dry_run_changes_nothing_then_disable_and_undo_restores() {
    let cli = Cli::new("cli-disable").await;

    let dry = cli.run(
        &["disable", "--user", "jo", "--user", "ann", "--dry-run"],
        None,
    );
    assert_eq!(dry.code, Some(0), "{}", dry.err);
    assert!(dry.out.contains("jo\twould\tdisable"), "{}", dry.out);
    assert!(cli.enabled("jo").await && cli.enabled("ann").await);
    assert!(
        !std::path::Path::new(&cli.journal()).exists(),
        "a dry run journals nothing"
    );

    // Two users, no terminal to ask on and no --yes: refused before anything is sent.
    let refused = cli.run(&["disable", "--user", "jo", "--user", "ann"], None);
    assert_eq!(refused.code, Some(2), "{}", refused.err);
    assert!(refused.err.contains("--yes"), "{}", refused.err);
    assert!(cli.enabled("jo").await);

    let done = cli.run(&["disable", "--user", "jo", "--user", "ann", "--yes"], None);
    assert_eq!(done.code, Some(0), "{}", done.err);
    assert!(done.out.contains("jo\tdone\tdisabled\t"), "{}", done.out);
    assert!(!cli.enabled("jo").await && !cli.enabled("ann").await);

    // Disabling again skips: nothing to do.
    let again = cli.run(&["disable", "--user", "jo"], None);
    assert_eq!(again.code, Some(0), "{}", again.err);
    assert!(again.out.contains("jo\tskipped"), "{}", again.out);

    let journal = cli.run(&["journal"], None);
    assert_eq!(journal.code, Some(0), "{}", journal.err);
    assert_eq!(
        journal
            .out
            .lines()
            .filter(|l| l.contains("disable"))
            .count(),
        2,
        "{}",
        journal.out
    );

    // Undoing two users' changes asks as disabling them did: no terminal, no --yes, refused.
    let refused = cli.run(&["undo", "--batch", &done.batch()], None);
    assert_eq!(refused.code, Some(2), "{}", refused.err);
    assert!(refused.err.contains("--yes"), "{}", refused.err);
    assert!(!cli.enabled("jo").await && !cli.enabled("ann").await);

    let undo = cli.run(&["undo", "--batch", &done.batch(), "--yes"], None);
    assert_eq!(undo.code, Some(0), "{}{}", undo.out, undo.err);
    assert!(cli.enabled("jo").await && cli.enabled("ann").await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_to_group_then_remove_and_a_missing_group_fails_with_its_name() {
    let cli = Cli::new("cli-groups").await;
    let add = cli.run(&["add-to-group", "support", "--user", "jo"], None);
    assert_eq!(add.code, Some(0), "{}", add.err);
    assert!(
        add.out.contains("jo\tdone\tadded to support"),
        "{}",
        add.out
    );
    assert_eq!(cli.groups("jo").await, ["support"]);

    let remove = cli.run(&["remove-from-group", "support", "--user", "jo"], None);
    assert_eq!(remove.code, Some(0), "{}", remove.err);
    assert!(cli.groups("jo").await.is_empty());

    // A group the pool does not have is refused by name before any user is read, dry run or
    // not, as bad input.
    for args in [
        &["add-to-group", "nope", "--user", "jo"][..],
        &["add-to-group", "nope", "--user", "jo", "--dry-run"],
        &["remove-from-group", "nope", "--user", "jo", "--dry-run"],
    ] {
        let missing = cli.run(args, None);
        assert_eq!(
            missing.code,
            Some(2),
            "{args:?}: {}{}",
            missing.out,
            missing.err
        );
        assert_eq!(missing.out, "", "{args:?}");
        assert!(
            missing.err.contains("nothing changed: pool")
                && missing
                    .err
                    .contains("has no group nope; its groups: support"),
            "{args:?}: {}",
            missing.err
        );
    }
    let case = cli.run(
        &["add-to-group", "Support", "--user", "jo", "--dry-run"],
        None,
    );
    assert_eq!(case.code, Some(2), "{}", case.err);
    assert!(case.err.contains("did you mean support?"), "{}", case.err);
    assert!(cli.groups("jo").await.is_empty());
}

/// A pool id that names no pool in the region is a bad argument: every command that reads
/// the pool exits 2 for it, with the same sentence.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_that_does_not_exist_exits_2_from_every_command() {
    let cli = moto_pool::cli::Cli::on_pool_id("us-east-1_Nope1234");
    let journal = cli.path("journal.jsonl");
    let journal = journal.to_str().unwrap();
    // Another journal whose entries name the pool: one applied (to undo), one pending (to
    // resolve). Their pool missing is bad configuration, not a failure of each entry.
    let entries = cli.path("entries.jsonl");
    let intent = |id: &str| {
        format!(
            "{{\"type\":\"intent\",\"id\":\"{id}\",\"time\":\"2026-12-07T03:54:59Z\",\
             \"batch\":\"b1\",\"pool_id\":\"us-east-1_Nope1234\",\"username\":\"jo\",\
             \"kind\":\"disable\",\"before\":{{\"enabled\":true}}}}\n"
        )
    };
    std::fs::write(
        &entries,
        intent("b1-1")
            + "{\"type\":\"outcome\",\"id\":\"b1-1\",\"time\":\"2026-12-07T03:55:00Z\",\
               \"result\":\"ok\"}\n"
            + &intent("b1-2"),
    )
    .unwrap();
    let entries = entries.to_str().unwrap();
    for args in [
        &["undo", "b1-1", "--journal", entries][..],
        &["undo", "b1-1", "--dry-run", "--journal", entries],
        &["journal", "--resolve", "--journal", entries],
        &["lookup", "jo@example.com"],
        &["export"],
        &["disable", "--user", "jo", "--journal", journal],
        &["enable", "--user", "jo", "--dry-run"],
        &["add-to-group", "support", "--user", "jo", "--dry-run"],
        &[
            "delete-attributes",
            "--attribute",
            "locale",
            "--user",
            "jo",
            "--yes",
        ],
        &["disable", "--filter", "", "--dry-run"],
    ] {
        let run = cli.run(args, None);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.err);
        assert!(
            run.err
                .contains("the user pool does not exist in this region"),
            "{args:?}: {}",
            run.err
        );
        assert_eq!(run.out, "", "{args:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_attribute_sets_the_value_and_undo_puts_the_old_one_back() {
    let cli = Cli::new("cli-setattr").await;
    let set = cli.run(
        &[
            "set-attribute",
            "locale=fr-FR",
            "email_verified=true",
            "--user",
            "jo",
        ],
        None,
    );
    assert_eq!(set.code, Some(0), "{}", set.err);
    let attributes = cli.pool.server_attributes("jo").await;
    assert_eq!(attributes["locale"], "fr-FR");
    assert_eq!(attributes["email_verified"], "true");

    let bad = cli.run(&["set-attribute", "locale", "--user", "jo"], None);
    assert_eq!(bad.code, Some(2), "{}", bad.err);
    assert!(bad.err.contains("NAME=VALUE"), "{}", bad.err);

    let undo = cli.run(&["undo", &set.journal_id("jo")], None);
    assert_eq!(undo.code, Some(0), "{}{}", undo.out, undo.err);
    let attributes = cli.pool.server_attributes("jo").await;
    assert_eq!(attributes["locale"], "en-GB");
    assert!(!attributes.contains_key("email_verified"), "{attributes:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_user_then_undo_recreates_it_with_attributes_and_groups() {
    let cli = Cli::new("cli-delete").await;
    let add = cli.run(&["add-to-group", "support", "--user", "jo"], None);
    assert_eq!(add.code, Some(0), "{}", add.err);

    let delete = cli.run(&["delete-user", "--user", "jo", "--yes"], None);
    assert_eq!(delete.code, Some(0), "{}", delete.err);
    assert!(cli.pool.reader().get_user("jo").await.is_err(), "deleted");
    assert!(delete.err.contains("undo --batch"), "{}", delete.err);

    let undo = cli.run(&["undo", &delete.journal_id("jo")], None);
    assert_eq!(undo.code, Some(0), "{}{}", undo.out, undo.err);
    let attributes = cli.pool.server_attributes("jo").await;
    assert_eq!(attributes["email"], "jo@example.com");
    assert_eq!(attributes["locale"], "en-GB");
    assert_eq!(cli.groups("jo").await, ["support"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_password_reads_stdin_and_the_password_shows_nowhere() {
    let cli = Cli::new("cli-setpw").await;
    let password = "Sekrit-Horse-42";
    let set = cli.run(
        &[
            "set-password",
            "--permanent",
            "--password-stdin",
            "--user",
            "jo",
        ],
        Some(&format!("{password}\n")),
    );
    assert_eq!(set.code, Some(0), "{}", set.err);
    assert!(
        set.out.contains("jo\tdone\tpermanent password set"),
        "{}",
        set.out
    );
    assert_eq!(
        cli.pool.reader().get_user("jo").await.unwrap().status(),
        "CONFIRMED"
    );
    assert!(set.err.contains("cannot be undone"), "{}", set.err);
    let journal = std::fs::read_to_string(cli.journal()).unwrap();
    let log = std::fs::read_to_string(cli.cli.path("log")).unwrap_or_default();
    for text in [&set.out, &set.err, &journal, &log] {
        assert!(!text.contains(password), "the password leaked: {text}");
    }

    let empty = cli.run(
        &["set-password", "--password-stdin", "--user", "jo"],
        Some("\n"),
    );
    assert_eq!(empty.code, Some(2), "{}", empty.err);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_user_then_undo_deletes_it() {
    let cli = Cli::new("cli-create").await;
    let create = cli.run(
        &[
            "create-user",
            "newbie",
            "email=newbie@example.com",
            "locale=de-DE",
        ],
        None,
    );
    assert_eq!(create.code, Some(0), "{}", create.err);
    let attributes = cli.pool.server_attributes("newbie").await;
    assert_eq!(attributes["email"], "newbie@example.com");
    assert_eq!(attributes["locale"], "de-DE");

    let taken = cli.run(&["create-user", "newbie"], None);
    assert_eq!(taken.code, Some(1), "{}", taken.err);
    assert!(!taken.err.contains("--users-file"), "{}", taken.err);
    assert!(
        format!("{}{}", taken.out, taken.err).contains("already exists"),
        "{}{}",
        taken.out,
        taken.err
    );

    let undo = cli.run(&["undo", &create.journal_id("newbie")], None);
    assert_eq!(undo.code, Some(0), "{}{}", undo.out, undo.err);
    assert!(cli.pool.reader().get_user("newbie").await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_refuses_and_events_on_moto_fail_in_one_sentence() {
    let cli = Cli::new("cli-readonly").await;
    let refused = cli.run(&["--read-only", "enable", "--user", "jo"], None);
    assert_eq!(refused.code, Some(2), "{}", refused.err);
    assert!(refused.err.contains("read-only"), "{}", refused.err);

    // moto 5.2.5 has no AdminListUserAuthEvents (tests/actions_mocks.rs tests the call).
    let events = cli.run(&["events", "jo"], None);
    assert_eq!(events.code, Some(1), "{}", events.err);
    // Each retry is a line of its own, then the one sentence of the failure.
    let (last, retries) = events
        .err
        .trim()
        .lines()
        .collect::<Vec<_>>()
        .split_last()
        .map(|(l, r)| (*l, r.to_vec()))
        .unwrap();
    assert!(
        last.starts_with("cognito-tui: ") && !last.contains("trying again"),
        "{}",
        events.err
    );
    assert!(
        retries
            .iter()
            .all(|l| l.starts_with("cognito-tui: ") && l.contains("trying again")),
        "{}",
        events.err
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_other_actions_run_skip_what_would_not_change_and_say_what_cannot_be_undone() {
    let cli = Cli::new("cli-others").await;
    let resend = cli.run(&["resend-invitation", "--user", "jo"], None);
    assert_eq!(resend.code, Some(0), "{}", resend.err);
    assert!(
        resend.out.contains("jo\tdone\tinvitation resent"),
        "{}",
        resend.out
    );
    assert!(resend.err.contains("cannot be undone"), "{}", resend.err);

    // One user: a destructive action asks nothing.
    let sign_out = cli.run(&["sign-out", "--user", "ann"], None);
    assert_eq!(sign_out.code, Some(0), "{}", sign_out.err);
    assert!(
        sign_out.out.contains("ann\tdone\tsigned out everywhere"),
        "{}",
        sign_out.out
    );

    // An invited user is not UNCONFIRMED, and has no MFA to reset: nothing to do.
    for command in ["confirm", "reset-mfa"] {
        let run = cli.run(&[command, "--user", "jo"], None);
        assert_eq!(run.code, Some(0), "{command}: {}", run.err);
        assert!(
            run.out.contains("jo\tskipped\tnothing to do"),
            "{command}: {}",
            run.out
        );
    }

    let reset = cli.run(&["reset-password", "--filter", "", "--dry-run"], None);
    assert_eq!(reset.code, Some(0), "{}", reset.err);
    assert_eq!(
        reset
            .out
            .lines()
            .filter(|l| l.contains("\twould\t"))
            .count(),
        2,
        "{}",
        reset.out
    );

    let journal = cli.run(&["journal"], None);
    assert_eq!(journal.code, Some(0), "{}", journal.err);
    assert_eq!(
        journal.out.lines().count(),
        3,
        "header and two changes: {}",
        journal.out
    );
    // Undo says why it cannot, and skips (exit 0, as any skip).
    let undo = cli.run(&["undo", &sign_out.journal_id("ann")], None);
    assert_eq!(undo.code, Some(0), "{}{}", undo.out, undo.err);
    assert!(
        undo.out
            .contains("ann\tskipped\tcannot be undone: signed-out sessions cannot be restored"),
        "{}",
        undo.out
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_leaves_alone_a_user_made_again_since_the_change() {
    use cognito_tui::change::AccountAction;
    use cognito_tui::directory::DirectoryWriter;
    let cli = Cli::new("undo-made-again").await;
    let added = cli.run(&["add-to-group", "support", "--user", "jo"], None);
    assert_eq!(added.code, Some(0), "{}{}", added.out, added.err);
    let id = added.journal_id("jo");
    // jo is deleted and made again, in the group, for someone else (another sub).
    cli.pool
        .writer()
        .apply("jo", &AccountAction::DeleteUser)
        .await
        .unwrap();
    cli.pool
        .create_user("jo", &[("email", "jo.again@example.com")])
        .await;
    cli.pool.add_to_group("jo", "support").await;
    for args in [&["undo", &id, "--dry-run"][..], &["undo", &id]] {
        let undo = cli.run(args, None);
        assert_eq!(undo.code, Some(0), "{args:?}: {}{}", undo.out, undo.err);
        assert!(
            undo.out.starts_with("jo\tskipped\t")
                && undo.out.contains("deleted and made again since the change"),
            "{args:?}: {}",
            undo.out
        );
    }
    assert_eq!(
        cli.groups("jo").await,
        ["support"],
        "the new jo is left alone"
    );

    // An entry an older version wrote holds no sub: undone on whoever has the name, as before,
    // and the dry run says so.
    let old = cli.cli.path("old.jsonl");
    std::fs::write(
        &old,
        format!(
            "{{\"type\":\"intent\",\"id\":\"o1-1\",\"time\":\"2026-12-07T03:54:59Z\",\
             \"batch\":\"o1\",\"pool_id\":\"{}\",\"username\":\"jo\",\
             \"kind\":\"add_to_group\",\"group\":\"support\"}}\n\
             {{\"type\":\"outcome\",\"id\":\"o1-1\",\"time\":\"2026-12-07T03:55:00Z\",\
             \"result\":\"ok\"}}\n",
            cli.pool.id
        ),
    )
    .unwrap();
    let old = old.to_str().unwrap();
    let dry = cli
        .cli
        .run(&["undo", "o1-1", "--dry-run", "--journal", old], None);
    assert_eq!(dry.code, Some(0), "{}{}", dry.out, dry.err);
    assert!(dry.out.starts_with("jo\twould\t"), "{}", dry.out);
    assert!(
        dry.err.contains("holds no sub") && dry.err.contains("whoever has this username now"),
        "{}",
        dry.err
    );
}
