// Waiting that does not end well: a timeout leaves the resource in state and the next up resumes
// without creating again; a terminal failure fails the update with the platform's reason, keeps
// the resource, and the next up replaces it; deleteOnFailure removes it at once.
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, names, predibaseStack } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";

const posts = async (emu: RunningEmulator, path: string) =>
  (await emu.control.requests()).filter(
    (r: { method: string; path: string }) => r.method === "POST" && r.path === path,
  );

describe("a deployment that is slower than its timeout", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  beforeAll(async () => {
    emu = await emulator({ clock: "manual" });
    t = await predibaseStack("e2e-timeout", emu, async () => {
      const d = new predibase.Deployment("slow", {
        name: "slow-llm",
        baseModel: "llama-3-2-1b-instruct",
        timeouts: { create: "3s" },
      });
      return { status: d.status };
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("fails the up with what it waited for, and keeps the deployment in state", async () => {
    const error = await t.stack.up().then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.message).toMatch(/slow-llm did not finish to become ready within 3s/);
    expect(error?.message).toMatch(/run `pulumi up` again to keep waiting/);
    // Progress lines while it waited: resource, status and elapsed time.
    expect(error?.message).toMatch(
      /Deployment slow-llm: deployment slow-llm is pending \(0\/1 replicas\) \(\d+s elapsed\)/,
    );
    const state = t.stateResources().find((r) => r.type.endsWith(":Deployment"));
    expect(state?.id).toBe("slow-llm");
    expect(["pending", "initializing"]).toContain(state?.outputs?.status);
  });

  it("resumes waiting on the next up instead of creating a second deployment", async () => {
    await emu.control.advance(3_600);
    const up = await t.stack.up();
    expect(["ready", "standby"]).toContain(up.outputs.status?.value);
    expect(await posts(emu, "/v2/deployments")).toHaveLength(1);
    // Deleting takes emulated time too: let the clock run again for destroy.
    emu.control.setClock({ mode: "scaled", time_scale: 5_000 });
    await t.stack.destroy();
  });
});

describe("a deployment that fails to start", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  const settings = { deleteOnFailure: false };
  beforeAll(async () => {
    emu = await emulator();
    t = await predibaseStack("e2e-failure", emu, async () => {
      const d = new predibase.Deployment("broken", {
        name: "broken-llm",
        baseModel: "llama-3-2-1b-instruct",
        deleteOnFailure: settings.deleteOnFailure,
      });
      return { status: d.status };
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("fails the up with the platform's reason and keeps it in state", async () => {
    await emu.control.addFailure({ kind: "deployment", target: "broken-llm", message: "CUDA out of memory" });
    await expect(t.stack.up()).rejects.toThrow(/CUDA out of memory/);
    const state = t.stateResources().find((r) => r.type.endsWith(":Deployment"));
    expect(state?.outputs?.status).toBe("errored");
  });

  it("replaces the failed deployment on the next up", async () => {
    await emu.control.clearFailures();
    const preview = await t.stack.preview();
    expect(preview.changeSummary.replace).toBe(1);
    const up = await t.stack.up();
    expect(["ready", "standby"]).toContain(up.outputs.status?.value);
    expect(names(emu, "deployments")).toEqual(["broken-llm"]);
    await t.stack.destroy();
  });

  it("with deleteOnFailure, deletes it at once so no GPU is left billing", async () => {
    settings.deleteOnFailure = true;
    await emu.control.addFailure({ kind: "deployment", target: "broken-llm", message: "no capacity" });
    await expect(t.stack.up()).rejects.toThrow(/no capacity[\s\S]*deleteOnFailure/);
    expect(names(emu, "deployments")).toEqual([]);
    expect(t.stateResources().some((r) => r.type.endsWith(":Deployment"))).toBe(false);
  });
});

describe("a fine-tuning job that errors", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  beforeAll(async () => {
    emu = await emulator();
    t = await predibaseStack("e2e-job-failure", emu, async () => {
      const repo = new predibase.AdapterRepo("repo", { name: "failing-repo" });
      const data = new predibase.Dataset("data", { name: "failing-data" });
      const job = new predibase.FineTuningJob("job", {
        baseModel: "llama-3-2-1b-instruct",
        dataset: data.name,
        repo: repo.name,
      });
      return { status: job.status, adapterVersion: job.adapterVersion };
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("fails with the reason, keeps the job, and the next up trains a new one", async () => {
    await emu.control.addFailure({
      kind: "finetuning_job",
      target: "*",
      message: "dataset has no train split",
    });
    await expect(t.stack.up()).rejects.toThrow(/dataset has no train split/);
    await emu.control.clearFailures();
    const up = await t.stack.up();
    // The platform reserves a version tag when a job starts: the failed job had failing-repo/1.
    expect(up.outputs.adapterVersion?.value).toBe("failing-repo/2");
    expect(await posts(emu, "/v2/finetuning/jobs")).toHaveLength(2);
    await t.stack.destroy();
  });
});
