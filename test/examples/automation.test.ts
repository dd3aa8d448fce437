// The Automation API example as CI would run it: a process that builds an ephemeral environment,
// smoke-queries the fine-tuned adapter, tears it all down and exits 0.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/engine-env.mjs";

describe("the Automation API example", () => {
  it("creates, smoke-tests and tears down an ephemeral environment, leaving nothing behind", () => {
    const result = spawnSync(process.execPath, [join(repoRoot, "examples", "automation", "index.mts")], {
      cwd: repoRoot,
      env: { ...process.env, PREDIBASE_API_TOKEN: "" },
      encoding: "utf8",
      timeout: 240_000,
    });
    const out = `${result.stdout}\n${result.stderr}`;
    expect(result.status, out).toBe(0);
    expect(out).toMatch(/ready: deployment ci-[a-z0-9]+-llm, adapter ci-[a-z0-9]+-adapters\/1 \(5 created\)/);
    expect(out).toMatch(/smoke query answered: "\S+( \S+){3,}"/);
    expect(out).toMatch(/left on the platform: 0 deployments, 0 repos/);
  });
});
