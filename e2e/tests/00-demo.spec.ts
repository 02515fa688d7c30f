import { expect, test } from "./fixtures";

// The first spec, on the fresh server's empty database: what a new user sees first.
const DEMO_DATASET = "demo-arithmetic-v1";

test("The one-click demo, from an empty database to a leaderboard row", async ({
  page,
  request,
  shot,
}) => {
  // Training and evaluating `tiny` takes a minute or two on 2 busy CPU cores.
  test.setTimeout(10 * 60_000);

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  const counts = page.getByRole("list", { name: "Counts" });
  for (const name of [
    "0 traces",
    "0 datasets",
    "0 training runs",
    "0 evaluations",
    "0 registered models",
    "0 tuning jobs",
  ]) {
    await expect(counts.getByRole("link", { name })).toBeVisible();
  }
  await expect(page.getByText(/No training runs yet/)).toBeVisible();
  await expect(page.getByText(/No leaderboards yet/)).toBeVisible();
  await shot("overview");

  await page.getByRole("button", { name: "Run the demo" }).click();
  await expect(
    page.getByRole("button", { name: "Running the demo…" }),
  ).toBeDisabled();

  const steps = page.getByRole("list", { name: "Demo steps" });
  const step = (name: string) => steps.getByRole("listitem", { name });
  await expect(step("Generate arithmetic traces")).toHaveAttribute(
    "data-status",
    "done",
    { timeout: 60_000 },
  );
  await expect(step("Generate arithmetic traces")).toContainText("48 traces");
  await expect(step("Build a dataset")).toHaveAttribute("data-status", "done");
  await expect(step("Build a dataset")).toContainText(DEMO_DATASET);
  const training = step("Train a tiny model");
  await expect(
    training.getByRole("progressbar", { name: "Training progress" }),
  ).toBeVisible({ timeout: 3 * 60_000 });
  await expect(training).toHaveAttribute("data-status", "done", {
    timeout: 5 * 60_000,
  });
  await expect(training).toContainText("trained 60 steps");
  await expect(step("Evaluate it")).toHaveAttribute("data-status", "done", {
    timeout: 3 * 60_000,
  });
  await expect(
    page.getByRole("heading", { name: "The demo model is evaluated" }),
  ).toBeVisible();
  await expect(
    page.getByText("answer_correctness", { exact: true }),
  ).toBeVisible();

  // The counts and the recent runs follow what the demo stored.
  await expect(
    counts.getByRole("link", { name: "1 training run" }),
  ).toBeVisible();
  await expect(counts.getByRole("link", { name: "1 dataset" })).toBeVisible();
  const recent = page.getByRole("table", { name: "Recent runs" });
  await expect(recent.getByText("succeeded")).toBeVisible();
  await expect(
    page
      .getByRole("table", { name: "Best model per leaderboard" })
      .getByRole("link", {
        name: `${DEMO_DATASET} · eval · answer_correctness`,
      }),
  ).toBeVisible({ timeout: 30_000 });
  await shot("overview-demo-done");

  const runHref = await page
    .getByRole("link", { name: /Open the run/ })
    .getAttribute("href");
  const runId = runHref?.split("/").pop() ?? "";
  expect(runId).toMatch(/^[0-9a-f-]{36}$/);
  const modelName = `run:${runId}`;
  const evaluationHref = await page
    .getByRole("link", { name: "Open the evaluation" })
    .getAttribute("href");
  expect(evaluationHref).toMatch(/^\/evaluations\/[0-9a-f-]{36}$/);

  // The leaderboard has the demo model's row: through the API, then on the page.
  const board = await request.get("/api/leaderboard", {
    params: {
      dataset_key: DEMO_DATASET,
      split: "eval",
      judge: "answer_correctness",
    },
  });
  expect(board.ok()).toBe(true);
  const rows = ((await board.json()) as { data: { model_name: string }[] })
    .data;
  expect(rows.map((row) => row.model_name)).toContain(modelName);

  await page.getByRole("link", { name: "See the leaderboard" }).click();
  await expect(page).toHaveURL(
    `/leaderboard?dataset_key=${DEMO_DATASET}&split=eval&judge=answer_correctness`,
  );
  await expect(
    page.getByRole("table", { name: "Leaderboard" }).getByText(modelName),
  ).toBeVisible();
  await expect(page.locator("figure.lb-chart svg").first()).toBeVisible();
  await shot("leaderboard");

  // Back on the overview the demo still shows its result; its evaluation opens from there.
  await page.goBack();
  await page.getByRole("link", { name: "Open the evaluation" }).click();
  await expect(page).toHaveURL(evaluationHref ?? "");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText(modelName).first()).toBeVisible();
  await expect(page.getByRole("table", { name: "Items" })).toBeVisible();
  await shot("evaluation-detail");
});
