// Repos, datasets and fine-tuning jobs through the engine: a job trains into a repo and its
// adapterVersion output resolves; a completed job is never re-run; `triggers` forces a new run;
// destroy cancels nothing that finished and deletes the repo.
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, lastSeq, names, objects, predibaseStack, writesSince } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";

const settings = { trigger: "v1", description: "support adapters" };

describe("AdapterRepo, Dataset and FineTuningJob through the engine", () => {
  let emu: RunningEmulator;
  let t: TestStack;

  beforeAll(async () => {
    emu = await emulator();
    t = await predibaseStack("e2e-finetuning", emu, async () => {
      const repo = new predibase.AdapterRepo("repo", { description: settings.description });
      const data = new predibase.Dataset("data", { source: "s3://bucket/support.jsonl" });
      const job = new predibase.FineTuningJob("job", {
        baseModel: "llama-3-1-8b-instruct",
        dataset: data.name,
        repo: repo.name,
        adapterType: "turbo_lora",
        task: "sft",
        epochs: 2,
        rank: 16,
        learningRate: 0.0002,
        loraAlpha: 32,
        loraDropout: 0.05,
        targetModules: ["q_proj", "v_proj"],
        effectiveBatchSize: 8,
        warmupRatio: 0.03,
        applyChatTemplate: true,
        enableEarlyStopping: false,
        triggers: [settings.trigger],
      });
      // Continued pretraining from the first job's version, not waited for: its adapterVersion is
      // known at create.
      const more = new predibase.FineTuningJob("more", {
        baseModel: "llama-3-1-8b-instruct",
        dataset: data.name,
        repo: repo.name,
        task: "continued_pretraining",
        continueFromVersion: job.adapterVersion.apply((v) => String(v)),
        waitForCompletion: false,
      });
      return {
        repo: repo.name,
        dataset: data.name,
        adapterVersion: job.adapterVersion,
        status: job.status,
        moreVersion: more.adapterVersion,
        moreStatus: more.status,
      };
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("trains an adapter version into an auto-named repo", async () => {
    const up = await t.stack.up();
    const repo = String(up.outputs.repo?.value);
    expect(repo).toMatch(/^repo-[0-9a-f]{7}$/);
    expect(up.outputs.status?.value).toBe("completed");
    expect(up.outputs.adapterVersion?.value).toBe(`${repo}/1`);
    // The platform got the training settings as given (its job view shows them).
    const first = objects(emu, "finetuning_jobs")[0];
    const res = await fetch(`${emu.apiUrl}/finetuning/jobs/${String(first?.uuid ?? first?.id)}`, {
      headers: { authorization: `Bearer ${emu.apiToken}` },
    });
    const body = (await res.json()) as { data?: { params?: unknown }; params?: unknown };
    expect((body.data ?? body).params).toMatchObject({
      epochs: 2,
      rank: 16,
      learning_rate: 0.0002,
      lora_alpha: 32,
      lora_dropout: 0.05,
      target_modules: ["q_proj", "v_proj"],
      effective_batch_size: 8,
      warmup_ratio: 0.03,
      apply_chat_template: true,
      enable_early_stopping: false,
    });
    // Known at create, while the job still trains.
    expect(up.outputs.moreVersion?.value).toBe(`${repo}/2`);
    expect(up.outputs.moreStatus?.value).not.toBe("completed");
  });

  it("never re-runs a completed job on the next up", async () => {
    const seq = await lastSeq(emu);
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 5 });
    expect(await writesSince(emu, seq)).toEqual([]);
  });

  it("keeps the auto-name across previews and updates", async () => {
    const before = (await t.stack.outputs()).repo?.value;
    await t.stack.preview();
    await t.stack.up();
    expect((await t.stack.outputs()).repo?.value).toBe(before);
  });

  it("starts a new training run when triggers change, producing the next version", async () => {
    settings.trigger = "v2";
    const preview = await t.stack.preview();
    // The job, and the one continuing from its version.
    expect(preview.changeSummary.replace).toBe(2);
    const up = await t.stack.up();
    const repo = String(up.outputs.repo?.value);
    expect(up.outputs.adapterVersion?.value).toBe(`${repo}/3`);
    expect(objects(emu, "finetuning_jobs")).toHaveLength(4);
  });

  it("keeps the repo and its trained versions when its description changes (no repo update endpoint)", async () => {
    settings.description = "support adapters, take two";
    const before = String((await t.stack.outputs()).repo?.value);
    const preview = await t.stack.preview();
    expect(preview.changeSummary.replace).toBeUndefined();
    const up = await t.stack.up();
    expect(String(up.outputs.repo?.value)).toBe(before);
    expect(names(emu, "repos")).toEqual([before]);
  });

  it("destroys: the repo is deleted, the dataset and completed jobs are forgotten, not touched", async () => {
    const seq = await lastSeq(emu);
    await t.stack.destroy();
    const writes = await writesSince(emu, seq);
    expect(writes.map((w) => `${w.method} ${w.path.split("/").slice(0, 3).join("/")}`)).toEqual([
      "DELETE /v2/repos",
    ]);
    expect(names(emu, "repos")).toEqual([]);
  });
});
