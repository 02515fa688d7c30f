import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderApp } from "../../test/render";
import { forcedMove, lastPage, model, version } from "./fixtures";
import { stubApi } from "./testApi";
import { testRoutes } from "./testRoutes";

const page = (data: unknown[]) => ({ body: { data, pagination: lastPage } });

function stubModel() {
  return stubApi({
    "GET /api/models/arith": { body: model },
    "GET /api/models/arith/versions?limit=100": page([version(2), version(1)]),
    "GET /api/models/arith/aliases": {
      body: [
        {
          alias: "production",
          version: 1,
          version_id: "v-1",
          updated_at: "2025-01-02T10:45:00Z",
        },
      ],
    },
    "GET /api/models/arith/aliases/history?limit=50": page([
      forcedMove.event,
      {
        id: 1,
        alias: "production",
        from_version: null,
        to_version: 1,
        forced: false,
        check: null,
        reason: "first release",
        created_at: "2025-01-02T10:45:00Z",
      },
    ]),
    "GET /api/tunix/runs?status=succeeded&limit=100": page([]),
    "GET /api/regression/baselines?limit=100": page([]),
  });
}

describe("ModelPage", () => {
  it("lists versions with their size, files, source run and alias badges", async () => {
    stubModel();
    renderApp(testRoutes, "/models/arith");

    const table = await screen.findByRole("table", { name: "Versions" });
    const [, v2, v1] = within(table).getAllByRole("row");
    expect(within(v1!).getByRole("link", { name: "v1" })).toHaveAttribute(
      "href",
      "/models/arith/versions/1",
    );
    expect(v1).toHaveTextContent("good");
    expect(v1).toHaveTextContent("2.4 MB");
    expect(within(v1!).getByText("production")).toBeInTheDocument();
    expect(within(v1!).getByRole("link", { name: "run-1-00" })).toHaveAttribute(
      "href",
      "/runs/run-1-0000-0000",
    );
    expect(v2).not.toHaveTextContent("production");
  });

  it("shows where each alias points and every move, forced ones marked", async () => {
    stubModel();
    renderApp(testRoutes, "/models/arith");

    const current = await screen.findByRole("list", {
      name: "Current aliases",
    });
    expect(current).toHaveTextContent("production → version 1");
    const history = await screen.findByRole("table", { name: "Alias history" });
    const [, forced, first] = within(history).getAllByRole("row");
    expect(forced).toHaveTextContent("v1 → v2");
    expect(forced).toHaveTextContent("fail prod-bar (Δ -0.6875)");
    expect(within(forced!).getByText("forced")).toBeInTheDocument();
    expect(forced).toHaveTextContent("hotfix for the demo");
    expect(first).toHaveTextContent("new → v1");
    expect(first).toHaveTextContent("no gate");
  });

  it("says so when the model does not exist", async () => {
    stubApi({});
    renderApp(testRoutes, "/models/nope");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not load the model",
    );
  });
});
