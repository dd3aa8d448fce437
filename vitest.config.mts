import { defineConfig } from "vitest/config";

// Engine-driven tests spawn the Pulumi CLI and Node processes: give them room, and run test
// files in separate processes so one stack's environment never leaks into another's.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
