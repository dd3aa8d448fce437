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
        triggers: [settings.trigger],
      });
      return { repo: repo.name, dataset: data.name, adapterVersion: job.adapterVersion, status: job.status };
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
    expect(objects(emu, "repos").find((r) => r.name === repo)?.versions).toHaveLength(1);
  });

  it("never re-runs a completed job on the next up", async () => {
    const seq = await lastSeq(emu);
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 4 });
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
    expect(preview.changeSummary.replace).toBe(1);
    const up = await t.stack.up();
    const repo = String(up.outputs.repo?.value);
    expect(up.outputs.adapterVersion?.value).toBe(`${repo}/2`);
    expect(objects(emu, "finetuning_jobs")).toHaveLength(2);
  });

  it("replaces an auto-named repo under a new name, creating the new one before deleting the old", async () => {
    settings.description = "support adapters, take two";
    const before = String((await t.stack.outputs()).repo?.value);
    const up = await t.stack.up();
    const after = String(up.outputs.repo?.value);
    expect(after).not.toBe(before);
    expect(after).toMatch(/^repo-[0-9a-f]{7}$/);
    expect(names(emu, "repos")).toEqual([after]);
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
