import { describe, expect, it } from "vitest";

import {
  errorFor,
  INITIAL_VALUES,
  parseFilters,
  toBuildRequest,
  toSelection,
  unplacedErrors,
} from "./buildForm";

describe("parseFilters", () => {
  it("reads one key=value per line, ignoring blank lines and spaces", () => {
    expect(parseFilters("generator = arithmetic\n\n digits=2 \na=b=c")).toEqual(
      { filters: { generator: "arithmetic", digits: "2", a: "b=c" } },
    );
  });

  it("names the line that is not key=value", () => {
    expect(parseFilters("a=1\noops").problem).toMatch(
      /^line 2: write key=value/,
    );
  });
});

describe("toSelection", () => {
  it("turns the initial values into the API's defaults", () => {
    expect(toSelection(INITIAL_VALUES)).toEqual({
      selection: {
        filters: {},
        source: null,
        tag: null,
        q: null,
        created_after: null,
        created_before: null,
        limit: 100,
        selection_strategy: "latest",
        stratify_by: null,
        seed: null,
        eval_fraction: 0.1,
      },
      problems: {},
    });
  });

  it("sends filters, numbers and times in the API's shape", () => {
    const { selection } = toSelection({
      ...INITIAL_VALUES,
      source: " generator ",
      filters: "generator=arithmetic",
      created_after: "2025-03-01T12:00",
      limit: "50",
      selection_strategy: "stratified",
      stratify_by: "operation",
      seed: "7",
      eval_fraction: "0.25",
    });
    expect(selection).toMatchObject({
      source: "generator",
      filters: { generator: "arithmetic" },
      created_after: new Date("2025-03-01T12:00").toISOString(),
      limit: 50,
      selection_strategy: "stratified",
      stratify_by: "operation",
      seed: 7,
      eval_fraction: 0.25,
    });
  });

  it("asks nothing while a seeded strategy has no seed, and says why", () => {
    const random = toSelection({
      ...INITIAL_VALUES,
      selection_strategy: "random",
    });
    expect(random.selection).toBeNull();
    expect(random.problems).toEqual({ seed: "Required for random selection." });
    const stratified = toSelection({
      ...INITIAL_VALUES,
      selection_strategy: "stratified",
      seed: "1",
    });
    expect(stratified.problems).toEqual({
      stratify_by: "Required for stratified selection: a meta key.",
    });
  });

  it("reports numbers that are not numbers", () => {
    const { selection, problems } = toSelection({
      ...INITIAL_VALUES,
      limit: "",
      seed: "1.5",
      eval_fraction: "",
    });
    expect(selection).toBeNull();
    expect(Object.keys(problems).sort()).toEqual([
      "eval_fraction",
      "limit",
      "seed",
    ]);
  });

  it("leaves ranges to the API", () => {
    expect(
      toSelection({ ...INITIAL_VALUES, limit: "0", eval_fraction: "2" })
        .selection,
    ).toMatchObject({ limit: 0, eval_fraction: 2 });
  });
});

describe("toBuildRequest", () => {
  it("adds the name, version and description to the selection", () => {
    const values = {
      ...INITIAL_VALUES,
      dataset_name: " arith ",
      dataset_version: "v2",
    };
    const { selection } = toSelection(values);
    expect(toBuildRequest(values, selection!)).toMatchObject({
      dataset_name: "arith",
      dataset_version: "v2",
      description: null,
      limit: 100,
    });
  });
});

describe("API errors by field", () => {
  const errors = {
    dataset_version: "String should match pattern",
    "filters.bad key": "meta key must match",
    body: "Value error, something",
    weird: "unexpected",
  };

  it("finds a field's message, including its nested paths", () => {
    expect(errorFor(errors, "dataset_version")).toBe(
      "String should match pattern",
    );
    expect(errorFor(errors, "filters")).toBe("meta key must match");
    expect(errorFor(errors, "seed")).toBeUndefined();
  });

  it("keeps the messages no field shows for the general notice", () => {
    expect(unplacedErrors(errors)).toEqual([
      "Value error, something",
      "weird: unexpected",
    ]);
  });
});
