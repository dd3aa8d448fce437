// Figures 1, 4 and 5, through the real engine: `pulumi up` of our resources against no-op dynamic
// resources, N deployments waiting in parallel against one wait, and what each resource stores in
// state.
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import * as predibase from "pulumi-predibase";
import { startEmulator } from "pulumi-predibase/emulator";
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
const noops = (n) => async () => {
  for (let i = 0; i < n; i++) new Noop(`n${i}`, i);
};
const deployments = (n) => async () => {
  for (let i = 0; i < n; i++) new predibase.Deployment(`d${i}`, { baseModel: MODEL });
};

// What-if for figure 1 (not the shipped code): every Deployment built with one shared provider
// object per kind, so @pulumi/pulumi's per-object cache serializes `__provider` once instead of once
// per resource. The stored `__provider` text is the same byte for byte. Swapped in only while the
// program runs, in this process.
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

/** One `up` of our resources on a fresh emulator whose readiness completes at once. */
async function oursUp(name, program, inspect) {
  const emu = await startEmulator({ clock: "immediate" });
  try {
    return await timedUp(name, program, platformEnv(emu), {}, inspect);
  } finally {
    await emu.close();
  }
}

const bytes = (value) => Buffer.byteLength(typeof value === "string" ? value : JSON.stringify(value));

/**
 * Figure 1: 50 Deployments (readiness at once) against 50 no-ops, alternating A B C / C B A per
 * round so drift on the shared machine hits each alike; each round gives its own ratio.
 */
export async function providerOverhead({ rounds = 7, n = 50 } = {}) {
  // Warm-up (not measured): disk caches, the engine, the language host, the provider host.
  await timedUp("warm-noop", noops(5));
  await oursUp("warm-ours", deployments(5));
  const runs = {
    floor: { program: noops(n), ours: false, ms: [] },
    ours: { program: deployments(n), ours: true, ms: [] },
    shared: { program: deploymentsSharedProvider(n), ours: true, ms: [] },
  };
  const state = {};
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ["floor", "ours", "shared"] : ["shared", "ours", "floor"];
    for (const key of order) {
      const run = runs[key];
      const inspect = (s) => {
        if (r === 0) state[key] = { text: s.stateText(), resources: s.state().checkpoint.latest.resources };
      };
      const ms = run.ours
        ? await oursUp(`${key}${n}`, run.program, inspect)
        : await timedUp(`${key}${n}`, run.program, {}, {}, inspect);
      run.ms.push(ms);
    }
  }
  const ratios = (key) => runs[key].ms.map((ms, i) => ms / runs.floor.ms[i]);
  const entries = (key) => state[key].resources.filter((res) => res.type.startsWith("pulumi-nodejs:dynamic"));
  const ours = entries("ours");
  return {
    n,
    rounds,
    floorMs: median(runs.floor.ms),
    oursMs: median(runs.ours.ms),
    sharedMs: median(runs.shared.ms),
    ratios: ratios("ours"),
    sharedRatios: ratios("shared"),
    state: {
      providerBytes: Math.max(...ours.map((res) => bytes(res.outputs.__provider))),
      entryBytes: Math.max(...ours.map((res) => bytes(res))),
      noopEntryBytes: Math.max(...entries("floor").map((res) => bytes(res))),
      noopProviderBytes: Math.max(...entries("floor").map((res) => bytes(res.outputs.__provider))),
      checkpointBytes: Buffer.byteLength(state.ours.text),
      noopCheckpointBytes: Buffer.byteLength(state.floor.text),
    },
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
    return s
      .state()
      .checkpoint.latest.resources.filter((res) => res.type.startsWith("pulumi-nodejs:dynamic"))
      .map((res) => ({
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
 * time: pending T/2, then initializing T/2), against T; next to it, the no-op `up` of N resources
 * (the engine's own cost) measured just before. `parallel: 0` leaves the engine's default.
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
