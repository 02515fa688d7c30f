import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/types";
import { withQuery } from "../../api/client";
import { mockApi } from "../../test/mockApi";
import { renderRoute } from "../../test/render";
import type { LeaderboardRow } from "./chartData";
import { LeaderboardPage } from "./LeaderboardPage";

const BOARDS = "/api/leaderboard/boards?limit=100";

function row(rank: number, model: string, mean: number): LeaderboardRow {
  return {
    rank,
    model_name: model,
    model_ref: `run:${model}`,
    evaluation_id: `ev-${model}`,
    run_id: model,
    model_version_id: null,
    mean,
    ci_low: mean - 0.1,
    ci_high: mean + 0.1,
    n: 50,
    passed: Math.round(mean * 50),
    failed: 50 - Math.round(mean * 50),
    unparseable: 1,
    judge: { name: "answer_correctness", version: "1.0.0" },
    tags: ["nightly"],
    created_at: "2026-01-05T12:00:00Z",
  };
}

const board = {
  dataset_key: "arith-v1",
  split: "eval",
  judge: "answer_correctness",
  models: 2,
  evaluations: 3,
  last_evaluated_at: "2026-01-05T12:00:00Z",
  best: row(1, "run-a", 0.8),
} satisfies Schemas["Board"];

function boardPage(rows: LeaderboardRow[], pick: "best" | "latest" = "best") {
  return {
    dataset_key: "arith-v1",
    split: "eval",
    judge: "answer_correctness",
    pick,
    data: rows,
    pagination: {
      limit: 25,
      offset: 0,
      next_offset: null,
      next_cursor: null,
      total: rows.length,
    },
  } satisfies Schemas["Leaderboard"];
}

function leaderboardUrl(extra: Record<string, string | string[]> = {}) {
  const { pick = "best", ...filters } = extra;
  return withQuery("/api/leaderboard", {
    dataset_key: "arith-v1",
    judge: "answer_correctness",
    split: "eval",
    pick,
    ...filters,
    limit: 25,
    offset: 0,
  });
}

describe("the leaderboard page", () => {
  it("lists every board with its leader when none is chosen", async () => {
    mockApi({
      [BOARDS]: {
        body: {
          data: [board],
          pagination: {
            limit: 100,
            offset: 0,
            next_offset: null,
            next_cursor: null,
            total: 1,
          },
        },
      },
    });
    renderRoute(<LeaderboardPage />, { url: "/leaderboard" });

    const table = await screen.findByRole("table", { name: "Boards" });
    expect(
      within(table).getByRole("link", {
        name: "arith-v1 · eval · answer_correctness",
      }),
    ).toHaveAttribute(
      "href",
      "/leaderboard?dataset_key=arith-v1&split=eval&judge=answer_correctness",
    );
    expect(table).toHaveTextContent("run-a");
  });

  it("shows a board's models ranked, with scores, CIs and links to their evaluations", async () => {
    mockApi({
      [leaderboardUrl()]: {
        body: boardPage([row(1, "run-a", 0.8), row(2, "run-b", 0.6)]),
      },
    });
    renderRoute(<LeaderboardPage />, {
      url: "/leaderboard?dataset_key=arith-v1&judge=answer_correctness",
    });

    const table = await screen.findByRole("table", { name: "Leaderboard" });
    const second = within(table).getByRole("row", { name: /run-b/ });
    expect(second).toHaveTextContent("0.6");
    expect(second).toHaveTextContent("0.5 – 0.7");
    expect(
      within(second).getByRole("link", { name: "Evaluation ev-run-b" }),
    ).toHaveAttribute("href", "/evaluations/ev-run-b");
    expect(
      within(second).getByRole("link", { name: "compare with #1" }),
    ).toHaveAttribute(
      "href",
      "/evaluations/compare?a=ev-run-a&b=ev-run-b&judge=answer_correctness",
    );
    // The chart's code loads after the table.
    expect(
      await screen.findByRole(
        "figure",
        { name: /95% bootstrap confidence interval/ },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
  });

  it("sends the filters of the URL to the API", async () => {
    const after = new Date("2026-01-01T00:00:00").toISOString();
    const before = new Date("2026-01-08T00:00:00").toISOString();
    mockApi({
      [leaderboardUrl({
        pick: "latest",
        model: "run",
        created_after: after,
        created_before: before,
        tag: ["nightly", "release"],
      })]: { body: boardPage([row(1, "run-a", 0.8)], "latest") },
    });
    renderRoute(<LeaderboardPage />, {
      url: "/leaderboard?dataset_key=arith-v1&judge=answer_correctness&pick=latest&model=run&from=2026-01-01&to=2026-01-07&tag=nightly,release",
    });

    expect(
      await screen.findByRole("row", { name: /run-a/ }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("Pick")).toHaveValue("latest");
  });

  it("keeps a changed filter in the URL", async () => {
    mockApi({
      [leaderboardUrl()]: { body: boardPage([row(1, "run-a", 0.8)]) },
      [leaderboardUrl({ pick: "latest" })]: {
        body: boardPage([row(1, "run-a", 0.7)], "latest"),
      },
    });
    const { router } = renderRoute(<LeaderboardPage />, {
      url: "/leaderboard?dataset_key=arith-v1&judge=answer_correctness",
    });
    await screen.findByRole("table", { name: "Leaderboard" });

    await userEvent.selectOptions(screen.getByLabelText("Pick"), "latest");

    expect(new URLSearchParams(router.state.location.search).get("pick")).toBe(
      "latest",
    );
    await expect
      .poll(() => screen.getByRole("row", { name: /run-a/ }).textContent)
      .toContain("0.7");
  });

  it("says so when no model matches the filters", async () => {
    mockApi({
      [leaderboardUrl({ model: "zzz" })]: { body: boardPage([]) },
    });
    renderRoute(<LeaderboardPage />, {
      url: "/leaderboard?dataset_key=arith-v1&judge=answer_correctness&model=zzz",
    });

    expect(
      await screen.findByText("No model on this board matches these filters."),
    ).toBeInTheDocument();
  });
});
