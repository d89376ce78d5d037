//! A stand-in for Cognito's `ListUsers` and `DescribeUserPool` over HTTP on 127.0.0.1 (the
//! cognito-idp JSON protocol the SDK speaks), answering from memory through the in-memory
//! directory, so filters and tokens behave as Cognito's do. It exists for one reason: moto
//! spends tens of milliseconds of Python per filtered ListUsers on a 10,000-user pool and serves
//! about 15 a second, so behind moto the crawl measures moto. Behind this stub, the same proxy
//! (100 ms, 30 a second) is the only limit, as Cognito's quota is.

use std::sync::Arc;

use cognito_tui::directory::memory::MemoryDirectory;
use cognito_tui::directory::{DirectoryReader, ListUsersRequest, PageSize, PoolInfo, User};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub struct StubCognito {
    url: String,
    task: JoinHandle<()>,
}

impl Drop for StubCognito {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl StubCognito {
    pub async fn start(users: Vec<User>) -> StubCognito {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the stub on 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("stub address"));
        let pool = PoolInfo {
            id: "us-east-1_Stub".into(),
            name: "stub".into(),
            ..PoolInfo::default()
        };
        let directory = Arc::new(MemoryDirectory::new(pool, users));
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                tokio::spawn(serve(stream, Arc::clone(&directory)));
            }
        });
        StubCognito { url, task }
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

/// One request per connection (the fault proxy sends `connection: close`).
async fn serve(mut stream: TcpStream, directory: Arc<MemoryDirectory>) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let (head, body_start) = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break (String::from_utf8_lossy(&buffer[..i]).into_owned(), i + 4);
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    };
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buffer.len() < body_start + length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    let body: Value =
        serde_json::from_slice(&buffer[body_start..body_start + length]).unwrap_or(Value::Null);
    let target = header("x-amz-target").unwrap_or_default();
    let operation = target.rsplit('.').next().unwrap_or_default();
    let (status, reply) = answer(&directory, operation, &body).await;
    let text = reply.to_string();
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
        text.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
}

async fn answer(
    directory: &MemoryDirectory,
    operation: &str,
    body: &Value,
) -> (&'static str, Value) {
    match operation {
        "ListUsers" => {
            let request = ListUsersRequest {
                filter: body["Filter"].as_str().map(str::to_owned),
                page_size: PageSize::clamped(body["Limit"].as_u64().unwrap_or(60) as usize),
                token: body["PaginationToken"].as_str().map(str::to_owned),
            };
            match directory.list_users(request).await {
                Ok(page) => {
                    let users: Vec<Value> = page.users.iter().map(user_json).collect();
                    let mut reply = json!({ "Users": users });
                    if let Some(token) = page.next_token {
                        reply["PaginationToken"] = Value::String(token);
                    }
                    ("200 OK", reply)
                }
                Err(e) => (
                    "400 Bad Request",
                    json!({"__type": "InvalidParameterException", "message": e.to_string()}),
                ),
            }
        }
        "DescribeUserPool" => {
            let pool = directory.describe_pool().await.unwrap_or_default();
            (
                "200 OK",
                json!({"UserPool": {
                    "Id": pool.id,
                    "Name": pool.name,
                    "EstimatedNumberOfUsers": pool.estimated_users.unwrap_or(0),
                    "SchemaAttributes": [],
                    "MfaConfiguration": "OFF",
                }}),
            )
        }
        other => (
            "400 Bad Request",
            json!({"__type": "InvalidParameterException", "message": format!("the stub does not do {other}")}),
        ),
    }
}

fn user_json(user: &User) -> Value {
    let attributes: Vec<Value> = user
        .attributes()
        .iter()
        .map(|a| json!({"Name": a.name, "Value": a.value}))
        .collect();
    json!({
        "Username": user.username(),
        "Attributes": attributes,
        "UserCreateDate": user.created().unwrap_or(0),
        "UserLastModifiedDate": user.last_modified().unwrap_or(0),
        "Enabled": user.enabled(),
        "UserStatus": user.status(),
    })
}
