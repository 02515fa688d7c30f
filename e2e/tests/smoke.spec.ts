import { expect, test } from "./fixtures";

test("a fresh install is healthy and every section is one click away", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page).toHaveTitle("tunix-rt");
  await expect(page.getByText("API: healthy")).toBeVisible();
  await expect(page.getByText("Database: ready")).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const section of [
    "Traces",
    "Datasets",
    "Runs",
    "Leaderboard",
    "Registry",
  ]) {
    await nav.getByRole("link", { name: section }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
});

test("a deep link opens its page directly, and an unknown one says so", async ({
  page,
}) => {
  await page.goto("/leaderboard");
  await expect(page.getByRole("link", { name: "Leaderboard" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await page.goto("/no/such/page");
  await expect(
    page.getByRole("heading", { name: "Page not found" }),
  ).toBeVisible();
});
