import { describe, expect, it } from "vitest";

import {
  parseTags,
  placeErrors,
  validateMove,
  validateNewModel,
  validatePromote,
} from "./forms";

describe("the registry's form checks", () => {
  it("reads comma-separated tags without blanks or repeats", () => {
    expect(parseTags(" math, arith ,, math ")).toEqual(["math", "arith"]);
  });

  it("takes model names as the API does", () => {
    expect(
      validateNewModel({ name: "arith-v2.1", description: "", tags: "" }),
    ).toEqual({});
    expect(validateNewModel({ name: "", description: "", tags: "" }).name).toBe(
      "Give the model a name.",
    );
    expect(
      validateNewModel({ name: "Arith", description: "", tags: "" }).name,
    ).toMatch(/lowercase/);
    expect(
      validateNewModel({ name: "versions", description: "", tags: "" }).name,
    ).toMatch(/reserved/);
    expect(
      validateNewModel({ name: "a", description: "", tags: "ok, no way" }).tags,
    ).toBe("Not a valid tag: no way (letters, digits, '.', '_', ':' or '-').");
  });

  it("needs a run to promote and a label of at most 200 characters", () => {
    expect(validatePromote({ runId: "", label: "" })).toEqual({
      run_id: "Pick a succeeded run to promote.",
    });
    expect(validatePromote({ runId: "r", label: "x".repeat(200) })).toEqual({});
  });

  it("needs an alias starting with a letter, not 'history', and a version", () => {
    const move = {
      alias: "production",
      version: "2",
      baseline: "",
      reason: "",
    };
    expect(validateMove(move)).toEqual({});
    expect(validateMove({ ...move, alias: "3" }).alias).toMatch(
      /starting with a letter/,
    );
    expect(validateMove({ ...move, alias: "history" }).alias).toMatch(
      /reserved/,
    );
    expect(validateMove({ ...move, version: "" }).version).toBe(
      "Pick the version to point at.",
    );
  });

  it("places API messages on the form's fields and keeps the rest", () => {
    expect(
      placeErrors({ "tags[1]": "too long", name: "taken", body: "bad body" }, [
        "name",
        "tags",
      ]),
    ).toEqual({
      byField: { tags: "too long", name: "taken" },
      unplaced: "bad body",
    });
  });
});
