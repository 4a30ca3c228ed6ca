//! The values statements print: their kinds (named in the tables as `${name}`) and how each is
//! generated, so that a value looks like what real programs print (ids of real shapes, paths,
//! addresses, durations in several units, reasons of varying length).

use crate::clock::Clock;
use crate::words;
use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// What a generator reads: the set's random stream and its clock.
pub struct Context {
    /// The set's random stream.
    pub rng: ChaCha8Rng,
    /// The set's clock, moved forward line by line.
    pub clock: Clock,
}

macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// A kind of value, named in the statement tables as `${name}`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Kind { $($(#[$doc])* $variant,)* }

        impl Kind {
            /// The kind a table names, if any.
            pub fn from_name(name: &str) -> Option<Kind> {
                match name { $($name => Some(Kind::$variant),)* _ => None }
            }

            /// The name tables use for the kind.
            pub fn name(self) -> &'static str {
                match self { $(Kind::$variant => $name,)* }
            }
        }
    };
}

kinds! {
    /// `2024-05-07T10:58:13.877Z`
    IsoMillis = "iso_ms",
    /// `2024-05-07T10:58:13.877123Z`
    IsoMicros = "iso_us",
    /// `2024-05-07T10:58:13.877123456Z`
    IsoNanos = "iso_ns",
    /// `2024-05-07T10:58:13Z`
    IsoSeconds = "iso_s",
    /// `2024-05-07T10:58:13.877+00:00`
    IsoOffset = "iso_offset",
    /// `2024-05-07 10:58:13,877`
    SpaceComma = "space_comma",
    /// `2024-05-07 10:58:13`
    SpaceSeconds = "space_s",
    /// `0507`, klog's month and day
    KlogDate = "klog_date",
    /// `10:58:13.877123`
    KlogTime = "klog_time",
    /// `07/May/2024:10:58:13 +0000`
    ClfTime = "clf_time",
    /// `2024/05/07 10:58:13`
    SlashTime = "slash_time",
    /// `1715079493`
    EpochSeconds = "epoch_s",
    /// an epoch second about a minute later than the clock (a flow record's end)
    EpochSecondsEnd = "epoch_s_end",
    /// `1715079493877`
    EpochMillis = "epoch_ms",
    /// `1715079493.877123`
    EpochFloat = "epoch_float",
    /// `10:58:13`
    ClockTime = "hms",
    /// `20240507-10:8:3:77`, fields not padded
    UnpaddedPipeTime = "pipe_time",
    /// `05.07 10:58:13`
    MonthDotDay = "month_dot_day",
    /// a UUID
    Uuid = "uuid",
    /// 8 hex digits
    Hex8 = "hex8",
    /// 16 hex digits
    Hex16 = "hex16",
    /// 32 hex digits
    Hex32 = "hex32",
    /// 64 hex digits (container ids)
    Hex64 = "hex64",
    /// an X-Ray trace id `1-663a0f45-8a1b2c3d4e5f6a7b8c9d0e1f`
    XrayTrace = "xray_trace",
    /// an elastic network interface id
    Eni = "eni",
    /// a process id
    Pid = "pid",
    /// a process id right-aligned in seven columns, as klog prints it
    KlogPid = "klog_pid",
    /// a small number: threads, attempts, workers (1-64)
    Small = "small",
    /// a count of things, mostly small, sometimes large
    Count = "count",
    /// a large number: offsets, sequence numbers
    Big = "big",
    /// an order or record number
    OrderId = "order_id",
    /// a user id like `usr_4f8k2m`
    UserId = "user_id",
    /// an e-mail address
    Email = "email",
    /// an IPv4 address
    Ip = "ip",
    /// `10.0.1.23:52702`
    IpPort = "ip_port",
    /// a TCP or UDP port
    Port = "port",
    /// an HTTP status, mostly 2xx
    Status = "status",
    /// milliseconds with three decimals, `12.345`
    Millis = "ms",
    /// whole milliseconds
    MillisInt = "ms_int",
    /// seconds with three decimals
    Seconds = "secs",
    /// a Go `time.Duration`: `944.101µs`, `1.368313ms`, `2.1034s`
    GoDuration = "go_dur",
    /// a byte count
    Bytes = "bytes",
    /// a size phrase whose word count varies: `423 bytes`, `1,234 bytes (1.2 KB)`
    SizePhrase = "size_phrase",
    /// a connection lifetime whose shape varies: `<1 sec`, `00:01:07`
    Lifetime = "lifetime",
    /// megabytes of memory used
    MemoryMb = "memory_mb",
    /// a file path
    FilePath = "path",
    /// an S3 object key
    S3Key = "s3_key",
    /// a URL query string, `name=a&from=1`
    Query = "query",
    /// a browser or client user agent, several words
    UserAgent = "user_agent",
    /// a referer: `-` or a URL
    Referer = "referer",
    /// an error reason of one to nine words
    Reason = "reason",
    /// why a payment was declined, one to eight words
    DeclineReason = "decline_reason",
    /// a Java exception with its message: `java.net.SocketTimeoutException: Read timed out`
    JavaException = "java_exception",
    /// a Python exception with its message: `KeyError: 'customer_id'`
    PyException = "py_exception",
    /// a Go error chain: `dial tcp 10.0.2.44:5432: connect: connection refused`
    GoError = "go_err",
    /// an e-mail subject, several words
    Subject = "subject",
    /// an SQL statement
    Sql = "sql",
    /// a pod with its namespace, `shop-prod/api-7d9f8c6b5-x2x4q` or `billing/worker-2`
    Pod = "pod",
    /// a pod name alone
    PodName = "pod_name",
    /// a Kubernetes namespace
    Namespace = "namespace",
    /// a container name
    Container = "container",
    /// a container image reference
    Image = "image",
    /// an EC2 node name, `ip-10-0-1-23.ec2.internal`
    Node = "node",
    /// a servlet or worker thread name, `nio-8080-exec-3`
    Thread = "thread",
    /// a single dictionary word
    Word = "word",
    /// a Kafka topic partition, `orders-3`
    TopicPartition = "topic_partition",
    /// a Kafka consumer group
    ConsumerGroup = "consumer_group",
    /// a database user
    DbUser = "db_user",
    /// a database name
    DbName = "db_name",
    /// a table name
    Table = "table",
    /// a cache or queue key, `session:9f3k2m`
    CacheKey = "cache_key",
    /// a queue name
    Queue = "queue",
    /// a service name (as a client names its upstream)
    Upstream = "upstream",
    /// a desktop program's executable name
    Program = "program",
    /// a host name with a port, `api.shop.example.com:443`
    HostPort = "host_port",
    /// a percentage with one decimal
    Percent = "percent",
    /// a session time `0:00:01.234`
    SessionTime = "session_time",
    /// a semantic version `1.24.3`
    Version = "version",
    /// a JSON-ish array of pod keys, `[shop-prod/api-7d9f8c6b5-x2x4q]`
    PodList = "pod_list",
    /// a CPU time `1.234s`
    CpuTime = "cpu_time",
    /// a systemd unit name, `cri-containerd-9f8e.scope`
    Unit = "unit",
    /// a disk device name
    Device = "device",
    /// a JVM memory pool figure `512M->128M(1024M)`
    HeapChange = "heap_change",
    /// a kubelet probe type, `Readiness`, `Liveness`, `Startup`
    ProbeType = "probe_type",
    /// a probe type as the sync loop names it, `readiness`, `liveness`, `startup`
    ProbeTypeLower = "probe_type_lower",
    /// a probe's outcome as the sync loop prints it: `ready`, `unhealthy`, `started` or empty
    ProbeStatus = "probe_status",
    /// an IP protocol number, mostly TCP
    Protocol = "protocol",
    /// a destination port, mostly a well-known service's
    DstPort = "dst_port",
    /// an ECS container id, `<task id>-<number>`
    EcsContainerId = "ecs_container_id",
    /// an EC2 instance id
    InstanceId = "instance_id",
    /// an X-Amzn-Trace-Id header value, `Root=1-...`
    AmznTrace = "amzn_trace",
    /// a container id with its runtime, `containerd://...`
    RuntimeContainerId = "runtime_container_id",
    /// a pod's volume folder under kubelet's root
    PodVolumesPath = "pod_volumes_path",
    /// a Kafka network channel id, `10.0.1.5:9092-10.0.2.7:52702-3`
    KafkaChannel = "kafka_channel",
    /// a Go struct printed whole, `&ContainerMetadata{Name:api,Attempt:0,}`
    ContainerMetadata = "container_metadata",
    /// an object Serilog destructured, `{"CustomerId": "usr_4f8k2m", "Total": 12.5}`, with one
    /// to three properties
    SerilogObject = "serilog_object",
}

