import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { mockApi } from "../../test/mockApi";
import { renderApp } from "../../test/render";
import { sentBodies, trial, tuningJob } from "./testData";
import { TuningDetailPage } from "./TuningDetailPage";

const routes = [
  { path: "/tuning/:tuningJobId", element: <TuningDetailPage /> },
  { path: "/runs/:runId", element: <p>run page</p> },
];

const trials = [
  trial("aaa", { params: { learning_rate: 0.002 }, final_metric: 2.3 }),
  trial("bbb", {
    params: { learning_rate: 0.008 },
    final_metric: 1.7,
    evaluation_id: "eval-1234abcd",
  }),
];

const best = {
  tuning_job_id: "tj-1",
  metric: "eval_loss",
  direction: "min",
  value: 1.7,
  trial: trials[1],
  config: { learning_rate: 0.008, model: "tiny", max_steps: 4 },
};

// Whole pages with forms: slower than a unit test on a busy machine.
describe("TuningDetailPage", { timeout: 15_000 }, () => {
  it("shows each trial with its params, metric and links", async () => {
    mockApi({
      "/api/tuning/jobs/tj-1": {
        body: tuningJob({ trials, best_trial_id: "trial-bbb" }),
      },
      "/api/tuning/jobs/tj-1/best": { body: best },
    });
    renderApp(routes, "/tuning/tj-1");
    const table = await screen.findByRole("table", { name: "Trials" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("aaa");
    expect(rows[0]).toHaveTextContent("0.002");
    expect(rows[0]).toHaveTextContent("2.3");
    expect(within(rows[1]!).getByText("best")).toBeInTheDocument();
    expect(
      within(rows[1]!).getByRole("link", { name: "evaluation eval-123" }),
    ).toHaveAttribute("href", "/evaluations/eval-1234abcd");
    expect(
      within(rows[0]!).getByRole("link", { name: "run run-aaa-" }),
    ).toHaveAttribute("href", "/runs/run-aaa-0000");
  });

  it("turns the best trial into a run and opens it", async () => {
    const user = userEvent.setup({ delay: null });
    const fetchMock = mockApi({
      "/api/tuning/jobs/tj-1": {
        body: tuningJob({ trials, best_trial_id: "trial-bbb" }),
      },
      "/api/tuning/jobs/tj-1/best": { body: best },
      "/api/tuning/jobs/tj-1/best/run": {
        status: 201,
        body: { run_id: "run-new", status: "queued" },
      },
    });
    const { router } = renderApp(routes, "/tuning/tj-1");
    const panel = await screen.findByRole("region", { name: "Best trial" });
    expect(await within(panel).findByText("1.7")).toBeInTheDocument();
    await user.click(
      within(panel).getByRole("button", { name: "Turn into a run" }),
    );

    expect(await screen.findByText("run page")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/runs/run-new");
    expect(sentBodies(fetchMock, "POST", "/best/run")).toEqual([
      { max_steps: null, auto_evaluate: false, priority: 0 },
    ]);
  });

  it("starts a created search", async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({
      "/api/tuning/jobs/tj-1": {
        body: tuningJob({ status: "created", started_at: null }),
      },
      "/api/tuning/jobs/tj-1/start": { body: tuningJob({ status: "queued" }) },
    });
    renderApp(routes, "/tuning/tj-1");
    await user.click(
      await screen.findByRole("button", { name: "Start search" }),
    );
    expect(
      await screen.findByRole("button", { name: "Cancel search" }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "No trials yet: they appear here as the search starts them.",
      ),
    ).toBeInTheDocument();
  });

  it("asks in the page before cancelling", async () => {
    const user = userEvent.setup({ delay: null });
    const fetchMock = mockApi({
      "/api/tuning/jobs/tj-1": { body: tuningJob({ status: "running" }) },
      "/api/tuning/jobs/tj-1/cancel": {
        body: tuningJob({ status: "cancel_requested" }),
      },
    });
    renderApp(routes, "/tuning/tj-1");
    await user.click(
      await screen.findByRole("button", { name: "Cancel search" }),
    );
    const dialog = screen.getByRole("dialog", { name: "Cancel this search?" });
    await user.click(
      within(dialog).getByRole("button", { name: "Keep running" }),
    );
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(sentBodies(fetchMock, "POST", "/cancel")).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Cancel search" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "Cancel search",
      }),
    );
    expect(await screen.findByText("cancel requested")).toBeInTheDocument();
    expect(sentBodies(fetchMock, "POST", "/cancel")).toEqual([null]);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("says when the search does not exist", async () => {
    mockApi({
      "/api/tuning/jobs/nope": {
        status: 404,
        body: { detail: "tuning job nope not found" },
      },
    });
    renderApp(routes, "/tuning/nope");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "tuning job nope not found",
    );
  });
});
