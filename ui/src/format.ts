// Number and time formatting shared by the screens.

// One formatter for every call: `toLocaleString` builds a new one each time, which costs more
// than the rest of a queue row's formatting together.
const grouped = new Intl.NumberFormat("en-US");

export function count(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(n >= 1e5 ? 0 : 1)}k`;
  return grouped.format(n);
}

export function bytes(n: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export function percent(share: number): string {
  const p = share * 100;
  if (p === 0) return "0%";
  if (p < 0.1) return "<0.1%";
  return `${p < 10 ? p.toFixed(1) : p.toFixed(0)}%`;
}

export function dollars(v: number | null | undefined): string {
  if (v === null || v === undefined) return "–";
  if (v > 0 && v < 0.0001) return "<$0.0001";
  // Small samples make small amounts; keep two significant digits so rows still compare.
  if (v > 0 && v < 0.1) return `$${v.toPrecision(2)}`;
  if (v >= 1000) return `$${(v / 1000).toFixed(1)}k`;
  return `$${v.toFixed(v >= 100 ? 0 : 2)}`;
}

export function time(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "";
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

/** Splits template text at its `<*>` variables, for highlighting. */
export function templateParts(text: string): { text: string; variable: boolean }[] {
  const out: { text: string; variable: boolean }[] = [];
  const pieces = text.split("<*>");
  pieces.forEach((piece, i) => {
    if (piece) out.push({ text: piece, variable: false });
    if (i < pieces.length - 1) out.push({ text: "<*>", variable: true });
  });
  return out;
}
