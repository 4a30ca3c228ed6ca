//! The per-producer artefacts of `lognoise_rules::deploy` run in the engines of the producers
//! that run them, on records built the way each producer's shipper sees them from the events of
//! a workspace: FireLens (`log` + the tag `<container>-firelens-<task id>`) and EKS Fluent Bit
//! (`log` + kubernetes keys + the tail tag) in Oniguruma, the CloudWatch agent's filters (the
//! raw file line) in RE2, and the Lambda levels by the levels the lines carry. Each drops
//! exactly the lines of the templates marked noise, and none of a template marked keep. The
//! merged agent configuration is re-parsed and diffed against the original.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{onig, onig_search, re2_search};
use lognoise_index::{import, ImportOptions};
use lognoise_miner::TemplateId;
use lognoise_rules::deploy::{self, DeployOptions, Sample};
use lognoise_rules::export::cloudwatch_agent::{self, EntryFilters};
use lognoise_rules::export::lambda_logging::{is_platform_line, APPLICATION_LEVELS};
use lognoise_rules::producer::Overrides;
use lognoise_rules::{CostBasis, ProtectedTemplate, RuleSet, RuleSpec};
use lognoise_workspace::{StoredEvent, Workspace};
use std::collections::{BTreeSet, HashMap};

const FIRELENS_GROUP: &str = "/ecs/shop";
const EKS_GROUP: &str = "/aws/containerinsights/prod/application";
const AGENT_GROUP: &str = "worker-host";
const LAMBDA_GROUP: &str = "/aws/lambda/checkout";
const TASKS: [&str; 2] = [
    "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    "9a8b7c6d5e4f30211203f4e5d6c7b8a9",
];

/// Events of four producers: (group, stream, message), each producer with a noise template,
/// a kept one and (but Lambda) an undecided one.
fn events() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut push = |g: &str, s: String, m: String| out.push((g.to_string(), s, m));
    for i in 0..24u32 {
        let task = TASKS[i as usize % 2];
        let fl = |c: &str| format!("{c}-firelens-{task}");
        push(
            FIRELENS_GROUP,
            fl("web"),
            format!("health check ok from 10.0.{i}.1 in {} ms", i % 7 + 1),
        );
        push(
            FIRELENS_GROUP,
            fl("web"),
            format!(
                "payment pay_{i}x captured for order ord_{i} amount {} EUR",
                i * 3 + 10
            ),
        );
        push(
            FIRELENS_GROUP,
            fl("web"),
            format!("cart {i} updated with {} items", i % 5 + 1),
        );
        let pod = |c: &str| {
            format!(
                "ip-10-0-1-{}.ec2.internal-application.var.log.containers.{c}-7d9f{}_shop_{c}-{}.log",
                i % 3,
                i % 2,
                "ab12".repeat(16)
            )
        };
        push(
            EKS_GROUP,
            pod("api"),
            format!("probe liveness passed after {} ms", i % 9 + 2),
        );
        push(
            EKS_GROUP,
            pod("api"),
            format!("user {i} signed in from 10.1.0.{i}"),
        );
        push(
            EKS_GROUP,
            pod("api"),
            format!("token refresh for session s{i} took {} ms", i + 4),
        );
        let host = "i-0123456789abcdef0".to_string();
        push(
            AGENT_GROUP,
            host.clone(),
            format!("[heartbeat] worker {i} alive, queue depth {}", i % 4),
        );
        push(
            AGENT_GROUP,
            host.clone(),
            format!("job {i} failed: disk full on /dev/sda{}", i % 3),
        );
        push(
            AGENT_GROUP,
            host,
            format!("job {i} finished in {} s", i + 1),
        );
        let id = format!("8f{i:02}c9e0-1b2a-4c3d-9e8f-7a6b5c4d3e2f");
        let stream = format!("2026/03/02/[$LATEST]{}", "c0ffee".repeat(5));
        let ts = format!("2026-03-02T10:11:{i:02}.706Z");
        push(
            LAMBDA_GROUP,
            stream.clone(),
            format!("START RequestId: {id} Version: $LATEST"),
        );
        push(
            LAMBDA_GROUP,
            stream.clone(),
            format!(
                "{ts}\t{id}\tDEBUG\tcache miss for key sku-{i} in region {}",
                i % 3
            ),
        );
        push(
            LAMBDA_GROUP,
            stream.clone(),
            format!(
                "{ts}\t{id}\tINFO\tcheckout {i} completed total {} EUR",
                i * 7 + 1
            ),
        );
        push(LAMBDA_GROUP, stream.clone(), format!("END RequestId: {id}"));
        push(LAMBDA_GROUP, stream, format!("REPORT RequestId: {id}\tDuration: {}.5 ms\tBilled Duration: {} ms\tMemory Size: 128 MB\tMax Memory Used: {} MB", i + 3, i + 4, 60 + i));
    }
    out
}

