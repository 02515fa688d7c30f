import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/types";
import { mockApi, type MockAnswer } from "../../test/mockApi";
import { renderRoute } from "../../test/render";
import { OverviewPage } from "./OverviewPage";

const statuses = {
  queued: 0,
  running: 0,
  succeeded: 0,
  failed: 0,
  cancel_requested: 0,
  cancelled: 0,
  timed_out: 0,
};

const empty = {
  counts: {
    traces: 0,
    datasets: 0,
    runs: { total: 0, by_status: statuses },
    evaluations: { total: 0, by_status: statuses },
    models: 0,
    model_versions: 0,
    tuning_jobs: 0,
  },
  recent_runs: [],
} satisfies Schemas["Overview"];

const RUN_ID = "0a1b2c3d-0000-4000-8000-00000000000a";

const busy = {
  counts: {
    traces: 1234,
    datasets: 2,
    runs: { total: 3, by_status: { ...statuses, running: 1, succeeded: 2 } },
    evaluations: { total: 2, by_status: { ...statuses, succeeded: 2 } },
    models: 1,
    model_versions: 2,
    tuning_jobs: 1,
  },
  recent_runs: [
    {
      run_id: RUN_ID,
      status: "running",
      model_id: "tiny",
      dataset_key: "arith-v1",
      dry_run: false,
      progress: { step: 15, total: 60, epoch: 2 },
      error: null,
      created_at: "2026-01-01T10:00:00Z",
      started_at: "2026-01-01T10:00:01Z",
      finished_at: null,
    },
  ],
} satisfies Schemas["Overview"];

const noBoards = {
  data: [],
  pagination: { limit: 10, offset: 0, next_offset: null, total: 0 },
} satisfies Schemas["Boards"];

const oneBoard = {
  data: [
    {
      dataset_key: "arith-v1",
      split: "eval",
      judge: "answer_correctness",
      judge_key: "9f86d081884c7d65",
      setup: {
        name: "answer_correctness",
        version: "1.0.0",
        params: { rel_tol: 1e-6, abs_tol: 1e-9 },
        judge_key: "9f86d081884c7d65",
      },
      default_setup: true,
      models: 2,
      evaluations: 3,
      last_evaluated_at: "2026-01-01T10:05:00Z",
      best: {
        rank: 1,
        model_name: "run:abc",
        model_ref: "run:abc",
        evaluation_id: "ev-1",
        run_id: "abc",
        model_version_id: null,
        mean: 0.875,
        ci_low: 0.7,
        ci_high: 0.95,
        n: 16,
        passed: 14,
        failed: 2,
        unparseable: 0,
        judge: { name: "answer_correctness", version: "1.0.0" },
        tags: [],
        created_at: "2026-01-01T10:04:00Z",
      },
    },
  ],
  pagination: { limit: 10, offset: 0, next_offset: null, total: 1 },
} satisfies Schemas["Boards"];

function page(overview: MockAnswer, boards: MockAnswer = { body: noBoards }) {
  mockApi({
    "/api/overview?recent=5": overview,
    "/api/leaderboard/boards?limit=10": boards,
    "/api/health": { body: { status: "healthy", version: "0.1.0" } },
    "/api/ready": { body: { status: "ready", database: "sqlite" } },
  });
  renderRoute(<OverviewPage />);
}

describe("OverviewPage", () => {
  it("counts zero everywhere on a fresh install and offers the demo", async () => {
    page({ body: empty });

    const counts = await screen.findByRole("list", { name: "Counts" });
    for (const name of [
      "0 traces",
      "0 datasets",
      "0 training runs",
      "0 evaluations",
      "0 registered models",
      "0 tuning jobs",
    ]) {
      expect(within(counts).getByRole("link", { name })).toBeInTheDocument();
    }
    expect(await screen.findByText(/No training runs yet/)).toBeInTheDocument();
    expect(await screen.findByText(/No leaderboards yet/)).toBeInTheDocument();
    expect(
      screen.getByRole("button", { name: "Run the demo" }),
    ).toBeInTheDocument();
  });

  it("shows each count as a link to its page, with runs by status", async () => {
    page({ body: busy });

    const counts = await screen.findByRole("list", { name: "Counts" });
    expect(
      within(counts).getByRole("link", { name: "1,234 traces" }),
    ).toHaveAttribute("href", "/traces");
    expect(
      within(counts).getByRole("link", { name: "3 training runs" }),
    ).toHaveAttribute("href", "/runs");
    expect(
      within(counts).getByText("1 running · 2 succeeded"),
    ).toBeInTheDocument();
    expect(
      within(counts).getByRole("link", { name: "1 registered model" }),
    ).toHaveAttribute("href", "/models");
  });

  it("lists recent runs with their status, model, dataset and progress", async () => {
    page({ body: busy });

    const table = await screen.findByRole("table", { name: "Recent runs" });
    const row = within(table).getAllByRole("row")[1]!;
    expect(within(row).getByRole("link", { name: "0a1b2c3d" })).toHaveAttribute(
      "href",
      `/runs/${RUN_ID}`,
    );
    expect(within(row).getByText("running")).toBeInTheDocument();
    expect(within(row).getByText("tiny")).toBeInTheDocument();
    expect(within(row).getByRole("link", { name: "arith-v1" })).toHaveAttribute(
      "href",
      "/datasets/arith-v1",
    );
    expect(within(row).getByRole("progressbar")).toHaveAttribute(
      "aria-valuenow",
      "15",
    );
    expect(within(row).getByText("step 15 of 60")).toBeInTheDocument();
  });

  it("shows the best model of each leaderboard, linked to the board", async () => {
    page({ body: busy }, { body: oneBoard });

    const table = await screen.findByRole("table", {
      name: "Best model per leaderboard",
    });
    expect(
      within(table).getByRole("link", {
        name: "arith-v1 · eval · answer_correctness",
      }),
    ).toHaveAttribute(
      "href",
      "/leaderboard?dataset_key=arith-v1&split=eval&judge=answer_correctness",
    );
    expect(within(table).getByText("run:abc")).toBeInTheDocument();
    expect(within(table).getByText("87.5%")).toBeInTheDocument();
  });

  it("says so when the overview cannot be loaded, and offers to try again", async () => {
    page({ status: 500, body: { detail: "database unavailable" } });

    const alerts = await screen.findAllByRole("alert");
    expect(alerts[0]).toHaveTextContent("Could not load counts");
    expect(alerts[0]).toHaveTextContent("database unavailable");
    expect(
      within(alerts[0]!).getByRole("button", { name: "Try again" }),
    ).toBeInTheDocument();
  });
});
