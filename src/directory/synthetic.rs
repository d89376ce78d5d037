//! A synthetic pool of any size (`--demo-users N`), so the figures of docs/PERFORMANCE.md can be
//! reproduced without AWS. Deterministic: the same `n` and seed give the same users, byte for
//! byte, and each user can be made on its own ([`Pool::user`]), so a million of them need not
//! be held to be served (`lazy_pool.rs`).
//!
//! The users look like a real pool's: names from many languages (accents and CJK included),
//! emails, phones for about half, locales, the demo pool's custom attributes, and Cognito's mix of
//! statuses. Usernames are `given.family.N`, or `Google_N` for external-provider users (unique,
//! and unlike any demo user's). Each `sub` is a version-4 UUID whose first 64 bits are a
//! bijective mix of the user's number, so subs are unique and their leading hex digits uniform —
//! the partitions of `crawl.rs` (`sub ^= "0"` … `sub ^= "f"`) come out even, as on a real pool.
//!
//! Every string is allocated at its exact length, as the SDK's are, so memory measured over
//! synthetic users is what real users would take.

use super::{Attribute, User};

/// (shown, ASCII for usernames and emails)
const GIVEN: &[(&str, &str)] = &[
    ("Olivia", "olivia"),
    ("Noah", "noah"),
    ("Amelia", "amelia"),
    ("Liam", "liam"),
    ("Priya", "priya"),
    ("Arjun", "arjun"),
    ("Wei", "wei"),
    ("Mei", "mei"),
    ("Sofia", "sofia"),
    ("Mateo", "mateo"),
    ("Zoë", "zoe"),
    ("José", "jose"),
    ("Łukasz", "lukasz"),
    ("Ingrid", "ingrid"),
    ("Chiamaka", "chiamaka"),
    ("Oluwaseun", "oluwaseun"),
    ("Yuki", "yuki"),
    ("Sakura", "sakura"),
    ("Seo-yeon", "seoyeon"),
    ("Minh", "minh"),
    ("Fatima", "fatima"),
    ("Omar", "omar"),
    ("Elif", "elif"),
    ("Mehmet", "mehmet"),
    ("Anna-Lena", "anna-lena"),
    ("Matthias", "matthias"),
    ("Aoife", "aoife"),
    ("Eoin", "eoin"),
    ("Camille", "camille"),
    ("Gaëlle", "gaelle"),
    ("Lucía", "lucia"),
    ("João", "joao"),
    ("Siddharth", "siddharth"),
    ("Lakshmi", "lakshmi"),
    ("Jack", "jack"),
    ("Grace", "grace"),
    ("伟", "wei"),
    ("Dmitri", "dmitri"),
    ("Katarzyna", "katarzyna"),
    ("Tunde", "tunde"),
];

const FAMILY: &[(&str, &str)] = &[
    ("Smith", "smith"),
    ("Jones", "jones"),
    ("Sharma", "sharma"),
    ("Chen", "chen"),
    ("García", "garcia"),
    ("Müller", "mueller"),
    ("Nguyen", "nguyen"),
    ("Kim", "kim"),
    ("O'Connor", "oconnor"),
    ("Nowak", "nowak"),
    ("Okonkwo", "okonkwo"),
    ("Adebayo", "adebayo"),
    ("Yamamoto", "yamamoto"),
    ("Suzuki", "suzuki"),
    ("Park", "park"),
    ("Demir", "demir"),
    ("Khoury", "khoury"),
    ("Schröder", "schroeder"),
    ("Rousseau", "rousseau"),
    ("Côté", "cote"),
    ("Núñez", "nunez"),
    ("Magalhães", "magalhaes"),
    ("Iyer", "iyer"),
    ("Gupta", "gupta"),
    ("Wright", "wright"),
    ("Carter-Jones", "carter-jones"),
    ("Ødegaard", "odegaard"),
    ("Horváth", "horvath"),
    ("Kowalenko", "kowalenko"),
    ("Evans", "evans"),
    ("王", "wang"),
    ("Petrov", "petrov"),
];

const DOMAINS: &[&str] = &[
    "example.com",
    "example.org",
    "example.net",
    "mail.example.com",
    "contoso.example",
    "fabrikam.example",
];

