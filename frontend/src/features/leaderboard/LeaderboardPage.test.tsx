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

const STRICT_KEY = "1a2b3c4d5e6f7081";
const LOOSE_KEY = "99aa88bb77cc66dd";

function setup(
  judge_key: string,
  params: Record<string, number>,
  evaluations: number,
): Schemas["BoardSetup"] {
  return {
    name: "answer_correctness",
    version: "1.0.0",
    params,
    judge_model: null,
    judge_key,
    evaluations,
    last_evaluated_at: "2026-01-05T12:00:00Z",
  };
}

const strict = setup(STRICT_KEY, { rel_tol: 1e-6, abs_tol: 1e-9 }, 3);
const loose = setup(LOOSE_KEY, { rel_tol: 0.01, abs_tol: 1e-9 }, 1);

const board = {
  dataset_key: "arith-v1",
  split: "eval",
  judge: "answer_correctness",
  judge_key: STRICT_KEY,
  setup: {
    name: "answer_correctness",
    version: "1.0.0",
    params: strict.params,
    judge_key: STRICT_KEY,
  },
  default_setup: true,
  models: 2,
  evaluations: 3,
  last_evaluated_at: "2026-01-05T12:00:00Z",
  best: row(1, "run-a", 0.8),
} satisfies Schemas["Board"];

function boardPage(
  rows: LeaderboardRow[],
  pick: "best" | "latest" = "best",
  shown: Schemas["BoardSetup"] = strict,
  setups: Schemas["BoardSetup"][] = [strict],
) {
  return {
    dataset_key: "arith-v1",
    split: "eval",
    judge: "answer_correctness",
    judge_key: shown.judge_key,
    setup: shown,
    setups,
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
  const { pick = "best", judge_key = null, ...filters } = extra;
  return withQuery("/api/leaderboard", {
    dataset_key: "arith-v1",
    judge: "answer_correctness",
    split: "eval",
    judge_key,
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

  it("lists each setup of a judge as its own board, older ones linked by key", async () => {
    const older = {
      ...board,
      judge_key: LOOSE_KEY,
      setup: { ...board.setup, params: loose.params, judge_key: LOOSE_KEY },
      default_setup: false,
      models: 1,
      evaluations: 1,
    } satisfies Schemas["Board"];
    mockApi({
      [BOARDS]: {
        body: {
          data: [board, older],
          pagination: {
            limit: 100,
            offset: 0,
            next_offset: null,
            next_cursor: null,
            total: 2,
          },
        },
      },
    });
    renderRoute(<LeaderboardPage />, { url: "/leaderboard" });

    const table = await screen.findByRole("table", { name: "Boards" });
    expect(table).toHaveTextContent("v1.0.0 · abs_tol=1e-9, rel_tol=0.000001");
    expect(
      within(table).getByRole("link", {
        name: "arith-v1 · eval · answer_correctness (v1.0.0 · abs_tol=1e-9, rel_tol=0.01)",
      }),
    ).toHaveAttribute(
      "href",
      `/leaderboard?dataset_key=arith-v1&split=eval&judge=answer_correctness&judge_key=${LOOSE_KEY}`,
    );
  });

  it("shows which judge setup the board ranks", async () => {
    mockApi({
      [leaderboardUrl()]: { body: boardPage([row(1, "run-a", 0.8)]) },
    });
    renderRoute(<LeaderboardPage />, {
      url: "/leaderboard?dataset_key=arith-v1&judge=answer_correctness",
    });

    const line = await screen.findByRole("note", { name: "Judge setup" });
    expect(line).toHaveTextContent(
      "answer_correctness v1.0.0 · abs_tol=1e-9, rel_tol=0.000001",
    );
    expect(line).toHaveTextContent("3 evaluations");
    // A single setup needs no switch.
    expect(screen.queryByRole("combobox", { name: "Judge setup" })).toBeNull();
  });

  it("switches to another setup of the judge and keeps it in the URL", async () => {
    mockApi({
      [leaderboardUrl()]: {
        body: boardPage([row(1, "run-a", 0.8)], "best", strict, [
          strict,
          loose,
        ]),
      },
      [leaderboardUrl({ judge_key: LOOSE_KEY })]: {
        body: boardPage([row(1, "run-c", 0.95)], "best", loose, [
          strict,
          loose,
        ]),
      },
    });
    const { router } = renderRoute(<LeaderboardPage />, {
      url: "/leaderboard?dataset_key=arith-v1&judge=answer_correctness",
    });
    const picker = await screen.findByRole("combobox", {
      name: "Judge setup",
    });
    expect(picker).toHaveValue(STRICT_KEY);

    await userEvent.selectOptions(picker, LOOSE_KEY);

    expect(
      new URLSearchParams(router.state.location.search).get("judge_key"),
    ).toBe(LOOSE_KEY);
    expect(await screen.findByRole("row", { name: /run-c/ })).toBeVisible();
    expect(screen.queryByRole("row", { name: /run-a/ })).toBeNull();
    expect(screen.getByRole("note", { name: "Judge setup" })).toHaveTextContent(
      "rel_tol=0.01",
    );
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
