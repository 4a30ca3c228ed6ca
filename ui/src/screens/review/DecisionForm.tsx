// The verdict buttons, owner, note and labels of the selected template.
import { useEffect, useState, type RefObject } from "react";
import type { DecisionView, Verdict } from "../../api";
import { Labels, LABEL_KEYS } from "../Curate";

/** Saves owner, note and changed labels when a field is left; a verdict at once. */
export function DecisionForm({
  decision,
  ownerInput,
  rateInput,
  onVerdict,
  onText,
  onKeepShare,
}: {
  decision: DecisionView | null;
  ownerInput: RefObject<HTMLInputElement | null>;
  rateInput: RefObject<HTMLInputElement | null>;
  onVerdict: (v: Verdict) => void;
  onText: (owner: string, note: string, labels: Record<string, string>) => void;
  onKeepShare: (share: string) => void;
}) {
  const savedShare = shareText(decision?.keep_one_in ?? null);
  const [share, setShare] = useState(savedShare);
  // The engine's answer (a refusal, an undo) is what the field shows next.
  useEffect(() => setShare(savedShare), [savedShare]);
  const saveShare = () => {
    if (share.trim() !== savedShare) onKeepShare(share);
  };
  const [owner, setOwner] = useState(decision?.owner ?? "");
  const [note, setNote] = useState(decision?.note ?? "");
  const saved = decision?.labels ?? {};
  const [labels, setLabels] = useState<Record<string, string>>(() =>
    Object.fromEntries(LABEL_KEYS.map((k) => [k, saved[k] ?? ""])),
  );
  const save = () => {
    const changed = LABEL_KEYS.filter((k) => (labels[k] ?? "").trim() !== (saved[k] ?? ""));
    if (owner !== (decision?.owner ?? "") || note !== (decision?.note ?? "") || changed.length > 0)
      onText(owner, note, Object.fromEntries(changed.map((k) => [k, labels[k] ?? ""])));
  };
  return (
    <div className="decision-form" data-testid="decision-form">
      <div className="verdict-buttons">
        {(["noise", "keep", "signal"] as Verdict[]).map((v) => (
          <button
            key={v}
            data-testid={`verdict-${v}`}
            className={`verdict-button verdict-${v} ${decision?.verdict === v ? "chosen" : ""}`}
            onClick={() => onVerdict(v)}
            title={`${v} (${v === "keep" ? "e" : v[0]})`}
          >
            {v}
          </button>
        ))}
      </div>
      {decision?.verdict === "noise" && (
        <label title="keep a share of the lines instead of dropping all: 1 in 100, 1%, or all (r)">
          Drop rate
          <input
            ref={rateInput}
            data-testid="keep-share"
            value={share}
            placeholder="drop all; or keep 1 in 100, 1%"
            onChange={(e) => setShare(e.target.value)}
            onBlur={saveShare}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === "Escape") (e.target as HTMLInputElement).blur();
            }}
          />
        </label>
      )}
      <label>
        Owner team
        <input
          ref={ownerInput}
          data-testid="owner"
          value={owner}
          placeholder="team that owns these lines"
          onChange={(e) => setOwner(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === "Enter" || e.key === "Escape") (e.target as HTMLInputElement).blur();
          }}
        />
      </label>
      <label>
        Note
        <textarea
          data-testid="note"
          value={note}
          rows={2}
          onChange={(e) => setNote(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === "Escape") (e.target as HTMLTextAreaElement).blur();
          }}
        />
      </label>
      <Labels values={labels} onChange={setLabels} onDone={save} />
    </div>
  );
}

/** How the field shows a saved rate: empty for drop all. */
export function shareText(keepOneIn: number | null): string {
  return keepOneIn ? `1 in ${keepOneIn}` : "";
}
