import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { mockApi } from "../../test/mockApi";
import { renderApp } from "../../test/render";
import { datasets, judges, sentBodies, tunables, tuningJob } from "./testData";
import { TuningNewPage } from "./TuningNewPage";

const routes = [
  { path: "/tuning/new", element: <TuningNewPage /> },
  { path: "/tuning/:tuningJobId", element: <p>detail page</p> },
];

function lookups() {
  return {
    "/api/datasets?limit=100": { body: datasets },
    "/api/judges": { body: judges },
    "/api/tuning/tunables": { body: tunables },
  };
}

async function fillRequired(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText("Name"), "lr search");
  await screen.findByRole("option", { name: /arith-v1/ });
  await user.selectOptions(screen.getByLabelText("Dataset"), "arith-v1");
}

function postedBody(fetchMock: ReturnType<typeof mockApi>): unknown {
  return sentBodies(fetchMock, "POST", "/api/tuning/jobs")[0];
}

// Whole pages with forms: slower than a unit test on a busy machine.
describe("TuningNewPage", { timeout: 15_000 }, () => {
  it("creates the search and opens it", async () => {
    const user = userEvent.setup({ delay: null });
    const fetchMock = mockApi({
      ...lookups(),
      "/api/tuning/jobs": { status: 201, body: tuningJob({ id: "tj-9" }) },
    });
    const { router } = renderApp(routes, "/tuning/new");
    await fillRequired(user);
    await user.clear(screen.getByLabelText("Number of trials"));
    await user.type(screen.getByLabelText("Number of trials"), "2");
    await user.click(screen.getByRole("button", { name: "Create search" }));

    expect(await screen.findByText("detail page")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/tuning/tj-9");
    expect(postedBody(fetchMock)).toMatchObject({
      name: "lr search",
      dataset_key: "arith-v1",
      base_model: "tiny",
      objective: { metric: "eval_loss", split: "eval" },
      search_space: {
        learning_rate: { type: "loguniform", min: 0.0001, max: 0.01 },
      },
      num_samples: 2,
      search_alg: "random",
      scheduler: { type: "fifo" },
    });
  });

  it("shows the API's message beside a field inside a search-space entry", async () => {
    const user = userEvent.setup({ delay: null });
    const detail = [
      {
        loc: ["body", "search_space", "learning_rate", "loguniform", "min"],
        field: "search_space.learning_rate.loguniform.min",
        msg: "Input should be greater than 0",
        type: "greater_than",
      },
    ];
    mockApi({
      ...lookups(),
      "/api/tuning/jobs": { status: 422, body: { detail } },
    });
    renderApp(routes, "/tuning/new");
    await fillRequired(user);
    await user.click(screen.getByRole("button", { name: "Create search" }));

    const row = screen.getByRole("group", { name: "Hyperparameter 1" });
    const min = within(row).getByLabelText("Min");
    expect(await within(row).findByRole("alert")).toHaveTextContent(
      "Input should be greater than 0",
    );
    expect(min).toHaveAttribute("aria-invalid", "true");
    expect(
      screen.queryByText("Could not create the search"),
    ).not.toBeInTheDocument();
  });

  it("places each problem of a one-string 422 beside its field", async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({
      ...lookups(),
      "/api/tuning/jobs": {
        status: 422,
        body: {
          detail:
            "fixed_config.max_steps: the per-trial budget is trial_max_steps; " +
            "search_space.learning_rate: also set in fixed_config",
        },
      },
    });
    renderApp(routes, "/tuning/new");
    await fillRequired(user);
    await user.click(screen.getByRole("button", { name: "Create search" }));

    const row = screen.getByRole("group", { name: "Hyperparameter 1" });
    expect(await within(row).findByRole("alert")).toHaveTextContent(
      "also set in fixed_config",
    );
    // fixed_config.max_steps has no field of its own: it is shown above the button.
    expect(screen.getByText("Could not create the search")).toBeInTheDocument();
    expect(
      screen.getByText(/the per-trial budget is trial_max_steps/),
    ).toBeInTheDocument();
  });

  it("asks for what is missing before sending anything", async () => {
    const user = userEvent.setup({ delay: null });
    const fetchMock = mockApi(lookups());
    renderApp(routes, "/tuning/new");
    await user.clear(screen.getByLabelText("Fixed config"));
    await user.type(screen.getByLabelText("Fixed config"), "[[1]");
    await user.click(screen.getByRole("button", { name: "Create search" }));

    expect(screen.getByLabelText("Name")).toHaveAccessibleDescription(
      "Give the search a name",
    );
    expect(screen.getByLabelText("Fixed config")).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    expect(postedBody(fetchMock)).toBeUndefined();
  });

  it("offers only judges that need no model of their own", async () => {
    const user = userEvent.setup({ delay: null });
    mockApi(lookups());
    renderApp(routes, "/tuning/new");
    await user.selectOptions(screen.getByLabelText("Scored by"), "judge");
    const judge = screen.getByLabelText("Judge");
    await within(judge).findByRole("option", { name: "answer_correctness" });
    expect(
      within(judge).queryByRole("option", { name: "llm_judge" }),
    ).not.toBeInTheDocument();
    expect(
      within(screen.getByLabelText("Metric"))
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["mean score", "pass rate"]);
  });
});
