import { useState, type FormEvent } from "react";
import { Link } from "react-router";

import { Field } from "../../components/Field";
import { Panel } from "../../components/Panel";
import { ErrorNotice } from "../../components/QueryState";
import { formatNumber } from "../../lib/format";
import { useUploadJsonl, type ImportReport } from "./api";

function LineErrors({ report }: { report: ImportReport }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Bad lines">
        <thead>
          <tr>
            <th scope="col" className="num">
              Line
            </th>
            <th scope="col">Field</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {report.errors.map((error, index) => (
            <tr key={index}>
              <td className="num">{error.line}</td>
              <td className="mono">{error.field ?? "—"}</td>
              <td>{error.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.errors_truncated && (
        <p className="muted">
          Only the first {report.errors.length} problems are listed; fix these
          and upload again to see the rest.
        </p>
      )}
    </div>
  );
}

function Imported({ report }: { report: ImportReport }) {
  return (
    <div className="state upload-ok" role="status">
      <strong>
        Imported {formatNumber(report.imported, 0)}{" "}
        {report.imported === 1 ? "trace" : "traces"}
      </strong>{" "}
      from {formatNumber(report.lines_read, 0)} line(s)
      {report.duplicates > 0 &&
        ` · ${formatNumber(report.duplicates, 0)} already stored`}
      {report.failed > 0 &&
        ` · ${formatNumber(report.failed, 0)} bad line(s) skipped`}
      . <Link to="/traces">See the newest traces</Link>
    </div>
  );
}

/** Upload a JSONL file (one trace per line); a bad line rejects the file unless skipped. */
export function UploadPanel() {
  const [file, setFile] = useState<File | null>(null);
  const [skip, setSkip] = useState(false);
  const upload = useUploadJsonl();
  const outcome = upload.data;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) upload.mutate({ file, skip });
  };

  return (
    <Panel title="Upload JSONL">
      <form className="form" onSubmit={submit}>
        <Field
          label="JSONL file"
          help="One trace per line: trace_version, prompt, steps [{i, type, content}], final_answer, optional meta."
        >
          <input
            type="file"
            accept=".jsonl,.ndjson,.json,.txt,application/x-ndjson"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              upload.reset();
            }}
          />
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={skip}
            onChange={(event) => setSkip(event.target.checked)}
          />{" "}
          Import the good lines and skip bad ones (default: any bad line writes
          nothing)
        </label>
        <div>
          <button
            type="submit"
            className="button button-primary"
            disabled={!file || upload.isPending}
          >
            {upload.isPending ? "Uploading…" : "Upload"}
          </button>
        </div>
      </form>
      {upload.isError && (
        <ErrorNotice title="Upload failed" error={upload.error} />
      )}
      {outcome?.ok === true && <Imported report={outcome.report} />}
      {outcome?.ok === true && outcome.report.errors.length > 0 && (
        <LineErrors report={outcome.report} />
      )}
      {outcome?.ok === false && (
        <div className="state state-error" role="alert">
          <strong>Nothing was imported</strong>
          <p>
            {formatNumber(outcome.report.failed, 0)} of{" "}
            {formatNumber(outcome.report.lines_read, 0)} line(s) are invalid.
            Fix them and upload again, or tick &ldquo;skip bad ones&rdquo;.
          </p>
          <LineErrors report={outcome.report} />
        </div>
      )}
    </Panel>
  );
}
