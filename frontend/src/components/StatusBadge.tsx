/** Statuses that share a colour: anything else is shown neutral. */
const TONES: Record<string, "ok" | "busy" | "bad" | "muted" | "warn"> = {
  succeeded: "ok",
  pass: "ok",
  passed: "ok",
  ready: "ok",
  healthy: "ok",
  running: "busy",
  queued: "busy",
  pending: "busy",
  cancel_requested: "warn",
  stopped: "warn",
  unparseable: "warn",
  failed: "bad",
  fail: "bad",
  timed_out: "bad",
  error: "bad",
  cancelled: "muted",
};

export function StatusBadge({ status }: { status: string }) {
  const tone = TONES[status] ?? "muted";
  return (
    <span className={`badge badge-${tone}`} data-status={status}>
      {status.replace(/_/g, " ")}
    </span>
  );
}
