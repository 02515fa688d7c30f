import type { ReactNode } from "react";

type PageHeaderProps = {
  title: string;
  /** A line under the title: what the page is for. */
  description?: ReactNode;
  /** Buttons or links on the right. */
  actions?: ReactNode;
};

export function PageHeader({ title, description, actions }: PageHeaderProps) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {description && <p className="page-description">{description}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}
