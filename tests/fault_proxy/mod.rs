//! A fault-injecting HTTP/1.1 proxy for tests: it sits on 127.0.0.1 between the SDK and an
//! emulator (moto), and can add latency, answer `TooManyRequestsException` at random or above
//! a per-second quota, answer 500s, and drop connections — before forwarding a request, or after
//! (the server applied it, the client never hears). It counts everything it did.
//!
//! Bounded on purpose: it forwards only to a loopback address, refuses requests larger than
//! 1 MiB, answers 503 after `max_requests`, and stops (every connection with it) when dropped.
#![allow(dead_code)]

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::Instant;

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 1024 * 1024;
const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(20);
const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// A per-second quota on some operations, enforced over a sliding one-second window.
#[derive(Debug, Clone)]
pub struct Quota {
    pub per_second: u32,
    /// Operation names (`AdminDeleteUserAttributes`, …); the quota counts them together.
    pub operations: Vec<String>,
}

/// What the proxy does to the requests it sees. Rates are probabilities (0.0..=1.0).
#[derive(Debug, Clone)]
pub struct Faults {
    /// Added before each request is handled.
    pub latency: Duration,
    pub throttle_rate: f64,
    pub server_error_rate: f64,
    pub drop_rate: f64,
    /// At most this many connections are dropped in all ("a few").
    pub max_drops: usize,
    /// Quotas, each over its own operations and window.
    pub quotas: Vec<Quota>,
    /// Faults hit only these operations; all operations when empty.
    pub only: Vec<String>,
    /// After this many requests every further one is answered 503: a runaway test stops.
    pub max_requests: usize,
    pub seed: u64,
    /// Requests held without an answer until the client gives up (a stalled connection).
    pub hang: Vec<Hang>,
}

/// Which requests are held: those of `operation` whose body contains `body_contains` (any body
/// when `None`, e.g. `Some("\"Username\":\"bo\"")` for one user's call).
#[derive(Debug, Clone)]
pub struct Hang {
    pub operation: String,
    pub body_contains: Option<String>,
    /// The first this many matching requests go through (e.g. a read before the one to hold).
    pub skip: usize,
    /// At most this many are held; those after go through (a stall the retry gets past).
    pub at_most: usize,
}

impl Hang {
    pub fn operation(operation: &str) -> Hang {
        Hang {
            operation: operation.to_owned(),
            body_contains: None,
            skip: 0,
            at_most: usize::MAX,
        }
    }

    /// `operation`'s calls for one user (its JSON body names the user).
    pub fn user(operation: &str, username: &str) -> Hang {
        Hang {
            operation: operation.to_owned(),
            body_contains: Some(format!("\"Username\":\"{username}\"")),
            skip: 0,
            at_most: usize::MAX,
        }
    }

    /// The same, letting the first `n` matching requests through.
    pub fn after(self, n: usize) -> Hang {
        Hang { skip: n, ..self }
    }

    /// The same, holding only the first `n` matching requests it would hold.
    pub fn only(self, n: usize) -> Hang {
        Hang { at_most: n, ..self }
    }

    fn holds(&self, request: &Message) -> bool {
        request.operation() == self.operation
            && self.body_contains.as_ref().is_none_or(|needle| {
                String::from_utf8_lossy(&request.body).contains(needle.as_str())
            })
    }
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            latency: Duration::ZERO,
            throttle_rate: 0.0,
            server_error_rate: 0.0,
            drop_rate: 0.0,
            max_drops: 0,
            quotas: Vec::new(),
            only: Vec::new(),
            max_requests: 100_000,
            seed: 7,
            hang: Vec::new(),
        }
    }
}

impl Faults {
    /// A rough network: 2 ms latency, a fifth of requests throttled, one in twenty a 500 and a
    /// few connections dropped, drawn from `seed`.
    pub fn rough(seed: u64) -> Self {
        Self {
            latency: Duration::from_millis(2),
            throttle_rate: 0.20,
            server_error_rate: 0.05,
            drop_rate: 0.02,
            max_drops: 6,
            seed,
            ..Self::default()
        }
    }
}

