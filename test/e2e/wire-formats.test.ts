// The provider on both wire formats (issue 12, item 3): a Dataset uploaded from a local file on
// the platform format (a new content replaces it), and a small stack on the seed's spec format,
// where there is no update endpoint so a serving setting's change replaces.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, lastSeq, names, objects, predibaseStack, writesSince } from "../support/platform.js";
import { newWorkDir, type TestStack } from "../support/stacks.js";

describe("a Dataset uploaded from a local file (platform format)", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  const dataDir = join(newWorkDir("e2e-upload-data"), "data");
  const file = join(dataDir, "train.jsonl");

  beforeAll(async () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, '{"prompt": "hi", "completion": "hello"}\n');
    emu = await emulator();
    t = await predibaseStack("e2e-upload", emu, async () => {
      const data = new predibase.Dataset("train", { file });
      return { name: data.name, status: data.status };
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("uploads the file and waits until the dataset is connected", async () => {
    expect(emu.wire).toBe("platform");
    const up = await t.stack.up();
    expect(up.outputs.status?.value).toBe("connected");
    expect(names(emu, "datasets")).toEqual([up.outputs.name?.value]);
    const seq = await lastSeq(emu);
    expect((await t.stack.up()).summary.resourceChanges).toEqual({ same: 2 });
    expect(await writesSince(emu, seq)).toEqual([]);
  });

  it("replaces it under a new name when the file's content changes", async () => {
    const before = String((await t.stack.outputs()).name?.value);
    writeFileSync(file, '{"prompt": "hi", "completion": "hello there"}\n');
    expect((await t.stack.preview()).changeSummary.replace).toBe(1);
    const up = await t.stack.up();
    const after = String(up.outputs.name?.value);
    expect(after).not.toBe(before);
    expect(up.outputs.status?.value).toBe("connected");
    // The API cannot delete datasets: the old one is forgotten, not deleted.
    expect(names(emu, "datasets").sort()).toEqual([before, after].sort());
  });
});

describe("a small stack on the spec format", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  const settings = { maxReplicas: 1 };

  beforeAll(async () => {
    emu = await emulator({ wire: "spec" });
    t = await predibaseStack("e2e-spec", emu, async () => {
      const repo = new predibase.AdapterRepo("repo", { name: "spec-repo" });
      const data = new predibase.Dataset("data", { name: "spec-data", source: "s3://bucket/train.jsonl" });
      const job = new predibase.FineTuningJob("job", {
        baseModel: "llama-3-2-1b-instruct",
        dataset: data.name,
        repo: repo.name,
      });
      const d = new predibase.Deployment("llm", {
        name: "spec-llm",
        baseModel: "llama-3-2-1b-instruct",
        maxReplicas: settings.maxReplicas,
      });
      return { adapterVersion: job.adapterVersion, status: d.status, maxReplicas: d.maxReplicas };
    });
    await t.stack.setConfig("predibase:wireFormat", { value: "spec" });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("creates everything and waits, as today", async () => {
    const up = await t.stack.up();
    expect(up.outputs.adapterVersion?.value).toBe("spec-repo/1");
    expect(["ready", "standby"]).toContain(up.outputs.status?.value);
    expect(objects(emu, "deployments").map((d) => d.name)).toEqual(["spec-llm"]);
  });

  it("replaces the deployment for a serving setting (the spec has no update endpoint)", async () => {
    settings.maxReplicas = 2;
    expect((await t.stack.preview()).changeSummary.replace).toBe(1);
    const seq = await lastSeq(emu);
    const up = await t.stack.up();
    expect(up.outputs.maxReplicas?.value).toBe(2);
    expect((await writesSince(emu, seq)).map((w) => w.method)).toEqual(["DELETE", "POST"]);
  });

  it("destroys it", async () => {
    await t.stack.destroy();
    expect(names(emu, "deployments")).toEqual([]);
    expect(names(emu, "repos")).toEqual([]);
  });
});
