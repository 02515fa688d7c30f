import { useEffect, useState, type InputHTMLAttributes } from "react";

type DraftInputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "value" | "onChange"
> & {
  /** The committed value (from the URL). */
  value: string;
  onCommit: (value: string) => void;
  /** How a draft reads once committed; a draft equal to `value` this way is kept as typed. */
  normalize?: (draft: string) => string;
  delayMs?: number;
};

/**
 * A text filter that commits after a pause in typing (or on Enter or leaving it), so each keystroke
 * does not refetch; it follows the committed value when that changes from elsewhere.
 */
export function DraftInput({
  value,
  onCommit,
  normalize = (draft) => draft,
  delayMs = 350,
  ...inputProps
}: DraftInputProps) {
  const [draft, setDraft] = useState(value);
  const [committed, setCommitted] = useState(value);
  if (value !== committed) {
    setCommitted(value);
    if (normalize(draft) !== value) setDraft(value);
  }
  const pending = normalize(draft) !== value;

  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => onCommit(draft), delayMs);
    return () => clearTimeout(timer);
  }, [pending, draft, delayMs, onCommit]);

  return (
    <input
      {...inputProps}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === "Enter" && pending) onCommit(draft);
      }}
      onBlur={() => {
        if (pending) onCommit(draft);
      }}
    />
  );
}
