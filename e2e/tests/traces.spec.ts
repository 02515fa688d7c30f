import type { APIRequestContext } from "@playwright/test";

import { expect, test } from "./fixtures";

async function traceCount(
  request: APIRequestContext,
  query = "",
): Promise<number> {
  const response = await request.get(`/api/traces/count${query}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { count: number }).count;
}

function traceLine(source: string, n: number): string {
  return JSON.stringify({
    trace_version: "1",
    prompt: `What is ${n} + ${n}?`,
    final_answer: String(2 * n),
    steps: [
      { i: 0, type: "read", content: `Read ${n} and ${n}.` },
      { i: 1, type: "add", content: `${n} + ${n} = ${2 * n}` },
    ],
    meta: { source },
  });
}

test("Uploading a JSONL file with one bad line shows that line's error and writes nothing", async ({
  page,
  request,
}) => {
  const source = `e2e-upload-${Date.now()}`;
  const before = await traceCount(request);
  const file = [
    traceLine(source, 1),
    '{"trace_version": "1", "prompt": "no steps", "final_answer": "x", "steps": []}',
    traceLine(source, 3),
  ].join("\n");

  await page.goto("/traces/new");
  await page.getByLabel("JSONL file").setInputFiles({
    name: "traces.jsonl",
    mimeType: "application/x-ndjson",
    buffer: Buffer.from(file),
  });
  await page.getByRole("button", { name: "Upload" }).click();

  const alert = page
    .getByRole("alert")
    .filter({ hasText: "Nothing was imported" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("1 of 3 line(s) are invalid");
  const badLine = alert.getByRole("row").nth(1);
  await expect(badLine.getByRole("cell").nth(0)).toHaveText("2");
  await expect(badLine.getByRole("cell").nth(1)).toHaveText("steps");
  await expect(badLine.getByRole("cell").nth(2)).toContainText(
    "at least 1 item",
  );

  expect(await traceCount(request)).toBe(before);
  expect(await traceCount(request, `?source=${source}`)).toBe(0);
});

test("Comparing two traces", async ({ page, shot }) => {
  const seed = String(Date.now() % 1_000_000_000);

  // Two traces from the arithmetic generator's form.
  await page.goto("/traces/new");
  const form = page.getByRole("form", { name: "Generate arithmetic traces" });
  await form.getByLabel("Count").fill("2");
  await form.getByLabel("Seed").fill(seed);
  await form.getByRole("button", { name: "Generate" }).click();
  const generated = page.getByRole("status").filter({ hasText: "Generated" });
  await expect(generated).toContainText(`Generated 2 traces`);
  await expect(generated).toContainText(`with seed ${seed}`);
  await shot("traces-add");

  // The link opens the list filtered to them; tick both.
  await generated.getByRole("link", { name: "See these traces" }).click();
  await expect(page).toHaveURL(/meta=seed%3D/);
  await expect(page.getByText("2 traces match these filters")).toBeVisible();
  const table = page.getByRole("table", { name: "Traces" });
  const boxes = table.getByRole("checkbox");
  await expect(boxes).toHaveCount(2);
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await shot("traces-list");

  await page.getByRole("link", { name: "Compare", exact: true }).click();
  await expect(
    page.getByRole("heading", { name: "Compare traces" }),
  ).toBeVisible();
  await expect(page.getByTestId("diff-summary")).toContainText("Steps:");
  await expect(page.getByTestId("score-A")).toHaveText(/^\d+(\.\d+)?$/);
  await expect(page.getByTestId("score-B")).toHaveText(/^\d+(\.\d+)?$/);
  const diffRows = page
    .getByRole("table", { name: "Step diff" })
    .locator("[data-kind]");
  expect(await diffRows.count()).toBeGreaterThan(0);
  await expect(
    page
      .getByRole("table", { name: "Step diff" })
      .locator(
        '[data-kind="changed"], [data-kind="added"], [data-kind="removed"]',
      ),
  ).not.toHaveCount(0);
  await shot("traces-compare");

  // One of them, with its numbered steps and a fresh baseline score.
  await page
    .getByRole("region", { name: "Summary" })
    .getByRole("link")
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Trace ");
  const steps = page.getByRole("region", { name: /^Steps \(\d+\)$/ });
  await expect(steps.getByRole("listitem").first()).toContainText("Step 1:");
  await page.getByRole("button", { name: "Compute baseline score" }).click();
  await expect(
    page
      .getByRole("region", { name: "Scores" })
      .getByText("/ 100", { exact: false }),
  ).toBeVisible();
  await shot("trace-detail");
});