/// What the proxy did, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub requests: usize,
    pub forwarded: usize,
    /// TooManyRequests answered at random.
    pub throttled: usize,
    /// TooManyRequests answered because a quota was exceeded.
    pub over_quota: usize,
    /// The same, per operation.
    pub over_quota_by: BTreeMap<String, usize>,
    pub server_errors: usize,
    /// Connections dropped before the request reached the server.
    pub dropped_before: usize,
    /// Connections dropped after the server handled the request: the answer is lost.
    pub dropped_after: usize,
    pub refused: usize,
    /// Requests held without an answer (`Faults::hang`).
    pub hung: usize,
    /// Requests that matched each `Faults::hang` rule, by its index.
    pub hang_matches: BTreeMap<usize, usize>,
    /// Requests seen per operation.
    pub operations: BTreeMap<String, usize>,
}

impl Stats {
    pub fn dropped(&self) -> usize {
        self.dropped_before + self.dropped_after
    }
}

struct Shared {
    upstream: SocketAddr,
    faults: Mutex<Faults>,
    rng: Mutex<fastrand::Rng>,
    stats: Mutex<Stats>,
    /// When recent quota-counted requests arrived, one window per quota.
    windows: Mutex<Vec<VecDeque<Instant>>>,
}

/// The running proxy; dropping it stops it.
pub struct FaultProxy {
    url: String,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// What to do with one request.
enum Decision {
    Forward,
    Throttle { over_quota: bool },
    ServerError,
    DropBefore,
    DropAfter,
    Refuse,
}

impl FaultProxy {
    /// Starts a proxy on 127.0.0.1 (a free port) in front of `upstream`, an `http://` URL on a
    /// loopback address. Panics otherwise: a test proxy never sends traffic elsewhere.
    pub async fn start(upstream: &str, faults: Faults) -> FaultProxy {
        let addr = loopback_addr(upstream);
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fault proxy on 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let shared = Arc::new(Shared {
            upstream: addr,
            rng: Mutex::new(fastrand::Rng::with_seed(faults.seed)),
            faults: Mutex::new(faults),
            stats: Mutex::new(Stats::default()),
            windows: Mutex::new(Vec::new()),
        });
        let accept_shared = Arc::clone(&shared);
        let task = tokio::spawn(async move {
            // Connections live in this set: aborting the accept task drops it, ending them all.
            let mut connections = JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => match accepted {
                        Ok((stream, _)) => {
                            let shared = Arc::clone(&accept_shared);
                            connections.spawn(serve(stream, shared));
                        }
                        Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                    },
                    Some(_) = connections.join_next(), if !connections.is_empty() => {}
                }
            }
        });
        FaultProxy { url, shared, task }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn stats(&self) -> Stats {
        self.shared.stats.lock().unwrap().clone()
    }

    /// Changes the faults from now on (e.g. none, to read the final state cleanly).
    pub fn set_faults(&self, faults: Faults) {
        *self.shared.faults.lock().unwrap() = faults;
    }
}

fn loopback_addr(url: &str) -> SocketAddr {
    let rest = url
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("the fault proxy forwards to http:// URLs only, not {url}"));
    let host_port = rest.trim_end_matches('/');
    let host_port = host_port.replacen("localhost", "127.0.0.1", 1);
    let addr: SocketAddr = host_port
        .parse()
        .unwrap_or_else(|_| panic!("the fault proxy needs host:port with an IP, not {url}"));
    assert!(
        addr.ip().is_loopback(),
        "the fault proxy forwards only to loopback addresses, not {addr}"
    );
    addr
}

