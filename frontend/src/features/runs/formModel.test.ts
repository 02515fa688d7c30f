import { describe, expect, it } from "vitest";

import { ApiError } from "../../api/client";
import {
  LORA_DEFAULTS,
  MESH_DEFAULTS,
  RUN_DEFAULTS,
  TRAIN_DEFAULTS,
  defaultValues,
  runFieldErrors,
  toRunCreate,
} from "./formModel";

type JsonSchema = {
  properties: Record<string, { default?: unknown }>;
};

// The backend's schema as served (frontend/openapi.json), read at test time only.
const openapi = Object.values(
  import.meta.glob("../../../openapi.json", { eager: true, import: "default" }),
)[0] as { components: { schemas: Record<string, JsonSchema> } };

function schemaDefaults(name: string, keys: readonly string[]) {
  const { properties } = openapi.components.schemas[name]!;
  return Object.fromEntries(
    keys.map((key) => [key, properties[key]?.default ?? null]),
  );
}

describe("the form's defaults", () => {
  it.each([
    ["TrainConfig", TRAIN_DEFAULTS],
    ["LoraConfig", LORA_DEFAULTS],
    ["MeshConfig", MESH_DEFAULTS],
    ["RunCreate", RUN_DEFAULTS],
  ] as const)("are the API's %s defaults", (name, defaults) => {
    expect(defaults).toEqual(schemaDefaults(name, Object.keys(defaults)));
  });

  it("ask for exactly the API defaults when left untouched", () => {
    const body = toRunCreate(defaultValues("arith-v1"));
    expect(body).toEqual({
      dataset_key: "arith-v1",
      config: { ...TRAIN_DEFAULTS, lora: null, mesh: MESH_DEFAULTS },
      ...RUN_DEFAULTS,
      auto_evaluate: null,
    });
  });
});

describe("toRunCreate", () => {
  it("sends a checkpoint directory as the model, LoRA when asked, and empty optionals as null", () => {
    const body = toRunCreate({
      ...defaultValues("d"),
      model_source: "checkpoint",
      checkpoint: " /models/qwen ",
      lora: true,
      lora_rank: "4",
      max_grad_norm: "",
      max_steps: "30",
    });
    expect(body.config.model).toBe("/models/qwen");
    expect(body.config.lora).toEqual({
      rank: 4,
      alpha: 16,
      target_modules: LORA_DEFAULTS.target_modules,
    });
    expect(body.config.max_grad_norm).toBeNull();
    expect(body.config.max_steps).toBe(30);
  });

  it("sends an emptied required number as null, for the API to name", () => {
    const body = toRunCreate({ ...defaultValues("d"), learning_rate: "" });
    expect(body.config.learning_rate).toBeNull();
  });
});

describe("runFieldErrors", () => {
  const validation = (field: string, msg: string) =>
    new ApiError(422, [{ field, msg, loc: [], type: "x" }], msg);

  it("keeps per-field messages under their path", () => {
    expect(
      runFieldErrors(
        validation("config.learning_rate", "Input should be greater than 0"),
      ),
    ).toEqual({ "config.learning_rate": "Input should be greater than 0" });
  });

  it("puts a config-wide check beside the key it names", () => {
    expect(
      runFieldErrors(
        validation(
          "config",
          "Value error, batch_size 30 must divide by mesh.fsdp 4",
        ),
      ),
    ).toEqual({
      "config.batch_size":
        "Value error, batch_size 30 must divide by mesh.fsdp 4",
    });
  });

  it("puts the create endpoint's one-sentence checks beside the dataset and the model", () => {
    expect(
      runFieldErrors(new ApiError(422, "dataset_key 'x' does not exist", "x")),
    ).toEqual({ dataset_key: "dataset_key 'x' does not exist" });
    expect(
      runFieldErrors(
        new ApiError(422, "model directory /m has no config.json", "x"),
      ),
    ).toEqual({ "config.model": "model directory /m has no config.json" });
  });

  it("has nothing for other errors", () => {
    expect(runFieldErrors(new ApiError(500, "boom", "boom"))).toEqual({});
    expect(runFieldErrors(null)).toEqual({});
  });
});
