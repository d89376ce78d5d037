//! The data the app shows: users, their attributes and the pool's schema, independent of the SDK.

use std::sync::Arc;

use serde::Deserialize;

use super::attributes::{AttributeRef, Attributes};
use super::interned;
use crate::search::local::word_starts::StartsRead;

/// Seconds since the Unix epoch, as Cognito reports creation and modification times.
pub type EpochSeconds = i64;

/// A user of the pool, in one block of text: a 1,000,000-user list holds a million of these, so
/// the block holds everything (a small header, the attributes' interned names and where each
/// value ends, then the username and every value one after another) and the struct itself is a
/// pointer and a place. Read through the accessors; built from [`UserParts`]; the setters
/// rebuild the block. A new user's block is its own; [`share_blocks`] lays the blocks of a run of
/// users (a list's chunk) one after another in one allocation, which a pass reading them in order
/// streams through instead of jumping from one heap block to the next.
///
/// The block is a `str` so that fields are read as `&str` in place, without unsafe code and
/// without checking UTF-8 again: the header and index are numbers written 7 bits a byte (every
/// byte below 0x80 is ASCII), the text after them is the user's own. Numbers (`[a..b]` in bytes):
/// `[0..2]` status id, `[2..4]` MFA id + 1 (0: unknown), `[4]` flags, `[5..7]` the number of
/// attributes `n`, `[7..17]` created, `[17..27]` last modified (an `i64`'s bits), `[27..33]`
/// the letters and digits that start a word in the text and `[33..35]` the number of pairs `p`
/// (16,383: too many to keep; both the local filter's bound, `search::local::word_starts`),
/// then `n` name ids of 2 bytes, then `n + 1` text ends of 2 bytes (3 when the text is longer
/// than 16,383 bytes: flag `WIDE`), the first the username's; then the text; then `p` pairs of
/// 2 bytes, last: read by the filter's sweep alone, they leave the text where every other
/// reader finds it, near the header.
#[derive(Clone, PartialEq, Eq)]
pub struct User {
    block: Block,
}

/// A user's block: `len` bytes from `start` of an allocation that holds the block alone, or the
/// blocks of a whole chunk (see [`share_blocks`]). A thin pointer and two `u32`s: two words.
#[derive(Clone)]
struct Block {
    arena: Arc<Box<str>>,
    start: u32,
    len: u32,
}

impl Block {
    fn own(text: String) -> Block {
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        Block {
            arena: Arc::new(text.into_boxed_str()),
            start: 0,
            len,
        }
    }
}

impl std::ops::Deref for Block {
    type Target = str;

    fn deref(&self) -> &str {
        let start = self.start as usize;
        self.arena
            .get(start..start + self.len as usize)
            .unwrap_or("")
    }
}

impl PartialEq for Block {
    fn eq(&self, other: &Block) -> bool {
        **self == **other
    }
}

impl Eq for Block {}

impl User {
    /// Whether the two users' blocks lie in one allocation (see [`share_blocks`]).
    #[cfg(test)]
    pub(super) fn shares_allocation_with(&self, other: &User) -> bool {
        Arc::ptr_eq(&self.block.arena, &other.block.arena)
    }
}

/// Lays the blocks of `users` one after another in one allocation that they then share: a pass
/// over them reads memory in order. A user changed afterwards gets a block of its own again; a
/// user cloned out keeps the shared allocation alive, as long as the clone lives.
pub(super) fn share_blocks(users: &mut [User]) {
    let total: usize = users.iter().map(|u| u.block.len()).sum();
    if u32::try_from(total).is_err() {
        return;
    }
    let mut arena = String::with_capacity(total);
    for user in users.iter() {
        arena.push_str(&user.block);
    }
    let arena = Arc::new(arena.into_boxed_str());
    let mut start = 0u32;
    for user in users {
        let len = user.block.len;
        user.block = Block {
            arena: Arc::clone(&arena),
            start,
            len,
        };
        start += len;
    }
}

