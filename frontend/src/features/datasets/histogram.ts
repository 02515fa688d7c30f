/** Binning exact per-split value counts (GET /api/datasets/{key}/stats) for bar charts. */

export type ValueCount = { value: number; count: number };
export type SplitValueCounts = { train: ValueCount[]; eval: ValueCount[] };

/** One bar: the integers `start..end` (inclusive) and how many items of each split fall there. */
export type HistogramBin = {
  start: number;
  end: number;
  label: string;
  train: number;
  eval: number;
};

export const MAX_BINS = 20;

/** The smallest 1, 2 or 5 × 10^k that is at least `raw` (bin widths people can read). */
export function niceWidth(raw: number): number {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= raw) return step * power;
  }
  return 10 * power;
}

/**
 * Integer values into at most `maxBins` equal bins of a nice width, aligned to multiples
 * of it, covering both splits' range; one bin per value when the range is small. Empty
 * bins inside the range are kept so the x axis stays linear.
 */
export function histogram(
  counts: SplitValueCounts,
  maxBins: number = MAX_BINS,
): HistogramBin[] {
  const values = [...counts.train, ...counts.eval].map((c) => c.value);
  if (values.length === 0) return [];
  const min = values.reduce((a, b) => Math.min(a, b));
  const max = values.reduce((a, b) => Math.max(a, b));
  const width = niceWidth((max - min + 1) / Math.max(1, maxBins));
  const first = Math.floor(min / width) * width;
  const binCount = Math.floor((max - first) / width) + 1;
  const bins: HistogramBin[] = Array.from({ length: binCount }, (_, i) => {
    const start = first + i * width;
    const end = start + width - 1;
    return {
      start,
      end,
      label: width === 1 ? String(start) : `${start}–${end}`,
      train: 0,
      eval: 0,
    };
  });
  for (const split of ["train", "eval"] as const) {
    for (const { value, count } of counts[split]) {
      bins[Math.floor((value - first) / width)]![split] += count;
    }
  }
  return bins;
}
