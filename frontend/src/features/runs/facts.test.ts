import { describe, expect, it } from "vitest";

import { flattenFacts, groupArtifacts } from "./facts";

describe("flattenFacts", () => {
  it("shows nested keys dotted and every value as text", () => {
    expect(
      flattenFacts({
        model: "tiny",
        lora: null,
        mesh: { fsdp: 1, tp: 2 },
        kinds: ["cpu"],
        system: "",
        loss: 1.1262489557266235,
        learning_rate: 0.000020458013750612736,
      }),
    ).toEqual([
      { key: "model", value: "tiny" },
      { key: "lora", value: "—" },
      { key: "mesh.fsdp", value: "1" },
      { key: "mesh.tp", value: "2" },
      { key: "kinds", value: '["cpu"]' },
      { key: "system", value: '""' },
      { key: "loss", value: "1.12625" },
      { key: "learning_rate", value: "0.000020458" },
    ]);
  });
});

describe("groupArtifacts", () => {
  it("puts loose files first, then each top-level folder with its size", () => {
    const groups = groupArtifacts([
      { path: "export/model.safetensors", size_bytes: 100 },
      { path: "checkpoints/10/state", size_bytes: 5 },
      { path: "result.json", size_bytes: 2 },
      { path: "export/config.json", size_bytes: 1 },
    ]);
    expect(groups.map((g) => [g.dir, g.files.length, g.size_bytes])).toEqual([
      ["", 1, 2],
      ["checkpoints", 1, 5],
      ["export", 2, 101],
    ]);
  });
});
