import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { mockApi } from "../../test/mockApi";
import { renderRoute } from "../../test/render";
import { tuningJob } from "./testData";
import { TuningListPage } from "./TuningListPage";

const page = (jobs: unknown[]) => ({
  body: { data: jobs, pagination: { limit: 20, offset: 0, next_offset: null } },
});

// Whole pages with forms: slower than a unit test on a busy machine.
describe("TuningListPage", { timeout: 15_000 }, () => {
  it("lists searches with their status and trials done", async () => {
    mockApi({
      "/api/tuning/jobs?limit=20&offset=0": page([
        tuningJob({
          trial_counts: { succeeded: 1, running: 1 },
          num_samples: 4,
        }),
      ]),
    });
    renderRoute(<TuningListPage />, { url: "/tuning" });
    const link = await screen.findByRole("link", { name: "lr search" });
    expect(link).toHaveAttribute("href", "/tuning/tj-1");
    const row = link.closest("tr")!;
    expect(row).toHaveTextContent("succeeded");
    expect(row).toHaveTextContent("eval_loss (min)");
    expect(row).toHaveTextContent("1 / 4");
  });

  it("keeps the status filter in the query string", async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({
      "/api/tuning/jobs?limit=20&offset=0": page([tuningJob()]),
      "/api/tuning/jobs?status=failed&limit=20&offset=0": page([]),
    });
    const { router } = renderRoute(<TuningListPage />, { url: "/tuning" });
    await screen.findByRole("link", { name: "lr search" });
    await user.selectOptions(screen.getByLabelText("Status"), "failed");
    expect(router.state.location.search).toBe("?status=failed");
    expect(
      await screen.findByText("No tuning jobs with status failed."),
    ).toBeInTheDocument();
  });

  it("reads the filter of a deep link", async () => {
    mockApi({ "/api/tuning/jobs?status=running&limit=20&offset=0": page([]) });
    renderRoute(<TuningListPage />, { url: "/tuning?status=running" });
    expect(
      await screen.findByText("No tuning jobs with status running."),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("Status")).toHaveValue("running");
  });

  it("says when the list cannot be loaded", async () => {
    mockApi({
      "/api/tuning/jobs?limit=20&offset=0": {
        status: 500,
        body: { detail: "database down" },
      },
    });
    renderRoute(<TuningListPage />, { url: "/tuning" });
    expect(await screen.findByRole("alert")).toHaveTextContent("database down");
  });
});
