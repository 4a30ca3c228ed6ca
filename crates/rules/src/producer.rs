//! Which program produces a log group's lines, guessed from the names a sample already holds.
//!
//! A noise decision only saves money once something upstream of CloudWatch stops sending the
//! lines, and what can stop them depends on the producer: a Fluent Bit filter runs in FireLens
//! or an EKS daemon set, but nothing sits between a Lambda function and CloudWatch, whose remedy
//! is its logging configuration. This module is pure: it reads a log group's name and the
//! stream names seen in its events and says which producer it believes, with the evidence, so
//! that a wrong guess can be seen and overridden by hand.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The producers whose lines reach CloudWatch by different roads, and so need different remedies.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Producer {
    /// A Lambda function: its runtime writes to `/aws/lambda/<function>`.
    Lambda {
        /// The function's name, from the group name.
        function: String,
    },
    /// An ECS task through the `awslogs` driver: streams `<prefix>/<container>/<task id>`.
    EcsAwslogs {
        /// The container named by the streams, when they agree on one.
        container: Option<String>,
    },
    /// An ECS task through FireLens (Fluent Bit): streams `<container>-firelens-<task id>`.
    EcsFirelens {
        /// The container named by the streams (the tag is `<container>-firelens-<task id>`).
        container: Option<String>,
    },
    /// EKS through Fluent Bit (Container Insights): `/aws/containerinsights/<cluster>/...`.
    EksFluentBit {
        /// The cluster named by the group.
        cluster: Option<String>,
    },
    /// An RDS instance's exported log (`postgresql`, `error`, `slowquery`, `general`, ...).
    Rds {
        /// The DB instance identifier.
        instance: String,
        /// Which of its logs: `postgresql`, `error`, `slowquery`, `general`, ...
        log: String,
    },
    /// VPC flow logs.
    VpcFlowLogs,
    /// API Gateway execution or access logs.
    ApiGateway {
        /// The REST API id, when the group name holds it.
        api: Option<String>,
    },
    /// The CloudWatch agent tailing a file on EC2 or on-premises.
    CloudWatchAgent {
        /// The tailed file, when a stream is named after it.
        file_path: Option<String>,
    },
    /// Nothing in the names says who writes the lines.
    Unknown,
}

impl Producer {
    /// The short name the CLI prints and accepts (`lognoise groups set-producer GROUP KIND`).
    pub fn kind(&self) -> &'static str {
        match self {
            Producer::Lambda { .. } => "lambda",
            Producer::EcsAwslogs { .. } => "ecs-awslogs",
            Producer::EcsFirelens { .. } => "ecs-firelens",
            Producer::EksFluentBit { .. } => "eks-fluent-bit",
            Producer::Rds { .. } => "rds",
            Producer::VpcFlowLogs => "vpc-flow-logs",
            Producer::ApiGateway { .. } => "api-gateway",
            Producer::CloudWatchAgent { .. } => "cloudwatch-agent",
            Producer::Unknown => "unknown",
        }
    }

    /// Whether a Fluent Bit filter can run between this producer and CloudWatch.
    pub fn runs_fluent_bit(&self) -> bool {
        matches!(
            self,
            Producer::EcsFirelens { .. } | Producer::EksFluentBit { .. }
        )
    }
}

/// A guess with the names it rests on, so a reader can judge it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inference {
    /// The producer believed.
    pub producer: Producer,
    /// One sentence per clue, e.g. "log group name starts with /aws/lambda/".
    pub evidence: Vec<String>,
}

/// Guesses the producer of `log_group` from its name and the stream names seen in its events.
///
/// The log group name decides first where AWS fixes it (Lambda, RDS, Container Insights, API
/// Gateway); otherwise the stream names, counted by shape, decide by majority, since a group
/// can hold a stray stream from a test run.
pub fn infer<'a>(log_group: &str, streams: impl IntoIterator<Item = &'a str>) -> Inference {
    let streams: Vec<&str> = streams.into_iter().collect();
    if let Some(inference) = from_group_name(log_group) {
        return inference;
    }
    from_streams(log_group, &streams).unwrap_or(Inference {
        producer: Producer::Unknown,
        evidence: vec![format!(
            "neither the log group name {log_group:?} nor its {} stream name(s) follow a known producer's naming",
            streams.len()
        )],
    })
}

