import { Field } from "../../components/Field";
import {
  KIND_HELP,
  KIND_INPUTS,
  kindsFor,
  newRow,
  parentChoices,
  rowErrorKey,
  tunableHelp,
  withName,
  type TunableInfo,
  type SpaceKind,
  type SpaceRow,
} from "./space";

type SpaceEditorProps = {
  rows: SpaceRow[];
  onChange: (rows: SpaceRow[]) => void;
  /** Problems by field, keyed "search_space.<name>[.min|.max|.q|.values|.when]". */
  errors: Record<string, string>;
  /** What a search may name; undefined while loading (any name and kind is offered). */
  tunables: readonly TunableInfo[] | undefined;
};

const INPUT_LABELS = { values: "Values", min: "Min", max: "Max", q: "Step q" };
const INPUT_HELP = {
  values: "comma-separated, e.g. 16, 32",
  min: undefined,
  max: undefined,
  q: "min and max must be multiples of q",
};

type RowProps = {
  row: SpaceRow;
  index: number;
  errors: Record<string, string>;
  onChange: (row: SpaceRow) => void;
  onRemove: (() => void) | null;
  tunables: readonly TunableInfo[] | undefined;
  /** The rows this one may depend on (unconditional choice rows). */
  parents: readonly string[];
};

/** "Only when" another row's value is one of some: the row's `when`. */
function ConditionFields({
  row,
  error,
  parents,
  onChange,
}: {
  row: SpaceRow;
  error: string | undefined;
  parents: readonly string[];
  onChange: (row: SpaceRow) => void;
}) {
  const options = [...parents];
  // A parent that stopped qualifying stays shown, so the message beside it makes sense.
  if (row.whenParent && !options.includes(row.whenParent))
    options.unshift(row.whenParent);
  return (
    <>
      <Field
        label="Only when"
        help="sample this one only in trials where that choice takes a listed value"
        error={row.whenParent ? undefined : error}
      >
        <select
          value={row.whenParent}
          onChange={(event) =>
            onChange({ ...row, whenParent: event.target.value })
          }
        >
          <option value="">always</option>
          {options.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </Field>
      {row.whenParent && (
        <Field
          label={`Values of ${row.whenParent}`}
          help="comma-separated values of it, e.g. cosine"
          error={error}
        >
          <input
            type="text"
            value={row.whenValues}
            onChange={(event) =>
              onChange({ ...row, whenValues: event.target.value })
            }
          />
        </Field>
      )}
    </>
  );
}

function SpaceRowEditor({
  row,
  index,
  errors,
  onChange,
  onRemove,
  tunables,
  parents,
}: RowProps) {
  const key = rowErrorKey(row, index);
  const names = (tunables ?? []).map((t) => t.name);
  // A name the list lacks (still loading, or from an older search) stays selectable.
  if (row.name && !names.includes(row.name)) names.unshift(row.name);
  const tunable = tunables?.find((t) => t.name === row.name);
  return (
    <fieldset className="space-row">
      <legend>Hyperparameter {index + 1}</legend>
      <Field
        label="Hyperparameter"
        error={errors[key]}
        help={tunable ? tunableHelp(tunable) : undefined}
      >
        <select
          value={row.name}
          onChange={(event) =>
            onChange(withName(row, event.target.value, tunables))
          }
        >
          <option value="">Choose…</option>
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Distribution" help={KIND_HELP[row.kind]}>
        <select
          value={row.kind}
          onChange={(event) =>
            onChange({ ...row, kind: event.target.value as SpaceKind })
          }
        >
          {kindsFor(row.name, tunables).map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
      </Field>
      {KIND_INPUTS[row.kind].map((input) => (
        <Field
          key={input}
          label={INPUT_LABELS[input]}
          help={INPUT_HELP[input]}
          error={errors[`${key}.${input}`]}
        >
          <input
            type="text"
            inputMode={input === "values" ? "text" : "decimal"}
            value={row[input]}
            onChange={(event) =>
              onChange({ ...row, [input]: event.target.value })
            }
          />
        </Field>
      ))}
      <ConditionFields
        row={row}
        error={errors[`${key}.when`]}
        parents={parents}
        onChange={onChange}
      />
      {onRemove && (
        <button
          type="button"
          className="button button-danger space-remove"
          onClick={onRemove}
          aria-label={`Remove hyperparameter ${index + 1}${row.name ? ` (${row.name})` : ""}`}
        >
          Remove
        </button>
      )}
    </fieldset>
  );
}

/** Rows of hyperparameter -> distribution, with the inputs each kind needs and an optional
 * condition on another row. */
export function SpaceEditor({
  rows,
  onChange,
  errors,
  tunables,
}: SpaceEditorProps) {
  const replace = (index: number, row: SpaceRow) =>
    onChange(rows.map((current, i) => (i === index ? row : current)));
  return (
    <div className="space-editor">
      {rows.map((row, index) => (
        <SpaceRowEditor
          key={row.id}
          row={row}
          index={index}
          errors={errors}
          onChange={(next) => replace(index, next)}
          tunables={tunables}
          parents={parentChoices(rows, row)}
          onRemove={
            rows.length > 1
              ? () => onChange(rows.filter((_, i) => i !== index))
              : null
          }
        />
      ))}
      {errors.search_space && (
        <p className="field-error" role="alert">
          {errors.search_space}
        </p>
      )}
      <div>
        <button
          type="button"
          className="button"
          onClick={() => onChange([...rows, newRow()])}
          disabled={rows.length >= 32}
        >
          Add hyperparameter
        </button>
      </div>
    </div>
  );
}