const ENABLED: u8 = 1;
const CREATED: u8 = 2;
const MODIFIED: u8 = 4;
const WIDE: u8 = 8;
/// Every field of the user's text is ASCII: a pass need not look.
const ASCII: u8 = 16;
const HEADER: usize = 35;
/// Where the word starts' characters lie in the header, and their bytes.
const STARTS: (usize, usize) = (27, 6);
/// Where the number of word start pairs lies in the header (2 bytes).
const PAIRS: usize = 33;
/// The largest number two 7-bit bytes hold: ids, the attribute count and narrow text ends.
const NARROW: usize = (1 << 14) - 1;
/// The largest text end three bytes hold. A user's text is far below it (Cognito caps a value at
/// 2,048 characters and a pool at 50 custom attributes); attributes past it would be dropped.
const WIDEST: usize = (1 << 21) - 1;

/// An interned value's id, or the reserved one past every real id once a table is full (read
/// back as empty): 16,383 distinct attribute names, statuses or MFA lists never occur.
fn id_or_full(id: Option<u16>) -> usize {
    id.map_or(NARROW, usize::from).min(NARROW)
}

/// Where a block's parts lie, read from its header (see [`User`]).
struct Layout {
    flags: u8,
    /// The number of attributes.
    count: usize,
    /// Bytes a text end takes: 2, or 3 (flag `WIDE`).
    width: usize,
    /// Where the text ends start, after the name ids.
    ends_at: usize,
    /// Where the text starts, after the ends.
    text_at: usize,
}

impl Layout {
    fn of(block: &[u8]) -> Layout {
        let flags = number_in(block, 4, 1) as u8;
        let count = number_in(block, 5, 2) as usize;
        let width = if flags & WIDE != 0 { 3 } else { 2 };
        let ends_at = HEADER + 2 * count;
        Layout {
            flags,
            count,
            width,
            ends_at,
            text_at: ends_at + width * (count + 1),
        }
    }
}

/// The number written at `at` of `block` in `bytes` bytes of 7 bits, lowest first (0 past the
/// block's end).
fn number_in(block: &[u8], at: usize, bytes: usize) -> u64 {
    block
        .get(at..at + bytes)
        .unwrap_or(&[])
        .iter()
        .rev()
        .fold(0, |n, &b| (n << 7) | u64::from(b & 0x7f))
}

/// Appends `value` as `bytes` bytes of 7 bits, lowest first.
fn push_number(block: &mut String, value: u64, bytes: usize) {
    for i in 0..bytes {
        block.push(char::from(((value >> (7 * i)) & 0x7f) as u8));
    }
}

/// A user's text fields in order (the username, then every value): see [`User::fields`].
#[derive(Clone)]
pub struct Fields<'a> {
    /// The text ends not yet read, `width` bytes each.
    ends: &'a [u8],
    text: &'a str,
    width: usize,
    /// Where the next field starts in `text`.
    start: usize,
    /// Whether the whole text is ASCII (the user's flag `ASCII`).
    ascii: bool,
    /// The letters and digits that start a word in the text, and the word start pairs
    /// (`search::local::word_starts`), as the block holds them: read when asked.
    starts: &'a [u8],
    pairs: Option<&'a [u8]>,
}

impl<'a> Iterator for Fields<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let (end, rest) = self.ends.split_at_checked(self.width)?;
        self.ends = rest;
        let end = end
            .iter()
            .rev()
            .fold(0usize, |n, &b| (n << 7) | usize::from(b & 0x7f));
        // As in `User::field`: bounds that were not char boundaries read as empty.
        let field = self.text.get(self.start..end).unwrap_or("");
        self.start = end;
        Some(field)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.ends.len() / self.width.max(1);
        (n, Some(n))
    }
}

impl<'a> Fields<'a> {
    /// The fields not yet read, as one text: each field's text follows the one before.
    pub fn text(&self) -> &'a str {
        self.text.get(self.start..).unwrap_or("")
    }

    /// Whether every field is ASCII, known without reading them.
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// The letters and digits that start a word in any field, and the word start pairs
    /// (`search::local::word_starts`), known without reading the fields.
    pub fn word_starts(&self) -> StartsRead<'a> {
        StartsRead::new(number_in(self.starts, 0, STARTS.1), self.pairs)
    }

    /// No fields: what a missing user reads as.
    pub fn none() -> Self {
        Fields {
            ends: &[],
            text: "",
            width: 2,
            start: 0,
            ascii: true,
            starts: &[],
            pairs: Some(&[]),
        }
    }
}

