import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";

import { newRow, rowsToSearchSpace, type SpaceRow } from "./space";
import { SpaceEditor } from "./SpaceEditor";
import { tunables } from "./testData";

/** The editor with its rows in state, and the search space it would send. */
function Harness({ errors = {} }: { errors?: Record<string, string> }) {
  const [rows, setRows] = useState<SpaceRow[]>([
    newRow({
      name: "learning_rate",
      kind: "loguniform",
      min: "0.0001",
      max: "0.01",
    }),
  ]);
  return (
    <>
      <SpaceEditor
        rows={rows}
        onChange={setRows}
        errors={errors}
        tunables={tunables}
      />
      <output data-testid="space">
        {JSON.stringify(rowsToSearchSpace(rows).searchSpace)}
      </output>
    </>
  );
}

const row = (n: number) =>
  screen.getByRole("group", { name: `Hyperparameter ${n}` });
const sent = () =>
  JSON.parse(screen.getByTestId("space").textContent ?? "{}") as unknown;

// Whole pages with forms: slower than a unit test on a busy machine.
describe("SpaceEditor", { timeout: 15_000 }, () => {
  it("shows the inputs of the chosen kind", async () => {
    const user = userEvent.setup({ delay: null });
    render(<Harness />);
    const first = row(1);
    expect(within(first).getByLabelText("Min")).toHaveValue("0.0001");
    expect(within(first).queryByLabelText("Step q")).not.toBeInTheDocument();

    await user.selectOptions(
      within(first).getByLabelText("Distribution"),
      "quniform",
    );
    expect(within(first).getByLabelText("Step q")).toBeInTheDocument();

    await user.selectOptions(
      within(first).getByLabelText("Distribution"),
      "choice",
    );
    expect(within(first).getByLabelText("Values")).toBeInTheDocument();
    expect(within(first).queryByLabelText("Min")).not.toBeInTheDocument();
  });

  it("serialises the rows into the API's search_space", async () => {
    const user = userEvent.setup({ delay: null });
    render(<Harness />);
    await user.click(
      screen.getByRole("button", { name: "Add hyperparameter" }),
    );
    const second = row(2);
    await user.selectOptions(
      within(second).getByLabelText("Hyperparameter"),
      "batch_size",
    );
    // batch_size takes integers: the kinds offered are those it accepts.
    const kinds = within(
      within(second).getByLabelText("Distribution"),
    ).getAllByRole("option");
    expect(kinds.map((o) => o.textContent)).toEqual([
      "choice",
      "randint",
      "quniform",
    ]);
    await user.type(within(second).getByLabelText("Values"), "8, 16");
    expect(sent()).toEqual({
      learning_rate: { type: "loguniform", min: 0.0001, max: 0.01 },
      batch_size: { type: "choice", values: [8, 16] },
    });

    await user.click(
      screen.getByRole("button", {
        name: "Remove hyperparameter 1 (learning_rate)",
      }),
    );
    expect(sent()).toEqual({ batch_size: { type: "choice", values: [8, 16] } });
  });

  it("samples a row only when a choice row takes a listed value", async () => {
    const user = userEvent.setup({ delay: null });
    render(<Harness />);
    await user.click(
      screen.getByRole("button", { name: "Add hyperparameter" }),
    );
    await user.selectOptions(
      within(row(2)).getByLabelText("Hyperparameter"),
      "schedule",
    );
    await user.type(
      within(row(2)).getByLabelText("Values"),
      "cosine, constant",
    );
    // Only unconditional choice rows can be parents: learning_rate is loguniform.
    const parents = within(
      within(row(2)).getByLabelText("Only when"),
    ).getAllByRole("option");
    expect(parents.map((o) => o.textContent)).toEqual(["always"]);
    const onlyWhen = within(row(1)).getByLabelText("Only when");
    expect(
      within(onlyWhen)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["always", "schedule"]);

    await user.selectOptions(onlyWhen, "schedule");
    await user.type(
      within(row(1)).getByLabelText("Values of schedule"),
      "constant",
    );
    expect(sent()).toEqual({
      learning_rate: {
        type: "loguniform",
        min: 0.0001,
        max: 0.01,
        when: { schedule: ["constant"] },
      },
      schedule: { type: "choice", values: ["cosine", "constant"] },
    });

    await user.selectOptions(onlyWhen, "always");
    expect(
      within(row(1)).queryByLabelText("Values of schedule"),
    ).not.toBeInTheDocument();
    expect(sent()).toMatchObject({
      learning_rate: { type: "loguniform", min: 0.0001, max: 0.01 },
    });
    expect((sent() as Record<string, object>).learning_rate).not.toHaveProperty(
      "when",
    );
  });

  it("shows a condition's message beside its values", async () => {
    const user = userEvent.setup({ delay: null });
    render(
      <Harness
        errors={{
          "search_space.learning_rate.when":
            "'linear' not among the values of schedule ('cosine')",
        }}
      />,
    );
    // Without a parent chosen, the message stands beside "Only when".
    expect(
      within(row(1)).getByLabelText("Only when"),
    ).toHaveAccessibleDescription(/'linear' not among the values of schedule/);
    await user.click(
      screen.getByRole("button", { name: "Add hyperparameter" }),
    );
    await user.selectOptions(
      within(row(2)).getByLabelText("Hyperparameter"),
      "schedule",
    );
    await user.type(within(row(2)).getByLabelText("Values"), "cosine");
    await user.selectOptions(
      within(row(1)).getByLabelText("Only when"),
      "schedule",
    );
    const values = within(row(1)).getByLabelText("Values of schedule");
    expect(values).toHaveAttribute("aria-invalid", "true");
    expect(values).toHaveAccessibleDescription(
      /'linear' not among the values of schedule/,
    );
  });

  it("shows a message beside the input it is about", () => {
    render(
      <Harness
        errors={{ "search_space.learning_rate.max": "must be at most 1" }}
      />,
    );
    const max = within(row(1)).getByLabelText("Max");
    expect(max).toHaveAttribute("aria-invalid", "true");
    expect(max).toHaveAccessibleDescription("must be at most 1");
  });
});
