import { describe, expect, it } from "vitest";

import {
  editorErrorKeys,
  kindsFor,
  newRow,
  parentChoices,
  parseValues,
  rowsToSearchSpace,
  searchSpaceToRows,
  tunableHelp,
  withName,
} from "./space";
import { tunables } from "./testData";

describe("rowsToSearchSpace", () => {
  it("sends each kind with only the inputs it takes", () => {
    const rows = [
      newRow({
        name: "learning_rate",
        kind: "loguniform",
        min: "0.0001",
        max: "0.01",
        q: "5",
      }),
      newRow({
        name: "batch_size",
        kind: "choice",
        values: "16, 32",
        min: "1",
      }),
      newRow({ name: "lora.rank", kind: "randint", min: "4", max: "32" }),
      newRow({ name: "warmup_ratio", kind: "uniform", min: "0", max: "0.2" }),
      newRow({
        name: "max_seq_length",
        kind: "quniform",
        min: "64",
        max: "256",
        q: "64",
      }),
      newRow({ name: "schedule", kind: "choice", values: "cosine, linear" }),
    ];
    expect(rowsToSearchSpace(rows)).toEqual({
      searchSpace: {
        learning_rate: { type: "loguniform", min: 0.0001, max: 0.01 },
        batch_size: { type: "choice", values: [16, 32] },
        "lora.rank": { type: "randint", min: 4, max: 32 },
        warmup_ratio: { type: "uniform", min: 0, max: 0.2 },
        max_seq_length: { type: "quniform", min: 64, max: 256, q: 64 },
        schedule: { type: "choice", values: ["cosine", "linear"] },
      },
      errors: {},
    });
  });

  it("keeps the bounds when the kind is switched", () => {
    const row = newRow({
      name: "learning_rate",
      kind: "uniform",
      min: "0.001",
      max: "0.01",
    });
    const switched = { ...row, kind: "loguniform" as const };
    expect(rowsToSearchSpace([switched]).searchSpace).toEqual({
      learning_rate: { type: "loguniform", min: 0.001, max: 0.01 },
    });
  });

  it("names the input that is not a number, keyed like the API's fields", () => {
    const rows = [
      newRow({
        name: "learning_rate",
        kind: "quniform",
        min: "abc",
        max: "0.01",
        q: "",
      }),
      newRow({ name: "lora.rank", kind: "randint", min: "4.5", max: "8" }),
      newRow({ name: "batch_size", kind: "choice", values: " , " }),
    ];
    const { searchSpace, errors } = rowsToSearchSpace(rows);
    expect(searchSpace).toEqual({});
    expect(errors).toEqual({
      "search_space.learning_rate.min": "Enter a number",
      "search_space.learning_rate.q": "Enter a number",
      "search_space.lora.rank.min": "Enter a whole number",
      "search_space.batch_size.values": "List at least one value",
    });
  });

  it("refuses a hyperparameter listed twice and a row without a name", () => {
    const rows = [
      newRow({ name: "seed", kind: "randint", min: "0", max: "9" }),
      newRow({ name: "seed", kind: "choice", values: "1" }),
      newRow({ name: "", kind: "uniform" }),
    ];
    const { errors } = rowsToSearchSpace(rows);
    expect(errors["search_space.seed"]).toMatch(/listed twice/);
    expect(errors["search_space.#2"]).toBe("Choose a hyperparameter");
  });
});

describe("withName", () => {
  it("keeps the kind when the new hyperparameter takes it", () => {
    const row = newRow({ name: "learning_rate", kind: "randint" });
    expect(withName(row, "batch_size", tunables).kind).toBe("randint");
  });

  it("switches to a kind the new hyperparameter takes", () => {
    expect(
      withName(newRow({ kind: "loguniform" }), "batch_size", tunables).kind,
    ).toBe("choice");
    expect(
      withName(newRow({ kind: "uniform" }), "schedule", tunables).kind,
    ).toBe("choice");
  });
});

describe("kindsFor and tunableHelp", () => {
  it("offers the kinds the backend lists, and every kind while it is loading", () => {
    expect(kindsFor("schedule", tunables)).toEqual(["choice"]);
    expect(kindsFor("batch_size", tunables)).toEqual([
      "choice",
      "randint",
      "quniform",
    ]);
    expect(kindsFor("batch_size", undefined)).toHaveLength(5);
  });

  it("describes the default and training's bounds", () => {
    const by = (name: string) => tunables.find((t) => t.name === name)!;
    expect(tunableHelp(by("learning_rate"))).toBe(
      "default 0.003 · training accepts (0, 10]",
    );
    expect(tunableHelp(by("warmup_ratio"))).toBe(
      "default 0.05 · training accepts [0, 1)",
    );
    expect(tunableHelp(by("weight_decay"))).toBe(
      "default 0 · training accepts [0, ∞)",
    );
    expect(tunableHelp(by("seed"))).toBe(
      "default 0 · training accepts [0, 4294967295]",
    );
  });
});

