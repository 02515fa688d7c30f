import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";

import { api, ApiError } from "../../api/client";
import type { Schemas } from "../../api/types";

export type Evaluation = Schemas["Evaluation"];
export type EvaluationCreate = Schemas["EvaluationCreate"];
export type EvaluationItem = Schemas["EvaluationItem"];
export type ItemVerdict = Schemas["ItemVerdict"];
export type JudgeScore = Schemas["JudgeScore"];
export type Comparison = Schemas["Comparison"];
export type Outcome = ItemVerdict["outcome"];
export type JobStatus = Schemas["JobStatus"];

export const OUTCOMES: readonly Outcome[] = ["pass", "fail", "unparseable"];
export const SPLITS = ["eval", "train", "all"] as const;
export type Split = (typeof SPLITS)[number];
export const JOB_STATUSES: readonly JobStatus[] = [
  "queued",
  "running",
  "succeeded",
  "failed",
  "cancel_requested",
  "cancelled",
  "timed_out",
];

/** One parameter a judge accepts, as GET /api/judges describes it. */
export type JudgeParam = {
  type: "number" | "integer" | "boolean" | "string";
  default: unknown;
  description: string;
  minimum?: number;
  maximum?: number;
  enum?: string[];
};

export type JudgeInfo = {
  name: string;
  version: string;
  description: string;
  requires_model: boolean;
  params: Record<string, JudgeParam>;
};

/** A judge as an evaluation recorded it: its version and every parameter, defaults filled. */
export type JudgeUsed = {
  name: string;
  version: string;
  params: Record<string, unknown>;
};

/** Retry once, but not a 4xx: the same request gets the same refusal. */
export function retryUnlessRefused(failures: number, error: Error): boolean {
  if (error instanceof ApiError && error.status < 500) return false;
  return failures < 1;
}

/** Statuses after which an evaluation no longer changes. */
export function isFinished(status: string): boolean {
  return !["queued", "running", "cancel_requested"].includes(status);
}

// A running evaluation is watched closely; a few seconds is what a person notices.
const LIVE_REFRESH_MS = 2000;
export const ITEMS_PAGE_SIZE = 20;
/** The item table's filters in the detail page's URL. */
export const ITEM_FILTER_KEYS = ["judge", "outcome", "offset"] as const;
export const EVALUATIONS_PAGE_SIZE = 20;

export type EvaluationFilters = {
  model_name: string;
  dataset_key: string;
  status: string;
  run_id: string;
  offset: number;
};

export function useEvaluations(filters: EvaluationFilters) {
  const query = {
    model_name: filters.model_name || null,
    dataset_key: filters.dataset_key || null,
    run_id: filters.run_id || null,
    status: (filters.status || null) as JobStatus | null,
    limit: EVALUATIONS_PAGE_SIZE,
    offset: filters.offset,
  };
  return useQuery({
    queryKey: ["evaluations", "list", query],
    queryFn: ({ signal }) => api.get("/api/evaluations", { query, signal }),
    placeholderData: keepPreviousData,
    // Queued and running evaluations in the list move on by themselves.
    refetchInterval: (q) =>
      q.state.data?.data.some((e) => !isFinished(e.status))
        ? LIVE_REFRESH_MS * 2
        : false,
  });
}

export function useEvaluation(evaluationId: string) {
  return useQuery({
    queryKey: ["evaluations", "detail", evaluationId],
    retry: retryUnlessRefused,
    queryFn: ({ signal }) =>
      api.get("/api/evaluations/{evaluation_id}", {
        path: { evaluation_id: evaluationId },
        signal,
      }),
    refetchInterval: (q) =>
      q.state.data && !isFinished(q.state.data.status)
        ? LIVE_REFRESH_MS
        : false,
  });
}

export type ItemFilters = {
  judge: string | null;
  outcome: Outcome | null;
  offset: number;
};

/** A page of items; `status` is in the key so the table reloads when the evaluation ends. */
export function useEvaluationItems(
  evaluationId: string,
  status: string,
  filters: ItemFilters,
) {
  const query = {
    // The API filters on a judge's outcome; a judge alone filters nothing.
    judge: filters.outcome ? filters.judge : null,
    outcome: filters.outcome,
    limit: ITEMS_PAGE_SIZE,
    offset: filters.offset,
  };
  return useQuery({
    queryKey: ["evaluations", "items", evaluationId, status, query],
    retry: retryUnlessRefused,
    queryFn: ({ signal }) =>
      api.get("/api/evaluations/{evaluation_id}/items", {
        path: { evaluation_id: evaluationId },
        query,
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useCancelEvaluation(evaluationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post("/api/evaluations/{evaluation_id}/cancel", {
        path: { evaluation_id: evaluationId },
      }),
    onSuccess: (evaluation) => {
      client.setQueryData(["evaluations", "detail", evaluationId], evaluation);
      void client.invalidateQueries({ queryKey: ["evaluations", "list"] });
    },
  });
}

export function useJudges() {
  return useQuery({
    queryKey: ["judges"],
    queryFn: async ({ signal }) =>
      (await api.get("/api/judges", { signal })) as unknown as JudgeInfo[],
    staleTime: Infinity,
  });
}

/** Datasets and succeeded runs offered by the new-evaluation form (newest first). */
export function useDatasetChoices() {
  return useQuery({
    queryKey: ["datasets", "list", { limit: 100 }],
    queryFn: ({ signal }) =>
      api.get("/api/datasets", { query: { limit: 100 }, signal }),
  });
}

export function useRunChoices() {
  const query = { status: "succeeded" as const, limit: 100 };
  return useQuery({
    queryKey: ["runs", "list", query],
    queryFn: ({ signal }) => api.get("/api/tunix/runs", { query, signal }),
  });
}

/** The evaluations offered as A and B on the compare page. */
export function useFinishedEvaluations() {
  const query = { status: "succeeded" as const, limit: 100 };
  return useQuery({
    queryKey: ["evaluations", "list", query],
    queryFn: ({ signal }) => api.get("/api/evaluations", { query, signal }),
  });
}

/** POST answers 201 (queued) or 200 with `existing: true` (an identical one exists). */
export function useCreateEvaluation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: EvaluationCreate) =>
      api.post("/api/evaluations", { body }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["evaluations", "list"] });
    },
  });
}

export type CompareInput = { a: string; b: string; judge: string | null };

/** A comparison is a pure function of two finished evaluations, so it is cached as a query. */
export function useComparison(input: CompareInput | null) {
  return useQuery({
    queryKey: ["evaluations", "compare", input],
    queryFn: ({ signal }) => {
      if (input === null) throw new Error("nothing to compare");
      return api.post("/api/evaluations/compare", {
        body: {
          a: input.a,
          b: input.b,
          judge: input.judge,
          resamples: 2000,
          seed: 0,
        },
        signal,
      });
    },
    enabled: input !== null,
    staleTime: Infinity,
    retry: retryUnlessRefused,
  });
}

export function judgesOf(evaluation: Evaluation): JudgeUsed[] {
  return evaluation.judges.map((j) => ({
    name: typeof j.name === "string" ? j.name : "",
    version: typeof j.version === "string" ? j.version : "",
    params: (j.params ?? {}) as Record<string, unknown>,
  }));
}