struct Fixture {
    _dir: tempfile::TempDir,
    ws: Workspace,
    set: RuleSet,
    noise: BTreeSet<TemplateId>,
    keep: BTreeSet<TemplateId>,
}

/// The template of the workspace whose text contains `needle` (exactly one).
fn template(ws: &Workspace, needle: &str) -> (TemplateId, String) {
    let found: Vec<_> = ws
        .templates()
        .templates()
        .iter()
        .filter(|t| t.text.contains(needle))
        .collect();
    assert_eq!(found.len(), 1, "templates with {needle:?}: {found:?}");
    (found[0].id, found[0].text.clone())
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("events.jsonl");
    let lines: Vec<String> = events()
        .iter()
        .enumerate()
        .map(|(i, (g, s, m))| {
            serde_json::json!({"timestamp": 1_772_409_600_000i64 + i as i64 * 1000, "logGroup": g, "logStream": s, "message": m})
                .to_string()
        })
        .collect();
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    import(&mut ws, &[file], &ImportOptions::default(), &mut |_| {}).unwrap();
    let noise_needles = [
        "health check ok",
        "probe liveness",
        "[heartbeat]",
        "START RequestId",
        "END RequestId",
        "REPORT RequestId",
        "cache miss",
    ];
    let keep_needles = [
        "captured for order",
        "signed in from",
        "disk full",
        "checkout",
    ];
    let specs: Vec<RuleSpec> = noise_needles
        .iter()
        .map(|n| {
            let (id, text) = template(&ws, n);
            RuleSpec {
                template_id: id,
                template_text: text,
                owner: Some("platform".into()),
                ..RuleSpec::default()
            }
        })
        .collect();
    let protected: Vec<ProtectedTemplate> = keep_needles
        .iter()
        .map(|n| {
            let (id, text) = template(&ws, n);
            ProtectedTemplate {
                template_id: id,
                template: text,
                verdict: "keep".into(),
            }
        })
        .collect();
    let set = RuleSet::from_specs(&specs, protected).unwrap();
    let noise = set.rules.iter().map(|r| r.template_id).collect();
    let keep = set.protected_ids().into_iter().collect();
    Fixture {
        _dir: dir,
        ws,
        set,
        noise,
        keep,
    }
}

/// The stored events of `group`, each with its template.
fn events_of(f: &Fixture, group: &str) -> Vec<(StoredEvent, TemplateId)> {
    let templates = f.ws.templates();
    f.ws.events()
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.log_group.as_deref() == Some(group))
        .map(|e| {
            let id = templates.template_of(e.cluster).unwrap().id;
            (e, id)
        })
        .collect()
}

fn plan(f: &Fixture, options: &DeployOptions) -> deploy::DeployPlan {
    let sample = Sample::of_workspace(&f.ws).unwrap();
    let producers = sample.producers(&Overrides::default());
    deploy::plan(&f.set, &sample, &producers, options).unwrap()
}

fn artefact<'a>(plan: &'a deploy::DeployPlan, name: &str) -> &'a deploy::Artefact {
    plan.artefacts
        .iter()
        .find(|a| a.file_name == name)
        .unwrap_or_else(|| {
            let names: Vec<_> = plan.artefacts.iter().map(|a| &a.file_name).collect();
            panic!("no artefact {name}: {names:?}")
        })
}