fn from_group_name(group: &str) -> Option<Inference> {
    let say = |producer: Producer, clue: String| Inference {
        producer,
        evidence: vec![clue],
    };
    if let Some(function) = group.strip_prefix("/aws/lambda/").filter(|f| !f.is_empty()) {
        return Some(say(
            Producer::Lambda {
                function: function.to_string(),
            },
            "log group name starts with /aws/lambda/".into(),
        ));
    }
    if let Some(rest) = group.strip_prefix("/aws/rds/instance/") {
        if let Some((instance, log)) = rest.split_once('/') {
            if !instance.is_empty() && !log.is_empty() {
                return Some(say(
                    Producer::Rds {
                        instance: instance.to_string(),
                        log: log.to_string(),
                    },
                    format!("log group name is /aws/rds/instance/<db>/{log}"),
                ));
            }
        }
    }
    if let Some(rest) = group.strip_prefix("/aws/containerinsights/") {
        let cluster = rest.split('/').next().filter(|c| !c.is_empty());
        return Some(say(
            Producer::EksFluentBit {
                cluster: cluster.map(str::to_string),
            },
            "log group name starts with /aws/containerinsights/ (Fluent Bit daemon set)".into(),
        ));
    }
    if let Some(api) = group.strip_prefix("API-Gateway-Execution-Logs_") {
        let api = api.split('/').next().filter(|a| !a.is_empty());
        return Some(say(
            Producer::ApiGateway {
                api: api.map(str::to_string),
            },
            "log group name starts with API-Gateway-Execution-Logs_".into(),
        ));
    }
    let lower = group.to_ascii_lowercase();
    if lower.contains("apigateway") || lower.contains("api-gateway") {
        return Some(say(
            Producer::ApiGateway { api: None },
            "log group name mentions API Gateway (access logs)".into(),
        ));
    }
    if lower.contains("flow-log") || lower.contains("flowlog") || lower.contains("vpc-flow") {
        return Some(say(
            Producer::VpcFlowLogs,
            "log group name mentions flow logs".into(),
        ));
    }
    None
}

/// The shape of one stream name, as far as it tells the producer.
#[derive(Debug, PartialEq, Eq)]
enum StreamShape {
    Firelens(String),
    Awslogs(String),
    FlowLog,
    AgentFile(Option<String>),
    Other,
}

fn shape_of(stream: &str) -> StreamShape {
    if let Some((container, task)) = stream.split_once("-firelens-") {
        // The output's `log_stream_prefix` (`firelens/`, `app/web/`) comes before the tag; the
        // tag, which `Match` reads, starts after its last `/`.
        let container = container.rsplit('/').next().unwrap_or(container);
        if is_task_id(task) && !container.is_empty() {
            return StreamShape::Firelens(container.to_string());
        }
    }
    let parts: Vec<&str> = stream.split('/').collect();
    if parts.len() == 3 && is_task_id(parts[2]) && !parts[0].is_empty() && !parts[1].is_empty() {
        return StreamShape::Awslogs(parts[1].to_string());
    }
    // Flow logs name a stream after the network interface: `eni-0abc...-all`, `eni-0abc...-accept`.
    if let Some(rest) = stream.strip_prefix("eni-") {
        if rest.chars().next().is_some_and(|c| c.is_ascii_hexdigit()) {
            return StreamShape::FlowLog;
        }
    }
    // The agent's default stream is `{instance_id}`; a file path is named when the config says so.
    if stream
        .strip_prefix("i-")
        .is_some_and(|id| id.len() > 1 && id.chars().all(|c| c.is_ascii_hexdigit()))
    {
        return StreamShape::AgentFile(None);
    }
    if stream.starts_with('/') && stream.len() > 1 {
        return StreamShape::AgentFile(Some(stream.to_string()));
    }
    StreamShape::Other
}

