import type { UseQueryResult } from "@tanstack/react-query";
import { Link } from "react-router";

import { Panel } from "../../components/Panel";
import { QueryState } from "../../components/QueryState";
import { formatNumber } from "../../lib/format";
import type { Overview } from "./api";
import { tilesOf } from "./counts";

/** How much of everything is stored, each number a link to its page. */
export function CountsPanel({ query }: { query: UseQueryResult<Overview> }) {
  return (
    <Panel title="What is stored">
      <QueryState query={query} what="counts">
        {(overview) => (
          <ul className="overview-counts" aria-label="Counts">
            {tilesOf(overview.counts).map((tile) => (
              <li key={tile.to}>
                <Link to={tile.to} className="overview-count">
                  <strong>{formatNumber(tile.count, 0)}</strong>{" "}
                  <span>{tile.label}</span>
                </Link>
                {tile.note && <small className="muted">{tile.note}</small>}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </Panel>
  );
}
