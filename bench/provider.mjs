// Figures 1, 4 and 5: provider overhead against no-op dynamic resources, parallel waits of N
// deployments against one, and the size of what each resource stores in state.
import * as pulumi from "@pulumi/pulumi";
import * as predibase from "pulumi-predibase";
import { startEmulator } from "pulumi-predibase/emulator";
import { benchStack, median } from "./stacks.mjs";

const noop = {
  async create(inputs) {
    return { id: `noop-${inputs.i}`, outs: inputs };
  },
};
class Noop extends pulumi.dynamic.Resource {
  constructor(name, i) {
    super(noop, name, { i }, {});
  }
}

const platformEnv = (emu) => ({
  PREDIBASE_API_TOKEN: emu.apiToken,
  PREDIBASE_API_URL: emu.apiUrl,
  PREDIBASE_SERVING_URL: emu.servingUrl,
  PREDIBASE_TENANT_ID: emu.tenantId,
});

async function timedUp(name, program, env, upOptions = {}) {
  const s = await benchStack(name, program, env);
  const started = Date.now();
  await s.stack.up(upOptions);
  const ms = Date.now() - started;
  return { ms, s };
}

/** 50 of ours (deployments on an immediate clock: readiness completes at once) vs 50 no-ops. */
export async function providerOverhead(rounds = 3) {
  const ours = [];
  const floor = [];
  let stateFigures;
  for (let r = 0; r < rounds; r++) {
    const a = await timedUp("noop50", async () => {
      for (let i = 0; i < 50; i++) new Noop(`n${i}`, i);
    });
    floor.push(a.ms);
    await a.s.dispose();
    const emu = await startEmulator({ clock: "immediate" });
    const b = await timedUp(
      "ours50",
      async () => {
        for (let i = 0; i < 50; i++)
          new predibase.Deployment(`d${i}`, { baseModel: "llama-3-2-1b-instruct" });
      },
      platformEnv(emu),
    );
    ours.push(b.ms);
    if (!stateFigures) stateFigures = stateSizes(b.s.state());
    await b.s.dispose();
    await emu.close();
  }
  return {
    ours: median(ours),
    floor: median(floor),
    ratio: median(ours) / median(floor),
    state: stateFigures,
  };
}

function stateSizes(checkpoint) {
  const resources = checkpoint.checkpoint.latest.resources.filter((r) => r.type.includes("predibase:"));
  const provider = Math.max(...resources.map((r) => String(r.outputs.__provider).length));
  const entry = Math.max(...resources.map((r) => JSON.stringify(r).length));
  return { providerBytes: provider, entryBytes: entry };
}

/** N deployments that each take T to become ready, in one up, against T. */
export async function parallelScale(ns = [1, 10, 50], readySeconds = 20) {
  const rows = [];
  for (const n of ns) {
    // 20 real seconds to ready: pending 10 s + initializing 10 s at time scale 1 (durations in emulated s).
    const emu = await startEmulator({
      timeScale: 1,
      durations: { deployment_pending: readySeconds / 2, deployment_initializing: readySeconds / 2 },
    });
    const { ms, s } = await timedUp(
      `scale${n}`,
      async () => {
        for (let i = 0; i < n; i++) new predibase.Deployment(`d${i}`, { baseModel: "llama-3-2-1b-instruct" });
      },
      platformEnv(emu),
      // The engine runs at most 4 × CPUs resource operations at once by default (8 here); the
      // provider itself never serialises waits, so let the engine run them all.
      { parallel: 100 },
    );
    rows.push({ n, ms, ratio: ms / (readySeconds * 1000) });
    await s.dispose();
    await emu.close();
  }
  return rows;
}
