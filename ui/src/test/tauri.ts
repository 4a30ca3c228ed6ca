// A stand-in for the Rust side: each test registers what a command answers.
import { vi } from "vitest";

type Handler = (args: Record<string, unknown>) => unknown;
export const handlers = new Map<string, Handler>();
export const calls: { cmd: string; args: Record<string, unknown> }[] = [];

export const invoke = vi.fn(async (cmd: string, args: Record<string, unknown> = {}) => {
  calls.push({ cmd, args });
  const h = handlers.get(cmd);
  if (!h) throw { code: "internal", message: `no handler for ${cmd}` };
  return h(args);
});

export class Channel<T> {
  onmessage: (m: T) => void = () => {};
}

export function reset() {
  handlers.clear();
  calls.length = 0;
  invoke.mockClear();
}
