import { formatNumber } from "../../lib/format";
import type { Comparison } from "./api";

const ALPHA = 0.05;

function signed(value: number): string {
  const text = formatNumber(Math.abs(value), 3);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

function pValue(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${formatNumber(p, 3)}`;
}

export type Explanation = {
  headline: string;
  counts: string;
  bootstrap: string;
  mcnemar: string;
};

/** A comparison's figures in plain sentences: who is better, and how sure the tests are. */
export function explainComparison(c: Comparison): Explanation {
  const boot = c.paired_bootstrap;
  const headline =
    c.better === "neither"
      ? `No significant difference: on these ${c.paired_items} items the evaluation cannot tell A and B apart (${pValue(boot.p_value)}).`
      : `${c.better.toUpperCase()} is better: its mean ${c.judge} score is higher than ${
          c.better === "b" ? "A" : "B"
        }'s and the difference is significant (${pValue(boot.p_value)}).`;
  const skipped =
    c.skipped_unparseable > 0
      ? ` ${c.skipped_unparseable} item${c.skipped_unparseable === 1 ? " was" : "s were"} unparseable in one of them and left out.`
      : "";
  const counts = `Item by item, B scored higher on ${c.wins}, lower on ${c.losses} and the same on ${c.ties} of ${c.paired_items} paired items.${skipped}`;
  const excludesZero = boot.ci_low > 0 || boot.ci_high < 0;
  const bootstrap =
    `Paired bootstrap: B's mean minus A's is ${signed(boot.mean_difference)}, ` +
    `95% CI ${signed(boot.ci_low)} to ${signed(boot.ci_high)}, ${pValue(boot.p_value)}. ` +
    (excludesZero
      ? "The interval excludes 0, so the difference is unlikely to be chance."
      : "The interval includes 0, so the difference could be chance.");
  const method =
    c.mcnemar.method === "exact"
      ? "exact binomial test, fewer than 25 items where only one passes"
      : "chi-square with continuity correction";
  const mcnemar =
    `McNemar's test on pass/fail (${method}): statistic ${formatNumber(c.mcnemar.statistic, 3)}, ${pValue(c.mcnemar.p_value)}. ` +
    (c.mcnemar.p_value < ALPHA
      ? "The items only one model passes lean clearly to one side."
      : "The items only one model passes do not lean clearly to either side.");
  return { headline, counts, bootstrap, mcnemar };
}
