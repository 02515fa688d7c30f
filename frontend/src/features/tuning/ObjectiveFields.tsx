import { Field } from "../../components/Field";
import { useObjectiveJudges } from "./api";
import type { TuningDraft } from "./form";

type ObjectiveFieldsProps = {
  draft: TuningDraft;
  set: <K extends keyof TuningDraft>(key: K, value: TuningDraft[K]) => void;
  errors: Record<string, string>;
};

/** What trials are scored on: training's eval loss, or a judge's score of the eval split. */
export function ObjectiveFields({ draft, set, errors }: ObjectiveFieldsProps) {
  const judges = useObjectiveJudges();
  return (
    <div className="form-grid">
      <Field label="Scored by" error={errors.objective}>
        <select
          value={draft.objective_kind}
          onChange={(event) =>
            set(
              "objective_kind",
              event.target.value as TuningDraft["objective_kind"],
            )
          }
        >
          <option value="loss">training's eval loss</option>
          <option value="judge">a judge on the eval split</option>
        </select>
      </Field>
      {draft.objective_kind === "judge" && (
        <Field label="Judge" error={errors["objective.judge"]}>
          <select
            value={draft.judge}
            onChange={(event) => set("judge", event.target.value)}
          >
            {judges.isPending && (
              <option value={draft.judge}>{draft.judge}</option>
            )}
            {(judges.data ?? []).map((judge) => (
              <option key={judge.name} value={judge.name}>
                {judge.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label="Metric" error={errors["objective.metric"]}>
        {draft.objective_kind === "loss" ? (
          <select
            value={draft.loss_metric}
            onChange={(event) =>
              set(
                "loss_metric",
                event.target.value as TuningDraft["loss_metric"],
              )
            }
          >
            <option value="eval_loss">eval_loss</option>
            <option value="eval_perplexity">eval_perplexity</option>
          </select>
        ) : (
          <select
            value={draft.judge_metric}
            onChange={(event) =>
              set(
                "judge_metric",
                event.target.value as TuningDraft["judge_metric"],
              )
            }
          >
            <option value="mean">mean score</option>
            <option value="pass_rate">pass rate</option>
          </select>
        )}
      </Field>
      <Field label="Direction" error={errors["objective.direction"]}>
        <select
          value={draft.direction}
          onChange={(event) =>
            set("direction", event.target.value as TuningDraft["direction"])
          }
        >
          <option value="">
            default ({draft.objective_kind === "loss" ? "min" : "max"})
          </option>
          <option value="min">min</option>
          <option value="max">max</option>
        </select>
      </Field>
      {draft.objective_kind === "judge" && (
        <Field
          label="Eval items judged"
          error={errors["objective.eval_limit"]}
          help="the first N eval items; empty: all"
        >
          <input
            type="number"
            min={1}
            value={draft.eval_limit}
            onChange={(event) => set("eval_limit", event.target.value)}
          />
        </Field>
      )}
    </div>
  );
}
