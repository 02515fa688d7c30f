import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";

import { api, apiFetch, ApiError, withQuery } from "../../api/client";
import type { Schemas } from "../../api/types";
import { filtersQuery, type TraceFilters } from "./filters";
import type { Step } from "./stepDiff";

export type TraceSummary = Schemas["TraceSummary"];
export type TraceDetail = Schemas["TraceDetail"];
export type ScoreResult = Schemas["ScoreResult"];
export type ImportReport = Schemas["ImportReport"];
export type LineError = Schemas["LineError"];

/** Rows per request while scrolling: big enough to fill a tall screen twice. */
export const TRACE_PAGE_SIZE = 100;

/** The stored payload of a trace (GET /api/traces/{id} and compare answer it untyped). */
export type TracePayload = {
  trace_version: string;
  prompt: string;
  final_answer: string;
  steps: Step[];
  meta: Record<string, unknown>;
};

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export function payloadOf(raw: Record<string, unknown>): TracePayload {
  return {
    trace_version: text(raw.trace_version),
    prompt: text(raw.prompt),
    final_answer: text(raw.final_answer),
    steps: Array.isArray(raw.steps) ? (raw.steps as Step[]) : [],
    meta:
      raw.meta !== null && typeof raw.meta === "object"
        ? (raw.meta as Record<string, unknown>)
        : {},
  };
}

export const traceKeys = {
  all: ["traces"] as const,
  list: (filters: TraceFilters) => ["traces", "list", filters] as const,
  count: (filters: TraceFilters) => ["traces", "count", filters] as const,
  detail: (id: string) => ["traces", "detail", id] as const,
  scores: (id: string) => ["traces", "scores", id] as const,
  compare: (a: string, b: string) => ["traces", "compare", a, b] as const,
};

/** Pages of the filtered list, newest first, fetched on demand with keyset cursors. */
export function useTracePages(filters: TraceFilters) {
  return useInfiniteQuery({
    queryKey: traceKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get("/api/traces", {
        query: {
          ...filtersQuery(filters),
          limit: TRACE_PAGE_SIZE,
          cursor: pageParam ?? null,
        },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.pagination.next_cursor ?? undefined,
  });
}

export function useTraceCount(filters: TraceFilters) {
  return useQuery({
    queryKey: traceKeys.count(filters),
    queryFn: ({ signal }) =>
      api.get("/api/traces/count", { query: filtersQuery(filters), signal }),
  });
}

export function useTrace(traceId: string) {
  return useQuery({
    queryKey: traceKeys.detail(traceId),
    queryFn: ({ signal }) =>
      api.get("/api/traces/{trace_id}", {
        path: { trace_id: traceId },
        signal,
      }),
  });
}

export function useTraceScores(traceId: string) {
  return useQuery({
    queryKey: traceKeys.scores(traceId),
    queryFn: ({ signal }) =>
      api.get("/api/traces/{trace_id}/scores", {
        path: { trace_id: traceId },
        signal,
      }),
  });
}

export function useScoreTrace(traceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post("/api/traces/{trace_id}/score", {
        path: { trace_id: traceId },
        body: { criteria: "baseline" },
      }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: traceKeys.scores(traceId) }),
        client.invalidateQueries({ queryKey: ["traces", "compare"] }),
      ]),
  });
}

export function useDeleteTrace(traceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.delete("/api/traces/{trace_id}", { path: { trace_id: traceId } }),
    onSuccess: () => {
      client.removeQueries({ queryKey: traceKeys.detail(traceId) });
      return client.invalidateQueries({ queryKey: traceKeys.all });
    },
  });
}

export function useCompare(a: string, b: string) {
  return useQuery({
    queryKey: traceKeys.compare(a, b),
    queryFn: ({ signal }) =>
      api.get("/api/traces/compare", {
        query: { base: a, other: b },
        signal,
      }),
    enabled: a !== "" && b !== "",
  });
}

/** The outcome of an upload: a report, or the bad lines when nothing was written. */
export type UploadOutcome =
  { ok: true; report: ImportReport } | { ok: false; report: ImportReport };

function rejectedReport(error: unknown): ImportReport | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const body = error.body;
  if (body === null || typeof body !== "object" || !("report" in body))
    return null;
  return body.report as ImportReport;
}

/**
 * POST a JSONL file as a raw NDJSON body (streamed by the backend line by line).
 * By default a bad line rejects the whole file (422 with every bad line listed).
 */
export async function uploadJsonl(
  file: Blob,
  skipBadLines: boolean,
): Promise<UploadOutcome> {
  const url = withQuery("/api/traces/import", {
    on_error: skipBadLines ? "skip" : "fail",
  });
  try {
    const report = await apiFetch<ImportReport>(url, {
      method: "POST",
      body: file,
      headers: { "Content-Type": "application/x-ndjson" },
    });
    return { ok: true, report };
  } catch (error) {
    const report = rejectedReport(error);
    if (report === null) throw error;
    return { ok: false, report };
  }
}

export function useUploadJsonl() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, skip }: { file: Blob; skip: boolean }) =>
      uploadJsonl(file, skip),
    onSuccess: (outcome) =>
      outcome.ok && outcome.report.imported > 0
        ? client.invalidateQueries({ queryKey: traceKeys.all })
        : undefined,
  });
}