/// An ECS task id: 32 hexadecimal digits (older tasks: a UUID with dashes).
fn is_task_id(text: &str) -> bool {
    let hex: String = text.chars().filter(|c| *c != '-').collect();
    hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

fn from_streams(group: &str, streams: &[&str]) -> Option<Inference> {
    let shapes: Vec<StreamShape> = streams.iter().map(|s| shape_of(s)).collect();
    let count = |pick: fn(&StreamShape) -> bool| shapes.iter().filter(|s| pick(s)).count();
    let firelens = count(|s| matches!(s, StreamShape::Firelens(_)));
    let awslogs = count(|s| matches!(s, StreamShape::Awslogs(_)));
    let flow = count(|s| matches!(s, StreamShape::FlowLog));
    let agent = count(|s| matches!(s, StreamShape::AgentFile(_)));
    let best = firelens.max(awslogs).max(flow).max(agent);
    if best == 0 || best * 2 <= streams.len() {
        return None;
    }
    let total = streams.len();
    let clue = |what: &str, n: usize| {
        format!("{n} of {total} stream name(s) of {group:?} look like {what}")
    };
    let first_container = |want_firelens: bool| {
        shapes.iter().find_map(|s| match s {
            StreamShape::Firelens(c) if want_firelens => Some(c.clone()),
            StreamShape::Awslogs(c) if !want_firelens => Some(c.clone()),
            _ => None,
        })
    };
    let inference = if best == firelens {
        Inference {
            producer: Producer::EcsFirelens {
                container: first_container(true),
            },
            evidence: vec![clue(
                "<container>-firelens-<task id> (ECS FireLens)",
                firelens,
            )],
        }
    } else if best == awslogs {
        Inference {
            producer: Producer::EcsAwslogs {
                container: first_container(false),
            },
            evidence: vec![clue(
                "<prefix>/<container>/<task id> (ECS awslogs driver)",
                awslogs,
            )],
        }
    } else if best == flow {
        Inference {
            producer: Producer::VpcFlowLogs,
            evidence: vec![clue("eni-<id>-<traffic> (VPC flow logs)", flow)],
        }
    } else {
        let file_path = shapes.iter().find_map(|s| match s {
            StreamShape::AgentFile(path) => path.clone(),
            _ => None,
        });
        Inference {
            producer: Producer::CloudWatchAgent { file_path },
            evidence: vec![clue(
                "an instance id or a file path (CloudWatch agent)",
                agent,
            )],
        }
    };
    Some(inference)
}

/// The workspace file holding the producers set by hand, one per log group.
pub const OVERRIDES_FILE: &str = "producers.json";

/// Producers set by hand where the guess is wrong, keyed by log group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overrides {
    /// Log group name to the producer set for it.
    pub groups: BTreeMap<String, Producer>,
}

impl Overrides {
    /// Reads the overrides of the workspace at `root`. A missing file is no override; a file
    /// that cannot be read or parsed is also taken as none, with the reason returned, so that a
    /// damaged file never stops a listing (saving again replaces it).
    pub fn load(root: &Path) -> (Overrides, Option<String>) {
        let path = root.join(OVERRIDES_FILE);
        match std::fs::read(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Overrides::default(), None),
            Err(e) => (
                Overrides::default(),
                Some(format!(
                    "{}: {e}; producers set by hand are ignored",
                    path.display()
                )),
            ),
            Ok(bytes) => match serde_json::from_slice(&bytes) {
                Ok(overrides) => (overrides, None),
                Err(e) => (
                    Overrides::default(),
                    Some(format!(
                        "{} is not a producers file ({e}); set the producers again to replace it",
                        path.display()
                    )),
                ),
            },
        }
    }

    /// Writes the overrides into the workspace at `root`, atomically and readable by the user only.
    pub fn save(&self, root: &Path) -> lognoise_workspace::Result<()> {
        // Serialising a map of strings to plain enums cannot fail.
        let bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        lognoise_workspace::write_private_atomic(&root.join(OVERRIDES_FILE), &bytes)
    }

    /// The producer of `log_group`: the one set by hand, else the guess from its names.
    pub fn resolve<'a>(
        &self,
        log_group: &str,
        streams: impl IntoIterator<Item = &'a str>,
    ) -> Inference {
        match self.groups.get(log_group) {
            Some(producer) => Inference {
                producer: producer.clone(),
                evidence: vec![format!("set by hand in {OVERRIDES_FILE}")],
            },
            None => infer(log_group, streams),
        }
    }
}

