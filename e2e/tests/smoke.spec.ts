import { expect, test } from "@playwright/test";

test("shows system status and lists a trace created through the API", async ({
  page,
  request,
}) => {
  await test.step("a fresh install is healthy and has no traces", async () => {
    await page.goto("/");
    await expect(page).toHaveTitle("tunix-rt");
    await expect(
      page.getByRole("heading", { level: 1, name: "tunix-rt" }),
    ).toBeVisible();
    await expect(page.getByText("API: healthy")).toBeVisible();
    await expect(page.getByText("Database: ready")).toBeVisible();
    await expect(page.getByText("No traces yet")).toBeVisible();
  });

  const traceId = await test.step("create a trace via the API", async () => {
    const response = await request.post("/api/traces", {
      data: {
        trace_version: "1",
        prompt: "2+2?",
        final_answer: "4",
        steps: [{ i: 0, type: "compute", content: "2+2=4" }],
      },
    });
    expect(response.status(), await response.text()).toBe(201);
    const created = (await response.json()) as { id: string };
    return created.id;
  });

  await test.step("the new trace is listed after a reload", async () => {
    await page.reload();
    const traces = page.getByRole("region", { name: "Traces" });
    await expect(traces.getByText(traceId)).toBeVisible();
    await expect(traces.getByText("No traces yet")).toHaveCount(0);
  });
});
