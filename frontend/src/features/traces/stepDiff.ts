/**
 * Step-level diff of two traces: the longest common subsequence of (type, content) pairs
 * gives the matching steps; between two matches, the leftover steps of each side are paired
 * in order as "changed" and any surplus is "removed" (only in A) or "added" (only in B).
 */

export type Step = { i: number; type: string; content: string };

export type WordPart = { text: string; kind: "same" | "removed" | "added" };

export type DiffRow =
  | { kind: "same"; a: Step; b: Step; aNumber: number; bNumber: number }
  | {
      kind: "changed";
      a: Step;
      b: Step;
      aNumber: number;
      bNumber: number;
      /** Word-level highlight of each side; null when the steps are too long to diff cheaply. */
      words: { a: WordPart[]; b: WordPart[] } | null;
    }
  | { kind: "removed"; a: Step; aNumber: number }
  | { kind: "added"; b: Step; bNumber: number };

export type DiffSummary = Record<DiffRow["kind"], number>;

// Word diffs cost n*m; past this many cells a changed step is shown without highlights.
const MAX_WORD_CELLS = 250_000;

/** Steps in timeline order (by their index `i`). */
export function orderedSteps(steps: readonly Step[]): Step[] {
  return [...steps].sort((x, y) => x.i - y.i);
}

function stepKey(step: Step): string {
  return `${step.type}\u0000${step.content.trim().replace(/\s+/g, " ")}`;
}

/** Pairs [indexInA, indexInB] of one longest common subsequence of `a` and `b`. */
export function lcsPairs<T>(
  a: readonly T[],
  b: readonly T[],
): [number, number][] {
  const n = a.length;
  const m = b.length;
  // lengths[i * (m + 1) + j]: LCS length of a[i:] and b[j:].
  const lengths = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * (m + 1) + j + 1]! + 1
          : Math.max(
              lengths[(i + 1) * (m + 1) + j]!,
              lengths[i * (m + 1) + j + 1]!,
            );
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (
      lengths[(i + 1) * (m + 1) + j]! >= lengths[i * (m + 1) + j + 1]!
    ) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}

/** Word-level highlight of two texts: what only A has, what only B has, what both keep. */
export function wordDiff(
  a: string,
  b: string,
): { a: WordPart[]; b: WordPart[] } | null {
  const aTokens = a.split(/(\s+)/).filter((token) => token !== "");
  const bTokens = b.split(/(\s+)/).filter((token) => token !== "");
  if (aTokens.length * bTokens.length > MAX_WORD_CELLS) return null;
  const pairs = lcsPairs(aTokens, bTokens);
  const side = (
    tokens: string[],
    kept: Set<number>,
    other: WordPart["kind"],
  ) => {
    const parts: WordPart[] = [];
    tokens.forEach((text, index) => {
      const kind = kept.has(index) ? "same" : other;
      const last = parts[parts.length - 1];
      if (last && last.kind === kind) last.text += text;
      else parts.push({ text, kind });
    });
    return parts;
  };
  return {
    a: side(aTokens, new Set(pairs.map(([i]) => i)), "removed"),
    b: side(bTokens, new Set(pairs.map(([, j]) => j)), "added"),
  };
}

/** The rows of a side-by-side step diff; numbers are 1-based timeline positions. */
export function diffSteps(
  stepsA: readonly Step[],
  stepsB: readonly Step[],
): DiffRow[] {
  const a = orderedSteps(stepsA);
  const b = orderedSteps(stepsB);
  const pairs = lcsPairs(a.map(stepKey), b.map(stepKey));
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  const gap = (untilA: number, untilB: number) => {
    while (i < untilA && j < untilB) {
      const [x, y] = [a[i]!, b[j]!];
      rows.push({
        kind: "changed",
        a: x,
        b: y,
        aNumber: i + 1,
        bNumber: j + 1,
        words: wordDiff(x.content, y.content),
      });
      i++;
      j++;
    }
    for (; i < untilA; i++)
      rows.push({ kind: "removed", a: a[i]!, aNumber: i + 1 });
    for (; j < untilB; j++)
      rows.push({ kind: "added", b: b[j]!, bNumber: j + 1 });
  };
  for (const [matchA, matchB] of pairs) {
    gap(matchA, matchB);
    rows.push({
      kind: "same",
      a: a[matchA]!,
      b: b[matchB]!,
      aNumber: matchA + 1,
      bNumber: matchB + 1,
    });
    i = matchA + 1;
    j = matchB + 1;
  }
  gap(a.length, b.length);
  return rows;
}

export function summarizeDiff(rows: readonly DiffRow[]): DiffSummary {
  const summary: DiffSummary = { same: 0, changed: 0, added: 0, removed: 0 };
  for (const row of rows) summary[row.kind] += 1;
  return summary;
}
