// The remaining pieces through the engine: batch inference jobs, getModels/getModel, adopting an
// object made outside the stack, configuration from the environment, and the size of __provider.
import * as predibase from "pulumi-predibase";
import { Predibase } from "pulumi-predibase/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, lastSeq, names, objects, platformEnv, writesSince } from "../support/platform.js";
import { inlineStack, type TestStack } from "../support/stacks.js";

const settings = { adopt: false, withBatch: true };

describe("batch jobs, functions and adoption, configured from the environment", () => {
  let emu: RunningEmulator;
  let t: TestStack;

  beforeAll(async () => {
    emu = await emulator();
    // Made outside the stack, e.g. in the Predibase console.
    const client = new Predibase({ apiToken: emu.apiToken, apiUrl: emu.apiUrl });
    await client.repos.create({ name: "shared-adapters", description: "made by hand" });
    await client.close();
    // getModels() runs in the program's process, which for an inline program is this one.
    Object.assign(process.env, platformEnv(emu));
    t = await inlineStack(
      "e2e-batch-functions",
      async () => {
        const models = await predibase.getModels();
        const small = await predibase.getModel("llama-3-2-1b-instruct");
        const out: Record<string, unknown> = {
          modelCount: models.length,
          smallAccelerator: small.min_accelerator,
          viaOutput: predibase.getModelOutput("qwen3-8b").apply((m) => m.context_window),
        };
        const data = new predibase.Dataset("requests", { name: "batch-requests" });
        if (settings.withBatch) {
          const job = new predibase.BatchInferenceJob("batch", { baseModel: small.name, dataset: data.name });
          out.batchStatus = job.status;
          out.resultPath = job.resultPath;
        }
        const repo = new predibase.AdapterRepo("shared", {
          name: "shared-adapters",
          description: "made by hand",
          adoptExisting: settings.adopt,
        });
        out.repo = repo.name;
        return out;
      },
      platformEnv(emu),
    );
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("refuses to take over an existing repo without adoptExisting, and says how", async () => {
    await expect(t.stack.up()).rejects.toThrow(
      /AdapterRepo "shared-adapters" already exists on Predibase. To manage it with this stack set `adoptExisting: true`/,
    );
  });

  it("adopts it with adoptExisting, runs the batch job and answers the functions", async () => {
    settings.adopt = true;
    const up = await t.stack.up();
    expect(up.outputs.modelCount?.value).toBe(12);
    expect(up.outputs.smallAccelerator?.value).toBe("a10_24gb");
    expect(up.outputs.viaOutput?.value).toBe(32768);
    expect(up.outputs.batchStatus?.value).toBe("completed");
    expect(String(up.outputs.resultPath?.value)).toMatch(/^s3:\/\//);
    expect(up.outputs.repo?.value).toBe("shared-adapters");
    expect(names(emu, "repos")).toEqual(["shared-adapters"]);
    expect(up.stdout).toMatch(/AdapterRepo "shared-adapters" already exists with matching settings: adopted/);
  });

  it("changes nothing on the next up", async () => {
    const seq = await lastSeq(emu);
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 4 });
    expect(await writesSince(emu, seq)).toEqual([]);
  });

  it("keeps each resource's __provider small", () => {
    for (const r of t.stateResources().filter((x) => x.type.includes("predibase:"))) {
      const provider = String((r.outputs as Record<string, unknown>)?.__provider ?? "");
      expect(provider.length).toBeGreaterThan(100);
      expect(provider.length).toBeLessThan(4096);
      expect(provider).not.toContain(emu.apiToken);
    }
    expect(t.stateText()).not.toContain(emu.apiToken);
  });

  it("forgets a batch job removed from the program, saying it stays on Predibase", async () => {
    settings.withBatch = false;
    const up = await t.stack.up();
    expect(up.summary.resourceChanges?.delete).toBe(1);
    expect(up.stdout).toMatch(
      /BatchInferenceJob .* removed from the stack only: the API has no delete for batch jobs/,
    );
    expect(objects(emu, "batch_jobs")).toHaveLength(1);
  });
});
