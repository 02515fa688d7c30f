import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef } from "react";
import { Link } from "react-router";

import { EmptyState, ErrorNotice, Loading } from "../../components/QueryState";
import { formatRelative, shortId, formatDateTime } from "../../lib/format";
import { useTracePages, type TraceSummary } from "./api";
import { hasFilters, type TraceFilters } from "./filters";

export const ROW_HEIGHT = 52;
// Ask for the next page while this many loaded rows are still below the viewport.
const PREFETCH_ROWS = 40;

type TraceListProps = {
  filters: TraceFilters;
  /** Matching traces, when the count has arrived (for aria-rowcount). */
  total: number | undefined;
  selectedIds: readonly string[];
  onToggle: (trace: TraceSummary) => void;
};

/**
 * The filtered traces as a virtualised table: only the rows in view are in the DOM and
 * pages of TRACE_PAGE_SIZE are fetched (by cursor) as the user scrolls towards them.
 */
export function TraceList({
  filters,
  total,
  selectedIds,
  onToggle,
}: TraceListProps) {
  const pages = useTracePages(filters);
  const rows = useMemo(
    () => pages.data?.pages.flatMap((page) => page.data) ?? [],
    [pages.data],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  // The extra row at the end is the "loading more" placeholder.
  const count = rows.length + (pages.hasNextPage ? 1 : 0);
  // No React Compiler here, so nothing memoises the virtualizer's functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items.length > 0 ? items[items.length - 1]!.index : -1;

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  useEffect(() => {
    if (
      hasNextPage &&
      !isFetchingNextPage &&
      lastVisible >= rows.length - PREFETCH_ROWS
    ) {
      void fetchNextPage();
    }
  }, [
    hasNextPage,
    isFetchingNextPage,
    fetchNextPage,
    lastVisible,
    rows.length,
  ]);

  // A new filter starts at the top.
  const filterKey = JSON.stringify(filters);
  useEffect(() => {
    scrollRef.current?.scrollTo?.({ top: 0 });
  }, [filterKey]);

  if (pages.isPending) return <Loading what="traces" />;
  if (pages.isError)
    return (
      <ErrorNotice
        title="Could not load traces"
        error={pages.error}
        onRetry={() => void pages.refetch()}
      />
    );
  if (rows.length === 0)
    return (
      <EmptyState>
        {hasFilters(filters)
          ? "No traces match these filters."
          : "No traces yet. Upload a JSONL file or run a generator to add some."}
      </EmptyState>
    );

  const selected = new Set(selectedIds);
  return (
    <div
      className="trace-table"
      role="table"
      aria-label="Traces"
      aria-rowcount={total !== undefined ? total + 1 : -1}
    >
      <div className="trace-row trace-head" role="row" aria-rowindex={1}>
        <span role="columnheader" aria-label="Compare" />
        <span role="columnheader">Prompt</span>
        <span role="columnheader">Source</span>
        <span role="columnheader" className="num">
          Steps
        </span>
        <span role="columnheader">Created</span>
        <span role="columnheader">ID</span>
      </div>
      <div ref={scrollRef} className="trace-scroll" data-testid="trace-scroll">
        <div
          role="rowgroup"
          style={{ height: virtualizer.getTotalSize(), position: "relative" }}
        >
          {items.map((item) => {
            const trace = rows[item.index];
            const style = {
              height: item.size,
              transform: `translateY(${item.start}px)`,
            };
            if (trace === undefined)
              return (
                <div
                  key="more"
                  className="trace-row trace-more"
                  role="row"
                  style={style}
                >
                  <span role="cell" className="muted">
                    {pages.isFetchNextPageError
                      ? "Could not load more traces."
                      : "Loading more…"}
                  </span>
                  {pages.isFetchNextPageError && (
                    <button
                      type="button"
                      className="button"
                      onClick={() => void fetchNextPage()}
                    >
                      Try again
                    </button>
                  )}
                </div>
              );
            const isSelected = selected.has(trace.id);
            return (
              <div
                key={trace.id}
                className={isSelected ? "trace-row is-selected" : "trace-row"}
                role="row"
                aria-rowindex={item.index + 2}
                style={style}
              >
                <span role="cell">
                  <input
                    type="checkbox"
                    checked={isSelected}
                    onChange={() => onToggle(trace)}
                    aria-label={`Select trace ${shortId(trace.id)} to compare`}
                  />
                </span>
                <span role="cell" className="trace-prompt">
                  <Link to={`/traces/${encodeURIComponent(trace.id)}`}>
                    {trace.prompt_preview || shortId(trace.id)}
                  </Link>
                </span>
                <span role="cell">
                  {trace.source ? (
                    <span className="badge badge-muted">{trace.source}</span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </span>
                <span role="cell" className="num">
                  {trace.step_count}
                </span>
                <span role="cell">
                  <time
                    dateTime={trace.created_at}
                    title={formatDateTime(trace.created_at)}
                  >
                    {formatRelative(trace.created_at)}
                  </time>
                </span>
                <span role="cell" className="mono muted">
                  {shortId(trace.id)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
