import fs from "node:fs";

import { expect, test } from "./fixtures";

// Flow 4: building a dataset and downloading its export.
test("building a dataset from a live count and downloading its export", async ({
  page,
  request,
  shot,
}) => {
  // Traces of our own: a seed no other spec uses, so `meta.seed` selects exactly them.
  const seed = Date.now() % 1_000_000_000;
  const generated = await request.post("/api/generators/arithmetic/generate", {
    data: { count: 12, seed, params: { digits: 4 } },
  });
  expect(generated.status()).toBe(201);
  const created = ((await generated.json()) as { created_count: number })
    .created_count;
  expect(created).toBeGreaterThanOrEqual(10);

  await page.goto("/datasets");
  await page.getByRole("button", { name: "New dataset" }).click();
  const form = page.getByRole("region", { name: "Build a dataset" });
  const count = form.getByRole("status", { name: "Matching traces" });
  await expect(count).toContainText("traces match");

  const name = `e2e-${seed}`;
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Meta filters").fill(`seed=${seed}`);
  await expect(count.getByTestId("matching-count")).toHaveText(String(created));

  // The split follows the form: 8 of them, a quarter for eval.
  await form.getByLabel("Seed").fill("3");
  await form.getByLabel("Strategy").selectOption("random");
  await form.getByLabel("Limit").fill("8");
  await form.getByLabel("Eval fraction").fill("0.25");
  await expect(count).toContainText(
    `${created} traces match. A build takes 8: 6 train / 2 eval`,
  );
  await expect(count).toHaveAttribute("aria-busy", "false");
  await shot("datasets-build");

  await form.getByRole("button", { name: "Build dataset" }).click();
  await expect(page).toHaveURL(new RegExp(`/datasets/${name}-v1$`));
  await expect(
    page.getByRole("heading", { level: 1, name: `${name}-v1` }),
  ).toBeVisible();
  await expect(page.getByTestId("item-count")).toHaveText("8");
  await expect(page.getByTestId("split")).toHaveText("6 train / 2 eval");
  await expect(
    page.getByRole("region", { name: "How it was built" }),
  ).toContainText(`meta.seed = ${seed}`);

  // Histograms of step counts and lengths, train and eval stacked.
  for (const chart of [
    "Steps per item",
    "Prompt length",
    "Final-answer length",
  ]) {
    const figure = page.getByRole("figure", { name: new RegExp(chart) });
    await expect(
      figure.locator(".recharts-bar-rectangle").first(),
    ).toBeVisible();
  }

  // Samples of each format.
  const samples = page.getByTestId("sample-record");
  await expect(samples).toHaveCount(3);
  await expect(samples.first()).toContainText('"steps"');
  await page.getByRole("tab", { name: "training_example" }).click();
  await expect(samples.first()).toContainText('"expected_answer"');
  await expect(samples).toHaveCount(3);
  await page.getByRole("tab", { name: "tunix_sft" }).click();
  await expect(samples.first()).toContainText('"completion"');
  await shot("dataset-detail");

  // The download is the export itself: one JSON object per train item.
  const downloading = page.waitForEvent("download");
  await page
    .getByRole("link", { name: "Download training_example train" })
    .click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(
    `${name}-v1.training_example.train.jsonl`,
  );
  const lines = fs
    .readFileSync(await download.path(), "utf8")
    .split("\n")
    .filter((line) => line !== "");
  expect(lines).toHaveLength(6);
  for (const line of lines) {
    const record = JSON.parse(line) as Record<string, unknown>;
    expect(record.split).toBe("train");
    expect(record).toHaveProperty("prompt");
    expect(record).toHaveProperty("response");
    expect((record.meta as { seed: number }).seed).toBe(seed);
  }
});
