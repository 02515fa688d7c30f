import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { Schemas } from "../../api/types";
import type { MockAnswer } from "../../test/mockApi";
import { mockApi } from "../../test/mockApi";
import { renderApp } from "../../test/render";
import { NewEvaluationForm } from "./NewEvaluationForm";
import { evaluation, JUDGES, page } from "./testData";

const run = {
  run_id: "run1",
  dataset_key: "arith-v1",
  model_id: "tiny",
  finished_at: "2026-01-02T09:00:00Z",
} as Schemas["Run"];

function mockForm(answer: MockAnswer) {
  return mockApi({
    "/api/judges": { body: JUDGES },
    "/api/datasets?limit=100": { body: page([]) },
    "/api/tunix/runs?status=succeeded&limit=100": { body: page([run]) },
    "/api/evaluations": answer,
  });
}

function renderForm() {
  return renderApp(
    [
      {
        path: "/evaluations/new",
        element: (
          <NewEvaluationForm initial={{ runId: "run1" }} onClose={vi.fn()} />
        ),
      },
      { path: "/evaluations/:evaluationId", element: <p>detail page</p> },
    ],
    "/evaluations/new",
  );
}

async function fillAndSubmit() {
  await userEvent.type(screen.getByLabelText("Dataset"), "arith-v1");
  await userEvent.click(
    screen.getByRole("button", { name: "Start evaluation" }),
  );
}

function sentBody(fetch: ReturnType<typeof mockApi>) {
  const calls = fetch.mock.calls as unknown as [
    string,
    { method?: string; body?: string }?,
  ][];
  const call = calls.find(
    ([url, init]) => url === "/api/evaluations" && init?.method === "POST",
  );
  return JSON.parse(String(call?.[1]?.body)) as Schemas["EvaluationCreate"];
}

describe("the new-evaluation form", () => {
  it("shows the API's validation messages beside their fields", async () => {
    mockForm({
      status: 422,
      body: {
        detail: [
          {
            loc: ["body", "generation", "max_new_tokens"],
            field: "generation.max_new_tokens",
            msg: "Input should be less than or equal to 32768",
            type: "less_than_equal",
          },
          {
            loc: ["body", "limit"],
            field: "limit",
            msg: "Input should be greater than or equal to 1",
            type: "greater_than_equal",
          },
        ],
      },
    });
    renderForm();
    await screen.findByText("answer_correctness");
    await fillAndSubmit();

    const tokens = await screen.findByLabelText("Max new tokens");
    expect(tokens).toHaveAttribute("aria-invalid", "true");
    expect(tokens).toHaveAccessibleDescription(
      /Input should be less than or equal to 32768/,
    );
    expect(screen.getByLabelText("Item limit")).toHaveAccessibleDescription(
      /greater than or equal to 1/,
    );
  });

  it("puts a judge parameter's error beside that parameter", async () => {
    const fetch = mockForm({
      status: 422,
      body: {
        detail: "judges[0]: params.rel_tol: must be between 0 and 1, got -1",
      },
    });
    renderForm();
    await screen.findByText("answer_correctness");
    await userEvent.type(
      screen.getByLabelText("answer_correctness: rel_tol"),
      "-1",
    );
    await fillAndSubmit();

    const relTol = screen.getByLabelText("answer_correctness: rel_tol");
    await screen.findByText("must be between 0 and 1, got -1");
    expect(relTol).toHaveAttribute("aria-invalid", "true");
    expect(sentBody(fetch).judges).toEqual([
      { name: "answer_correctness", params: { rel_tol: -1 } },
    ]);
  });

  it("puts a refused run beside the run field", async () => {
    mockForm({
      status: 422,
      body: { detail: "run run1 is failed; generation needs a succeeded run" },
    });
    renderForm();
    await fillAndSubmit();

    await screen.findByText(
      "run run1 is failed; generation needs a succeeded run",
    );
    expect(screen.getByLabelText("Run id")).toHaveAttribute(
      "aria-invalid",
      "true",
    );
  });

  it("explains an identical existing evaluation and links to it", async () => {
    mockForm({
      status: 200,
      body: evaluation({ evaluation_id: "ev9abcdef123", existing: true }),
    });
    renderForm();
    await fillAndSubmit();

    const notice = await screen.findByRole("status");
    expect(notice).toHaveTextContent("An identical evaluation exists.");
    expect(
      screen.getByRole("link", { name: "Evaluation ev9abcde" }),
    ).toHaveAttribute("href", "/evaluations/ev9abcdef123");
  });

  it("sends the chosen judges, generation settings and tags", async () => {
    const fetch = mockForm({
      status: 201,
      body: evaluation({ evaluation_id: "ev-new", status: "queued" }),
    });
    const { router } = renderForm();
    await screen.findByText("trace_format");
    await userEvent.click(
      screen.getByRole("checkbox", { name: /trace_format/ }),
    );
    await userEvent.type(screen.getByLabelText("Tags"), "nightly, smoke");
    await userEvent.clear(screen.getByLabelText("Max new tokens"));
    await userEvent.type(screen.getByLabelText("Max new tokens"), "64");
    await fillAndSubmit();

    expect(await screen.findByText("detail page")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/evaluations/ev-new");
    expect(sentBody(fetch)).toMatchObject({
      run_id: "run1",
      dataset_key: "arith-v1",
      split: "eval",
      judges: [
        { name: "answer_correctness", params: {} },
        { name: "trace_format", params: {} },
      ],
      generation: { max_new_tokens: 64, temperature: 0, batch_size: 32 },
      tags: ["nightly", "smoke"],
      force: false,
    });
  });
});
