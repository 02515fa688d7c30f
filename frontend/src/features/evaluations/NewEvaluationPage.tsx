import { useNavigate, useSearchParams } from "react-router";

import { PageHeader } from "../../components/PageHeader";
import { Panel } from "../../components/Panel";
import { NewEvaluationForm } from "./NewEvaluationForm";
import "./evaluations.css";

/** The form to start an evaluation; `?run_id=&dataset_key=` fill it in (links from a run). */
export function NewEvaluationPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const runId = params.get("run_id");
  const model = params.get("model");
  const datasetKey = params.get("dataset_key");
  return (
    <div className="page">
      <PageHeader
        title="New evaluation"
        description="Run a model over a dataset split and score every output with one or more judges."
      />
      <Panel title="What to evaluate">
        <NewEvaluationForm
          initial={{
            ...(runId ? { runId } : {}),
            ...(model
              ? { modelKind: "registry" as const, modelRef: model }
              : {}),
            ...(datasetKey ? { datasetKey } : {}),
          }}
          onClose={() => void navigate("/evaluations")}
        />
      </Panel>
    </div>
  );
}
