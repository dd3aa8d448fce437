import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  Predibase,
  UnprocessableEntityError,
} from "../../sdk/index.js";
import { calls, startWithClient } from "./helpers/emulator.js";

// Every control-plane operation against the real emulator over HTTP.
let ctx: Awaited<ReturnType<typeof startWithClient>>;
beforeAll(async () => {
  ctx = await startWithClient({ clock: "manual" });
});
afterAll(() => ctx.close());

describe("repos", () => {
  it("creates, gets, lists (wrapped envelope) and deletes", async () => {
    const created = await ctx.client.repos.create({ name: "support-bot", description: "tickets" });
    expect(created).toMatchObject({ name: "support-bot", description: "tickets" });
    expect(typeof created.uuid).toBe("string");
    expect(created.versions).toEqual([]);
    expect((await ctx.client.repos.get("support-bot")).name).toBe("support-bot");
    expect((await ctx.client.repos.list()).map((r) => r.name)).toContain("support-bot");
    await ctx.client.repos.delete("support-bot");
    await expect(ctx.client.repos.get("support-bot")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("rejects a duplicate name with ConflictError, without retrying", async () => {
    await ctx.client.repos.create({ name: "dup-repo" });
    await ctx.emulator.control.clearRequests();
    const err = await ctx.client.repos.create({ name: "dup-repo" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).requestId).toMatch(/^req_/);
    expect(await calls(ctx.emulator)).toEqual(["POST /v2/repos"]);
  });

  it("rejects an invalid name with UnprocessableEntityError naming the field", async () => {
    const err = await ctx.client.repos.create({ name: "Bad_Name" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect((err as UnprocessableEntityError).message).toMatch(/name/);
  });

  it("throws NotFoundError for an unknown repo", async () => {
    await expect(ctx.client.repos.delete("no-such-repo")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("datasets", () => {
  it("creates, gets and lists (bare array)", async () => {
    const ds = await ctx.client.datasets.create({ name: "tickets", source: "s3://bucket/tickets.jsonl" });
    expect(ds).toMatchObject({ name: "tickets", source: "s3://bucket/tickets.jsonl", status: "connected" });
    expect((await ctx.client.datasets.get("tickets")).source).toBe("s3://bucket/tickets.jsonl");
    expect((await ctx.client.datasets.list()).map((d) => d.name)).toContain("tickets");
  });
});

describe("deployments", () => {
  it("creates with defaults, gets, lists ({data:[…]}) and deletes", async () => {
    const dep = await ctx.client.deployments.create({ name: "cp-llm", base_model: "qwen3-8b" });
    expect(dep).toMatchObject({
      name: "cp-llm",
      base_model: "qwen3-8b",
      min_replicas: 0,
      max_replicas: 1,
      status: "pending",
    });
    expect(dep.accelerator).toBeTruthy(); // the model's smallest fitting accelerator
    expect((await ctx.client.deployments.get("cp-llm")).status).toBe("pending");
    expect((await ctx.client.deployments.list()).map((d) => d.name)).toContain("cp-llm");
    await ctx.client.deployments.delete("cp-llm");
    expect((await ctx.client.deployments.get("cp-llm")).status).toBe("deleting");
  });

  it("rejects an accelerator too small for the model (422)", async () => {
    const err = await ctx.client.deployments
      .create({ name: "too-small", base_model: "llama-3-3-70b-instruct", accelerator: "a10_24gb" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect((err as Error).message).toMatch(/too small/);
  });

  it("rejects a field of the wrong type (400)", async () => {
    const bad = { name: "wrong-type", base_model: "qwen3-8b", min_replicas: "two" } as unknown as {
      name: string;
      base_model: string;
    };
    await expect(ctx.client.deployments.create(bad)).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe("fine-tuning jobs", () => {
  it("creates, gets, lists ({data:{jobs}}) and cancels; a second cancel conflicts", async () => {
    await ctx.client.datasets.create({ name: "ft-data" });
    await ctx.client.repos.create({ name: "ft-repo" });
    const job = await ctx.client.finetuning.jobs.create({
      base_model: "qwen3-8b",
      dataset: "ft-data",
      repo: "ft-repo",
      adapter_type: "lora",
      task: "sft",
    });
    expect(job).toMatchObject({
      status: "queued",
      base_model: "qwen3-8b",
      dataset: "ft-data",
      repo: "ft-repo",
      adapter_type: "lora",
      task: "sft",
    });
    expect((await ctx.client.finetuning.jobs.get(job.id)).id).toBe(job.id);
    expect((await ctx.client.finetuning.jobs.list()).map((j) => j.id)).toContain(job.id);
    expect((await ctx.client.finetuning.jobs.cancel(job.id)).status).toBe("canceled");
    await expect(ctx.client.finetuning.jobs.cancel(job.id)).rejects.toBeInstanceOf(ConflictError);
  });

  it("rejects an unknown dataset (422)", async () => {
    await expect(
      ctx.client.finetuning.jobs.create({ base_model: "qwen3-8b", dataset: "nope", repo: "ft-repo" }),
    ).rejects.toBeInstanceOf(UnprocessableEntityError);
  });

  it("throws NotFoundError for an unknown job id", async () => {
    await expect(
      ctx.client.finetuning.jobs.get("00000000-0000-0000-0000-000000000000"),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("models", () => {
  it("lists (bare array) and finds one by name", async () => {
    const models = await ctx.client.models.list();
    expect(models.length).toBeGreaterThan(3);
    const qwen = await ctx.client.models.get("qwen3-8b");
    expect(qwen).toMatchObject({ name: "qwen3-8b", supports_finetuning: true });
    expect(typeof qwen.min_gpu_memory_gb).toBe("number");
  });

  it("throws NotFoundError for a model that is not offered", async () => {
    const err = await ctx.client.models.get("gpt-5").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toMatch(/gpt-5/);
  });
});

describe("batch inference jobs", () => {
  it("creates, gets and lists ({data:{jobs}})", async () => {
    await ctx.client.datasets.create({ name: "batch-data" });
    const job = await ctx.client.batchInference.jobs.create({
      base_model: "qwen3-8b",
      dataset: "batch-data",
    });
    expect(job).toMatchObject({
      status: "queued",
      base_model: "qwen3-8b",
      dataset: "batch-data",
      result_path: null,
    });
    expect((await ctx.client.batchInference.jobs.get(job.id)).id).toBe(job.id);
    expect((await ctx.client.batchInference.jobs.list()).map((j) => j.id)).toContain(job.id);
  });

  it("rejects a model above 16B parameters (422)", async () => {
    await expect(
      ctx.client.batchInference.jobs.create({ base_model: "qwen2-5-32b-instruct", dataset: "batch-data" }),
    ).rejects.toBeInstanceOf(UnprocessableEntityError);
  });
});

describe("authentication", () => {
  it("throws AuthenticationError on a wrong token and never retries it", async () => {
    const wrong = new Predibase({ apiToken: "pb_wrong", apiUrl: ctx.emulator.apiUrl });
    await ctx.emulator.control.clearRequests();
    try {
      const err = await wrong.repos.list().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthenticationError);
      expect((err as AuthenticationError).status).toBe(401);
      expect(await calls(ctx.emulator)).toEqual(["GET /v2/repos"]);
    } finally {
      await wrong.close();
    }
  });
});
