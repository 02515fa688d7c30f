import { useId, type ReactElement, type ReactNode } from "react";
import { cloneElement } from "react";

type FieldProps = {
  label: string;
  /** One control (input, select, textarea); it gets the id and aria wiring. */
  children: ReactElement<Record<string, unknown>>;
  help?: ReactNode;
  /** The API's message for this field, shown beside it. */
  error?: string | undefined;
};

/** A labelled form control with its help text and validation message. */
export function Field({ label, children, help, error }: FieldProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy =
    [help ? helpId : null, error ? errorId : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        "aria-describedby": describedBy,
        "aria-invalid": error ? true : undefined,
      })}
      {help && (
        <small id={helpId} className="field-help">
          {help}
        </small>
      )}
      {error && (
        <small id={errorId} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}
