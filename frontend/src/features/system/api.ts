import { useQuery } from "@tanstack/react-query";

import { apiFetch } from "../../api/client";

export type HealthResponse = { status: string };
export type ReadyResponse = { status: string };

// Status is cheap to ask for and goes stale when the backend restarts.
const STATUS_REFRESH_MS = 15_000;

export function useHealth() {
  return useQuery({
    queryKey: ["system", "health"],
    queryFn: ({ signal }) =>
      apiFetch<HealthResponse>("/api/health", { signal }),
    refetchInterval: STATUS_REFRESH_MS,
  });
}

export function useReadiness() {
  return useQuery({
    queryKey: ["system", "ready"],
    queryFn: ({ signal }) => apiFetch<ReadyResponse>("/api/ready", { signal }),
    refetchInterval: STATUS_REFRESH_MS,
  });
}