impl Kind {
    /// Generates one value of this kind.
    pub fn generate(self, cx: &mut Context) -> String {
        let t = cx.clock.civil();
        let rng = &mut cx.rng;
        let nanos = t.subsec_nanosecond();
        let (y, mo, d, h, mi, s) = (
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
        );
        let date = format!("{y:04}-{mo:02}-{d:02}");
        let hms = format!("{h:02}:{mi:02}:{s:02}");
        match self {
            Kind::IsoMillis => format!("{date}T{hms}.{:03}Z", nanos / 1_000_000),
            Kind::IsoMicros => format!("{date}T{hms}.{:06}Z", nanos / 1_000),
            Kind::IsoNanos => format!("{date}T{hms}.{nanos:09}Z"),
            Kind::IsoSeconds => format!("{date}T{hms}Z"),
            Kind::IsoOffset => format!("{date}T{hms}.{:03}+00:00", nanos / 1_000_000),
            Kind::SpaceComma => format!("{date} {hms},{:03}", nanos / 1_000_000),
            Kind::SpaceSeconds => format!("{date} {hms}"),
            Kind::KlogDate => format!("{mo:02}{d:02}"),
            Kind::KlogTime => format!("{hms}.{:06}", nanos / 1_000),
            Kind::ClfTime => {
                let month = words::MONTHS[usize::try_from(mo - 1).unwrap_or(0) % 12];
                format!("{d:02}/{month}/{y:04}:{hms} +0000")
            }
            Kind::SlashTime => format!("{y:04}/{mo:02}/{d:02} {hms}"),
            Kind::EpochSeconds => (cx.clock.unix_nanos() / 1_000_000_000).to_string(),
            Kind::EpochSecondsEnd => {
                (cx.clock.unix_nanos() / 1_000_000_000 + rng.random_range(55..65)).to_string()
            }
            Kind::EpochMillis => (cx.clock.unix_nanos() / 1_000_000).to_string(),
            Kind::EpochFloat => {
                let n = cx.clock.unix_nanos();
                format!("{}.{:06}", n / 1_000_000_000, (n % 1_000_000_000) / 1_000)
            }
            Kind::ClockTime => hms,
            Kind::UnpaddedPipeTime => {
                format!("{y:04}{mo:02}{d:02}-{h}:{mi}:{s}:{}", nanos / 1_000_000)
            }
            Kind::MonthDotDay => format!("{mo:02}.{d:02} {hms}"),
            Kind::Uuid => format!(
                "{}-{}-4{}-{}{}-{}",
                hex(rng, 8),
                hex(rng, 4),
                hex(rng, 3),
                pick(rng, &["8", "9", "a", "b"]),
                hex(rng, 3),
                hex(rng, 12)
            ),
            Kind::Hex8 => hex(rng, 8),
            Kind::Hex16 => hex(rng, 16),
            Kind::Hex32 => hex(rng, 32),
            Kind::Hex64 => hex(rng, 64),
            Kind::XrayTrace => format!(
                "1-{:08x}-{}",
                cx.clock.unix_nanos() / 1_000_000_000,
                hex(rng, 24)
            ),
            Kind::Eni => format!("eni-0{}", hex(rng, 16)),
            Kind::Pid => rng.random_range(2..65_000u32).to_string(),
            Kind::KlogPid => format!("{:>7}", rng.random_range(300..9_999u32)),
            Kind::Small => rng.random_range(1..65u32).to_string(),
            Kind::Count => {
                if rng.random_bool(0.8) {
                    rng.random_range(0..100u32).to_string()
                } else {
                    rng.random_range(100..50_000u32).to_string()
                }
            }
            Kind::Big => rng.random_range(10_000..2_000_000_000u64).to_string(),
            Kind::OrderId => rng.random_range(1_000..999_999u32).to_string(),
            Kind::UserId => format!("usr_{}", alnum(rng, 6)),
            Kind::Email => format!(
                "{}.{}@{}",
                pick(rng, words::FIRST_NAMES),
                pick(rng, words::LAST_NAMES),
                pick(rng, words::MAIL_DOMAINS)
            ),
            Kind::Ip => ip(rng),
            Kind::IpPort => format!("{}:{}", ip(rng), rng.random_range(1_024..65_535u32)),
            Kind::Port => rng.random_range(1_024..65_535u32).to_string(),
            Kind::Status => pick_weighted(rng, words::HTTP_STATUSES).to_string(),
            Kind::Millis => format!("{:.3}", duration_ms(rng)),
            Kind::MillisInt => format!("{:.0}", duration_ms(rng).max(1.0)),
            Kind::Seconds => format!("{:.3}", duration_ms(rng) / 1_000.0),
            Kind::GoDuration => go_duration(rng),
            Kind::Bytes => bytes(rng).to_string(),
            Kind::SizePhrase => size_phrase(bytes(rng)),
            Kind::Lifetime => lifetime(rng),
            Kind::MemoryMb => rng.random_range(38..900u32).to_string(),
            Kind::FilePath => file_path(rng),
            Kind::S3Key => format!(
                "{}/{y:04}/{mo:02}/{d:02}/{}.{}",
                pick(rng, words::S3_PREFIXES),
                hex(rng, 12),
                pick(rng, &["json.gz", "parquet", "csv", "avro"])
            ),
            Kind::Query => query(rng),
            Kind::UserAgent => pick(rng, words::USER_AGENTS).to_string(),
            Kind::Referer => {
                if rng.random_bool(0.5) {
                    "-".to_string()
                } else {
                    format!("https://shop.example.com/{}", pick(rng, words::PAGES))
                }
            }
            Kind::Reason => pick(rng, words::REASONS).to_string(),
            Kind::DeclineReason => pick(rng, words::DECLINE_REASONS).to_string(),
            Kind::JavaException => pick(rng, words::JAVA_EXCEPTIONS).to_string(),
            Kind::PyException => pick(rng, words::PY_EXCEPTIONS).to_string(),
            Kind::GoError => go_error(rng),
            Kind::Subject => pick(rng, words::SUBJECTS).to_string(),
            Kind::Sql => sql(rng),
            Kind::Pod => pod(rng),
            Kind::PodName => pod_name(rng),
            Kind::Namespace => pick(rng, words::NAMESPACES).to_string(),
            Kind::Container => pick(rng, words::APPS).to_string(),
            Kind::Image => format!(
                "{}/{}:{}",
                pick(rng, words::REGISTRIES),
                pick(rng, words::APPS),
                version(rng)
            ),
            Kind::Node => format!(
                "ip-10-{}-{}-{}.ec2.internal",
                rng.random_range(0..4u32),
                rng.random_range(0..255u32),
                rng.random_range(1..255u32)
            ),
            Kind::Thread => thread(rng),
            Kind::Word => pick(rng, words::NOUNS).to_string(),
            Kind::TopicPartition => format!(
                "{}-{}",
                pick(rng, words::TOPICS),
                rng.random_range(0..24u32)
            ),
            Kind::ConsumerGroup => pick(rng, words::CONSUMER_GROUPS).to_string(),
            Kind::DbUser => pick(rng, words::DB_USERS).to_string(),
            Kind::DbName => pick(rng, words::DB_NAMES).to_string(),
            Kind::Table => pick(rng, words::TABLES).to_string(),
            Kind::CacheKey => format!("{}:{}", pick(rng, words::CACHE_SPACES), alnum(rng, 8)),
            Kind::Queue => pick(rng, words::QUEUES).to_string(),
            Kind::Upstream => pick(rng, words::UPSTREAMS).to_string(),
            Kind::Program => pick(rng, words::PROGRAMS).to_string(),
            Kind::HostPort => format!(
                "{}:{}",
                pick(rng, words::HOSTS),
                pick(rng, &["443", "8443", "80", "5070", "1080"])
            ),
            Kind::Percent => format!("{:.1}", rng.random_range(0.0..100.0f64)),
            Kind::SessionTime => format!(
                "{}:{:02}:{:02}.{:03}",
                rng.random_range(0..3u32),
                rng.random_range(0..60u32),
                rng.random_range(0..60u32),
                rng.random_range(0..1000u32)
            ),
            Kind::Version => version(rng),
            Kind::PodList => format!("[{}]", pod(rng)),
            Kind::CpuTime => format!("{:.3}s", rng.random_range(0.01..400.0f64)),
            Kind::Unit => format!("cri-containerd-{}.scope", hex(rng, 64)),
            Kind::Device => {
                pick(rng, &["nvme0n1", "nvme1n1", "xvda", "xvdb", "nvme2n1"]).to_string()
            }
            Kind::HeapChange => {
                let total = pick(rng, &[512u32, 1024, 2048, 4096]);
                let before = rng.random_range(total / 2..total);
                let after = rng.random_range(total / 8..total / 2);
                format!("{before}M->{after}M({total}M)")
            }
            Kind::ProbeType => pick(rng, &["Readiness", "Liveness", "Startup"]).to_string(),
            Kind::ProbeTypeLower => pick(rng, &["readiness", "liveness", "startup"]).to_string(),
            Kind::ProbeStatus => pick(rng, &["ready", "unhealthy", "started", ""]).to_string(),
            Kind::Protocol => pick_weighted(rng, &[(80, "6"), (18, "17"), (2, "1")]).to_string(),
            Kind::DstPort => {
                if rng.random_bool(0.8) {
                    pick(
                        rng,
                        &["443", "53", "5432", "3306", "6379", "9092", "80", "22"],
                    )
                    .to_string()
                } else {
                    rng.random_range(1_024..65_535u32).to_string()
                }
            }
            Kind::EcsContainerId => {
                format!("{}-{}", hex(rng, 32), rng.random_range(1..4_000_000_000u64))
            }
            Kind::InstanceId => format!("i-0{}", hex(rng, 16)),
            Kind::AmznTrace => format!(
                "Root=1-{:08x}-{}",
                cx.clock.unix_nanos() / 1_000_000_000,
                hex(rng, 24)
            ),
            Kind::RuntimeContainerId => format!("containerd://{}", hex(rng, 64)),
            Kind::PodVolumesPath => format!(
                "/var/lib/kubelet/pods/{}-{}-4{}-a{}-{}/volumes",
                hex(rng, 8),
                hex(rng, 4),
                hex(rng, 3),
                hex(rng, 3),
                hex(rng, 12)
            ),
            Kind::KafkaChannel => format!(
                "{}:9092-{}-{}",
                ip(rng),
                format_ip_port(rng),
                rng.random_range(0..400u32)
            ),
            Kind::ContainerMetadata => format!(
                "&ContainerMetadata{{Name:{},Attempt:{},}}",
                pick(rng, words::APPS),
                rng.random_range(0..4u32)
            ),
            Kind::SerilogObject => {
                let mut props = vec![format!("\"CustomerId\": \"usr_{}\"", alnum(rng, 6))];
                if rng.random_bool(0.7) {
                    props.push(format!("\"Total\": {:.2}", rng.random_range(1.0..900.0f64)));
                }
                if rng.random_bool(0.3) {
                    props.push(format!("\"Coupon\": \"{}\"", pick(rng, words::NOUNS)));
                }
                format!("{{{}}}", props.join(", "))
            }
        }
    }
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    // Every list is a non-empty constant; the fallback keeps a mistake from panicking.
    *items.choose(rng).unwrap_or(&items[0])
}

