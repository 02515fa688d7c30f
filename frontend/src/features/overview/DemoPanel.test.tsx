import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/types";
import { mockApi, type MockAnswer } from "../../test/mockApi";
import { renderRoute } from "../../test/render";
import { DemoPanel } from "./DemoPanel";
import { createDemoStore } from "./useDemo";

const RUN_ID = "7f3c2a10-0000-4000-8000-000000000001";
const EVALUATION_ID = "e1e1e1e1-0000-4000-8000-000000000002";
const EARLIER_DATASETS = "/api/datasets?name=demo-arithmetic&limit=100";

const evaluation = {
  evaluation_id: EVALUATION_ID,
  status: "succeeded",
  model_name: `run:${RUN_ID}`,
  scores: [
    {
      judge: "answer_correctness",
      judge_version: "1.0.0",
      judge_key: "9f86d081884c7d65",
      mean: 0.25,
      ci_low: 0,
      ci_high: 0.5,
      n: 12,
      passed: 3,
      failed: 9,
      unparseable: 0,
    },
    {
      judge: "trace_format",
      judge_version: "1.0.0",
      judge_key: "2c26b46b68ffc68f",
      mean: 1,
      ci_low: 1,
      ci_high: 1,
      n: 12,
      passed: 12,
      failed: 0,
      unparseable: 0,
    },
  ],
  progress: { step: 1, total: 1 },
  error: null,
} satisfies Partial<Schemas["Evaluation"]>;

/** Every answer of a demo that works, with `changes` replacing some. */
function demoApi(changes: Record<string, MockAnswer> = {}) {
  return mockApi({
    "/api/generators/arithmetic/generate": {
      status: 201,
      body: {
        created_count: 40,
        duplicate_count: 8,
        seed: 7,
      } satisfies Partial<Schemas["GenerateResponse"]>,
    },
    [EARLIER_DATASETS]: { body: { data: [] } },
    "/api/datasets/build": {
      status: 201,
      body: {
        dataset_key: "demo-arithmetic-v1",
        splits: { train: 36, eval: 12 },
      } satisfies Partial<Schemas["DatasetDetail"]>,
    },
    "/api/tunix/runs": {
      status: 201,
      body: { run_id: RUN_ID } satisfies Partial<Schemas["Run"]>,
    },
    [`/api/tunix/runs/${RUN_ID}/status`]: {
      body: {
        run_id: RUN_ID,
        status: "succeeded",
        progress: { step: 60, total: 60, epoch: 20 },
        error: null,
        attempt: 1,
      } satisfies Schemas["RunStatus"],
    },
    [`/api/evaluations?run_id=${RUN_ID}&limit=1`]: {
      body: { data: [evaluation] },
    },
    [`/api/evaluations/${EVALUATION_ID}`]: { body: evaluation },
    ...changes,
  });
}

function step(name: string) {
  return screen.getByRole("listitem", { name });
}

/** The requests the page made: the client always calls fetch(path, init). */
function requests(fetchMock: ReturnType<typeof mockApi>) {
  return fetchMock.mock.calls as unknown as [string, RequestInit?][];
}

function calls(fetchMock: ReturnType<typeof mockApi>, path: string): number {
  return requests(fetchMock).filter(([input]) => input === path).length;
}

