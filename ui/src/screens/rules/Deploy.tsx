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
 * producer, with what each removes and protects, and the rules no producer can run.
 */
export function Deploy() {
  const [producers, setProducers] = useState<ProducerView[] | null>(null);
  const [deploy, setDeploy] = useState<DeployView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = () => {
    Promise.all([api.logGroupProducers(), api.sessionDeploy()])
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
      setDeploy(await api.sessionDeploy());
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
      <p className="muted small">
        <code>lognoise rules export --deploy DIR</code> writes these files and a DEPLOY.md.
      </p>
      {message && (
        <div className="ok" data-testid="deploy-message">
          {message}
        </div>
      )}
    </section>
  );
}
