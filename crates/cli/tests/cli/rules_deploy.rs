//! `lognoise rules export --deploy DIR`: one artefact per producer of the workspace's log
//! groups (FireLens, the CloudWatch agent, Lambda), the agent's configuration merged, a
//! `DEPLOY.md` saying where each goes, what it removes and protects, and the rule of an
//! awslogs group listed as deployable nowhere.

use super::common::*;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

const TASK: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

fn write_events(path: &Path) {
    let mut lines = Vec::new();
    for i in 0..12i64 {
        let mut push = |group: &str, stream: &str, message: String| {
            lines.push(
                serde_json::json!({"timestamp": 1_772_409_600_000i64 + i * 60_000, "logGroup": group, "logStream": stream, "message": message})
                    .to_string(),
            );
        };
        let firelens = format!("web-firelens-{TASK}");
        push(
            "/ecs/shop",
            &firelens,
            format!("health check ok from 10.0.{i}.1 in {} ms", i % 5 + 1),
        );
        push(
            "/ecs/shop",
            &firelens,
            format!("payment pay_{i}x captured for order ord_{i}"),
        );
        push(
            "/ecs/legacy",
            &format!("ecs/api/{TASK}"),
            format!("health check ok from 10.9.{i}.1 in {} ms", i % 5 + 1),
        );
        push(
            "worker-host",
            "i-0123456789abcdef0",
            format!("[heartbeat] worker {i} alive, queue depth {}", i % 4),
        );
        let id = format!("8f{i:02}c9e0-1b2a-4c3d-9e8f-7a6b5c4d3e2f");
        let stream = "2026/03/02/[$LATEST]c0ffee";
        push(
            "/aws/lambda/checkout",
            stream,
            format!("2026-03-02T10:11:{i:02}.706Z\t{id}\tDEBUG\tcache miss for key sku-{i}"),
        );
        push(
            "/aws/lambda/checkout",
            stream,
            format!(
                "2026-03-02T10:11:{i:02}.706Z\t{id}\tINFO\tcheckout {i} completed total {} EUR",
                i * 7 + 1
            ),
        );
    }
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn id_containing(ws: &Path, needle: &str) -> String {
    let doc: Value = serde_json::from_str(&run(ws, &["templates", "--json"])).unwrap();
    let found: Vec<&Value> = doc["templates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["text"].as_str().unwrap().contains(needle))
        .collect();
    assert_eq!(found.len(), 1, "templates with {needle:?}: {doc}");
    found[0]["id"].as_str().unwrap().to_string()
}

#[test]
fn deploy_writes_one_artefact_per_producer_and_says_where_each_goes() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    write_events(&events);
    let ws = dir.path().join("ws");
    import(&ws, &[&events]).success();
    let rules = dir.path().join("rules.json");
    let rules_arg = rules.to_str().unwrap();
    run(
        &ws,
        &[
            "rules",
            "generate",
            "--noise",
            &id_containing(&ws, "health check"),
            "--noise",
            &id_containing(&ws, "[heartbeat]"),
            "--noise",
            &id_containing(&ws, "cache miss"),
            "--keep",
            &id_containing(&ws, "captured for order"),
            "--keep",
            &id_containing(&ws, "checkout"),
            "--owner",
            "platform",
            "--output",
            rules_arg,
        ],
    );
    let agent = dir.path().join("agent.json");
    let config = "{\n  \"logs\": {\"logs_collected\": {\"files\": {\"collect_list\": [\n    {\"file_path\": \"/var/log/worker.log\", \"log_group_name\": \"worker-host\"}\n  ]}}}\n}\n";
    std::fs::write(&agent, config).unwrap();
    let out_dir = dir.path().join("deploy");
    let out = lognoise()
        .args(["rules", "export", "--rules", rules_arg, "--deploy"])
        .arg(&out_dir)
        .arg("--agent-config")
        .arg(&agent)
        .arg("--workspace")
        .arg(&ws)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // The awslogs group's rule cannot run anywhere, and says so.
    assert!(stderr.contains("/ecs/legacy (ecs-awslogs)"), "{stderr}");
    assert!(stderr.contains("awslogs log driver"), "{stderr}");

    let mut files: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "DEPLOY.md",
            "amazon-cloudwatch-agent.json",
            "cloudwatch-agent-filters.json",
            "fluent-bit-ecs-firelens-ecs-shop.conf",
            "fluent-bit-ecs-firelens-ecs-shop.yaml",
            "lambda-checkout.sh",
        ]
    );
    let read = |name: &str| std::fs::read_to_string(out_dir.join(name)).unwrap();
    let conf = read("fluent-bit-ecs-firelens-ecs-shop.conf");
    assert!(conf.contains("Match    web-firelens-*"), "{conf}");
    assert!(conf.contains("Exclude  log \\A"), "{conf}");
    let merged: Value = serde_json::from_str(&read("amazon-cloudwatch-agent.json")).unwrap();
    let entry = &merged["logs"]["logs_collected"]["files"]["collect_list"][0];
    assert_eq!(entry["file_path"], "/var/log/worker.log");
    assert_eq!(entry["filters"][0]["type"], "exclude");
    let lambda = read("lambda-checkout.sh");
    assert!(
        lambda.contains("ApplicationLogLevel=INFO,SystemLogLevel=INFO"),
        "{lambda}"
    );

    let md = read("DEPLOY.md");
    for expected in [
        "## `fluent-bit-ecs-firelens-ecs-shop.conf` (ecs-firelens)",
        "## `lambda-checkout.sh` (lambda)",
        "## `amazon-cloudwatch-agent.json` (cloudwatch-agent)",
        "- **Removes**: 12 sampled lines",
        "$",
        "/month",
        "`payment <*> captured for order <*>`",
        "| /ecs/legacy | ecs-awslogs | platform | 12 |",
    ] {
        assert!(
            md.contains(expected),
            "{expected:?} not in DEPLOY.md:\n{md}"
        );
    }

    // Again into the same folder: its own files are replaced. A folder holding a file of the
    // same name that lognoise did not write is refused, and nothing in it is touched.
    let deploy_into = |out: &std::path::Path| {
        lognoise()
            .args(["rules", "export", "--rules", rules_arg, "--deploy"])
            .arg(out)
            .arg("--workspace")
            .arg(&ws)
            .assert()
    };
    deploy_into(&out_dir).success();
    let theirs = dir.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("lambda-checkout.sh"), "#!/bin/sh\n").unwrap();
    deploy_into(&theirs)
        .code(2)
        .stderr(predicate::str::contains(
            "already holds lambda-checkout.sh, which lognoise did not write",
        ))
        .stderr(predicate::str::contains(
            "pass --deploy a new or empty folder",
        ));
    assert_eq!(
        std::fs::read_dir(&theirs).unwrap().count(),
        1,
        "a refused deploy wrote files"
    );

    // --deploy needs the workspace its producers come from.
    lognoise()
        .args(["rules", "export", "--rules", rules_arg, "--deploy"])
        .arg(&out_dir)
        .arg("--workspace")
        .arg(dir.path().join("absent"))
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--deploy finds each log group's producer",
        ));
}
