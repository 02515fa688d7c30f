import type { APIRequestContext } from "@playwright/test";

import { expect, test } from "./fixtures";

// Flow 6: promoting a model where a worse model's alias move is refused by the gate.
// Two tiny runs on the same arithmetic data: one trained for 24 steps (it learns the trace
// format: trace_format ≈ 0.69 on the 8 eval items), one for a single step at a tiny learning
// rate (it still emits noise: trace_format 0). A baseline on the good one's evaluation gates
// the move of `production`.

const suffix = Date.now().toString(36);
const MODEL = `e2e-arith-${suffix}`;
const BASELINE = `e2e-arith-format-${suffix}`;
const GOOD = {
  model: "tiny",
  max_steps: 24,
  batch_size: 16,
  max_seq_length: 96,
  learning_rate: 0.003,
  checkpoint_every_n_steps: 24,
  eval_every_n_steps: 24,
  seed: 3,
};
const WORSE = {
  ...GOOD,
  max_steps: 1,
  learning_rate: 0.00001,
  checkpoint_every_n_steps: 1,
  eval_every_n_steps: 1,
};
const AUTO_EVALUATE = {
  split: "eval",
  limit: 8,
  judges: [{ name: "trace_format" }],
  generation: { max_new_tokens: 48, batch_size: 16 },
};
const FINISHED = /^(succeeded|failed|cancelled|timed_out)$/;
const JOB_TIMEOUT = 5 * 60_000;

type Json = Record<string, unknown>;