/// Everything a [`User`] holds, as plain fields: what builders and tests fill in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserParts {
    pub username: String,
    /// Cognito's `UserStatus`, e.g. `CONFIRMED` or `FORCE_CHANGE_PASSWORD`.
    pub status: String,
    pub enabled: bool,
    pub created: Option<EpochSeconds>,
    pub last_modified: Option<EpochSeconds>,
    /// MFA methods the user has set up; `None` when the source did not say (ListUsers does not).
    pub mfa: Option<Vec<String>>,
    pub attributes: Attributes,
}

impl From<UserParts> for User {
    fn from(p: UserParts) -> User {
        User::build(
            &p.username,
            &p.status,
            p.enabled,
            p.created,
            p.last_modified,
            p.mfa.as_deref(),
            p.attributes.iter(),
        )
    }
}

impl User {
    fn build<'a>(
        username: &str,
        status: &str,
        enabled: bool,
        created: Option<EpochSeconds>,
        last_modified: Option<EpochSeconds>,
        mfa: Option<&[String]>,
        attributes: impl Iterator<Item = AttributeRef<'a>> + Clone,
    ) -> User {
        // Only as many attributes as the count and the text ends can say (far more than
        // Cognito allows).
        let mut n = 0;
        let mut text_len = username.len().min(WIDEST);
        let username = username.get(..text_len).unwrap_or("");
        for a in attributes.clone() {
            if n == NARROW || text_len + a.value.len() > WIDEST {
                break;
            }
            n += 1;
            text_len += a.value.len();
        }
        let attributes = attributes.take(n);
        let ascii = username.is_ascii() && attributes.clone().all(|a| a.value.is_ascii());
        let wide = text_len > NARROW;
        let width = if wide { 3 } else { 2 };
        let starts = crate::search::local::word_starts::of(
            std::iter::once(username).chain(attributes.clone().map(|a| a.value)),
        );
        let (kept, pairs) = match &starts.pairs {
            Some(pairs) if pairs.len() < NARROW => (pairs.len(), pairs.as_slice()),
            _ => (NARROW, &[][..]),
        };
        let mut block =
            String::with_capacity(HEADER + 2 * n + width * (n + 1) + 2 * pairs.len() + text_len);
        let status = id_or_full(interned::STATUSES.intern(status, interned::leak_str));
        let mfa = match mfa {
            None => 0,
            Some(list) => {
                id_or_full(interned::MFA.intern(list, interned::leak_list)).min(NARROW - 1) + 1
            }
        };
        let flags = [
            (enabled, ENABLED),
            (created.is_some(), CREATED),
            (last_modified.is_some(), MODIFIED),
            (wide, WIDE),
            (ascii, ASCII),
        ]
        .into_iter()
        .filter(|&(set, _)| set)
        .fold(0, |flags, (_, flag)| flags | flag);
        push_number(&mut block, status as u64, 2);
        push_number(&mut block, mfa as u64, 2);
        push_number(&mut block, u64::from(flags), 1);
        push_number(&mut block, n as u64, 2);
        push_number(&mut block, created.unwrap_or(0) as u64, 10);
        push_number(&mut block, last_modified.unwrap_or(0) as u64, 10);
        push_number(&mut block, starts.chars, STARTS.1);
        push_number(&mut block, kept as u64, 2);
        for a in attributes.clone() {
            let name = id_or_full(interned::NAMES.intern(a.name, interned::leak_str));
            push_number(&mut block, name as u64, 2);
        }
        let mut end = 0;
        for len in std::iter::once(username.len()).chain(attributes.clone().map(|a| a.value.len()))
        {
            end += len;
            push_number(&mut block, end as u64, width);
        }
        block.push_str(username);
        for a in attributes {
            block.push_str(a.value);
        }
        for &pair in pairs {
            push_number(&mut block, u64::from(pair), 2);
        }
        User {
            block: Block::own(block),
        }
    }

    /// The number written at `at` in `bytes` bytes of 7 bits.
    fn number(&self, at: usize, bytes: usize) -> u64 {
        number_in(self.block.as_bytes(), at, bytes)
    }

    fn flags(&self) -> u8 {
        self.layout().flags
    }

    fn layout(&self) -> Layout {
        Layout::of(self.block.as_bytes())
    }

    fn count(&self) -> usize {
        self.layout().count
    }

    fn width(&self) -> usize {
        self.layout().width
    }

    fn ends_at(&self) -> usize {
        self.layout().ends_at
    }

    fn text_at(&self) -> usize {
        self.layout().text_at
    }

    /// Where text field `i` ends (0: the username, `1 + k`: attribute `k`'s value), from the
    /// start of the text.
    fn end(&self, i: usize) -> usize {
        self.number(self.ends_at() + self.width() * i, self.width()) as usize
    }

    /// Text field `i`: the username for 0, else the value of attribute `i - 1`.
    pub(super) fn field(&self, i: usize) -> &str {
        let start = match i {
            0 => 0,
            i => self.end(i - 1),
        };
        let base = self.text_at();
        // Every field was a whole `str` laid after the header, so its bounds are char
        // boundaries; a range that were not would read as empty rather than panic.
        self.block
            .get(base + start..base + self.end(i))
            .unwrap_or("")
    }

    fn name(&self, k: usize) -> &'static str {
        interned::NAMES
            .get(self.number(HEADER + 2 * k, 2) as u16)
            .unwrap_or("")
    }

    pub fn username(&self) -> &str {
        self.field(0)
    }

    /// Cognito's `UserStatus`, e.g. `CONFIRMED` or `FORCE_CHANGE_PASSWORD`.
    pub fn status(&self) -> &str {
        interned::STATUSES
            .get(self.number(0, 2) as u16)
            .unwrap_or("")
    }

    pub fn enabled(&self) -> bool {
        self.flags() & ENABLED != 0
    }

    pub fn created(&self) -> Option<EpochSeconds> {
        (self.flags() & CREATED != 0).then(|| self.number(7, 10) as i64)
    }

    pub fn last_modified(&self) -> Option<EpochSeconds> {
        (self.flags() & MODIFIED != 0).then(|| self.number(17, 10) as i64)
    }

    /// MFA methods the user has set up; `None` when the source did not say (ListUsers does not).
    pub fn mfa(&self) -> Option<&[String]> {
        match self.number(2, 2) as u16 {
            0 => None,
            id => Some(interned::MFA.get(id - 1).unwrap_or(&[])),
        }
    }

    pub fn attributes(&self) -> UserAttributes<'_> {
        UserAttributes { user: self }
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes().value_of(name)
    }

    pub fn email(&self) -> Option<&str> {
        self.attribute("email")
    }

    /// The text the local filter matches: the username, then every attribute value, read in
    /// one walk of the block (the header is decoded once, not once a field).
    pub fn fields(&self) -> Fields<'_> {
        // The block is found and the header read once: a pass calls this for every user.
        let block: &str = &self.block;
        let at = Layout::of(block.as_bytes());
        // The last text end is the text's length: the pairs follow the text.
        let text_len = number_in(block.as_bytes(), at.ends_at + at.width * at.count, at.width);
        let text_end = at.text_at + text_len as usize;
        // Read here, not in `Layout::of`: every attribute read decodes the layout, a pass alone
        // wants the pairs.
        let pairs = Some(number_in(block.as_bytes(), PAIRS, 2) as usize).filter(|&p| p != NARROW);
        Fields {
            ends: block.as_bytes().get(at.ends_at..at.text_at).unwrap_or(&[]),
            text: block.get(at.text_at..text_end).unwrap_or(""),
            width: at.width,
            start: 0,
            ascii: at.flags & ASCII != 0,
            starts: block
                .as_bytes()
                .get(STARTS.0..STARTS.0 + STARTS.1)
                .unwrap_or(&[]),
            pairs: pairs.map(|p| {
                block
                    .as_bytes()
                    .get(text_end..text_end + 2 * p)
                    .unwrap_or(&[])
            }),
        }
    }

    /// The same user as plain fields, to change several at once.
    pub fn to_parts(&self) -> UserParts {
        UserParts {
            username: self.username().to_owned(),
            status: self.status().to_owned(),
            enabled: self.enabled(),
            created: self.created(),
            last_modified: self.last_modified(),
            mfa: self.mfa().map(<[String]>::to_vec),
            attributes: self.attributes().iter().collect(),
        }
    }

    fn change(&mut self, f: impl FnOnce(&mut UserParts)) {
        let mut parts = self.to_parts();
        f(&mut parts);
        *self = parts.into();
    }

    /// The same user with `mfa` instead.
    pub fn with_mfa(mut self, mfa: Option<Vec<String>>) -> User {
        self.set_mfa(mfa);
        self
    }

    pub fn set_username(&mut self, username: &str) {
        self.change(|p| p.username = username.to_owned());
    }

    pub fn set_status(&mut self, status: &str) {
        self.change(|p| p.status = status.to_owned());
    }

    pub fn set_enabled(&mut self, enabled: bool) {
        self.change(|p| p.enabled = enabled);
    }

    pub fn set_created(&mut self, created: Option<EpochSeconds>) {
        self.change(|p| p.created = created);
    }

    pub fn set_last_modified(&mut self, last_modified: Option<EpochSeconds>) {
        self.change(|p| p.last_modified = last_modified);
    }

    pub fn set_mfa(&mut self, mfa: Option<Vec<String>>) {
        self.change(|p| p.mfa = mfa);
    }

    /// Replaces every attribute.
    pub fn set_attributes(&mut self, attributes: Attributes) {
        self.change(|p| p.attributes = attributes);
    }

    /// Sets the attribute `name` to `value`, adding it at the end when the user has none.
    pub fn set_attribute(&mut self, name: &str, value: &str) {
        self.change(|p| p.attributes.set(name, value));
    }

    /// Adds an attribute at the end.
    pub fn push_attribute(&mut self, attribute: super::Attribute) {
        self.change(|p| p.attributes.push(attribute));
    }

    /// Keeps the attributes for which `keep` says so.
    pub fn retain_attributes(&mut self, keep: impl FnMut(AttributeRef<'_>) -> bool) {
        self.change(|p| p.attributes.retain(keep));
    }
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("username", &self.username())
            .field("status", &self.status())
            .field("enabled", &self.enabled())
            .field("created", &self.created())
            .field("last_modified", &self.last_modified())
            .field("mfa", &self.mfa())
            .field("attributes", &self.attributes())
            .finish()
    }
}

