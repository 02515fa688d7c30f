import { useCallback } from "react";
import { useSearchParams } from "react-router";

/**
 * Filters and tabs that live in the query string, so a URL is a deep link to what the
 * user sees. Empty values are removed; `replace` keeps typing out of the history.
 */
export function useUrlState<K extends string>(
  keys: readonly K[],
): [Record<K, string>, (changes: Partial<Record<K, string | null>>) => void] {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(
    keys.map((key) => [key, params.get(key) ?? ""]),
  ) as Record<K, string>;
  const update = useCallback(
    (changes: Partial<Record<K, string | null>>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes) as [
            K,
            string | null,
          ][]) {
            if (value === null || value === undefined || value === "")
              next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [values, update];
}