/// The filters of a scoped classic config: (Match, key, regex), one Exclude each.
fn parse_classic(conf: &str) -> Vec<(String, String, String)> {
    let mut filters = Vec::new();
    let (mut tag, mut exclude) = (None, None);
    for line in conf.lines().map(str::trim) {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if line == "[FILTER]" {
            tag = None;
            exclude = None;
            continue;
        }
        let (key, value) = line.split_once(char::is_whitespace).unwrap();
        let value = value.trim().to_string();
        match key {
            "Name" => assert_eq!(value, "grep"),
            "Match" => tag = Some(value),
            "Exclude" => {
                assert!(exclude.is_none(), "two Excludes in one filter");
                exclude = Some(value);
            }
            other => panic!("unexpected key {other} (Fluent Bit 1.9 has no Logical_Op)"),
        }
        if let (Some(t), Some(e)) = (&tag, &exclude) {
            let (k, re) = e.split_once(' ').unwrap();
            filters.push((t.clone(), k.to_string(), re.to_string()));
            tag = None;
            exclude = None;
        }
    }
    filters
}

/// The same filters read from the YAML form.
fn parse_yaml(text: &str) -> Vec<(String, String, String)> {
    let doc: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    doc["pipeline"]["filters"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["name"].as_str(), Some("grep"));
            let (k, re) = f["exclude"].as_str().unwrap().split_once(' ').unwrap();
            (
                f["match"].as_str().unwrap().to_string(),
                k.to_string(),
                re.to_string(),
            )
        })
        .collect()
}

