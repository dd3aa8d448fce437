// README promises about fine-tuning, through the real engine against the emulator:
// - "Delete cancels a job still running" (the job removed from the program while it trains);
// - "Preview says plainly when a replacement would start a new training run";
// - "preview warns when a replacement would delete trained versions" (AdapterRepo).
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, lastSeq, objects, predibaseStack, writesSince } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";
import { recorder, warnings } from "./events.js";

const settings = { withJob: true, waitForCompletion: false, trigger: "v1", repoName: "promise-repo" };

describe("FineTuningJob and AdapterRepo promises", () => {
  let emu: RunningEmulator;
  let t: TestStack;

  beforeAll(async () => {
    // Manual clock: a job stays queued until a test moves emulated time.
    emu = await emulator({ clock: "manual" });
    t = await predibaseStack("promise-finetuning", emu, async () => {
      const repo = new predibase.AdapterRepo("repo", { name: settings.repoName });
      const data = new predibase.Dataset("data", { name: "promise-data" });
      if (!settings.withJob) return { repo: repo.name };
      const job = new predibase.FineTuningJob("job", {
        baseModel: "llama-3-2-1b-instruct",
        dataset: data.name,
        repo: repo.name,
        triggers: [settings.trigger],
        waitForCompletion: settings.waitForCompletion,
      });
      return { repo: repo.name, jobId: job.id, status: job.status, adapterVersion: job.adapterVersion };
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("cancels a running job when it is removed from the stack", async () => {
    const up = await t.stack.up();
    const jobId = String(up.outputs.jobId?.value);
    expect(up.outputs.status?.value).toBe("queued");
    await emu.control.advance(130); // queued 120 s, then training
    expect(objects(emu, "finetuning_jobs").find((j) => j.id === jobId || j.uuid === jobId)?.status).toBe(
      "training",
    );
    settings.withJob = false;
    const seq = await lastSeq(emu);
    await t.stack.up();
    const writes = (await writesSince(emu, seq)).map((w) => `${w.method} ${w.path}`);
    expect(writes.some((w) => w.includes(jobId) && /cancel/.test(w))).toBe(true);
    const job = objects(emu, "finetuning_jobs").find((j) => j.id === jobId || j.uuid === jobId);
    expect(["canceled", "stopping", "stopped"]).toContain(job?.status);
  });

  it("warns at preview that replacing a completed job starts a new training run", async () => {
    emu.control.setClock({ mode: "scaled", time_scale: 5_000 });
    settings.withJob = true;
    settings.waitForCompletion = true;
    const up = await t.stack.up();
    expect(up.outputs.status?.value).toBe("completed");
    settings.trigger = "v2";
    const run = recorder();
    const preview = await t.stack.preview({ onEvent: run.onEvent });
    expect(preview.changeSummary.replace).toBe(1);
    const onJob = warnings(run.events).filter(
      (w) => w.urn.endsWith("FineTuningJob::job") || w.message.includes(String(up.outputs.jobId?.value)),
    );
    expect(onJob.some((w) => /training run/i.test(w.message))).toBe(true);
    // Nothing trained yet: the preview made no platform write.
    expect(objects(emu, "finetuning_jobs")).toHaveLength(2);
  });

  it("warns at preview that replacing the repo deletes its trained versions, naming them", async () => {
    settings.trigger = "v1";
    const version = String((await t.stack.outputs()).adapterVersion?.value);
    expect(version).toMatch(/^promise-repo\/\d+$/);
    settings.repoName = "promise-repo-2";
    const run = recorder();
    const preview = await t.stack.preview({ onEvent: run.onEvent });
    expect(preview.changeSummary.replace).toBeGreaterThanOrEqual(1);
    const onRepo = warnings(run.events).filter(
      (w) => w.urn.endsWith("AdapterRepo::repo") || w.message.includes("AdapterRepo promise-repo"),
    );
    expect(onRepo.some((w) => w.message.includes(version))).toBe(true);
    expect(objects(emu, "repos").map((r) => r.name)).toEqual(["promise-repo"]);
  });

  it("gives no such warnings when nothing trained would be lost", async () => {
    settings.repoName = "promise-repo";
    const run = recorder();
    const preview = await t.stack.preview({ onEvent: run.onEvent });
    expect(preview.changeSummary.replace).toBeUndefined();
    expect(warnings(run.events).filter((w) => /training run|trained adapter/i.test(w.message))).toEqual([]);
  });
});