const LOCALES: &[(&str, &str)] = &[
    ("en-US", "America/New_York"),
    ("en-GB", "Europe/London"),
    ("de-DE", "Europe/Berlin"),
    ("fr-FR", "Europe/Paris"),
    ("es-ES", "Europe/Madrid"),
    ("pt-BR", "America/Sao_Paulo"),
    ("ja-JP", "Asia/Tokyo"),
    ("zh-CN", "Asia/Shanghai"),
    ("hi-IN", "Asia/Kolkata"),
    ("ko-KR", "Asia/Seoul"),
];

/// Cognito's statuses, weighted roughly as in the demo pool (out of 1000).
const STATUSES: &[(&str, u32)] = &[
    ("CONFIRMED", 800),
    ("UNCONFIRMED", 75),
    ("FORCE_CHANGE_PASSWORD", 50),
    ("EXTERNAL_PROVIDER", 45),
    ("RESET_REQUIRED", 20),
    ("COMPROMISED", 6),
    ("ARCHIVED", 4),
];

const PLANS: &[&str] = &["free", "free", "free", "pro", "pro", "enterprise"];

/// 2019-01-01T00:00:00Z and 2025-06-01T00:00:00Z.
const FIRST_CREATED: i64 = 1_546_300_800;
const LAST_CREATED: i64 = 1_748_736_000;

/// `n` synthetic users, in creation order, the same for the same `seed`: user `i` of the result
/// is [`Pool::user`]`(i)` of `Pool::new(n, seed)`, so a directory that makes users on demand
/// serves exactly these.
pub fn generate(n: usize, seed: u64) -> Vec<User> {
    let pool = Pool::new(n, seed);
    (0..n).map(|i| pool.user(i)).collect()
}

/// A synthetic pool of `n` users that makes any one of them on demand: each user has its own
/// random stream, seeded from `(seed, index)`, so user `i` is the same whenever it is made.
#[derive(Debug, Clone, Copy)]
pub struct Pool {
    n: usize,
    seed: u64,
    sub_key: u64,
}

