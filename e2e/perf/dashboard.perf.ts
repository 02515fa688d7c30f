import {
  expect,
  test,
  type APIRequestContext,
  type Page,
} from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import {
  coldLoad,
  framesDuring,
  median,
  round,
  type PageLoad,
} from "./measure";

// `make bench-dashboard`: page loads of the code-split dashboard next to the same app in
// one bundle (the peer), and the trace list at 100,000 traces next to rendering every row.
const SPLIT = "http://127.0.0.1:8790";
const SINGLE = "http://127.0.0.1:8791";
const TRACES = Number(process.env.BENCH_TRACES ?? 100_000);
const BATCH = Math.min(10_000, TRACES);
const RUNS = 3;
const SCROLL_STEPS = 60;
const SCROLL_PX = 1500;
const OUT = path.resolve(
  __dirname,
  "..",
  "..",
  "bench",
  "results",
  "dashboard.json",
);

const PAGES: { path: string; ready: (page: Page) => Promise<void> }[] = [
  { path: "/", ready: heading },
  {
    path: "/traces",
    ready: async (page) => {
      await heading(page);
      await expect(firstTraceRow(page)).toBeVisible({ timeout: 60_000 });
    },
  },
  { path: "/datasets", ready: heading },
  { path: "/runs", ready: heading },
  { path: "/leaderboard", ready: heading },
  { path: "/models", ready: heading },
];

async function heading(page: Page) {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible({
    timeout: 60_000,
  });
}

function firstTraceRow(page: Page) {
  return page.getByTestId("trace-scroll").getByRole("row").first();
}

async function seed(request: APIRequestContext) {
  const started = Date.now();
  for (let start = 0; start < TRACES; start += BATCH) {
    const traces = Array.from({ length: BATCH }, (_, k) => {
      const i = start + k;
      return {
        trace_version: "1",
        prompt: `What is ${i} + ${i % 97}? Show the carries.`,
        final_answer: String(i + (i % 97)),
        steps: [
          {
            i: 0,
            type: "compute",
            content: `${i} + ${i % 97} = ${i + (i % 97)}`,
          },
          { i: 1, type: "check", content: "the units and tens agree" },
        ],
        meta: { bench: "dashboard", n: i },
      };
    });
    const r = await request.post(`${SPLIT}/api/traces/batch`, {
      data: traces,
      timeout: 300_000,
    });
    expect(r.status(), await r.text()).toBe(201);
  }
  return round((Date.now() - started) / 1000);
}

async function pageLoads(
  browser: Parameters<typeof coldLoad>[0],
  base: string,
) {
  const out: Record<string, PageLoad> = {};
  for (const { path: route, ready } of PAGES) {
    const runs: PageLoad[] = [];
    for (let i = 0; i < RUNS; i += 1)
      runs.push(await coldLoad(browser, base + route, ready));
    out[route] = {
      first_contentful_paint_ms: median(
        runs.map((r) => r.first_contentful_paint_ms),
      ),
      dom_content_loaded_ms: median(runs.map((r) => r.dom_content_loaded_ms)),
      ready_ms: median(runs.map((r) => r.ready_ms)),
      js_kb_transferred: median(runs.map((r) => r.js_kb_transferred)),
    };
  }
  return out;
}

/** Page through the whole list by cursor, timing pages at a few depths, then by offset. */
async function apiDepths(request: APIRequestContext) {
  const depths = [0, 10_000, 50_000, 99_900];
  const byCursor: Record<string, number> = {};
  const byOffset: Record<string, number> = {};
  let cursor: string | null = null;
  let position = 0;
  const walkStarted = Date.now();
  while (position <= depths[depths.length - 1]!) {
    const url: string =
      `${SPLIT}/api/traces?limit=100` +
      (cursor ? `&cursor=${encodeURIComponent(cursor)}` : "");
    const t0 = performance.now();
    const r = await request.get(url);
    const ms = performance.now() - t0;
    const body = (await r.json()) as {
      pagination: { next_cursor: string | null };
    };
    if (depths.includes(position)) byCursor[String(position)] = round(ms);
    cursor = body.pagination.next_cursor;
    position += 100;
    if (cursor === null) break;
  }
  const walk_s = round((Date.now() - walkStarted) / 1000);
  for (const depth of depths) {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const t0 = performance.now();
      await request.get(`${SPLIT}/api/traces?limit=100&offset=${depth}`);
      samples.push(performance.now() - t0);
    }
    byOffset[String(depth)] = round(median(samples));
  }
  return {
    page_ms_by_cursor: byCursor,
    page_ms_by_offset: byOffset,
    cursor_walk_of_all_s: walk_s,
  };
}

/** The same scrolling for both lists: SCROLL_STEPS wheel turns, a frame apart. */
async function wheelDown(page: Page) {
  for (let i = 0; i < SCROLL_STEPS; i += 1) {
    await page.mouse.wheel(0, SCROLL_PX);
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => done(null))),
    );
  }
}

