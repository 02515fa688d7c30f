import { defineConfig, devices } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// `make bench-dashboard`: the built dashboard (code-split, port 8790) and its peer, the
// same app in one bundle (port 8791), over one SQLite database seeded with 100,000 traces.
const repoRoot = path.resolve(__dirname, "..");
const split = path.join(repoRoot, "frontend", "dist");
const single = path.join(repoRoot, "var", "ui-single-bundle");
process.env.TUNIX_RT_PERF_ROOT ??= fs.mkdtempSync(
  path.join(os.tmpdir(), "tunix-rt-perf-"),
);
const root = process.env.TUNIX_RT_PERF_ROOT;
const db = `sqlite+aiosqlite:///${root}/app/tunix-rt.db`;

export default defineConfig({
  testDir: "./perf",
  testMatch: "**/*.perf.ts",
  workers: 1,
  timeout: 20 * 60_000,
  reporter: [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
      ],
    },
  },
  webServer: [
    {
      command: `bash scripts/serve.sh sqlite 8790 ${root}/app ${split}`,
      url: "http://127.0.0.1:8790/api/ready",
      timeout: 180_000,
      reuseExistingServer: false,
    },
    {
      // The peer shares the first server's database (already migrated by it).
      command:
        `bash -c 'until curl -sf http://127.0.0.1:8790/api/ready >/dev/null; do sleep 0.5; done; ` +
        `DATABASE_URL=${db} TUNIX_RT_HOME=${root}/peer TUNIX_RT_UI_DIR=${single} ` +
        `exec ../.venv/bin/tunix-rt serve --no-migrate --host 127.0.0.1 --port 8791'`,
      url: "http://127.0.0.1:8791/api/ready",
      timeout: 180_000,
      reuseExistingServer: false,
    },
  ],
});
