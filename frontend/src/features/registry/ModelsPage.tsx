import { useState } from "react";
import { Link } from "react-router";

import { Field } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { Panel } from "../../components/Panel";
import { QueryState } from "../../components/QueryState";
import { useUrlState } from "../../hooks/useUrlState";
import { formatDateTime } from "../../lib/format";
import { AliasTargets, Tags } from "./AliasBadges";
import { MODELS_PAGE_SIZE, useModels, type RegisteredModel } from "./api";
import { NewModelForm } from "./NewModelForm";
import "./registry.css";

function ModelsTable({ models }: { models: RegisteredModel[] }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Models">
        <thead>
          <tr>
            <th>Name</th>
            <th>Description</th>
            <th>Tags</th>
            <th className="num">Versions</th>
            <th>Aliases</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr key={model.id}>
              <td>
                <Link to={`/models/${model.name}`}>{model.name}</Link>
              </td>
              <td>{model.description || <span className="muted">—</span>}</td>
              <td>
                <Tags tags={model.tags} />
              </td>
              <td className="num">{model.version_count}</td>
              <td>
                <AliasTargets aliases={model.aliases} />
              </td>
              <td>{formatDateTime(model.updated_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /models: every registered model, filtered by tag, and the form that creates one. */
export function ModelsPage() {
  const [url, setUrl] = useUrlState(["tag", "offset"] as const);
  const offset = Math.max(0, Number(url.offset) || 0);
  const models = useModels({ tag: url.tag, offset });
  const [creating, setCreating] = useState(false);

  return (
    <div className="page">
      <PageHeader
        title="Model registry"
        description="Models worth keeping: versions promoted from training runs, and aliases such as production that move between them."
        actions={
          !creating && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => setCreating(true)}
            >
              New model
            </button>
          )
        }
      />
      {creating && (
        <Panel title="New model">
          <NewModelForm onCancel={() => setCreating(false)} />
        </Panel>
      )}
      <Panel title="Models">
        <div className="filters registry-filters">
          <Field label="Tag">
            <input
              type="search"
              value={url.tag}
              onChange={(e) => setUrl({ tag: e.target.value, offset: null })}
              placeholder="any"
            />
          </Field>
        </div>
        <QueryState
          query={models}
          what="models"
          isEmpty={(page) => page.data.length === 0}
          empty={
            url.tag
              ? `No model is tagged ${url.tag}.`
              : "No models yet. Create one, then promote a succeeded run into it."
          }
        >
          {(page) => (
            <>
              <ModelsTable models={page.data} />
              {(offset > 0 || page.pagination.next_offset !== null) && (
                <div className="registry-actions">
                  <button
                    type="button"
                    className="button"
                    disabled={offset === 0}
                    onClick={() =>
                      setUrl({
                        offset: String(Math.max(0, offset - MODELS_PAGE_SIZE)),
                      })
                    }
                  >
                    Previous
                  </button>
                  <button
                    type="button"
                    className="button"
                    disabled={page.pagination.next_offset === null}
                    onClick={() =>
                      setUrl({ offset: String(page.pagination.next_offset) })
                    }
                  >
                    Next
                  </button>
                </div>
              )}
            </>
          )}
        </QueryState>
      </Panel>
    </div>
  );
}
