import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderRoute } from "../../test/render";
import { lastPage, run, version } from "./fixtures";
import { PromoteForm } from "./PromoteForm";
import { stubApi } from "./testApi";

const RUNS = {
  "GET /api/tunix/runs?status=succeeded&limit=100": {
    body: {
      data: [
        run("11111111-aaaa"),
        run("22222222-bbbb", { dry_run: true }),
        run("33333333-cccc", { config: { max_steps: 1 } }),
      ],
      pagination: lastPage,
    },
  },
};
const PROMOTE = "POST /api/models/arith/versions";

function renderForm(initialRunId?: string) {
  renderRoute(<PromoteForm name="arith" initialRunId={initialRunId} />);
}

describe("PromoteForm", () => {
  it("asks for a run before sending anything", async () => {
    const sent = stubApi(RUNS);
    renderForm();
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: "Promote" }));

    expect(screen.getByLabelText("Succeeded run")).toHaveAccessibleDescription(
      /Pick a succeeded run to promote\./,
    );
    expect(sent).toEqual([]);
  });

  it("refuses a label longer than the API allows", async () => {
    const sent = stubApi(RUNS);
    renderForm();
    const user = userEvent.setup();
    await screen.findByRole("option", { name: /^11111111/ });
    await user.selectOptions(
      screen.getByLabelText("Succeeded run"),
      "11111111-aaaa",
    );
    await user.click(screen.getByLabelText("Label"));
    await user.paste("x".repeat(201));
    await user.click(screen.getByRole("button", { name: "Promote" }));

    expect(screen.getByLabelText("Label")).toHaveAccessibleDescription(
      /At most 200 characters \(now 201\)\./,
    );
    expect(sent).toEqual([]);
  });

  it("offers succeeded runs but not dry runs, which export no model", async () => {
    stubApi(RUNS);
    renderForm();

    expect(
      await screen.findByRole("option", {
        name: /^11111111 · arith-v1 · tiny · 24 steps/,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("option", { name: /^33333333 .* 1 steps/ }),
    ).toBeInTheDocument();
    expect(screen.queryByRole("option", { name: /^22222222/ })).toBeNull();
  });

  it("promotes the picked run with its label and links the new version", async () => {
    const sent = stubApi({
      ...RUNS,
      [PROMOTE]: {
        status: 201,
        body: version(3, { source_run_id: "11111111-aaaa", label: "lr 3e-3" }),
      },
    });
    renderForm();
    const user = userEvent.setup();
    await screen.findByRole("option", { name: /^11111111/ });
    await user.selectOptions(
      screen.getByLabelText("Succeeded run"),
      "11111111-aaaa",
    );
    await user.type(screen.getByLabelText("Label"), " lr 3e-3 ");
    await user.click(screen.getByRole("button", { name: "Promote" }));

    expect(await screen.findByRole("status")).toHaveTextContent(
      "Promoted run 11111111 as version 3.",
    );
    expect(screen.getByRole("link", { name: "version 3" })).toHaveAttribute(
      "href",
      "/models/arith/versions/3",
    );
    expect(sent).toEqual([
      {
        method: "POST",
        path: "/api/models/arith/versions",
        body: { run_id: "11111111-aaaa", label: "lr 3e-3" },
      },
    ]);
  });

  it("shows why the API refused the promotion", async () => {
    stubApi({
      ...RUNS,
      [PROMOTE]: {
        status: 409,
        body: { detail: "run 33333333-cccc has no exported model" },
      },
    });
    renderForm("33333333-cccc");
    const user = userEvent.setup();
    await screen.findByRole("option", { name: /^33333333/ });

    await user.click(screen.getByRole("button", { name: "Promote" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "run 33333333-cccc has no exported model",
    );
  });

  it("places the API's validation message beside the field it names", async () => {
    stubApi({
      ...RUNS,
      [PROMOTE]: {
        status: 422,
        body: {
          detail: [
            {
              loc: ["body", "run_id"],
              field: "run_id",
              msg: "String should have at most 36 characters",
              type: "string_too_long",
            },
          ],
        },
      },
    });
    renderForm("11111111-aaaa");
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: "Promote" }));

    expect(
      await screen.findByText("String should have at most 36 characters"),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("Succeeded run")).toHaveAccessibleDescription(
      /at most 36 characters/,
    );
  });
});
