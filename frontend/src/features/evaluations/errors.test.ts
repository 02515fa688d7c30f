import { describe, expect, it } from "vitest";

import { ApiError } from "../../api/client";
import { formErrors, splitDetail } from "./errors";

describe("splitDetail", () => {
  it("joins nested field paths of a judge's parameter", () => {
    expect(
      splitDetail("judges[0]: params.rel_tol: must be between 0 and 1, got -1"),
    ).toEqual(["judges[0].params.rel_tol", "must be between 0 and 1, got -1"]);
  });

  it("names the field of messages that start with it in words", () => {
    expect(splitDetail("dataset_key 'x' does not exist")).toEqual([
      "dataset_key",
      "dataset_key 'x' does not exist",
    ]);
    expect(
      splitDetail("run r1 is failed; generation needs a succeeded run")[0],
    ).toBe("run_id");
    expect(
      splitDetail("registry://m@1: no model named 'm' in the registry")[0],
    ).toBe("model");
  });

  it("leaves a sentence that names no field alone", () => {
    expect(splitDetail("no item was scored in both evaluations")).toEqual([
      null,
      "no item was scored in both evaluations",
    ]);
  });
});

describe("formErrors", () => {
  it("maps FastAPI's validation list by field", () => {
    const error = new ApiError(
      422,
      [{ field: "generation.top_p", msg: "Input should be greater than 0" }],
      "",
    );
    expect(formErrors(error)).toEqual({
      "generation.top_p": "Input should be greater than 0",
    });
  });

  it("keeps what names no field under body", () => {
    expect(formErrors(new ApiError(409, "busy", "busy"))).toEqual({
      body: "busy",
    });
  });

  it("gives nothing for errors that are not the API's", () => {
    expect(formErrors(new TypeError("Failed to fetch"))).toEqual({});
  });
});
