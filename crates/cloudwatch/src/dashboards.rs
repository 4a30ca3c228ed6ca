//! Dashboards whose log widgets query the sampled log groups (`ListDashboards`, then
//! `GetDashboard` for each, CloudWatch): a team looks at such a widget, so a rule that empties
//! it breaks something the team relies on, as dropping an alarm's lines does.
//!
//! A log widget holds a Logs Insights query whose `SOURCE '<group>'` clauses name the groups
//! it reads (`SOURCE '/ecs/web' | SOURCE '/ecs/api' | fields @message | filter ...`, as the
//! console and the CDK write it). The whole query is kept: the evaluator takes `SOURCE` as a
//! command that narrows nothing and runs the `filter` commands.

use crate::client::CloudWatch;
use crate::dependents::next;
use crate::error::Result;

/// Most dashboards read on one pull. Each is one `GetDashboard` call at the pull's request
/// rate, so an account with hundreds would hold every pull for minutes; past this many, the
/// rest are left unread and every group says so (nothing is then taken to be safe to drop).
pub(crate) const MAX_DASHBOARDS: usize = 100;

/// A log widget of a dashboard, with the log groups its query names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LogWidget {
    pub(crate) dashboard: String,
    pub(crate) title: Option<String>,
    pub(crate) query: String,
    pub(crate) language: Option<String>,
    pub(crate) groups: Vec<String>,
}

/// What a read of the account's dashboards found.
#[derive(Debug, Default)]
pub(crate) struct DashboardRead {
    pub(crate) widgets: Vec<LogWidget>,
    /// Dashboards not read because the account has more than [`MAX_DASHBOARDS`].
    pub(crate) left: usize,
    /// Dashboards whose body could not be read, with why.
    pub(crate) failed: Vec<(String, String)>,
}

impl CloudWatch {
    /// The log widgets of the account's dashboards (in the region), read up to
    /// [`MAX_DASHBOARDS`] dashboards.
    pub(crate) async fn dashboard_widgets(&self) -> Result<DashboardRead> {
        let cx = self
            .caller
            .dependent_context("cloudwatch", "ListDashboards", None);
        let mut names = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .caller
                .call(&cx, || {
                    self.metrics
                        .list_dashboards()
                        .set_next_token(token.clone())
                        .send()
                })
                .await?;
            names.extend(
                out.dashboard_entries()
                    .iter()
                    .filter_map(|d| d.dashboard_name().map(str::to_string)),
            );
            match next(out.next_token(), &token) {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        let mut read = DashboardRead {
            left: names.len().saturating_sub(MAX_DASHBOARDS),
            ..DashboardRead::default()
        };
        let cx = self
            .caller
            .dependent_context("cloudwatch", "GetDashboard", None);
        for name in names.into_iter().take(MAX_DASHBOARDS) {
            let answer = self
                .caller
                .call(&cx, || {
                    self.metrics
                        .get_dashboard()
                        .dashboard_name(name.clone())
                        .send()
                })
                .await;
            match answer {
                Ok(out) => read.widgets.extend(log_widgets(
                    &name,
                    out.dashboard_body().unwrap_or_default(),
                    &self.caller.region,
                )),
                Err(e) => read.failed.push((name, e.to_string())),
            }
        }
        Ok(read)
    }
}

/// The log widgets of a dashboard body (its JSON, as `GetDashboard` returns it) that query
/// log groups of `region`: widgets of another region read other groups. A body that is not
/// JSON holds no widget lognoise can read (CloudWatch only stores valid bodies).
pub(crate) fn log_widgets(dashboard: &str, body: &str, region: &str) -> Vec<LogWidget> {
    let Ok(body) = serde_json::from_str::<serde_json::Value>(body) else {
        return Vec::new();
    };
    let Some(widgets) = body.get("widgets").and_then(|w| w.as_array()) else {
        return Vec::new();
    };
    widgets
        .iter()
        .filter(|w| w.get("type").and_then(|t| t.as_str()) == Some("log"))
        .filter_map(|w| {
            let properties = w.get("properties")?;
            let text = |key: &str| properties.get(key).and_then(|v| v.as_str());
            if text("region").is_some_and(|r| r != region) {
                return None;
            }
            let query = text("query")?.to_string();
            let groups = source_groups(&query);
            (!groups.is_empty()).then(|| LogWidget {
                dashboard: dashboard.to_string(),
                title: text("title").map(str::to_string),
                language: text("queryLanguage").map(str::to_string),
                query,
                groups,
            })
        })
        .collect()
}

/// The log groups a widget's query names in its `SOURCE '<group>'` clauses (single or double
/// quotes), in order, once each.
pub(crate) fn source_groups(query: &str) -> Vec<String> {
    let mut groups: Vec<String> = Vec::new();
    for command in query.split('|') {
        let command = command.trim();
        let Some(rest) = command
            .get(..6)
            .filter(|k| k.eq_ignore_ascii_case("source"))
            .map(|_| command[6..].trim_start())
        else {
            continue;
        };
        let mut chars = rest.chars();
        let Some(quote) = chars.next().filter(|c| matches!(c, '\'' | '"')) else {
            continue;
        };
        let name: String = chars.take_while(|&c| c != quote).collect();
        if !name.is_empty() && !groups.contains(&name) {
            groups.push(name);
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn log_widgets_of_the_region_are_read_with_the_groups_their_query_names() {
        let body = r#"{"widgets": [
            {"type": "metric", "properties": {"metrics": [["Web", "Errors"]]}},
            {"type": "log", "x": 0, "y": 6, "properties": {
                "query": "SOURCE '/ecs/web' | SOURCE \"/ecs/api\" | fields @message\n| filter @message like /declined/",
                "region": "us-east-1", "title": "Declines", "view": "table"}},
            {"type": "log", "properties": {"query": "SOURCE '/eu/web' | fields @message", "region": "eu-west-1"}},
            {"type": "log", "properties": {"query": "fields @message"}},
            {"type": "text", "properties": {"markdown": "SOURCE '/ecs/web'"}}
        ]}"#;
        let widgets = log_widgets("Checkout", body, "us-east-1");
        assert_eq!(widgets.len(), 1);
        assert_eq!(widgets[0].groups, ["/ecs/web", "/ecs/api"]);
        assert_eq!(widgets[0].title.as_deref(), Some("Declines"));
        assert!(widgets[0].query.contains("filter @message like /declined/"));
        assert!(log_widgets("x", "not json", "us-east-1").is_empty());
        assert!(log_widgets("x", r#"{"widgets": 3}"#, "us-east-1").is_empty());
    }

    #[test]
    fn source_clauses_name_groups_once_in_any_case() {
        assert_eq!(
            source_groups("source '/a' | SOURCE '/b' | Source '/a' | filter x like /y/"),
            ["/a", "/b"]
        );
        assert!(source_groups("fields @message | filter @message like /SOURCE/").is_empty());
        assert!(source_groups("SOURCE logGroups(namePrefix: ['/a'])").is_empty());
        assert!(source_groups("SOURCE ''").is_empty());
        assert!(source_groups("SOURC").is_empty());
        assert!(source_groups("SOURCÉ '/a'").is_empty());
    }
}