/// A user's attributes, read in place from its block.
#[derive(Clone, Copy)]
pub struct UserAttributes<'a> {
    user: &'a User,
}

impl<'a> UserAttributes<'a> {
    pub fn len(self) -> usize {
        self.user.count()
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The attribute at `index`, in the source's order.
    pub fn get(self, index: usize) -> Option<AttributeRef<'a>> {
        (index < self.len()).then(|| AttributeRef {
            name: self.user.name(index),
            value: self.user.field(index + 1),
        })
    }

    pub fn iter(self) -> UserAttributesIter<'a> {
        UserAttributesIter {
            attributes: self,
            next: 0,
        }
    }

    /// Every value, in order.
    pub fn values(self) -> impl Iterator<Item = &'a str> + Clone {
        self.iter().map(|a| a.value)
    }

    /// The value of the attribute called `name`.
    pub fn value_of(self, name: &str) -> Option<&'a str> {
        self.iter().find(|a| a.name == name).map(|a| a.value)
    }

    pub fn contains(self, name: &str) -> bool {
        (0..self.len()).any(|k| self.user.name(k) == name)
    }

    pub fn to_vec(self) -> Vec<super::Attribute> {
        self.iter().map(AttributeRef::to_owned).collect()
    }
}

impl PartialEq for UserAttributes<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for UserAttributes<'_> {}