impl Pool {
    pub fn new(n: usize, seed: u64) -> Self {
        Self {
            n,
            seed,
            sub_key: mix(seed ^ 0x5eed_5eed_5eed_5eed),
        }
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// User `index` (which must be below `len`).
    pub fn user(&self, index: usize) -> User {
        let mut rng = fastrand::Rng::with_seed(mix(self.seed ^ index as u64));
        user(index, self.sub_key, &mut rng, self.n)
    }

    /// The index of the user called `username`, if it is one of this pool's: the name carries
    /// the number (`given.family.N`, `Google_N`), and the user made there must bear that name.
    pub fn index_of(&self, username: &str) -> Option<usize> {
        let index = match username.strip_prefix("Google_") {
            Some(number) => number
                .parse::<u64>()
                .ok()?
                .checked_sub(GOOGLE_BASE)
                .and_then(|i| usize::try_from(i).ok())?,
            None => username.rsplit('.').next()?.parse::<usize>().ok()?,
        };
        (index < self.n && self.user(index).username() == username).then_some(index)
    }
}

/// External-provider usernames are `Google_` and this plus the user's number.
const GOOGLE_BASE: u64 = 100_000_000_000_000_000;

fn user(i: usize, sub_key: u64, rng: &mut fastrand::Rng, n: usize) -> User {
    let (given, given_ascii) = GIVEN[rng.usize(..GIVEN.len())];
    let (family, family_ascii) = FAMILY[rng.usize(..FAMILY.len())];
    let domain = DOMAINS[rng.usize(..DOMAINS.len())];
    let span = (LAST_CREATED - FIRST_CREATED) as f64;
    // Creation times grow with i, as in Cognito's listing (creation order).
    let created = FIRST_CREATED + (span * (i as f64 + rng.f64()) / n.max(1) as f64) as i64;
    let last_modified = created + rng.i64(0..=LAST_CREATED.saturating_sub(created).max(1));
    let status = pick_status(rng.u32(..1000));
    let external = status == "EXTERNAL_PROVIDER";
    let username = if external {
        format!("Google_{}", GOOGLE_BASE + i as u64)
    } else {
        format!("{given_ascii}.{family_ascii}.{i}")
    };
    let email = format!("{given_ascii}.{family_ascii}{i}@{domain}");

    let mut attributes = Vec::with_capacity(16);
    let mut add = |name: &str, value: String| attributes.push(exact(name, value));
    add("sub", sub(i as u64, sub_key));
    add("name", format!("{given} {family}"));
    if rng.u8(..10) < 8 {
        add("given_name", given.to_owned());
        add("family_name", family.to_owned());
    }
    add("email", email);
    add("email_verified", (external || rng.u8(..10) < 9).to_string());
    if rng.bool() {
        add("phone_number", format!("+1555{:07}", rng.u32(..10_000_000)));
        add("phone_number_verified", (rng.u8(..4) != 0).to_string());
    }
    if rng.u8(..10) < 6 {
        let (locale, zone) = LOCALES[rng.usize(..LOCALES.len())];
        add("locale", locale.to_owned());
        if rng.bool() {
            add("zoneinfo", zone.to_owned());
        }
    }
    if rng.u8(..10) < 7 {
        add("custom:plan", PLANS[rng.usize(..PLANS.len())].to_owned());
        add(
            "custom:tenant_id",
            format!("tnt_{:012x}", rng.u64(..1 << 48)),
        );
    }
    if rng.u8(..10) < 4 {
        add(
            "custom:crm_id",
            format!("0035g{:013}", rng.u64(..10u64.pow(13))),
        );
    }
    if rng.bool() {
        add("custom:marketing_opt_in", rng.bool().to_string());
        add("custom:loyalty_points", rng.u32(..20_000).to_string());
    }
    if rng.u8(..10) < 3 {
        add("updated_at", last_modified.to_string());
    }
    attributes.shrink_to_fit();

    let mfa = match rng.u8(..10) {
        0 => vec!["SOFTWARE_TOKEN_MFA".to_owned()],
        1 => vec!["SMS_MFA".to_owned()],
        _ => Vec::new(),
    };
    User::from(crate::directory::UserParts {
        username: username.into_boxed_str().into_string(),
        status: status.to_owned(),
        enabled: rng.u8(..100) >= 3,
        created: Some(created),
        last_modified: Some(last_modified),
        mfa: Some(mfa),
        attributes: attributes.into(),
    })
}

fn pick_status(mut roll: u32) -> &'static str {
    for (status, weight) in STATUSES {
        if roll < *weight {
            return status;
        }
        roll -= weight;
    }
    "CONFIRMED"
}

/// An attribute whose strings hold no spare capacity.
fn exact(name: &str, value: String) -> Attribute {
    Attribute {
        name: name.to_owned(),
        value: value.into_boxed_str().into_string(),
    }
}

