import { configure, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/types";
import { renderRoute } from "../../test/render";
import { DatasetDetailPage } from "./DatasetDetailPage";
import { stubFetch, type SentRequest } from "./fetchStub";

const DETAIL: Schemas["DatasetDetail"] = {
  dataset_key: "arith-v1",
  name: "arith",
  version: "v1",
  build_id: "0b6f7c1e-0000-4000-8000-000000000000",
  created_at: "2025-03-01T10:00:00Z",
  trace_count: 5,
  selection_strategy: "random",
  content_hash: "cd".repeat(32),
  splits: { train: 4, eval: 1 },
  seed: 7,
  build_spec: {
    dataset_name: "arith",
    dataset_version: "v1",
    description: "Two-digit sums",
    filters: { generator: "arithmetic" },
    source: null,
    limit: 5,
    selection_strategy: "random",
    seed: 7,
    eval_fraction: 0.2,
  },
  stats: {
    splits: { train: 4, eval: 1 },
    step_count: { min: 3, p50: 4, p90: 6, max: 6, mean: 4.4 },
    prompt_chars: { min: 14, p50: 14, p90: 15, max: 15, mean: 14.2 },
    answer_chars: { min: 2, p50: 3, p90: 3, max: 3, mean: 2.6 },
    sources: { generator: 5 },
  },
};

const COUNTS: Schemas["DatasetValueCounts"] = {
  dataset_key: "arith-v1",
  step_count: {
    train: [
      { value: 3, count: 1 },
      { value: 4, count: 2 },
      { value: 6, count: 1 },
    ],
    eval: [{ value: 5, count: 1 }],
  },
  prompt_chars: {
    train: [
      { value: 14, count: 3 },
      { value: 15, count: 1 },
    ],
    eval: [{ value: 14, count: 1 }],
  },
  answer_chars: {
    train: [
      { value: 2, count: 2 },
      { value: 3, count: 2 },
    ],
    eval: [{ value: 3, count: 1 }],
  },
};

function backend(request: SentRequest) {
  const url = new URL(request.path, "http://localhost");
  if (url.pathname === "/api/datasets/arith-v1") return { body: DETAIL };
  if (url.pathname === "/api/datasets/arith-v1/stats") return { body: COUNTS };
  if (url.pathname === "/api/datasets/arith-v1/export.jsonl") {
    const format = url.searchParams.get("format");
    const limit = Number(url.searchParams.get("limit"));
    const lines = Array.from({ length: 5 }, (_, i) =>
      JSON.stringify({ id: `t${i}`, split: "train", format }),
    ).slice(0, limit);
    return { text: lines.join("\n") + "\n" };
  }
  return undefined;
}

function renderDetail(url = "/datasets/arith-v1") {
  return renderRoute(<DatasetDetailPage />, {
    url,
    path: "/datasets/:datasetKey",
  });
}

// Charts, debounced requests and routing are slow in jsdom on a loaded machine.
configure({ asyncUtilTimeout: 5_000 });

describe("DatasetDetailPage", { timeout: 20_000 }, () => {
  it("shows the dataset's facts and how it was built", async () => {
    stubFetch(backend);
    renderDetail();
    expect(
      await screen.findByRole("heading", { level: 1, name: "arith-v1" }),
    ).toBeInTheDocument();
    expect(screen.getByText("Two-digit sums")).toBeInTheDocument();
    expect(screen.getByTestId("item-count")).toHaveTextContent("5");
    expect(screen.getByTestId("split")).toHaveTextContent("4 train / 1 eval");
    expect(screen.getByText("cd".repeat(32))).toBeInTheDocument();
    const spec = screen.getByRole("region", { name: "How it was built" });
    expect(spec).toHaveTextContent("meta.generator = arithmetic");
    expect(spec).toHaveTextContent("random");
    expect(spec).toHaveTextContent("20%");
  });

  it("draws a histogram per measure from the per-split value counts", async () => {
    stubFetch(backend);
    renderDetail();
    const steps = await screen.findByRole("figure", { name: /Steps per item/ });
    const rows = within(steps)
      .getAllByRole("row")
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole("cell")
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      ["3", "1", "0"],
      ["4", "2", "0"],
      ["5", "0", "1"],
      ["6", "1", "0"],
    ]);
    expect(steps).toHaveTextContent("median 4");
    expect(
      screen.getByRole("figure", { name: /Prompt length/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("figure", { name: /Final-answer length/ }),
    ).toBeInTheDocument();
  });

  it("shows the first lines of each export format, the format kept in the address", async () => {
    const sent = stubFetch(backend);
    const user = userEvent.setup();
    const { router } = renderDetail();
    const records = await screen.findAllByTestId("sample-record");
    expect(records).toHaveLength(3);
    expect(records[0]).toHaveTextContent('"format": "trace"');

    await user.click(screen.getByRole("tab", { name: "tunix_sft" }));
    expect(router.state.location.search).toBe("?format=tunix_sft");
    expect(await screen.findAllByText(/"format": "tunix_sft"/)).toHaveLength(3);
    expect(sent.map((r) => r.path)).toContain(
      "/api/datasets/arith-v1/export.jsonl?format=tunix_sft&split=all&template=chatml&limit=3",
    );
  });

  it("links a download of every format and split", async () => {
    stubFetch(backend);
    renderDetail("/datasets/arith-v1?template=gemma");
    const link = await screen.findByRole("link", {
      name: "Download tunix_sft eval",
    });
    expect(link).toHaveAttribute(
      "href",
      "/api/datasets/arith-v1/export.jsonl?format=tunix_sft&split=eval&template=gemma",
    );
    expect(link).toHaveAttribute("download", "arith-v1.tunix_sft.eval.jsonl");
    expect(
      screen.getByRole("link", { name: "Download trace all" }),
    ).toHaveAttribute(
      "href",
      "/api/datasets/arith-v1/export.jsonl?format=trace&split=all",
    );
    expect(screen.getAllByRole("link", { name: /^Download / })).toHaveLength(9);
  });

  it("says so when the dataset does not exist", async () => {
    stubFetch((r) =>
      r.path === "/api/datasets/nope-v1"
        ? { status: 404, body: { detail: "dataset nope-v1 not found" } }
        : undefined,
    );
    renderDetail("/datasets/nope-v1");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "dataset nope-v1 not found",
    );
  });
});
