import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { mockApi } from "../../test/mockApi";
import { renderWithQueryClient } from "../../test/render";
import { TracesPanel } from "./TracesPanel";

const emptyPage = { limit: 10, offset: 0, next_offset: null };

describe("TracesPanel", () => {
  it("lists the most recent traces by id and version", async () => {
    mockApi({
      "/api/traces?limit=10": {
        body: {
          data: [
            {
              id: "trace-b",
              created_at: "2025-01-02T10:00:00Z",
              trace_version: "1",
            },
            {
              id: "trace-a",
              created_at: "2025-01-01T10:00:00Z",
              trace_version: "2",
            },
          ],
          pagination: emptyPage,
        },
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
      "/api/traces?limit=10": { body: { data: [], pagination: emptyPage } },
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
