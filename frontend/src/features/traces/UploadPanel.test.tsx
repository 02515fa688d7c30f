import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/types";
import { mockApi } from "../../test/mockApi";
import { renderRoute } from "../../test/render";
import { fetchCalls } from "./fetchCalls";
import { UploadPanel } from "./UploadPanel";

const jsonl = (lines: string[]) =>
  new File([lines.join("\n")], "traces.jsonl", {
    type: "application/x-ndjson",
  });

async function upload(file: File) {
  const user = userEvent.setup();
  renderRoute(<UploadPanel />);
  await user.upload(screen.getByLabelText("JSONL file"), file);
  await user.click(screen.getByRole("button", { name: "Upload" }));
}

describe("uploading a JSONL file", () => {
  it("lists each bad line's number and problem, and says nothing was written", async () => {
    const report: Schemas["ImportReport"] = {
      mode: "all_or_nothing",
      lines_read: 3,
      imported: 0,
      duplicates: 0,
      failed: 2,
      errors: [
        { line: 2, field: null, message: "invalid JSON: EOF while parsing" },
        {
          line: 3,
          field: "steps",
          message: "List should have at least 1 item after validation",
        },
      ],
      errors_truncated: false,
    };
    const fetchMock = mockApi({
      "/api/traces/import?on_error=fail": {
        status: 422,
        body: {
          detail: report.errors,
          message: "2 bad line(s); nothing was imported",
          report,
        },
      },
    });
    await upload(jsonl(["{}", "{", '{"steps": []}']));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Nothing was imported");
    expect(alert).toHaveTextContent("2 of 3 line(s) are invalid");
    const rows = within(alert).getAllByRole("row").slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      "2—invalid JSON: EOF while parsing",
      "3stepsList should have at least 1 item after validation",
    ]);
    expect(fetchCalls(fetchMock)[0]).toMatchObject({
      method: "POST",
      headers: expect.objectContaining({
        "Content-Type": "application/x-ndjson",
      }) as unknown,
    });
  });

  it("says how many traces were imported", async () => {
    mockApi({
      "/api/traces/import?on_error=fail": {
        status: 201,
        body: {
          mode: "all_or_nothing",
          lines_read: 3,
          imported: 2,
          duplicates: 1,
          failed: 0,
          errors: [],
          errors_truncated: false,
        } satisfies Schemas["ImportReport"],
      },
    });
    await upload(jsonl(["{}", "{}", "{}"]));
    expect(await screen.findByRole("status")).toHaveTextContent(
      "Imported 2 traces from 3 line(s) · 1 already stored",
    );
  });

  it("shows other failures, such as a file too large, as an error", async () => {
    mockApi({
      "/api/traces/import?on_error=fail": {
        status: 413,
        body: { detail: "request body is over the 64 MB limit" },
      },
    });
    await upload(jsonl(["{}"]));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Upload failedrequest body is over the 64 MB limit",
    );
  });
});
