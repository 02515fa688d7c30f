import { useCallback, useEffect, useMemo, useRef } from "react";
import { useSearchParams } from "react-router";

import type { GetQuery } from "../../api/types";

/**
 * The list's filters as they live in the query string: `?q=carry&source=generator&tag=math
 * &meta=generator=arithmetic&meta=seed=7&from=2025-01-01&to=2025-01-31`. Dates are whole
 * local days; `to` is inclusive.
 */
export type TraceFilters = {
  q: string;
  source: string;
  tag: string;
  /** key=value pairs on meta fields, each one a repeated `meta` parameter. */
  meta: string[];
  from: string;
  to: string;
};

export const NO_FILTERS: TraceFilters = {
  q: "",
  source: "",
  tag: "",
  meta: [],
  from: "",
  to: "",
};

const SINGLE_KEYS = ["q", "source", "tag", "from", "to"] as const;

export function filtersFromParams(params: URLSearchParams): TraceFilters {
  return {
    q: params.get("q") ?? "",
    source: params.get("source") ?? "",
    tag: params.get("tag") ?? "",
    meta: params.getAll("meta").filter((pair) => pair !== ""),
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
  };
}

/** `params` with `changes` applied; empty values are dropped so URLs stay short. */
export function applyFilters(
  params: URLSearchParams,
  changes: Partial<TraceFilters>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of SINGLE_KEYS) {
    const value = changes[key];
    if (value === undefined) continue;
    if (value === "") next.delete(key);
    else next.set(key, value);
  }
  if (changes.meta !== undefined) {
    next.delete("meta");
    for (const pair of changes.meta) if (pair !== "") next.append("meta", pair);
  }
  return next;
}

/** The query string of a list link, e.g. after generating traces. */
export function filtersSearch(filters: Partial<TraceFilters>): string {
  const search = applyFilters(new URLSearchParams(), filters).toString();
  return search === "" ? "" : `?${search}`;
}

/** "generator=arithmetic, seed=7" <-> ["generator=arithmetic", "seed=7"]. */
export function parseMetaInput(text: string): string[] {
  return text
    .split(",")
    .map((pair) => pair.trim())
    .filter((pair) => pair !== "");
}

export function formatMetaInput(pairs: string[]): string {
  return pairs.join(", ");
}

/** Local midnight of a YYYY-MM-DD day, `plusDays` later, as an ISO instant. */
function dayStart(day: string, plusDays = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(
    Number(match[1]),
    Number(match[2]) - 1,
    Number(match[3]) + plusDays,
  );
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

type ListQuery = NonNullable<GetQuery<"/api/traces">>;

/** The filters as GET /api/traces (and /count) take them; null leaves one out. */
export function filtersQuery(
  filters: TraceFilters,
): Pick<
  ListQuery,
  "q" | "source" | "tag" | "meta" | "created_after" | "created_before"
> {
  return {
    q: filters.q.trim() || null,
    source: filters.source.trim() || null,
    tag: filters.tag.trim() || null,
    meta: filters.meta.length > 0 ? filters.meta : null,
    created_after: dayStart(filters.from),
    created_before: dayStart(filters.to, 1),
  };
}

export function hasFilters(filters: TraceFilters): boolean {
  return (
    SINGLE_KEYS.some((key) => filters[key] !== "") || filters.meta.length > 0
  );
}

/**
 * The filters of the current URL and a setter that rewrites them in place. React Router
 * applies a search change asynchronously, and its functional setter starts from the search
 * of the last render; so changes made before the URL catches up (a debounced search firing
 * as the user presses Enter in another field) build on the search last asked for instead.
 */
export function useTraceFilters(): [
  TraceFilters,
  (changes: Partial<TraceFilters>) => void,
] {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const requested = useRef<string | null>(null);
  const current = useRef(search);
  useEffect(() => {
    current.current = search;
    if (requested.current === search) requested.current = null;
  }, [search]);
  const filters = useMemo(
    () => filtersFromParams(new URLSearchParams(search)),
    [search],
  );
  const update = useCallback(
    (changes: Partial<TraceFilters>) => {
      const base = new URLSearchParams(requested.current ?? current.current);
      const next = applyFilters(base, changes);
      requested.current = next.toString();
      setParams(next, { replace: true });
    },
    [setParams],
  );
  return [filters, update];
}
