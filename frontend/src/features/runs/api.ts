import {
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";

import { api } from "../../api/client";
import type { Schemas } from "../../api/types";

export type Run = Schemas["Run"];
export type RunCreate = Schemas["RunCreate"];
export type JobStatus = Schemas["JobStatus"];
export type Artifact = Schemas["Artifact"];

/** Every status a run can have, in the order of its life. */
export const RUN_STATUSES: readonly JobStatus[] = [
  "queued",
  "running",
  "cancel_requested",
  "succeeded",
  "failed",
  "cancelled",
  "timed_out",
];

const FINISHED: ReadonlySet<string> = new Set([
  "succeeded",
  "failed",
  "cancelled",
  "timed_out",
]);

export function isFinished(status: string): boolean {
  return FINISHED.has(status);
}

export const RUNS_PAGE_SIZE = 20;
// While something is queued or running, lists and pages follow it at this pace.
const LIVE_REFRESH_MS = 2_000;

export type RunFilters = {
  status: JobStatus | null;
  dataset_key: string | null;
  offset: number;
};

export function useRuns(filters: RunFilters) {
  return useQuery({
    queryKey: ["runs", "list", filters],
    queryFn: ({ signal }) =>
      api.get("/api/tunix/runs", {
        query: {
          status: filters.status,
          dataset_key: filters.dataset_key,
          limit: RUNS_PAGE_SIZE,
          offset: filters.offset,
        },
        signal,
      }),
    refetchInterval: (query) =>
      query.state.data?.data.some((run) => !isFinished(run.status))
        ? LIVE_REFRESH_MS
        : false,
  });
}

export function useRun(runId: string) {
  return useQuery({
    queryKey: ["runs", "detail", runId],
    queryFn: ({ signal }) =>
      api.get("/api/tunix/runs/{run_id}", { path: { run_id: runId }, signal }),
    refetchInterval: (query) =>
      query.state.data && !isFinished(query.state.data.status)
        ? LIVE_REFRESH_MS
        : false,
  });
}

export function useRunMetrics(runId: string) {
  return useQuery({
    queryKey: ["runs", "metrics", runId],
    queryFn: ({ signal }) =>
      api.get("/api/tunix/runs/{run_id}/metrics", {
        path: { run_id: runId },
        signal,
      }),
  });
}

export function useRunArtifacts(runId: string, live: boolean) {
  return useQuery({
    queryKey: ["runs", "artifacts", runId],
    queryFn: ({ signal }) =>
      api.get("/api/tunix/runs/{run_id}/artifacts", {
        path: { run_id: runId },
        signal,
      }),
    // Checkpoints appear while a run trains; slower than the status.
    refetchInterval: live ? 10_000 : false,
  });
}

export function useRunEvaluations(runId: string) {
  return useQuery({
    queryKey: ["evaluations", "list", { run_id: runId }],
    queryFn: ({ signal }) =>
      api.get("/api/evaluations", {
        query: { run_id: runId, limit: 10 },
        signal,
      }),
  });
}

/** Datasets to train on (the newest 100), for the new-run form. */
export function useDatasetChoices() {
  return useQuery({
    queryKey: ["datasets", "list", { limit: 100 }],
    queryFn: ({ signal }) =>
      api.get("/api/datasets", { query: { limit: 100 }, signal }),
  });
}

/** Registered models (the first 100), offered as registry:// model sources. */
export function useRegisteredModels() {
  return useQuery({
    queryKey: ["models", "list", { limit: 100 }],
    queryFn: ({ signal }) =>
      api.get("/api/models", { query: { limit: 100 }, signal }),
  });
}

/** After a run was created or changed: lists, its page and its evaluations. */
export function refreshRun(client: QueryClient, runId: string) {
  void client.invalidateQueries({ queryKey: ["runs", "list"] });
  void client.invalidateQueries({ queryKey: ["runs", "detail", runId] });
  void client.invalidateQueries({ queryKey: ["runs", "artifacts", runId] });
  void client.invalidateQueries({
    queryKey: ["evaluations", "list", { run_id: runId }],
  });
}

export function useCreateRun() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RunCreate) => api.post("/api/tunix/runs", { body }),
    onSuccess: (run) => refreshRun(client, run.run_id),
  });
}

export function useCancelRun(runId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post("/api/tunix/runs/{run_id}/cancel", { path: { run_id: runId } }),
    onSuccess: (run) => {
      client.setQueryData(["runs", "detail", runId], run);
      refreshRun(client, runId);
    },
  });
}
