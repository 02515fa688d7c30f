import { useNavigate, useSearchParams } from "react-router";

import { PageHeader } from "../../components/PageHeader";
import { useCreateRun } from "./api";
import { RunForm } from "./RunForm";
import "./runs.css";

/** /runs/new: the form; a created run opens its own page. */
export function NewRunPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const create = useCreateRun();
  return (
    <div className="page">
      <PageHeader
        title="New run"
        description="Fine-tune a model on a dataset's reasoning traces. Every field starts at the API's default."
      />
      <RunForm
        datasetKey={params.get("dataset_key") ?? ""}
        pending={create.isPending}
        error={create.error}
        onSubmit={(body) =>
          create.mutate(body, {
            onSuccess: (run) => void navigate(`/runs/${run.run_id}`),
          })
        }
      />
    </div>
  );
}
