import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/types";
import { mockApi } from "../../test/mockApi";
import { renderWithQueryClient } from "../../test/render";
import { TracesPanel } from "./TracesPanel";

const lastPage = {
  limit: 10,
  offset: 0,
  next_offset: null,
} satisfies Schemas["Pagination"];

function traceSummary(
  id: string,
  created_at: string,
  trace_version: string,
): Schemas["TraceSummary"] {
  return { id, created_at, trace_version, source: null, step_count: 2 };
}

describe("TracesPanel", () => {
  it("lists the most recent traces by id and version", async () => {
    mockApi({
      "/api/traces?limit=10": {
        body: {
          data: [
            traceSummary("trace-b", "2025-01-02T10:00:00Z", "1"),
            traceSummary("trace-a", "2025-01-01T10:00:00Z", "2"),
          ],
          pagination: lastPage,
        } satisfies Schemas["Page_TraceSummary_"],
      },
    });

    renderWithQueryClient(<TracesPanel />);

    const items = await screen.findAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByText("trace-b")).toBeInTheDocument();
    expect(items[0]).toHaveTextContent("v1");
    expect(within(items[1]!).getByText("trace-a")).toBeInTheDocument();
    expect(items[1]).toHaveTextContent("v2");
  });

  it("says so when there are no traces yet", async () => {
    mockApi({
      "/api/traces?limit=10": {
        body: {
          data: [],
          pagination: lastPage,
        } satisfies Schemas["Page_TraceSummary_"],
      },
    });

    renderWithQueryClient(<TracesPanel />);

    expect(await screen.findByText("No traces yet")).toBeInTheDocument();
    expect(screen.queryByRole("listitem")).not.toBeInTheDocument();
  });

  it("shows the backend's detail when listing fails", async () => {
    mockApi({
      "/api/traces?limit=10": {
        status: 500,
        body: { detail: "database unavailable" },
      },
    });

    renderWithQueryClient(<TracesPanel />);

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not load traces: database unavailable",
    );
  });
});
