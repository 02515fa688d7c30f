/** Progress of a run and the time it still needs, from its `progress` and its clock. */

export type RunProgress = { step: number; total: number; epoch: number | null };

/** The worker's `progress` object ({step, total, epoch}), or null when it has none yet. */
export function progressOf(
  progress: Record<string, unknown> | null | undefined,
): RunProgress | null {
  if (!progress) return null;
  const { step, total, epoch } = progress;
  if (typeof step !== "number" || typeof total !== "number") return null;
  return { step, total, epoch: typeof epoch === "number" ? epoch : null };
}

export type Eta = {
  /** Share of the steps done, 0–1; null when the total is unknown. */
  fraction: number | null;
  /** Seconds still to go; null until there is a rate to go by. */
  remainingS: number | null;
  secondsPerStep: number | null;
};

type EtaInput = {
  step: number;
  total: number;
  /** Seconds since the run started. */
  elapsedS: number;
  /**
   * The recent time per step (e.g. the median of the last `step_time` metrics). Preferred:
   * the elapsed time also holds process start and compilation, which do not come back.
   */
  recentStepS?: number | null;
};

/** The fraction done and the time left: steps to go times the time per step. */
export function estimateEta({
  step,
  total,
  elapsedS,
  recentStepS,
}: EtaInput): Eta {
  const fraction = total > 0 ? Math.min(1, Math.max(0, step / total)) : null;
  let secondsPerStep: number | null = null;
  if (recentStepS !== undefined && recentStepS !== null && recentStepS > 0)
    secondsPerStep = recentStepS;
  else if (step > 0 && elapsedS > 0) secondsPerStep = elapsedS / step;
  const remainingS =
    secondsPerStep === null || total <= 0
      ? null
      : Math.max(0, total - step) * secondsPerStep;
  return { fraction, remainingS, secondsPerStep };
}

/** The median of the last `window` values, or null for none. */
export function recentMedian(
  values: readonly number[],
  window = 20,
): number | null {
  const recent = values.slice(-window).sort((a, b) => a - b);
  if (recent.length === 0) return null;
  const mid = Math.floor(recent.length / 2);
  return recent.length % 2
    ? recent[mid]!
    : (recent[mid - 1]! + recent[mid]!) / 2;
}

/** Seconds between two ISO times (or between `from` and `now`); null if `from` is missing. */
export function secondsBetween(
  from: string | null | undefined,
  to: string | null | undefined,
  now: number = Date.now(),
): number | null {
  if (!from) return null;
  const start = new Date(from).getTime();
  const end = to ? new Date(to).getTime() : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  return Math.max(0, (end - start) / 1000);
}
