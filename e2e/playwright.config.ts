import { defineConfig, devices } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Override when another process on this machine already talks to 8765.
const port = Number(process.env.TUNIX_RT_E2E_PORT ?? 8765);
const baseURL = `http://127.0.0.1:${port}`;
const repoRoot = path.resolve(__dirname, "..");

// Workers re-load this file; reuse the home the main process made so the
// server and the tests agree. The directory is kept after the run so its
// database and logs can be inspected when a test fails.
process.env.TUNIX_RT_E2E_HOME ??= fs.mkdtempSync(
  path.join(os.tmpdir(), "tunix-rt-e2e-"),
);

export default defineConfig({
  testDir: "./tests",
  // One backend with one database: tests share state, so run them in order.
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        // Debian's chromium; Playwright's own browser download is not used.
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
          ],
        },
      },
    },
  ],
  // Serves the built UI (run `npm run build` in ../frontend first) and the API.
  webServer: {
    command: `../.venv/bin/tunix-rt serve --host 127.0.0.1 --port ${port}`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      TUNIX_RT_HOME: process.env.TUNIX_RT_E2E_HOME,
      TUNIX_RT_UI_DIR: path.join(repoRoot, "frontend", "dist"),
    },
  },
});
