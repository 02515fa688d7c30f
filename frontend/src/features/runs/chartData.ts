/** Shaping metric points for the run's charts: merge history with the live stream, rows per step. */
import type { MetricPoint } from "../../hooks/useJobStream";

export type SeriesPoint = { step: number; value: number };
export type MetricSeries = Record<string, SeriesPoint[]>;

/** One chart: which metrics it draws, and how their values read. */
export type ChartSpec = {
  id: string;
  title: string;
  metrics: readonly { name: string; label: string }[];
  unit?: string;
};

/** What the trainer emits (docs/training.md, "Events"): per update, and per evaluation. */
export const RUN_CHARTS: readonly ChartSpec[] = [
  {
    id: "loss",
    title: "Loss",
    metrics: [
      { name: "loss", label: "train loss" },
      { name: "eval_loss", label: "eval loss" },
    ],
  },
  {
    id: "learning-rate",
    title: "Learning rate",
    metrics: [{ name: "learning_rate", label: "learning rate" }],
  },
  {
    id: "throughput",
    title: "Throughput",
    metrics: [{ name: "tokens_per_s", label: "tokens/s" }],
    unit: "tokens/s",
  },
];

/**
 * History (GET .../metrics) and streamed points as one series per metric: sorted by step,
 * one point per step. A step in both keeps the streamed value (the newer of the two).
 */
export function mergeMetrics(
  history: Readonly<Record<string, readonly SeriesPoint[]>> | undefined,
  live: readonly MetricPoint[],
): MetricSeries {
  const byName = new Map<string, Map<number, number>>();
  const put = (name: string, step: number, value: number) => {
    let steps = byName.get(name);
    if (!steps) {
      steps = new Map<number, number>();
      byName.set(name, steps);
    }
    steps.set(step, value);
  };
  for (const [name, points] of Object.entries(history ?? {}))
    for (const point of points) put(name, point.step, point.value);
  for (const point of live) put(point.name, point.step, point.value);
  const out: MetricSeries = {};
  for (const [name, steps] of byName) {
    out[name] = [...steps]
      .map(([step, value]) => ({ step, value }))
      .sort((a, b) => a.step - b.step);
  }
  return out;
}

export type ChartRow = { step: number } & Record<string, number>;

/**
 * One row per step that any of `names` has, with a column per metric present at that step
 * (eval loss exists every N steps only; the line connects across the gaps).
 */
export function chartRows(
  series: MetricSeries,
  names: readonly string[],
): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  for (const name of names) {
    for (const { step, value } of series[name] ?? []) {
      const row: ChartRow = rows.get(step) ?? { step };
      row[name] = value;
      rows.set(step, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.step - b.step);
}

/**
 * At most `max` rows, evenly spread, always keeping the first and the last, so a long run
 * draws quickly. Rows that carry a sparse metric (`keep`) are never dropped.
 */
export function thinRows(
  rows: readonly ChartRow[],
  max: number,
  keep: readonly string[] = [],
): ChartRow[] {
  if (rows.length <= max) return [...rows];
  const every = Math.ceil(rows.length / max);
  return rows.filter(
    (row, i) =>
      i % every === 0 ||
      i === rows.length - 1 ||
      keep.some((name) => name in row),
  );
}

/** How many points a chart holds: values of its metrics over all steps. */
export function pointCount(
  series: MetricSeries,
  names: readonly string[],
): number {
  return names.reduce((sum, name) => sum + (series[name]?.length ?? 0), 0);
}

/** The newest value of a metric, with its step. */
export function latest(series: MetricSeries, name: string): SeriesPoint | null {
  const points = series[name];
  return points && points.length ? points[points.length - 1]! : null;
}

/** An axis tick: three significant digits, exponent form below 0.001 (learning rates). */
export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return "";
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(1);
  return value.toLocaleString("en-US", { maximumSignificantDigits: 3 });
}
