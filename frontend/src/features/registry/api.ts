import {
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";

import { api } from "../../api/client";
import type { Schemas } from "../../api/types";

export type RegisteredModel = Schemas["RegisteredModel"];
export type ModelCreate = Schemas["ModelCreate"];
export type ModelVersion = Schemas["ModelVersion"];
export type ModelFile = Schemas["ModelFile"];
export type ModelAlias = Schemas["ModelAlias"];
export type AliasEvent = Schemas["AliasEvent"];
export type AliasMove = Schemas["AliasMove"];
export type AliasMoveResult = Schemas["AliasMoveResult"];
export type RegressionCheck = Schemas["RegressionCheck"];
export type Baseline = Schemas["Baseline"];
export type Run = Schemas["Run"];

export const MODELS_PAGE_SIZE = 50;
// Enough for a model's whole story on one page; older entries are rarely needed.
export const VERSIONS_LIMIT = 100;
export const HISTORY_LIMIT = 50;
// The pickers offer the newest of these (the API pages at 100).
export const CHOICES_LIMIT = 100;

const keys = {
  models: (filters: object) => ["registry", "models", filters] as const,
  model: (name: string) => ["registry", "model", name] as const,
  versions: (name: string) => ["registry", "model", name, "versions"] as const,
  version: (name: string, version: string) =>
    ["registry", "model", name, "version", version] as const,
  aliases: (name: string) => ["registry", "model", name, "aliases"] as const,
  history: (name: string) => ["registry", "model", name, "history"] as const,
};

export function useModels(filters: { tag: string; offset: number }) {
  return useQuery({
    queryKey: keys.models(filters),
    queryFn: ({ signal }) =>
      api.get("/api/models", {
        query: {
          tag: filters.tag || null,
          limit: MODELS_PAGE_SIZE,
          offset: filters.offset,
        },
        signal,
      }),
  });
}

export function useModel(name: string) {
  return useQuery({
    queryKey: keys.model(name),
    queryFn: ({ signal }) =>
      api.get("/api/models/{name}", { path: { name }, signal }),
  });
}

export function useVersions(name: string) {
  return useQuery({
    queryKey: keys.versions(name),
    queryFn: ({ signal }) =>
      api.get("/api/models/{name}/versions", {
        path: { name },
        query: { limit: VERSIONS_LIMIT },
        signal,
      }),
  });
}

export function useVersion(name: string, version: string) {
  return useQuery({
    queryKey: keys.version(name, version),
    queryFn: ({ signal }) =>
      api.get("/api/models/{name}/versions/{version}", {
        path: { name, version },
        signal,
      }),
  });
}

export function useAliases(name: string) {
  return useQuery({
    queryKey: keys.aliases(name),
    queryFn: ({ signal }) =>
      api.get("/api/models/{name}/aliases", { path: { name }, signal }),
  });
}

export function useAliasHistory(name: string) {
  return useQuery({
    queryKey: keys.history(name),
    queryFn: ({ signal }) =>
      api.get("/api/models/{name}/aliases/history", {
        path: { name },
        query: { limit: HISTORY_LIMIT },
        signal,
      }),
  });
}

/** Runs that can be promoted: succeeded, and not dry runs (which export nothing). */
export function usePromotableRuns() {
  return useQuery({
    queryKey: ["runs", "list", "promotable"],
    queryFn: ({ signal }) =>
      api.get("/api/tunix/runs", {
        query: { status: "succeeded", limit: CHOICES_LIMIT },
        signal,
      }),
    select: (page) => page.data.filter((run) => !run.dry_run),
  });
}

export function useBaselines() {
  return useQuery({
    queryKey: ["regression", "baselines", { limit: CHOICES_LIMIT }],
    queryFn: ({ signal }) =>
      api.get("/api/regression/baselines", {
        query: { limit: CHOICES_LIMIT },
        signal,
      }),
  });
}

function invalidateModel(client: QueryClient, name: string) {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.model(name) }),
    client.invalidateQueries({ queryKey: ["registry", "models"] }),
  ]);
}

export function useCreateModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ModelCreate) => api.post("/api/models", { body }),
    onSuccess: () =>
      client.invalidateQueries({ queryKey: ["registry", "models"] }),
  });
}

export function usePromote(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["VersionPromote"]) =>
      api.post("/api/models/{name}/versions", { path: { name }, body }),
    onSuccess: () => invalidateModel(client, name),
  });
}

export function useMoveAlias(name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ alias, ...body }: AliasMove & { alias: string }) =>
      api.put("/api/models/{name}/aliases/{alias}", {
        path: { name, alias },
        body,
      }),
    // A refused move is recorded as a check (not as an alias event); refresh either way.
    onSettled: () => invalidateModel(client, name),
  });
}