async function scrollVirtualList(page: Page) {
  await page.goto(`${SPLIT}/traces`);
  await expect(firstTraceRow(page)).toBeVisible({ timeout: 60_000 });
  const list = page.getByTestId("trace-scroll");
  await list.hover();
  const frames = await framesDuring(page, () => wheelDown(page));
  const state = await page.evaluate(() => {
    const scroller = document.querySelector<HTMLElement>(
      "[data-testid=trace-scroll]",
    )!;
    return {
      rows_in_dom: scroller.querySelectorAll("[role=row]").length,
      scroll_top_px: Math.round(scroller.scrollTop),
      heap_mb: (
        performance as unknown as { memory?: { usedJSHeapSize: number } }
      ).memory
        ? (performance as unknown as { memory: { usedJSHeapSize: number } })
            .memory.usedJSHeapSize /
          2 ** 20
        : null,
    };
  });
  return {
    ...frames,
    ...state,
    heap_mb: state.heap_mb === null ? null : round(state.heap_mb),
  };
}

/** The peer: every one of the 100,000 rows in the DOM at once, as a plain list would. */
async function scrollAllRows(page: Page) {
  await page.goto(`${SPLIT}/traces`);
  await expect(firstTraceRow(page)).toBeVisible({ timeout: 60_000 });
  // A list of its own beside React's (React's DOM is not ours to rewrite), styled alike.
  const build_ms = await page.evaluate((count) => {
    const t0 = performance.now();
    const app = document.querySelector<HTMLElement>(
      "[data-testid=trace-scroll]",
    )!;
    const scroller = document.createElement("div");
    scroller.className = app.className;
    scroller.dataset.testid = "every-row";
    scroller.style.cssText = `position:fixed;inset:0;overflow:auto;background:#fff;z-index:50`;
    for (let i = 0; i < count; i += 1) {
      const row = document.createElement("div");
      row.className = "trace-row";
      row.setAttribute("role", "row");
      row.innerHTML =
        `<span role="cell"><input type="checkbox"></span>` +
        `<span role="cell" class="trace-prompt">What is ${i} + ${i % 97}? Show the carries.</span>` +
        `<span role="cell">api</span><span role="cell" class="num">2</span>` +
        `<span role="cell">just now</span><span role="cell">${i.toString(16)}</span>`;
      scroller.appendChild(row);
    }
    document.body.appendChild(scroller);
    void scroller.offsetHeight; // force the layout the user would wait for
    return performance.now() - t0;
  }, TRACES);
  await page.getByTestId("every-row").hover({ timeout: 60_000 });
  const frames = await framesDuring(page, () => wheelDown(page));
  const heap = await page.evaluate(() => {
    const memory = (
      performance as unknown as { memory?: { usedJSHeapSize: number } }
    ).memory;
    return memory ? memory.usedJSHeapSize / 2 ** 20 : null;
  });
  return {
    build_and_layout_ms: round(build_ms),
    ...frames,
    rows_in_dom: TRACES,
    heap_mb: heap === null ? null : round(heap),
  };
}

test("dashboard: page loads, and the trace list at 100,000 traces", async ({
  browser,
  request,
  page,
}) => {
  const step = (what: string) =>
    console.log(`${new Date().toISOString()} ${what}`);
  const seed_s = await seed(request);
  step(`seeded ${TRACES} traces in ${seed_s} s`);
  const count = await (await request.get(`${SPLIT}/api/traces/count`)).json();
  const split = await pageLoads(browser, SPLIT);
  step("page loads, code-split");
  const single = await pageLoads(browser, SINGLE);
  step("page loads, one bundle");
  const api = await apiDepths(request);
  step("API pages by cursor and by offset");
  const virtual = await scrollVirtualList(page);
  step("virtualised list scrolled");
  const everyRow = await scrollAllRows(page);
  step("every row in the DOM scrolled");
  const bundle = JSON.parse(
    fs.readFileSync(
      path.join(path.dirname(OUT), "dashboard-bundle.json"),
      "utf8",
    ),
  ) as { initial_gzip_kb: number; all_chunks_gzip_kb: number };
  const report = {
    benchmark: "dashboard",
    created_at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memory_gb: round(os.totalmem() / 2 ** 30),
    },
    browser: `chromium ${browser.version()}`,
    traces: count,
    seed_s,
    bundle_gzip_kb: {
      initial: bundle.initial_gzip_kb,
      every_page_in_one_bundle: bundle.all_chunks_gzip_kb,
    },
    page_load_median_of_3: { code_split: split, peer_single_bundle: single },
    api_page_of_100: api,
    trace_list_scroll: {
      steps: SCROLL_STEPS,
      px_per_step: SCROLL_PX,
      virtualised_with_cursor_pages: virtual,
      peer_every_row_in_the_dom: everyRow,
    },
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
});
