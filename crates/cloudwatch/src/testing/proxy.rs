//! An HTTP server on loopback that forwards requests to moto, injecting faults into a share of
//! them (throttling, server errors, slow and stalled responses, dropped connections), or
//! answers them itself (a Logs Insights stand-in, a fixed AWS error).

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A fault the proxy can inject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 400 ThrottlingException, as CloudWatch answers over its rate.
    Throttle,
    /// 500 InternalFailure.
    ServerError,
    /// The answer is forwarded after 300 ms.
    Slow,
    /// Nothing for 3 s (longer than the client's attempt timeout in the tests), then forwarded.
    Stall,
    /// The connection is closed without an answer.
    Drop,
    /// 400 ExpiredTokenException.
    Expired,
    /// The answer is forwarded after this delay: with a share of 1, a network's latency.
    Delay(Duration),
}

/// Which requests get which fault.
#[derive(Clone, Debug)]
pub struct FaultPlan {
    /// Share of requests (0 to 1) that get a fault.
    pub share: f64,
    /// Faults, chosen in turn by a hash of the request number.
    pub faults: Vec<Fault>,
}

impl FaultPlan {
    /// No faults: every request is forwarded.
    pub fn none() -> FaultPlan {
        FaultPlan {
            share: 0.0,
            faults: Vec::new(),
        }
    }
}

/// Answers a request itself: `(x-amz-target, JSON body) -> (status, JSON body)`; `None`
/// forwards it to the upstream (moto), so recorded answers can stand in for the calls moto
/// lacks while the rest reach moto.
pub type Local = Arc<dyn Fn(&str, &serde_json::Value) -> Option<(u16, String)> + Send + Sync>;

