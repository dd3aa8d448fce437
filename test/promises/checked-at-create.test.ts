// README: "Values unknown at preview are checked at create, before anything is created." Through
// the engine: a base model that is only known once another resource exists passes preview, then
// fails the create of the job that uses it, naming the field, with no write for that job.
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, lastSeq, objects, predibaseStack, writesSince } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";

describe("values unknown at preview", () => {
  let emu: RunningEmulator;
  let t: TestStack;

  beforeAll(async () => {
    emu = await emulator({ clock: "immediate" });
    t = await predibaseStack("promise-checked-at-create", emu, async () => {
      const repo = new predibase.AdapterRepo("later", { name: "later-repo" });
      const data = new predibase.Dataset("data", { name: "later-data" });
      // The repo's uuid is unknown until the repo exists: so is this (invalid) model name.
      const baseModel = repo.uuid.apply(() => "gpt-5");
      new predibase.FineTuningJob("later", { baseModel, dataset: data.name, repo: repo.name });
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("pass preview", async () => {
    const preview = await t.stack.preview();
    expect(preview.changeSummary.create).toBe(4); // the stack, the repo, the dataset and the job
  });

  it("are checked at create, naming the field, before the job is created", async () => {
    const seq = await lastSeq(emu);
    const err = await t.stack.up().catch((e: unknown) => e);
    expect(String(err)).toMatch(/FineTuningJob/);
    expect(String(err)).toMatch(/baseModel/);
    expect(String(err)).toMatch(/gpt-5/);
    const writes = await writesSince(emu, seq);
    expect(writes.filter((w) => w.path.includes("/finetuning"))).toEqual([]);
    expect(objects(emu, "finetuning_jobs")).toEqual([]);
    // The resources it depends on were created: the check ran at the job's create, not before.
    expect(objects(emu, "repos").map((r) => r.name)).toEqual(["later-repo"]);
  });
});
