import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { Schemas } from "../../api/types";
import { mockApi } from "../../test/mockApi";
import { renderRoute } from "../../test/render";
import { TracesPage } from "./TracesPage";

function summary(n: number): Schemas["TraceSummary"] {
  return {
    id: `trace-${n}`,
    created_at: "2025-01-02T10:00:00Z",
    trace_version: "1",
    source: "generator",
    step_count: 3,
    prompt_preview: `What is ${n} + ${n}?`,
  };
}

function page(
  from: number,
  size: number,
  next_cursor: string | null = null,
): Schemas["Page_TraceSummary_"] {
  return {
    data: Array.from({ length: size }, (_, k) => summary(from + k)),
    pagination: { limit: 100, offset: 0, next_offset: null, next_cursor },
  };
}

/** jsdom lays nothing out: give the list's scroller a height so rows are in view. */
function giveListAHeight(px = 520) {
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(px);
}

function dataRows() {
  const table = screen.getByRole("table", { name: "Traces" });
  return within(table)
    .getAllByRole("row")
    .filter((row) => row.hasAttribute("aria-rowindex"))
    .filter((row) => row.getAttribute("aria-rowindex") !== "1");
}

describe("the traces list", () => {
  it("puts each filter into the query string and asks the API with it", async () => {
    const fetchMock = mockApi({
      "/api/traces?limit=100": { body: page(0, 2) },
      "/api/traces/count": { body: { count: 2 } },
      "/api/traces?q=carry&source=generator&meta=seed%3D7&limit=100": {
        body: page(5, 1),
      },
      "/api/traces/count?q=carry&source=generator&meta=seed%3D7": {
        body: { count: 1 },
      },
    });
    const user = userEvent.setup();
    const { router } = renderRoute(<TracesPage />, {
      url: "/traces",
      path: "/traces",
    });
    expect(await screen.findByText("2 traces")).toBeInTheDocument();

    await user.type(screen.getByLabelText("Search"), "carry");
    await user.type(screen.getByLabelText("Source"), "generator{Enter}");
    await user.type(screen.getByLabelText("Meta"), "seed=7{Enter}");

    await waitFor(() =>
      expect(
        new URLSearchParams(router.state.location.search).getAll("meta"),
      ).toEqual(["seed=7"]),
    );
    const params = new URLSearchParams(router.state.location.search);
    expect(params.get("q")).toBe("carry");
    expect(params.get("source")).toBe("generator");
    expect(
      await screen.findByText("1 trace match these filters"),
    ).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledWith(
      "/api/traces?q=carry&source=generator&meta=seed%3D7&limit=100",
      expect.anything(),
    );
  });

  it("reads its filters from a deep link and clears them", async () => {
    mockApi({
      "/api/traces?tag=math&limit=100": { body: page(0, 1) },
      "/api/traces/count?tag=math": { body: { count: 1 } },
      "/api/traces?limit=100": { body: page(0, 3) },
      "/api/traces/count": { body: { count: 3 } },
    });
    const user = userEvent.setup();
    const { router } = renderRoute(<TracesPage />, {
      url: "/traces?tag=math",
      path: "/traces",
    });
    expect(screen.getByLabelText("Tag")).toHaveValue("math");
    expect(
      await screen.findByText("1 trace match these filters"),
    ).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(router.state.location.search).toBe("");
    expect(screen.getByLabelText("Tag")).toHaveValue("");
    expect(await screen.findByText("3 traces")).toBeInTheDocument();
  });

  it("renders only the rows in view of 100,000 traces", async () => {
    giveListAHeight();
    mockApi({
      "/api/traces?limit=100": { body: page(0, 100, "cursor-1") },
      "/api/traces/count": { body: { count: 100_000 } },
    });
    renderRoute(<TracesPage />, { url: "/traces", path: "/traces" });
    expect(await screen.findByText("What is 0 + 0?")).toBeInTheDocument();
    expect(screen.getByText("100,000 traces")).toBeInTheDocument();
    expect(screen.getByRole("table", { name: "Traces" })).toHaveAttribute(
      "aria-rowcount",
      "100001",
    );
    const rendered = dataRows().length;
    expect(rendered).toBeGreaterThanOrEqual(10);
    expect(rendered).toBeLessThan(40);
    expect(screen.queryByText("What is 99 + 99?")).not.toBeInTheDocument();
  });

  it("fetches the next page by cursor when the loaded rows run out", async () => {
    giveListAHeight();
    const fetchMock = mockApi({
      "/api/traces?limit=100": { body: page(0, 20, "cursor-1") },
      "/api/traces?limit=100&cursor=cursor-1": { body: page(20, 5) },
      "/api/traces/count": { body: { count: 25 } },
    });
    renderRoute(<TracesPage />, { url: "/traces", path: "/traces" });
    await waitFor(() =>
      expect(fetchMock).toHaveBeenCalledWith(
        "/api/traces?limit=100&cursor=cursor-1",
        expect.anything(),
      ),
    );
    // Scroll to the end: the second page's rows are rendered there.
    const scroller = screen.getByTestId("trace-scroll");
    Object.defineProperty(scroller, "scrollTop", { value: 25 * 52 - 520 });
    fireEvent.scroll(scroller);
    expect(await screen.findByText("What is 24 + 24?")).toBeInTheDocument();
    expect(screen.queryByText("What is 0 + 0?")).not.toBeInTheDocument();
  });

  it("links two ticked traces to the comparison", async () => {
    giveListAHeight();
    mockApi({
      "/api/traces?limit=100": { body: page(0, 3) },
      "/api/traces/count": { body: { count: 3 } },
    });
    const user = userEvent.setup();
    renderRoute(<TracesPage />, { url: "/traces", path: "/traces" });
    await user.click(
      await screen.findByRole("checkbox", {
        name: "Select trace trace-0 to compare",
      }),
    );
    expect(screen.queryByRole("link", { name: "Compare" })).toBeNull();
    await user.click(
      screen.getByRole("checkbox", { name: "Select trace trace-2 to compare" }),
    );
    expect(screen.getByRole("link", { name: "Compare" })).toHaveAttribute(
      "href",
      "/traces/compare?a=trace-0&b=trace-2",
    );
  });

  it("says when no trace matches the filters", async () => {
    mockApi({
      "/api/traces?source=nobody&limit=100": { body: page(0, 0) },
      "/api/traces/count?source=nobody": { body: { count: 0 } },
    });
    renderRoute(<TracesPage />, {
      url: "/traces?source=nobody",
      path: "/traces",
    });
    expect(
      await screen.findByText("No traces match these filters."),
    ).toBeInTheDocument();
  });

  it("shows the API's message when the list fails", async () => {
    mockApi({
      "/api/traces?limit=100": {
        status: 500,
        body: { detail: "database unavailable" },
      },
      "/api/traces/count": { body: { count: 0 } },
    });
    renderRoute(<TracesPage />, { url: "/traces", path: "/traces" });
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "database unavailable",
    );
  });
});
