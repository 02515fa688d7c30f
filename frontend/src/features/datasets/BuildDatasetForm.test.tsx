import { configure, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/types";
import { renderApp } from "../../test/render";
import { BuildDatasetForm } from "./BuildDatasetForm";
import { stubFetch, type SentRequest } from "./fetchStub";

type Selection = Schemas["DatasetSelection"];

/** A backend where 120 traces exist, 40 of them from the arithmetic generator. */
function preview(request: SentRequest) {
  const body = request.body as Selection;
  const matching = body.filters?.generator === "arithmetic" ? 40 : 120;
  const selected = Math.min(body.limit, matching);
  const evalCount = Math.round(selected * body.eval_fraction);
  return {
    body: {
      matching_count: matching,
      selected_count: selected,
      splits: { train: selected - evalCount, eval: evalCount },
    } satisfies Schemas["DatasetPreview"],
  };
}

function renderForm() {
  return renderApp(
    [
      { path: "/datasets", element: <BuildDatasetForm /> },
      { path: "/datasets/:datasetKey", element: <h1>dataset page</h1> },
    ],
    "/datasets",
  );
}

const liveCount = () => screen.getByRole("status", { name: "Matching traces" });
const previews = (sent: SentRequest[]) =>
  sent.filter((r) => r.path === "/api/datasets/preview");

// Charts, debounced requests and routing are slow in jsdom on a loaded machine.
configure({ asyncUtilTimeout: 5_000 });

describe("BuildDatasetForm", { timeout: 20_000 }, () => {
  it("counts the matching traces and shows how the split divides them", async () => {
    stubFetch((r) =>
      r.path === "/api/datasets/preview" ? preview(r) : undefined,
    );
    renderForm();
    await waitFor(() =>
      expect(liveCount()).toHaveTextContent("120 traces match"),
    );
    expect(liveCount()).toHaveTextContent(
      "A build takes 100: 90 train / 10 eval",
    );
  });

  it("recounts once the filters stop changing, not on every keystroke", async () => {
    const sent = stubFetch((r) =>
      r.path === "/api/datasets/preview" ? preview(r) : undefined,
    );
    renderForm();
    await waitFor(() =>
      expect(liveCount()).toHaveTextContent("120 traces match"),
    );

    // Keystrokes in one burst (synchronous, so no timer can fire between them).
    const filters = screen.getByLabelText("Meta filters");
    const typed = "generator=arithmetic";
    for (let end = 1; end <= typed.length; end += 1)
      fireEvent.change(filters, { target: { value: typed.slice(0, end) } });
    await waitFor(() =>
      expect(liveCount()).toHaveTextContent("40 traces match"),
    );
    expect(liveCount()).toHaveTextContent(
      "A build takes 40: 36 train / 4 eval",
    );
    expect(previews(sent).map((r) => (r.body as Selection).filters)).toEqual([
      {},
      { generator: "arithmetic" },
    ]);
  });

  it("asks nothing while random selection has no seed, and says so beside Seed", async () => {
    const sent = stubFetch((r) =>
      r.path === "/api/datasets/preview" ? preview(r) : undefined,
    );
    const user = userEvent.setup();
    renderForm();
    await waitFor(() =>
      expect(liveCount()).toHaveTextContent("120 traces match"),
    );

    await user.selectOptions(screen.getByLabelText("Strategy"), "random");
    expect(screen.getByLabelText("Seed")).toHaveAccessibleDescription(
      expect.stringContaining("Required for random selection."),
    );
    expect(liveCount()).toHaveTextContent("Fix the highlighted fields");

    await user.type(screen.getByLabelText("Seed"), "7");
    expect(screen.getByLabelText("Seed")).not.toHaveAttribute("aria-invalid");
    await waitFor(() =>
      expect(
        previews(sent).map((r) => (r.body as Selection).selection_strategy),
      ).toEqual(["latest", "random"]),
    );
    await waitFor(() =>
      expect(liveCount()).toHaveAttribute("aria-busy", "false"),
    );
    expect(liveCount()).toHaveTextContent("120 traces match");
  });

  it("shows the count's validation errors beside their fields", async () => {
    stubFetch((r) => {
      if (r.path !== "/api/datasets/preview") return undefined;
      if ((r.body as Selection).limit < 1)
        return {
          status: 422,
          body: {
            detail: [
              {
                loc: ["body", "limit"],
                field: "limit",
                msg: "Input should be greater than or equal to 1",
                type: "greater_than_equal",
              },
            ],
          },
        };
      return preview(r);
    });
    const user = userEvent.setup();
    renderForm();
    const limit = screen.getByLabelText("Limit");
    await user.clear(limit);
    await user.type(limit, "0");
    await waitFor(() =>
      expect(screen.getByLabelText("Limit")).toHaveAccessibleDescription(
        expect.stringContaining("greater than or equal to 1"),
      ),
    );
    expect(liveCount()).toHaveTextContent("Fix the highlighted fields");
  });

  it("shows the build's 422 messages beside their fields", async () => {
    const sent = stubFetch((r) => {
      if (r.path === "/api/datasets/preview") return preview(r);
      if (r.path === "/api/datasets/build")
        return {
          status: 422,
          body: {
            detail: [
              {
                loc: ["body", "dataset_version"],
                field: "dataset_version",
                msg: "String should match pattern '^[A-Za-z0-9][A-Za-z0-9_.\\-]*$'",
                type: "string_pattern_mismatch",
              },
            ],
            message: "Request validation failed",
          },
        };
      return undefined;
    });
    const user = userEvent.setup();
    renderForm();
    await user.type(screen.getByLabelText("Name"), "arith");
    const version = screen.getByLabelText("Version");
    await user.clear(version);
    await user.type(version, "v 1");
    await user.click(screen.getByRole("button", { name: "Build dataset" }));

    await waitFor(() =>
      expect(screen.getByLabelText("Version")).toHaveAccessibleDescription(
        expect.stringContaining("String should match pattern"),
      ),
    );
    expect(screen.getByLabelText("Version")).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    expect(screen.getByLabelText("Name")).not.toHaveAttribute("aria-invalid");
    expect(
      screen.queryByText("Could not build the dataset"),
    ).not.toBeInTheDocument();
    const build = sent.find((r) => r.path === "/api/datasets/build");
    expect(build?.body).toMatchObject({
      dataset_name: "arith",
      dataset_version: "v 1",
      limit: 100,
      eval_fraction: 0.1,
    });
  });

  it("shows a refused build in an error notice", async () => {
    stubFetch((r) => {
      if (r.path === "/api/datasets/preview") return preview(r);
      if (r.path === "/api/datasets/build")
        return {
          status: 409,
          body: { detail: "dataset arith-v1 already exists and is immutable" },
        };
      return undefined;
    });
    const user = userEvent.setup();
    renderForm();
    await user.type(screen.getByLabelText("Name"), "arith");
    await user.click(screen.getByRole("button", { name: "Build dataset" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "dataset arith-v1 already exists and is immutable",
    );
  });

  it("disables submit while building, then opens the new dataset", async () => {
    let finish: (() => void) | undefined;
    const built = new Promise<void>((resolve) => (finish = resolve));
    stubFetch(async (r) => {
      if (r.path === "/api/datasets/preview") return preview(r);
      if (r.path !== "/api/datasets/build") return undefined;
      await built;
      return { status: 201, body: { dataset_key: "arith-v1" } };
    });
    const user = userEvent.setup();
    const { router } = renderForm();
    await user.type(screen.getByLabelText("Name"), "arith");
    await user.click(screen.getByRole("button", { name: "Build dataset" }));
    expect(
      await screen.findByRole("button", { name: "Building…" }),
    ).toBeDisabled();
    finish!();
    expect(
      await screen.findByRole("heading", { name: "dataset page" }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/datasets/arith-v1");
  });
});