impl std::fmt::Debug for UserAttributes<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.iter().map(|a| (a.name, a.value)))
            .finish()
    }
}

/// Reads a user's attributes in order.
#[derive(Clone)]
pub struct UserAttributesIter<'a> {
    attributes: UserAttributes<'a>,
    next: usize,
}

impl<'a> Iterator for UserAttributesIter<'a> {
    type Item = AttributeRef<'a>;

    fn next(&mut self) -> Option<AttributeRef<'a>> {
        let a = self.attributes.get(self.next)?;
        self.next += 1;
        Some(a)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.attributes.len().saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for UserAttributesIter<'_> {}

impl<'a> IntoIterator for UserAttributes<'a> {
    type Item = AttributeRef<'a>;
    type IntoIter = UserAttributesIter<'a>;

    fn into_iter(self) -> UserAttributesIter<'a> {
        self.iter()
    }
}

/// One page of `ListUsers`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserPage {
    pub users: Vec<User>,
    pub next_token: Option<String>,
}

/// How many users one `ListUsers` call may return. Cognito refuses more than 60; the type makes a
/// larger page impossible to ask for, whatever the server would accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize(u8);

impl PageSize {
    pub const MAX: PageSize = PageSize(60);

    /// A page size, clamped into Cognito's range 1..=60.
    pub fn clamped(n: usize) -> Self {
        PageSize(n.clamp(1, Self::MAX.0 as usize) as u8)
    }

