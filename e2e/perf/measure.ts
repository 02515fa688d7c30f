import type { Browser, Page } from "@playwright/test";

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ]!;
}

export const round = (value: number, digits = 1) =>
  Number(value.toFixed(digits));

export type PageLoad = {
  first_contentful_paint_ms: number;
  dom_content_loaded_ms: number;
  /** Navigation start to the page's own content (its `ready` locator) on screen. */
  ready_ms: number;
  js_kb_transferred: number;
};

/** One cold visit (fresh context, empty cache) of `url`, until `ready` is visible. */
export async function coldLoad(
  browser: Browser,
  url: string,
  ready: (page: Page) => Promise<void>,
): Promise<PageLoad> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(url);
  await ready(page);
  const readyAt = await page.evaluate(() => performance.now());
  const timings = await page.evaluate(() => {
    const nav = performance.getEntriesByType(
      "navigation",
    )[0] as PerformanceNavigationTiming;
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    const js = performance
      .getEntriesByType("resource")
      .filter((e) => e.name.endsWith(".js"))
      .reduce(
        (sum, e) => sum + (e as PerformanceResourceTiming).encodedBodySize,
        0,
      );
    return {
      fcp: paint ? paint.startTime : Number.NaN,
      dcl: nav.domContentLoadedEventEnd,
      js,
    };
  });
  await context.close();
  return {
    first_contentful_paint_ms: round(timings.fcp),
    dom_content_loaded_ms: round(timings.dcl),
    ready_ms: round(readyAt),
    js_kb_transferred: round(timings.js / 1024),
  };
}

/**
 * Frame intervals while `work` runs: requestAnimationFrame timestamps collected in the page.
 * Long frames are what a user sees as jank.
 */
export async function framesDuring(page: Page, work: () => Promise<void>) {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    const tick = (t: number) => {
      w.__frames.push(t);
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await work();
  const stamps = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames;
  });
  const intervals = stamps.slice(1).map((t, i) => t - stamps[i]!);
  return {
    frames: intervals.length,
    p50_frame_ms: round(percentile(intervals, 50)),
    p95_frame_ms: round(percentile(intervals, 95)),
    max_frame_ms: round(Math.max(...intervals)),
    long_frames_over_50ms: intervals.filter((d) => d > 50).length,
  };
}
