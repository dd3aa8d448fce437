// Figures 1, 4 and 5, through the real engine: `pulumi up` of N Deployments against N no-op
// dynamic resources (first up and a no-change up, interleaved pairs), N deployments waiting in
// parallel against one wait, what each resource stores in state, and a profile of where the time
// of our resources goes. The emulator runs as its own process (bench/emulator.mjs), so its CPU
// time is not charged to the program, which the Automation API runs in this process.
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import * as predibase from "pulumi-predibase";
import { startEmulator } from "pulumi-predibase/emulator";
import { firstAndNoChange as runFirstAndNoChange } from "./engine-runs.mjs";
import { benchStack, median, platformEnv, timedUp } from "./stacks.mjs";

/** The floor: the smallest dynamic resource there is, one provider object shared by all. */
const noopProvider = {
  async create(inputs) {
    return { id: `noop-${inputs.i}`, outs: inputs };
  },
};
class Noop extends pulumi.dynamic.Resource {
  constructor(name, i) {
    super(noopProvider, name, { i }, {});
  }
}

const MODEL = "llama-3-2-1b-instruct";
export const noops = (n) => async () => {
  for (let i = 0; i < n; i++) new Noop(`n${i}`, i);
};
export const deployments = (n) => async () => {
  for (let i = 0; i < n; i++) new predibase.Deployment(`d${i}`, { baseModel: MODEL });
};

// What-if for the profile (not the shipped code): every Deployment built with one shared provider
// object per kind, so @pulumi/pulumi's per-object cache (a WeakMap in @pulumi/pulumi/dynamic)
// serializes `__provider` once instead of once per resource. The stored text is the same byte for
// byte. Swapped in only while the program runs, in this process.
const stableModule = createRequire(import.meta.url)("../dist/provider/stable-provider.js");
const shipped = stableModule.stableProvider;
const perKind = new Map();
const sharedPerKind = (kind) => {
  if (!perKind.has(kind)) perKind.set(kind, shipped(kind));
  return perKind.get(kind);
};
const deploymentsSharedProvider = (n) => async () => {
  stableModule.stableProvider = sharedPerKind;
  try {
    await deployments(n)();
  } finally {
    stableModule.stableProvider = shipped;
  }
};

const bytes = (value) => Buffer.byteLength(typeof value === "string" ? value : JSON.stringify(value));
const dynamicEntries = (state) =>
  state.checkpoint.latest.resources.filter((res) => res.type.startsWith("pulumi-nodejs:dynamic"));

/** Figure 1's process roles, for the CPU profile (bench/engine-runs.mjs's cpuSampler). */
const roleOf = (cmdline) => {
  if (/dynamic-provider|pulumi-resource-pulumi-nodejs/.test(cmdline)) return "provider host";
  if (/language-nodejs|language-host/.test(cmdline)) return "language host";
  if (/(^|\/)pulumi\0/.test(cmdline)) return "engine";
  return "other";
};

/**
 * One stack: its first `up` and then a no-change `up`, both timed (bench/engine-runs.mjs). `ours`
 * runs against a fresh emulator process whose readiness completes at once, reached through
 * PREDIBASE_* variables. `profile` adds CPU seconds by process.
 */
export const firstAndNoChange = (name, program, { ours, ...options }) =>
  runFirstAndNoChange(name, program, { ...options, emulator: ours, roleOf });

const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });

/**
 * Figure 1 at each size: `pairs` interleaved pairs (floor then ours, ours then floor, ...), each
 * pair a fresh stack of each, timing the first `up` and a no-change `up`. Warm-up first (not
 * measured): disk caches, the engine, the language host, the provider host. `--parallel` is named
 * in the table because it is not the engine's default (4 x cores = 8 here).
 */
export async function upScaling({ sizes = [50, 200], pairs = 5, parallel = 64 } = {}) {
  const upOptions = { parallel };
  await firstAndNoChange("warm-noop", noops(5), { ours: false, upOptions });
  await firstAndNoChange("warm-ours", deployments(5), { ours: true, upOptions });
  const results = [];
  for (const n of sizes) {
    const runs = { floor: [], ours: [] };
    for (let p = 0; p < pairs; p++) {
      const order = p % 2 === 0 ? ["floor", "ours"] : ["ours", "floor"];
      for (const key of order) {
        const ours = key === "ours";
        runs[key].push(
          await firstAndNoChange(`${key}${n}`, ours ? deployments(n) : noops(n), {
            ours,
            upOptions,
            profile: true,
          }),
        );
      }
    }
    const ratio = (phase) => runs.ours.map((r, i) => r[phase].ms / runs.floor[i][phase].ms);
    const ms = (key, phase) => runs[key].map((r) => r[phase].ms);
    // CPU seconds of the bench process and every engine process, not the emulator's: it stands in
    // for the remote platform. Steadier than wall time on a shared machine.
    const cpuOf = (r, phase) =>
      Object.entries(r[phase].cpu)
        .filter(([role]) => role !== "emulator")
        .reduce((a, [, v]) => a + v, 0);
    const cpu = (key, phase) => runs[key].map((r) => cpuOf(r, phase));
    const cpuRatio = (phase) => runs.ours.map((r, i) => cpuOf(r, phase) / cpuOf(runs.floor[i], phase));
    const oursEntries = dynamicEntries(runs.ours[0].state);
    const floorEntries = dynamicEntries(runs.floor[0].state);
    results.push({
      n,
      parallel,
      pairs,
      first: {
        ours: stats(ms("ours", "first")),
        floor: stats(ms("floor", "first")),
        ratio: stats(ratio("first")),
        oursCpu: stats(cpu("ours", "first")),
        floorCpu: stats(cpu("floor", "first")),
        cpuRatio: stats(cpuRatio("first")),
      },
      again: {
        ours: stats(ms("ours", "again")),
        floor: stats(ms("floor", "again")),
        ratio: stats(ratio("again")),
        oursCpu: stats(cpu("ours", "again")),
        floorCpu: stats(cpu("floor", "again")),
        cpuRatio: stats(cpuRatio("again")),
      },
      // The no-change up must really change nothing.
      againChanges: runs.ours[0].again.changes,
      state: {
        checkpointBytes: bytes(runs.ours[0].stateText),
        floorCheckpointBytes: bytes(runs.floor[0].stateText),
        perResource: bytes(runs.ours[0].stateText) / n,
        floorPerResource: bytes(runs.floor[0].stateText) / n,
        entryBytes: Math.max(...oursEntries.map(bytes)),
        floorEntryBytes: Math.max(...floorEntries.map(bytes)),
        providerBytes: Math.max(...oursEntries.map((r) => bytes(r.outputs.__provider))),
        providerCopies: oursEntries[0]
          ? ["inputs", "outputs"].filter((k) => oursEntries[0][k]?.__provider !== undefined).length
          : 0,
      },
    });
  }
  return results;
}