fn pick_weighted<T: Copy>(rng: &mut ChaCha8Rng, items: &[(u32, T)]) -> T {
    let total: u32 = items.iter().map(|(w, _)| w).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for (w, item) in items {
        if roll < *w {
            return *item;
        }
        roll -= w;
    }
    items[items.len() - 1].1
}

fn hex(rng: &mut ChaCha8Rng, len: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdef";
    (0..len)
        .map(|_| char::from(DIGITS[rng.random_range(0..16)]))
        .collect()
}

fn alnum(rng: &mut ChaCha8Rng, len: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..len)
        .map(|_| char::from(CHARS[rng.random_range(0..CHARS.len())]))
        .collect()
}

fn ip(rng: &mut ChaCha8Rng) -> String {
    if rng.random_bool(0.8) {
        format!(
            "10.{}.{}.{}",
            rng.random_range(0..4u32),
            rng.random_range(0..255u32),
            rng.random_range(1..255u32)
        )
    } else {
        format!(
            "{}.{}.{}.{}",
            pick(rng, &[3u32, 18, 34, 52, 54, 99, 176, 203]),
            rng.random_range(0..255u32),
            rng.random_range(0..255u32),
            rng.random_range(1..255u32)
        )
    }
}

/// Mostly fast, with a long tail, as request latencies are.
fn duration_ms(rng: &mut ChaCha8Rng) -> f64 {
    let base: f64 = rng.random_range(0.2..40.0);
    if rng.random_bool(0.1) {
        base * rng.random_range(10.0..300.0)
    } else {
        base
    }
}

