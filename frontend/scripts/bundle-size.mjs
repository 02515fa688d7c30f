// The size of what a first visit downloads before any page chunk: the entry script, the
// chunks it preloads and the CSS, gzipped. Fails above the budget; writes the figures to
// bench/results/dashboard-bundle.json so the note can quote them next to every chunk's size.
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 300;
const dist = path.resolve(import.meta.dirname, "..", "dist");
const out = path.resolve(import.meta.dirname, "..", "..", "bench", "results");

const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
const initial = [
  ...html.matchAll(/<script[^>]+src="\/([^"]+)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+)"/g),
  ...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\/([^"]+)"/g),
].map((match) => match[1]);

function sizes(file) {
  const body = fs.readFileSync(path.join(dist, file));
  return {
    file,
    bytes: body.length,
    gzip_bytes: gzipSync(body, { level: 9 }).length,
  };
}

const initialFiles = [...new Set(initial)].map(sizes);
const chunks = fs
  .readdirSync(path.join(dist, "assets"))
  .map((name) => sizes(path.join("assets", name)))
  .sort((a, b) => b.gzip_bytes - a.gzip_bytes);
const initialGzip = initialFiles.reduce((sum, f) => sum + f.gzip_bytes, 0);
const report = {
  budget_kb: BUDGET_KB,
  initial_gzip_kb: Number((initialGzip / 1024).toFixed(1)),
  initial: initialFiles,
  // The peer: one bundle with every page in it, i.e. everything a first visit would
  // download without route-level code splitting.
  all_chunks_gzip_kb: Number(
    (
      chunks
        .filter((c) => c.file.endsWith(".js"))
        .reduce((s, c) => s + c.gzip_bytes, 0) / 1024
    ).toFixed(1),
  ),
  chunks,
};
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(
  path.join(out, "dashboard-bundle.json"),
  `${JSON.stringify(report, null, 2)}\n`,
);
console.log(
  `initial bundle: ${report.initial_gzip_kb} kB gzipped (budget ${BUDGET_KB} kB); ` +
    `all JS chunks together: ${report.all_chunks_gzip_kb} kB`,
);
if (report.initial_gzip_kb > BUDGET_KB) {
  console.error(`the initial bundle is over its ${BUDGET_KB} kB budget`);
  process.exit(1);
}
