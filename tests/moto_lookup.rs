//! Support-desk lookups against moto: what a typed query finds (`search::recognise` +
//! `search::find::find` over `AwsReader`), and the `lookup` / `export` commands run as a script
//! would run them.
//!
//! These tests need moto: run them through `scripts/test.sh` (only these:
//! `COGNITO_TUI_TEST_CMD='cargo test --test moto_lookup' scripts/test.sh`), which starts it and
//! exports `COGNITO_TUI_MOTO_URL`.
//! Without it they fail, never skip. Each test makes its own pool, so they run in parallel
//! without seeing each other's users.

mod moto_pool;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::types::SmsMfaSettingsType;
use cognito_tui::directory::aws::AwsReader;
use cognito_tui::directory::{
    DirectoryError, DirectoryReader, ListUsersRequest, PoolInfo, User, UserPage,
};
use cognito_tui::export::{STANDARD_COLUMNS, fallback_header};
use cognito_tui::retry::RetryPolicy;
use cognito_tui::search::find::{Found, find};
use cognito_tui::search::recognise;
use moto_pool::cli::{Run, run_bounded};
use moto_pool::{Pool, moto_url};

const UNKNOWN_POOL: &str = "us-east-1_doesNotExist1";

// ------------------------------------------------------------------------------------------
// Helpers (pools, clients and users come from tests/moto_pool)
// ------------------------------------------------------------------------------------------

/// A user to create: the username and its attributes, kept to compute what a search should find.
#[derive(Debug, Clone)]
struct Person {
    username: String,
    attributes: Vec<(String, String)>,
}

