// A stand-in for the Rust side: each test registers what a command answers. Stand-ins are
// typed by the command table generated from the Rust signatures (bindings.ts), so `tsc` fails
// on a stand-in for a command that does not exist, or one answering the wrong shape.
import { vi } from "vitest";
import type { Commands } from "../bindings";

type Name = keyof Commands;
/** What a stand-in for a command gets and may answer (or throw, as the Rust side rejects). */
export type Handler<K extends Name> = (
  args: Commands[K]["args"],
) => Commands[K]["returns"] | Promise<Commands[K]["returns"]>;

const registered = new Map<string, (args: Record<string, unknown>) => unknown>();

export const handlers = {
  set<K extends Name>(cmd: K, handler: Handler<K>) {
    registered.set(cmd, handler as (args: Record<string, unknown>) => unknown);
  },
  clear() {
    registered.clear();
  },
};

export const calls: { cmd: string; args: Record<string, unknown> }[] = [];

export const invoke = vi.fn(async (cmd: string, args: Record<string, unknown> = {}) => {
  calls.push({ cmd, args });
  const h = registered.get(cmd);
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
