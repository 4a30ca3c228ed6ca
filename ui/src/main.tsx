import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "uplot/dist/uPlot.min.css";
import "./styles.css";
import { App } from "./App";

// A failure outside React's reach still shows up on screen instead of a blank window.
function showFatal(message: string) {
  const el = document.getElementById("fatal") ?? document.body.appendChild(document.createElement("pre"));
  el.id = "fatal";
  el.className = "error";
  el.textContent = `lognoise failed to start: ${message}`;
}
window.addEventListener("error", (e) => showFatal(String(e.message)));
window.addEventListener("unhandledrejection", (e) => showFatal(String(e.reason?.message ?? e.reason)));

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