/// splitmix64's finaliser: a bijection on u64 that spreads consecutive numbers evenly.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A version-4 UUID carrying all 64 bits of `mix(i ^ key)`, so distinct `i` give distinct subs:
/// 32 + 16 bits, the version digit, 12 bits, the variant digit, the last 4 bits, then filler.
fn sub(i: u64, key: u64) -> String {
    let hi = mix(i ^ key);
    let lo = mix(hi ^ 0x9e37_79b9_7f4a_7c15);
    let time_low = hi >> 32;
    let time_mid = (hi >> 16) & 0xffff;
    let time_hi = (hi >> 4) & 0xfff;
    let variant = 0x8 | (lo & 0x3);
    let clock = ((hi & 0xf) << 8) | ((lo >> 2) & 0xff);
    let node = (lo >> 16) & 0xffff_ffff_ffff;
    format!("{time_low:08x}-{time_mid:04x}-4{time_hi:03x}-{variant:x}{clock:03x}-{node:012x}")
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_pool_and_another_seed_another() {
        assert_eq!(generate(300, 7), generate(300, 7));
        assert_ne!(generate(300, 7), generate(300, 8));
        assert_eq!(generate(50, 7).len(), 50);
    }

    #[test]
    fn each_user_made_alone_is_the_user_generated_and_its_name_finds_it() {
        let users = generate(3_000, 7);
        let pool = Pool::new(3_000, 7);
        for index in [0, 1, 17, 1_500, 2_999] {
            assert_eq!(pool.user(index), users[index]);
        }
        for (index, user) in users.iter().enumerate() {
            assert_eq!(
                pool.index_of(user.username()),
                Some(index),
                "{}",
                user.username()
            );
        }
        assert!(users.iter().any(|u| u.username().starts_with("Google_")));
        assert_eq!(pool.index_of("olivia.smith.3000"), None, "past the end");
        assert_eq!(pool.index_of("nobody.at.all"), None);
        assert_eq!(pool.index_of("Google_5"), None);
        // A number of the pool under another name is not that user.
        let other = users[5].username().replace(".5", ".6");
        assert_eq!(pool.index_of(&other), None);
    }

    #[test]
    fn usernames_and_subs_are_unique_and_subs_are_uuids() {
        let users = generate(20_000, 42);
        let names: HashSet<&str> = users.iter().map(|u| u.username()).collect();
        assert_eq!(names.len(), users.len());
        let subs: HashSet<&str> = users.iter().filter_map(|u| u.attribute("sub")).collect();
        assert_eq!(subs.len(), users.len());
        for sub in &subs {
            let groups: Vec<&str> = sub.split('-').collect();
            let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
            assert_eq!(lengths, [8, 4, 4, 4, 12], "{sub}");
            assert!(
                sub.chars()
                    .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            );
            assert_eq!(&groups[2][..1], "4", "version 4: {sub}");
            assert!("89ab".contains(&groups[3][..1]), "variant: {sub}");
        }
    }

    #[test]
    fn the_first_hex_digit_of_sub_is_uniform() {
        let users = generate(32_000, 1);
        let mut counts = [0usize; 16];
        for user in &users {
            let first = user
                .attribute("sub")
                .and_then(|s| s.chars().next())
                .unwrap();
            counts[first.to_digit(16).unwrap() as usize] += 1;
        }
        // 2,000 expected in each; a few standard deviations (~43) either way.
        for (digit, count) in counts.iter().enumerate() {
            assert!((1800..2200).contains(count), "digit {digit:x}: {count}");
        }
        // And the second digit under a first one, for two-digit partitions.
        let under_a = users
            .iter()
            .filter_map(|u| u.attribute("sub"))
            .filter(|s| s.starts_with('a'))
            .count();
        let under_a7 = users
            .iter()
            .filter_map(|u| u.attribute("sub"))
            .filter(|s| s.starts_with("a7"))
            .count();
        assert!(under_a7 * 16 > under_a / 2 && under_a7 * 16 < under_a * 2);
    }

    #[test]
    fn users_look_like_a_real_pool() {
        let users = generate(5_000, 3);
        assert!(
            users
                .iter()
                .all(|u| u.email().is_some_and(|e| e.contains('@')))
        );
        assert!(users.iter().any(|u| !u.enabled()));
        assert!(users.iter().any(|u| u.status() == "FORCE_CHANGE_PASSWORD"));
        assert!(users.iter().any(|u| u.username().starts_with("Google_")));
        assert!(
            users
                .iter()
                .any(|u| u.attribute("name").is_some_and(|n| !n.is_ascii()))
        );
        assert!(users.iter().any(|u| u.attribute("phone_number").is_some()));
        assert!(users.iter().any(|u| u.attribute("phone_number").is_none()));
        assert!(
            users
                .iter()
                .any(|u| u.attribute("custom:plan") == Some("enterprise"))
        );
        assert!(users.windows(2).all(|w| w[0].created() <= w[1].created()));
        assert!(users.iter().all(|u| u.last_modified() >= u.created()));
    }

    #[test]
    fn no_synthetic_username_is_a_demo_username() {
        let demo = crate::directory::demo::load().unwrap();
        let demo_names: HashSet<String> = demo
            .users
            .into_iter()
            .map(|u| u.username().to_owned())
            .collect();
        assert!(
            generate(10_000, 11)
                .iter()
                .all(|u| !demo_names.contains(u.username()))
        );
    }
}
