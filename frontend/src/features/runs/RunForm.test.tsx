import { configure, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/types";
import { mockApi } from "../../test/mockApi";
import { renderApp } from "../../test/render";
import { NewRunPage } from "./NewRunPage";

// The first render of a file loads the page's modules: slow on a busy machine.
configure({ asyncUtilTimeout: 5000 });

const dataset = {
  dataset_key: "arith-v1",
  name: "arith",
  version: "v1",
  build_id: "b1",
  created_at: "2025-01-01T00:00:00Z",
  trace_count: 40,
  selection_strategy: "latest",
  content_hash: "abc",
  splits: { train: 36, eval: 4 },
} satisfies Schemas["DatasetSummary"];

const datasets = {
  "/api/datasets?limit=100": {
    body: {
      data: [dataset],
      pagination: { limit: 100, offset: 0, next_offset: null },
    },
  },
};

function renderForm(url = "/runs/new") {
  return renderApp(
    [
      { path: "/runs/new", element: <NewRunPage /> },
      { path: "/runs/:runId", element: <p>run page</p> },
    ],
    url,
  );
}

describe("the new-run form", () => {
  it("starts at the API's defaults, each with its help", async () => {
    mockApi(datasets);
    renderForm("/runs/new?dataset_key=arith-v1");

    expect(await screen.findByLabelText("Dataset")).toHaveValue("arith-v1");
    expect(screen.getByLabelText("Preset model")).toHaveValue("tiny");
    const learningRate = screen.getByLabelText("Learning rate");
    expect(learningRate).toHaveValue(0.003);
    expect(learningRate).toHaveAccessibleDescription(
      /Peak learning rate of AdamW/,
    );
    expect(screen.getByLabelText("Batch size")).toHaveValue(32);
    expect(screen.getByLabelText("Max steps")).toHaveValue(null);
    expect(screen.getByLabelText("Schedule")).toHaveValue("cosine");
  });

  it("shows the API's validation message beside its field", async () => {
    const user = userEvent.setup();
    const fetchMock = mockApi({
      ...datasets,
      "/api/tunix/runs": {
        status: 422,
        body: {
          detail: [
            {
              loc: ["body", "config", "learning_rate"],
              field: "config.learning_rate",
              msg: "Input should be less than or equal to 10",
              type: "less_than_equal",
            },
          ],
        },
      },
    });
    renderForm("/runs/new?dataset_key=arith-v1");

    const learningRate = await screen.findByLabelText("Learning rate");
    await user.clear(learningRate);
    await user.type(learningRate, "50");
    await user.click(screen.getByRole("button", { name: "Start run" }));

    await waitFor(() =>
      expect(learningRate).toHaveAccessibleDescription(
        /Input should be less than or equal to 10/,
      ),
    );
    expect(learningRate).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Batch size")).not.toHaveAttribute(
      "aria-invalid",
    );
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    const [, init] = calls.at(-1)!;
    const sent = JSON.parse(init.body as string) as {
      config: { learning_rate: number };
    };
    expect(sent.config.learning_rate).toBe(50);
  });

  it("puts a missing model directory beside the model field", async () => {
    const user = userEvent.setup();
    mockApi({
      ...datasets,
      "/api/tunix/runs": {
        status: 422,
        body: { detail: "model directory /m has no config.json" },
      },
    });
    renderForm("/runs/new?dataset_key=arith-v1");

    await user.click(
      await screen.findByRole("radio", { name: "Local checkpoint" }),
    );
    await user.type(screen.getByLabelText("Checkpoint directory"), "/m");
    await user.click(screen.getByRole("button", { name: "Start run" }));

    expect(
      await screen.findByLabelText("Checkpoint directory"),
    ).toHaveAccessibleDescription(/has no config.json/);
  });

  it("opens the new run's page once it is created", async () => {
    const user = userEvent.setup();
    mockApi({
      ...datasets,
      "/api/tunix/runs": { status: 201, body: { run_id: "r-123" } },
    });
    const { router } = renderForm("/runs/new?dataset_key=arith-v1");

    await user.click(await screen.findByRole("button", { name: "Start run" }));
    expect(await screen.findByText("run page")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/runs/r-123");
  });
});
