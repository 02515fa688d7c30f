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
        if (message.type() !== "error") return;
        if (isApiRefusal(message.text(), message.location().url)) return;
        errors.push(message.text());
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

/**
 * Chromium logs every 4xx answer as "Failed to load resource". An API's 4xx is the product
 * telling the user what was wrong (the page shows it), not an error of the page; a 5xx, or a
 * missing asset, still fails the test.
 */
function isApiRefusal(text: string, url: string): boolean {
  const status = /status of (\d{3})/.exec(text)?.[1];
  return (
    text.startsWith("Failed to load resource") &&
    status !== undefined &&
    status.startsWith("4") &&
    new URL(url, "http://x").pathname.startsWith("/api/")
  );
}

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