impl Person {
    fn new(username: &str, attributes: &[(&str, &str)]) -> Self {
        Person {
            username: username.to_owned(),
            attributes: attributes
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        if name == "username" {
            return Some(&self.username);
        }
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The usernames of `people` whose `attribute` equals (or starts with) `value`, compared as
/// Cognito does: case-sensitively, on the literal text.
fn expected(people: &[Person], attribute: &str, prefix: bool, value: &str) -> BTreeSet<String> {
    people
        .iter()
        .filter(|p| {
            p.get(attribute).is_some_and(|v| {
                if prefix {
                    v.starts_with(value)
                } else {
                    v == value
                }
            })
        })
        .map(|p| p.username.clone())
        .collect()
}

/// A fresh pool created without a schema: moto gives it every standard attribute.
async fn new_pool(label: &str) -> Pool {
    Pool::create_with_schema(&format!("cognito-tui-{label}"), None).await
}

/// A fresh pool with a schema: standard attributes and two custom ones, `custom:plan` then
/// `custom:tenant`. Moto lists only these.
async fn pool_with_custom_attributes(label: &str) -> Pool {
    Pool::create_with_schema(
        &format!("cognito-tui-{label}"),
        Some(&[
            ("sub", true, false),
            ("email", true, true),
            ("given_name", false, true),
            ("family_name", false, true),
            ("phone_number", false, true),
            ("plan", false, true),
            ("tenant", false, false),
        ]),
    )
    .await
}

async fn create_people(pool: &Pool, people: &[Person]) {
    for person in people {
        pool.create_user_from(&person.username, &person.attributes)
            .await;
    }
}

/// The user's `sub`, as the server has it.
async fn sub_of(pool: &Pool, username: &str) -> String {
    pool.server_attributes(username)
        .await
        .remove("sub")
        .expect("moto gives every user a sub")
}

fn usernames(users: &[User]) -> Vec<String> {
    users.iter().map(|u| u.username().to_owned()).collect()
}

fn username_set(users: &[User]) -> BTreeSet<String> {
    users.iter().map(|u| u.username().to_owned()).collect()
}

/// Runs the query as the search box and `lookup` do.
async fn search(reader: &dyn DirectoryReader, text: &str) -> Found {
    let query = recognise(text).unwrap_or_else(|e| panic!("{text:?} is not recognised: {e}"));
    find(
        reader,
        &cognito_tui::limiter::Limiter::default(),
        &query,
        RetryPolicy::default(),
    )
    .await
    .unwrap_or_else(|e| panic!("finding {text:?} failed: {e}"))
}

fn expression(found: &Found) -> &str {
    found
        .filter
        .as_ref()
        .map(|f| f.expression.as_str())
        .unwrap_or("<none>")
}

/// A reader that records every `ListUsers` request it passes on, and the size of each page.
struct RecordingReader {
    inner: AwsReader,
    requests: Mutex<Vec<ListUsersRequest>>,
    page_sizes: Mutex<Vec<usize>>,
}

impl RecordingReader {
    fn new(inner: AwsReader) -> Self {
        Self {
            inner,
            requests: Mutex::new(Vec::new()),
            page_sizes: Mutex::new(Vec::new()),
        }
    }
}

#[async_trait]
impl DirectoryReader for RecordingReader {
    async fn list_users(&self, request: ListUsersRequest) -> Result<UserPage, DirectoryError> {
        self.requests.lock().unwrap().push(request.clone());
        let page = self.inner.list_users(request).await?;
        self.page_sizes.lock().unwrap().push(page.users.len());
        Ok(page)
    }

    async fn get_user(&self, username: &str) -> Result<User, DirectoryError> {
        self.inner.get_user(username).await
    }

    async fn describe_pool(&self) -> Result<PoolInfo, DirectoryError> {
        self.inner.describe_pool().await
    }
}

/// Runs `cognito-tui ARGS` against moto and `pool_id`, with its log, config and data in `dir`.
/// A run longer than two minutes is killed.
fn run_cli(dir: &Path, pool_id: &str, args: &[&str]) -> Run {
    let config = dir.join("config.toml");
    if !config.exists() {
        std::fs::write(&config, "").unwrap();
    }
    let limit = Duration::from_secs(120);
    run_bounded(dir, &moto_url(), pool_id, &config, args, limit)
}

// ------------------------------------------------------------------------------------------
// A realistic pool
// ------------------------------------------------------------------------------------------

const FIRST: &[&str] = &[
    "Olivia", "Liam", "Amara", "Noah", "Sofia", "Mateo", "Priya", "Wei", "Fatima", "Lucas",
    "Ingrid", "Kwame", "Yuki", "Elena", "Omar", "Chloe", "Diego", "Aisha", "Jonas", "Mei", "Arjun",
    "Zara", "Tomasz", "Leila", "Rafael", "Hannah", "Kenji", "Nadia", "Samuel", "Freya", "José",
    "Zoë",
];

const LAST: &[&str] = &[
    "Smith",
    "Okafor",
    "García",
    "Chen",
    "Patel",
    "Nguyen",
    "Müller",
    "Rossi",
    "Kowalski",
    "Haddad",
    "Johansson",
    "Silva",
    "Kim",
    "O'Brien",
    "Dubois",
    "Mensah",
    "Ivanova",
    "Fernández",
    "Novak",
    "Larsen",
    "Abara",
    "Costa",
    "Yılmaz",
];

const DOMAINS: &[&str] = &[
    "example.com",
    "example.org",
    "mail.example.net",
    "fabrikam.example",
    "contoso.example",
];

/// Lower-case ASCII for usernames and emails: accents dropped, apostrophes and spaces gone.
fn slug(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let c = match c {
                'á' | 'à' | 'ä' => 'a',
                'é' | 'è' | 'ë' => 'e',
                'í' | 'ı' => 'i',
                'ó' | 'ö' => 'o',
                'ú' | 'ü' => 'u',
                c => c,
            };
            c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase())
        })
        .collect()
}

/// `n` people with varied names, emails in several styles and domains, phones from several
/// countries (some none), and a `name` for most.
fn generated_people(n: usize) -> Vec<Person> {
    let mut taken_usernames = BTreeSet::new();
    let mut taken_emails = BTreeSet::new();
    (0..n)
        .map(|i| {
            let first = FIRST[i % FIRST.len()];
            let last = LAST[(i * 7 + i / LAST.len()) % LAST.len()];
            let (f, l) = (slug(first), slug(last));
            let initial = &f[..1];
            let mut username = match i % 3 {
                0 => format!("{f}.{l}"),
                1 => format!("{initial}{l}{i}"),
                _ => format!("{f}{i:02}"),
            };
            if !taken_usernames.insert(username.clone()) {
                username = format!("{username}.{i}");
                assert!(taken_usernames.insert(username.clone()));
            }
            let domain = DOMAINS[i % DOMAINS.len()];
            let local = match i % 4 {
                0 => format!("{f}.{l}"),
                1 => format!("{initial}{l}{i}"),
                2 => format!("{l}.{f}"),
                _ => format!("{f}_{l}{i}"),
            };
            let mut email = format!("{local}@{domain}");
            if !taken_emails.insert(email.clone()) {
                email = format!("{local}.{i}@{domain}");
                assert!(taken_emails.insert(email.clone()));
            }
            let mut attributes = vec![
                ("email".to_owned(), email),
                ("given_name".to_owned(), first.to_owned()),
                ("family_name".to_owned(), last.to_owned()),
            ];
            if i % 7 != 3 {
                attributes.push(("name".to_owned(), format!("{first} {last}")));
            }
            let phone = match i % 5 {
                0 => Some(format!("+1206555{i:04}")),
                1 => Some(format!("+4915112{i:05}")),
                2 => Some(format!("+33612{i:06}")),
                3 => Some(format!("+61412{i:06}")),
                _ => None,
            };
            if let Some(phone) = phone {
                attributes.push(("phone_number".to_owned(), phone));
            }
            if i % 6 == 0 {
                attributes.push(("preferred_username".to_owned(), format!("{f}_{l}")));
            }
            Person {
                username,
                attributes,
            }
        })
        .collect()
}