/// Fluent Bit's tag matching: `*` matches any run of characters.
fn tag_matches(pattern: &str, tag: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == tag;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !tag.starts_with(first)
        || !tag[first.len()..].ends_with(last)
        || tag.len() < first.len() + last.len()
    {
        return false;
    }
    let mut rest = &tag[first.len()..tag.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

/// Whether Fluent Bit's grep filters drop a record with `tag` and `keys`.
fn fluent_bit_drops(
    filters: &[(String, String, String)],
    tag: &str,
    keys: &HashMap<&str, String>,
) -> bool {
    filters.iter().any(|(m, key, re)| {
        tag_matches(m, tag)
            && keys
                .get(key.as_str())
                .is_some_and(|v| onig_search(&onig(re), v))
    })
}

/// Runs both Fluent Bit forms of `name` on the records of `group` and checks what they drop.
fn check_fluent_bit(
    f: &Fixture,
    name: &str,
    group: &str,
    record: impl Fn(&StoredEvent) -> (String, HashMap<&'static str, String>),
) {
    let plan = plan(f, &DeployOptions::default());
    let conf = artefact(&plan, &format!("{name}.conf"));
    let filters = parse_classic(&conf.text);
    assert!(!filters.is_empty());
    assert_eq!(
        parse_yaml(&artefact(&plan, &format!("{name}.yaml")).text),
        filters
    );
    let events = events_of(f, group);
    let mut dropped = 0;
    for (e, id) in &events {
        let (tag, keys) = record(e);
        let drops = fluent_bit_drops(&filters, &tag, &keys);
        assert_eq!(
            drops,
            f.noise.contains(id),
            "{name}: {:?} (tag {tag})",
            e.message
        );
        assert!(!(drops && f.keep.contains(id)));
        dropped += usize::from(drops);
    }
    assert_eq!(dropped, 24, "{name} dropped {dropped} lines");
    assert_eq!(conf.removes.lines, 24);
    assert_eq!(conf.protects.len(), 1);
    // Records of another producer's containers are out of the filters' scope.
    let other = HashMap::from([("log", events[0].0.message.clone())]);
    assert!(!fluent_bit_drops(
        &filters,
        &format!("other-firelens-{}", TASKS[0]),
        &other
    ));
}

#[test]
fn firelens_filters_drop_the_noise_records_in_oniguruma() {
    let f = fixture();
    check_fluent_bit(
        &f,
        "fluent-bit-ecs-firelens-ecs-shop",
        FIRELENS_GROUP,
        |e| {
            // FireLens: the tag names the container and task; the record holds `log` and the ECS
            // metadata, not the log group.
            let tag = e.log_stream.clone().unwrap();
            let keys = HashMap::from([
                ("log", e.message.clone()),
                ("container_name", "web".to_string()),
                (
                    "ecs_task_arn",
                    format!("arn:aws:ecs:eu-west-1:1:task/shop/{}", TASKS[0]),
                ),
            ]);
            (tag, keys)
        },
    );
}

#[test]
fn eks_filters_drop_the_noise_records_in_oniguruma() {
    let f = fixture();
    check_fluent_bit(&f, "fluent-bit-eks-prod", EKS_GROUP, |e| {
        // The daemon set tails the container's file: the tag is the file path with dots, the
        // stream name the node's name before it.
        let stream = e.log_stream.clone().unwrap();
        let at = stream.find("application.var.log.containers.").unwrap();
        let keys = HashMap::from([
            ("log", e.message.clone()),
            ("kubernetes.namespace_name", "shop".to_string()),
            ("kubernetes.container_name", "api".to_string()),
        ]);
        (stream[at..].to_string(), keys)
    });
    // A pod of another namespace is out of scope.
    let plan = plan(&f, &DeployOptions::default());
    let filters = parse_classic(&artefact(&plan, "fluent-bit-eks-prod.conf").text);
    let line = HashMap::from([("log", "probe liveness passed after 3 ms".to_string())]);
    assert!(!fluent_bit_drops(
        &filters,
        "application.var.log.containers.api-1_billing_api-ff.log",
        &line
    ));
    assert!(fluent_bit_drops(
        &filters,
        "application.var.log.containers.api-1_shop_api-ff.log",
        &line
    ));
}

#[test]
fn agent_filters_drop_the_noise_lines_in_re2() {
    let f = fixture();
    let plan = plan(&f, &DeployOptions::default());
    let a = artefact(&plan, "cloudwatch-agent-filters.json");
    let doc: serde_json::Value = serde_json::from_str(&a.text).unwrap();
    let entries = doc["logs"]["logs_collected"]["files"]["collect_list"]
        .as_array()
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["log_group_name"], AGENT_GROUP);
    let expressions: Vec<String> = entries[0]["filters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["type"], "exclude");
            f["expression"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(expressions.len(), 1);
    let events = events_of(&f, AGENT_GROUP);
    let lines: Vec<String> = events.iter().map(|(e, _)| e.message.clone()).collect();
    let cases: Vec<(String, Vec<String>)> = expressions
        .iter()
        .map(|x| (x.clone(), lines.clone()))
        .collect();
    let answers = re2_search(&cases);
    for (i, (e, id)) in events.iter().enumerate() {
        let drops = answers.iter().any(|a| a.as_ref().unwrap()[i]);
        assert_eq!(drops, f.noise.contains(id), "{:?}", e.message);
    }
    assert_eq!(a.removes.lines, 24);
}

const AGENT_CONFIG: &str = r#"{
	"agent": {"metrics_collection_interval": 60, "run_as_user": "cwagent"},
	"logs": {
		"logs_collected": {
			"files": {
				"collect_list": [
					{
						"file_path": "/var/log/worker/*.log",
						"log_group_name": "worker-host",
						"log_stream_name": "{instance_id}",
						"filters": [
							{"type": "include", "expression": "job|heartbeat"}
						]
					},
					{"file_path": "/var/log/other.log", "log_group_name": "other"}
				]
			}
		},
		"force_flush_interval" : 15
	}
}
"#;

#[test]
fn agent_config_gets_the_filters_and_keeps_every_other_byte() {
    let f = fixture();
    let plan = plan(
        &f,
        &DeployOptions {
            agent_config: Some(AGENT_CONFIG.into()),
            ..DeployOptions::default()
        },
    );
    let merged = &artefact(&plan, deploy::AGENT_MERGED_FILE).text;
    let before: serde_json::Value = serde_json::from_str(AGENT_CONFIG).unwrap();
    let after: serde_json::Value = serde_json::from_str(merged).unwrap();
    // The only difference: the exclude filter after the include one already there.
    let mut expected = before.clone();
    let rule = f
        .set
        .rules
        .iter()
        .find(|r| r.template.contains("heartbeat"))
        .unwrap();
    expected["logs"]["logs_collected"]["files"]["collect_list"][0]["filters"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"type": "exclude", "expression": rule.pattern}));
    assert_eq!(after, expected);

    // Byte for byte: taking the insertions out gives the original.
    let entry = EntryFilters {
        log_group: AGENT_GROUP.into(),
        file_path: None,
        rules: vec![rule.clone()],
    };
    let m = cloudwatch_agent::merge(AGENT_CONFIG, std::slice::from_ref(&entry)).unwrap();
    assert_eq!(&m.text, merged);
    let mut restored = m.text.clone();
    let mut offset: usize = m.insertions.iter().map(|(_, t)| t.len()).sum();
    for (at, inserted) in m.insertions.iter().rev() {
        offset -= inserted.len();
        let start = at + offset;
        assert_eq!(&restored[start..start + inserted.len()], inserted);
        restored.replace_range(start..start + inserted.len(), "");
    }
    assert_eq!(restored, AGENT_CONFIG);
    assert_eq!(m.merged_groups, vec![AGENT_GROUP.to_string()]);
    // Merging twice adds nothing.
    assert_eq!(
        cloudwatch_agent::merge(merged, std::slice::from_ref(&entry))
            .unwrap()
            .text,
        *merged
    );

    // An entry without filters gets the property after its last one.
    let other = EntryFilters {
        log_group: "other".into(),
        ..entry.clone()
    };
    let m = cloudwatch_agent::merge(AGENT_CONFIG, &[other]).unwrap();
    let after: serde_json::Value = serde_json::from_str(&m.text).unwrap();
    let list = &after["logs"]["logs_collected"]["files"]["collect_list"];
    assert_eq!(list[1]["filters"][0]["expression"], rule.pattern.as_str());
    assert_eq!(list[1]["file_path"], "/var/log/other.log");
    let (at, inserted) = &m.insertions[0];
    assert_eq!(
        format!("{}{}", &m.text[..*at], &m.text[at + inserted.len()..]),
        AGENT_CONFIG
    );

    // A group without an entry is reported; a file that is not an agent config is refused.
    let absent = EntryFilters {
        log_group: "absent".into(),
        ..entry.clone()
    };
    assert_eq!(
        cloudwatch_agent::merge(AGENT_CONFIG, &[absent])
            .unwrap()
            .missing_groups,
        vec!["absent".to_string()]
    );
    for bad in ["", "[1]", "{\"logs\": {}}", "{\"a\": 1,}"] {
        let err = cloudwatch_agent::merge(bad, std::slice::from_ref(&entry)).unwrap_err();
        assert!(
            err.to_string().contains("CloudWatch agent configuration"),
            "{err}"
        );
    }
}

#[test]
fn lambda_levels_drop_the_noise_and_keep_the_kept_lines() {
    let f = fixture();
    let plan = plan(&f, &DeployOptions::default());
    let a = artefact(&plan, "lambda-checkout.sh");
    assert!(a.text.contains("--function-name checkout"), "{}", a.text);
    assert!(
        a.text
            .contains("ApplicationLogLevel=INFO,SystemLogLevel=WARN"),
        "{}",
        a.text
    );
    assert!(a.text.contains("#   LoggingConfig:"), "{}", a.text);
    assert!(a.also_drops.is_empty());
    // Lambda drops application lines below INFO and its own (INFO) lines below WARN.
    let app = APPLICATION_LEVELS
        .iter()
        .position(|l| *l == "INFO")
        .unwrap();
    for (e, id) in events_of(&f, LAMBDA_GROUP) {
        let drops = if is_platform_line(&f.ws.templates().get(id).unwrap().text) {
            true
        } else {
            let level = e.level.as_deref().unwrap().to_ascii_uppercase();
            APPLICATION_LEVELS.iter().position(|l| *l == level).unwrap() < app
        };
        assert_eq!(drops, f.noise.contains(&id), "{:?}", e.message);
    }
    assert_eq!(a.removes.lines, 24 * 4);
    assert!(plan.not_deployed.is_empty(), "{:?}", plan.not_deployed);
    let md = deploy::markdown(&plan, &CostBasis::of_new_session(&f.ws, 0.5).unwrap());
    assert!(md.contains("## `lambda-checkout.sh` (lambda)"), "{md}");
    assert!(md.contains("/month"), "{md}");
}
