import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/types";
import { mockApi } from "../../test/mockApi";
import { renderRoute } from "../../test/render";
import { TraceComparePage } from "./TraceComparePage";

function side(
  id: string,
  score: number,
  steps: string[],
  final_answer: string,
): Schemas["CompareSide"] {
  return {
    id,
    created_at: "2025-01-02T10:00:00Z",
    score,
    trace_version: "1",
    payload: {
      trace_version: "1",
      prompt: "What is 3 + 4?",
      final_answer,
      steps: steps.map((content, i) => ({ i, type: "t", content })),
      meta: { source: "tests" },
    },
  };
}

describe("comparing two traces", () => {
  it("shows both scores and a step-level diff", async () => {
    mockApi({
      "/api/traces/compare?base=a&other=b": {
        body: {
          base: side("a", 60, ["read 3 and 4", "3 + 4 = 7"], "7"),
          other: side(
            "b",
            72.5,
            ["read 3 and 4", "3 + 4 = 8", "check the sum"],
            "8",
          ),
        } satisfies Schemas["CompareResult"],
      },
    });
    renderRoute(<TraceComparePage />, {
      url: "/traces/compare?a=a&b=b",
      path: "/traces/compare",
    });
    expect(await screen.findByTestId("diff-summary")).toHaveTextContent(
      "Steps: 1 same · 1 changed · 0 only in A · 1 only in B. Score difference (B − A): +12.5.",
    );
    expect(screen.getByTestId("score-A")).toHaveTextContent("60");
    expect(screen.getByTestId("score-B")).toHaveTextContent("72.5");
    const diff = screen.getByRole("table", { name: "Step diff" });
    const kinds = within(diff)
      .getAllByRole("row")
      .slice(1)
      .map((row) => row.getAttribute("data-kind"));
    expect(kinds).toEqual(["same", "changed", "added"]);
    const changed = within(diff).getAllByRole("row")[2]!;
    expect(changed.querySelector("del")).toHaveTextContent("7");
    expect(changed.querySelector("ins")).toHaveTextContent("8");
    expect(screen.getByText("Prompt (same)")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Swap A and B" })).toHaveAttribute(
      "href",
      "/traces/compare?a=b&b=a",
    );
  });

  it("asks for two traces when the link names none", () => {
    mockApi({});
    renderRoute(<TraceComparePage />, {
      url: "/traces/compare",
      path: "/traces/compare",
    });
    expect(screen.getByLabelText("Trace A")).toBeInTheDocument();
    expect(screen.getByLabelText("Trace B")).toBeInTheDocument();
  });
});
