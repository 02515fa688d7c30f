import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/types";
import { mockApi } from "../../test/mockApi";
import { renderRoute } from "../../test/render";
import { fetchCalls } from "./fetchCalls";
import { GeneratorForm } from "./GeneratorForm";
import type { GeneratorInfo } from "./generators";

const arithmetic: GeneratorInfo = {
  name: "arithmetic",
  version: "1.0.0",
  description: "Multi-digit arithmetic worked column by column.",
  params: {
    operations: {
      type: "array",
      default: ["add", "sub", "mul"],
      description: "Operations to draw from.",
      items: { type: "string", enum: ["add", "sub", "mul"] },
    },
    digits: {
      type: "integer",
      default: 2,
      description: "Digits in each operand.",
      minimum: 1,
      maximum: 12,
    },
    allow_negative: {
      type: "boolean",
      default: false,
      description: "Allow negative results.",
    },
  },
};

const GENERATE = "/api/generators/arithmetic/generate";

function sentBody(fetchMock: ReturnType<typeof mockApi>): unknown {
  const request = fetchCalls(fetchMock).find((call) => call.url === GENERATE);
  return JSON.parse(request?.body as string);
}

describe("a generator form", () => {
  it("is built from the generator's param spec, with defaults", () => {
    mockApi({});
    renderRoute(<GeneratorForm generator={arithmetic} />);
    expect(screen.getByLabelText("Digits")).toHaveValue(2);
    expect(screen.getByLabelText("Allow negative")).toHaveValue("false");
    expect(screen.getByRole("checkbox", { name: "mul" })).toBeChecked();
    expect(screen.getByLabelText("Count")).toHaveValue(10);
  });

  it("shows the API's 422 message beside the field it names", async () => {
    const fetchMock = mockApi({
      [GENERATE]: {
        status: 422,
        body: {
          detail: [
            {
              loc: ["body", "params", "digits"],
              field: "params.digits",
              msg: "must be between 1 and 12, got 40",
            },
          ],
          message: "params.digits: must be between 1 and 12, got 40",
        },
      },
    });
    const user = userEvent.setup();
    renderRoute(<GeneratorForm generator={arithmetic} />);
    const digits = screen.getByLabelText("Digits");
    await user.clear(digits);
    await user.type(digits, "40");
    await user.click(screen.getByRole("checkbox", { name: "mul" }));
    await user.click(screen.getByRole("button", { name: "Generate" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "must be between 1 and 12, got 40",
    );
    expect(digits).toHaveAttribute("aria-invalid", "true");
    expect(digits).toHaveAccessibleDescription(
      /must be between 1 and 12, got 40/,
    );
    expect(sentBody(fetchMock)).toEqual({
      count: 10,
      seed: null,
      params: { operations: ["add", "sub"], digits: 40, allow_negative: false },
      persist: true,
    });
  });

  it("links to the new traces after generating", async () => {
    mockApi({
      [GENERATE]: {
        status: 201,
        body: {
          generator: "arithmetic",
          version: "1.0.0",
          seed: 7,
          params: {},
          created_count: 2,
          duplicate_count: 0,
          traces: [
            { id: "t-1", duplicate: false, trace: {} },
            { id: "t-2", duplicate: false, trace: {} },
          ],
        } satisfies Schemas["GenerateResponse"],
      },
    });
    const user = userEvent.setup();
    renderRoute(<GeneratorForm generator={arithmetic} />);
    await user.click(screen.getByRole("button", { name: "Generate" }));
    expect(await screen.findByRole("status")).toHaveTextContent(
      "Generated 2 traces (2 new, 0 already stored) with seed 7",
    );
    expect(
      screen.getByRole("link", { name: "See these traces" }),
    ).toHaveAttribute(
      "href",
      "/traces?meta=generator%3Darithmetic&meta=seed%3D7",
    );
    expect(
      screen.getByRole("link", { name: "Open the first one" }),
    ).toHaveAttribute("href", "/traces/t-1");
  });
});