/// One parsed HTTP/1.1 message.
struct Message {
    start: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Message {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn operation(&self) -> String {
        self.header("x-amz-target")
            .map(|t| t.trim_start_matches(TARGET_PREFIX).to_owned())
            .unwrap_or_else(|| "?".to_owned())
    }

    /// The message as bytes, with a Content-Length of its body and the given Connection.
    fn encode(&self, connection: &str) -> Vec<u8> {
        let mut out = format!("{}\r\n", self.start);
        for (name, value) in &self.headers {
            let skip = [
                "connection",
                "content-length",
                "transfer-encoding",
                "keep-alive",
            ];
            if !skip.iter().any(|s| name.eq_ignore_ascii_case(s)) {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        out.push_str(&format!(
            "content-length: {}\r\nconnection: {connection}\r\n\r\n",
            self.body.len()
        ));
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// Serves one client connection, request after request (keep-alive).
async fn serve(mut client: TcpStream, shared: Arc<Shared>) {
    let mut buffer = Vec::new();
    loop {
        let request = match read_message(&mut client, &mut buffer).await {
            Ok(Some(request)) => request,
            _ => return,
        };
        let operation = request.operation();
        if should_hang(&shared, &request) {
            hold(&mut client).await;
            return;
        }
        let decision = decide(&shared, &operation).await;
        let reply = match decision {
            Decision::DropBefore => return,
            Decision::Throttle { .. } => error_response(
                400,
                "Bad Request",
                r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#,
            ),
            Decision::ServerError => error_response(
                500,
                "Internal Server Error",
                r#"{"message":"Internal server error (fault proxy)"}"#,
            ),
            Decision::Refuse => error_response(
                503,
                "Service Unavailable",
                r#"{"message":"fault proxy request limit reached"}"#,
            ),
            Decision::Forward | Decision::DropAfter => {
                let answer =
                    tokio::time::timeout(UPSTREAM_TIMEOUT, forward(&shared, &request)).await;
                match answer {
                    Ok(Ok(response)) => {
                        if matches!(decision, Decision::DropAfter) {
                            return;
                        }
                        response.encode("keep-alive")
                    }
                    _ => return,
                }
            }
        };
        if client.write_all(&reply).await.is_err() {
            return;
        }
        if request
            .header("connection")
            .is_some_and(|c| c.eq_ignore_ascii_case("close"))
        {
            return;
        }
    }
}

/// Whether a `Faults::hang` rule holds this request; counts it if so.
fn should_hang(shared: &Shared, request: &Message) -> bool {
    let rules = shared.faults.lock().unwrap().hang.clone();
    let mut stats = shared.stats.lock().unwrap();
    for (index, rule) in rules.iter().enumerate() {
        if !rule.holds(request) {
            continue;
        }
        let seen = stats.hang_matches.entry(index).or_default();
        *seen += 1;
        if *seen > rule.skip && *seen - rule.skip <= rule.at_most {
            stats.requests += 1;
            stats.hung += 1;
            *stats.operations.entry(request.operation()).or_default() += 1;
            return true;
        }
    }
    false
}

/// Answers nothing until the client closes the connection (it gave up), or a minute passes.
async fn hold(client: &mut TcpStream) {
    let mut sink = [0u8; 1024];
    let _ = tokio::time::timeout(Duration::from_secs(60), async {
        while let Ok(n) = client.read(&mut sink).await {
            if n == 0 {
                break;
            }
        }
    })
    .await;
}

async fn decide(shared: &Shared, operation: &str) -> Decision {
    let faults = shared.faults.lock().unwrap().clone();
    if !faults.latency.is_zero() {
        tokio::time::sleep(faults.latency).await;
    }
    let mut stats = shared.stats.lock().unwrap();
    stats.requests += 1;
    *stats.operations.entry(operation.to_owned()).or_default() += 1;
    if stats.requests > faults.max_requests {
        stats.refused += 1;
        return Decision::Refuse;
    }
    let now = Instant::now();
    let mut windows = shared.windows.lock().unwrap();
    windows.resize_with(faults.quotas.len(), VecDeque::new);
    for (quota, window) in faults.quotas.iter().zip(windows.iter_mut()) {
        if !quota.operations.iter().any(|o| o == operation) {
            continue;
        }
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            window.pop_front();
        }
        if window.len() >= quota.per_second as usize {
            stats.over_quota += 1;
            *stats.over_quota_by.entry(operation.to_owned()).or_default() += 1;
            return Decision::Throttle { over_quota: true };
        }
        window.push_back(now);
    }
    drop(windows);
    let targeted = faults.only.is_empty() || faults.only.iter().any(|o| o == operation);
    if targeted {
        let mut rng = shared.rng.lock().unwrap();
        if stats.dropped() < faults.max_drops && rng.f64() < faults.drop_rate {
            return if rng.bool() {
                stats.dropped_before += 1;
                Decision::DropBefore
            } else {
                stats.dropped_after += 1;
                Decision::DropAfter
            };
        }
        if rng.f64() < faults.throttle_rate {
            stats.throttled += 1;
            return Decision::Throttle { over_quota: false };
        }
        if rng.f64() < faults.server_error_rate {
            stats.server_errors += 1;
            return Decision::ServerError;
        }
    }
    stats.forwarded += 1;
    Decision::Forward
}

async fn forward(shared: &Shared, request: &Message) -> std::io::Result<Message> {
    let mut upstream = TcpStream::connect(shared.upstream).await?;
    upstream.write_all(&request.encode("close")).await?;
    let mut buffer = Vec::new();
    read_message(&mut upstream, &mut buffer)
        .await?
        .ok_or_else(|| std::io::Error::other("upstream closed without answering"))
}

fn error_response(status: u16, reason: &str, body: &str) -> Vec<u8> {
    Message {
        start: format!("HTTP/1.1 {status} {reason}"),
        headers: vec![
            ("content-type".into(), "application/x-amz-json-1.1".into()),
            ("x-amzn-requestid".into(), "fault-proxy".into()),
        ],
        body: body.as_bytes().to_vec(),
    }
    .encode("keep-alive")
}

/// Reads one message from `stream`; `buffer` keeps bytes already read past it. `None` when the
/// stream ends cleanly before a message starts.
async fn read_message(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
) -> std::io::Result<Option<Message>> {
    let head_end = loop {
        if let Some(i) = find(buffer, b"\r\n\r\n") {
            break i;
        }
        if buffer.len() > MAX_HEAD {
            return Err(std::io::Error::other("header too large"));
        }
        if fill(stream, buffer).await? == 0 {
            return if buffer.is_empty() {
                Ok(None)
            } else {
                Err(std::io::ErrorKind::UnexpectedEof.into())
            };
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    buffer.drain(..head_end + 4);
    let mut lines = head.split("\r\n");
    let start = lines.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let get = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let body = if let Some(length) = get("content-length") {
        let length: usize = length
            .parse()
            .map_err(|_| std::io::Error::other("bad content-length"))?;
        if length > MAX_BODY {
            return Err(std::io::Error::other("body too large"));
        }
        while buffer.len() < length {
            if fill(stream, buffer).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
        }
        buffer.drain(..length).collect()
    } else if get("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        read_chunked(stream, buffer).await?
    } else if start.starts_with("HTTP/") {
        // A response with no length ends when the server closes.
        while fill(stream, buffer).await? > 0 {
            if buffer.len() > MAX_BODY {
                return Err(std::io::Error::other("body too large"));
            }
        }
        std::mem::take(buffer)
    } else {
        Vec::new()
    };
    Ok(Some(Message {
        start,
        headers,
        body,
    }))
}

async fn read_chunked(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = loop {
            if let Some(i) = find(buffer, b"\r\n") {
                break i;
            }
            if fill(stream, buffer).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
        };
        let size_text = String::from_utf8_lossy(&buffer[..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| std::io::Error::other("bad chunk size"))?;
        buffer.drain(..line_end + 2);
        if body.len() + size > MAX_BODY {
            return Err(std::io::Error::other("body too large"));
        }
        while buffer.len() < size + 2 {
            if fill(stream, buffer).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
        }
        body.extend(buffer.drain(..size));
        buffer.drain(..2);
        if size == 0 {
            return Ok(body);
        }
    }
}

async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut chunk = [0u8; 8192];
    let n = stream.read(&mut chunk).await?;
    buffer.extend_from_slice(&chunk[..n]);
    Ok(n)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Retries for runs behind the proxy: fast, so the suite stays quick, and enough attempts that
/// 25 % faults never exhaust them.
pub fn fast_retry() -> cognito_tui::retry::RetryPolicy {
    cognito_tui::retry::RetryPolicy {
        max_attempts: 10,
        base_delay: Duration::from_millis(4),
        max_delay: Duration::from_millis(60),
        ..cognito_tui::retry::RetryPolicy::default()
    }
}

/// Client-side quotas well above what the proxy allows, so the proxy's throttling is what the
/// engine meets.
pub fn generous_quotas() -> cognito_tui::limiter::Quotas {
    cognito_tui::limiter::Quotas {
        user_update: 400,
        user_list: 100,
        user_read: 800,
        user_pool_read: 50,
        user_resource_read: 800,
        ..cognito_tui::limiter::Quotas::default()
    }
}

/// A journal in a fresh temporary directory; it lasts as long as the directory.
pub fn temp_journal() -> (tempfile::TempDir, Arc<cognito_tui::journal::Journal>) {
    let dir = tempfile::tempdir().unwrap();
    let journal = cognito_tui::journal::Journal::open(dir.path().join("journal.jsonl")).unwrap();
    (dir, Arc::new(journal))
}

/// The bulk engine for pool `pool_id` over `client` (one that goes through the proxy, or to
/// the emulator itself), with [`fast_retry`], `quotas` and `journal`.
pub fn bulk_over(
    client: aws_sdk_cognitoidentityprovider::Client,
    pool_id: &str,
    journal: Arc<cognito_tui::journal::Journal>,
    quotas: &cognito_tui::limiter::Quotas,
) -> cognito_tui::bulk::Bulk {
    use cognito_tui::directory::aws::{AwsReader, AwsWriter};
    let access = cognito_tui::directory::Access::ReadWrite {
        reader: Arc::new(AwsReader::new(client.clone(), pool_id)),
        writer: Arc::new(AwsWriter::new(client, pool_id)),
    };
    cognito_tui::bulk::Bulk::new(
        &access,
        pool_id.to_owned(),
        Arc::new(cognito_tui::limiter::Limiter::new(quotas)),
        fast_retry(),
    )
    .with_journal(journal)
}

/// [`bulk_over`] with [`generous_quotas`] and a journal in a fresh temporary directory: the
/// directory, the journal and the engine.
pub fn journalled_bulk(
    client: aws_sdk_cognitoidentityprovider::Client,
    pool_id: &str,
) -> (
    tempfile::TempDir,
    Arc<cognito_tui::journal::Journal>,
    cognito_tui::bulk::Bulk,
) {
    let (dir, journal) = temp_journal();
    let bulk = bulk_over(client, pool_id, Arc::clone(&journal), &generous_quotas());
    (dir, journal, bulk)
}

/// Asserts that no user of `report` failed: the retries absorbed every fault.
pub fn assert_none_failed(report: &cognito_tui::bulk::BulkReport) {
    use cognito_tui::bulk::ItemResult;
    assert_eq!(
        report.counts().failed,
        0,
        "retries absorb the faults: {:#?}",
        report
            .users
            .iter()
            .filter(|u| !u.result.is_done() && !matches!(u.result, ItemResult::Skipped(_)))
            .collect::<Vec<_>>()
    );
}
