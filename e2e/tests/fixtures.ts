import {
  test as base,
  expect,
  type Page,
  type TestInfo,
} from "@playwright/test";
import fs from "node:fs";
import path from "node:path";

// Screenshots of the main pages for the README: written by the SQLite run only.
const README_SHOTS = path.resolve(__dirname, "..", "..", "docs", "screenshots");

type Fixtures = {
  /** Console errors and uncaught page errors seen during the test; it fails on any. */
  consoleErrors: string[];
  /** Screenshot into the report (and into docs/screenshots for the README). */
  shot: (name: string) => Promise<void>;
};

export const test = base.extend<Fixtures>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) =>
        errors.push(`page error: ${error.message}`),
      );
      await use(errors);
      expect(errors, "console errors during the test").toEqual([]);
    },
    { auto: true },
  ],
  shot: async ({ page }, use, testInfo) => {
    await use((name) => screenshot(page, testInfo, name));
  },
});

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const body = await page.screenshot({ fullPage: true });
  await testInfo.attach(name, { body, contentType: "image/png" });
  if (
    testInfo.project.name === "sqlite" &&
    process.env.E2E_README_SHOTS !== "0"
  ) {
    fs.mkdirSync(README_SHOTS, { recursive: true });
    fs.writeFileSync(path.join(README_SHOTS, `${name}.png`), body);
  }
}

export { expect };
