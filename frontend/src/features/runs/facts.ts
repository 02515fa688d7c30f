/** Turning a run's nested config, result and file list into rows a page can show. */
import type { Artifact } from "./api";

export type Fact = { key: string; value: string };

function display(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value === "" ? '""' : value;
  // Six significant digits: a loss of 1.1262489557 reads 1.12625; integers stay whole.
  if (typeof value === "number")
    return Number.isInteger(value)
      ? String(value)
      : String(Number(value.toPrecision(6)));
  if (typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * Nested objects as dotted keys ({mesh: {fsdp: 1}} -> "mesh.fsdp": "1"); arrays and
 * scalars are shown as they are, so every key the API sent has one row.
 */
export function flattenFacts(value: unknown, prefix = ""): Fact[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return prefix ? [{ key: prefix, value: display(value) }] : [];
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 && prefix) return [{ key: prefix, value: "{}" }];
  return entries.flatMap(([key, inner]) =>
    flattenFacts(inner, prefix ? `${prefix}.${key}` : key),
  );
}

export type ArtifactGroup = {
  /** The top-level directory ("" for files directly in the run directory). */
  dir: string;
  files: Artifact[];
  size_bytes: number;
};

/** Files grouped by their top-level directory; loose files first, then directories by name. */
export function groupArtifacts(
  artifacts: readonly Artifact[],
): ArtifactGroup[] {
  const groups = new Map<string, ArtifactGroup>();
  for (const artifact of artifacts) {
    const slash = artifact.path.indexOf("/");
    const dir = slash === -1 ? "" : artifact.path.slice(0, slash);
    const group = groups.get(dir) ?? { dir, files: [], size_bytes: 0 };
    group.files.push(artifact);
    group.size_bytes += artifact.size_bytes;
    groups.set(dir, group);
  }
  return [...groups.values()].sort((a, b) =>
    a.dir === "" ? -1 : b.dir === "" ? 1 : a.dir.localeCompare(b.dir),
  );
}

/** A value of the run's `result` object by key, if it is an object. */
export function section(
  result: Record<string, unknown> | null | undefined,
  key: string,
): Record<string, unknown> | null {
  const value = result?.[key];
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
