import { defineConfig, devices } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// The real product (API + worker + built dashboard) on each database: SQLite, then
// Postgres. E2E_DATABASES=sqlite runs one; TUNIX_RT_E2E_PORT moves the ports (n, n+1).
const basePort = Number(process.env.TUNIX_RT_E2E_PORT ?? 8765);
const databases = (process.env.E2E_DATABASES ?? "sqlite,postgres")
  .split(",")
  .map((name) => name.trim())
  .filter((name) => name === "sqlite" || name === "postgres");
const repoRoot = path.resolve(__dirname, "..");
const uiDir =
  process.env.TUNIX_RT_E2E_UI_DIR ?? path.join(repoRoot, "frontend", "dist");

// Workers re-load this file; reuse the root the main process made so the servers
// and the tests agree. It is kept after the run so databases and logs can be read.
process.env.TUNIX_RT_E2E_ROOT ??= fs.mkdtempSync(
  path.join(os.tmpdir(), "tunix-rt-e2e-"),
);
const root = process.env.TUNIX_RT_E2E_ROOT;

const servers = databases.map((database) => {
  const port = basePort + (database === "sqlite" ? 0 : 1);
  return { database, port, baseURL: `http://127.0.0.1:${port}` };
});

export default defineConfig({
  testDir: "./tests",
  // One backend per database with shared state: tests run in order, one at a time.
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Training a tiny model on 2 CPU cores takes a while; expectations wait on state.
  timeout: 6 * 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: servers.map(({ database, baseURL }) => ({
    name: database,
    use: {
      ...devices["Desktop Chrome"],
      baseURL,
      viewport: { width: 1400, height: 900 },
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
  })),
  webServer: servers.map(({ database, port, baseURL }) => ({
    command: `bash scripts/serve.sh ${database} ${port} ${path.join(root, database)} ${uiDir}`,
    url: `${baseURL}/api/ready`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
  })),
});
