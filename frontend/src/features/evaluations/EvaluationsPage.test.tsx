import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { mockApi } from "../../test/mockApi";
import { renderRoute } from "../../test/render";
import { EvaluationsPage } from "./EvaluationsPage";
import { evaluation, page } from "./testData";

describe("the evaluations list", () => {
  it("sends the URL's filters to the API and lists what it answers", async () => {
    mockApi({
      "/api/evaluations?dataset_key=arith-v1&status=succeeded&limit=20&offset=0":
        { body: page([evaluation({ evaluation_id: "ev1aaaaaaaaa" })]) },
    });
    renderRoute(<EvaluationsPage />, {
      url: "/evaluations?dataset_key=arith-v1&status=succeeded",
    });

    const table = await screen.findByRole("table", { name: "Evaluations" });
    expect(
      within(table).getByRole("link", { name: "ev1aaaaa" }),
    ).toHaveAttribute("href", "/evaluations/ev1aaaaaaaaa");
    expect(screen.getByLabelText("Status")).toHaveValue("succeeded");
  });

  it("keeps a typed filter in the URL", async () => {
    mockApi({
      "/api/evaluations?limit=20&offset=0": { body: page([]) },
    });
    const { router } = renderRoute(<EvaluationsPage />, {
      url: "/evaluations",
    });
    await screen.findByText(/No evaluations yet/);

    await userEvent.selectOptions(screen.getByLabelText("Status"), "failed");

    expect(
      new URLSearchParams(router.state.location.search).get("status"),
    ).toBe("failed");
  });

  it("links two selected evaluations to the compare page", async () => {
    mockApi({
      "/api/evaluations?limit=20&offset=0": {
        body: page([
          evaluation({ evaluation_id: "ev1aaaaaaaaa" }),
          evaluation({ evaluation_id: "ev2bbbbbbbbb" }),
        ]),
      },
    });
    renderRoute(<EvaluationsPage />, { url: "/evaluations" });

    await userEvent.click(
      await screen.findByRole("checkbox", {
        name: "Select evaluation ev1aaaaa to compare",
      }),
    );
    await userEvent.click(
      screen.getByRole("checkbox", {
        name: "Select evaluation ev2bbbbb to compare",
      }),
    );

    expect(
      screen.getByRole("link", { name: "Compare selected" }),
    ).toHaveAttribute(
      "href",
      "/evaluations/compare?a=ev1aaaaaaaaa&b=ev2bbbbbbbbb",
    );
  });
});
