import { useCallback } from "react";

import { Field } from "../../components/Field";
import { DraftInput } from "./DraftInput";
import {
  formatMetaInput,
  hasFilters,
  NO_FILTERS,
  parseMetaInput,
  type TraceFilters,
} from "./filters";

type TraceFilterBarProps = {
  filters: TraceFilters;
  onChange: (changes: Partial<TraceFilters>) => void;
};

const normalizeMeta = (text: string) => formatMetaInput(parseMetaInput(text));

/** The list's filters: every one is a query-string parameter the API filters on. */
export function TraceFilterBar({ filters, onChange }: TraceFilterBarProps) {
  const setQ = useCallback((q: string) => onChange({ q }), [onChange]);
  const setSource = useCallback(
    (source: string) => onChange({ source: source.trim() }),
    [onChange],
  );
  const setTag = useCallback(
    (tag: string) => onChange({ tag: tag.trim() }),
    [onChange],
  );
  const setMeta = useCallback(
    (text: string) => onChange({ meta: parseMetaInput(text) }),
    [onChange],
  );

  return (
    <form
      className="filters trace-filters"
      role="search"
      aria-label="Filter traces"
      onSubmit={(event) => event.preventDefault()}
    >
      <Field label="Search">
        <DraftInput
          type="search"
          value={filters.q}
          onCommit={setQ}
          placeholder="Text in prompt or answer"
          maxLength={200}
        />
      </Field>
      <Field label="Source">
        <DraftInput
          value={filters.source}
          onCommit={setSource}
          normalize={(text) => text.trim()}
          placeholder="e.g. generator"
          maxLength={128}
        />
      </Field>
      <Field label="Tag">
        <DraftInput
          value={filters.tag}
          onCommit={setTag}
          normalize={(text) => text.trim()}
          maxLength={128}
        />
      </Field>
      <Field label="Meta">
        <DraftInput
          name="meta"
          title="key=value pairs on meta fields, separated by commas"
          value={formatMetaInput(filters.meta)}
          onCommit={setMeta}
          normalize={normalizeMeta}
          placeholder="generator=arithmetic, seed=7"
        />
      </Field>
      <Field label="Created from">
        <input
          type="date"
          value={filters.from}
          onChange={(event) => onChange({ from: event.target.value })}
        />
      </Field>
      <Field label="Created to">
        <input
          type="date"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(event) => onChange({ to: event.target.value })}
        />
      </Field>
      {hasFilters(filters) && (
        <button
          type="button"
          className="button"
          onClick={() => onChange(NO_FILTERS)}
        >
          Clear filters
        </button>
      )}
    </form>
  );
}