async function post(request: APIRequestContext, path: string, data: unknown) {
  const response = await request.post(path, { data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Json;
}

async function getJson(request: APIRequestContext, path: string) {
  const response = await request.get(path);
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as Json;
}

/** The run's auto-evaluation once it has finished; fails if the run or it did not succeed. */
async function evaluationOf(request: APIRequestContext, runId: string) {
  const find = async () => {
    const run = await getJson(request, `/api/tunix/runs/${runId}`);
    if (run.status !== "succeeded")
      return run.status === "failed" ? `run failed: ${String(run.error)}` : "";
    const page = await getJson(request, `/api/evaluations?run_id=${runId}`);
    const [evaluation] = page.data as Json[];
    return evaluation ? String(evaluation.status) : "";
  };
  await expect
    .poll(find, { timeout: JOB_TIMEOUT, intervals: [1_000] })
    .toMatch(FINISHED);
  const page = await getJson(request, `/api/evaluations?run_id=${runId}`);
  const evaluation = (page.data as Json[])[0]!;
  expect(evaluation.status, String(evaluation.error)).toBe("succeeded");
  const scores = evaluation.scores as { judge: string; mean: number }[];
  return {
    id: String(evaluation.evaluation_id),
    traceFormat: scores.find((s) => s.judge === "trace_format")!.mean,
  };
}

test("a worse model's move to production is refused by the gate, then forced with a reason", async ({
  page,
  request,
  shot,
}) => {
  test.setTimeout(12 * 60_000);
  let goodRun = "";
  let worseRun = "";

  await test.step("prepare two runs of different quality and a baseline (API)", async () => {
    await post(request, "/api/generators/arithmetic/generate", {
      count: 120,
      seed: 5,
      params: { digits: 1, operations: ["add"] },
    });
    const dataset = await post(request, "/api/datasets/build", {
      dataset_name: `e2e-registry-${suffix}`,
      dataset_version: "v1",
      filters: { generator: "arithmetic", digits: 1, operation: "add" },
      limit: 120,
      eval_fraction: 0.1,
      seed: 1,
    });
    const run = (config: Json) =>
      post(request, "/api/tunix/runs", {
        dataset_key: dataset.dataset_key,
        config,
        auto_evaluate: AUTO_EVALUATE,
      });
    goodRun = String((await run(GOOD)).run_id);
    worseRun = String((await run(WORSE)).run_id);
    const good = await evaluationOf(request, goodRun);
    const worse = await evaluationOf(request, worseRun);
    // The judge must tell the two apart for the gate to mean anything.
    expect(good.traceFormat - worse.traceFormat).toBeGreaterThan(0.2);
    await post(request, "/api/regression/baselines", {
      name: BASELINE,
      evaluation_id: good.id,
      judge: "trace_format",
      tolerance: 0.05,
    });
  });

  await test.step("create the model", async () => {
    await page.goto("/models");
    await page.getByRole("button", { name: "New model" }).click();
    const form = page.getByRole("form", { name: "New model" });
    await form.getByLabel("Name").fill(MODEL);
    await form.getByLabel("Tags").fill("arith, e2e");
    await form
      .getByLabel("Description")
      .fill("One-digit sums, promoted by the e2e flow.");
    await form.getByRole("button", { name: "Create model" }).click();
    await expect(page).toHaveURL(new RegExp(`/models/${MODEL}$`));
    await expect(
      page.getByRole("heading", { level: 1, name: MODEL }),
    ).toBeVisible();
  });

  await test.step("promote both runs", async () => {
    const form = page.getByRole("form", { name: "Promote from a run" });
    for (const [runId, label, version] of [
      [goodRun, "24 steps", 1],
      [worseRun, "1 step", 2],
    ] as const) {
      await form.getByLabel("Succeeded run").selectOption(runId);
      await form.getByLabel("Label").fill(label);
      await form.getByRole("button", { name: "Promote" }).click();
      await expect(form.getByRole("status")).toHaveText(
        `Promoted run ${runId.slice(0, 8)} as version ${version}.`,
      );
    }
    const versions = page.getByRole("table", { name: "Versions" });
    await expect(versions.getByRole("row")).toHaveCount(3);
  });

  const moveForm = page.getByRole("form", { name: "Move alias" });
  const moveTo = async (version: string, reason: string) => {
    await moveForm.getByLabel("Alias").fill("production");
    await moveForm.getByLabel("Target version").selectOption(version);
    await moveForm.getByLabel("Regression gate").selectOption(BASELINE);
    await moveForm.getByLabel("Reason").fill(reason);
    await moveForm.getByRole("button", { name: "Move alias" }).click();
  };
  const currentAliases = page.getByRole("list", { name: "Current aliases" });

  await test.step("move production to the good version: the gate passes", async () => {
    await moveTo("1", "first release");
    await expect(moveForm.getByRole("status")).toHaveText(
      `production now points at version 1; it passed baseline ${BASELINE}.`,
    );
    await expect(currentAliases).toContainText("production → version 1");
    const v1 = page
      .getByRole("table", { name: "Versions" })
      .locator('tr[data-version="1"]');
    await expect(v1.getByText("production")).toBeVisible();
    await shot("registry-model");
  });

  await test.step("moving it to the worse version is refused, with the check", async () => {
    await moveTo("2", "try the one-step model");
    const check = page.getByRole("region", { name: "Regression check" });
    await expect(check.getByRole("alert")).toHaveText(
      `Refused: version 2 fails baseline ${BASELINE}`,
    );
    await expect(check).toContainText("production still points at version 1");
    await expect(check.getByText("fail", { exact: true })).toBeVisible();
    for (const term of [
      "Baseline value",
      "New value",
      "Delta",
      "Delta %",
      "Allowed drop",
      "Significant",
    ])
      await expect(
        check.getByRole("term").filter({ hasText: new RegExp(`^${term}$`) }),
      ).toBeVisible();
    await expect(currentAliases).toContainText("production → version 1");
    const model = await getJson(request, `/api/models/${MODEL}`);
    expect(model.aliases).toEqual({ production: 1 });
    await shot("registry-gate-refused");
  });

  await test.step("force it through the dialog; the history records the forced move", async () => {
    await page.getByRole("button", { name: "Force move…" }).click();
    const dialog = page.getByRole("dialog", {
      name: "Force production to version 2?",
    });
    const confirm = dialog.getByRole("button", { name: "Force move" });
    await expect(confirm).toBeDisabled();
    await dialog
      .getByLabel("Reason")
      .fill("e2e: ship the one-step model anyway");
    await dialog.getByRole("checkbox").check();
    await confirm.click();
    await expect(dialog).toBeHidden();
    await expect(moveForm.getByRole("status")).toHaveText(
      `production now points at version 2, forced past baseline ${BASELINE}.`,
    );
    await expect(currentAliases).toContainText("production → version 2");
    const latest = page
      .getByRole("table", { name: "Alias history" })
      .getByRole("row")
      .nth(1);
    await expect(latest).toContainText("v1 → v2");
    await expect(latest).toContainText("forced");
    await expect(latest).toContainText(`fail ${BASELINE}`);
    await expect(latest).toContainText("e2e: ship the one-step model anyway");
  });

  await test.step("the version page shows lineage, files and downloads", async () => {
    await page
      .getByRole("table", { name: "Versions" })
      .getByRole("link", { name: "v1" })
      .click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      `${MODEL} · version 1`,
    );
    const lineage = page.getByRole("region", { name: "Lineage" });
    await expect(
      lineage.getByRole("link", { name: goodRun.slice(0, 8) }),
    ).toHaveAttribute("href", `/runs/${goodRun}`);
    await expect(
      page.getByRole("table", { name: "Evaluations" }).getByRole("row"),
    ).toHaveCount(2);
    await expect(
      page.getByRole("link", { name: "Download model.safetensors" }),
    ).toBeVisible();
    const zip = await request.get(
      (await page
        .getByRole("link", { name: "Download zip" })
        .getAttribute("href"))!,
    );
    expect(zip.status()).toBe(200);
    expect(zip.headers()["content-type"]).toBe("application/zip");
  });

  await test.step("the models list shows where production points", async () => {
    await page.goto("/models?tag=e2e");
    const row = page
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: MODEL }) });
    await expect(row).toContainText("production → v2");
    await expect(row.getByRole("cell").nth(3)).toHaveText("2");
    await shot("registry-models");
  });
});
