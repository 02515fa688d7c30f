import { describe, expect, it } from "vitest";

import { ApiError } from "../../api/client";
import {
  normaliseField,
  splitDetail,
  tuningFieldErrors,
  unplacedErrors,
} from "./errors";

function validation(field: string, msg: string) {
  const detail = [
    { loc: ["body", ...field.split(".")], field, msg, type: "value_error" },
  ];
  return new ApiError(422, detail, msg, { detail });
}

describe("normaliseField", () => {
  it("drops the kind pydantic puts in a search-space path", () => {
    expect(normaliseField("search_space.learning_rate.loguniform")).toBe(
      "search_space.learning_rate",
    );
    expect(normaliseField("search_space.lora.rank.randint.min")).toBe(
      "search_space.lora.rank.min",
    );
    expect(normaliseField("search_space.lr.quniform.q")).toBe(
      "search_space.lr.q",
    );
    expect(normaliseField("num_samples")).toBe("num_samples");
  });

  it("keys every problem inside a condition to the row's when", () => {
    expect(
      normaliseField("search_space.lora.rank.randint.when.schedule.0"),
    ).toBe("search_space.lora.rank.when");
    expect(normaliseField("search_space.warmup_ratio.when")).toBe(
      "search_space.warmup_ratio.when",
    );
  });
});

describe("splitDetail", () => {
  it("splits a one-string detail by the field each problem names", () => {
    expect(
      splitDetail(
        "fixed_config.max_steps: the per-trial budget is trial_max_steps; " +
          "search_space.batch_size: value 12: batch_size 12 must divide by mesh.fsdp 8",
      ),
    ).toEqual({
      "fixed_config.max_steps": "the per-trial budget is trial_max_steps",
      "search_space.batch_size":
        "value 12: batch_size 12 must divide by mesh.fsdp 8",
    });
  });

  it("places a condition's problem beside the row's when", () => {
    expect(
      splitDetail(
        "search_space.lora.rank.when: schedule is itself conditional; conditions go one " +
          "level deep only (make schedule unconditional); search_space.seed: also set in fixed_config",
      ),
    ).toEqual({
      "search_space.lora.rank.when":
        "schedule is itself conditional; conditions go one level deep only (make schedule unconditional)",
      "search_space.seed": "also set in fixed_config",
    });
  });

  it("keeps a message's own semicolons with its field", () => {
    expect(
      splitDetail(
        "objective.metric: 'mean' needs a judge; training's own evaluation produces eval_loss",
      ),
    ).toEqual({
      "objective.metric":
        "'mean' needs a judge; training's own evaluation produces eval_loss",
    });
  });

  it("puts dataset problems beside the dataset and the rest under no field", () => {
    expect(splitDetail("dataset arith-v1 has no eval items")).toEqual({
      dataset_key: "dataset arith-v1 has no eval items",
    });
    expect(splitDetail("model directory /x has no config.json")).toEqual({
      "": "model directory /x has no config.json",
    });
  });
});

describe("tuningFieldErrors", () => {
  it("keys pydantic errors inside an entry by the editor's field", () => {
    const error = validation(
      "search_space.learning_rate.loguniform.min",
      "Input should be a valid number",
    );
    expect(tuningFieldErrors(error)).toEqual({
      "search_space.learning_rate.min": "Input should be a valid number",
    });
  });

  it("ignores errors that are not 422s", () => {
    expect(tuningFieldErrors(new ApiError(500, "boom", "boom"))).toEqual({});
    expect(tuningFieldErrors(new Error("offline"))).toEqual({});
  });
});

describe("unplacedErrors", () => {
  it("joins what no field of the form shows", () => {
    const errors = { name: "too long", "": "server says no", priority: "bad" };
    expect(unplacedErrors(errors, new Set(["name"]))).toBe(
      "server says no; priority: bad",
    );
    expect(unplacedErrors({ name: "x" }, new Set(["name"]))).toBeNull();
  });
});
