//! Every artefact a rule set needs, one per producer: the rules go where each log group's
//! lines are produced, in the form that producer can run, with what each artefact removes and
//! protects, and every rule no producer can run listed with why.
//!
//! The producers come from [`crate::producer`] (guessed from the sample's names, or set by
//! hand); what each template weighs in each log group, its streams and its levels come from
//! the sample ([`Sample`]). The planning is pure: [`plan`] takes both and returns the files to
//! write, and [`markdown`] the `DEPLOY.md` that says where each goes.

use crate::export::cloudwatch_agent::{self, EntryFilters};
use crate::export::fluentbit_lua;
use crate::export::fluentbit_scoped::{self, ScopedRule};
use crate::export::lambda_logging::{self, Decision, FunctionTemplate, LoggingPlan};
use crate::export::upstream_settings::{self, GroupTemplate, SettingsPlan};
use crate::producer::{Inference, Overrides, Producer};
use crate::{CostBasis, Result, Rule, RuleSet};
use lognoise_miner::TemplateId;
use lognoise_workspace::Workspace;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

mod save;
pub use save::{save, SavedDeploy, README_FILE};

/// Stream names kept per log group: enough for the producer guess's majority.
const MAX_GROUP_STREAMS: usize = 2_000;
/// Stream names kept per template and log group: enough to name the containers it comes from.
const MAX_TEMPLATE_STREAMS: usize = 64;

/// Lines and bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Volume {
    /// Lines.
    pub lines: u64,
    /// Bytes of those lines.
    pub bytes: u64,
}

impl Volume {
    fn add(&mut self, other: Volume) {
        self.lines += other.lines;
        self.bytes += other.bytes;
    }
}

/// One template's lines in one log group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateInGroup {
    /// How much of the sample it is.
    pub volume: Volume,
    /// Its lines' levels (as the workspace stores them, lower case; "" for lines without
    /// one), with counts.
    pub levels: BTreeMap<String, u64>,
    /// Streams its lines came from (at most [`MAX_TEMPLATE_STREAMS`]).
    pub streams: BTreeSet<String>,
}

/// One log group of the sample.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupSample {
    /// Stream names seen (at most [`MAX_GROUP_STREAMS`]).
    pub streams: BTreeSet<String>,
    /// Templates with lines in the group.
    pub templates: HashMap<TemplateId, TemplateInGroup>,
}

/// What the sample says of each log group: its streams, and each template's lines in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sample {
    /// By log group name.
    pub groups: BTreeMap<String, GroupSample>,
    /// Template texts, for the reports.
    pub texts: HashMap<TemplateId, String>,
}

impl Sample {
    /// Counts one line of `template` in `group`.
    pub fn add(
        &mut self,
        group: &str,
        stream: Option<&str>,
        template: TemplateId,
        bytes: u64,
        level: Option<&str>,
    ) {
        let g = self.groups.entry(group.to_string()).or_default();
        if let Some(s) = stream {
            if g.streams.len() < MAX_GROUP_STREAMS {
                g.streams.insert(s.to_string());
            }
        }
        let t = g.templates.entry(template).or_default();
        t.volume.add(Volume { lines: 1, bytes });
        // Lines without a level are counted under "", so the level choice can tell them apart.
        *t.levels
            .entry(level.unwrap_or_default().to_string())
            .or_default() += 1;
        if let Some(s) = stream {
            if t.streams.len() < MAX_TEMPLATE_STREAMS {
                t.streams.insert(s.to_string());
            }
        }
    }

    /// The sample of a workspace's stored events (those naming a log group).
    pub fn of_workspace(ws: &Workspace) -> Result<Sample> {
        let templates = ws.templates();
        let mut sample = Sample::default();
        for t in templates.templates() {
            sample.texts.insert(t.id, t.text.clone());
        }
        for e in ws.events()? {
            let e = e?;
            let (Some(group), Some(t)) = (e.log_group.as_deref(), templates.template_of(e.cluster))
            else {
                continue;
            };
            sample.add(
                group,
                e.log_stream.as_deref(),
                t.id,
                e.message.len() as u64,
                e.level.as_deref(),
            );
        }
        Ok(sample)
    }

    /// The producer of every log group: set by hand in `overrides`, else guessed.
    pub fn producers(&self, overrides: &Overrides) -> BTreeMap<String, Inference> {
        self.groups
            .iter()
            .map(|(name, g)| {
                let inference = overrides.resolve(name, g.streams.iter().map(String::as_str));
                (name.clone(), inference)
            })
            .collect()
    }
}

/// A file to write, and what it does.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Artefact {
    /// File name inside the deploy folder.
    pub file_name: String,
    /// Producer kind ([`Producer::kind`]).
    pub producer: &'static str,
    /// Log groups it is for.
    pub log_groups: Vec<String>,
    /// Where it goes and how it is applied.
    pub where_it_goes: String,
    /// The file's text.
    pub text: String,
    /// Rules it carries.
    pub rules: Vec<String>,
    /// Sampled lines of the noise templates it drops.
    pub removes: Volume,
    /// Templates marked keep or signal in its groups, which it leaves alone.
    pub protects: Vec<TemplateId>,
    /// Undecided templates it drops as well (Lambda levels cannot tell them apart).
    pub also_drops: Vec<TemplateId>,
    /// Anything else the reader must know.
    pub notes: Vec<String>,
}

/// A rule, in one log group, that no artefact carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotDeployed {
    /// The rule.
    pub rule_id: String,
    /// Its template.
    pub template: String,
    /// The decision's owner.
    pub owner: Option<String>,
    /// The log group (none: its lines name no log group).
    pub log_group: Option<String>,
    /// Producer kind of the group.
    pub producer: &'static str,
    /// Sampled lines it would have dropped there.
    pub volume: Volume,
    /// Why, and what to do instead.
    pub reason: String,
}

/// Every artefact of a rule set, and the rules none carries.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DeployPlan {
    /// Files to write.
    pub artefacts: Vec<Artefact>,
    /// Rules left out, with why.
    pub not_deployed: Vec<NotDeployed>,
    /// Template texts, for the report.
    #[serde(skip)]
    pub texts: HashMap<TemplateId, String>,
}

/// Options of [`plan`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeployOptions {
    /// Fluent Bit record key holding the line (`log` when unset, as FireLens and the
    /// Container Insights daemon set name it).
    pub message_key: Option<String>,
    /// The user's CloudWatch agent configuration, to merge the filters into.
    pub agent_config: Option<String>,
}

/// The file name of the merged CloudWatch agent configuration.
pub const AGENT_MERGED_FILE: &str = "amazon-cloudwatch-agent.json";