/// Builds a producer from its CLI kind (see [`Producer::kind`]) for `log_group`, taking the
/// names it carries (function, instance, cluster) from the group name where it holds them.
/// `None` for an unknown kind; the caller lists [`KINDS`].
pub fn producer_of_kind(kind: &str, log_group: &str) -> Option<Producer> {
    let guessed = from_group_name(log_group).map(|i| i.producer);
    let producer = match kind {
        "lambda" => match guessed {
            Some(p @ Producer::Lambda { .. }) => p,
            _ => Producer::Lambda {
                function: log_group
                    .rsplit('/')
                    .next()
                    .unwrap_or(log_group)
                    .to_string(),
            },
        },
        "ecs-awslogs" => Producer::EcsAwslogs { container: None },
        "ecs-firelens" => Producer::EcsFirelens { container: None },
        "eks-fluent-bit" => match guessed {
            Some(p @ Producer::EksFluentBit { .. }) => p,
            _ => Producer::EksFluentBit { cluster: None },
        },
        "rds" => match guessed {
            Some(p @ Producer::Rds { .. }) => p,
            _ => Producer::Rds {
                instance: log_group.to_string(),
                log: String::new(),
            },
        },
        "vpc-flow-logs" => Producer::VpcFlowLogs,
        "api-gateway" => Producer::ApiGateway { api: None },
        "cloudwatch-agent" => Producer::CloudWatchAgent { file_path: None },
        "unknown" => Producer::Unknown,
        _ => return None,
    };
    Some(producer)
}

