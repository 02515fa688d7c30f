import { describe, expect, it } from "vitest";

import {
  applyFilters,
  filtersFromParams,
  filtersQuery,
  filtersSearch,
  NO_FILTERS,
  parseMetaInput,
} from "./filters";

describe("trace filters", () => {
  it("round-trip through the query string, meta as repeated pairs", () => {
    const params = applyFilters(new URLSearchParams("pick=x"), {
      q: "carry",
      meta: ["generator=arithmetic", "seed=7"],
    });
    expect(params.toString()).toBe(
      "pick=x&q=carry&meta=generator%3Darithmetic&meta=seed%3D7",
    );
    expect(filtersFromParams(params)).toEqual({
      ...NO_FILTERS,
      q: "carry",
      meta: ["generator=arithmetic", "seed=7"],
    });
    expect(applyFilters(params, NO_FILTERS).toString()).toBe("pick=x");
  });

  it("turn whole local days into an instant range, the last day included", () => {
    const query = filtersQuery({
      ...NO_FILTERS,
      from: "2025-03-01",
      to: "2025-03-31",
    });
    expect(query.created_after).toBe(new Date(2025, 2, 1).toISOString());
    expect(query.created_before).toBe(new Date(2025, 3, 1).toISOString());
    expect(filtersQuery(NO_FILTERS)).toEqual({
      q: null,
      source: null,
      tag: null,
      meta: null,
      created_after: null,
      created_before: null,
    });
  });

  it("read meta pairs typed with commas", () => {
    expect(parseMetaInput(" a=1, b=x y ,, ")).toEqual(["a=1", "b=x y"]);
    expect(filtersSearch({ source: "generator" })).toBe("?source=generator");
    expect(filtersSearch({})).toBe("");
  });
});
