import { memo } from "react";
import { templateParts } from "../format";

/**
 * Template text with each `<*>` marked as a variable; the n-th variable gets `data-var=n`.
 * The text between variables stays plain text (no element of its own), so a template in a
 * list row adds as few boxes to lay out and paint as it can. Memoised on the text, so lists
 * that re-render around it do not split it again.
 */
export const TemplateText = memo(function TemplateText({ text }: { text: string }) {
  let n = 0;
  return (
    <span className="template-text">
      {templateParts(text).map((p, i) =>
        p.variable ? (
          <span key={i} className="var" data-var={n++}>
            {p.text}
          </span>
        ) : (
          p.text
        ),
      )}
    </span>
  );
});
