// Shared helpers: stacks on the real engine through the Automation API (local file backend, work
// folders under .cache/bench so the engine's Node processes resolve this repository's packages),
// the emulator's connection settings as a user passes them, and small statistics.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { engineBinDir, offlinePulumiEnv, repoRoot } from "../scripts/engine-env.mjs";

let pulumiCommand;

/** A fresh stack named `bench` in its own folder; `state()` reads its checkpoint from the backend. */
export async function benchStack(name, program, env = {}) {
  const base = join(repoRoot, ".cache", "bench");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `${name}-`));
  const envVars = offlinePulumiEnv(dir, env);
  pulumiCommand ??= await PulumiCommand.get({ root: dirname(engineBinDir()) });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "bench", projectName: name, program },
    {
      workDir: dir,
      envVars,
      pulumiCommand,
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
    dir,
    stateText: () => readFileSync(stateFile(), "utf8"),
    state: () => JSON.parse(readFileSync(stateFile(), "utf8")),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Creates a stack, times one `up` (stack creation is not timed), and disposes of the stack. */
export async function timedUp(name, program, env = {}, upOptions = {}, inspect = undefined) {
  const s = await benchStack(name, program, env);
  try {
    const started = performance.now();
    await s.stack.up(upOptions);
    const ms = performance.now() - started;
    inspect?.(s);
    return ms;
  } finally {
    s.dispose();
  }
}

/** How a user points the provider at the emulator: PREDIBASE_* environment variables. */
export const platformEnv = (emu) => ({
  PREDIBASE_API_TOKEN: emu.apiToken,
  PREDIBASE_API_URL: emu.apiUrl,
  PREDIBASE_SERVING_URL: emu.servingUrl,
  PREDIBASE_TENANT_ID: emu.tenantId,
});

export const seconds = (ms) => (ms / 1000).toFixed(1);
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const range = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
export const nowMs = () => performance.now();
