import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The FastAPI backend listens on 8000 during development; in production it
// serves this build from frontend/dist on its own port, so paths stay relative.
const backendUrl = "http://127.0.0.1:8000";

// The benchmark's peer (make bench-dashboard): every page in one bundle, no code splitting.
const singleBundle = process.env.TUNIX_RT_SINGLE_BUNDLE === "1";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": backendUrl,
      "/metrics": backendUrl,
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    ...(singleBundle && {
      rolldownOptions: { output: { codeSplitting: false } },
    }),
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
