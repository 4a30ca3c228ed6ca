import { vi } from "vitest";
export const open = vi.fn(async () => null);
export const save = vi.fn(async () => null);
