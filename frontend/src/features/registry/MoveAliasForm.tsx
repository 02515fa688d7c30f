import { Fragment, useCallback, useState, type FormEvent } from "react";

import { errorMessage } from "../../api/client";
import { Dialog } from "../../components/Dialog";
import { Field } from "../../components/Field";
import { StatusBadge } from "../../components/StatusBadge";
import { formatNumber } from "../../lib/format";
import {
  useBaselines,
  useMoveAlias,
  type AliasMoveResult,
  type ModelVersion,
  type RegressionCheck,
} from "./api";
import { FormError } from "./FormError";
import {
  formFieldErrors,
  validateForceReason,
  validateMove,
  type Errors,
  type MoveForm,
} from "./forms";
import { checkFacts, gateRefusal } from "./gate";

const FIELDS = ["alias", "version", "require_baseline", "reason"] as const;

/** The move the gate refused, with the check that refused it. */
type Refusal = {
  alias: string;
  version: number;
  baseline: string;
  check: RegressionCheck;
};

type Props = {
  name: string;
  versions: ModelVersion[];
  /** alias -> version number, to say where a refused alias still points. */
  aliases: Record<string, number>;
  /** alias -> the baseline the model gates it on: every move of it is checked. */
  gates?: Record<string, string>;
};

/** The regression check that refused a move: what was compared and by how much it fell. */
export function GateResult({
  refusal,
  current,
  onForce,
}: {
  refusal: Refusal;
  current: number | undefined;
  onForce: () => void;
}) {
  const { check } = refusal;
  return (
    <section className="gate-result" aria-label="Regression check">
      <div role="alert">
        <h3>
          Refused: version {refusal.version} fails baseline {refusal.baseline}
        </h3>
      </div>
      <p>
        Alias <strong>{refusal.alias}</strong>{" "}
        {current === undefined
          ? "was not created"
          : `still points at version ${current}`}
        . Verdict: <StatusBadge status={check.verdict} />
      </p>
      <dl className="facts">
        {checkFacts(check).map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      <button type="button" className="button button-danger" onClick={onForce}>
        Force move…
      </button>
    </section>
  );
}

/** Asks for a reason and an explicit confirmation before moving past a failing check. */
function ForceMoveDialog({
  name,
  refusal,
  initialReason,
  onClose,
  onMoved,
}: {
  name: string;
  refusal: Refusal;
  initialReason: string;
  onClose: () => void;
  onMoved: (result: AliasMoveResult) => void;
}) {
  const [reason, setReason] = useState(initialReason);
  const [confirmed, setConfirmed] = useState(false);
  const [reasonError, setReasonError] = useState<string | undefined>();
  const force = useMoveAlias(name);
  const apiErrors = formFieldErrors({}, force.error, ["reason"]);

  const submit = () => {
    const problem = validateForceReason(reason);
    setReasonError(problem);
    if (problem || !confirmed) return;
    force.mutate(
      {
        alias: refusal.alias,
        version: refusal.version,
        require_baseline: refusal.baseline,
        force: true,
        reason: reason.trim(),
      },
      { onSuccess: onMoved },
    );
  };

  return (
    <Dialog
      title={`Force ${refusal.alias} to version ${refusal.version}?`}
      open
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={!confirmed || force.isPending}
            onClick={submit}
          >
            {force.isPending ? "Moving…" : "Force move"}
          </button>
        </>
      }
    >
      <p>
        Version {refusal.version} fails baseline {refusal.baseline} (
        {refusal.check.judge}: {formatNumber(refusal.check.current_value)}{" "}
        against {formatNumber(refusal.check.baseline_value)}). The move is
        recorded as forced, with the failing check and your reason.
      </p>
      <div className="form">
        <Field
          label="Reason"
          help="Kept in the alias history."
          error={reasonError ?? apiErrors.reason}
        >
          <textarea
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
          />
        </Field>
        <label className="registry-check">
          <input
            type="checkbox"
            checked={confirmed}
            onChange={(e) => setConfirmed(e.target.checked)}
          />
          <span>
            I want {refusal.alias} to point at version {refusal.version} even
            though it fails the check.
          </span>
        </label>
        <FormError
          title="Could not force the move"
          error={force.error}
          fields={["reason"]}
        />
      </div>
    </Dialog>
  );
}

