import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api } from "../../api/client";
import { traceKeys } from "./api";

/** One accepted parameter, as GET /api/generators describes it (JSON-schema-like). */
export type ParamSpec =
  | {
      type: "integer";
      default: number;
      description: string;
      minimum?: number;
      maximum?: number;
    }
  | { type: "boolean"; default: boolean; description: string }
  | {
      type: "array";
      default: string[];
      description: string;
      items: { type: "string"; enum: string[] };
    };

export type GeneratorInfo = {
  name: string;
  version: string;
  description: string;
  params: Record<string, ParamSpec>;
};

/** What the form holds: text for numbers (so "" and "2.5" reach the API's validation). */
export type FormValue = string | boolean | string[];

/** The form's starting values: each param's default, count 10, no seed. */
export function initialValues(
  generator: GeneratorInfo,
): Record<string, FormValue> {
  const values: Record<string, FormValue> = { count: "10", seed: "" };
  for (const [name, spec] of Object.entries(generator.params)) {
    values[`params.${name}`] =
      spec.type === "integer"
        ? String(spec.default)
        : spec.type === "boolean"
          ? spec.default
          : [...spec.default];
  }
  return values;
}

function number(text: string): number | null {
  if (text.trim() === "") return null;
  const value = Number(text);
  return Number.isNaN(value) ? null : value;
}

/**
 * The POST body of a generate request. Numbers are sent as typed (or null when blank)
 * so the API, not the form, decides what is valid and says so beside the field.
 */
export function generateBody(
  generator: GeneratorInfo,
  values: Record<string, FormValue>,
) {
  const params: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(generator.params)) {
    const value = values[`params.${name}`];
    if (spec.type === "integer") {
      const parsed = number(typeof value === "string" ? value : "");
      if (parsed !== null) params[name] = parsed;
    } else {
      params[name] = value;
    }
  }
  const seed = number(String(values.seed ?? ""));
  return {
    count: number(String(values.count ?? "")) as number,
    seed,
    params,
    persist: true,
  };
}

function isGenerator(item: Record<string, unknown>): boolean {
  return (
    typeof item.name === "string" &&
    item.params !== null &&
    typeof item.params === "object"
  );
}

export function useGenerators() {
  return useQuery({
    queryKey: ["generators"],
    queryFn: async ({ signal }) => {
      const answer = await api.get("/api/generators", { signal });
      return (answer.data ?? []).filter(
        isGenerator,
      ) as unknown as GeneratorInfo[];
    },
    staleTime: Infinity,
  });
}

export function useGenerate(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReturnType<typeof generateBody>) =>
      api.post("/api/generators/{name}/generate", { path: { name }, body }),
    onSuccess: () => client.invalidateQueries({ queryKey: traceKeys.all }),
  });
}