describe("parseValues", () => {
  it("reads numbers, booleans and text", () => {
    expect(parseValues("16, 3e-4,cosine, true ,false,")).toEqual([
      16,
      0.0003,
      "cosine",
      true,
      false,
    ]);
  });
});

describe("searchSpaceToRows", () => {
  it("gives back the same search space", () => {
    const space = {
      learning_rate: { type: "loguniform", min: 0.0001, max: 0.01 },
      batch_size: { type: "choice", values: [16, 32] },
      max_seq_length: { type: "quniform", min: 64, max: 256, q: 64 },
    };
    const rows = searchSpaceToRows(space);
    expect(rows.map((row) => [row.name, row.kind])).toEqual([
      ["learning_rate", "loguniform"],
      ["batch_size", "choice"],
      ["max_seq_length", "quniform"],
    ]);
    expect(rowsToSearchSpace(rows)).toEqual({ searchSpace: space, errors: {} });
  });
});

describe("conditions (Only when)", () => {
  const schedule = newRow({
    name: "schedule",
    kind: "choice",
    values: "cosine, constant",
  });

  it("sends a row's condition as its when", () => {
    const warmup = newRow({
      name: "warmup_ratio",
      kind: "uniform",
      min: "0",
      max: "0.2",
      whenParent: "schedule",
      whenValues: "cosine",
    });
    expect(rowsToSearchSpace([schedule, warmup])).toEqual({
      searchSpace: {
        schedule: { type: "choice", values: ["cosine", "constant"] },
        warmup_ratio: {
          type: "uniform",
          min: 0,
          max: 0.2,
          when: { schedule: ["cosine"] },
        },
      },
      errors: {},
    });
  });

  it("gives back the same conditional search space", () => {
    const space = {
      schedule: { type: "choice", values: ["cosine", "constant"] },
      batch_size: {
        type: "choice",
        values: [8, 16],
        when: { schedule: ["constant"] },
      },
      "lora.rank": {
        type: "randint",
        min: 4,
        max: 8,
        when: { schedule: ["cosine", "constant"] },
      },
    };
    const rows = searchSpaceToRows(space);
    expect(
      rows.map((row) => [row.name, row.whenParent, row.whenValues]),
    ).toEqual([
      ["schedule", "", ""],
      ["batch_size", "schedule", "constant"],
      ["lora.rank", "schedule", "cosine, constant"],
    ]);
    expect(rowsToSearchSpace(rows)).toEqual({ searchSpace: space, errors: {} });
  });

  it("asks for the parent's values, and for a parent that is still there", () => {
    const rows = [
      schedule,
      newRow({
        name: "warmup_ratio",
        kind: "uniform",
        min: "0",
        max: "0.2",
        whenParent: "schedule",
        whenValues: " , ",
      }),
      newRow({
        name: "seed",
        kind: "choice",
        values: "1, 2",
        whenParent: "batch_size",
        whenValues: "8",
      }),
    ];
    const { searchSpace, errors } = rowsToSearchSpace(rows);
    expect(Object.keys(searchSpace)).toEqual(["schedule"]);
    expect(errors).toEqual({
      "search_space.warmup_ratio.when":
        "List the values of schedule that sample this one",
      "search_space.seed.when": "batch_size is no longer in the search space",
    });
  });

  it("offers as parents only the other rows that are unconditional choices", () => {
    const rows = [
      schedule,
      newRow({ name: "learning_rate", kind: "loguniform" }),
      newRow({ name: "batch_size", kind: "choice", values: "8, 16" }),
      newRow({
        name: "seed",
        kind: "choice",
        values: "1",
        whenParent: "schedule",
        whenValues: "cosine",
      }),
      newRow({ kind: "choice" }),
    ];
    expect(parentChoices(rows, rows[0]!)).toEqual(["batch_size"]);
    expect(parentChoices(rows, rows[1]!)).toEqual(["schedule", "batch_size"]);
  });
});

describe("editorErrorKeys", () => {
  it("lists the fields each row shows messages beside", () => {
    const rows = [
      newRow({ name: "learning_rate", kind: "quniform" }),
      newRow({ kind: "choice" }),
    ];
    expect(editorErrorKeys(rows)).toEqual([
      "search_space",
      "search_space.learning_rate",
      "search_space.learning_rate.min",
      "search_space.learning_rate.max",
      "search_space.learning_rate.q",
      "search_space.learning_rate.when",
      "search_space.#1",
      "search_space.#1.values",
      "search_space.#1.when",
    ]);
  });
});
