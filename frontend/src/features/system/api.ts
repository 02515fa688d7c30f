import { useQuery } from "@tanstack/react-query";

import { apiGet } from "../../api/client";

// Status is cheap to ask for and goes stale when the backend restarts.
const STATUS_REFRESH_MS = 15_000;

export function useHealth() {
  return useQuery({
    queryKey: ["system", "health"],
    queryFn: ({ signal }) => apiGet("/api/health", { signal }),
    refetchInterval: STATUS_REFRESH_MS,
  });
}

export function useReadiness() {
  return useQuery({
    queryKey: ["system", "ready"],
    queryFn: ({ signal }) => apiGet("/api/ready", { signal }),
    refetchInterval: STATUS_REFRESH_MS,
  });
}