    pub fn get(self) -> usize {
        self.0 as usize
    }
}

impl Default for PageSize {
    fn default() -> Self {
        Self::MAX
    }
}

/// A `ListUsers` request: an optional Cognito filter expression and where to continue.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListUsersRequest {
    pub filter: Option<String>,
    pub page_size: PageSize,
    pub token: Option<String>,
}

/// One attribute of the pool's schema.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SchemaAttribute {
    pub name: String,
    #[serde(default = "default_data_type")]
    pub data_type: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default = "default_true")]
    pub mutable: bool,
    #[serde(default)]
    pub custom: bool,
}

fn default_data_type() -> String {
    "String".to_owned()
}

fn default_true() -> bool {
    true
}

/// One sign-in or other authentication event of a user (`AdminListUserAuthEvents`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthEvent {
    pub event_id: String,
    /// `SignIn`, `SignUp`, `ForgotPassword`, …
    pub event_type: String,
    pub created: Option<EpochSeconds>,
    /// `Pass`, `Fail` or `InProgress`.
    pub response: String,
    /// The risk Cognito saw (`Low`, `Medium`, `High`, `NoRisk`) when threat protection is on.
    pub risk_level: Option<String>,
    pub ip_address: Option<String>,
    pub device: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
}

/// One group of the pool (`ListGroups`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupInfo {
    pub name: String,
    pub description: Option<String>,
    pub precedence: Option<i32>,
}

/// One pool of the account, for the pool picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSummary {
    pub id: String,
    pub name: String,
    pub estimated_users: Option<u64>,
}

/// What the app knows of the pool from `DescribeUserPool`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PoolInfo {
    pub id: String,
    pub name: String,
    pub estimated_users: Option<u64>,
    pub schema: Vec<SchemaAttribute>,
    /// `OFF`, `ON` or `OPTIONAL`.
    pub mfa_configuration: Option<String>,
    pub username_attributes: Vec<String>,
    pub alias_attributes: Vec<String>,
    /// The rest of `DescribeUserPool`, for the pool's describe view; empty where the directory
    /// does not say.
    pub details: Box<PoolDetails>,
}

/// What `DescribeUserPool` tells beyond the schema and MFA: shown by the describe view only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PoolDetails {
    pub arn: Option<String>,
    pub created: Option<EpochSeconds>,
    pub last_modified: Option<EpochSeconds>,
    pub password_policy: Option<PasswordPolicy>,
    /// The Lambda triggers set: `(trigger, function ARN)`, in Cognito's order.
    pub triggers: Vec<(String, String)>,
    pub auto_verified_attributes: Vec<String>,
    /// `ACTIVE` or `INACTIVE`.
    pub deletion_protection: Option<String>,
    /// `LITE`, `ESSENTIALS` or `PLUS`.
    pub tier: Option<String>,
    pub domain: Option<String>,
}

/// The pool's password policy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PasswordPolicy {
    pub minimum_length: Option<i32>,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
    pub temporary_password_validity_days: Option<i32>,
}

