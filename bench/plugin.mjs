// Figure 9, through the real engine: `pulumi up` of N Deployments through the native plugin
// (pulumi-resource-predibase, provider/plugin/*) against N resources of a no-op native plugin
// (bench/noop-plugin, the same process model: Node and @pulumi/pulumi's gRPC) and against N
// dynamic Deployments (the `pulumi-predibase` package, as figure 1 runs them), first up and a
// no-change up, in interleaved triples; and the state each stores per resource. The programs run
// in this process through the Automation API; the emulator runs as its own process.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import * as deploymentResource from "../dist/provider/resources/deployment.js";
import { engineBinDir, repoRoot } from "../scripts/engine-env.mjs";
import { spawnEmulator } from "./emulator.mjs";
import { firstAndNoChange as runFirstAndNoChange } from "./engine-runs.mjs";
import { deployments } from "./provider.mjs";
import { benchStack, median } from "./stacks.mjs";

const MODEL = "llama-3-2-1b-instruct";

/**
 * The outputs a Deployment declares: provider/resources/deployment.ts's OUTPUTS (the built one:
 * figure 9 runs after `npm run build`), the list the generated SDK declares too. A CustomResource
 * given `key: undefined` asks the engine for that output, as a generated SDK's constructor does.
 */
const DEPLOYMENT_OUTPUTS = deploymentResource.OUTPUTS;
const deploymentProps = () => ({
  ...Object.fromEntries(DEPLOYMENT_OUTPUTS.map((k) => [k, undefined])),
  baseModel: MODEL,
});

/** N Deployments through the plugin, registered as a generated SDK registers them. */
export const pluginDeployments = (n) => async () => {
  for (let i = 0; i < n; i++)
    new pulumi.CustomResource("predibase:index:Deployment", `d${i}`, deploymentProps());
};
/** The floor: N resources of the no-op plugin with the same inputs and declared outputs. */
export const noopThings = (n) => async () => {
  for (let i = 0; i < n; i++) new pulumi.CustomResource("noopbench:index:Thing", `d${i}`, deploymentProps());
};
/** The same-state floor: the no-op plugin storing a Deployment's inputs and outputs (NOOPBENCH_SAMPLE). */
export const noopSizedThings = (n) => async () => {
  for (let i = 0; i < n; i++)
    new pulumi.CustomResource("noopbench:index:SizedThing", `d${i}`, deploymentProps());
};
export { deployments as dynamicDeployments };

/** The plugin this checkout builds (`npm run build`): the one figure 9 measures. */
const PLUGIN_MAIN = join(repoRoot, "dist", "provider", "plugin", "main.js");

/**
 * The environment that makes the engine start this checkout's plugins. A launcher per plugin (what
 * scripts/ensure-engine.sh writes for pulumi-resource-predibase) in a folder first on PATH; the
 * engine looks beside its own executable before PATH, so where ensure-engine.sh has already put a
 * launcher there, PULUMI_PREDIBASE_ROOT points that one at this checkout. Each run checks which
 * plugin really served it (cpuSampler's roles).
 */
