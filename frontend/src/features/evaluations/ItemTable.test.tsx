import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { mockApi } from "../../test/mockApi";
import { renderRoute } from "../../test/render";
import { EvaluationDetailPage } from "./EvaluationDetailPage";
import { SilentEventSource } from "./fakeEventSource";
import { evaluation, item, page } from "./testData";

const DETAIL = "/api/evaluations/ev1";
const ALL_ITEMS = "/api/evaluations/ev1/items?limit=20&offset=0";
const FAILED_ITEMS =
  "/api/evaluations/ev1/items?judge=answer_correctness&outcome=fail&limit=20&offset=0";

beforeEach(() => {
  vi.stubGlobal("EventSource", SilentEventSource);
});

function renderDetail(url: string) {
  return renderRoute(<EvaluationDetailPage />, {
    url,
    path: "/evaluations/:evaluationId",
  });
}

describe("the evaluation's item table", () => {
  it("shows prompt, expected answer and output side by side with verdicts", async () => {
    mockApi({
      [DETAIL]: { body: evaluation({ evaluation_id: "ev1" }) },
      [ALL_ITEMS]: { body: page([item(0, "pass"), item(1, "fail")]) },
    });
    renderDetail("/evaluations/ev1");

    const table = await screen.findByRole("table", { name: "Items" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(3);
    const [, prompt, expected, output, verdicts] = within(
      rows[2]!,
    ).getAllByRole("cell");
    expect(prompt).toHaveTextContent("What is 1 + 1?");
    expect(expected).toHaveTextContent(/^2$/);
    expect(output).toHaveTextContent("Answer: 99");
    expect(verdicts).toHaveTextContent("99 is not the expected answer");
  });

  it("puts the outcome filter and its judge in the URL and loads only those items", async () => {
    mockApi({
      [DETAIL]: { body: evaluation({ evaluation_id: "ev1" }) },
      [ALL_ITEMS]: { body: page([item(0, "pass"), item(1, "fail")]) },
      [FAILED_ITEMS]: { body: page([item(1, "fail")]) },
    });
    const { router } = renderDetail("/evaluations/ev1");
    await screen.findByRole("table", { name: "Items" });

    await userEvent.selectOptions(screen.getByLabelText("Outcome"), "fail");

    expect(
      new URLSearchParams(router.state.location.search).get("outcome"),
    ).toBe("fail");
    expect(new URLSearchParams(router.state.location.search).get("judge")).toBe(
      "answer_correctness",
    );
    const table = await screen.findByRole("table", { name: "Items" });
    await expect.poll(() => within(table).getAllByRole("row").length).toBe(2);
    expect(within(table).getByText("What is 1 + 1?")).toBeInTheDocument();
  });

  it("opens a deep link with its filter applied", async () => {
    mockApi({
      [DETAIL]: { body: evaluation({ evaluation_id: "ev1" }) },
      [FAILED_ITEMS]: { body: page([item(1, "fail")]) },
    });
    renderDetail("/evaluations/ev1?judge=answer_correctness&outcome=fail");

    const table = await screen.findByRole("table", { name: "Items" });
    expect(within(table).getAllByRole("row")).toHaveLength(2);
    expect(screen.getByLabelText("Outcome")).toHaveValue("fail");
    expect(screen.getByLabelText("Judge")).toHaveValue("answer_correctness");
  });

  it("says so when no item has the chosen outcome", async () => {
    mockApi({
      [DETAIL]: { body: evaluation({ evaluation_id: "ev1" }) },
      [FAILED_ITEMS]: { body: page([]) },
    });
    renderDetail("/evaluations/ev1?judge=answer_correctness&outcome=fail");

    expect(
      await screen.findByText("No item got “fail” from answer_correctness."),
    ).toBeInTheDocument();
  });
});

describe("the evaluation's judge aggregates", () => {
  it("shows each judge's mean, 95% CI and counts in a panel named after it", async () => {
    mockApi({
      [DETAIL]: { body: evaluation({ evaluation_id: "ev1" }) },
      [ALL_ITEMS]: { body: page([]) },
    });
    renderDetail("/evaluations/ev1");

    expect(
      await screen.findByRole("heading", { name: "Evaluation ev1" }),
    ).toBeInTheDocument();
    const panel = screen.getByRole("region", { name: "answer_correctness" });
    expect(within(panel).getByText("0.5")).toBeInTheDocument();
    expect(within(panel).getByText("95% CI 0 – 1")).toBeInTheDocument();
    expect(
      screen.getByRole("region", { name: "trace_format" }),
    ).toBeInTheDocument();
  });

  it("keeps polling a running evaluation and says scores come at the end", async () => {
    mockApi({
      [DETAIL]: {
        body: evaluation({
          evaluation_id: "ev1",
          status: "running",
          scores: [],
          finished_at: null,
          progress: { step: 1, total: 4 },
        }),
      },
      [ALL_ITEMS]: { body: page([]) },
    });
    renderDetail("/evaluations/ev1");

    expect(
      await screen.findByText(
        "Scores appear when the evaluation has finished.",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("progressbar", { name: "Generation batches" }),
    ).toHaveAttribute("aria-valuenow", "1");
    expect(
      screen.getByRole("button", { name: "Cancel evaluation" }),
    ).toBeInTheDocument();
  });
});
