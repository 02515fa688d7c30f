import { statusLine, type Overview } from "./api";

/** One number of the overview: what it counts, its page, and a breakdown line. */
export type Tile = { to: string; count: number; label: string; note?: string };

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** The counts as tiles, in the order of the workflow. */
export function tilesOf(counts: Overview["counts"]): Tile[] {
  const { runs, evaluations } = counts;
  return [
    {
      to: "/traces",
      count: counts.traces,
      label: plural(counts.traces, "trace"),
    },
    {
      to: "/datasets",
      count: counts.datasets,
      label: plural(counts.datasets, "dataset"),
    },
    {
      to: "/runs",
      count: runs.total,
      label: plural(runs.total, "training run"),
      note: statusLine(runs.by_status),
    },
    {
      to: "/evaluations",
      count: evaluations.total,
      label: plural(evaluations.total, "evaluation"),
      note: statusLine(evaluations.by_status),
    },
    {
      to: "/models",
      count: counts.models,
      label: plural(counts.models, "registered model"),
      note:
        counts.model_versions > 0
          ? `${counts.model_versions} ${plural(counts.model_versions, "version")}`
          : "",
    },
    {
      to: "/tuning",
      count: counts.tuning_jobs,
      label: plural(counts.tuning_jobs, "tuning job"),
    },
  ];
}
