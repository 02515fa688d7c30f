import { useQuery } from "@tanstack/react-query";

import { apiGet } from "../../api/client";
import type { Schemas } from "../../api/types";

export type TraceSummary = Schemas["TraceSummary"];

export const RECENT_TRACES_LIMIT = 10;

export function useRecentTraces() {
  return useQuery({
    queryKey: ["traces", "list", { limit: RECENT_TRACES_LIMIT }],
    queryFn: ({ signal }) =>
      apiGet("/api/traces", { query: { limit: RECENT_TRACES_LIMIT }, signal }),
  });
}