export function pluginLaunchers() {
  const dir = mkdtempSync(join(tmpdir(), "bench-plugin-bin-"));
  const node = join(repoRoot, "node_modules", ".bin", "node");
  const launcher = (name, main) => {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\nexec '${node}' '${main}' "$@"\n`);
    chmodSync(file, 0o755);
  };
  launcher("pulumi-resource-predibase", PLUGIN_MAIN);
  launcher("pulumi-resource-noopbench", join(repoRoot, "bench", "noop-plugin", "main.mjs"));
  const path = [dir, engineBinDir(), join(repoRoot, "node_modules", ".bin"), process.env.PATH ?? ""].join(
    ":",
  );
  return {
    dir,
    env: { PATH: path, PULUMI_PREDIBASE_ROOT: repoRoot },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Figure 9's process roles, for the CPU profile (bench/engine-runs.mjs's cpuSampler). */
const roleOf = (cmdline) => {
  if (cmdline.includes(`${PLUGIN_MAIN}\0`)) return "predibase plugin";
  if (/provider\/plugin\/main\.js/.test(cmdline)) return "another checkout's predibase plugin";
  if (/noop-plugin\/main\.mjs/.test(cmdline)) return "no-op plugin";
  if (/dynamic-provider|pulumi-resource-pulumi-nodejs/.test(cmdline)) return "dynamic-provider host";
  if (/language-nodejs|language-host/.test(cmdline)) return "language host";
  if (/(^|\/)pulumi\0/.test(cmdline)) return "engine";
  return "other";
};

/**
 * The three ways of running N Deployments-worth of resources. `plugin` points the default
 * predibase provider at the emulator through stack config (the token a secret), as a user of the
 * plugin does; `dynamic` through PREDIBASE_* variables, as figure 1 does.
 */
const VARIANTS = {
  noop: { program: noopThings, emulator: false, config: false },
  plugin: { program: pluginDeployments, emulator: true, config: true },
  dynamic: { program: deployments, emulator: true, config: false },
  noopSized: { program: noopSizedThings, emulator: false, config: false },
};

/** The default predibase provider pointed at the emulator through stack config, the token a secret. */
const stackConfig = (stack, emu) =>
  stack.setAllConfig({
    "predibase:apiToken": { value: emu.env.PREDIBASE_API_TOKEN, secret: true },
    "predibase:apiUrl": { value: emu.env.PREDIBASE_API_URL },
    "predibase:servingUrl": { value: emu.env.PREDIBASE_SERVING_URL },
    "predibase:tenantId": { value: emu.env.PREDIBASE_TENANT_ID },
  });

/** One stack of one variant: its first `up` and a no-change `up`, timed (bench/engine-runs.mjs). */
export function firstAndNoChange(variant, n, { launchers, upOptions, profile = false, env = {} }) {
  const v = VARIANTS[variant];
  return runFirstAndNoChange(`${variant}${n}`, v.program(n), {
    emulator: v.emulator,
    configure: v.config ? stackConfig : undefined,
    env: { ...launchers.env, ...env },
    upOptions,
    profile,
    roleOf,
  });
}

const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });
const bytes = (value) => Buffer.byteLength(typeof value === "string" ? value : JSON.stringify(value));
/** The state entries of the N resources themselves (not the stack or the providers). */
const ENTRY_TYPE = {
  noop: (t) => t === "noopbench:index:Thing",
  noopSized: (t) => t === "noopbench:index:SizedThing",
  plugin: (t) => t === "predibase:index:Deployment",
  dynamic: (t) => t.startsWith("pulumi-nodejs:dynamic"),
};
const stateOf = (variant, run, n) => {
  const entries = run.state.checkpoint.latest.resources.filter((r) => ENTRY_TYPE[variant](r.type));
  return {
    entries: entries.length,
    perResource: bytes(run.stateText) / n,
    checkpointBytes: bytes(run.stateText),
    entryBytes: Math.max(...entries.map(bytes)),
  };
};

/**
 * Figure 9 at each size: `pairs` rounds, each a fresh stack of every variant in a rotating order
 * (noop plugin dynamic, plugin dynamic noop, dynamic noop plugin, ...), so each ratio's pairs were
 * measured next to each other. A warm-up of each variant first (not measured).
 */
export async function pluginScaling({ sizes = [50, 200], pairs = 5, parallel = 64, profile = false } = {}) {
  const upOptions = { parallel };
  const launchers = pluginLaunchers();
  const keys = Object.keys(VARIANTS);
  try {
    for (const key of keys) {
      const warm = await firstAndNoChange(key, 5, { launchers, upOptions, profile: true });
      if (key === "plugin" && !warm.first.cpu["predibase plugin"]) {
        throw new Error(
          `figure 9 ran some other plugin than ${PLUGIN_MAIN}: ${JSON.stringify(warm.first.cpu)}`,
        );
      }
      if (key === "plugin") {
        // What one Deployment stores, for the same-state floor (VARIANTS.noopSized).
        const entry = warm.state.checkpoint.latest.resources.find(
          (r) => r.type === "predibase:index:Deployment",
        );
        const { name: _n, ...outputs } = entry.outputs;
        const { name: _i, ...inputs } = entry.inputs;
        launchers.env.NOOPBENCH_SAMPLE = JSON.stringify({ inputs, outputs });
      }
    }
    const results = [];
    for (const n of sizes) {
      const runs = Object.fromEntries(keys.map((k) => [k, []]));
      for (let p = 0; p < pairs; p++) {
        const order = [...keys.slice(p % keys.length), ...keys.slice(0, p % keys.length)];
        for (const key of order)
          runs[key].push(await firstAndNoChange(key, n, { launchers, upOptions, profile }));
      }
      const ms = (key, phase) => runs[key].map((r) => r[phase].ms);
      const ratio = (key, phase) => runs.plugin.map((r, i) => r[phase].ms / runs[key][i][phase].ms);
      const phase = (ph) => ({
        plugin: stats(ms("plugin", ph)),
        noop: stats(ms("noop", ph)),
        dynamic: stats(ms("dynamic", ph)),
        noopSized: stats(ms("noopSized", ph)),
        vsNoop: stats(ratio("noop", ph)),
        vsNoopSized: stats(ratio("noopSized", ph)),
        vsDynamic: stats(ratio("dynamic", ph)),
        // What the stored bytes alone cost the engine: the same-state no-op against the bare one,
        // neither doing any work. A provider storing a Deployment's outputs starts from this.
        stateAlone: stats(runs.noopSized.map((r, i) => r[ph].ms / runs.noop[i][ph].ms)),
      });
      const cpu = (key, ph) => {
        const sum = {};
        for (const r of runs[key])
          for (const [role, s] of Object.entries(r[ph].cpu)) sum[role] = (sum[role] ?? 0) + s;
        return Object.fromEntries(Object.entries(sum).map(([role, s]) => [role, s / runs[key].length]));
      };
      results.push({
        n,
        parallel,
        pairs,
        first: phase("first"),
        again: phase("again"),
        // The no-change up must really change nothing.
        againChanges: { plugin: runs.plugin[0].again.changes, noop: runs.noop[0].again.changes },
        state: Object.fromEntries(keys.map((k) => [k, stateOf(k, runs[k][0], n)])),
        cpu: profile
          ? Object.fromEntries(keys.map((k) => [k, { first: cpu(k, "first"), again: cpu(k, "again") }]))
          : undefined,
      });
    }
    return results;
  } finally {
    launchers.dispose();
  }
}

/**
 * Where the plugin's extra time goes at `n` (one run of each variant, after a warm-up): CPU
 * seconds by process for the plugin and the no-op plugin, and both again with checkpoints off
 * (PULUMI_SKIP_CHECKPOINTS, never for real use) to price the engine's rewrites of a larger state,
 * and the plugin with a primed compile cache.
 */
export async function pluginProfile({ n = 200, parallel = 64 } = {}) {
  const upOptions = { parallel };
  const launchers = pluginLaunchers();
  const skip = { PULUMI_SKIP_CHECKPOINTS: "true" };
  try {
    await firstAndNoChange("plugin", 5, { launchers, upOptions });
    const run = async (variant, env = {}) => {
      const r = await firstAndNoChange(variant, n, { launchers, upOptions, profile: true, env });
      return { firstMs: r.first.ms, againMs: r.again.ms, firstCpu: r.first.cpu, againCpu: r.again.cpu };
    };
    // What-if for main.ts: V8's compile cache (module.enableCompileCache(), here NODE_COMPILE_CACHE),
    // primed by a plugin run that exits by itself (`--version` loads every module main.ts imports).
    const cache = { NODE_COMPILE_CACHE: join(launchers.dir, "compile-cache") };
    execFileSync(process.execPath, [PLUGIN_MAIN, "--version"], { env: { ...process.env, ...cache } });
    return {
      n,
      parallel,
      noop: await run("noop"),
      plugin: await run("plugin"),
      pluginNoCheckpoints: await run("plugin", skip),
      noopNoCheckpoints: await run("noop", skip),
      pluginCompileCache: await run("plugin", cache),
    };
  } finally {
    launchers.dispose();
  }
}

/** Where a profile node's code lives: a package, a folder of this repository, Node itself, or V8's own. */
const placeOf = (url) => {
  if (!url) return "(V8: gc, idle, program)";
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.startsWith("node:")) return "node:internal";
  const ours = url.match(/\/dist\/((?:[^/]+\/){1,2})/);
  return ours ? `dist/${ours[1]}` : url;
};

/** Self time (ms) of a .cpuprofile by place and by function, idle left out. */
function summarize(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const nameOf = (f) =>
    `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber + 1}`;
  /** The nearest caller in this repository's code (dist/), or the outermost frame when none. */
  const oursAbove = (id) => {
    let outer;
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at).callFrame;
      if (f.url.includes("/dist/")) return nameOf(f);
      if (f.url) outer = nameOf(f);
    }
    return `(no repository frame) ${outer ?? ""}`;
  };
  const places = {};
  const functions = {};
  const callers = {};
  for (const [id, ms] of self) {
    const { callFrame: f } = byId.get(id);
    if (f.functionName === "(idle)") continue;
    const place = placeOf(f.url);
    places[place] = (places[place] ?? 0) + ms;
    functions[nameOf(f)] = (functions[nameOf(f)] ?? 0) + ms;
    const ours = oursAbove(id);
    callers[ours] = (callers[ours] ?? 0) + ms;
  }
  return { places, functions, callers };
}

/**
 * A V8 CPU profile of the plugin serving `n` Deployments (first up, then a no-change up, one
 * profile per plugin process): NODE_OPTIONS gives every Node process the engine starts
 * `--cpu-prof`, and a preload that exits on the engine's SIGINT so the profile gets written.
 * Profiling slows the plugin: read the shares, not the times.
 */
export async function pluginCpuProfile(n = 200, { parallel = 64 } = {}) {
  const launchers = pluginLaunchers();
  const profDir = mkdtempSync(join(tmpdir(), "bench-plugin-prof-"));
  const preload = join(profDir, "exit-on-signal.cjs");
  writeFileSync(preload, 'for (const s of ["SIGINT", "SIGTERM"]) process.on(s, () => process.exit(0));\n');
  const phases = {};
  const optionsFor = (phase) => `--cpu-prof --cpu-prof-dir=${join(profDir, phase)} --require ${preload}`;
  const emu = await spawnEmulator(["--clock", "immediate"]);
  const s = await benchStack(`prof${n}`, pluginDeployments(n), {
    ...launchers.env,
    NODE_OPTIONS: optionsFor("first"),
  });
  try {
    await s.stack.setAllConfig({
      "predibase:apiToken": { value: emu.env.PREDIBASE_API_TOKEN, secret: true },
      "predibase:apiUrl": { value: emu.env.PREDIBASE_API_URL },
      "predibase:servingUrl": { value: emu.env.PREDIBASE_SERVING_URL },
      "predibase:tenantId": { value: emu.env.PREDIBASE_TENANT_ID },
    });
    await s.stack.up({ parallel });
    s.stack.workspace.envVars.NODE_OPTIONS = optionsFor("again");
    await s.stack.up({ parallel });
    for (const phase of ["first", "again"]) {
      const dir = join(profDir, phase);
      let files = [];
      try {
        files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
      } catch {
        // no profile written
      }
      const merged = { places: {}, functions: {}, callers: {}, files: files.length };
      for (const f of files) {
        const one = summarize(JSON.parse(readFileSync(join(dir, f), "utf8")));
        for (const k of ["places", "functions", "callers"]) {
          for (const [key, ms] of Object.entries(one[k])) merged[k][key] = (merged[k][key] ?? 0) + ms;
        }
      }
      phases[phase] = merged;
    }
    return phases;
  } finally {
    s.dispose();
    await emu.stop();
    launchers.dispose();
    rmSync(profDir, { recursive: true, force: true });
  }
}

/** `node bench/plugin.mjs --cpu-profile [n]` (after `npm run build`): pluginCpuProfile, printed. */
if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  process.argv[2] === "--cpu-profile"
) {
  const n = Number(process.argv[3] ?? 200);
  const phases = await pluginCpuProfile(n);
  const top = (o, k) =>
    Object.entries(o)
      .sort((a, b) => b[1] - a[1])
      .slice(0, k);
  for (const [phase, p] of Object.entries(phases)) {
    const busy = Object.values(p.places).reduce((a, b) => a + b, 0);
    const line = ([key, ms]) =>
      `  ${((100 * ms) / busy).toFixed(1).padStart(5)}% ${ms.toFixed(0).padStart(6)} ms  ${key}`;
    console.log(
      `\n${phase === "first" ? "first up" : "no-change up"} of ${n}: ${p.files} profile(s), ${busy.toFixed(0)} ms busy`,
    );
    console.log("by package or folder:");
    console.log(top(p.places, 12).map(line).join("\n"));
    console.log("by nearest caller in this repository (`:1` is a module's top level: loading it):");
    console.log(top(p.callers, 20).map(line).join("\n"));
  }
}
