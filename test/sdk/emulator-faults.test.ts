import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  APIConnectionTimeoutError,
  APIUserAbortError,
  InternalServerError,
  Predibase,
} from "../../sdk/index.js";
import { calls, startWithClient } from "./helpers/emulator.js";

// Retries, timeouts, aborts and create idempotency under the emulator's injected faults.
let ctx: Awaited<ReturnType<typeof startWithClient>>;
beforeAll(async () => {
  ctx = await startWithClient({ clock: "manual" });
  await ctx.client.datasets.create({ name: "fault-data" });
  // The platform requires a target repo for every fine-tuning job.
  await ctx.client.repos.create({ name: "fault-repo" });
});
afterAll(() => ctx.close());
beforeEach(async () => {
  await ctx.emulator.control.clearFaults();
  await ctx.emulator.control.clearRequests();
});

describe("retries", () => {
  it("retries a 429 after its Retry-After delay (2 calls in the request log)", async () => {
    await ctx.emulator.control.addFaults([
      { method: "GET", path: "^/deployments$", kind: "status", status: 429, retry_after: 1, count: 1 },
    ]);
    const started = Date.now();
    const deployments = await ctx.client.deployments.list();
    const elapsed = Date.now() - started;
    expect(deployments).toBeInstanceOf(Array);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(await calls(ctx.emulator)).toEqual(["GET /v2/deployments", "GET /v2/deployments"]);
    expect(ctx.lines.some((l) => /retrying GET \/v2\/deployments in 1000 ms/.test(l))).toBe(true);
  });

  it("retries 5xx twice by default, then throws InternalServerError", async () => {
    await ctx.emulator.control.addFaults([
      { method: "GET", path: "^/repos$", kind: "status", status: 500, retry_after: 0 },
    ]);
    await expect(ctx.client.repos.list()).rejects.toBeInstanceOf(InternalServerError);
    expect(await calls(ctx.emulator)).toHaveLength(3);
  });

  it("never retries a 401", async () => {
    const wrong = new Predibase({ apiToken: "pb_nope", apiUrl: ctx.emulator.apiUrl });
    try {
      await expect(wrong.models.list()).rejects.toMatchObject({ status: 401 });
      expect(await calls(ctx.emulator)).toHaveLength(1);
    } finally {
      await wrong.close();
    }
  });

  it("times out a slow call and retries it", async () => {
    await ctx.emulator.control.addFaults([
      { method: "GET", path: "^/datasets$", kind: "delay", delay_ms: 600, count: 1 },
    ]);
    await expect(ctx.client.datasets.list({ timeout: 200 })).resolves.toBeInstanceOf(Array);
    await ctx.emulator.control.addFaults([
      { method: "GET", path: "^/datasets$", kind: "delay", delay_ms: 600 },
    ]);
    await expect(ctx.client.datasets.list({ timeout: 200, maxRetries: 0 })).rejects.toBeInstanceOf(
      APIConnectionTimeoutError,
    );
  });

  it("aborts a call on the caller's signal", async () => {
    await ctx.emulator.control.addFaults([
      { method: "GET", path: "^/deployments$", kind: "delay", delay_ms: 2000 },
    ]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(ctx.client.deployments.list({ signal: controller.signal })).rejects.toBeInstanceOf(
      APIUserAbortError,
    );
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("retries a data-plane 503 and then streams", async () => {
    await ctx.client.deployments.create({ name: "fault-llm", base_model: "qwen3-8b" });
    await ctx.emulator.control.advance(3600);
    await ctx.emulator.control.addFaults([
      {
        method: "POST",
        path: "generate_stream$",
        plane: "data",
        kind: "status",
        status: 503,
        retry_after: 0,
        count: 1,
      },
    ]);
    const events = [];
    for await (const ev of await ctx.client
      .deployment("fault-llm")
      .generateStream({ inputs: "hi", parameters: { max_new_tokens: 3 } })) {
      events.push(ev);
    }
    expect(events).toHaveLength(3);
  });
});

describe("create idempotency under a reset after the server acted", () => {
  it("creates exactly one deployment", async () => {
    await ctx.emulator.control.addFaults([
      { method: "POST", path: "^/deployments$", kind: "reset", after: true, count: 1 },
    ]);
    const dep = await ctx.client.deployments.create({
      name: "idem-llm",
      base_model: "qwen3-8b",
      accelerator: "a10_24gb_100",
    });
    expect(dep).toMatchObject({ name: "idem-llm", accelerator: "a10_24gb_100" });
    const all = (await ctx.client.deployments.list()).filter((d) => d.name === "idem-llm");
    expect(all).toHaveLength(1);
    const deploymentCalls = (await calls(ctx.emulator)).filter((c) => c.includes("/deployments"));
    expect(deploymentCalls).toEqual([
      "POST /v2/deployments",
      "POST /v2/deployments",
      "GET /v2/deployments/idem-llm",
      "GET /v2/deployments",
    ]);
  });

  it("creates exactly one repo and one dataset", async () => {
    await ctx.emulator.control.addFaults([
      { method: "POST", path: "^/repos$", kind: "reset", after: true, count: 1 },
      { method: "POST", path: "^/datasets$", kind: "reset", after: true, count: 1 },
    ]);
    await ctx.client.repos.create({ name: "idem-repo" });
    await ctx.client.datasets.create({ name: "idem-data" });
    expect((await ctx.client.repos.list()).filter((r) => r.name === "idem-repo")).toHaveLength(1);
    expect((await ctx.client.datasets.list()).filter((d) => d.name === "idem-data")).toHaveLength(1);
  });

  it("creates exactly one fine-tuning job", async () => {
    const before = (await ctx.client.finetuning.jobs.list()).length;
    await ctx.emulator.control.addFaults([
      { method: "POST", path: "^/finetuning/jobs$", kind: "reset", after: true, count: 1 },
    ]);
    const job = await ctx.client.finetuning.jobs.create({
      base_model: "qwen3-8b",
      dataset: "fault-data",
      repo: "fault-repo",
      description: "idem",
    });
    const jobs = await ctx.client.finetuning.jobs.list();
    expect(jobs).toHaveLength(before + 1);
    expect(jobs.map((j) => j.id)).toContain(job.id);
    expect(ctx.lines.some((l) => l.includes(`adopting job ${job.id}`))).toBe(true);
  });

  it("creates exactly one batch inference job", async () => {
    const before = (await ctx.client.batchInference.jobs.list()).length;
    await ctx.emulator.control.addFaults([
      { method: "POST", path: "^/batch-inference(/jobs)?$", kind: "reset", after: true, count: 1 },
    ]);
    const job = await ctx.client.batchInference.jobs.create({
      base_model: "qwen3-8b",
      dataset: "fault-data",
    });
    const jobs = await ctx.client.batchInference.jobs.list();
    expect(jobs).toHaveLength(before + 1);
    expect(jobs.map((j) => j.id)).toContain(job.id);
  });

  it("returns what a lost last attempt created, even with no retry left", async () => {
    await ctx.emulator.control.addFaults([
      { method: "POST", path: "^/deployments$", kind: "reset", after: true, count: 1 },
      { method: "POST", path: "^/finetuning/jobs$", kind: "reset", after: true, count: 1 },
    ]);
    const dep = await ctx.client.deployments.create(
      { name: "last-try", base_model: "qwen3-8b" },
      { maxRetries: 0 },
    );
    expect(dep.name).toBe("last-try");
    const before = (await ctx.client.finetuning.jobs.list()).length;
    const job = await ctx.client.finetuning.jobs.create(
      { base_model: "qwen3-8b", dataset: "fault-data", repo: "fault-repo", description: "last-try" },
      { maxRetries: 0 },
    );
    const jobs = await ctx.client.finetuning.jobs.list();
    expect(jobs).toHaveLength(before + 1);
    expect(jobs.map((j) => j.id)).toContain(job.id);
    const posts = (await calls(ctx.emulator)).filter((c) => c.startsWith("POST"));
    expect(posts).toEqual(["POST /v2/deployments", "POST /v2/finetuning/jobs"]);
  });

  it("creates a second job when the first attempt was refused with 429 (nothing created)", async () => {
    const before = (await ctx.client.finetuning.jobs.list()).length;
    await ctx.emulator.control.addFaults([
      { method: "POST", path: "^/finetuning/jobs$", kind: "status", status: 429, retry_after: 0, count: 1 },
    ]);
    await ctx.client.finetuning.jobs.create({
      base_model: "qwen3-8b",
      dataset: "fault-data",
      repo: "fault-repo",
      description: "after-429",
    });
    expect(await ctx.client.finetuning.jobs.list()).toHaveLength(before + 1);
  });
});
