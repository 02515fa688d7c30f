/** Server state of the tuning pages: searches, their trials and best trial, and actions. */
import {
  useMutation,
  useQuery,
  useQueryClient,
  type Query,
} from "@tanstack/react-query";

import { api } from "../../api/client";
import type { Schemas } from "../../api/types";

export type TuningJob = Schemas["TuningJob"];
export type TuningJobDetail = Schemas["TuningJobDetail"];
export type TuningJobCreate = Schemas["TuningJobCreate"];
export type TuningStatus = Schemas["TuningStatus"];
export type BestTrial = Schemas["BestTrial"];

export const TUNING_STATUSES: readonly TuningStatus[] = [
  "created",
  "queued",
  "running",
  "succeeded",
  "failed",
  "cancel_requested",
  "cancelled",
  "timed_out",
];

/** Statuses in which the trial table still changes. */
const ACTIVE = new Set(["queued", "running", "cancel_requested"]);
export const POLL_MS = 2000;

export function isActive(status: string): boolean {
  return ACTIVE.has(status);
}

/** Whether `cancel` applies: the search is queued or running. */
export function canCancel(status: string): boolean {
  return status === "queued" || status === "running";
}

export const PAGE_SIZE = 20;

export function useTuningJobs(status: string, offset: number) {
  return useQuery({
    queryKey: ["tuning", "list", { status, offset }],
    queryFn: ({ signal }) =>
      api.get("/api/tuning/jobs", {
        query: {
          status: (status || null) as TuningStatus | null,
          limit: PAGE_SIZE,
          offset,
        },
        signal,
      }),
    // Keep the list's statuses current while any search on the page is moving.
    refetchInterval: (query) =>
      query.state.data?.data.some((job) => isActive(job.status))
        ? POLL_MS
        : false,
  });
}

function pollWhileActive(query: Query<TuningJobDetail, Error>) {
  const status = query.state.data?.status;
  return status !== undefined && isActive(status) ? POLL_MS : false;
}

export function useTuningJob(tuningJobId: string) {
  return useQuery({
    queryKey: ["tuning", "job", tuningJobId],
    queryFn: ({ signal }) =>
      api.get("/api/tuning/jobs/{tuning_job_id}", {
        path: { tuning_job_id: tuningJobId },
        signal,
      }),
    refetchInterval: pollWhileActive,
  });
}

/** The best trial; fetched again whenever the search names another best trial. */
export function useBestTrial(tuningJobId: string, bestTrialId: string | null) {
  return useQuery({
    queryKey: ["tuning", "best", tuningJobId, bestTrialId],
    queryFn: ({ signal }) =>
      api.get("/api/tuning/jobs/{tuning_job_id}/best", {
        path: { tuning_job_id: tuningJobId },
        signal,
      }),
    enabled: bestTrialId !== null,
  });
}

export function useDatasetChoices() {
  return useQuery({
    queryKey: ["datasets", "list", { limit: 100 }],
    queryFn: ({ signal }) =>
      api.get("/api/datasets", { query: { limit: 100 }, signal }),
  });
}

/** A hyperparameter a search may name (GET /api/tuning/tunables). */
export type Tunable = Schemas["Tunable"];

/** The backend's list, so the editor never keeps its own copy; it changes only on deploy. */
export function useTunables() {
  return useQuery({
    queryKey: ["tuning", "tunables"],
    queryFn: ({ signal }) => api.get("/api/tuning/tunables", { signal }),
    staleTime: Infinity,
  });
}

export type JudgeChoice = { name: string; description: string };

/** Judges usable as objectives: those needing no model of their own (docs/tuning.md). */
export function useObjectiveJudges() {
  return useQuery({
    queryKey: ["judges"],
    queryFn: ({ signal }) => api.get("/api/judges", { signal }),
    select: (judges): JudgeChoice[] =>
      judges
        .filter((judge) => judge.requires_model !== true)
        .map((judge) => ({
          name: String(judge.name),
          description:
            typeof judge.description === "string" ? judge.description : "",
        })),
  });
}

function useInvalidateTuning() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ["tuning"] });
}

export function useCreateTuningJob() {
  const invalidate = useInvalidateTuning();
  return useMutation({
    mutationFn: (body: TuningJobCreate) =>
      api.post("/api/tuning/jobs", { body }),
    onSuccess: invalidate,
  });
}

export function useStartTuningJob(tuningJobId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post("/api/tuning/jobs/{tuning_job_id}/start", {
        path: { tuning_job_id: tuningJobId },
        body: { priority: 0 },
      }),
    onSuccess: (job) => {
      client.setQueryData(["tuning", "job", tuningJobId], job);
      return client.invalidateQueries({ queryKey: ["tuning", "list"] });
    },
  });
}

export function useCancelTuningJob(tuningJobId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post("/api/tuning/jobs/{tuning_job_id}/cancel", {
        path: { tuning_job_id: tuningJobId },
      }),
    onSuccess: (job) => {
      client.setQueryData(["tuning", "job", tuningJobId], job);
      return client.invalidateQueries({ queryKey: ["tuning", "list"] });
    },
  });
}

export type BestRunOptions = { maxSteps: number | null; autoEvaluate: boolean };

export function useRunBest(tuningJobId: string) {
  return useMutation({
    mutationFn: ({ maxSteps, autoEvaluate }: BestRunOptions) =>
      api.post("/api/tuning/jobs/{tuning_job_id}/best/run", {
        path: { tuning_job_id: tuningJobId },
        body: {
          max_steps: maxSteps,
          auto_evaluate: autoEvaluate,
          priority: 0,
        },
      }),
  });
}

export function usePromoteBest(tuningJobId: string) {
  return useMutation({
    mutationFn: (body: Schemas["BestPromote"]) =>
      api.post("/api/tuning/jobs/{tuning_job_id}/best/promote", {
        path: { tuning_job_id: tuningJobId },
        body,
      }),
  });
}
