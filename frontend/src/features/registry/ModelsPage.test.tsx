import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderApp } from "../../test/render";
import { lastPage, model } from "./fixtures";
import { testRoutes } from "./testRoutes";
import { stubApi } from "./testApi";

const page = (data: unknown[]) => ({ body: { data, pagination: lastPage } });

describe("ModelsPage", () => {
  it("lists models with their version count, tags and aliases", async () => {
    stubApi({ "GET /api/models?limit=50&offset=0": page([model]) });
    renderApp(testRoutes, "/models");

    const table = await screen.findByRole("table", { name: "Models" });
    const row = within(table).getAllByRole("row")[1]!;
    expect(within(row).getByRole("link", { name: "arith" })).toHaveAttribute(
      "href",
      "/models/arith",
    );
    expect(row).toHaveTextContent("one-digit sums");
    expect(row).toHaveTextContent("math");
    expect(row).toHaveTextContent("production → v1");
    expect(within(row).getAllByRole("cell")[3]).toHaveTextContent("2");
  });

  it("keeps the tag filter in the address", async () => {
    stubApi({
      "GET /api/models?limit=50&offset=0": page([model]),
      "GET /api/models?tag=nlp&limit=50&offset=0": page([]),
    });
    const { router } = renderApp(testRoutes, "/models");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Tag"), "nlp");

    expect(
      await screen.findByText("No model is tagged nlp."),
    ).toBeInTheDocument();
    expect(router.state.location.search).toBe("?tag=nlp");
  });

  it("creates a model and opens its page", async () => {
    const sent = stubApi({
      "GET /api/models?limit=50&offset=0": page([]),
      "POST /api/models": { status: 201, body: { ...model, name: "words" } },
      "GET /api/models/words": { body: { ...model, name: "words" } },
    });
    const { router } = renderApp(testRoutes, "/models");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "New model" }));
    await user.type(screen.getByLabelText("Name"), "words");
    await user.type(screen.getByLabelText("Tags"), "nlp, demo");
    await user.click(screen.getByRole("button", { name: "Create model" }));

    await screen.findByRole("heading", { level: 1, name: "words" });
    expect(router.state.location.pathname).toBe("/models/words");
    expect(sent[0]).toEqual({
      method: "POST",
      path: "/api/models",
      body: { name: "words", description: "", tags: ["nlp", "demo"] },
    });
  });

  it("shows the API's refusal of a taken name beside the form", async () => {
    stubApi({
      "GET /api/models?limit=50&offset=0": page([model]),
      "POST /api/models": {
        status: 409,
        body: { detail: "model 'arith' already exists" },
      },
    });
    renderApp(testRoutes, "/models");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "New model" }));
    await user.type(screen.getByLabelText("Name"), "arith");
    await user.click(screen.getByRole("button", { name: "Create model" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "model 'arith' already exists",
    );
  });
});
