import { open } from "@tauri-apps/plugin-dialog";
import { useEffect, useState } from "react";
import { api, errorMessage, type ImportProgress, type RecentWorkspace, type WorkspaceInfo } from "../api";
import { count, time } from "../format";

type Props = {
  demoPath: string;
  onOpened: (ws: WorkspaceInfo) => void;
  error: string | null;
  setError: (e: string | null) => void;
};

/** Recent workspaces, the demo, and opening or creating a workspace. */
export function Start({ demoPath, onOpened, error, setError }: Props) {
  const [recent, setRecent] = useState<RecentWorkspace[]>([]);
  const [progress, setProgress] = useState<string | null>(null);

  useEffect(() => {
    api.recentWorkspaces().then(setRecent).catch(() => setRecent([]));
  }, []);

  const run = async (what: string, f: () => Promise<WorkspaceInfo>) => {
    setError(null);
    setProgress(what);
    try {
      onOpened(await f());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setProgress(null);
    }
  };

  const onDemoProgress = (p: ImportProgress) => {
    if (p.event === "reading") {
      const pct = p.data.bytes_total ? Math.round((100 * p.data.bytes_read) / p.data.bytes_total) : 0;
      setProgress(`Importing the demo logs… ${pct}% (${count(p.data.events)} events)`);
    }
  };

  const pickFolder = async (title: string) => {
    const dir = await open({ directory: true, multiple: false, title });
    return typeof dir === "string" ? dir : null;
  };

  return (
    <section className="start" data-testid="screen-start">
      <h1>Review your logs as a team</h1>
      <p className="lede">
        lognoise groups similar log lines into templates, ranks them by volume and cost, and turns the room's
        noise / keep / signal decisions into suppression rules.
      </p>
      <div className="start-actions">
        <button
          className="primary"
          data-testid="open-demo"
          disabled={!!progress}
          onClick={() => run("Opening the demo workspace…", () => api.openDemo(onDemoProgress))}
        >
          Open the demo workspace
        </button>
        <button
          data-testid="open-folder"
          disabled={!!progress}
          onClick={async () => {
            const dir = await pickFolder("Open a lognoise workspace");
            if (dir) await run("Opening…", () => api.openWorkspace(dir));
          }}
        >
          Open a workspace…
        </button>
        <button
          data-testid="create-workspace"
          disabled={!!progress}
          onClick={async () => {
            const dir = await pickFolder("Choose an empty folder for the new workspace");
            if (dir) await run("Creating…", () => api.createWorkspace(dir));
          }}
        >
          Create a workspace…
        </button>
      </div>
      <p className="hint">
        The demo is one day of synthetic CloudWatch logs from a small web shop (Lambda, ECS, RDS, VPC flow logs); no
        AWS account needed. It lives in <code>{demoPath}</code>.
      </p>
      {progress && (
        <div className="progress-line" data-testid="start-progress">
          {progress}
        </div>
      )}
      {error && (
        <div className="error" role="alert" data-testid="start-error">
          {error}
        </div>
      )}
      <h2>Recent workspaces</h2>
      {recent.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="recent" data-testid="recent">
          {recent.map((r) => (
            <li key={r.path}>
              <button className="link" onClick={() => run("Opening…", () => api.openWorkspace(r.path))}>
                {r.path}
              </button>
              <span className="muted"> opened {time(r.opened_at_ms)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