/**
 * Where the time of `n` Deployments goes (one run of each variant, after upScaling's warm-up):
 * CPU seconds by process for ours and the floor; ours with checkpoints off (PULUMI_SKIP_CHECKPOINTS,
 * never for real use) to price the checkpoint writes; ours with one provider object per kind to
 * price the per-resource serialization of `__provider` in the program.
 */
export async function profile({ n = 200, parallel = 64 } = {}) {
  const upOptions = { parallel };
  const run = (name, program, opts) => firstAndNoChange(name, program, { upOptions, profile: true, ...opts });
  const floor = await run(`pfloor${n}`, noops(n), { ours: false });
  const ours = await run(`pours${n}`, deployments(n), { ours: true });
  const noCheckpoints = await run(`pnockpt${n}`, deployments(n), {
    ours: true,
    env: { PULUMI_SKIP_CHECKPOINTS: "true" },
  });
  const floorNoCheckpoints = await run(`pfnockpt${n}`, noops(n), {
    ours: false,
    env: { PULUMI_SKIP_CHECKPOINTS: "true" },
  });
  const shared = await run(`pshared${n}`, deploymentsSharedProvider(n), { ours: true });
  const pick = (r) => ({
    firstMs: r.first.ms,
    againMs: r.again.ms,
    firstCpu: r.first.cpu,
    againCpu: r.again.cpu,
    checkpointBytes: bytes(r.stateText),
  });
  return {
    n,
    parallel,
    floor: pick(floor),
    ours: pick(ours),
    noCheckpoints: pick(noCheckpoints),
    floorNoCheckpoints: pick(floorNoCheckpoints),
    sharedProvider: pick(shared),
  };
}

/** Figure 5: one resource of every kind (and a no-op for scale) and the bytes each stores. */
export async function stateSizes() {
  const emu = await startEmulator({ clock: "immediate" });
  const s = await benchStack(
    "kinds",
    async () => {
      const repo = new predibase.AdapterRepo("repo", { description: "support adapters" });
      const data = new predibase.Dataset("data", { source: "s3://bucket/support.jsonl" });
      new predibase.Deployment("llm", { baseModel: MODEL, minReplicas: 0 });
      new predibase.FineTuningJob("job", {
        baseModel: "llama-3-1-8b-instruct",
        dataset: data.name,
        repo: repo.name,
      });
      new predibase.BatchInferenceJob("batch", { baseModel: "llama-3-1-8b-instruct", dataset: data.name });
      new Noop("noop", 0);
    },
    platformEnv(emu),
  );
  try {
    await s.stack.up();
    return dynamicEntries(s.state()).map((res) => ({
      kind:
        res.type === "pulumi-nodejs:dynamic:Resource"
          ? "no-op dynamic resource"
          : res.type.replace("pulumi-nodejs:dynamic/predibase:", ""),
      entryBytes: bytes(res),
      providerBytes: bytes(res.outputs.__provider),
      inputsBytes: bytes(res.inputs),
      outputsBytes: bytes(res.outputs),
    }));
  } finally {
    s.dispose();
    await emu.close();
  }
}

/**
 * Figure 4: one `up` of N deployments that each become ready T after creation (emulator at real
 * time, in this process: the CLI cannot set phase durations; pending T/2, then initializing T/2), against T; next to it, the no-op `up`
 * of N resources (the engine's own cost) measured just before. `parallel: 0` leaves the engine's
 * default.
 */
export async function parallelScale({ ns = [1, 10, 50], readySeconds = 20, parallel = 100 } = {}) {
  const rows = [];
  for (const n of ns) {
    const upOptions = parallel === 0 ? {} : { parallel };
    const floorMs = await timedUp(`floor${n}`, noops(n), {}, upOptions);
    const emu = await startEmulator({
      timeScale: 1,
      durations: { deployment_pending: readySeconds / 2, deployment_initializing: readySeconds / 2 },
    });
    try {
      const ms = await timedUp(`scale${n}`, deployments(n), platformEnv(emu), upOptions);
      rows.push({ n, ms, floorMs, readySeconds, parallel, ratio: ms / (readySeconds * 1000) });
    } finally {
      await emu.close();
    }
  }
  return rows;
}
