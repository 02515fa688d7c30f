import { ApiError } from "../../api/client";
import {
  formatNumber,
  formatPercent as formatFraction,
} from "../../lib/format";
import type { RegressionCheck } from "./api";

/**
 * The regression check behind a refused alias move: the API answers 409 with the check in
 * the body (`{detail, check}`). Any other error is not a gate refusal and gives null.
 */
export function gateRefusal(error: unknown): RegressionCheck | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const body = error.body;
  if (body === null || typeof body !== "object" || !("check" in body))
    return null;
  const check = body.check;
  if (check === null || typeof check !== "object" || !("verdict" in check))
    return null;
  return check as RegressionCheck;
}

function signed(value: number, digits = 4): string {
  const text = formatNumber(value, digits);
  return value > 0 ? `+${text}` : text;
}

/** What a check compared and found, as label/value pairs for a facts list. */
export function checkFacts(check: RegressionCheck): [string, string][] {
  const metric =
    check.metric === "pass_rate"
      ? `pass rate of ${check.judge}`
      : `mean ${check.judge} score`;
  const better = check.direction === "higher" ? "higher" : "lower";
  const tolerance =
    check.tolerance_kind === "relative"
      ? `${formatFraction(check.tolerance)} of the baseline`
      : "absolute";
  return [
    ["Baseline", check.baseline_name],
    ["Metric", `${metric} (${better} is better)`],
    ["Baseline value", formatNumber(check.baseline_value)],
    ["New value", formatNumber(check.current_value)],
    ["Delta", signed(check.delta)],
    [
      "Delta %",
      check.delta_percent === null
        ? "— (baseline is 0)"
        : `${signed(check.delta_percent, 2)}%`,
    ],
    ["Allowed drop", `${formatNumber(check.allowed_drop)} (${tolerance})`],
    [
      "Significant",
      check.significant
        ? "yes: the 95% intervals do not overlap"
        : "no: the 95% intervals overlap or are unknown",
    ],
    ["Dataset", `${check.dataset_key} (${check.split})`],
  ];
}

/** A history entry's gate beside its verdict badge: "prod-bar (Δ -0.6875)". */
export function checkSummary(check: Record<string, unknown> | null): string {
  if (!check) return "no gate";
  const baseline =
    typeof check.baseline_name === "string" ? check.baseline_name : "?";
  const delta =
    typeof check.delta === "number" ? ` (Δ ${signed(check.delta)})` : "";
  return `${baseline}${delta}`;
}
