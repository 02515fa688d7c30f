/** Shaping a search's trials for its charts: the metric over trials and params vs metric. */
import type { Schemas } from "../../api/types";

export type Trial = Schemas["Trial"];
export type Direction = "min" | "max";

export type MetricPoint = {
  /** 1-based position of the trial in the search (the API lists trials in creation order). */
  order: number;
  trial: string;
  /** The trial's final metric; null while it has none (running, stopped, failed). */
  value: number | null;
  /** The best final metric among this trial and those before it; null until there is one. */
  best: number | null;
};

/** Whether `a` beats `b` in `direction` (a tie keeps the earlier trial, as the API does). */
export function isBetter(a: number, b: number, direction: Direction): boolean {
  return direction === "min" ? a < b : a > b;
}

/** The metric of each trial in order, with the best-so-far line. */
export function metricSeries(
  trials: readonly Trial[],
  direction: Direction,
): MetricPoint[] {
  let best: number | null = null;
  return trials.map((trial, index) => {
    const value = trial.final_metric;
    if (value !== null && (best === null || isBetter(value, best, direction)))
      best = value;
    return { order: index + 1, trial: trial.trial_key, value, best };
  });
}

/** Params that are numbers in every trial that has them (those a scatter can place). */
export function numericParams(trials: readonly Trial[]): string[] {
  const seen = new Map<string, boolean>();
  for (const trial of trials) {
    for (const [name, value] of Object.entries(trial.params)) {
      const numeric = typeof value === "number" && Number.isFinite(value);
      seen.set(name, (seen.get(name) ?? true) && numeric);
    }
  }
  return [...seen].filter(([, numeric]) => numeric).map(([name]) => name);
}

export type ScatterPoint = {
  /** The param's value. */
  x: number;
  /** The trial's final metric. */
  y: number;
  trial: string;
};

/** One point per trial with both a numeric `param` and a final metric. */
export function scatterPoints(
  trials: readonly Trial[],
  param: string,
): ScatterPoint[] {
  const points: ScatterPoint[] = [];
  for (const trial of trials) {
    const x = trial.params[param];
    if (typeof x !== "number" || !Number.isFinite(x)) continue;
    if (trial.final_metric === null) continue;
    points.push({ x, y: trial.final_metric, trial: trial.trial_key });
  }
  return points;
}

/** A log axis for params searched on a log scale (all values must be positive). */
export function paramScale(
  searchSpace: Record<string, Record<string, unknown>>,
  param: string,
): "log" | "linear" {
  return searchSpace[param]?.type === "loguniform" ? "log" : "linear";
}

/** The searched range of `param` ([min, max] of its entry), or null for a choice. */
export function paramRange(
  searchSpace: Record<string, Record<string, unknown>>,
  param: string,
): [number, number] | null {
  const entry = searchSpace[param];
  const min = entry?.min;
  const max = entry?.max;
  return typeof min === "number" && typeof max === "number" && min < max
    ? [min, max]
    : null;
}

/** `count` ticks spread evenly on a log axis from `min` to `max` (both > 0). */
export function logTicks(min: number, max: number, count = 4): number[] {
  const [low, high] = [Math.log10(min), Math.log10(max)];
  return Array.from({ length: count }, (_, i) =>
    Number((10 ** (low + ((high - low) * i) / (count - 1))).toPrecision(2)),
  );
}
