import { vi } from "vitest";
export const writeText = vi.fn(async (_text: string) => undefined);
