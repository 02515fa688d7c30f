import { useQuery } from "@tanstack/react-query";

import { apiFetch } from "../../api/client";

export type TraceSummary = {
  id: string;
  created_at: string;
  trace_version: string;
};

export type Pagination = {
  limit: number;
  offset: number;
  next_offset: number | null;
  next_cursor?: string | null;
};

// Hand-written to match the backend's Page[TraceSummary] until types are
// generated from its OpenAPI schema.
export type TraceListResponse = {
  data: TraceSummary[];
  pagination: Pagination;
};

export const RECENT_TRACES_LIMIT = 10;

export function useRecentTraces() {
  return useQuery({
    queryKey: ["traces", "list", { limit: RECENT_TRACES_LIMIT }],
    queryFn: ({ signal }) =>
      apiFetch<TraceListResponse>(`/api/traces?limit=${RECENT_TRACES_LIMIT}`, {
        signal,
      }),
  });
}
