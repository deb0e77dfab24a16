import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "apps/*/src/**/*.test.ts",
      "apps/*/test/**/*.test.ts",
      "bench/src/**/*.test.ts",
    ],
    // Every test file builds its own database; PGlite boots in ~1 s, so allow for it.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
