import { Link } from "react-router";

import { PageHeader } from "../components/PageHeader";

export function NotFound() {
  return (
    <div className="page">
      <PageHeader title="Page not found" />
      <div className="state state-empty">
        <p>No page lives at this address.</p>
        <Link to="/">Back to the overview</Link>
      </div>
    </div>
  );
}
