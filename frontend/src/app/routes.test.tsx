import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { mockApi } from "../test/mockApi";
import { renderApp } from "../test/render";
import { NAV_ITEMS } from "./nav";
import { routes } from "./routes";

describe("the dashboard shell", () => {
  it("offers every section in the main navigation", async () => {
    mockApi({});
    renderApp(routes, "/");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    for (const item of NAV_ITEMS) {
      expect(screen.getByRole("link", { name: item.label })).toHaveAttribute(
        "href",
        item.to,
      );
    }
    expect(nav).toBeInTheDocument();
  });

  it("marks the section of a deep link as the current one", async () => {
    mockApi({});
    renderApp(routes, "/leaderboard?dataset_key=a");
    const link = await screen.findByRole("link", { name: "Leaderboard" });
    expect(link).toHaveAttribute("aria-current", "page");
  });

  it("answers an unknown address with a not-found page", async () => {
    mockApi({});
    renderApp(routes, "/no/such/page");
    expect(
      await screen.findByRole("heading", { name: "Page not found" }),
    ).toBeInTheDocument();
  });
});
