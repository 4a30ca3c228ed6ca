//! What tests run against (feature `testing`): `moto_server` started on a free loopback port,
//! log groups seeded through the real SDK, and a fault-injecting proxy in front of it that can
//! also answer as a Logs Insights stand-in in the recorded format of the real service.
//!
//! Test code: a setup failure panics with what to install, as a test should.

#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod proxy;

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use aws_sdk_cloudwatchlogs::Client;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A running `moto_server`. It is started through a shell that kills it when the test process
/// closes the shell's standard input (on exit, whatever the way), so no server outlives the
/// tests.
pub struct Moto {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    _guard: Child,
}

/// The moto server shared by the tests of this binary.
pub fn moto() -> &'static Moto {
    static MOTO: OnceLock<Moto> = OnceLock::new();
    MOTO.get_or_init(Moto::start)
}

impl Moto {
    fn start() -> Moto {
        if Command::new("moto_server")
            .arg("--help")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_err()
        {
            panic!(
                "moto_server is not installed: run scripts/test (it installs moto[server] with pip), \
                 or `pip install 'moto[server]>=5.2,<5.3'`"
            );
        }
        let port = free_port();
        let script = format!(
            "moto_server -H 127.0.0.1 -p {port} >/dev/null 2>&1 & pid=$!; \
             read _ignored; kill $pid 2>/dev/null; wait $pid 2>/dev/null"
        );
        let child = Command::new("sh")
            .arg("-c")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sh");
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto_server did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto {
            url: format!("http://127.0.0.1:{port}"),
            _guard: child,
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        if let Some(stdin) = self._guard.stdin.as_mut() {
            let _ = stdin.write_all(b"\n");
        }
    }
}

/// A loopback port nothing listens on at the moment of asking.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Static test credentials for the provider chain of the code under test, and no profile
/// files or instance metadata to fall back on.
pub fn test_credentials() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "testing");
        std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
        std::env::set_var("AWS_CONFIG_FILE", "/nonexistent/lognoise-test/config");
        std::env::set_var(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/lognoise-test/credentials",
        );
        std::env::remove_var("AWS_PROFILE");
        std::env::remove_var("AWS_SESSION_TOKEN");
    });
}

/// A runtime for the seeding client.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap()
    })
}

/// The real SDK client, straight at `url`.
pub fn client(url: &str) -> Client {
    let creds = aws_credential_types::Credentials::new("testing", "testing", None, None, "test");
    let config = aws_sdk_cloudwatchlogs::Config::builder()
        .behavior_version_latest()
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(creds)
        .endpoint_url(url)
        .build();
    Client::from_conf(config)
}

/// One seeded event.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Seeded {
    /// Log group.
    pub group: String,
    /// Log stream.
    pub stream: String,
    /// Event time (ms since the Unix epoch).
    pub timestamp_ms: i64,
    /// The message.
    pub message: String,
}

/// `n` events of a web service spread evenly over `[start_ms, start_ms + span_ms)`, in
/// `streams` streams: request logs, payments (some declined, as ERROR), JSON lines, health
/// checks. `error_every` events out of that many are `ERROR` lines.
pub fn web_events(
    group: &str,
    n: usize,
    start_ms: i64,
    span_ms: i64,
    streams: usize,
) -> Vec<Seeded> {
    (0..n)
        .map(|i| {
            let ts = start_ms + (span_ms as i128 * i as i128 / n as i128) as i64;
            let message = match i % 7 {
                0 => format!("INFO GET /api/orders/{} 200 {} ms", 1000 + i, i % 97),
                1 => format!("INFO Order ord_{:06x} persisted in {} ms", i * 7919, i % 50),
                2 => format!(
                    "{{\"level\":\"info\",\"msg\":\"cache hit\",\"key\":\"user:{}\",\"ttl\":{}}}",
                    i % 300,
                    i % 60
                ),
                3 => format!(
                    "ERROR Payment declined for user_id={} card=visa code=51",
                    i % 400
                ),
                4 => "INFO GET /health 200 1 ms".to_string(),
                5 => format!("WARN Slow query on orders took {} ms", 500 + i % 900),
                _ => format!(
                    "INFO session closed for user u{} from 10.0.{}.{}:443",
                    i % 900,
                    i % 255,
                    (i * 3) % 255
                ),
            };
            Seeded {
                group: group.to_string(),
                stream: format!("web/{}", i % streams),
                timestamp_ms: ts,
                message,
            }
        })
        .collect()
}

