// Statuses as the platform has them (issue 13, item 4), and what the state holds: a stopped
// deployment is the user's choice, not a failure; `deleted` is terminal; batch `cancelled` and
// `stopped` are terminal; deleting a job that is `stopping` succeeds; outputs hold only documented
// fields; and a resource's state stays small.
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, lastSeq, names, objects, predibaseStack, writesSince } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";

const stateOf = (t: TestStack, kind: string) => t.stateResources().find((r) => r.type.endsWith(`:${kind}`));

const DEPLOYMENT_OUTPUTS = [
  "name",
  "uuid",
  "baseModel",
  "accelerator",
  "quantization",
  "minReplicas",
  "maxReplicas",
  "currentReplicas",
  "status",
  "description",
  "error",
  "createdAt",
  "updatedAt",
  "openaiBaseUrl",
  "generateUrl",
  "cooldownTime",
  "maxTotalTokens",
  "scaleUpRequestThreshold",
  "preloadedAdapters",
  "prefixCaching",
  "requestLoggingEnabled",
  "customArgs",
  "usesGuaranteedCapacity",
  "maxInputLength",
  // Provider-only inputs, kept so that diff and delete see them.
  "waitForReady",
  "deleteOnFailure",
  "adoptExisting",
  "timeouts",
  "autoNameSeed",
  "autoNamed",
  "__provider",
];

describe("deployment statuses and state", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  beforeAll(async () => {
    emu = await emulator();
    t = await predibaseStack("e2e-statuses", emu, async () => {
      const d = new predibase.Deployment("llm", {
        name: "status-llm",
        baseModel: "llama-3-2-1b-instruct",
        description: "statuses",
      });
      return { status: d.status };
    });
    await t.stack.up();
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("stores at most 3 KB per resource, with __provider short", () => {
    const resource = stateOf(t, "Deployment") as Record<string, unknown>;
    const size = JSON.stringify(resource).length;
    console.log(`state of one Deployment: ${size} bytes`);
    expect(size).toBeLessThanOrEqual(3 * 1024);
    const provider = String((resource.inputs as Record<string, unknown>).__provider);
    expect(provider.length).toBeLessThan(500);
    expect(provider).toContain('dispatch(1,"Deployment"');
  });

  it("outputs only documented fields, never a field the platform echoes", async () => {
    emu.control.patchObject("deployments", "status-llm", {
      hf_token: "hf_ECHOED_SECRET",
      internal_notes: "x",
    });
    await t.stack.refresh();
    const outputs = stateOf(t, "Deployment")?.outputs ?? {};
    for (const key of Object.keys(outputs)) expect(DEPLOYMENT_OUTPUTS).toContain(key);
    expect(t.stateText()).not.toContain("hf_ECHOED_SECRET");
  });

  it("shows a deployment stopped in the console on refresh, and up leaves it alone", async () => {
    emu.control.patchObject("deployments", "status-llm", { status: "stopped" });
    await t.stack.refresh();
    expect(stateOf(t, "Deployment")?.outputs?.status).toBe("stopped");
    const preview = await t.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });
    const seq = await lastSeq(emu);
    await t.stack.up();
    expect(await writesSince(emu, seq)).toEqual([]);
  });

  it("replaces a deployment the platform says is deleted", async () => {
    emu.control.patchObject("deployments", "status-llm", { status: "deleted" });
    await t.stack.refresh();
    expect((await t.stack.preview()).changeSummary.replace).toBe(1);
    const up = await t.stack.up();
    expect(["ready", "standby"]).toContain(up.outputs.status?.value);
    expect(names(emu, "deployments")).toEqual(["status-llm"]);
    await t.stack.destroy();
  });
});

describe("job statuses", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  const settings = { batchStatus: "cancelled", withBatch: true };
  beforeAll(async () => {
    emu = await emulator({ clock: "manual" });
    t = await predibaseStack("e2e-job-statuses", emu, async () => {
      const repo = new predibase.AdapterRepo("repo", { name: "stopping-repo" });
      const data = new predibase.Dataset("data", { name: "status-data" });
      const job = new predibase.FineTuningJob("job", {
        baseModel: "llama-3-2-1b-instruct",
        dataset: data.name,
        repo: repo.name,
        waitForCompletion: false,
      });
      if (settings.withBatch) {
        new predibase.BatchInferenceJob("batch", {
          baseModel: "llama-3-2-1b-instruct",
          dataset: data.name,
          triggers: [settings.batchStatus],
          timeouts: { create: "30s" },
        });
      }
      return { jobStatus: job.status };
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  for (const status of ["cancelled", "stopped"]) {
    it(`ends the wait for a batch job at once when it is ${status}, and keeps it in state`, async () => {
      settings.batchStatus = status;
      const before = objects(emu, "batch_jobs").length;
      const up = t.stack.up();
      await waitFor(() => objects(emu, "batch_jobs").length === before + 1);
      const job = objects(emu, "batch_jobs").at(-1);
      emu.control.patchObject("batch_jobs", String(job?.id), { status });
      const started = Date.now();
      await expect(up).rejects.toThrow(new RegExp(`is ${status}[\\s\\S]*starts a new job`));
      // Not the 30 s timeout: the status is terminal.
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(stateOf(t, "BatchInferenceJob")?.outputs?.status).toBe(status);
    });
  }

  it("destroys a fine-tuning job that is stopping without trying to cancel it", async () => {
    settings.withBatch = false;
    await t.stack.up();
    const id = String(stateOf(t, "FineTuningJob")?.id);
    emu.control.patchObject("finetuning_jobs", id, { status: "stopping" });
    const seq = await lastSeq(emu);
    const destroy = await t.stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    const writes = await writesSince(emu, seq);
    expect(writes.filter((w) => w.path.includes("/cancel"))).toEqual([]);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}
