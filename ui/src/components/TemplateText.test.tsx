import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { TemplateText } from "./TemplateText";

describe("TemplateText", () => {
  it("marks each variable, numbered, and keeps the text between them as plain text", () => {
    const { container } = render(<TemplateText text="Order <*> persisted in <*> ms" />);
    const root = container.querySelector(".template-text")!;
    expect(root.textContent).toBe("Order <*> persisted in <*> ms");
    const vars = [...root.querySelectorAll(".var")];
    expect(vars.map((v) => [v.textContent, v.getAttribute("data-var")])).toEqual([
      ["<*>", "0"],
      ["<*>", "1"],
    ]);
    // Only the variables are elements: the words are text nodes of the template's span.
    expect(root.children).toHaveLength(2);
    expect([...root.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent)).toEqual([
      "Order ",
      " persisted in ",
      " ms",
    ]);
  });

  it("shows a template that is all variable or has none", () => {
    expect(render(<TemplateText text="<*>" />).container.querySelectorAll(".var")).toHaveLength(1);
    const { container } = render(<TemplateText text="no variables" />);
    expect(container.querySelector(".template-text")!.children).toHaveLength(0);
    expect(container.textContent).toContain("no variables");
  });
});
