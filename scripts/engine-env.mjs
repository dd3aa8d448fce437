// The environment every script, example and test gives the Pulumi engine: the engine built by
// ensure-engine.sh first on PATH, with Pulumi YAML's language host and the native plugin's
// launcher (pulumi-resource-predibase) beside it, then Node 24 from node_modules; a local file
// backend, a passphrase secrets provider, and no update checks or plugin downloads (nothing may
// leave the machine). Shared by the demo, the examples' runner, the tests and the benchmarks.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));

let cachedBinDir;

/** Runs scripts/ensure-engine.sh once per process (it is a cache hit after the first build). */
export function engineBinDir() {
  if (!cachedBinDir) {
    const out = execFileSync("bash", [join(repoRoot, "scripts", "ensure-engine.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    cachedBinDir = out.trim().split("\n").pop();
  }
  return cachedBinDir;
}

/**
 * Environment variables for an offline Pulumi run whose state lives in `stateDir`.
 * The passphrase only protects this local state; real stacks set their own.
 */
export function offlinePulumiEnv(stateDir, extra = {}) {
  const home = join(stateDir, "pulumi-home");
  const backend = join(stateDir, "backend");
  mkdirSync(home, { recursive: true });
  mkdirSync(backend, { recursive: true });
  const path = [engineBinDir(), join(repoRoot, "node_modules", ".bin"), process.env.PATH ?? ""].join(":");
  return {
    PATH: path,
    PULUMI_HOME: home,
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "pulumi-predibase-local",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "false",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    // The plugin launcher in the shared engine cache runs this checkout's dist/provider/plugin,
    // whichever checkout wrote the launcher last (scripts/ensure-engine.sh).
    PULUMI_PREDIBASE_ROOT: repoRoot,
    ...extra,
  };
}
