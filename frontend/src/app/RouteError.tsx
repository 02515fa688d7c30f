import { isRouteErrorResponse, Link, useRouteError } from "react-router";

import { errorMessage } from "../api/client";
import { PageHeader } from "../components/PageHeader";

/** A page that threw, or a URL no page answers. */
export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="page">
      <PageHeader
        title={notFound ? "Page not found" : "Something went wrong"}
      />
      <div className="state state-error" role="alert">
        <p>
          {notFound
            ? "No page lives at this address."
            : isRouteErrorResponse(error)
              ? `${error.status} ${error.statusText}`
              : errorMessage(error)}
        </p>
        <Link to="/">Back to the overview</Link>
      </div>
    </div>
  );
}
