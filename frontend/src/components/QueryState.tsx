import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";

import { errorMessage } from "../api/client";

type QueryStateProps<T> = {
  query: UseQueryResult<T>;
  /** What is loading, e.g. "runs": shown as "Loading runs…". */
  what: string;
  /** When the answer holds nothing to show. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
};

/** The loading, error and empty states every page needs, around what it shows. */
export function QueryState<T>({
  query,
  what,
  isEmpty,
  empty,
  children,
}: QueryStateProps<T>) {
  if (query.isPending) return <Loading what={what} />;
  if (query.isError)
    return (
      <ErrorNotice
        title={`Could not load ${what}`}
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  if (isEmpty?.(query.data))
    return <EmptyState>{empty ?? `No ${what} yet.`}</EmptyState>;
  return <>{children(query.data)}</>;
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

type ErrorNoticeProps = {
  title: string;
  error: unknown;
  onRetry?: () => void;
};

export function ErrorNotice({ title, error, onRetry }: ErrorNoticeProps) {
  return (
    <div className="state state-error" role="alert">
      <strong>{title}</strong>
      <p>{errorMessage(error)}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
