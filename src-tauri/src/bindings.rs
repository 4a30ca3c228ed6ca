//! Generates `ui/src/bindings.ts` from the command payload types and fails when the committed
//! file differs. Run with `UPDATE_BINDINGS=1` to rewrite it after changing a type.

use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use ts_rs::TS;

fn declarations() -> String {
    let decls = [
        ErrorCode::decl(),
        ApiError::decl(),
        AppInfo::decl(),
        RecentWorkspace::decl(),
        WorkspaceInfo::decl(),
        ImportProgress::decl(),
        ImportSummary::decl(),
        LevelCount::decl(),
        TemplateRowView::decl(),
        TemplatesView::decl(),
        ValueView::decl(),
        VariableView::decl(),
        GroupCountView::decl(),
        TemplateDetail::decl(),
        SearchArgs::decl(),
        TextPart::decl(),
        HitView::decl(),
        TemplateFacet::decl(),
        HistogramView::decl(),
        SearchView::decl(),
        DecisionView::decl(),
        SessionView::decl(),
        AwsProfileView::decl(),
        AwsProfilesView::decl(),
        AwsTarget::decl(),
        LogGroupView::decl(),
        PullWindow::decl(),
        PullArgs::decl(),
        PullProgressEvent::decl(),
        PullSummary::decl(),
        MergeView::decl(),
        SplitView::decl(),
        SplitPartView::decl(),
        QueueRowView::decl(),
        ReviewQueueView::decl(),
        SessionListItem::decl(),
        NewSessionArgs::decl(),
        RuleConflictView::decl(),
        RuleView::decl(),
        NotExpressibleView::decl(),
        ExportPreview::decl(),
        RulesView::decl(),
        SavedRules::decl(),
        OwnerSavingView::decl(),
        SummaryRowView::decl(),
        SummaryView::decl(),
    ];
    let mut out = String::from(
        "// Generated from src-tauri/src/dto.rs by `UPDATE_BINDINGS=1 cargo test -p lognoise-app bindings`.\n// Do not edit by hand.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
#[allow(clippy::unwrap_used, clippy::expect_used)]
fn bindings_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    let fresh = declarations();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p lognoise-app bindings` and commit it"
    );
}
