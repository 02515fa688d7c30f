import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/types";
import { mockApi } from "../../test/mockApi";
import { renderWithQueryClient } from "../../test/render";
import { SystemStatusPanel } from "./SystemStatusPanel";

const healthy = {
  status: "healthy",
  version: "0.1.0",
} satisfies Schemas["Health"];

describe("SystemStatusPanel", () => {
  it("shows the API as healthy and the database as ready", async () => {
    mockApi({
      "/api/health": { body: healthy },
      "/api/ready": {
        body: {
          status: "ready",
          database: "sqlite",
        } satisfies Schemas["Readiness"],
      },
    });

    renderWithQueryClient(<SystemStatusPanel />);

    expect(
      screen.getByRole("heading", { name: "System status" }),
    ).toBeInTheDocument();
    expect(await screen.findByText("API: healthy")).toBeInTheDocument();
    expect(await screen.findByText("Database: ready")).toBeInTheDocument();
  });

  it("shows the API as unreachable when nothing answers", async () => {
    const networkFailure = new TypeError("Failed to fetch");
    mockApi({ "/api/health": networkFailure, "/api/ready": networkFailure });

    renderWithQueryClient(<SystemStatusPanel />);

    expect(
      await screen.findByText("API: unreachable (Failed to fetch)"),
    ).toBeInTheDocument();
    expect(
      await screen.findByText("Database: unreachable (Failed to fetch)"),
    ).toBeInTheDocument();
  });

  it("shows the backend's detail when the database is not ready", async () => {
    mockApi({
      "/api/health": { body: healthy },
      "/api/ready": {
        status: 503,
        body: {
          status: "unavailable",
          detail: "database unavailable",
        } satisfies Schemas["Unready"],
      },
    });

    renderWithQueryClient(<SystemStatusPanel />);

    expect(await screen.findByText("API: healthy")).toBeInTheDocument();
    expect(
      await screen.findByText("Database: database unavailable"),
    ).toBeInTheDocument();
  });
});