describe("DemoPanel", () => {
  it("runs every step and links to the run, the evaluation and the leaderboard", async () => {
    const fetchMock = demoApi();
    renderRoute(<DemoPanel pollMs={0} store={createDemoStore()} />);

    await userEvent.click(screen.getByRole("button", { name: "Run the demo" }));

    expect(
      await screen.findByRole("heading", {
        name: "The demo model is evaluated",
      }),
    ).toBeInTheDocument();
    for (const name of [
      "Generate arithmetic traces",
      "Build a dataset",
      "Train a tiny model",
      "Evaluate it",
    ]) {
      expect(step(name)).toHaveAttribute("data-status", "done");
    }
    expect(
      within(step("Generate arithmetic traces")).getByText(
        "48 traces generated (seed 7): 40 stored, 8 were duplicates",
      ),
    ).toBeInTheDocument();
    expect(
      within(step("Train a tiny model")).getByRole("progressbar", {
        name: "Training progress",
      }),
    ).toHaveAttribute("aria-valuenow", "60");
    expect(screen.getByText("25.0%")).toBeInTheDocument();
    expect(screen.getByText("100.0%")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Open the run/ })).toHaveAttribute(
      "href",
      `/runs/${RUN_ID}`,
    );
    expect(
      screen.getByRole("link", { name: "Open the evaluation" }),
    ).toHaveAttribute("href", `/evaluations/${EVALUATION_ID}`);
    expect(
      screen.getByRole("link", { name: "See the leaderboard" }),
    ).toHaveAttribute(
      "href",
      "/leaderboard?dataset_key=demo-arithmetic-v1&split=eval&judge=answer_correctness",
    );
    const runRequest = requests(fetchMock).find(
      ([input, init]) => input === "/api/tunix/runs" && init?.method === "POST",
    );
    expect(JSON.parse(runRequest?.[1]?.body as string)).toMatchObject({
      dataset_key: "demo-arithmetic-v1",
      config: { model: "tiny" },
      auto_evaluate: { split: "eval" },
    });
    expect(
      screen.getByRole("button", { name: "Run the demo again" }),
    ).toBeEnabled();
  });

  it("shows a failing step's message and goes on from it when tried again", async () => {
    const failing = demoApi({
      "/api/datasets/build": {
        status: 422,
        body: { detail: "no trace matches the filters; nothing was built" },
      },
    });
    renderRoute(<DemoPanel pollMs={0} store={createDemoStore()} />);

    await userEvent.click(screen.getByRole("button", { name: "Run the demo" }));

    const alert = await within(step("Build a dataset")).findByRole("alert");
    expect(alert).toHaveTextContent(
      "no trace matches the filters; nothing was built",
    );
    expect(step("Build a dataset")).toHaveAttribute("data-status", "failed");
    expect(step("Generate arithmetic traces")).toHaveAttribute(
      "data-status",
      "done",
    );
    expect(step("Train a tiny model")).toHaveAttribute(
      "data-status",
      "pending",
    );
    expect(calls(failing, "/api/tunix/runs")).toBe(0);

    const working = demoApi();
    await userEvent.click(
      within(alert).getByRole("button", { name: "Try again" }),
    );

    expect(
      await screen.findByRole("heading", {
        name: "The demo model is evaluated",
      }),
    ).toBeInTheDocument();
    expect(calls(working, "/api/generators/arithmetic/generate")).toBe(0);
    expect(calls(working, "/api/datasets/build")).toBe(1);
  });

  it("reuses the demo dataset an earlier demo built", async () => {
    const fetchMock = demoApi({
      [EARLIER_DATASETS]: {
        body: {
          data: [
            {
              dataset_key: "demo-arithmetic-v1",
              splits: { train: 36, eval: 12 },
            } satisfies Partial<Schemas["DatasetSummary"]>,
          ],
        },
      },
    });
    renderRoute(<DemoPanel pollMs={0} store={createDemoStore()} />);

    await userEvent.click(screen.getByRole("button", { name: "Run the demo" }));

    expect(
      await within(step("Build a dataset")).findByText(/reused/),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole("heading", {
        name: "The demo model is evaluated",
      }),
    ).toBeInTheDocument();
    expect(calls(fetchMock, "/api/datasets/build")).toBe(0);
  });

  it("waits for the worker to queue the run's evaluation", async () => {
    let asked = 0;
    const answers = demoApi();
    const answer = answers.getMockImplementation()!;
    answers.mockImplementation((input) => {
      if (
        (input as string).startsWith("/api/evaluations?run_id=") &&
        asked++ < 2
      )
        return Promise.resolve(Response.json({ data: [] }));
      return answer(input);
    });
    renderRoute(<DemoPanel pollMs={0} store={createDemoStore()} />);

    await userEvent.click(screen.getByRole("button", { name: "Run the demo" }));

    expect(
      await screen.findByRole("heading", {
        name: "The demo model is evaluated",
      }),
    ).toBeInTheDocument();
    expect(asked).toBe(3);
  });

  it("reports a failed training run with the run's error", async () => {
    demoApi({
      [`/api/tunix/runs/${RUN_ID}/status`]: {
        body: {
          run_id: RUN_ID,
          status: "failed",
          progress: null,
          error: "out of memory",
          attempt: 3,
        } satisfies Schemas["RunStatus"],
      },
    });
    renderRoute(<DemoPanel pollMs={0} store={createDemoStore()} />);

    await userEvent.click(screen.getByRole("button", { name: "Run the demo" }));

    expect(
      await within(step("Train a tiny model")).findByRole("alert"),
    ).toHaveTextContent("The run failed: out of memory");
    expect(step("Evaluate it")).toHaveAttribute("data-status", "pending");
  });

  it("keeps where it is when the page is left and opened again", async () => {
    demoApi();
    const store = createDemoStore();
    const first = renderRoute(<DemoPanel pollMs={0} store={store} />);
    await userEvent.click(screen.getByRole("button", { name: "Run the demo" }));
    await screen.findByRole("heading", { name: "The demo model is evaluated" });
    first.unmount();

    renderRoute(<DemoPanel pollMs={0} store={store} />);

    expect(
      screen.getByRole("heading", { name: "The demo model is evaluated" }),
    ).toBeInTheDocument();
    expect(step("Evaluate it")).toHaveAttribute("data-status", "done");
  });
});