/// Creates the group and its streams and puts the events, in batches of at most 5,000.
pub fn seed(url: &str, events: &[Seeded]) {
    let client = client(url);
    runtime().block_on(async {
        let mut groups: Vec<&str> = events.iter().map(|e| e.group.as_str()).collect();
        groups.sort();
        groups.dedup();
        for g in groups {
            client
                .create_log_group()
                .log_group_name(g)
                .send()
                .await
                .unwrap();
            let mut streams: Vec<&str> = events
                .iter()
                .filter(|e| e.group == g)
                .map(|e| e.stream.as_str())
                .collect();
            streams.sort();
            streams.dedup();
            for s in streams {
                client
                    .create_log_stream()
                    .log_group_name(g)
                    .log_stream_name(s)
                    .send()
                    .await
                    .unwrap();
                let mut mine: Vec<&Seeded> = events
                    .iter()
                    .filter(|e| e.group == g && e.stream == s)
                    .collect();
                mine.sort_by_key(|e| e.timestamp_ms);
                for chunk in mine.chunks(5000) {
                    let batch: Vec<InputLogEvent> = chunk
                        .iter()
                        .map(|e| {
                            InputLogEvent::builder()
                                .timestamp(e.timestamp_ms)
                                .message(&e.message)
                                .build()
                                .unwrap()
                        })
                        .collect();
                    let out = client
                        .put_log_events()
                        .log_group_name(g)
                        .log_stream_name(s)
                        .set_log_events(Some(batch))
                        .send()
                        .await
                        .unwrap();
                    assert!(
                        out.rejected_log_events_info().is_none(),
                        "moto rejected events"
                    );
                }
            }
        }
    });
}

/// Now, in ms since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// A metric filter on `group` publishing 1 to `namespace/metric` for each event `pattern`
/// selects, put through the real SDK.
pub fn put_metric_filter(
    url: &str,
    group: &str,
    name: &str,
    pattern: &str,
    namespace: &str,
    metric: &str,
) {
    let client = client(url);
    runtime().block_on(async {
        client
            .put_metric_filter()
            .log_group_name(group)
            .filter_name(name)
            .filter_pattern(pattern)
            .metric_transformations(
                aws_sdk_cloudwatchlogs::types::MetricTransformation::builder()
                    .metric_namespace(namespace)
                    .metric_name(metric)
                    .metric_value("1")
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
    });
}

/// A subscription filter on `group` delivering what `pattern` selects to the log group
/// `destination` (the one destination moto accepts without other services).
pub fn put_subscription_to_group(
    url: &str,
    group: &str,
    name: &str,
    pattern: &str,
    destination: &str,
) {
    let client = client(url);
    runtime().block_on(async {
        client
            .put_subscription_filter()
            .log_group_name(group)
            .filter_name(name)
            .filter_pattern(pattern)
            .destination_arn(format!(
                "arn:aws:logs:us-east-1:123456789012:log-group:{destination}:*"
            ))
            .send()
            .await
            .unwrap();
    });
}

/// The real CloudWatch client, straight at `url`.
pub fn alarms_client(url: &str) -> aws_sdk_cloudwatch::Client {
    let creds = aws_credential_types::Credentials::new("testing", "testing", None, None, "test");
    let config = aws_sdk_cloudwatch::Config::builder()
        .behavior_version_latest()
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(creds)
        .endpoint_url(url)
        .build();
    aws_sdk_cloudwatch::Client::from_conf(config)
}

/// A dashboard named `name` whose body is `body` (JSON, as `PutDashboard` takes it).
pub fn put_dashboard(url: &str, name: &str, body: &str) {
    let client = alarms_client(url);
    runtime().block_on(async {
        client
            .put_dashboard()
            .dashboard_name(name)
            .dashboard_body(body)
            .send()
            .await
            .unwrap();
    });
}

/// An alarm on `namespace/metric` (sum over a minute above `threshold`) that notifies
/// `action` (an SNS topic ARN).
pub fn put_alarm(url: &str, name: &str, namespace: &str, metric: &str, action: &str) {
    let client = alarms_client(url);
    runtime().block_on(async {
        client
            .put_metric_alarm()
            .alarm_name(name)
            .namespace(namespace)
            .metric_name(metric)
            .statistic(aws_sdk_cloudwatch::types::Statistic::Sum)
            .period(60)
            .evaluation_periods(1)
            .threshold(5.0)
            .comparison_operator(
                aws_sdk_cloudwatch::types::ComparisonOperator::GreaterThanThreshold,
            )
            .alarm_actions(action)
            .send()
            .await
            .unwrap();
    });
}
