/** Reading a dataset's stored build request and summary statistics (both free-form JSON). */

export type Distribution = {
  min: number;
  p50: number;
  p90: number;
  max: number;
  mean: number;
};

function text(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The filters a build used, as [label, value] pairs; empty when it took every trace. */
export function filtersOf(spec: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, label] of [
    ["source", "Source"],
    ["tag", "Tag"],
    ["q", "Text"],
    ["created_after", "Stored after"],
    ["created_before", "Stored before"],
  ] as const) {
    const value = text(spec[key]);
    if (value !== null) out.push([label, value]);
  }
  const meta = spec.filters;
  if (meta && typeof meta === "object" && !Array.isArray(meta)) {
    for (const [key, value] of Object.entries(meta as Record<string, unknown>))
      out.push([`meta.${key}`, text(value) ?? ""]);
  }
  return out;
}

/** A `{min, p50, p90, max, mean}` entry of `stats`, or null when absent or malformed. */
export function distributionOf(
  stats: Record<string, unknown>,
  key: string,
): Distribution | null {
  const value = stats[key];
  if (!value || typeof value !== "object") return null;
  const d = value as Record<string, unknown>;
  const fields = ["min", "p50", "p90", "max", "mean"] as const;
  if (!fields.every((f) => typeof d[f] === "number")) return null;
  return Object.fromEntries(fields.map((f) => [f, d[f]])) as Distribution;
}

/** A `{name: count}` entry of `stats` (sources, strata), largest first. */
export function countsOf(
  stats: Record<string, unknown>,
  key: string,
): [string, number][] {
  const value = stats[key];
  if (!value || typeof value !== "object") return [];
  return Object.entries(value as Record<string, unknown>)
    .filter((entry): entry is [string, number] => typeof entry[1] === "number")
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
