import type { UseQueryResult } from "@tanstack/react-query";

import { ApiError } from "../../api/client";
import { Panel } from "../../components/Panel";
import { useHealth, useReadiness } from "./api";

type StatusLineProps = {
  label: string;
  query: UseQueryResult<{ status: string }>;
};

function describeFailure(error: Error): string {
  // fetch rejects (rather than answering) when nothing is listening.
  return error instanceof ApiError
    ? error.message
    : `unreachable (${error.message})`;
}

function StatusLine({ label, query }: StatusLineProps) {
  if (query.isPending) {
    return <li data-state="pending">{label}: checking…</li>;
  }
  if (query.isError) {
    return (
      <li data-state="error">
        {label}: {describeFailure(query.error)}
      </li>
    );
  }
  return (
    <li data-state="ok">
      {label}: {query.data.status}
    </li>
  );
}

export function SystemStatusPanel() {
  const health = useHealth();
  const readiness = useReadiness();
  return (
    <Panel title="System status">
      <ul className="status-list">
        <StatusLine label="API" query={health} />
        <StatusLine label="Database" query={readiness} />
      </ul>
    </Panel>
  );
}