// ------------------------------------------------------------------------------------------
// 1. Each kind of query lands on the right person
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn each_kind_of_query_lands_on_the_right_person_among_150() {
    let pool = new_pool("kinds").await;
    let mut people = generated_people(142);
    // The people searched for, and decoys that share a prefix with them, spread through the pool.
    let targets = [
        (
            20,
            Person::new(
                "jo.bloggs",
                &[
                    ("email", "jo.bloggs@example.com"),
                    ("given_name", "Jo"),
                    ("family_name", "Bloggs"),
                    ("name", "Jo Bloggs"),
                    ("phone_number", "+15555550100"),
                ],
            ),
        ),
        (
            21,
            Person::new(
                "jbloggs",
                &[
                    ("email", "jo.bloggs2@example.com"),
                    ("given_name", "Joanna"),
                    ("family_name", "Bloggs"),
                    ("name", "Joanna Bloggs"),
                ],
            ),
        ),
        (
            55,
            Person::new(
                "jo",
                &[
                    ("email", "jo@example.com"),
                    ("given_name", "Jo"),
                    ("family_name", "Park"),
                ],
            ),
        ),
        (
            60,
            Person::new(
                "praman",
                &[
                    ("email", "priya.raman@contoso.example"),
                    ("given_name", "Priya"),
                    ("family_name", "Raman"),
                    ("name", "Priya Raman"),
                    ("phone_number", "+447700900123"),
                ],
            ),
        ),
        (
            61,
            Person::new(
                "rlee",
                &[
                    ("email", "rosa.lee@example.org"),
                    ("given_name", "Rosa"),
                    ("family_name", "Lee"),
                    ("phone_number", "+4477009001234"),
                ],
            ),
        ),
        (
            90,
            Person::new(
                "htanaka",
                &[
                    ("email", "tanaka.hiroshi@example.jp"),
                    ("given_name", "Hiroshi"),
                    ("family_name", "Tanaka"),
                    ("name", "Tanaka Hiroshi"),
                    ("phone_number", "+819012345678"),
                ],
            ),
        ),
        (
            91,
            Person::new(
                "hnakamura",
                &[
                    ("email", "hiro.n@example.jp"),
                    ("given_name", "Hiro"),
                    ("family_name", "Nakamura"),
                    ("name", "Nakamura Hiro"),
                ],
            ),
        ),
        (
            120,
            Person::new(
                "utagawa",
                &[
                    ("email", "ando@example.jp"),
                    ("given_name", "Andō"),
                    ("family_name", "Hiroshige"),
                    ("name", "Utagawa Hiroshige"),
                ],
            ),
        ),
        (
            130,
            Person::new(
                "xochitl.hernandez",
                &[
                    ("email", "xh@fabrikam.example"),
                    ("given_name", "Xóchitl"),
                    ("family_name", "Hernández"),
                    ("name", "Xóchitl Hernández"),
                ],
            ),
        ),
        (
            10,
            Person::new(
                "xochitl.ramirez",
                &[
                    ("email", "xochitl.r@example.com"),
                    ("given_name", "Xóchitl"),
                    ("family_name", "Ramírez"),
                ],
            ),
        ),
    ];
    for (at, person) in targets {
        people.insert(at, person);
    }
    assert_eq!(people.len(), 152);
    let all: BTreeSet<&str> = people.iter().map(|p| p.username.as_str()).collect();
    assert_eq!(all.len(), people.len(), "usernames are unique");
    create_people(&pool, &people).await;
    let reader = pool.reader();

    // An email: a prefix search on email; the decoys jo@… and jo.bloggs2@… are not found.
    let found = search(&reader, "jo.bloggs@example.com").await;
    assert_eq!(expression(&found), r#"email ^= "jo.bloggs@example.com""#);
    assert_eq!(usernames(&found.users), ["jo.bloggs"]);
    assert_eq!(
        found.users[0].attribute("phone_number"),
        Some("+15555550100")
    );
    assert_eq!(found.tried, [r#"email ^= "jo.bloggs@example.com""#]);

    // An E.164 phone: exact, so +4477009001234 (the same digits and one more) is not found.
    assert_eq!(
        expected(&people, "phone_number", true, "+447700900123").len(),
        2,
        "the decoy shares the prefix"
    );
    let found = search(&reader, "+447700900123").await;
    assert_eq!(expression(&found), r#"phone_number = "+447700900123""#);
    assert_eq!(usernames(&found.users), ["praman"]);
    assert_eq!(
        found.users[0].attribute("email"),
        Some("priya.raman@contoso.example")
    );

    // A sub, read back from the server, typed in lower or upper case.
    let someone = &people[42];
    let sub = sub_of(&pool, &someone.username).await;
    for typed in [sub.clone(), sub.to_ascii_uppercase()] {
        let found = search(&reader, &typed).await;
        assert_eq!(expression(&found), format!(r#"sub = "{sub}""#), "{typed}");
        assert_eq!(
            usernames(&found.users),
            std::slice::from_ref(&someone.username),
            "{typed}"
        );
        assert_eq!(found.users[0].attribute("sub"), Some(sub.as_str()));
        assert_eq!(found.users[0].attribute("email"), someone.get("email"));
    }

    // A first name that no username, email or name starts with: found by the given_name try,
    // which stops the search before family_name (where Hiroshige would match).
    for attribute in ["username", "email", "name"] {
        assert!(
            expected(&people, attribute, true, "Hiroshi").is_empty(),
            "{attribute}"
        );
    }
    assert_eq!(
        expected(&people, "family_name", true, "Hiroshi"),
        BTreeSet::from(["utagawa".to_owned()])
    );
    let found = search(&reader, "Hiroshi").await;
    assert_eq!(expression(&found), r#"given_name ^= "Hiroshi""#);
    assert_eq!(usernames(&found.users), ["htanaka"]);
    assert_eq!(
        found.tried,
        [
            r#"username ^= "Hiroshi""#,
            r#"email ^= "Hiroshi""#,
            r#"name ^= "Hiroshi""#,
            r#"given_name ^= "Hiroshi""#,
        ]
    );
    assert_eq!(found.users[0].attribute("name"), Some("Tanaka Hiroshi"));

    // A username prefix: xochitl.ramirez shares "xochitl." but not "xochitl.h".
    let found = search(&reader, "xochitl.h").await;
    assert_eq!(expression(&found), r#"username ^= "xochitl.h""#);
    assert_eq!(usernames(&found.users), ["xochitl.hernandez"]);
    assert_eq!(found.tried, [r#"username ^= "xochitl.h""#]);
    assert_eq!(found.users[0].attribute("given_name"), Some("Xóchitl"));

    // And a prefix many share finds each of them once, as the local model of the pool says.
    let found = search(&reader, "xochitl.").await;
    assert_eq!(
        username_set(&found.users),
        expected(&people, "username", true, "xochitl.")
    );
    assert_eq!(found.users.len(), 2);
}

// ------------------------------------------------------------------------------------------
// 2. A value with `"` and `\` is data, not syntax
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_given_name_with_a_quote_and_a_backslash_is_found_exactly() {
    let pool = new_pool("quotes").await;
    let target = r#"Bo"b \ Jr"#;
    let people = [
        Person::new("bo", &[("given_name", "Bo"), ("email", "bo@example.com")]),
        Person::new(
            "bobby",
            &[("given_name", r#"Bo"bby"#), ("email", "bobby@example.com")],
        ),
        Person::new(
            "bob.jr",
            &[("given_name", target), ("email", "bob.jr@example.com")],
        ),
        Person::new(
            "bob.jr.dot",
            &[
                ("given_name", r#"Bo"b \ Jr."#),
                ("email", "bob.jr.dot@example.com"),
            ],
        ),
        Person::new(
            "bob.escaped",
            &[
                ("given_name", r#"Bo\"b \ Jr"#),
                ("email", "bob.escaped@example.com"),
            ],
        ),
        Person::new(
            "bob",
            &[("given_name", "Bob"), ("email", "bob@example.com")],
        ),
        Person::new(
            "alice",
            &[("given_name", "Alice"), ("email", "alice@example.com")],
        ),
    ];
    create_people(&pool, &people).await;
    let reader = pool.reader();

    // The value went in and comes back intact.
    let found = search(&reader, "bob.jr@example.com").await;
    assert_eq!(found.users[0].attribute("given_name"), Some(target));

    // Explicit, unquoted and quoted: the prefix before the quote is sent, the rest checked here.
    for typed in [
        r#"given_name = Bo"b \ Jr"#,
        r#"given_name = "Bo"b \ Jr""#,
        r#"given_name="Bo"b \ Jr""#,
    ] {
        let found = search(&reader, typed).await;
        let filter = found.filter.as_ref().expect("somebody found");
        assert_eq!(filter.expression, r#"given_name ^= "Bo""#, "{typed}");
        assert!(filter.needs_check, "{typed}");
        assert_eq!(usernames(&found.users), ["bob.jr"], "{typed}");
    }

    // A prefix search with the awkward characters finds those that start with it, no others.
    let found = search(&reader, r#"given_name ^= "Bo"b \""#).await;
    assert_eq!(expression(&found), r#"given_name ^= "Bo""#);
    assert_eq!(
        username_set(&found.users),
        expected(&people, "given_name", true, r#"Bo"b \"#)
    );
    assert_eq!(found.users.len(), 2, "bob.jr and bob.jr.dot");

    // Typed with no attribute, as into the search box: the fallbacks reach given_name (a
    // prefix search), which finds the two that start with it; the decoys stay out.
    let found = search(&reader, target).await;
    assert_eq!(expression(&found), r#"given_name ^= "Bo""#);
    assert_eq!(
        found.tried,
        [
            r#"username ^= "Bo""#,
            r#"email ^= "Bo""#,
            r#"name ^= "Bo""#,
            r#"given_name ^= "Bo""#,
        ]
    );
    assert_eq!(
        username_set(&found.users),
        BTreeSet::from(["bob.jr".to_owned(), "bob.jr.dot".to_owned()])
    );

    // A value with a backslash first is cut there too, and matched exactly.
    let found = search(&reader, r#"given_name = Bo\"b \ Jr"#).await;
    assert_eq!(expression(&found), r#"given_name ^= "Bo""#);
    assert_eq!(usernames(&found.users), ["bob.escaped"]);

    // Exactly "Bo" is still an ordinary exact search that finds only Bo.
    let found = search(&reader, "given_name = Bo").await;
    assert_eq!(expression(&found), r#"given_name = "Bo""#);
    assert_eq!(usernames(&found.users), ["bo"]);
}

// ------------------------------------------------------------------------------------------
// 3. Filtered results over more than one page
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_filter_matching_more_than_a_page_returns_everyone_once() {
    let pool = new_pool("filtered-paging").await;
    let mut people = Vec::new();
    for i in 0..75 {
        people.push(Person::new(
            &format!("pager{i:03}"),
            &[("email", &format!("page.{i:03}@example.com"))],
        ));
        // Interleaved users the filter must leave out.
        if i % 4 == 0 {
            let j = i / 4;
            people.push(Person::new(
                &format!("other{j:02}"),
                &[("email", &format!("Page.{j:02}@example.com"))],
            ));
            people.push(Person::new(
                &format!("pages{j:02}"),
                &[("email", &format!("pages{j:02}@example.com"))],
            ));
            people.push(Person::new(
                &format!("xpage{j:02}"),
                &[("email", &format!("x.page.{j:02}@example.com"))],
            ));
        }
    }
    create_people(&pool, &people).await;
    let wanted = expected(&people, "email", true, "page.");
    assert_eq!(wanted.len(), 75);

    let reader = RecordingReader::new(pool.reader());
    let found = search(&reader, r#"email ^= "page.""#).await;
    assert_eq!(expression(&found), r#"email ^= "page.""#);
    assert_eq!(found.users.len(), 75, "each user once");
    assert_eq!(username_set(&found.users), wanted);

    let requests = reader.requests.lock().unwrap().clone();
    let page_sizes = reader.page_sizes.lock().unwrap().clone();
    assert!(requests.len() >= 2, "more than one page: {page_sizes:?}");
    assert!(page_sizes.iter().all(|&n| n <= 60), "{page_sizes:?}");
    assert_eq!(page_sizes.iter().sum::<usize>(), 75, "{page_sizes:?}");
    assert_eq!(requests[0].token, None);
    for request in &requests {
        assert_eq!(request.filter.as_deref(), Some(r#"email ^= "page.""#));
    }
    for request in &requests[1..] {
        assert!(request.token.is_some(), "later pages continue with a token");
    }
}

// ------------------------------------------------------------------------------------------
// 4. `export` of more than two pages
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn export_writes_every_user_once_under_the_fallback_header() {
    let pool = pool_with_custom_attributes("export").await;
    let people: Vec<Person> = (0..130)
        .map(|i| {
            let username = format!("exp{i:03}");
            let given = if i == 7 {
                r#"Anne, "Nan""#.to_owned()
            } else {
                FIRST[i % FIRST.len()].to_owned()
            };
            let mut attributes = vec![
                ("email".to_owned(), format!("{username}@example.com")),
                ("given_name".to_owned(), given),
                ("family_name".to_owned(), LAST[i % LAST.len()].to_owned()),
                (
                    "custom:plan".to_owned(),
                    ["free", "pro", "team"][i % 3].to_owned(),
                ),
                ("custom:tenant".to_owned(), format!("tenant-{}", i % 9)),
            ];
            if i % 2 == 0 {
                attributes.push(("phone_number".to_owned(), format!("+1206555{i:04}")));
            }
            Person {
                username,
                attributes,
            }
        })
        .collect();
    create_people(&pool, &people).await;
    let by_username: BTreeMap<&str, &Person> =
        people.iter().map(|p| (p.username.as_str(), p)).collect();

    let pool_info = pool
        .reader()
        .describe_pool()
        .await
        .expect("DescribeUserPool");
    let expected_header: Vec<String> = STANDARD_COLUMNS
        .iter()
        .map(|c| (*c).to_owned())
        .chain(
            [
                "custom:plan",
                "custom:tenant",
                "cognito:mfa_enabled",
                "cognito:username",
            ]
            .map(str::to_owned),
        )
        .collect();
    assert_eq!(fallback_header(&pool_info), expected_header);
    assert_eq!(STANDARD_COLUMNS.first(), Some(&"name"));
    assert_eq!(STANDARD_COLUMNS.last(), Some(&"updated_at"));

    let dir = tempfile::tempdir().unwrap();
    let run = run_cli(dir.path(), &pool.id, &["export", "--format", "csv"]);
    assert_eq!(run.code, Some(0), "{}", run.err);
    assert!(run.err.contains("GetCSVHeader"), "{}", run.err);
    assert!(run.err.contains("documented column order"), "{}", run.err);
    assert!(run.err.contains("exported 130 users"), "{}", run.err);

    let mut csv = csv::Reader::from_reader(run.out.as_bytes());
    let header: Vec<String> = csv.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, expected_header);
    let column = |name: &str| header.iter().position(|c| c == name).unwrap();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 130);
    let mut seen = BTreeSet::new();
    for row in &rows {
        assert_eq!(row.len(), header.len());
        let username = &row[column("cognito:username")];
        assert!(
            seen.insert(username.to_owned()),
            "{username} exported twice"
        );
        let person = by_username
            .get(username)
            .unwrap_or_else(|| panic!("{username} was never created"));
        for name in [
            "email",
            "given_name",
            "family_name",
            "phone_number",
            "custom:plan",
            "custom:tenant",
            "middle_name",
        ] {
            assert_eq!(
                &row[column(name)],
                person.get(name).unwrap_or(""),
                "{username} {name}"
            );
        }
    }
    assert_eq!(seen.len(), 130);
    assert!(seen.iter().all(|u| by_username.contains_key(u.as_str())));

    // JSON, to a file.
    let output = dir.path().join("users.json");
    let run = run_cli(
        dir.path(),
        &pool.id,
        &[
            "export",
            "--format",
            "json",
            "--output",
            output.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.err);
    assert!(run.err.contains("exported 130 users"), "{}", run.err);
    let text = std::fs::read_to_string(&output).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).expect("one JSON document");
    let users = value.as_array().expect("a JSON array");
    assert_eq!(users.len(), 130);
    let names: BTreeSet<&str> = users
        .iter()
        .map(|u| u["username"].as_str().expect("a username"))
        .collect();
    assert_eq!(names.len(), 130, "each user once");
    for user in users {
        let username = user["username"].as_str().unwrap();
        let person = by_username[username];
        assert_eq!(user["attributes"]["email"].as_str(), person.get("email"));
        assert_eq!(
            user["attributes"]["given_name"].as_str(),
            person.get("given_name")
        );
    }

    // --mfa reads each user's MFA with AdminGetUser: SMS MFA users say true, nobody else does.
    let sms_users = ["exp000", "exp010", "exp124"];
    for username in sms_users {
        pool.prefer_sms_mfa(username).await;
    }
    let run = run_cli(dir.path(), &pool.id, &["export", "--format", "csv"]);
    assert_eq!(run.code, Some(0), "{}", run.err);
    assert!(run.err.contains("--mfa reads it"), "{}", run.err);
    let mfa_column = |stdout: &str| -> BTreeMap<String, String> {
        let mut csv = csv::Reader::from_reader(stdout.as_bytes());
        let header = csv.headers().unwrap().clone();
        let at = |name: &str| header.iter().position(|c| c == name).unwrap();
        let (mfa, username) = (at("cognito:mfa_enabled"), at("cognito:username"));
        csv.records()
            .map(Result::unwrap)
            .map(|row| (row[username].to_owned(), row[mfa].to_owned()))
            .collect()
    };
    assert!(mfa_column(&run.out).values().all(|v| v == "false"));
    let run = run_cli(
        dir.path(),
        &pool.id,
        &["export", "--format", "csv", "--mfa"],
    );
    assert_eq!(run.code, Some(0), "{}", run.err);
    assert!(run.err.contains("exported 130 users"), "{}", run.err);
    let column = mfa_column(&run.out);
    assert_eq!(column.len(), 130);
    let enabled: Vec<&str> = column
        .iter()
        .filter(|(_, v)| *v == "true")
        .map(|(u, _)| u.as_str())
        .collect();
    assert_eq!(enabled, sms_users);
}

// ------------------------------------------------------------------------------------------
// 5. `lookup` exit codes
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn lookup_exits_0_when_found_1_for_nobody_2_on_errors() {
    let pool = new_pool("lookup-cli").await;
    let people = [
        Person::new(
            "ada",
            &[
                ("email", "ada@example.com"),
                ("given_name", "Ada"),
                ("family_name", "Lovelace"),
                ("phone_number", "+442071234567"),
            ],
        ),
        Person::new(
            "grace",
            &[("email", "grace@example.org"), ("given_name", "Grace")],
        ),
        Person::new(
            "adam",
            &[("email", "adam@example.com"), ("given_name", "Adam")],
        ),
    ];
    create_people(&pool, &people).await;
    let dir = tempfile::tempdir().unwrap();

    // Found: a table on stdout, the filter on stderr.
    let run = run_cli(dir.path(), &pool.id, &["lookup", "ada@example.com"]);
    assert_eq!(run.code, Some(0), "{}", run.err);
    assert!(run.out.starts_with("ada "), "{}", run.out);
    assert!(
        run.out.lines().next().unwrap().ends_with("MFA none"),
        "each found user's MFA, read with AdminGetUser:\n{}",
        run.out
    );
    assert!(run.out.contains("ada@example.com"), "{}", run.out);
    assert!(run.out.contains("Lovelace"), "{}", run.out);
    assert!(!run.out.contains("adam"), "{}", run.out);
    assert!(
        run.err.contains(r#"email ^= "ada@example.com""#),
        "{}",
        run.err
    );

    // Found, as JSON.
    let run = run_cli(dir.path(), &pool.id, &["lookup", "+442071234567", "--json"]);
    assert_eq!(run.code, Some(0), "{}", run.err);
    let value: serde_json::Value = serde_json::from_str(&run.out).expect("JSON on stdout");
    let users = value.as_array().expect("an array");
    assert_eq!(users.len(), 1, "{}", run.out);
    assert_eq!(users[0]["username"], "ada");
    assert_eq!(users[0]["attributes"]["email"], "ada@example.com");
    assert_eq!(users[0]["enabled"], true);
    assert_eq!(users[0]["mfa"], serde_json::json!([]));
    assert!(
        run.err.contains(r#"phone_number = "+442071234567""#),
        "{}",
        run.err
    );

    // A prefix two share: both, as JSON.
    let run = run_cli(dir.path(), &pool.id, &["lookup", "ada", "--json"]);
    assert_eq!(run.code, Some(0), "{}", run.err);
    let value: serde_json::Value = serde_json::from_str(&run.out).unwrap();
    let names: BTreeSet<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, BTreeSet::from(["ada", "adam"]));

    // A user with SMS MFA says so.
    pool.client
        .admin_set_user_mfa_preference()
        .user_pool_id(&pool.id)
        .username("grace")
        .sms_mfa_settings(SmsMfaSettingsType::builder().enabled(true).build())
        .send()
        .await
        .expect("AdminSetUserMFAPreference");
    let run = run_cli(dir.path(), &pool.id, &["lookup", "grace@example.org"]);
    assert_eq!(run.code, Some(0), "{}", run.err);
    assert!(
        run.out.lines().next().unwrap().ends_with("MFA SMS_MFA"),
        "{}",
        run.out
    );

    // Nobody: exit 1, nothing on stdout (an empty array with --json), every filter tried said.
    let run = run_cli(dir.path(), &pool.id, &["lookup", "nobody@example.com"]);
    assert_eq!(run.code, Some(1), "{}", run.err);
    assert_eq!(run.out.trim(), "", "{}", run.out);
    assert!(
        run.err.contains(r#"email ^= "nobody@example.com""#),
        "{}",
        run.err
    );
    let run = run_cli(dir.path(), &pool.id, &["lookup", "Zelda", "--json"]);
    assert_eq!(run.code, Some(1), "{}", run.err);
    let value: serde_json::Value = serde_json::from_str(&run.out).unwrap();
    assert_eq!(value, serde_json::json!([]));
    assert!(
        run.err.contains(r#"preferred_username ^= "Zelda""#),
        "{}",
        run.err
    );

    // An attribute Cognito cannot filter on: exit 2 with the reason, nothing sent.
    let run = run_cli(dir.path(), &pool.id, &["lookup", "custom:plan = x"]);
    assert_eq!(run.code, Some(2), "{}", run.err);
    assert!(run.err.contains("custom:plan"), "{}", run.err);
    assert_eq!(run.out, "");

    // An unknown pool: exit 2 with an error, nothing on stdout.
    let run = run_cli(dir.path(), UNKNOWN_POOL, &["lookup", "ada@example.com"]);
    assert_eq!(run.code, Some(2), "{}", run.err);
    assert!(!run.err.trim().is_empty());
    assert_eq!(run.out, "");
}

/// The endpoint of the AWS config file's `[services]` section (the SDK's standard way to name a
/// service's endpoint per profile) is the one called when no flag or variable names one: the
/// default profile's, and a named profile's.
#[tokio::test]
async fn the_aws_config_files_services_section_names_the_endpoint() {
    let pool = new_pool("services-endpoint").await;
    pool.create_user("jo.services", &[("email", "jo@example.com")])
        .await;
    let dir = tempfile::tempdir().unwrap();
    let aws_config = dir.path().join("aws-config");
    std::fs::write(
        &aws_config,
        format!(
            "[default]\nregion = us-east-1\nservices = emulator\n\n\
             [profile support]\nregion = us-east-1\nservices = emulator\n\n\
             [services emulator]\ncognito-identity-provider =\n  endpoint_url = {}\n",
            moto_url()
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("config.toml"), "").unwrap();
    for profile in [None, Some("support")] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_cognito-tui"));
        command
            .args(["lookup", "jo.services", "--pool-id", &pool.id])
            .args(profile.map(|p| ["--profile", p]).into_iter().flatten())
            .arg("--config")
            .arg(dir.path().join("config.toml"))
            .arg("--log-file")
            .arg(dir.path().join("log"))
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .env("AWS_CONFIG_FILE", &aws_config)
            .env("AWS_SHARED_CREDENTIALS_FILE", dir.path().join("none"))
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env_remove("AWS_ENDPOINT_URL")
            .env_remove("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER")
            .env_remove("AWS_PROFILE")
            .env_remove("COGNITO_TUI_POOL_ID");
        let output = tokio::task::spawn_blocking(move || command.output().unwrap())
            .await
            .unwrap();
        let (out, err) = (
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
        assert_eq!(output.status.code(), Some(0), "{profile:?}: {out}{err}");
        assert!(out.contains("jo@example.com"), "{profile:?}: {out}{err}");
    }
}
