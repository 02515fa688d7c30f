import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderApp } from "../../test/render";
import { version } from "./fixtures";
import { stubApi } from "./testApi";
import { testRoutes } from "./testRoutes";

const lineage = {
  source_run: {
    id: "run-1-0000-0000",
    status: "succeeded",
    step: 24,
    metrics: { loss: 0.93 },
  },
  base_model: "tiny",
  dataset: { key: "arith-v1", hash: "b770b7ab" },
  config: { model: "tiny", max_steps: 24 },
  code_version: { tunix_rt: "0.1.0", packages: { jax: "0.10.2" } },
  evaluations: [
    {
      evaluation_id: "eval-good-0000",
      model_ref: "run:run-1-0000-0000",
      dataset_key: "arith-v1",
      split: "eval",
      means: { trace_format: 0.6875 },
      finished_at: "2025-01-02T10:00:00Z",
    },
  ],
};

describe("VersionPage", () => {
  it("shows the lineage with links to the run, dataset and evaluations", async () => {
    stubApi({
      "GET /api/models/arith/versions/1": { body: version(1, { lineage }) },
    });
    renderApp(testRoutes, "/models/arith/versions/1");

    const panel = await screen.findByRole("region", { name: "Lineage" });
    expect(
      within(panel).getByRole("link", { name: "run-1-00" }),
    ).toHaveAttribute("href", "/runs/run-1-0000-0000");
    expect(
      within(panel).getByRole("link", { name: "arith-v1" }),
    ).toHaveAttribute("href", "/datasets/arith-v1");
    expect(panel).toHaveTextContent("b770b7ab");
    expect(panel).toHaveTextContent("jax 0.10.2");
    const evaluations = screen.getByRole("table", { name: "Evaluations" });
    expect(
      within(evaluations).getByRole("link", { name: "eval-goo" }),
    ).toHaveAttribute("href", "/evaluations/eval-good-0000");
    expect(evaluations).toHaveTextContent("0.688");
    expect(
      screen.getByRole("region", { name: "Resolved config" }),
    ).toHaveTextContent('"max_steps": 24');
  });

  it("offers the zip and each file for download, with sizes and hashes", async () => {
    stubApi({
      "GET /api/models/arith/versions/production": { body: version(1) },
    });
    renderApp(testRoutes, "/models/arith/versions/production");

    expect(
      await screen.findByRole("link", { name: "Download zip" }),
    ).toHaveAttribute("href", "/api/models/arith/versions/1/download");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent(
      "arith · version 1",
    );
    const files = screen.getByRole("table", { name: "Files" });
    expect(
      within(files).getByRole("link", { name: "Download model.safetensors" }),
    ).toHaveAttribute(
      "href",
      "/api/models/arith/versions/1/files/model.safetensors",
    );
    expect(files).toHaveTextContent("2.4 MB");
    expect(files).toHaveTextContent("d29629a8");
  });
});
