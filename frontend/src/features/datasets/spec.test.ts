import { describe, expect, it } from "vitest";

import { countsOf, distributionOf, filtersOf } from "./spec";

describe("filtersOf", () => {
  it("lists the filters a build used, meta keys last", () => {
    expect(
      filtersOf({
        source: "generator",
        tag: null,
        q: "",
        created_after: "2025-01-01T00:00:00Z",
        filters: { generator: "arithmetic", digits: 2, exact: true },
        limit: 100,
      }),
    ).toEqual([
      ["Source", "generator"],
      ["Stored after", "2025-01-01T00:00:00Z"],
      ["meta.generator", "arithmetic"],
      ["meta.digits", "2"],
      ["meta.exact", "true"],
    ]);
  });

  it("is empty for a build over every trace", () => {
    expect(filtersOf({ filters: {}, source: null })).toEqual([]);
  });
});

describe("distributionOf", () => {
  it("reads a complete distribution", () => {
    const d = { min: 1, p50: 3, p90: 10, max: 10, mean: 4 };
    expect(distributionOf({ step_count: d }, "step_count")).toEqual(d);
  });

  it("is null when missing or incomplete", () => {
    expect(distributionOf({}, "step_count")).toBeNull();
    expect(distributionOf({ step_count: { min: 1 } }, "step_count")).toBeNull();
  });
});

describe("countsOf", () => {
  it("orders counts largest first, then by name", () => {
    expect(countsOf({ sources: { b: 2, a: 2, c: 5 } }, "sources")).toEqual([
      ["c", 5],
      ["a", 2],
      ["b", 2],
    ]);
    expect(countsOf({}, "strata")).toEqual([]);
  });
});
