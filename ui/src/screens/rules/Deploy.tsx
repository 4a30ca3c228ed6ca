import { open } from "@tauri-apps/plugin-dialog";
import { writeText } from "@tauri-apps/plugin-clipboard-manager";
import { useEffect, useState } from "react";
import {
  api,
  errorMessage,
  type DeployArtefactView,
  type DeployView,
  type ProducerKind,
  type ProducerView,
} from "../../api";
import { bytes, count, dollars } from "../../format";

/** Every producer kind, in the order the producer menu lists them. */
const KINDS: ProducerKind[] = [
  "lambda",
  "ecs-firelens",
  "ecs-awslogs",
  "eks-fluent-bit",
  "cloudwatch-agent",
  "rds",
  "vpc-flow-logs",
  "api-gateway",
  "unknown",
];

/**
 * Where the session's rules run: each log group's producer (guessed from the sample's names,
 * correctable here), and the files `lognoise rules export --deploy` writes, grouped by
 * producer, with what each removes and protects, and the rules no producer can run. "Save all
 * to folder..." writes them with the Rust command the CLI's writing shares; `blocked` (a rule
 * conflicts and "export anyway" is not ticked) stops it as it stops Save…, and `force` passes
 * the tick on (the Rust command checks again).
 */
export function Deploy({ force = false, blocked = false }: { force?: boolean; blocked?: boolean }) {
  const [producers, setProducers] = useState<ProducerView[] | null>(null);
  const [deploy, setDeploy] = useState<DeployView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [agentConfig, setAgentConfig] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => {
    Promise.all([api.logGroupProducers(), api.sessionDeploy(agentConfig)])
      .then(([p, d]) => {
        setProducers(p);
        setDeploy(d);
        setError(null);
      })
      .catch((e) => setError(errorMessage(e)));
  };
  useEffect(load, []);

  const setKind = async (group: string, kind: ProducerKind | null) => {
    try {
      setProducers(await api.setLogGroupProducer(group, kind));
      setDeploy(await api.sessionDeploy(agentConfig));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const copy = async (a: DeployArtefactView) => {
    try {
      await writeText(a.text);
      setMessage(`copied ${a.file_name}`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const saveAll = async () => {
    if (blocked) return;
    setMessage(null);
    setActionError(null);
    const dir = await open({ directory: true, title: "Save the deploy files to a folder" });
    if (typeof dir !== "string") return;
    setBusy(true);
    try {
      const saved = await api.saveDeploy(dir, agentConfig, force);
      setMessage(
        `Saved ${saved.files.length} file${saved.files.length === 1 ? "" : "s"} to ${saved.dir}: ${saved.files.join(", ")}` +
          (saved.removed.length > 0 ? `; removed ${saved.removed.join(", ")}, which an earlier save wrote` : "") +
          (saved.forced ? ", despite the conflicts." : "."),
      );
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const chooseAgentConfig = async (path: string | null) => {
    setMessage(null);
    setActionError(null);
    try {
      setDeploy(await api.sessionDeploy(path));
      setAgentConfig(path);
    } catch (e) {
      setActionError(errorMessage(e));
    }
  };
  const mergeAgentConfig = async () => {
    const path = await open({
      title: "Choose your CloudWatch agent configuration",
      filters: [{ name: "CloudWatch agent configuration", extensions: ["json"] }],
    });
    if (typeof path === "string") await chooseAgentConfig(path);
  };

  if (error) {
    return (
      <div className="error" role="alert" data-testid="deploy-error">
        {error}
      </div>
    );
  }
  if (!producers || !deploy) return <p className="muted">Finding who writes each log group…</p>;

  const byProducer = new Map<ProducerKind, DeployArtefactView[]>();
  for (const a of deploy.artefacts) byProducer.set(a.producer, [...(byProducer.get(a.producer) ?? []), a]);

  return (
    <section className="deploy" data-testid="deploy">
      <h2>Where the rules run</h2>
      <table className="producers">
        <thead>
          <tr>
            <th>Log group</th>
            <th>Producer</th>
            <th>Evidence</th>
          </tr>
        </thead>
        <tbody>
          {producers.map((p) => (
            <tr key={p.log_group} data-testid="producer-row">
              <td>{p.log_group}</td>
              <td>
                <select
                  aria-label={`producer of ${p.log_group}`}
                  data-testid="producer-kind"
                  value={p.kind}
                  onChange={(e) => void setKind(p.log_group, e.target.value as ProducerKind)}
                >
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
                {p.set_by_hand && (
                  <button className="link" data-testid="producer-reset" onClick={() => void setKind(p.log_group, null)}>
                    guess again
                  </button>
                )}
              </td>
              <td className="muted small">{p.evidence.join("; ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {deploy.artefacts.length === 0 && (
        <p className="muted" data-testid="no-artefacts">
          No producer of these log groups can run the rules: see below.
        </p>
      )}
      {[...byProducer].map(([kind, artefacts]) => (
        <div key={kind} className="deploy-producer" data-testid="deploy-producer" data-producer={kind}>
          <h3>{kind}</h3>
          {artefacts.map((a) => (
            <details key={a.file_name} data-testid="deploy-artefact">
              <summary>
                <code>{a.file_name}</code> for {a.log_groups.join(", ")}: drops {count(a.removed_lines)} sampled lines (
                {bytes(a.removed_bytes)}){a.removed_monthly_cost_usd != null && `, ${dollars(a.removed_monthly_cost_usd)}/month`}
              </summary>
              <p className="small">{a.where_it_goes}</p>
              {a.protects.length > 0 && (
                <p className="small" data-testid="deploy-protects">
                  protects: {a.protects.join(" · ")}
                </p>
              )}
              {a.also_drops.length > 0 && <p className="small state-warn">also drops: {a.also_drops.join(" · ")}</p>}
              {a.notes.map((n, i) => (
                <p key={i} className="small muted">
                  {n}
                </p>
              ))}
              <pre className="export-preview" data-testid="deploy-text">
                {a.text}
              </pre>
              <button data-testid="deploy-copy" onClick={() => void copy(a)}>
                Copy
              </button>
            </details>
          ))}
        </div>
      ))}
      {deploy.not_deployed.length > 0 && (
        <div data-testid="not-deployed">
          <h3>Rules no file carries</h3>
          <ul>
            {deploy.not_deployed.map((n, i) => (
              <li key={i} className="small">
                <code>{n.template}</code> in {n.log_group ?? "no log group"} ({n.producer}): {n.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="export-actions">
        <button
          className="primary"
          data-testid="deploy-save"
          disabled={blocked || busy || deploy.artefacts.length === 0}
          title={blocked ? "Rules reach templates marked keep or signal, or lines something reads" : undefined}
          onClick={() => void saveAll()}
        >
          Save all to folder…
        </button>
        {deploy.artefacts.some((a) => a.producer === "cloudwatch-agent") && (
          <button data-testid="deploy-agent-config" onClick={() => void mergeAgentConfig()}>
            Merge into my agent config…
          </button>
        )}
        {agentConfig && (
          <span className="small" data-testid="deploy-agent-config-path">
            merging into <code>{agentConfig}</code>{" "}
            <button className="link" data-testid="deploy-agent-config-forget" onClick={() => void chooseAgentConfig(null)}>
              forget
            </button>
          </span>
        )}
      </div>
      <p className="muted small">
        Saving writes these files and a DEPLOY.md, as <code>lognoise rules export --deploy DIR</code> does; it
        replaces only files an earlier save wrote there. With your agent configuration, the copy with the filters
        merged in is saved as one of them; your file is left as it is.
      </p>
      {message && (
        <div className="ok" data-testid="deploy-message">
          {message}
        </div>
      )}
      {actionError && (
        <div className="error" role="alert" data-testid="deploy-action-error">
          {actionError}
        </div>
      )}
    </section>
  );
}
