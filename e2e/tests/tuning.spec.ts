import { expect, test } from "./fixtures";

// Flow 7, "A small tuning job": two tiny trials of a few steps each, random search, FIFO,
// scored by training's own eval loss (no judge: the quickest objective).
test("a small tuning job finds a best trial that becomes a run", async ({
  page,
  request,
  shot,
}) => {
  const unique = Date.now().toString(36);
  const generated = await request.post("/api/generators/arithmetic/generate", {
    data: { count: 40, seed: 7, params: { digits: 1, operations: ["add"] } },
  });
  expect(generated.status()).toBe(201);
  const built = await request.post("/api/datasets/build", {
    data: {
      dataset_name: `tune-${unique}`,
      dataset_version: "v1",
      filters: { generator: "arithmetic" },
      limit: 40,
      eval_fraction: 0.1,
      seed: 1,
    },
  });
  expect(built.status()).toBe(201);
  const { dataset_key: datasetKey } = (await built.json()) as {
    dataset_key: string;
  };

  await page.goto("/tuning/new");
  await page.getByLabel("Name", { exact: true }).fill(`lr search ${unique}`);
  await page.getByLabel("Dataset").selectOption(datasetKey);
  await page.getByLabel("Metric").selectOption("eval_loss");
  const space = page.getByRole("group", { name: "Hyperparameter 1" });
  await space
    .getByLabel("Hyperparameter", { exact: true })
    .selectOption("learning_rate");
  await space.getByLabel("Distribution").selectOption("loguniform");
  await space.getByLabel("Min").fill("0.001");
  await space.getByLabel("Max").fill("0.01");
  await page.getByLabel("Steps per trial").fill("4");
  await page.getByLabel("Number of trials").fill("2");
  await page.getByLabel("Search algorithm").selectOption("random");
  await page.getByLabel("Scheduler").selectOption("fifo");
  await page
    .getByLabel("Fixed config")
    .fill('{"batch_size": 8, "max_seq_length": 96, "eval_every_n_steps": 2}');
  await shot("tuning-new");
  await page.getByRole("button", { name: "Create search" }).click();

  await expect(page).toHaveURL(/\/tuning\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Start search" }).click();
  const status = page.locator(".page-header [data-status]");
  await expect(status).not.toHaveAttribute("data-status", "created");

  // The table fills as the worker records trials (header row + one per trial).
  const trials = page.getByRole("table", { name: "Trials" });
  await expect(trials.getByRole("row")).toHaveCount(3, { timeout: 240_000 });
  await expect(status).toHaveAttribute("data-status", "succeeded", {
    timeout: 240_000,
  });
  await expect(trials.locator('[data-status="succeeded"]')).toHaveCount(2);
  const best = page.getByRole("region", { name: "Best trial" });
  await expect(best.getByText("eval_loss (min)")).toBeVisible();
  await shot("tuning-detail");

  await best.getByRole("button", { name: "Turn into a run" }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});
