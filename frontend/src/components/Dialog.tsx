import { useEffect, useId, useRef, type ReactNode } from "react";

type DialogProps = {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  /** Buttons; the first focusable element inside the dialog gets focus. */
  actions: ReactNode;
};

/**
 * An in-page modal (never the browser's alert/confirm/prompt): labelled by its title,
 * closed by Escape or a click on the backdrop, focus moved inside and given back after.
 */
export function Dialog({
  title,
  open,
  onClose,
  children,
  actions,
}: DialogProps) {
  const titleId = useId();
  const boxRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement as HTMLElement | null;
    const box = boxRef.current;
    const first = box?.querySelector<HTMLElement>(
      "input, textarea, select, button:not([disabled])",
    );
    (first ?? box)?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      previous?.focus();
    };
  }, [open, onClose]);

  if (!open) return null;
  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div
        ref={boxRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
      >
        <h2 id={titleId}>{title}</h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">{actions}</div>
      </div>
    </div>
  );
}

type ConfirmDialogProps = {
  title: string;
  open: boolean;
  onClose: () => void;
  /** The button that does it, e.g. "Cancel run"; `pendingLabel` while it runs. */
  confirmLabel: string;
  pendingLabel: string;
  /** The button that backs out, e.g. "Keep it". */
  keepLabel: string;
  pending: boolean;
  onConfirm: () => void;
  children: ReactNode;
};

/** A Dialog asking to confirm a destructive action (cancel, delete). */
export function ConfirmDialog({
  confirmLabel,
  pendingLabel,
  keepLabel,
  pending,
  onConfirm,
  ...dialog
}: ConfirmDialogProps) {
  return (
    <Dialog
      {...dialog}
      actions={
        <>
          <button type="button" className="button" onClick={dialog.onClose}>
            {keepLabel}
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={pending}
            onClick={onConfirm}
          >
            {pending ? pendingLabel : confirmLabel}
          </button>
        </>
      }
    />
  );
}
