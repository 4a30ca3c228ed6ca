import { open } from "@tauri-apps/plugin-dialog";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { useEffect, useRef, useState } from "react";
import { api, errorMessage, type ImportProgress, type WorkspaceInfo } from "../api";
import { bytes, count } from "../format";
import { CloudWatchPull } from "./CloudWatchPull";

type Props = { workspace: WorkspaceInfo; onImported: (ws: WorkspaceInfo) => void; onReview?: () => void };

/** Local files into the open workspace (picked or dropped on the window), and CloudWatch pulls. */
export function Sources({ workspace, onImported, onReview }: Props) {
  const [group, setGroup] = useState("");
  const [progress, setProgress] = useState<{ read: number; total: number; events: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const busy = useRef(false);

  const importPaths = async (paths: string[]) => {
    if (busy.current || paths.length === 0) return;
    busy.current = true;
    setError(null);
    setMessage(null);
    setProgress({ read: 0, total: 0, events: 0 });
    try {
      const onProgress = (p: ImportProgress) => {
        if (p.event === "reading") setProgress({ read: p.data.bytes_read, total: p.data.bytes_total, events: p.data.events });
      };
      const summary = await api.importFiles(paths, group.trim() || null, onProgress);
      setMessage(
        `Imported ${count(summary.events)} events; the workspace now has ${count(summary.workspace.events)} events in ${count(summary.templates)} templates.` +
          (summary.problems.length ? ` ${summary.problems.length} lines could not be read.` : "") +
          summary.not_text.map((w) => ` ${w}`).join(""),
      );
      onImported(summary.workspace);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      busy.current = false;
      setProgress(null);
    }
  };
  const importRef = useRef(importPaths);
  importRef.current = importPaths;

  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let cancelled = false;
    getCurrentWebview()
      .onDragDropEvent((event) => {
        const p = event.payload;
        if (p.type === "enter" || p.type === "over") setDragging(true);
        else if (p.type === "leave") setDragging(false);
        else if (p.type === "drop") {
          setDragging(false);
          void importRef.current(p.paths);
        }
      })
      .then((u) => {
        if (cancelled) u();
        else unlisten = u;
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      unlisten?.();
    };
  }, []);

  return (
    <section className="sources" data-testid="screen-sources">
      <h1>Sources</h1>
      <div className="card">
        <h2>Local files</h2>
        <p className="muted">
          Plain text, JSON lines, <code>aws logs filter-log-events</code> output or S3 export <code>.gz</code>. Files
          are added to <strong>{workspace.name}</strong> ({count(workspace.events)} events, {bytes(workspace.bytes)}).
        </p>
        <label>
          Log group for files that name none{" "}
          <input
            data-testid="import-group"
            value={group}
            placeholder="/ecs/my-service"
            onChange={(e) => setGroup(e.target.value)}
          />
        </label>
        <div className={`dropzone ${dragging ? "dragging" : ""}`} data-testid="dropzone">
          Drop log files here, or{" "}
          <button
            data-testid="pick-files"
            disabled={!!progress}
            onClick={async () => {
              const picked = await open({ multiple: true, directory: false, title: "Import log files" });
              if (Array.isArray(picked)) await importPaths(picked);
              else if (typeof picked === "string") await importPaths([picked]);
            }}
          >
            choose files…
          </button>
        </div>
        {progress && (
          <div className="progress" data-testid="import-progress">
            <div
              className="progress-bar"
              style={{ width: `${progress.total ? (100 * progress.read) / progress.total : 5}%` }}
            />
            <span>
              {bytes(progress.read)}
              {progress.total ? ` of ${bytes(progress.total)}` : ""} · {count(progress.events)} events
            </span>
          </div>
        )}
        {message && <div className="ok" data-testid="import-message">{message}</div>}
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
      </div>
      <CloudWatchPull onPulled={onImported} onReview={onReview} />
    </section>
  );
}
