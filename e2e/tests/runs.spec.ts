import type { APIRequestContext, Page } from "@playwright/test";

import { expect, test } from "./fixtures";

// Flow 5: start a tiny run from the form, watch its logs and loss chart, then cancel a second run.

/** A dataset of one-digit additions only this spec uses (its traces share a unique seed). */
async function makeDataset(request: APIRequestContext): Promise<string> {
  const seed = Date.now() % 1_000_000_000;
  const generated = await request.post("/api/generators/arithmetic/generate", {
    data: { count: 48, seed, params: { digits: 1, operations: ["add"] } },
  });
  expect(generated.status()).toBe(201);
  const built = await request.post("/api/datasets/build", {
    data: {
      dataset_name: `e2e-runs-${seed}`,
      dataset_version: "v1",
      filters: { seed },
      limit: 48,
      eval_fraction: 0.125,
      seed: 1,
    },
  });
  expect(built.status()).toBe(201);
  const body = (await built.json()) as { dataset_key: string };
  return body.dataset_key;
}

/** Fill the new-run form for a short tiny run and start it; returns the run's page URL. */
async function startRun(page: Page, datasetKey: string, maxSteps: number) {
  await page.goto(`/runs/new?dataset_key=${encodeURIComponent(datasetKey)}`);
  await expect(page.getByRole("heading", { name: "New run" })).toBeVisible();
  await expect(page.getByLabel("Dataset", { exact: true })).toHaveValue(
    datasetKey,
  );
  await expect(page.getByLabel("Preset model", { exact: true })).toHaveValue(
    "tiny",
  );
  await page.getByLabel("Batch size", { exact: true }).fill("8");
  await page.getByLabel("Max steps", { exact: true }).fill(String(maxSteps));
  await page.getByLabel("Evaluate every N steps", { exact: true }).fill("10");
  await page.getByLabel("Checkpoint every N steps", { exact: true }).fill("10");
  await page.getByLabel("Device", { exact: true }).selectOption("cpu");
}

test("a tiny run streams its logs and loss, and a second run can be cancelled", async ({
  page,
  request,
  shot,
}) => {
  const datasetKey = await makeDataset(request);

  await startRun(page, datasetKey, 20);
  await shot("runs-new");
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  const firstUrl = page.url();

  const status = page.getByTestId("run-status").locator("[data-status]");
  const logs = page.getByRole("log", { name: "Run logs" });
  const loss = page.getByTestId("chart-loss");

  // Live: log lines and loss points arrive while the run trains.
  await expect(logs.locator(".log-line").first()).toBeVisible({
    timeout: 120_000,
  });
  await expect
    .poll(async () => Number(await loss.getAttribute("data-points")), {
      timeout: 180_000,
    })
    .toBeGreaterThan(0);
  const early = Number(await loss.getAttribute("data-points"));

  await expect(status).toHaveAttribute("data-status", "succeeded", {
    timeout: 240_000,
  });
  // 20 train losses plus the eval losses at steps 0, 10 and 20.
  await expect
    .poll(async () => Number(await loss.getAttribute("data-points")))
    .toBeGreaterThanOrEqual(Math.max(early, 20));
  await expect(page.getByTestId("chart-learning-rate")).not.toHaveAttribute(
    "data-points",
    "0",
  );
  await expect(page.getByTestId("run-step")).toHaveText(/^20 of 20/);
  await expect(page.getByText("Resolved config")).toBeVisible();
  await expect(
    page.getByRole("link", { name: "export/model.safetensors" }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
  await shot("run-detail");

  // A second, long run: cancelled from its page through the in-page dialog.
  await startRun(page, datasetKey, 5000);
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  expect(page.url()).not.toBe(firstUrl);
  const secondId = page.url().split("/").pop()!;
  await expect(status).toHaveAttribute("data-status", /queued|running/);
  await page.getByRole("button", { name: "Cancel run" }).click();
  const dialog = page.getByRole("dialog", { name: /^Cancel run/ });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel run" }).click();
  await expect(dialog).toBeHidden();
  await expect(status).toHaveAttribute("data-status", "cancelled", {
    timeout: 60_000,
  });

  // The list, filtered by status in the URL.
  await page.goto("/runs");
  await expect(
    page.getByRole("link", { name: secondId.slice(0, 8) }),
  ).toBeVisible();
  await page.getByLabel("Status", { exact: true }).selectOption("cancelled");
  await expect(page).toHaveURL(/status=cancelled/);
  await expect(
    page.getByRole("link", { name: secondId.slice(0, 8) }),
  ).toBeVisible();
  await expect(
    page.getByRole("link", { name: firstUrl.split("/").pop()!.slice(0, 8) }),
  ).toHaveCount(0);
  await page.getByLabel("Status", { exact: true }).selectOption("");
  await expect(page.getByRole("link", { name: "New run" })).toBeVisible();
  await shot("runs-list");
});
