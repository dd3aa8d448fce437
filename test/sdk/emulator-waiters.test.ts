import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Deployment, TerminalStateError, WaitTimeoutError } from "../../sdk/index.js";
import { emulatorClock, frozenEmulatorClock, startWithClient } from "./helpers/emulator.js";

// Waiters against the emulator's manual clock: each poll sleep advances emulated time, so
// lifecycles of minutes (deployments) and tens of minutes (training) run in milliseconds.
let ctx: Awaited<ReturnType<typeof startWithClient>>;
beforeAll(async () => {
  ctx = await startWithClient({ clock: "manual" });
  await ctx.client.datasets.create({ name: "wait-data" });
  await ctx.client.repos.create({ name: "wait-repo" });
});
afterAll(() => ctx.close());

describe("deployments.waitUntilReady", () => {
  it("follows pending → initializing → ready and reports progress", async () => {
    await ctx.client.deployments.create({ name: "wait-ok", base_model: "qwen3-8b" });
    const seen = new Set<string>();
    const dep = await ctx.client.deployments.waitUntilReady("wait-ok", {
      clock: emulatorClock(ctx.emulator),
      onProgress: (p) => seen.add(p.last.status),
    });
    expect(dep.status).toBe("ready");
    expect([...seen]).toEqual(["pending", "initializing"]);
  });

  it("stops at once with TerminalStateError when the deployment errors", async () => {
    await ctx.client.deployments.create({ name: "wait-bad", base_model: "qwen3-8b" });
    await ctx.emulator.control.addFailure({
      kind: "deployment",
      target: "wait-bad",
      message: "CUDA error: out of memory",
    });
    const clock = emulatorClock(ctx.emulator);
    const err = await ctx.client.deployments.waitUntilReady("wait-bad", { clock }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TerminalStateError);
    const terminal = err as TerminalStateError<Deployment>;
    expect(terminal.last.status).toBe("errored");
    expect(terminal.reason).toMatch(/errored: CUDA error: out of memory/);
    expect(clock.elapsed()).toBeLessThan(30 * 60_000);
  });

  it("times out with WaitTimeoutError carrying the last state when time stands still", async () => {
    await ctx.client.deployments.create({ name: "wait-slow", base_model: "qwen3-8b" });
    const err = await ctx.client.deployments
      .waitUntilReady("wait-slow", { clock: frozenEmulatorClock(), timeoutMs: 120_000 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    const timeout = err as WaitTimeoutError<Deployment>;
    expect(timeout.last?.status).toBe("pending");
    expect(timeout.elapsedMs).toBe(120_000);
    expect(timeout.message).toMatch(/deployment wait-slow to become ready.*pending/);
  });
});

describe("deployments.waitUntilDeleted", () => {
  it("waits through deleting until the deployment is gone", async () => {
    await ctx.client.deployments.create({ name: "wait-del", base_model: "qwen3-8b" });
    await ctx.client.deployments.delete("wait-del");
    await expect(
      ctx.client.deployments.waitUntilDeleted("wait-del", { clock: emulatorClock(ctx.emulator) }),
    ).resolves.toBeUndefined();
  });
});

describe("finetuning.jobs.waitUntilDone", () => {
  it("completes and adds a version to the repo", async () => {
    const job = await ctx.client.finetuning.jobs.create({
      base_model: "qwen3-8b",
      dataset: "wait-data",
      repo: "wait-repo",
    });
    const done = await ctx.client.finetuning.jobs.waitUntilDone(job.id, {
      clock: emulatorClock(ctx.emulator),
    });
    expect(done.status).toBe("completed");
    expect(done.adapter_version).toMatch(/^wait-repo\/\d+$/);
    const repo = await ctx.client.repos.get("wait-repo");
    expect(repo.versions?.map((v) => v.adapter_id)).toContain(done.adapter_version);
  });

  it("throws TerminalStateError when training fails", async () => {
    const job = await ctx.client.finetuning.jobs.create({
      base_model: "qwen3-8b",
      dataset: "wait-data",
      repo: "wait-repo",
    });
    await ctx.emulator.control.addFailure({
      kind: "finetuning_job",
      target: job.id,
      message: "CUDA out of memory",
    });
    const err = await ctx.client.finetuning.jobs
      .waitUntilDone(job.id, { clock: emulatorClock(ctx.emulator) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TerminalStateError);
    expect((err as TerminalStateError<{ status: string }>).last.status).toBe("errored");
  });

  it("throws TerminalStateError for a canceled job", async () => {
    const job = await ctx.client.finetuning.jobs.create({
      base_model: "qwen3-8b",
      dataset: "wait-data",
      repo: "wait-repo",
    });
    await ctx.client.finetuning.jobs.cancel(job.id);
    await expect(
      ctx.client.finetuning.jobs.waitUntilDone(job.id, { clock: emulatorClock(ctx.emulator) }),
    ).rejects.toThrow(/canceled/);
  });
});

describe("batchInference.jobs.waitUntilDone", () => {
  it("completes with a result path", async () => {
    const job = await ctx.client.batchInference.jobs.create({ base_model: "qwen3-8b", dataset: "wait-data" });
    const done = await ctx.client.batchInference.jobs.waitUntilDone(job.id, {
      clock: emulatorClock(ctx.emulator),
    });
    expect(done.status).toBe("completed");
    expect(done.result_path).toMatch(new RegExp(`${job.id}`));
  });

  it("throws TerminalStateError when the batch fails", async () => {
    const job = await ctx.client.batchInference.jobs.create({ base_model: "qwen3-8b", dataset: "wait-data" });
    await ctx.emulator.control.addFailure({ kind: "batch_job", target: job.id });
    await expect(
      ctx.client.batchInference.jobs.waitUntilDone(job.id, { clock: emulatorClock(ctx.emulator) }),
    ).rejects.toBeInstanceOf(TerminalStateError);
  });
});
