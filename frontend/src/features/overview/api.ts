import { useQuery } from "@tanstack/react-query";

import { api } from "../../api/client";
import type { Schemas } from "../../api/types";

export type Overview = Schemas["Overview"];
export type RecentRun = Schemas["RecentRun"];
export type Board = Schemas["Board"];

export const RECENT_RUNS = 5;
export const BOARDS_SHOWN = 10;
// While a run is queued or running the overview follows it; otherwise a slow refresh.
const LIVE_REFRESH_MS = 3_000;
const IDLE_REFRESH_MS = 15_000;

const ACTIVE = new Set(["queued", "running", "cancel_requested"]);

export function hasActiveRuns(overview: Overview | undefined): boolean {
  return overview?.recent_runs.some((run) => ACTIVE.has(run.status)) ?? false;
}

export function useOverview() {
  return useQuery({
    queryKey: ["overview", "summary"],
    queryFn: ({ signal }) =>
      api.get("/api/overview", { query: { recent: RECENT_RUNS }, signal }),
    refetchInterval: (query) =>
      hasActiveRuns(query.state.data) ? LIVE_REFRESH_MS : IDLE_REFRESH_MS,
  });
}

export function useBoards() {
  return useQuery({
    queryKey: ["overview", "boards"],
    queryFn: ({ signal }) =>
      api.get("/api/leaderboard/boards", {
        query: { limit: BOARDS_SHOWN },
        signal,
      }),
    refetchInterval: IDLE_REFRESH_MS,
  });
}

/** "2 running · 1 queued · 3 failed": the statuses that have runs, busiest first. */
export function statusLine(byStatus: Record<string, number>): string {
  const order = [
    "running",
    "queued",
    "cancel_requested",
    "succeeded",
    "failed",
    "timed_out",
    "cancelled",
  ];
  const known = order.filter((s) => (byStatus[s] ?? 0) > 0);
  const others = Object.keys(byStatus)
    .filter((s) => !order.includes(s) && (byStatus[s] ?? 0) > 0)
    .sort();
  return [...known, ...others]
    .map((s) => `${byStatus[s]} ${s.replace(/_/g, " ")}`)
    .join(" · ");
}
