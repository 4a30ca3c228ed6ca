/// <reference types="vitest/config" />
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The app loads the built files from the binary; no dev server URL is baked in.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    target: "safari16",
    outDir: "dist",
    emptyOutDir: true,
    // No inline assets: the CSP allows scripts and styles from the app's own origin only.
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    globals: true,
    // The Tauri bridge is replaced by stand-ins that the tests program.
    alias: {
      "@tauri-apps/api/core": fileURLToPath(new URL("./src/test/tauri.ts", import.meta.url)),
      "@tauri-apps/api/webview": fileURLToPath(new URL("./src/test/webview.ts", import.meta.url)),
      "@tauri-apps/plugin-dialog": fileURLToPath(new URL("./src/test/dialog.ts", import.meta.url)),
      "@tauri-apps/plugin-clipboard-manager": fileURLToPath(new URL("./src/test/clipboard.ts", import.meta.url)),
    },
  },
});
