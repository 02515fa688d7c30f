type PagerProps = {
  offset: number;
  pageSize: number;
  /** Rows on this page. */
  shown: number;
  nextOffset: number | null;
  /** Rows over all pages, when the API counts them. */
  total?: number;
  onOffset: (offset: number) => void;
  what: string;
};

/** Previous/next for offset-paged lists; the offset lives in the URL so pages are links. */
export function Pager({
  offset,
  pageSize,
  shown,
  nextOffset,
  total,
  onOffset,
  what,
}: PagerProps) {
  if (offset === 0 && nextOffset === null) return null;
  const last = offset + shown;
  return (
    <nav className="eval-pager" aria-label={`Pages of ${what}`}>
      <button
        type="button"
        className="button"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - pageSize))}
      >
        Previous
      </button>
      <span className="muted">
        {shown === 0 ? "none" : `${offset + 1}–${last}`}
        {total !== undefined ? ` of ${total}` : ""}
      </span>
      <button
        type="button"
        className="button"
        disabled={nextOffset === null}
        onClick={() => nextOffset !== null && onOffset(nextOffset)}
      >
        Next
      </button>
    </nav>
  );
}
