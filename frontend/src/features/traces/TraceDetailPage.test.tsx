import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/types";
import { mockApi } from "../../test/mockApi";
import { renderApp } from "../../test/render";
import { fetchCalls } from "./fetchCalls";
import { TraceDetailPage } from "./TraceDetailPage";

const trace: Schemas["TraceDetail"] = {
  id: "trace-1",
  created_at: "2025-01-02T10:00:00Z",
  trace_version: "1",
  content_hash: "abc123",
  source: "generator",
  tags: ["math"],
  payload: {
    trace_version: "1",
    prompt: "What is 12 + 30?",
    final_answer: "42",
    steps: [
      { i: 1, type: "add", content: "2 + 0 = 2, 1 + 3 = 4" },
      { i: 0, type: "read", content: "Read 12 and 30." },
    ],
    meta: { source: "generator", seed: 7 },
  },
};

const score: Schemas["ScoreResult"] = {
  trace_id: "trace-1",
  criteria: "baseline",
  score: 71.5,
  created_at: "2025-01-02T11:00:00Z",
  details: {
    criteria: {
      step_count: {
        points: 10,
        max_points: 25,
        explanation: "2 steps; 5 or more earn full points",
      },
    },
  },
};

function render() {
  return renderApp(
    [
      { path: "/traces/:traceId", element: <TraceDetailPage /> },
      { path: "/traces", element: <p>The list</p> },
    ],
    "/traces/trace-1",
  );
}

describe("a trace's page", () => {
  it("shows the steps as a numbered timeline in index order", async () => {
    mockApi({
      "/api/traces/trace-1": { body: trace },
      "/api/traces/trace-1/scores": { body: { data: [] } },
    });
    render();
    const steps = await screen.findAllByRole("listitem");
    expect(steps.map((step) => step.textContent)).toEqual([
      "1Step 1: readi=0Read 12 and 30.",
      "2Step 2: addi=12 + 0 = 2, 1 + 3 = 4",
    ]);
    expect(screen.getByText("What is 12 + 30?")).toBeInTheDocument();
    expect(screen.getByText("42")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "math" })).toHaveAttribute(
      "href",
      "/traces?tag=math",
    );
    expect(await screen.findByText(/Not scored yet/)).toBeInTheDocument();
  });

  it("shows the latest score with its criteria", async () => {
    mockApi({
      "/api/traces/trace-1": { body: trace },
      "/api/traces/trace-1/scores": { body: { data: [score] } },
    });
    render();
    const panel = await screen.findByRole("region", { name: "Scores" });
    expect(await within(panel).findByText("71.5")).toBeInTheDocument();
    expect(
      within(panel).getByRole("row", { name: /Step count/ }),
    ).toHaveTextContent("Step count10 / 252 steps; 5 or more earn full points");
  });

  it("deletes only after confirming in the page's dialog", async () => {
    const fetchMock = mockApi({
      "/api/traces/trace-1": { body: trace },
      "/api/traces/trace-1/scores": { body: { data: [] } },
    });
    const user = userEvent.setup();
    render();
    await user.click(await screen.findByRole("button", { name: "Delete" }));
    const dialog = screen.getByRole("dialog", { name: "Delete this trace?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(fetchCalls(fetchMock).some((call) => call.method === "DELETE")).toBe(
      false,
    );

    await user.click(screen.getByRole("button", { name: "Delete" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "Delete trace",
      }),
    );
    expect(await screen.findByText("The list")).toBeInTheDocument();
    expect(
      fetchCalls(fetchMock).some(
        (call) =>
          call.url === "/api/traces/trace-1" && call.method === "DELETE",
      ),
    ).toBe(true);
  });

  it("says so when the trace does not exist", async () => {
    mockApi({
      "/api/traces/trace-1": {
        status: 404,
        body: { detail: "trace trace-1 not found" },
      },
      "/api/traces/trace-1/scores": { body: { data: [] } },
    });
    render();
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "trace trace-1 not found",
    );
  });
});