function movedMessage(moved: AliasMoveResult): string {
  const target = `${moved.alias} now points at version ${moved.version}`;
  const check = moved.event.check;
  if (!check) return `${target}.`;
  const baseline = String(check.baseline_name);
  return moved.event.forced
    ? `${target}, forced past baseline ${baseline}.`
    : `${target}; it passed baseline ${baseline}.`;
}

/** Point an alias at a version, optionally gated by a regression baseline. */
export function MoveAliasForm({ name, versions, aliases, gates = {} }: Props) {
  const [form, setForm] = useState<MoveForm>({
    alias: "production",
    version: "",
    baseline: "",
    reason: "",
  });
  const [local, setLocal] = useState<Errors>({});
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [forcing, setForcing] = useState(false);
  const [moved, setMoved] = useState<AliasMoveResult | null>(null);
  const baselines = useBaselines();
  const move = useMoveAlias(name);
  const errors = formFieldErrors(local, move.error, FIELDS);

  const set = (change: Partial<MoveForm>) =>
    setForm((f) => ({ ...f, ...change }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateMove(form);
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    setRefusal(null);
    setMoved(null);
    const alias = form.alias.trim();
    const request = {
      alias,
      version: Number(form.version),
      baseline: gates[alias] ?? form.baseline,
    };
    move.mutate(
      {
        alias: request.alias,
        version: request.version,
        require_baseline: request.baseline || null,
        force: false,
        reason: form.reason.trim() || null,
      },
      {
        onSuccess: setMoved,
        onError: (error) => {
          const check = gateRefusal(error);
          if (check) setRefusal({ ...request, check });
        },
      },
    );
  };

  const closeDialog = useCallback(() => setForcing(false), []);
  const choices = baselines.data?.data ?? [];
  const gate = gates[form.alias.trim()];
  return (
    <>
      <form
        className="form"
        onSubmit={submit}
        aria-label="Move alias"
        noValidate
      >
        <div className="form-grid">
          <Field
            label="Alias"
            help="e.g. production or staging; created if new."
            error={errors.alias}
          >
            <input
              value={form.alias}
              onChange={(e) => set({ alias: e.target.value })}
              autoComplete="off"
              spellCheck={false}
              required
            />
          </Field>
          <Field label="Target version" error={errors.version}>
            <select
              value={form.version}
              onChange={(e) => set({ version: e.target.value })}
              required
            >
              <option value="">Pick a version…</option>
              {versions.map((v) => (
                <option key={v.id} value={String(v.version)}>
                  {`v${v.version}${v.label ? ` · ${v.label}` : ""}`}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Regression gate"
            help={
              gate
                ? `${form.alias.trim()} is gated on this model: every move must pass ${gate}.`
                : baselines.isError
                  ? `Could not list baselines: ${errorMessage(baselines.error)}`
                  : "Move only if the version passes this baseline."
            }
            error={errors.require_baseline}
          >
            <select
              value={gate ?? form.baseline}
              onChange={(e) => set({ baseline: e.target.value })}
              disabled={gate !== undefined}
            >
              {gate && !choices.some((b) => b.name === gate) && (
                <option value={gate}>{gate}</option>
              )}
              <option value="">No gate</option>
              {choices.map((b) => (
                <option key={b.name} value={b.name}>
                  {`${b.name} · ${b.judge} ${b.metric} ${formatNumber(b.value)} on ${b.dataset_key}/${b.split}`}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Reason"
            help="Optional; kept in the history."
            error={errors.reason}
          >
            <input
              value={form.reason}
              onChange={(e) => set({ reason: e.target.value })}
              autoComplete="off"
            />
          </Field>
        </div>
        {!refusal && (
          <FormError
            title="Could not move the alias"
            error={move.error}
            fields={FIELDS}
          />
        )}
        <div className="registry-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={move.isPending || versions.length === 0}
          >
            {move.isPending ? "Moving…" : "Move alias"}
          </button>
          {moved && (
            <p className="registry-success" role="status">
              {movedMessage(moved)}
            </p>
          )}
        </div>
      </form>
      {refusal && (
        <GateResult
          refusal={refusal}
          current={aliases[refusal.alias]}
          onForce={() => setForcing(true)}
        />
      )}
      {refusal && forcing && (
        <ForceMoveDialog
          name={name}
          refusal={refusal}
          initialReason={form.reason}
          onClose={closeDialog}
          onMoved={(result) => {
            setForcing(false);
            setRefusal(null);
            setMoved(result);
          }}
        />
      )}
    </>
  );
}