/// Every kind [`producer_of_kind`] accepts.
pub const KINDS: &[&str] = &[
    "lambda",
    "ecs-awslogs",
    "ecs-firelens",
    "eks-fluent-bit",
    "rds",
    "vpc-flow-logs",
    "api-gateway",
    "cloudwatch-agent",
    "unknown",
];

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const TASK: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    #[test]
    fn lambda_from_group_name() {
        let got = infer("/aws/lambda/checkout-api", ["2026/03/02/[$LATEST]abc"]);
        assert_eq!(
            got.producer,
            Producer::Lambda {
                function: "checkout-api".into()
            }
        );
        assert_eq!(got.producer.kind(), "lambda");
        assert!(!got.producer.runs_fluent_bit());
    }

    #[test]
    fn rds_names_instance_and_log() {
        let got = infer("/aws/rds/instance/orders-db/postgresql", std::iter::empty());
        assert_eq!(
            got.producer,
            Producer::Rds {
                instance: "orders-db".into(),
                log: "postgresql".into()
            }
        );
    }

    #[test]
    fn container_insights_is_eks_fluent_bit() {
        let stream =
            "ip-10-0-1-2.ec2.internal-application.var.log.containers.web-7d9_shop_web-abc.log";
        let got = infer("/aws/containerinsights/prod/application", [stream]);
        assert_eq!(
            got.producer,
            Producer::EksFluentBit {
                cluster: Some("prod".into())
            }
        );
        assert!(got.producer.runs_fluent_bit());
    }

    #[test]
    fn a_stream_prefix_before_the_firelens_tag_is_not_part_of_the_container() {
        assert_eq!(
            shape_of(&format!("firelens/web-firelens-{TASK}")),
            StreamShape::Firelens("web".to_string())
        );
        assert_eq!(
            shape_of(&format!("shop/prod/api-gw-firelens-{TASK}")),
            StreamShape::Firelens("api-gw".to_string())
        );
        // A prefix ending in `/` with nothing after it names no container.
        assert_eq!(
            shape_of(&format!("firelens/-firelens-{TASK}")),
            StreamShape::Other
        );
    }

    #[test]
    fn firelens_streams_win_by_majority() {
        let s1 = format!("web-firelens-{TASK}");
        let s2 = format!("web-firelens-{}", TASK.replace('0', "a"));
        let got = infer("/ecs/shop", [s1.as_str(), s2.as_str(), "stray"]);
        assert_eq!(
            got.producer,
            Producer::EcsFirelens {
                container: Some("web".into())
            }
        );
        assert!(got.evidence[0].contains("2 of 3"), "{:?}", got.evidence);
    }

    #[test]
    fn awslogs_streams_name_the_container() {
        let s = format!("ecs/api/{TASK}");
        let got = infer("/ecs/shop-api", [s.as_str()]);
        assert_eq!(
            got.producer,
            Producer::EcsAwslogs {
                container: Some("api".into())
            }
        );
    }

    #[test]
    fn flow_logs_by_name_or_stream() {
        assert_eq!(
            infer("/vpc/flow-logs", std::iter::empty()).producer,
            Producer::VpcFlowLogs
        );
        assert_eq!(
            infer("network", ["eni-0a1b2c3d4e-all"]).producer,
            Producer::VpcFlowLogs
        );
    }

    #[test]
    fn api_gateway_execution_logs() {
        let got = infer("API-Gateway-Execution-Logs_a1b2c3/prod", std::iter::empty());
        assert_eq!(
            got.producer,
            Producer::ApiGateway {
                api: Some("a1b2c3".into())
            }
        );
    }

    #[test]
    fn agent_keeps_file_path_when_stream_names_it() {
        let got = infer("nginx-access", ["/var/log/nginx/access.log"]);
        assert_eq!(
            got.producer,
            Producer::CloudWatchAgent {
                file_path: Some("/var/log/nginx/access.log".into())
            }
        );
        assert_eq!(
            infer("app", ["i-0123456789abcdef0"]).producer,
            Producer::CloudWatchAgent { file_path: None }
        );
    }

    #[test]
    fn unknown_when_nothing_matches_or_no_majority() {
        let got = infer("my-app", ["stream-a", "stream-b"]);
        assert_eq!(got.producer, Producer::Unknown);
        assert!(!got.evidence.is_empty());
        let s = format!("web-firelens-{TASK}");
        assert_eq!(
            infer("my-app", [s.as_str(), "x", "y"]).producer,
            Producer::Unknown
        );
        assert_eq!(infer("", std::iter::empty()).producer, Producer::Unknown);
        assert_eq!(
            infer("/aws/lambda/", std::iter::empty()).producer,
            Producer::Unknown
        );
    }
    #[test]
    fn overrides_round_trip_and_win_over_the_guess() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Overrides::load(dir.path()), (Overrides::default(), None));
        let mut overrides = Overrides::default();
        let producer = producer_of_kind("ecs-firelens", "/aws/lambda/odd").unwrap();
        overrides
            .groups
            .insert("/aws/lambda/odd".into(), producer.clone());
        overrides.save(dir.path()).unwrap();
        let (loaded, warning) = Overrides::load(dir.path());
        assert_eq!(warning, None);
        assert_eq!(loaded, overrides);
        let got = loaded.resolve("/aws/lambda/odd", std::iter::empty());
        assert_eq!(got.producer, producer);
        let other = loaded.resolve("/aws/lambda/f", std::iter::empty());
        assert_eq!(
            other.producer,
            Producer::Lambda {
                function: "f".into()
            }
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(OVERRIDES_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0);
        }
    }

    #[test]
    fn damaged_overrides_file_reads_as_none_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(OVERRIDES_FILE), b"{not json").unwrap();
        let (loaded, warning) = Overrides::load(dir.path());
        assert_eq!(loaded, Overrides::default());
        assert!(warning.unwrap().contains("not a producers file"));
    }

    #[test]
    fn every_kind_builds_and_round_trips_its_name() {
        for kind in KINDS {
            let producer = producer_of_kind(kind, "/aws/rds/instance/db1/error").unwrap();
            assert_eq!(producer.kind(), *kind);
        }
        assert_eq!(producer_of_kind("lamda", "g"), None);
    }
}
