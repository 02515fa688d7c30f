import { configure, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/types";
import { mockApi } from "../../test/mockApi";
import { renderRoute } from "../../test/render";
import { DatasetsPage } from "./DatasetsPage";

function summary(key: string, trace_count: number): Schemas["DatasetSummary"] {
  const [name, version] = key.split("-") as [string, string];
  return {
    dataset_key: key,
    name,
    version,
    build_id: `build-${key}`,
    created_at: "2025-03-01T10:00:00Z",
    trace_count,
    selection_strategy: "random",
    content_hash: "ab".repeat(32),
    splits: { train: trace_count - 2, eval: 2 },
  };
}

function page(
  data: Schemas["DatasetSummary"][],
  next_offset: number | null = null,
) {
  return {
    body: {
      data,
      pagination: { limit: 20, offset: 0, next_offset },
    } satisfies Schemas["Page_DatasetSummary_"],
  };
}

// Charts, debounced requests and routing are slow in jsdom on a loaded machine.
configure({ asyncUtilTimeout: 5_000 });

describe("DatasetsPage", { timeout: 20_000 }, () => {
  it("lists the datasets with their sizes, each linking to its page", async () => {
    mockApi({
      "/api/datasets?limit=20&offset=0": page([
        summary("arith-v2", 40),
        summary("arith-v1", 10),
      ]),
    });
    renderRoute(<DatasetsPage />, { url: "/datasets", path: "/datasets" });

    const link = await screen.findByRole("link", { name: "arith-v2" });
    expect(link).toHaveAttribute("href", "/datasets/arith-v2");
    const row = link.closest("tr")!;
    expect(
      within(row)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(
      expect.arrayContaining(["40", "38", "2", "random", "abababababab"]),
    );
    expect(screen.getByRole("button", { name: "Older" })).toBeDisabled();
  });

  it("keeps the name filter in the address and asks the API for it", async () => {
    const fetchMock = mockApi({
      "/api/datasets?limit=20&offset=0": page([summary("arith-v1", 10)]),
      "/api/datasets?limit=20&offset=0&name=arith": page([
        summary("arith-v1", 10),
      ]),
    });
    const user = userEvent.setup();
    const { router } = renderRoute(<DatasetsPage />, {
      url: "/datasets",
      path: "/datasets",
    });
    await screen.findByRole("link", { name: "arith-v1" });
    await user.type(screen.getByRole("searchbox", { name: "Name" }), "arith");
    expect(router.state.location.search).toBe("?name=arith");
    expect(
      fetchMock.mock.calls.map(([input]) => String(input as string)),
    ).toContain("/api/datasets?limit=20&offset=0&name=arith");
  });

  it("offers to build the first dataset when there is none", async () => {
    mockApi({
      "/api/datasets?limit=20&offset=0": page([]),
      "/api/datasets/preview": {
        body: {
          matching_count: 0,
          selected_count: 0,
          splits: { train: 0, eval: 0 },
        },
      },
    });
    const user = userEvent.setup();
    const { router } = renderRoute(<DatasetsPage />, {
      url: "/datasets",
      path: "/datasets",
    });
    await user.click(
      await screen.findByRole("button", { name: "Build the first one" }),
    );
    expect(router.state.location.search).toBe("?build=1");
    expect(
      screen.getByRole("heading", { name: "Build a dataset" }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        /traces match these filters; a build would be refused/,
      ),
    ).toBeInTheDocument();
  });

  it("says why the list could not be loaded", async () => {
    mockApi({
      "/api/datasets?limit=20&offset=0": {
        status: 500,
        body: { detail: "database unavailable" },
      },
    });
    renderRoute(<DatasetsPage />, { url: "/datasets", path: "/datasets" });
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "database unavailable",
    );
  });
});
