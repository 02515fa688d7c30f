import { Field } from "../../components/Field";
import { shortId } from "../../lib/format";
import { describeSetup, type BoardSetup } from "./setup";

/** The setup a board ranks: scores of other setups of the judge are not on it. */
export function JudgeSetupLine({ setup }: { setup: BoardSetup }) {
  return (
    <p className="lb-setup" role="note" aria-label="Judge setup">
      Judge setup: <strong>{setup.name}</strong>{" "}
      <span className="mono">{describeSetup(setup)}</span>{" "}
      <span className="muted">
        (key <span className="mono">{shortId(setup.judge_key)}</span>,{" "}
        {setup.evaluations} evaluation{setup.evaluations === 1 ? "" : "s"})
      </span>
    </p>
  );
}

type SetupPickerProps = {
  /** Newest first: the first is the board's default. */
  setups: BoardSetup[];
  current: string;
  onChange: (judgeKey: string) => void;
};

/** Switch between the setups of the board's judge (another version, params, model). */
export function SetupPicker({ setups, current, onChange }: SetupPickerProps) {
  return (
    <Field
      label="Judge setup"
      help="Scores of differently set up judges are ranked apart."
    >
      <select value={current} onChange={(e) => onChange(e.target.value)}>
        {setups.map((s, index) => (
          <option key={s.judge_key} value={s.judge_key}>
            {`${describeSetup(s)} (${s.evaluations} evaluation${s.evaluations === 1 ? "" : "s"}${index === 0 ? ", newest" : ""})`}
          </option>
        ))}
      </select>
    </Field>
  );
}
