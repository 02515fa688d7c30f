import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { Schemas } from "./api/types";
import { App } from "./App";
import { mockApi } from "./test/mockApi";
import { renderWithQueryClient } from "./test/render";

describe("App", () => {
  it("shows the product name, system status and traces panels", async () => {
    mockApi({
      "/api/health": {
        body: {
          status: "healthy",
          version: "0.1.0",
        } satisfies Schemas["Health"],
      },
      "/api/ready": {
        body: {
          status: "ready",
          database: "sqlite",
        } satisfies Schemas["Readiness"],
      },
      "/api/traces?limit=10": {
        body: {
          data: [],
          pagination: { limit: 10, offset: 0, next_offset: null },
        } satisfies Schemas["Page_TraceSummary_"],
      },
    });

    renderWithQueryClient(<App />);

    expect(
      screen.getByRole("heading", { level: 1, name: "tunix-rt" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("region", { name: "System status" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Traces" })).toBeInTheDocument();
    expect(await screen.findByText("No traces yet")).toBeInTheDocument();
  });
});
