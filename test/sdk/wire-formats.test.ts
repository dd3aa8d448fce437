import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConflictError,
  NotFoundError,
  Predibase,
  TerminalStateError,
  UnsupportedOperationError,
  type WireFormat,
} from "../../sdk/index.js";
import { calls, emulatorClock, startWithClient } from "./helpers/emulator.js";

// The same calls in both wire formats against the real emulator over HTTP: whatever the format,
// methods return the same public objects. Platform-only operations follow.
describe.each<WireFormat>(["platform", "spec"])("%s wire format", (wire) => {
  let ctx: Awaited<ReturnType<typeof startWithClient>>;
  beforeAll(async () => {
    ctx = await startWithClient({ clock: "manual", wire });
  });
  afterAll(() => ctx.close());

  it("says which format it speaks", () => {
    expect(ctx.client.wireFormat).toBe(wire);
  });

  it("repos: create, get, list, delete", async () => {
    const repo = await ctx.client.repos.create({ name: "fmt-repo", description: "d" });
    expect(repo).toMatchObject({ name: "fmt-repo", description: "d", versions: [] });
    expect(typeof repo.uuid).toBe("string");
    expect((await ctx.client.repos.get("fmt-repo")).name).toBe("fmt-repo");
    expect((await ctx.client.repos.list()).map((r) => r.name)).toContain("fmt-repo");
    await ctx.client.repos.delete("fmt-repo");
    await expect(ctx.client.repos.get("fmt-repo")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("datasets: create from a source, get, list", async () => {
    const ds = await ctx.client.datasets.create({ name: "fmt-data", source: "s3://b/fmt.jsonl" });
    expect(ds).toMatchObject({ name: "fmt-data", source: "s3://b/fmt.jsonl", status: "connected" });
    expect(await ctx.client.datasets.get("fmt-data")).toMatchObject({
      name: "fmt-data",
      status: "connected",
    });
    expect((await ctx.client.datasets.list()).map((d) => d.name)).toContain("fmt-data");
  });

  it("deployments: create, get, list, wait until ready, delete", async () => {
    const dep = await ctx.client.deployments.create({
      name: "fmt-llm",
      base_model: "qwen3-8b",
      min_replicas: 1,
      max_replicas: 2,
      description: "both formats",
    });
    expect(dep).toMatchObject({
      name: "fmt-llm",
      base_model: "qwen3-8b",
      min_replicas: 1,
      max_replicas: 2,
      description: "both formats",
      status: "pending",
    });
    expect(dep.accelerator).toBeTruthy();
    expect((await ctx.client.deployments.list()).map((d) => d.name)).toContain("fmt-llm");
    const ready = await ctx.client.deployments.waitUntilReady("fmt-llm", {
      clock: emulatorClock(ctx.emulator),
    });
    expect(ready.status).toBe("ready");
    expect(ready.uuid).toBe(dep.uuid);
    await ctx.client.deployments.delete("fmt-llm");
    await ctx.client.deployments.waitUntilDeleted("fmt-llm", { clock: emulatorClock(ctx.emulator) });
    await expect(ctx.client.deployments.get("fmt-llm")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a taken deployment name is a ConflictError", async () => {
    await ctx.client.deployments.create({ name: "fmt-dup", base_model: "qwen3-8b" });
    await expect(
      ctx.client.deployments.create({ name: "fmt-dup", base_model: "qwen3-8b" }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("fine-tuning jobs: create, get, list, cancel", async () => {
    await ctx.client.datasets.create({ name: "fmt-ft-data" });
    await ctx.client.repos.create({ name: "fmt-ft-repo" });
    const job = await ctx.client.finetuning.jobs.create({
      base_model: "qwen3-8b",
      dataset: "fmt-ft-data",
      repo: "fmt-ft-repo",
    });
    expect(job).toMatchObject({
      status: "queued",
      base_model: "qwen3-8b",
      dataset: "fmt-ft-data",
      repo: "fmt-ft-repo",
    });
    expect((await ctx.client.finetuning.jobs.get(job.id)).id).toBe(job.id);
    expect((await ctx.client.finetuning.jobs.list()).map((j) => j.id)).toContain(job.id);
    expect((await ctx.client.finetuning.jobs.cancel(job.id)).status).toBe("canceled");
  });

  it("batch inference jobs: create, get, list", async () => {
    await ctx.client.datasets.create({ name: "fmt-batch-data" });
    const job = await ctx.client.batchInference.jobs.create({
      base_model: "qwen3-8b",
      dataset: "fmt-batch-data",
    });
    expect(job).toMatchObject({ status: "queued", base_model: "qwen3-8b", dataset: "fmt-batch-data" });
    expect((await ctx.client.batchInference.jobs.get(job.id)).id).toBe(job.id);
    expect((await ctx.client.batchInference.jobs.list()).map((j) => j.id)).toContain(job.id);
  });

  it("models: list and find one", async () => {
    const qwen = await ctx.client.models.get("qwen3-8b");
    expect(qwen).toMatchObject({ name: "qwen3-8b", supports_finetuning: true });
    expect(typeof qwen.min_gpu_memory_gb).toBe("number");
  });

  it("users.current names the tenant; a client without tenantId discovers it once", async () => {
    expect((await ctx.client.users.current()).tenant.short_code).toBe(ctx.emulator.tenantId);
    const bare = new Predibase({
      apiToken: ctx.emulator.apiToken,
      apiUrl: ctx.emulator.apiUrl,
      servingUrl: ctx.emulator.servingUrl,
      wireFormat: wire,
      tenantId: undefined,
    });
    try {
      await ctx.emulator.control.clearRequests();
      expect(await bare.resolveTenantId()).toBe(ctx.emulator.tenantId);
      expect(await bare.resolveTenantId()).toBe(ctx.emulator.tenantId);
      expect(await calls(ctx.emulator)).toEqual(["GET /v1/users/current"]);
      expect(bare.deployment("x").baseUrl).toContain(`/${ctx.emulator.tenantId}/deployments/v2/llms/x`);
    } finally {
      await bare.close();
    }
  });
});

describe("platform-only operations against the emulator", () => {
  let ctx: Awaited<ReturnType<typeof startWithClient>>;
  beforeAll(async () => {
    ctx = await startWithClient({ clock: "manual" });
    await ctx.client.datasets.create({ name: "po-data" });
    await ctx.client.repos.create({ name: "po-repo" });
  });
  afterAll(() => ctx.close());

  it("updates a deployment in place: updating, then ready, same uuid", async () => {
    const created = await ctx.client.deployments.create({ name: "po-llm", base_model: "qwen3-8b" });
    await ctx.client.deployments.waitUntilReady("po-llm", { clock: emulatorClock(ctx.emulator) });
    await ctx.emulator.control.clearRequests();
    const updated = await ctx.client.deployments.update("po-llm", {
      min_replicas: 1,
      max_replicas: 2,
      cooldown_time: 600,
      prefix_caching: true,
      description: "scaled",
    });
    expect(await calls(ctx.emulator)).toEqual(["PUT /v2/deployments/po-llm", "GET /v2/deployments/po-llm"]);
    expect(updated).toMatchObject({
      status: "updating",
      min_replicas: 1,
      max_replicas: 2,
      cooldown_time: 600,
      prefix_caching: true,
      description: "scaled",
      uuid: created.uuid,
    });
    const seen: string[] = [];
    const ready = await ctx.client.deployments.waitUntilReady("po-llm", {
      clock: emulatorClock(ctx.emulator),
      onProgress: (p) => seen.push(p.last.status),
    });
    expect(ready.status).toBe("ready");
    expect(seen).toContain("updating");
  });

  it("reserves the adapter version at create; gets, archives and unarchives it; reads the timeline", async () => {
    const job = await ctx.client.finetuning.jobs.create({
      base_model: "qwen3-8b",
      dataset: "po-data",
      repo: "po-repo",
      epochs: 1,
      rank: 8,
    });
    expect(job.target_version_tag).toBe(1);
    expect(job.adapter_version).toBe("po-repo/1");
    const version = await ctx.client.repos.versions.get("po-repo", 1);
    expect(version).toMatchObject({ repo: "po-repo", tag: 1, adapter_id: "po-repo/1", archived: false });
    expect(version.finetuning_job_id).toBe(job.id);
    expect((await ctx.client.repos.versions.archive("po-repo", 1)).archived).toBe(true);
    expect((await ctx.client.repos.versions.unarchive("po-repo", 1)).archived).toBe(false);
    const timeline = await ctx.client.finetuning.jobs.timeline(job.id);
    expect(typeof timeline.queued?.started_at).toBe("string");
    await expect(ctx.client.repos.versions.get("po-repo", 99)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("cancels a batch job with a GET and reads a finished job's results link", async () => {
    const doomed = await ctx.client.batchInference.jobs.create({
      base_model: "qwen3-8b",
      dataset: "po-data",
    });
    await ctx.emulator.control.clearRequests();
    expect((await ctx.client.batchInference.jobs.cancel(doomed.id)).status).toMatch(/^cancel+ed$/);
    expect((await calls(ctx.emulator))[0]).toBe(`GET /v2/batch-inference/${doomed.id}/cancel`);
    const err = await ctx.client.batchInference.jobs
      .waitUntilDone(doomed.id, { clock: emulatorClock(ctx.emulator) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TerminalStateError);

    const job = await ctx.client.batchInference.jobs.create({ base_model: "qwen3-8b", dataset: "po-data" });
    await ctx.client.batchInference.jobs.waitUntilDone(job.id, { clock: emulatorClock(ctx.emulator) });
    const { url } = await ctx.client.batchInference.jobs.results(job.id);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  it("uploads a local file as a dataset and gets it by name", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pb-upload-"));
    try {
      const file = join(dir, "tickets.jsonl");
      await writeFile(file, '{"prompt":"hi","completion":"hello"}\n');
      const ds = await ctx.client.datasets.upload(
        { name: "po-upload", file },
        { clock: emulatorClock(ctx.emulator) },
      );
      expect(ds).toMatchObject({ name: "po-upload", status: "connected", connection_name: "file_uploads" });
      expect(await ctx.client.datasets.get("po-upload")).toMatchObject({ name: "po-upload", uuid: ds.uuid });

      const empty = join(dir, "empty.csv");
      await writeFile(empty, "");
      const err = await ctx.client.datasets
        .upload({ name: "po-empty", file: empty }, { clock: emulatorClock(ctx.emulator) })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TerminalStateError);
      expect((err as Error).message).toMatch(/empty/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("the spec format refuses platform-only calls without sending anything", async () => {
    const spec = await startWithClient({ clock: "manual", wire: "spec" });
    try {
      await spec.emulator.control.clearRequests();
      const attempts: Promise<unknown>[] = [
        spec.client.deployments.update("x", { min_replicas: 1 }),
        spec.client.repos.versions.get("r", 1),
        spec.client.finetuning.jobs.timeline("j"),
        spec.client.batchInference.jobs.cancel("b"),
        spec.client.batchInference.jobs.results("b"),
      ];
      for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(UnsupportedOperationError);
      expect(await calls(spec.emulator)).toEqual([]);
    } finally {
      await spec.close();
    }
  });
});