fn go_duration(rng: &mut ChaCha8Rng) -> String {
    let ms = duration_ms(rng);
    if ms < 1.0 {
        format!("{:.3}µs", ms * 1_000.0)
    } else if ms < 1_000.0 {
        format!("{ms:.6}ms")
    } else {
        format!("{:.4}s", ms / 1_000.0)
    }
}

fn bytes(rng: &mut ChaCha8Rng) -> u64 {
    if rng.random_bool(0.5) {
        rng.random_range(1..1_000)
    } else {
        rng.random_range(1_000..50_000_000)
    }
}

/// `423 bytes` below a kilobyte, `1,234 bytes (1.2 KB)` above: the phrase grows a word.
fn size_phrase(n: u64) -> String {
    let grouped = group_thousands(n);
    if n < 1_000 {
        format!("{grouped} bytes")
    } else if n < 1_000_000 {
        format!("{grouped} bytes ({:.1} KB)", n as f64 / 1_000.0)
    } else {
        format!("{grouped} bytes ({:.1} MB)", n as f64 / 1_000_000.0)
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `<1 sec` for short connections, `00:01:07` for the rest: the shape, not only the digits, varies.
fn lifetime(rng: &mut ChaCha8Rng) -> String {
    if rng.random_bool(0.4) {
        "<1 sec".to_string()
    } else {
        let secs = rng.random_range(1..7_200u32);
        format!("{:02}:{:02}:{:02}", secs / 3_600, secs / 60 % 60, secs % 60)
    }
}

/// Log file paths of several layouts, so that a `path=` field's values share no one prefix.
fn file_path(rng: &mut ChaCha8Rng) -> String {
    let app = pick(rng, words::APPS);
    let namespace = pick(rng, words::NAMESPACES);
    match rng.random_range(0..4) {
        0 => format!(
            "/var/log/pods/{namespace}_{}_{}/{app}/0.log",
            pod_name(rng),
            hex(rng, 8)
        ),
        1 => format!(
            "/var/log/containers/{}_{namespace}_{app}-{}.log",
            pod_name(rng),
            hex(rng, 64)
        ),
        2 => format!("/opt/{app}/logs/{app}-{}.log", rng.random_range(0..9u32)),
        _ => format!("/srv/{namespace}/{app}/current.log"),
    }
}

fn query(rng: &mut ChaCha8Rng) -> String {
    let n = rng.random_range(1..4);
    (0..n)
        .map(|_| {
            let key = pick(rng, words::QUERY_KEYS);
            let value = if rng.random_bool(0.5) {
                rng.random_range(0..5_000u32).to_string()
            } else {
                pick(rng, words::NOUNS).to_string()
            };
            format!("{key}={value}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn go_error(rng: &mut ChaCha8Rng) -> String {
    match rng.random_range(0..5) {
        0 => format!(
            "dial tcp {}: connect: connection refused",
            format_ip_port(rng)
        ),
        1 => format!(
            "Get http://{}/healthz: context deadline exceeded",
            format_ip_port(rng)
        ),
        2 => format!(
            "read tcp {}->{}: read: connection reset by peer",
            format_ip_port(rng),
            format_ip_port(rng)
        ),
        3 => "rpc error: code = Unavailable desc = connection error".to_string(),
        _ => format!(
            "failed to pull image {}/{}:{}: not found",
            pick(rng, words::REGISTRIES),
            pick(rng, words::APPS),
            version(rng)
        ),
    }
}

fn format_ip_port(rng: &mut ChaCha8Rng) -> String {
    format!("{}:{}", ip(rng), rng.random_range(1_024..65_535u32))
}

fn sql(rng: &mut ChaCha8Rng) -> String {
    let table = pick(rng, words::TABLES);
    match rng.random_range(0..4) {
        0 => format!("SELECT * FROM {table} WHERE id = {}", rng.random_range(1..99_999u32)),
        1 => format!(
            "SELECT id, status FROM {table} WHERE customer_id = $1 AND created_at > now() - interval '{} days'",
            rng.random_range(1..90u32)
        ),
        2 => format!("UPDATE {table} SET status = $1, updated_at = now() WHERE id = $2"),
        _ => format!("INSERT INTO {table} (id, payload) VALUES ($1, $2)"),
    }
}

/// Pods of deployments (`api-7d9f8c6b5-x2x4q`) and stateful sets (`worker-2`) in several
/// namespaces: values that share a prefix with some lines and not others.
fn pod(rng: &mut ChaCha8Rng) -> String {
    format!("{}/{}", pick(rng, words::NAMESPACES), pod_name(rng))
}

fn pod_name(rng: &mut ChaCha8Rng) -> String {
    let app = pick(rng, words::APPS);
    if rng.random_bool(0.75) {
        format!("{app}-{}-{}", alnum(rng, 9), alnum(rng, 5))
    } else {
        format!("{app}-{}", rng.random_range(0..6u32))
    }
}

fn thread(rng: &mut ChaCha8Rng) -> String {
    match rng.random_range(0..4) {
        0 | 1 => format!("nio-8080-exec-{}", rng.random_range(1..200u32)),
        2 => format!("scheduling-{}", rng.random_range(1..8u32)),
        _ => format!("task-{}", rng.random_range(1..64u32)),
    }
}

fn version(rng: &mut ChaCha8Rng) -> String {
    format!(
        "{}.{}.{}",
        rng.random_range(0..4u32),
        rng.random_range(0..30u32),
        rng.random_range(0..20u32)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_phrases_grow_a_word_above_a_kilobyte() {
        assert_eq!(size_phrase(423), "423 bytes");
        assert_eq!(size_phrase(1_234), "1,234 bytes (1.2 KB)");
        assert_eq!(size_phrase(12_345_678), "12,345,678 bytes (12.3 MB)");
    }

    #[test]
    fn every_name_maps_back_to_its_kind() {
        for name in ["iso_ms", "pod", "size_phrase", "lifetime", "heap_change"] {
            assert_eq!(Kind::from_name(name).map(Kind::name), Some(name));
        }
        assert_eq!(Kind::from_name("nope"), None);
    }
}