impl PoolInfo {
    /// The schema's entry for `name`, or Cognito's own for a standard attribute the server left
    /// out (moto's `DescribeUserPool` omits most): every pool has the standard attributes.
    pub fn schema_attribute(&self, name: &str) -> Option<&SchemaAttribute> {
        self.schema
            .iter()
            .find(|a| a.name == name)
            .or_else(|| standard_attribute(name))
    }
}

/// Cognito's standard attributes, which every pool has: `sub` and the 19 of OpenID Connect.
pub const STANDARD_ATTRIBUTES: &[&str] = &[
    "sub",
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "email_verified",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "phone_number",
    "phone_number_verified",
    "address",
    "updated_at",
];

/// Cognito's default schema entry for a standard attribute: `sub` is required and immutable,
/// the others optional and mutable (a pool may make some required; its schema then says so).
pub fn standard_attribute(name: &str) -> Option<&'static SchemaAttribute> {
    static STANDARD: std::sync::LazyLock<Vec<SchemaAttribute>> = std::sync::LazyLock::new(|| {
        STANDARD_ATTRIBUTES
            .iter()
            .map(|&name| SchemaAttribute {
                name: name.to_owned(),
                data_type: match name {
                    "email_verified" | "phone_number_verified" => "Boolean",
                    "updated_at" => "Number",
                    _ => "String",
                }
                .to_owned(),
                required: name == "sub",
                mutable: name != "sub",
                custom: false,
            })
            .collect()
    });
    STANDARD.iter().find(|a| a.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::Attribute;

    fn text(rng: &mut fastrand::Rng, max: usize) -> String {
        const PIECES: &[&str] = &[
            "a", "Z", "0", "@", ".", "é", "ß", "中", "😀", "\u{202e}", " ",
        ];
        (0..rng.usize(..=max))
            .map(|_| PIECES[rng.usize(..PIECES.len())])
            .collect()
    }

    fn parts(rng: &mut fastrand::Rng) -> UserParts {
        let time = |rng: &mut fastrand::Rng| match rng.u8(..4) {
            0 => None,
            1 => Some(i64::MIN),
            2 => Some(i64::MAX),
            _ => Some(rng.i64(..)),
        };
        let n = match rng.u8(..10) {
            0 => 0,
            1 => 70,
            _ => rng.usize(..20),
        };
        let long = rng.u8(..8) == 0;
        UserParts {
            username: text(rng, 12),
            status: ["CONFIRMED", "UNCONFIRMED", "", "FORCE_CHANGE_PASSWORD"][rng.usize(..4)]
                .to_owned(),
            enabled: rng.bool(),
            created: time(rng),
            last_modified: time(rng),
            mfa: match rng.u8(..3) {
                0 => None,
                1 => Some(Vec::new()),
                _ => Some(vec!["SMS_MFA".to_owned(), text(rng, 3)]),
            },
            attributes: (0..n)
                .map(|i| {
                    let name = if rng.bool() {
                        format!("custom:a{i}")
                    } else {
                        text(rng, 4)
                    };
                    // Now and then a value long enough that the text ends need three bytes.
                    let value = if long && i == 0 {
                        "ö".repeat(9_000)
                    } else {
                        text(rng, 6)
                    };
                    Attribute::new(name, value)
                })
                .collect(),
        }
    }

    #[test]
    fn a_user_reads_back_everything_it_was_built_from() {
        let mut rng = fastrand::Rng::with_seed(15);
        for round in 0..2_000 {
            let parts = parts(&mut rng);
            let user = User::from(parts.clone());
            assert_eq!(user.username(), parts.username, "round {round}");
            assert_eq!(user.status(), parts.status);
            assert_eq!(user.enabled(), parts.enabled);
            assert_eq!(user.created(), parts.created);
            assert_eq!(user.last_modified(), parts.last_modified);
            assert_eq!(user.mfa(), parts.mfa.as_deref());
            assert_eq!(user.attributes().len(), parts.attributes.len());
            assert!(
                user.attributes().iter().eq(parts.attributes.iter()),
                "round {round}"
            );
            for (i, a) in parts.attributes.iter().enumerate() {
                assert_eq!(user.attributes().get(i), Some(a));
                assert_eq!(user.attribute(a.name), parts.attributes.value_of(a.name));
                assert!(user.attributes().contains(a.name));
            }
            assert_eq!(user.attributes().get(parts.attributes.len()), None);
            let fields: Vec<&str> = user.fields().collect();
            let expected: Vec<&str> = std::iter::once(parts.username.as_str())
                .chain(parts.attributes.values())
                .collect();
            assert_eq!(fields, expected);
            assert_eq!(
                user.fields().is_ascii(),
                expected.iter().all(|f| f.is_ascii()),
                "round {round}"
            );
            let starts = crate::search::local::word_starts::of(expected.iter().copied());
            assert_eq!(user.fields().word_starts().chars(), starts.chars);
            assert_eq!(
                user.fields().word_starts().pairs().map(Iterator::collect),
                starts.pairs,
                "round {round}"
            );
            assert_eq!(user.to_parts(), parts);
            assert_eq!(
                User::from(user.to_parts()),
                user,
                "equal parts give equal users"
            );
        }
    }

    #[test]
    fn setters_change_only_what_they_name() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..200 {
            let parts = parts(&mut rng);
            let mut user = User::from(parts.clone());
            user.set_enabled(!parts.enabled);
            user.set_status("RESET_REQUIRED");
            user.set_mfa(Some(vec!["SOFTWARE_TOKEN_MFA".into()]));
            user.set_attribute("locale", "fr-FR");
            let mut expected = parts.clone();
            expected.enabled = !parts.enabled;
            expected.status = "RESET_REQUIRED".into();
            expected.mfa = Some(vec!["SOFTWARE_TOKEN_MFA".into()]);
            expected.attributes.set("locale", "fr-FR");
            assert_eq!(user.to_parts(), expected);
        }
    }

    #[test]
    fn a_user_is_two_words() {
        assert_eq!(std::mem::size_of::<User>(), 16);
    }

    #[test]
    fn users_sharing_one_allocation_read_and_change_as_before() {
        let mut users: Vec<User> = (0..40).map(super::super::fixtures::user).collect();
        users[7].set_attribute("name", "Zoë Brontë");
        users[9].set_attributes(Attributes::default());
        let before = users.clone();
        share_blocks(&mut users);
        assert_eq!(users, before);
        assert!(
            users
                .iter()
                .all(|u| Arc::ptr_eq(&u.block.arena, &users[0].block.arena)),
            "one allocation"
        );
        for (user, old) in users.iter().zip(&before) {
            assert_eq!(
                user.fields().collect::<Vec<_>>(),
                old.fields().collect::<Vec<_>>()
            );
            assert_eq!(
                user.fields().text(),
                old.fields().text(),
                "no neighbour's text"
            );
            assert_eq!(user.to_parts(), old.to_parts());
        }
        users[8].set_attribute("locale", "fr-FR");
        assert_eq!(users[8].attribute("locale"), Some("fr-FR"));
        assert!(!Arc::ptr_eq(&users[8].block.arena, &users[0].block.arena));
        assert_eq!(users[7], before[7]);
        assert_eq!(users[9], before[9]);
    }

    #[test]
    fn standard_attributes_are_part_of_every_pool_with_cognitos_flags() {
        assert_eq!(STANDARD_ATTRIBUTES.len(), 20);
        let pool = PoolInfo {
            schema: vec![SchemaAttribute {
                name: "email".into(),
                data_type: "String".into(),
                required: true,
                mutable: true,
                custom: false,
            }],
            ..PoolInfo::default()
        };
        assert!(
            pool.schema_attribute("email").unwrap().required,
            "the pool's own entry wins"
        );
        let birthdate = pool.schema_attribute("birthdate").unwrap();
        assert!(!birthdate.required && birthdate.mutable && !birthdate.custom);
        let sub = pool.schema_attribute("sub").unwrap();
        assert!(sub.required && !sub.mutable);
        assert_eq!(
            pool.schema_attribute("email_verified").unwrap().data_type,
            "Boolean"
        );
        assert!(pool.schema_attribute("identities").is_none());
        assert!(pool.schema_attribute("custom:plan").is_none());
    }
}
