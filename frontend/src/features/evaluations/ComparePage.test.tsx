import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/types";
import { mockApi } from "../../test/mockApi";
import { renderRoute } from "../../test/render";
import { ComparePage } from "./ComparePage";
import { evaluation, JUDGES, page } from "./testData";

const COMPARE = "/api/evaluations/compare";
const SUGGESTIONS = {
  "/api/evaluations?status=succeeded&limit=100": { body: page([]) },
  "/api/judges": { body: JUDGES },
};

const comparison = {
  a: "ev1",
  b: "ev2",
  judge: "answer_correctness",
  judge_key: "9f86d081884c7d65",
  dataset_key: "arith-v1",
  split: "eval",
  paired_items: 40,
  skipped_unparseable: 2,
  wins: 12,
  losses: 2,
  ties: 26,
  mean_a: 0.5,
  mean_b: 0.75,
  paired_bootstrap: {
    mean_difference: 0.25,
    ci_low: 0.1,
    ci_high: 0.4,
    p_value: 0.002,
  },
  mcnemar: { statistic: 2, p_value: 0.0129, method: "exact" },
  significant: true,
  better: "b",
} satisfies Schemas["Comparison"];

function renderCompare(url: string) {
  return renderRoute(<ComparePage />, { url, path: "/evaluations/compare" });
}

describe("comparing two evaluations", () => {
  it("shows a 422 about different splits as a refusal naming what differs", async () => {
    mockApi({
      ...SUGGESTIONS,
      [COMPARE]: {
        status: 422,
        body: {
          detail: "split: a is on eval, b on train; compare the same split",
        },
      },
    });
    renderCompare("/evaluations/compare?a=ev1&b=ev2");

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("These evaluations cannot be compared");
    expect(alert).toHaveTextContent(
      "split: a is on eval, b on train; compare the same split",
    );
  });

  it("puts a 422 about the judge beside the judge field", async () => {
    mockApi({
      ...SUGGESTIONS,
      [COMPARE]: {
        status: 422,
        body: {
          detail:
            "judge: the evaluations share answer_correctness, trace_format; name one",
        },
      },
    });
    renderCompare("/evaluations/compare?a=ev1&b=ev2");

    await screen.findAllByRole("alert");
    const judge = screen.getByLabelText("Judge");
    expect(judge).toHaveAttribute("aria-invalid", "true");
    expect(judge).toHaveAccessibleDescription(
      /the evaluations share answer_correctness, trace_format; name one/,
    );
  });

  it("explains wins, the paired bootstrap and McNemar's test in words", async () => {
    mockApi({
      ...SUGGESTIONS,
      [COMPARE]: { body: comparison },
      "/api/evaluations/ev1": { body: evaluation({ evaluation_id: "ev1" }) },
      "/api/evaluations/ev2": {
        body: evaluation({ evaluation_id: "ev2", model_name: "arith@2" }),
      },
    });
    renderCompare("/evaluations/compare?a=ev1&b=ev2");

    expect(
      await screen.findByText(
        /B is better: its mean answer_correctness score is higher than A's/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /B scored higher on 12, lower on 2 and the same on 26 of 40/,
      ),
    ).toBeInTheDocument();
    const bootstrap = screen.getByRole("region", { name: "Paired bootstrap" });
    expect(bootstrap).toHaveTextContent("The interval excludes 0");
    const mcnemar = screen.getByRole("region", { name: "McNemar's test" });
    expect(mcnemar).toHaveTextContent("exact binomial test");
    expect(
      await within(
        screen.getByRole("region", { name: "B (challenger)" }),
      ).findByText(/arith@2/),
    ).toBeInTheDocument();
  });

  it("puts the chosen evaluations and judge in the URL", async () => {
    const fetch = mockApi({ ...SUGGESTIONS, [COMPARE]: { body: comparison } });
    const { router } = renderCompare("/evaluations/compare");

    await userEvent.type(screen.getByLabelText("A (reference)"), "ev1");
    await userEvent.type(screen.getByLabelText("B (challenger)"), "ev2");
    await userEvent.selectOptions(
      await screen.findByRole("combobox", { name: "Judge" }),
      "answer_correctness",
    );
    await userEvent.click(screen.getByRole("button", { name: "Compare" }));

    const params = new URLSearchParams(router.state.location.search);
    expect(params.get("a")).toBe("ev1");
    expect(params.get("b")).toBe("ev2");
    expect(params.get("judge")).toBe("answer_correctness");
    await screen.findByText(/B is better/);
    const calls = fetch.mock.calls as unknown as [
      string,
      { method?: string; body?: string }?,
    ][];
    const post = calls.find(([url]) => url === COMPARE);
    expect(JSON.parse(String(post?.[1]?.body))).toMatchObject({
      a: "ev1",
      b: "ev2",
      judge: "answer_correctness",
    });
  });
});
