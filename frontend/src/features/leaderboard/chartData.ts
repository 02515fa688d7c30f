/** Shaping leaderboard rows for the chart: each model's mean with its 95% CI as error bars. */
import type { Schemas } from "../../api/types";

export type LeaderboardRow = Schemas["LeaderboardRow"];

export type ErrorBarPoint = {
  /** Axis label: the rank and the (shortened) model name, e.g. "#1 arith@3". */
  label: string;
  model: string;
  rank: number;
  mean: number;
  /**
   * Distances from the mean down to `ci_low` and up to `ci_high`, as recharts' ErrorBar takes
   * asymmetric errors; [0, 0] when the row has no interval.
   */
  error: [number, number];
  ciLow: number | null;
  ciHigh: number | null;
  n: number;
  evaluationId: string;
};

/** A model name short enough for an axis: a run's uuid is cut to the 8 characters shown elsewhere. */
export function axisName(model: string): string {
  const run = /^run:(.{8}).{9,}$/.exec(model);
  return run
    ? `run:${run[1]}`
    : model.length > 28
      ? `${model.slice(0, 27)}…`
      : model;
}

/** Rounding can put an interval's end a hair past the mean; a bar never points backwards. */
function distance(value: number): number {
  return Math.max(0, value);
}

/** One chart point per row, in the rows' (rank) order. */
export function errorBarData(rows: readonly LeaderboardRow[]): ErrorBarPoint[] {
  return rows.map((row) => {
    const hasInterval = row.ci_low !== null && row.ci_high !== null;
    return {
      label: `#${row.rank} ${axisName(row.model_name)}`,
      model: row.model_name,
      rank: row.rank,
      mean: row.mean,
      error: hasInterval
        ? [
            distance(row.mean - (row.ci_low ?? row.mean)),
            distance((row.ci_high ?? row.mean) - row.mean),
          ]
        : [0, 0],
      ciLow: row.ci_low,
      ciHigh: row.ci_high,
      n: row.n,
      evaluationId: row.evaluation_id,
    };
  });
}

/** Whether two rows' intervals share a point: if so, this evaluation cannot tell them apart. */
export function intervalsOverlap(a: ErrorBarPoint, b: ErrorBarPoint): boolean {
  const lowA = a.ciLow ?? a.mean;
  const highA = a.ciHigh ?? a.mean;
  const lowB = b.ciLow ?? b.mean;
  const highB = b.ciHigh ?? b.mean;
  return lowA <= highB && lowB <= highA;
}