/// A workspace's deploy plan, and what the hand-set producers file said if it could not be
/// read (the guesses apply then).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkspacePlan {
    /// The plan.
    pub plan: DeployPlan,
    /// Why the producers set by hand were not used, when they were not.
    pub warning: Option<String>,
}

/// Plans `set` on the workspace's sample and producers (set by hand, else guessed): the one
/// call the command line and the app plan through, so both place the rules alike.
pub fn plan_workspace(
    ws: &Workspace,
    set: &RuleSet,
    options: &DeployOptions,
) -> Result<WorkspacePlan> {
    let (overrides, warning) = Overrides::load(ws.root());
    let sample = Sample::of_workspace(ws)?;
    let producers = sample.producers(&overrides);
    Ok(WorkspacePlan {
        plan: plan(set, &sample, &producers, options)?,
        warning,
    })
}

/// Reads the user's CloudWatch agent configuration, to merge the filters into
/// ([`DeployOptions::agent_config`]).
pub fn read_agent_config(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| crate::Error::AgentConfigRead {
        path: path.to_path_buf(),
        source,
    })
}

/// Plans the artefacts of `set` for the producers of the sample's log groups.
pub fn plan(
    set: &RuleSet,
    sample: &Sample,
    producers: &BTreeMap<String, Inference>,
    options: &DeployOptions,
) -> Result<DeployPlan> {
    set.check()?;
    let key = options.message_key.as_deref().unwrap_or("log");
    let protected = set.protected_ids();
    let mut out = DeployPlan {
        texts: sample.texts.clone(),
        ..DeployPlan::default()
    };
    for p in &set.protected {
        out.texts
            .entry(p.template_id)
            .or_insert_with(|| p.template.clone());
    }
    for r in &set.rules {
        out.texts
            .entry(r.template_id)
            .or_insert_with(|| r.template.clone());
    }
    // The rules of each group: those whose template has lines there and whose scope admits it.
    let mut by_group: BTreeMap<&str, Vec<&Rule>> = BTreeMap::new();
    for rule in &set.rules {
        let groups: Vec<&str> = sample
            .groups
            .iter()
            .filter(|(name, g)| {
                rule.applies_to(Some(name.as_str())) && g.templates.contains_key(&rule.template_id)
            })
            .map(|(name, _)| name.as_str())
            .collect();
        // A split part's lines are filed under the template it was split from: its scope
        // names the groups they were seen in.
        let groups = if groups.is_empty() {
            rule.log_groups
                .iter()
                .filter(|g| sample.groups.contains_key(g.as_str()))
                .map(String::as_str)
                .collect()
        } else {
            groups
        };
        if groups.is_empty() {
            out.not_deployed.push(NotDeployed {
                rule_id: rule.id.clone(),
                template: rule.template.clone(),
                owner: rule.owner.clone(),
                log_group: None,
                producer: Producer::Unknown.kind(),
                volume: Volume::default(),
                reason: "no line of its template in the sample names a log group, so its \
                         producer is unknown: pull the sample from CloudWatch, or export it \
                         with --format for the shipper you run"
                    .into(),
            });
        }
        for g in groups {
            by_group.entry(g).or_default().push(rule);
        }
    }
    let volume_of = |group: &str, id: TemplateId| {
        sample
            .groups
            .get(group)
            .and_then(|g| g.templates.get(&id))
            .map(|t| t.volume)
            .unwrap_or_default()
    };
    let protected_in = |groups: &[String]| -> Vec<TemplateId> {
        let mut ids: BTreeSet<TemplateId> = BTreeSet::new();
        for g in groups {
            if let Some(sample) = sample.groups.get(g) {
                ids.extend(sample.templates.keys().filter(|id| protected.contains(id)));
            }
        }
        ids.into_iter().collect()
    };
    let mut agent_entries = Vec::new();
    let mut agent_groups = Vec::new();
    let mut agent_volume = Volume::default();
    let mut eks: BTreeMap<String, (Vec<String>, Vec<ScopedRule<'_>>, Volume)> = BTreeMap::new();
    for (group, rules) in &by_group {
        let Some(inference) = producers.get(*group) else {
            continue;
        };
        // Only Fluent Bit samples (its lua filter); elsewhere a rule keeping a share is left
        // out, which drops less than decided, never more.
        let fluent_bit = matches!(
            inference.producer,
            Producer::EcsFirelens { .. } | Producer::EksFluentBit { .. }
        );
        let mut carried: Vec<&Rule> = Vec::new();
        for r in rules {
            let Some(n) = r.keep_one_in else {
                carried.push(r);
                continue;
            };
            if fluent_bit && fluentbit_lua::expressible(r) {
                carried.push(r);
                continue;
            }
            out.not_deployed.push(NotDeployed {
                rule_id: r.id.clone(),
                template: r.template.clone(),
                owner: r.owner.clone(),
                log_group: Some(group.to_string()),
                producer: inference.producer.kind(),
                volume: volume_of(group, r.template_id),
                reason: if fluent_bit {
                    format!(
                        "it keeps 1 line in {n}, and the lua filter that samples on Fluent Bit \
                         reproduces only the patterns lognoise builds from templates, not this \
                         edited one: remove keep_one_in to drop every line, or regenerate the rule"
                    )
                } else {
                    format!(
                        "it keeps 1 line in {n}, and this producer drops all or nothing (agent \
                         filters, log levels, settings): remove keep_one_in to drop every line, \
                         or run the vector export in a pipeline that carries the group"
                    )
                },
            });
        }
        if carried.is_empty() {
            continue;
        }
        let rules = &carried;
        let group_sample = sample.groups.get(*group);
        let streams_of = |id: TemplateId| -> Vec<&str> {
            group_sample
                .and_then(|g| g.templates.get(&id))
                .map(|t| t.streams.iter().map(String::as_str).collect())
                .unwrap_or_default()
        };
        let removes = rules.iter().fold(Volume::default(), |mut v, r| {
            v.add(removed_share(
                volume_of(group, r.template_id),
                r.keep_one_in,
            ));
            v
        });
        let mut left_out = |reason: &str| {
            for r in rules {
                out.not_deployed.push(NotDeployed {
                    rule_id: r.id.clone(),
                    template: r.template.clone(),
                    owner: r.owner.clone(),
                    log_group: Some(group.to_string()),
                    producer: inference.producer.kind(),
                    volume: volume_of(group, r.template_id),
                    reason: reason.to_string(),
                });
            }
        };
        match &inference.producer {
            Producer::EcsFirelens { container } => {
                let scoped: Vec<ScopedRule<'_>> = rules
                    .iter()
                    .map(|r| {
                        let mut tags: BTreeSet<String> = streams_of(r.template_id)
                            .iter()
                            .filter_map(|s| s.split_once("-firelens-").map(|(c, _)| c))
                            .map(|c| fluentbit_scoped::firelens_match(Some(c)))
                            .collect();
                        if tags.is_empty() {
                            tags.insert(fluentbit_scoped::firelens_match(container.as_deref()));
                        }
                        ScopedRule {
                            rule: r,
                            tag_matches: tags.into_iter().collect(),
                        }
                    })
                    .collect();
                let groups = vec![group.to_string()];
                let base = format!("fluent-bit-ecs-firelens-{}", slug(group));
                let header = format!(
                    "Fluent Bit filters for the FireLens sidecar of the ECS task writing {group}.\n\
                     Records carry the line in `{key}` and the tag <container>-firelens-<task id>.\n\
                     Regenerate instead of editing: `lognoise rules export --deploy DIR`."
                );
                let protects = protected_in(&groups);
                let script = format!("{FLUENT_BIT_ETC}/{base}.lua");
                for (ext, text, form) in [
                    (
                        "conf",
                        fluentbit_scoped::classic(
                            &with_form(&header, "conf"),
                            &scoped,
                            key,
                            &script,
                        ),
                        "classic",
                    ),
                    (
                        "yaml",
                        fluentbit_scoped::yaml(&with_form(&header, "yaml"), &scoped, key, &script),
                        "YAML",
                    ),
                ] {
                    out.artefacts.push(Artefact {
                        file_name: format!("{base}.{ext}"),
                        producer: inference.producer.kind(),
                        log_groups: groups.clone(),
                        where_it_goes: if form == "classic" {
                            "the task definition's FireLens container: bake the file into its \
                             image (or an S3 object for the EC2 launch type) and name it in \
                             firelensConfiguration.options (\"config-file-type\": \"file\", \
                             \"config-file-value\": \"/fluent-bit/etc/<this file>\")"
                                .into()
                        } else {
                            "the same, for a Fluent Bit 2.0 or later sidecar configured in YAML \
                             (the `pipeline.filters` list)"
                                .into()
                        },
                        text,
                        rules: rules.iter().map(|r| r.id.clone()).collect(),
                        removes,
                        protects: protects.clone(),
                        also_drops: Vec::new(),
                        notes: vec![format!(
                            "Match names the container as the stream names show it \
                             (<container>-firelens-<task id>): if the task's cloudwatch output \
                             sets log_stream_prefix, take that prefix out of Match ({})",
                            scoped
                                .iter()
                                .flat_map(|s| s.tag_matches.iter().cloned())
                                .collect::<BTreeSet<_>>()
                                .into_iter()
                                .collect::<Vec<_>>()
                                .join(", ")
                        )]
                        .into_iter()
                        .chain(sampling_note(&scoped, &script))
                        .collect(),
                    });
                }
                if let Some(a) = sampling_artefact(
                    &header,
                    &scoped,
                    key,
                    Sampling {
                        file_name: format!("{base}.lua"),
                        producer: inference.producer.kind(),
                        log_groups: groups,
                        where_it_goes: format!(
                            "{script} in the FireLens container: bake it into the image beside the \
                             configuration file (a configuration loaded from S3 still needs the \
                             script in the image); the lua filters of {base}.conf and {base}.yaml \
                             call it"
                        ),
                        protects,
                    },
                    &|id| volume_of(group, id),
                ) {
                    out.artefacts.push(a);
                }
            }
            Producer::EksFluentBit { cluster } => {
                let cluster_name = cluster.clone().unwrap_or_else(|| slug(group));
                let fallback = if group.starts_with("/aws/containerinsights/") {
                    "application.*"
                } else {
                    "kube.*"
                };
                let entry = eks.entry(cluster_name).or_default();
                entry.0.push(group.to_string());
                entry.2.add(removes);
                for r in rules {
                    let mut tags: BTreeSet<String> = streams_of(r.template_id)
                        .iter()
                        .filter_map(|s| fluentbit_scoped::eks_match(s))
                        .collect();
                    if tags.is_empty() {
                        tags.insert(fallback.to_string());
                    }
                    entry.1.push(ScopedRule {
                        rule: r,
                        tag_matches: tags.into_iter().collect(),
                    });
                }
            }
            Producer::CloudWatchAgent { file_path } => {
                let file_path = file_path.clone().or_else(|| {
                    group_sample
                        .and_then(|g| g.streams.iter().find(|s| s.starts_with('/')))
                        .cloned()
                });
                agent_entries.push(EntryFilters {
                    log_group: group.to_string(),
                    file_path,
                    rules: rules.iter().map(|r| (*r).clone()).collect(),
                });
                agent_groups.push(group.to_string());
                agent_volume.add(removes);
            }
            Producer::Lambda { function } => {
                let noise: BTreeSet<TemplateId> = rules.iter().map(|r| r.template_id).collect();
                let templates: Vec<FunctionTemplate> = group_sample
                    .map(|g| {
                        let mut ids: Vec<&TemplateId> = g.templates.keys().collect();
                        ids.sort();
                        ids.into_iter()
                            .map(|id| FunctionTemplate {
                                id: *id,
                                text: out.texts.get(id).cloned().unwrap_or_default(),
                                decision: if noise.contains(id) {
                                    Decision::Noise
                                } else if protected.contains(id) {
                                    Decision::Protected
                                } else {
                                    Decision::Undecided
                                },
                                levels: g.templates[id]
                                    .levels
                                    .iter()
                                    .map(|(l, n)| (l.clone(), *n))
                                    .collect(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let logging = lambda_logging::plan(function, &templates);
                lambda_outcome(&mut out, group, rules, &logging, &volume_of, &protected_in);
            }
            Producer::EcsAwslogs { .. } => left_out(
                "the awslogs log driver sends every line and has no filter: route the \
                 container's logs through FireLens (then set the producer with `lognoise \
                 producers set GROUP ecs-firelens`), or change the code",
            ),
            Producer::Rds { instance, log } => {
                let log = log.clone();
                let settings = upstream_settings::plan(
                    &group_templates(group_sample, rules, &protected, &out.texts),
                    &move |text| upstream_settings::rds_setting(&log, text),
                );
                let script = rds_script(instance, group, &settings);
                settings_outcome(
                    &mut out,
                    group,
                    rules,
                    inference.producer.kind(),
                    &settings,
                    SettingsFile {
                        file_name: format!("rds-{}.sh", slug(&format!("{instance}-{}", log_name(group)))),
                        script,
                        where_it_goes: format!(
                            "run it with PARAMETER_GROUP set to the custom DB parameter group of                              {instance} (a default group cannot be changed: create one and attach                              it), or set the same parameters in the group's template"
                        ),
                    },
                    &volume_of,
                    &protected_in,
                );
            }
            Producer::VpcFlowLogs => {
                let settings = upstream_settings::plan(
                    &group_templates(group_sample, rules, &protected, &out.texts),
                    &upstream_settings::flow_setting,
                );
                let settings = upstream_settings::one_traffic_type(settings);
                let script = flow_log_script(group, &settings);
                settings_outcome(
                    &mut out,
                    group,
                    rules,
                    inference.producer.kind(),
                    &settings,
                    SettingsFile {
                        file_name: format!("vpc-flow-logs-{}.sh", slug(group)),
                        script,
                        where_it_goes: "run it with VPC_ID, ROLE_ARN and OLD_FLOW_LOG_ID set: a \
                            flow log's traffic type cannot be changed, so a new flow log replaces \
                            the old one"
                            .into(),
                    },
                    &volume_of,
                    &protected_in,
                );
            }
            Producer::ApiGateway { .. } => left_out(
                "API Gateway has no line filter: a stage's logging level (ERROR, INFO) and \
                 access log format are its only settings",
            ),
            Producer::Unknown => left_out(
                "its producer is unknown: set it with `lognoise producers set GROUP KIND`, or \
                 export with --format vector/otel-collector if a pipeline you run carries it",
            ),
        }
    }
    for (cluster, (groups, scoped, removes)) in eks {
        let header = format!(
            "Fluent Bit filters for the daemon set of the EKS cluster {cluster} ({}).\n\
             Records carry the line in `{key}`, the kubernetes keys, and the tail tag of the \
             container's file.\nRegenerate instead of editing: `lognoise rules export --deploy DIR`.",
            groups.join(", ")
        );
        let protects = protected_in(&groups);
        let rule_ids: Vec<String> = scoped.iter().map(|s| s.rule.id.clone()).collect();
        let base = format!("fluent-bit-eks-{}", slug(&cluster));
        let script = format!("{FLUENT_BIT_ETC}/{base}.lua");
        for (ext, text) in [
            (
                "conf",
                fluentbit_scoped::classic(&with_form(&header, "conf"), &scoped, key, &script),
            ),
            (
                "yaml",
                fluentbit_scoped::yaml(&with_form(&header, "yaml"), &scoped, key, &script),
            ),
        ] {
            out.artefacts.push(Artefact {
                file_name: format!("{base}.{ext}"),
                producer: Producer::EksFluentBit { cluster: None }.kind(),
                log_groups: groups.clone(),
                where_it_goes: format!(
                    "the Fluent Bit daemon set's ConfigMap (amazon-cloudwatch/fluent-bit-config \
                     for Container Insights): the filters after the kubernetes filter, before \
                     the outputs{}",
                    if ext == "yaml" {
                        "; this form for Fluent Bit 2.0 or later configured in YAML"
                    } else {
                        ""
                    }
                ),
                text,
                rules: rule_ids.clone(),
                removes,
                protects: protects.clone(),
                also_drops: Vec::new(),
                notes: sampling_note(&scoped, &script).into_iter().collect(),
            });
        }
        let volume_in_groups = |id: TemplateId| {
            groups.iter().fold(Volume::default(), |mut v, g| {
                v.add(volume_of(g, id));
                v
            })
        };
        if let Some(a) = sampling_artefact(
            &header,
            &scoped,
            key,
            Sampling {
                file_name: format!("{base}.lua"),
                producer: Producer::EksFluentBit { cluster: None }.kind(),
                log_groups: groups.clone(),
                where_it_goes: format!(
                    "{script}: add it to the same ConfigMap under the key {base}.lua (the daemon \
                     set mounts the ConfigMap at {FLUENT_BIT_ETC}); the lua filters of \
                     {base}.conf and {base}.yaml call it"
                ),
                protects: protects.clone(),
            },
            &volume_in_groups,
        ) {
            out.artefacts.push(a);
        }
    }
    if !agent_entries.is_empty() {
        let protects = protected_in(&agent_groups);
        let rule_ids: Vec<String> = agent_entries
            .iter()
            .flat_map(|e| e.rules.iter().map(|r| r.id.clone()))
            .collect();
        let mut notes = vec![
            "the agent cannot keep a share of a template: each filter drops all its lines".into(),
        ];
        if agent_entries.iter().any(|e| e.file_path.is_none()) {
            notes.push(format!(
                "the sample does not name every tailed file: replace {:?} with it",
                cloudwatch_agent::FILE_PATH_PLACEHOLDER
            ));
        }
        if let Some(config) = &options.agent_config {
            let merged = cloudwatch_agent::merge(config, &agent_entries)?;
            let mut merged_notes = notes.clone();
            if !merged.missing_groups.is_empty() {
                merged_notes.push(format!(
                    "no collect_list entry of the configuration writes {}: add those from \
                     cloudwatch-agent-filters.json",
                    merged.missing_groups.join(", ")
                ));
            }
            out.artefacts.push(Artefact {
                file_name: AGENT_MERGED_FILE.into(),
                producer: Producer::CloudWatchAgent { file_path: None }.kind(),
                log_groups: merged.merged_groups.clone(),
                where_it_goes: "replaces the agent's configuration on each host (e.g. \
                    /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json, or the \
                    SSM parameter it is loaded from); only the filters were added, every other \
                    byte is as given; then `amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 \
                    -c file:<this file> -s`"
                    .into(),
                text: merged.text,
                rules: rule_ids.clone(),
                removes: agent_volume,
                protects: protects.clone(),
                also_drops: Vec::new(),
                notes: merged_notes,
            });
        }
        out.artefacts.push(Artefact {
            file_name: "cloudwatch-agent-filters.json".into(),
            producer: Producer::CloudWatchAgent { file_path: None }.kind(),
            log_groups: agent_groups,
            where_it_goes: "the `filters` of each entry go into the matching entry of the \
                agent's logs.logs_collected.files.collect_list (pass --agent-config FILE to have \
                them merged)"
                .into(),
            text: cloudwatch_agent::fragment(&agent_entries),
            rules: rule_ids,
            removes: agent_volume,
            protects,
            also_drops: Vec::new(),
            notes,
        });
    }
    // Every rule of every group is in a file or listed: a rule whose template has no line of
    // its own in the group (a split part, filed under the template it was split from) can be
    // left out of a level or setting choice, and must not vanish.
    for (group, rules) in &by_group {
        for r in rules {
            let carried = out
                .artefacts
                .iter()
                .any(|a| a.rules.contains(&r.id) && a.log_groups.iter().any(|g| g == group))
                || out
                    .not_deployed
                    .iter()
                    .any(|n| n.rule_id == r.id && n.log_group.as_deref() == Some(*group));
            if !carried {
                out.not_deployed.push(NotDeployed {
                    rule_id: r.id.clone(),
                    template: r.template.clone(),
                    owner: r.owner.clone(),
                    log_group: Some(group.to_string()),
                    producer: producers
                        .get(*group)
                        .map_or("unknown", |i| i.producer.kind()),
                    volume: Volume::default(),
                    reason: "its template has no line of its own in the sample of this group \
                             (a split part's lines count as the template it was split from), so \
                             no level or setting could be chosen for it"
                        .into(),
                });
            }
        }
    }
    Ok(out)
}

/// The artefact of a Lambda function's logging configuration, and its noise templates that
/// need a code change.
fn lambda_outcome(
    out: &mut DeployPlan,
    group: &str,
    rules: &[&Rule],
    logging: &LoggingPlan,
    volume_of: &dyn Fn(&str, TemplateId) -> Volume,
    protected_in: &dyn Fn(&[String]) -> Vec<TemplateId>,
) {
    for u in &logging.needs_code_change {
        for r in rules.iter().filter(|r| r.template_id == u.id) {
            out.not_deployed.push(NotDeployed {
                rule_id: r.id.clone(),
                template: r.template.clone(),
                owner: r.owner.clone(),
                log_group: Some(group.to_string()),
                producer: "lambda",
                volume: volume_of(group, r.template_id),
                reason: format!(
                    "needs a code change: no log level setting drops it ({})",
                    u.reason
                ),
            });
        }
    }
    if !logging.drops_noise() {
        return;
    }
    let dropped: Vec<&&Rule> = rules
        .iter()
        .filter(|r| logging.dropped_noise.contains(&r.template_id))
        .collect();
    let removes = dropped.iter().fold(Volume::default(), |mut v, r| {
        v.add(volume_of(group, r.template_id));
        v
    });
    let groups = vec![group.to_string()];
    let mut text =
        format!(
        "#!/bin/sh\n# Lambda drops the noise of {} by level (rules {}).\n# CloudFormation / SAM:\n",
        logging.function,
        dropped.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ")
    );
    for line in logging.cloudformation().lines() {
        let _ = writeln!(text, "#   {line}");
    }
    text.push_str("set -e\n");
    text.push_str(&logging.command());
    out.artefacts.push(Artefact {
        file_name: format!("lambda-{}.sh", slug(&logging.function)),
        producer: "lambda",
        log_groups: groups.clone(),
        where_it_goes: format!(
            "run it once (AWS CLI 2, credentials allowed lambda:UpdateFunctionConfiguration), or \
             put the LoggingConfig in its header into the function's template: \
             ApplicationLogLevel {}, SystemLogLevel {}",
            logging.application_level, logging.system_level
        ),
        text,
        rules: dropped.iter().map(|r| r.id.clone()).collect(),
        removes,
        protects: protected_in(&groups),
        also_drops: logging.dropped_undecided.clone(),
        notes: vec![
            "LogFormat JSON changes how every line of the function looks in CloudWatch: update \
             metric filters and queries that parse the text, and pull a new sample afterwards"
                .into(),
            "levels cannot keep a share of a template: all or nothing".into(),
        ]
        .into_iter()
        .chain((logging.system_level == "WARN").then(|| {
            "SystemLogLevel WARN drops every platform line of the function (START, END, \
             REPORT, INIT_START, ...), not only the sampled ones"
                .to_string()
        }))
        .collect(),
    });
}

/// Where the FireLens and Container Insights images keep Fluent Bit's configuration, and so
/// where the lua filters find their script.
const FLUENT_BIT_ETC: &str = "/fluent-bit/etc";

/// How much of a template's volume `v` a rule removes: all of it, or all but the 1st, (N+1)th,
/// ... line when it keeps one in N (bytes in proportion).
fn removed_share(v: Volume, keep_one_in: Option<u32>) -> Volume {
    let Some(n) = keep_one_in.filter(|n| *n > 1) else {
        return v;
    };
    if v.lines == 0 {
        return v;
    }
    let kept = v.lines.div_ceil(u64::from(n));
    let lines = v.lines - kept;
    Volume {
        lines,
        bytes: (u128::from(v.bytes) * u128::from(lines) / u128::from(v.lines)) as u64,
    }
}

/// The note of a Fluent Bit configuration whose lua filters call `script`.
fn sampling_note(scoped: &[ScopedRule<'_>], script: &str) -> Option<String> {
    if fluentbit_lua::tag_callbacks(scoped).is_empty() {
        return None;
    }
    Some(format!(
        "its lua filters (the rules keeping one line in N) call {script}: without that file the \
         lua filter does not start ('cannot access script')"
    ))
}

/// The script artefact of a Fluent Bit producer, beside its `.conf` and `.yaml`.
struct Sampling {
    file_name: String,
    producer: &'static str,
    log_groups: Vec<String>,
    where_it_goes: String,
    protects: Vec<TemplateId>,
}

/// The lua script of the sampled rules among `scoped` (`None` when there are none).
fn sampling_artefact(
    header: &str,
    scoped: &[ScopedRule<'_>],
    key: &str,
    s: Sampling,
    volume_of: &dyn Fn(TemplateId) -> Volume,
) -> Option<Artefact> {
    let tagged = fluentbit_lua::tag_callbacks(scoped);
    if tagged.is_empty() {
        return None;
    }
    let callbacks: Vec<fluentbit_lua::Callback<'_>> =
        tagged.into_iter().map(|t| t.callback).collect();
    let mut rules: Vec<&Rule> = Vec::new();
    for r in callbacks.iter().flat_map(|c| c.rules.iter()) {
        if !rules.iter().any(|x| x.id == r.id) {
            rules.push(r);
        }
    }
    let removes = rules.iter().fold(Volume::default(), |mut v, r| {
        v.add(removed_share(volume_of(r.template_id), r.keep_one_in));
        v
    });
    Some(Artefact {
        file_name: s.file_name,
        producer: s.producer,
        log_groups: s.log_groups,
        where_it_goes: s.where_it_goes,
        text: fluentbit_lua::script(
            &format!("{header}\nThe lua filters' script: each callback keeps one line in N of its rules."),
            &callbacks,
            key,
            None,
        ),
        rules: rules.iter().map(|r| r.id.clone()).collect(),
        removes,
        protects: s.protects,
        also_drops: Vec::new(),
        notes: rules
            .iter()
            .map(|r| {
                format!(
                    "rule {} keeps the 1st, ({n}+1)th, ... of its lines, 1 in {n}, counted by each \
                     Fluent Bit process",
                    r.id,
                    n = r.keep_one_in.unwrap_or_default()
                )
            })
            .collect(),
    })
}

/// `header` with the line saying which Fluent Bit versions read the form `ext`.
fn with_form(header: &str, ext: &str) -> String {
    let form = if ext == "yaml" {
        "YAML form, one exclude per filter: Fluent Bit 2.0 and later read YAML configuration."
    } else {
        "Classic form, one Exclude per filter and no Logical_Op: runs on Fluent Bit 1.9 and later."
    };
    format!("{header}\n{form}")
}

/// The templates of a group with their decisions, for [`upstream_settings::plan`].
fn group_templates(
    group: Option<&GroupSample>,
    rules: &[&Rule],
    protected: &std::collections::HashSet<TemplateId>,
    texts: &HashMap<TemplateId, String>,
) -> Vec<GroupTemplate> {
    let Some(group) = group else {
        return Vec::new();
    };
    let mut ids: Vec<&TemplateId> = group.templates.keys().collect();
    ids.sort();
    ids.into_iter()
        .map(|id| GroupTemplate {
            id: *id,
            text: texts.get(id).cloned().unwrap_or_default(),
            noise: rules.iter().any(|r| r.template_id == *id),
            protected: protected.contains(id),
        })
        .collect()
}

/// The script of a producer setting, its name and where it goes.
struct SettingsFile {
    file_name: String,
    script: String,
    where_it_goes: String,
}

/// The artefact of a group's settings, and its noise no setting removes.
#[allow(clippy::too_many_arguments)]
fn settings_outcome(
    out: &mut DeployPlan,
    group: &str,
    rules: &[&Rule],
    producer: &'static str,
    settings: &SettingsPlan,
    file: SettingsFile,
    volume_of: &dyn Fn(&str, TemplateId) -> Volume,
    protected_in: &dyn Fn(&[String]) -> Vec<TemplateId>,
) {
    for (id, reason) in &settings.unremoved {
        for r in rules.iter().filter(|r| r.template_id == *id) {
            out.not_deployed.push(NotDeployed {
                rule_id: r.id.clone(),
                template: r.template.clone(),
                owner: r.owner.clone(),
                log_group: Some(group.to_string()),
                producer,
                volume: volume_of(group, r.template_id),
                reason: reason.clone(),
            });
        }
    }
    if settings.settings.is_empty() {
        return;
    }
    let removed: Vec<&&Rule> = rules
        .iter()
        .filter(|r| {
            settings
                .settings
                .iter()
                .any(|(_, ids)| ids.contains(&r.template_id))
        })
        .collect();
    let removes = removed.iter().fold(Volume::default(), |mut v, r| {
        v.add(volume_of(group, r.template_id));
        v
    });
    let groups = vec![group.to_string()];
    out.artefacts.push(Artefact {
        file_name: file.file_name,
        producer,
        log_groups: groups.clone(),
        where_it_goes: file.where_it_goes,
        text: file.script,
        rules: removed.iter().map(|r| r.id.clone()).collect(),
        removes,
        protects: protected_in(&groups),
        also_drops: Vec::new(),
        notes: settings
            .settings
            .iter()
            .map(|(s, _)| {
                format!(
                    "{} = {} stops all {}, not only the sampled templates; it cannot keep a share",
                    s.name, s.value, s.what
                )
            })
            .collect(),
    });
}

/// The RDS log of a group name (`postgresql`, `error`, ...).
fn log_name(group: &str) -> &str {
    group.rsplit('/').next().unwrap_or(group)
}

/// The `aws rds modify-db-parameter-group` commands of an instance's settings.
fn rds_script(instance: &str, group: &str, settings: &SettingsPlan) -> String {
    let mut out = format!(
        "#!/bin/sh\n# DB parameters that stop the noise of {}.\n\
         : \"${{PARAMETER_GROUP:?set PARAMETER_GROUP to the DB parameter group of {}}}\"\nset -e\n",
        crate::export::one_line(group),
        crate::export::one_line(instance)
    );
    for (s, _) in &settings.settings {
        let _ = writeln!(
            out,
            "# {}\naws rds modify-db-parameter-group --db-parameter-group-name \"$PARAMETER_GROUP\" \\\n    --parameters \"ParameterName={},ParameterValue={},ApplyMethod=immediate\"",
            s.what, s.name, s.value
        );
    }
    out
}

/// The commands that replace a flow log by one of the traffic type its settings say.
fn flow_log_script(group: &str, settings: &SettingsPlan) -> String {
    let mut out = format!(
        "#!/bin/sh\n# The flow log writing {} keeps only the traffic its noise is not.\n\
         : \"${{VPC_ID:?set VPC_ID}}\" \"${{ROLE_ARN:?set ROLE_ARN to the flow log's delivery role}}\" \"${{OLD_FLOW_LOG_ID:?set OLD_FLOW_LOG_ID}}\"\nset -e\n",
        crate::export::one_line(group)
    );
    let types: BTreeSet<&str> = settings.settings.iter().map(|(s, _)| s.value).collect();
    for t in types {
        let _ = writeln!(
            out,
            "aws ec2 create-flow-logs --resource-type VPC --resource-ids \"$VPC_ID\" --traffic-type {t} \\\n    --log-destination-type cloud-watch-logs --log-group-name {} \\\n    --deliver-logs-permission-arn \"$ROLE_ARN\"\naws ec2 delete-flow-logs --flow-log-ids \"$OLD_FLOW_LOG_ID\"",
            lambda_logging::shell_quote(group)
        );
    }
    out
}

/// A file-name-safe form of a log group or function name.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches(|c| c == '-' || c == '.');
    if trimmed.is_empty() {
        "group".into()
    } else {
        trimmed.to_string()
    }
}

/// `DEPLOY.md`: for each artefact where it goes, what it removes (lines, GB and $ a month on
/// `cost`) and what it protects; then every rule no artefact carries, with why.
pub fn markdown(plan: &DeployPlan, cost: &CostBasis) -> String {
    let text_of = |id: &TemplateId| {
        plan.texts
            .get(id)
            .map_or_else(|| id.to_string(), |t| crate::export::one_line(t))
    };
    // An artefact's groups share a price and a factor, or its bytes are priced as Standard
    // at the sample's factor (their split between the groups is not kept).
    let money = |v: Volume, groups: &[String]| match (
        cost.monthly_bytes_in(v.bytes, groups),
        cost.monthly_cost_usd_in(v.bytes, groups),
    ) {
        (Some(b), Some(usd)) => format!(
            "{} sampled lines ({} bytes): {}/month, ${}/month at ${}/GB{}",
            v.lines,
            v.bytes,
            lognoise_session::format_volume(b),
            lognoise_session::format_usd(usd),
            cost.price_in(groups),
            // The figure holds what the groups' bytes cost to keep and to query too.
            if groups.iter().any(|g| cost.billed_extra_of(g) > 0.0) {
                " ingested, plus storage and Insights scans"
            } else {
                ""
            }
        ),
        _ => format!(
            "{} sampled lines ({} bytes); the sample has no time window, so no monthly figure",
            v.lines, v.bytes
        ),
    };
    let mut out = String::from(
        "# Deploying the suppression rules\n\nEach file below runs where its log groups' lines \
         are produced. Regenerate them with `lognoise rules export --deploy DIR` rather than \
         editing.\n",
    );
    if plan.artefacts.is_empty() {
        out.push_str("\nNo producer of these log groups can run the rules: see below.\n");
    }
    if plan.artefacts.iter().any(|a| a.file_name.ends_with(".lua")) {
        out.push_str(
            "\nA `.lua` file is the script of the Fluent Bit lua filters that keep one line in N \
             of a rule (Fluent Bit has no sampling filter); its configuration names it by the \
             path given below, so it goes with that configuration.\n",
        );
    }
    for a in &plan.artefacts {
        let _ = writeln!(out, "\n## `{}` ({})\n", a.file_name, a.producer);
        let _ = writeln!(out, "- **For**: {}", a.log_groups.join(", "));
        let _ = writeln!(out, "- **Where it goes**: {}", a.where_it_goes);
        let _ = writeln!(out, "- **Removes**: {}", money(a.removes, &a.log_groups));
        let _ = writeln!(out, "- **Rules**: {}", a.rules.join(", "));
        if a.protects.is_empty() {
            let _ = writeln!(
                out,
                "- **Protects**: no template of these groups is marked keep or signal"
            );
        } else {
            let _ = writeln!(
                out,
                "- **Protects** (marked keep or signal; none of their sampled lines match):"
            );
            for id in &a.protects {
                let _ = writeln!(out, "  - `{}`", text_of(id));
            }
        }
        if !a.also_drops.is_empty() {
            let _ = writeln!(
                out,
                "- **Also drops** (undecided templates at the same levels):"
            );
            for id in &a.also_drops {
                let _ = writeln!(out, "  - `{}`", text_of(id));
            }
        }
        for n in &a.notes {
            let _ = writeln!(out, "- Note: {n}");
        }
    }
    if !plan.not_deployed.is_empty() {
        out.push_str("\n## Rules no file carries\n\n| rule | log group | producer | owner | sampled lines | template | why |\n|---|---|---|---|---|---|---|\n");
        for n in &plan.not_deployed {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | `{}` | {} |",
                n.rule_id,
                n.log_group.as_deref().unwrap_or("(none)"),
                n.producer,
                n.owner.as_deref().unwrap_or("-"),
                n.volume.lines,
                crate::export::one_line(&n.template).replace('|', "\\|"),
                n.reason
            );
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::{ProtectedTemplate, RuleSpec};

    const TASK: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    fn set(noise: &[&str], keep: &[&str]) -> RuleSet {
        let specs: Vec<RuleSpec> = noise
            .iter()
            .map(|t| RuleSpec {
                template_id: TemplateId::of_text(t),
                template_text: t.to_string(),
                owner: Some("team".into()),
                ..RuleSpec::default()
            })
            .collect();
        let protected = keep
            .iter()
            .map(|t| ProtectedTemplate {
                template_id: TemplateId::of_text(t),
                template: t.to_string(),
                verdict: "keep".into(),
            })
            .collect();
        RuleSet::from_specs(&specs, protected).unwrap()
    }

    #[test]
    fn each_producer_gets_its_artefact_and_the_rest_say_why() {
        let health = "GET /health <*>";
        let keep = "GET /orders <*>";
        let rules = set(&[health], &[keep]);
        let mut sample = Sample::default();
        let firelens = format!("web-firelens-{TASK}");
        sample.add(
            "/ecs/shop",
            Some(&firelens),
            TemplateId::of_text(health),
            20,
            None,
        );
        sample.add(
            "/ecs/shop",
            Some(&firelens),
            TemplateId::of_text(keep),
            20,
            None,
        );
        sample.add(
            "/rds-ish",
            Some(&format!("ecs/web/{TASK}")),
            TemplateId::of_text(health),
            10,
            None,
        );
        sample.add(
            "host-logs",
            Some("/var/log/app.log"),
            TemplateId::of_text(health),
            5,
            None,
        );
        let producers = sample.producers(&Overrides::default());
        let plan = plan(&rules, &sample, &producers, &DeployOptions::default()).unwrap();
        let names: Vec<&str> = plan
            .artefacts
            .iter()
            .map(|a| a.file_name.as_str())
            .collect();
        assert_eq!(
            names,
            vec![
                "fluent-bit-ecs-firelens-ecs-shop.conf",
                "fluent-bit-ecs-firelens-ecs-shop.yaml",
                "cloudwatch-agent-filters.json"
            ]
        );
        let conf = &plan.artefacts[0];
        assert!(
            conf.text.contains("Match    web-firelens-*"),
            "{}",
            conf.text
        );
        assert!(!conf
            .text
            .lines()
            .any(|l| l.trim_start().starts_with("Logical_Op")));
        assert_eq!(conf.protects, vec![TemplateId::of_text(keep)]);
        assert_eq!(
            conf.removes,
            Volume {
                lines: 1,
                bytes: 20
            }
        );
        assert!(plan.artefacts[2].text.contains("/var/log/app.log"));
        assert_eq!(plan.not_deployed.len(), 1);
        assert_eq!(plan.not_deployed[0].producer, "ecs-awslogs");
        let md = markdown(&plan, &CostBasis::unknown(0.5));
        assert!(md.contains("## `fluent-bit-ecs-firelens-ecs-shop.conf` (ecs-firelens)"));
        assert!(md.contains("awslogs log driver"));
        assert!(md.contains("`GET /orders <*>`"));
    }

    #[test]
    fn rds_parameters_and_flow_log_traffic_types() {
        let checkpoint = "<*> LOG: checkpoint starting: time";
        let connection = "<*> LOG: connection authorized: user=<*> database=<*>";
        let error = "<*> ERROR: relation <*> does not exist";
        let odd = "<*> LOG: some extension says <*>";
        let accept = "2 <*> eni-<*> <*> <*> <*> <*> 6 <*> <*> <*> <*> ACCEPT OK";
        let reject = "2 <*> eni-<*> <*> <*> <*> <*> 6 <*> <*> <*> <*> REJECT OK";
        let rules = set(&[checkpoint, connection, odd, accept], &[error, reject]);
        let mut sample = Sample::default();
        let pg = "/aws/rds/instance/orders-db/postgresql";
        for t in [checkpoint, connection, error, odd] {
            sample.add(pg, Some("orders-db.0"), TemplateId::of_text(t), 50, None);
        }
        for t in [accept, reject] {
            sample.add(
                "/vpc/flow-logs",
                Some("eni-0a1b2c-all"),
                TemplateId::of_text(t),
                90,
                None,
            );
        }
        let producers = sample.producers(&Overrides::default());
        let plan = plan(&rules, &sample, &producers, &DeployOptions::default()).unwrap();
        let rds = plan.artefacts.iter().find(|a| a.producer == "rds").unwrap();
        assert_eq!(rds.file_name, "rds-orders-db-postgresql.sh");
        assert!(
            rds.text
                .contains("ParameterName=log_checkpoints,ParameterValue=0"),
            "{}",
            rds.text
        );
        assert!(
            rds.text
                .contains("ParameterName=log_connections,ParameterValue=0"),
            "{}",
            rds.text
        );
        assert_eq!(rds.removes.lines, 2);
        let flow = plan
            .artefacts
            .iter()
            .find(|a| a.producer == "vpc-flow-logs")
            .unwrap();
        assert!(flow.text.contains("--traffic-type REJECT"), "{}", flow.text);
        assert_eq!(plan.not_deployed.len(), 1);
        assert_eq!(plan.not_deployed[0].template, odd);
        assert!(plan.not_deployed[0].reason.contains("no upstream filter"));
    }

    #[test]
    fn a_rule_keeping_a_share_runs_in_fluent_bit_and_is_listed_elsewhere() {
        let health = "GET /health <*>";
        let mut rules = set(&[health], &[]);
        rules.rules[0].keep_one_in = Some(100);
        let mut sample = Sample::default();
        let firelens = format!("web-firelens-{TASK}");
        for _ in 0..250 {
            sample.add(
                "/ecs/shop",
                Some(&firelens),
                TemplateId::of_text(health),
                20,
                None,
            );
        }
        sample.add(
            "host-logs",
            Some("/var/log/app.log"),
            TemplateId::of_text(health),
            5,
            None,
        );
        let producers = sample.producers(&Overrides::default());
        let plan = plan(&rules, &sample, &producers, &DeployOptions::default()).unwrap();
        let names: Vec<&str> = plan
            .artefacts
            .iter()
            .map(|a| a.file_name.as_str())
            .collect();
        assert_eq!(
            names,
            vec![
                "fluent-bit-ecs-firelens-ecs-shop.conf",
                "fluent-bit-ecs-firelens-ecs-shop.yaml",
                "fluent-bit-ecs-firelens-ecs-shop.lua"
            ]
        );
        let conf = &plan.artefacts[0].text;
        assert!(conf.contains("Name     lua"), "{conf}");
        assert!(!conf.contains("Name     grep"), "{conf}");
        let yaml: serde_yaml::Value = serde_yaml::from_str(&plan.artefacts[1].text).unwrap();
        let items = yaml["pipeline"]["filters"].as_sequence().unwrap();
        assert_eq!(items.len(), 1, "{}", plan.artefacts[1].text);
        assert_eq!(items[0]["name"].as_str(), Some("lua"));
        assert_eq!(items[0]["call"].as_str(), Some("lognoise_sample_1"));
        assert!(
            conf.contains("script   /fluent-bit/etc/fluent-bit-ecs-firelens-ecs-shop.lua"),
            "{conf}"
        );
        // 250 lines, the 1st, 101st and 201st kept.
        assert_eq!(plan.artefacts[2].removes.lines, 247);
        assert_eq!(plan.artefacts[2].removes.bytes, 247 * 20);
        assert!(plan.artefacts[2].text.contains("n = 100,"));
        // The CloudWatch agent drops all or nothing.
        assert_eq!(plan.not_deployed.len(), 1);
        assert_eq!(plan.not_deployed[0].producer, "cloudwatch-agent");
        assert!(plan.not_deployed[0].reason.contains("keeps 1 line in 100"));
        let md = markdown(&plan, &CostBasis::unknown(0.5));
        assert!(md.contains("## `fluent-bit-ecs-firelens-ecs-shop.lua` (ecs-firelens)"));

        // A pattern edited by hand is not reproduced in Lua: listed, not sampled wrongly.
        rules.rules[0].pattern = r"\AGET /health [0-9]{1,3}\z".into();
        let plan = super::plan(&rules, &sample, &producers, &DeployOptions::default()).unwrap();
        assert!(plan.artefacts.iter().all(|a| a.producer != "ecs-firelens"));
        let firelens = plan
            .not_deployed
            .iter()
            .find(|n| n.producer == "ecs-firelens")
            .unwrap();
        assert!(firelens.reason.contains("edited"), "{}", firelens.reason);
    }

    #[test]
    fn a_rule_without_lines_of_its_own_is_listed_not_lost() {
        // A split part: its lines are filed under the template it was split from.
        let mut rules = set(&["cache miss for user 42"], &[]);
        rules.rules[0].log_groups = vec!["/aws/lambda/f".into()];
        let mut sample = Sample::default();
        let parent = TemplateId::of_text("cache miss for user <*>");
        sample.add("/aws/lambda/f", None, parent, 30, Some("debug"));
        let producers = sample.producers(&Overrides::default());
        let plan = plan(&rules, &sample, &producers, &DeployOptions::default()).unwrap();
        assert!(plan.artefacts.is_empty());
        assert_eq!(plan.not_deployed.len(), 1);
        assert_eq!(plan.not_deployed[0].producer, "lambda");
        assert!(plan.not_deployed[0].reason.contains("no line of its own"));
    }

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(slug("/aws/lambda/Checkout API"), "aws-lambda-checkout-api");
        assert_eq!(slug("///"), "group");
    }
}
