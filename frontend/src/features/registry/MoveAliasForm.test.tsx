import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithQueryClient } from "../../test/render";
import {
  baseline,
  forcedMove,
  lastPage,
  refusedBody,
  version,
} from "./fixtures";
import { MoveAliasForm } from "./MoveAliasForm";
import { stubApi } from "./testApi";

const MOVE = "PUT /api/models/arith/aliases/production";
const BASELINES = {
  "GET /api/regression/baselines?limit=100": {
    body: { data: [baseline], pagination: lastPage },
  },
};

function renderForm() {
  renderWithQueryClient(
    <MoveAliasForm
      name="arith"
      versions={[version(2), version(1)]}
      aliases={{ production: 1 }}
    />,
  );
}

async function moveToVersion2WithGate() {
  const user = userEvent.setup();
  await user.selectOptions(screen.getByLabelText("Target version"), "2");
  await screen.findByRole("option", { name: /prod-bar/ });
  await user.selectOptions(
    screen.getByLabelText("Regression gate"),
    "prod-bar",
  );
  await user.click(screen.getByRole("button", { name: "Move alias" }));
  return user;
}

describe("MoveAliasForm", () => {
  it("checks a gated alias against the model's gate without being asked", async () => {
    const sent = stubApi({
      ...BASELINES,
      [MOVE]: { status: 409, body: refusedBody },
    });
    renderWithQueryClient(
      <MoveAliasForm
        name="arith"
        versions={[version(2), version(1)]}
        aliases={{ production: 1 }}
        gates={{ production: "prod-bar" }}
      />,
    );
    const user = userEvent.setup();

    const gate = screen.getByLabelText("Regression gate");
    expect(gate).toBeDisabled();
    expect(gate).toHaveValue("prod-bar");
    expect(
      screen.getByText(
        "production is gated on this model: every move must pass prod-bar.",
      ),
    ).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText("Target version"), "2");
    await user.click(screen.getByRole("button", { name: "Move alias" }));

    expect(
      await screen.findByRole("region", { name: "Regression check" }),
    ).toHaveTextContent("Refused: version 2 fails baseline prod-bar");
    expect(sent[0]?.body).toMatchObject({ require_baseline: "prod-bar" });
    // Another alias is not gated: the gate field is free again.
    await user.clear(screen.getByLabelText(/^Alias/));
    await user.type(screen.getByLabelText(/^Alias/), "staging");
    expect(screen.getByLabelText("Regression gate")).toBeEnabled();
  });

  it("shows the check that refused the move, and that the alias stayed", async () => {
    const sent = stubApi({
      ...BASELINES,
      [MOVE]: { status: 409, body: refusedBody },
    });
    renderForm();

    await moveToVersion2WithGate();

    const check = await screen.findByRole("region", {
      name: "Regression check",
    });
    expect(within(check).getByRole("alert")).toHaveTextContent(
      "Refused: version 2 fails baseline prod-bar",
    );
    expect(check).toHaveTextContent("production still points at version 1");
    expect(within(check).getByText("fail")).toBeInTheDocument();
    const facts = Object.fromEntries(
      within(check)
        .getAllByRole("term")
        .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]),
    );
    expect(facts).toMatchObject({
      Metric: "mean trace_format score (higher is better)",
      "Baseline value": "0.6875",
      "New value": "0",
      Delta: "-0.6875",
      "Delta %": "-100%",
      "Allowed drop": "0.1 (absolute)",
      Significant: "yes: the 95% intervals do not overlap",
    });
    expect(sent).toEqual([
      {
        method: "PUT",
        path: "/api/models/arith/aliases/production",
        body: {
          version: 2,
          require_baseline: "prod-bar",
          force: false,
          reason: null,
        },
      },
    ]);
    // A refusal is not shown twice as a generic error.
    expect(screen.queryByText("Could not move the alias")).toBeNull();
  });

  it("forces the move through a dialog that asks for a reason and a confirmation", async () => {
    const sent = stubApi({
      ...BASELINES,
      [MOVE]: [{ status: 409, body: refusedBody }, { body: forcedMove }],
    });
    renderForm();
    const user = await moveToVersion2WithGate();

    await user.click(
      await screen.findByRole("button", { name: "Force move…" }),
    );
    const dialog = screen.getByRole("dialog", {
      name: "Force production to version 2?",
    });
    const confirm = within(dialog).getByRole("button", { name: "Force move" });
    expect(confirm).toBeDisabled();
    await user.type(
      within(dialog).getByLabelText("Reason"),
      "hotfix for the demo",
    );
    await user.click(within(dialog).getByRole("checkbox"));
    await user.click(confirm);

    expect(
      await screen.findByText(
        "production now points at version 2, forced past baseline prod-bar.",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(
      screen.queryByRole("region", { name: "Regression check" }),
    ).toBeNull();
    expect(sent[1]).toEqual({
      method: "PUT",
      path: "/api/models/arith/aliases/production",
      body: {
        version: 2,
        require_baseline: "prod-bar",
        force: true,
        reason: "hotfix for the demo",
      },
    });
  });

  it("will not force a move without a reason", async () => {
    const sent = stubApi({
      ...BASELINES,
      [MOVE]: { status: 409, body: refusedBody },
    });
    renderForm();
    const user = await moveToVersion2WithGate();

    await user.click(
      await screen.findByRole("button", { name: "Force move…" }),
    );
    const dialog = screen.getByRole("dialog");
    await user.click(within(dialog).getByRole("checkbox"));
    await user.click(
      within(dialog).getByRole("button", { name: "Force move" }),
    );

    expect(within(dialog).getByLabelText("Reason")).toHaveAccessibleDescription(
      /Say why the failing version goes out anyway/,
    );
    expect(sent).toHaveLength(1);
  });

  it("closes the dialog on Cancel and leaves the refusal on screen", async () => {
    stubApi({ ...BASELINES, [MOVE]: { status: 409, body: refusedBody } });
    renderForm();
    const user = await moveToVersion2WithGate();

    await user.click(
      await screen.findByRole("button", { name: "Force move…" }),
    );
    await user.click(screen.getByRole("button", { name: "Cancel" }));

    expect(screen.queryByRole("dialog")).toBeNull();
    expect(
      screen.getByRole("region", { name: "Regression check" }),
    ).toBeInTheDocument();
  });

  it("shows other refusals, such as a version never evaluated, as an error", async () => {
    stubApi({
      ...BASELINES,
      [MOVE]: {
        status: 422,
        body: { detail: "arith@2 has no finished evaluation on arith-v1/eval" },
      },
    });
    renderForm();
    await moveToVersion2WithGate();

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "arith@2 has no finished evaluation on arith-v1/eval",
    );
    expect(screen.queryByRole("button", { name: "Force move…" })).toBeNull();
  });

  it("checks the alias name and the version before sending", async () => {
    const sent = stubApi(BASELINES);
    renderForm();
    const user = userEvent.setup();
    const alias = screen.getByLabelText("Alias");
    await user.clear(alias);
    await user.type(alias, "Prod");
    await user.click(screen.getByRole("button", { name: "Move alias" }));

    expect(alias).toHaveAccessibleDescription(/starting with a letter/);
    expect(screen.getByLabelText("Target version")).toHaveAccessibleDescription(
      "Pick the version to point at.",
    );
    expect(sent).toEqual([]);
  });
});
