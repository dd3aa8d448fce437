// Stacks for the benchmarks: the real engine through the Automation API, local backend, work
// folders under .cache/bench so the engine's Node processes resolve this repository's packages.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { engineBinDir, offlinePulumiEnv, repoRoot } from "../scripts/engine-env.mjs";

export async function benchStack(name, program, env = {}) {
  const base = join(repoRoot, ".cache", "bench");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `${name}-`));
  const envVars = offlinePulumiEnv(dir, env);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "bench", projectName: name, program },
    {
      workDir: dir,
      envVars,
      pulumiCommand: await PulumiCommand.get({ root: dirname(engineBinDir()) }),
      projectSettings: { name, runtime: "nodejs", backend: { url: envVars.PULUMI_BACKEND_URL } },
    },
  );
  const stateFile = () => {
    const walk = (d) =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(d, e.name)) : e.name === "bench.json" ? [join(d, e.name)] : [],
      );
    return walk(join(dir, "backend", ".pulumi", "stacks"))[0];
  };
  return {
    stack,
    state: () => JSON.parse(readFileSync(stateFile(), "utf8")),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const seconds = (ms) => (ms / 1000).toFixed(1);
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
