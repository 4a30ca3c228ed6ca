import { useCallback, useEffect, useState } from "react";
import { api, errorMessage, type WorkspaceInfo } from "./api";
import { SHORTCUTS, useShortcuts } from "./keys";
import { Start } from "./screens/Start";
import { Review } from "./screens/Review";
import { Search } from "./screens/Search";
import { Sources } from "./screens/Sources";
import { Rules } from "./screens/Rules";
import { Summary } from "./screens/Summary";
import { SessionPicker } from "./components/SessionPicker";

export type Screen = "start" | "sources" | "review" | "search" | "rules" | "summary";

const SCREENS: { id: Screen; label: string; needsWorkspace: boolean }[] = [
  { id: "start", label: "Start", needsWorkspace: false },
  { id: "sources", label: "Sources", needsWorkspace: true },
  { id: "review", label: "Review", needsWorkspace: true },
  { id: "search", label: "Search", needsWorkspace: true },
  { id: "rules", label: "Rules", needsWorkspace: true },
  { id: "summary", label: "Summary", needsWorkspace: true },
];

export function App() {
  const [screen, setScreen] = useState<Screen>("start");
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null>(null);
  const [demoPath, setDemoPath] = useState("");
  const [startError, setStartError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  // A template to select when Review opens (from a search hit).
  const [focusTemplate, setFocusTemplate] = useState<string | null>(null);
  // Bumped when the workspace's contents change, so screens reload.
  const [generation, setGeneration] = useState(0);

  const opened = useCallback((ws: WorkspaceInfo) => {
    setWorkspace(ws);
    setGeneration((g) => g + 1);
    setStartError(null);
    setScreen(ws.events > 0 ? "review" : "sources");
  }, []);

  useEffect(() => {
    api
      .appInfo()
      .then(async (info) => {
        setDemoPath(info.demo_workspace);
        if (!info.initial_workspace) return;
        setBusy("Opening the workspace…");
        try {
          const ws =
            info.initial_workspace === info.demo_workspace
              ? await api.openDemo()
              : await api.openWorkspace(info.initial_workspace);
          opened(ws);
        } catch (e) {
          setStartError(errorMessage(e));
        } finally {
          setBusy(null);
        }
      })
      .catch((e) => setStartError(errorMessage(e)));
  }, [opened]);

  const go = (s: Screen) => {
    const def = SCREENS.find((x) => x.id === s);
    if (def?.needsWorkspace && !workspace) return;
    setScreen(s);
  };

  useShortcuts({
    "?": () => setHelp((h) => !h),
    "Shift+?": () => setHelp((h) => !h),
    Escape: () => setHelp(false),
    "/": () => go("search"),
    "1": () => go("start"),
    "2": () => go("sources"),
    "3": () => go("review"),
    "4": () => go("search"),
    "5": () => go("rules"),
    "6": () => go("summary"),
  });

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">lognoise</span>
        <nav>
          {SCREENS.map((s) => (
            <button
              key={s.id}
              data-testid={`nav-${s.id}`}
              className={screen === s.id ? "active" : ""}
              disabled={s.needsWorkspace && !workspace}
              onClick={() => go(s.id)}
            >
              {s.label}
            </button>
          ))}
        </nav>
        {workspace && workspace.events > 0 && (
          <SessionPicker
            key={workspace.path}
            workspacePath={workspace.path}
            onChanged={() => setGeneration((g) => g + 1)}
          />
        )}
        <span className="workspace-name" data-testid="workspace-name" title={workspace?.path}>
          {workspace ? workspace.name : "no workspace"}
        </span>
        <button className="help-button" onClick={() => setHelp(true)} title="Keyboard shortcuts (?)">
          ?
        </button>
      </header>
      <main>
        {busy && <div className="busy" data-testid="busy">{busy}</div>}
        {screen === "start" && (
          <Start demoPath={demoPath} onOpened={opened} error={startError} setError={setStartError} />
        )}
        {screen === "sources" && workspace && (
          <Sources
            workspace={workspace}
            onImported={(ws) => {
              setWorkspace(ws);
              setGeneration((g) => g + 1);
            }}
            onReview={() => setScreen("review")}
          />
        )}
        {screen === "review" && workspace && (
          <Review
            key={generation}
            workspace={workspace}
            focusTemplate={focusTemplate}
            onFocused={() => setFocusTemplate(null)}
          />
        )}
        {screen === "search" && workspace && (
          <Search
            workspace={workspace}
            onOpenTemplate={(id) => {
              setFocusTemplate(id);
              setScreen("review");
            }}
          />
        )}
        {screen === "rules" && workspace && <Rules key={generation} />}
        {screen === "summary" && workspace && <Summary key={generation} />}
      </main>
      {help && (
        <div className="overlay" data-testid="shortcuts" onClick={() => setHelp(false)}>
          <div className="overlay-card" onClick={(e) => e.stopPropagation()}>
            <h2>Keyboard shortcuts</h2>
            <table>
              <tbody>
                {SHORTCUTS.map(([k, what]) => (
                  <tr key={k}>
                    <td>
                      <kbd>{k}</kbd>
                    </td>
                    <td>{what}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}
