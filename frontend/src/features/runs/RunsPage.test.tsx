import { configure, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { mockApi } from "../../test/mockApi";
import { renderRoute } from "../../test/render";
import { makeRun } from "./fixtures";
import { RunsPage } from "./RunsPage";

// The first render of a file loads the page's modules: slow on a busy machine.
configure({ asyncUtilTimeout: 5000 });

const page = (runs: unknown[], next_offset: number | null = null) => ({
  body: { data: runs, pagination: { limit: 20, offset: 0, next_offset } },
});
const noDatasets = { "/api/datasets?limit=100": page([]) };

describe("the runs list", () => {
  it("lists runs with their status and progress, each linking to its page", async () => {
    const run = makeRun();
    mockApi({
      ...noDatasets,
      "/api/tunix/runs?limit=20&offset=0": page([run]),
    });
    renderRoute(<RunsPage />, { url: "/runs", path: "/runs" });

    const link = await screen.findByRole("link", { name: "0b7f1e2a" });
    expect(link).toHaveAttribute("href", `/runs/${run.run_id}`);
    const row = link.closest("tr")!;
    expect(within(row).getByText("running")).toBeInTheDocument();
    expect(within(row).getByText("10/40")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "New run" })).toHaveAttribute(
      "href",
      "/runs/new",
    );
  });

  it("filters by status through the query string", async () => {
    const user = userEvent.setup();
    mockApi({
      ...noDatasets,
      "/api/tunix/runs?limit=20&offset=0": page([makeRun()]),
      "/api/tunix/runs?status=succeeded&limit=20&offset=0": page([
        makeRun({ run_id: "feedbeef-0000", status: "succeeded" }),
      ]),
    });
    const { router } = renderRoute(<RunsPage />, {
      url: "/runs",
      path: "/runs",
    });
    await screen.findByRole("link", { name: "0b7f1e2a" });

    await user.selectOptions(screen.getByLabelText("Status"), "succeeded");

    expect(
      await screen.findByRole("link", { name: "feedbeef" }),
    ).toBeInTheDocument();
    expect(router.state.location.search).toBe("?status=succeeded");
  });

  it("reads its filter from a deep link and says when nothing matches", async () => {
    mockApi({
      ...noDatasets,
      "/api/tunix/runs?status=failed&limit=20&offset=0": page([]),
    });
    renderRoute(<RunsPage />, { url: "/runs?status=failed", path: "/runs" });

    expect(
      await screen.findByText("No runs match these filters."),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("Status")).toHaveValue("failed");
  });

  it("shows an error it can retry when the list cannot be loaded", async () => {
    mockApi({
      ...noDatasets,
      "/api/tunix/runs?limit=20&offset=0": {
        status: 500,
        body: { detail: "Internal server error" },
      },
    });
    renderRoute(<RunsPage />, { url: "/runs", path: "/runs" });
    expect(await screen.findByText("Could not load runs")).toBeInTheDocument();
    expect(
      screen.getByRole("button", { name: "Try again" }),
    ).toBeInTheDocument();
  });
});
