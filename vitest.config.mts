import { defineConfig } from "vitest/config";

/**
 * An inline Automation API program runs inside the test process. When the engine stops a preview
 * at a failed check, the program may still be registering its root stack resource, and that call
 * then fails with gRPC UNAVAILABLE (code 14) from @pulumi/pulumi's runtime after the preview has
 * already returned. That is the expected end of a failed preview, not a failure of the test.
 */
function isOrphanedProgramCall(error: { code?: unknown; stack?: unknown; message?: unknown }): boolean {
  const stack = String(error.stack ?? "");
  return error.code === 14 && /@pulumi\/pulumi\/runtime\/(settings|stack)\.js/.test(stack);
}

// Engine-driven tests spawn the Pulumi CLI and Node processes: give them room, and run test
// files in separate processes so one stack's environment never leaks into another's.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 2,
    onUnhandledError: (error) => !isOrphanedProgramCall(error as { code?: unknown; stack?: unknown }),
  },
});
