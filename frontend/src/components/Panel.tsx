import { useId, type ReactNode } from "react";

type PanelProps = {
  title: string;
  children: ReactNode;
};

/** A titled card; the heading names the region for screen readers and tests. */
export function Panel({ title, children }: PanelProps) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}