/// Recorded `DescribeQueryDefinitions` and `DescribeQueries` answers in the real service's
/// format: `saved` as `(name, query, groups)`, `history` as `(group, query, started ms)`;
/// `DescribeAccountPolicies` answers that the account has no subscription filter policy (see
/// [`with_account_policies`] for one that has); every other call is forwarded (to moto, which
/// lacks the first and the third and answers the second with fractional start times the SDK
/// refuses).
pub fn recorded_queries(saved: &[(&str, &str, &[&str])], history: &[(&str, &str, i64)]) -> Local {
    let definitions: Vec<serde_json::Value> = saved
        .iter()
        .enumerate()
        .map(|(i, (name, query, groups))| {
            serde_json::json!({
                "queryLanguage": "CWLI",
                "queryDefinitionId": format!("7d3b0f2e-0000-4000-8000-{i:012}"),
                "name": name,
                "queryString": query,
                "lastModified": 1772409600000i64,
                "logGroupNames": groups,
            })
        })
        .collect();
    let definitions = serde_json::json!({ "queryDefinitions": definitions }).to_string();
    let history: Vec<(String, serde_json::Value)> = history
        .iter()
        .enumerate()
        .map(|(i, (group, query, started))| {
            let info = serde_json::json!({
                "queryLanguage": "CWLI",
                "queryId": format!("12ab3456-12ab-123a-789e-{i:012}"),
                "queryString": query,
                "status": "Complete",
                "createTime": started,
                "logGroupName": group,
            });
            (group.to_string(), info)
        })
        .collect();
    Arc::new(move |target: &str, body: &serde_json::Value| match target {
        "Logs_20140328.DescribeQueryDefinitions" => Some((200, definitions.clone())),
        "Logs_20140328.DescribeAccountPolicies" => {
            Some((200, r#"{"accountPolicies": []}"#.to_string()))
        }
        "Logs_20140328.DescribeQueries" => {
            let group = body["logGroupName"].as_str();
            let queries: Vec<&serde_json::Value> = history
                .iter()
                .filter(|(g, _)| Some(g.as_str()) == group)
                .map(|(_, info)| info)
                .collect();
            Some((200, serde_json::json!({ "queries": queries }).to_string()))
        }
        _ => None,
    })
}

/// `local`, and a recorded `DescribeAccountPolicies` answer in the real service's format
/// holding subscription filter policies (moto lacks the call): `policies` as `(name, filter
/// pattern, destination ARN, selection criteria)`.
pub fn with_account_policies(local: Local, policies: &[(&str, &str, &str, Option<&str>)]) -> Local {
    let policies: Vec<serde_json::Value> = policies
        .iter()
        .map(|(name, pattern, destination, selection)| {
            let document = serde_json::json!({
                "DestinationArn": destination,
                "RoleArn": "arn:aws:iam::123456789012:role/CWLtoKinesisRole",
                "FilterPattern": pattern,
                "Distribution": "Random",
            });
            let mut policy = serde_json::json!({
                "policyName": name,
                "policyDocument": document.to_string(),
                "lastUpdatedTime": 1772409600000i64,
                "policyType": "SUBSCRIPTION_FILTER_POLICY",
                "scope": "ALL",
                "accountId": "123456789012",
            });
            if let Some(selection) = selection {
                policy["selectionCriteria"] = serde_json::json!(selection);
            }
            policy
        })
        .collect();
    let answer = serde_json::json!({ "accountPolicies": policies }).to_string();
    Arc::new(move |target: &str, body: &serde_json::Value| {
        if target == "Logs_20140328.DescribeAccountPolicies" {
            Some((200, answer.clone()))
        } else {
            local(target, body)
        }
    })
}

/// `local`, and recorded `GetQueryResults` answers in the real service's format for the runs
/// of `history` (as [`recorded_queries`] lists them, a run's query id made from its place in
/// `history`): `statistics` gives, by that place, the bytes a run scanned; a run not in it
/// answers as CloudWatch does once it no longer keeps a query's results. A run whose query
/// text and start time are those of an earlier run on another group is the same query over
/// both groups: both listings give the earlier run's id, as one query over several groups is
/// one query id.
pub fn with_query_results(
    local: Local,
    history: &[(&str, &str, i64)],
    statistics: &[(usize, f64)],
) -> Local {
    // Each run's id: the first run with its text and start time names it.
    let ids: Vec<String> = history
        .iter()
        .enumerate()
        .map(|(i, (_, query, started))| {
            let first = history
                .iter()
                .position(|(_, q, s)| q == query && s == started)
                .unwrap_or(i);
            format!("12ab3456-12ab-123a-789e-{first:012}")
        })
        .collect();
    let listed: Vec<(String, serde_json::Value)> = history
        .iter()
        .zip(&ids)
        .map(|((group, query, started), id)| {
            let info = serde_json::json!({
                "queryLanguage": "CWLI",
                "queryId": id,
                "queryString": query,
                "status": "Complete",
                "createTime": started,
                "logGroupName": group,
            });
            (group.to_string(), info)
        })
        .collect();
    let scanned: std::collections::HashMap<String, f64> = statistics
        .iter()
        .filter_map(|(i, bytes)| Some((ids.get(*i)?.clone(), *bytes)))
        .collect();
    Arc::new(move |target: &str, body: &serde_json::Value| match target {
        "Logs_20140328.DescribeQueries" => {
            let group = body["logGroupName"].as_str();
            let queries: Vec<&serde_json::Value> = listed
                .iter()
                .filter(|(g, _)| Some(g.as_str()) == group)
                .map(|(_, info)| info)
                .collect();
            Some((200, serde_json::json!({ "queries": queries }).to_string()))
        }
        "Logs_20140328.GetQueryResults" => {
            let id = body["queryId"].as_str().unwrap_or_default();
            Some(match scanned.get(id) {
                Some(bytes) => (
                    200,
                    serde_json::json!({
                        "queryLanguage": "CWLI",
                        "results": [[
                            { "field": "@timestamp", "value": "2026-03-02 10:00:00.000" },
                            { "field": "@message", "value": "INFO GET /health 200 1 ms" },
                            { "field": "@ptr", "value": "CmAKJwojMTIzNDU2Nzg5MDEyOi90ZXN0EAA" }
                        ]],
                        "statistics": {
                            "recordsMatched": 1.0,
                            "recordsScanned": 4200.0,
                            "estimatedRecordsSkipped": 0.0,
                            "bytesScanned": bytes,
                            "estimatedBytesSkipped": 0.0,
                            "logGroupsScanned": 1.0
                        },
                        "status": "Complete"
                    })
                    .to_string(),
                ),
                None => (
                    400,
                    serde_json::json!({
                        "__type": "ResourceNotFoundException",
                        "message": "Query does not exist."
                    })
                    .to_string(),
                ),
            })
        }
        _ => local(target, body),
    })
}

/// `local`, and a stand-in for CloudWatch's pattern engine answering `TestMetricFilter` in the
/// real format (moto lacks the call): `selects(pattern, line)` says which lines it selects.
pub fn with_test_metric_filter(
    local: Local,
    selects: impl Fn(&str, &str) -> bool + Send + Sync + 'static,
) -> Local {
    Arc::new(move |target: &str, body: &serde_json::Value| {
        if target != "Logs_20140328.TestMetricFilter" {
            return local(target, body);
        }
        let pattern = body["filterPattern"].as_str().unwrap_or_default();
        let matches: Vec<serde_json::Value> = body["logEventMessages"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let line = m.as_str()?;
                selects(pattern, line).then(|| {
                    serde_json::json!({
                        "eventNumber": i + 1,
                        "eventMessage": line,
                        "extractedValues": {}
                    })
                })
            })
            .collect();
        Some((200, serde_json::json!({ "matches": matches }).to_string()))
    })
}

/// What the proxy saw.
#[derive(Debug, Default)]
pub struct Counts {
    /// Requests received.
    pub requests: AtomicU64,
    /// Requests answered with a fault.
    pub faults: AtomicU64,
}

/// A running proxy; it serves until the test process ends.
pub struct Proxy {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// What it saw.
    pub counts: Arc<Counts>,
}

impl Proxy {
    /// Starts the proxy in front of `upstream` (or answering with `local`).
    pub fn start(upstream: Option<String>, plan: FaultPlan, local: Option<Local>) -> Proxy {
        let counts = Arc::new(Counts::default());
        let listener = super::runtime()
            .block_on(async { tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap() });
        let url = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(Shared {
            upstream,
            plan,
            local,
            counts: counts.clone(),
            client: HttpClient::builder(TokioExecutor::new()).build_http(),
        });
        super::runtime().spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let shared = shared.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| {
                        let shared = shared.clone();
                        async move { shared.handle(req).await }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Proxy { url, counts }
    }
}

struct Shared {
    upstream: Option<String>,
    plan: FaultPlan,
    local: Option<Local>,
    counts: Arc<Counts>,
    client: HttpClient<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
}

type Failure = std::io::Error;

fn failure(e: impl std::fmt::Display) -> Failure {
    std::io::Error::other(e.to_string())
}

impl Shared {
    async fn handle(&self, req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Failure> {
        let n = self.counts.requests.fetch_add(1, Ordering::SeqCst);
        let (parts, body) = req.into_parts();
        let body = body.collect().await.map_err(failure)?.to_bytes();
        let h = xxhash_rust::xxh3::xxh3_64(&n.to_le_bytes());
        let fault =
            if !self.plan.faults.is_empty() && (h % 10_000) as f64 / 10_000.0 < self.plan.share {
                Some(self.plan.faults[((h >> 20) as usize) % self.plan.faults.len()])
            } else {
                None
            };
        if fault.is_some() {
            self.counts.faults.fetch_add(1, Ordering::SeqCst);
        }
        match fault {
            Some(Fault::Throttle) => {
                return Ok(aws_error(400, "ThrottlingException", "Rate exceeded"))
            }
            Some(Fault::ServerError) => {
                return Ok(aws_error(
                    500,
                    "InternalFailure",
                    "The request processing has failed because of an unknown error.",
                ))
            }
            Some(Fault::Expired) => {
                return Ok(aws_error(
                    400,
                    "ExpiredTokenException",
                    "The security token included in the request is expired",
                ))
            }
            Some(Fault::Drop) => return Err(failure("dropped")),
            Some(Fault::Slow) => tokio::time::sleep(Duration::from_millis(300)).await,
            Some(Fault::Stall) => tokio::time::sleep(Duration::from_secs(3)).await,
            Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
            None => {}
        }
        let target = parts
            .headers
            .get("x-amz-target")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        if let Some(local) = &self.local {
            let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            if let Some((status, text)) = local(&target, &json) {
                return Ok(json_response(status, text));
            }
        }
        let upstream = self
            .upstream
            .as_deref()
            .ok_or_else(|| failure("no upstream"))?;
        let uri = format!(
            "{upstream}{}",
            parts
                .uri
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/")
        );
        let mut forward = Request::builder().method(parts.method.clone()).uri(uri);
        for (name, value) in &parts.headers {
            if name != "host" {
                forward = forward.header(name, value);
            }
        }
        let answer = self
            .client
            .request(forward.body(Full::new(body)).map_err(failure)?)
            .await
            .map_err(failure)?;
        let (parts, body) = answer.into_parts();
        let body = body.collect().await.map_err(failure)?.to_bytes();
        Ok(Response::from_parts(parts, Full::new(body)))
    }
}

/// An error as CloudWatch Logs (awsJson1.1) sends it.
pub fn aws_error(status: u16, code: &str, message: &str) -> Response<Full<Bytes>> {
    json_response(
        status,
        serde_json::json!({"__type": code, "message": message}).to_string(),
    )
}

fn json_response(status: u16, body: String) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    r.headers_mut().insert(
        "content-type",
        hyper::header::HeaderValue::from_static("application/x-amz-json-1.1"),
    );
    r.headers_mut().insert(
        "x-amzn-requestid",
        hyper::header::HeaderValue::from_static("5e2a1c4f-0000-4000-8000-000000000000"),
    );
    r
}
