import { describe, expect, it } from "vitest";
import { call, createJob, platform } from "./helpers.js";

const seedTrained = (e: Awaited<ReturnType<typeof platform>>) =>
  e.control.seed({
    repos: [
      {
        name: "rp",
        versions: [
          { tag: 1, base_model: "qwen3-8b" },
          { tag: 2, base_model: "qwen3-8b" },
        ],
      },
    ],
  });

// docs/platform-wire.md §3 "Adapter repos and versions": one test per row, raw HTTP only.
describe("§3 adapter repos and versions", () => {
  it("repo create: POST /v2/repos {name, description, existsOk} → bare Repo; existsOk makes it idempotent", async () => {
    const e = await platform();
    const res = await call(e, "POST", "/v2/repos", { name: "rp", description: null, existsOk: false });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      uuid: expect.any(String),
      name: "rp",
      description: null,
      versions: [],
      createdAt: expect.any(String),
    });
    const again = await call(e, "POST", "/v2/repos", { name: "rp", description: null, existsOk: true });
    expect([again.status, again.body.uuid]).toEqual([200, res.body.uuid]);
    const taken = await call(e, "POST", "/v2/repos", { name: "rp", description: null, existsOk: false });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({ error: expect.stringContaining("rp") });
  });

  it("repo get: GET /v2/repos/{name} → bare Repo with versions {tag, createdAt, createdBy, baseModel, archived}", async () => {
    const e = await platform();
    seedTrained(e);
    const res = await call(e, "GET", "/v2/repos/rp");
    expect(res.body.name).toBe("rp");
    expect(res.body.versions[0]).toEqual({
      tag: 1,
      createdAt: expect.any(String),
      createdBy: expect.any(String),
      baseModel: "qwen3-8b",
      archived: false,
    });
    expect((await call(e, "GET", "/v2/repos/none")).status).toBe(404);
  });

  it("repo list: GET /v2/repos?limit=<n> → {data:{repos:[Repo…]}}", async () => {
    const e = await platform();
    for (const name of ["a", "b", "c"])
      await call(e, "POST", "/v2/repos", { name, description: null, existsOk: false });
    const res = await call(e, "GET", "/v2/repos?limit=2");
    expect(res.body.data.repos.map((r: { name: string }) => r.name)).toEqual(["a", "b"]);
    expect((await call(e, "GET", "/v2/repos")).body.data.repos).toHaveLength(3);
  });

  it("repo delete: none in the SDK; the seed's DELETE /v2/repos/{name} stays served", async () => {
    const e = await platform();
    await call(e, "POST", "/v2/repos", { name: "rp", description: null, existsOk: false });
    expect((await call(e, "DELETE", "/v2/repos/rp")).body).toEqual({});
    expect((await call(e, "GET", "/v2/repos/rp")).status).toBe(404);
  });

  it("version get: GET /v2/repos/{repo}/version/{tag} (singular) → bare AdapterVersion", async () => {
    const e = await platform();
    seedTrained(e);
    const res = await call(e, "GET", "/v2/repos/rp/version/2");
    expect(res.body).toMatchObject({
      repo: "rp",
      tag: 2,
      archived: false,
      baseModel: "qwen3-8b",
      status: "completed",
      adapterPath: expect.any(String),
    });
    expect(res.body).toHaveProperty("description");
    expect((await call(e, "GET", "/v2/repos/rp/version/9")).status).toBe(404);
    expect((await call(e, "GET", "/v2/repos/rp/versions/1")).status).toBe(404);
    const badTag = await call(e, "GET", "/v2/repos/rp/version/latest");
    expect([badTag.status, badTag.body.error]).toEqual([400, expect.stringMatching(/^tag:/)]);
  });

  it("adapters.get: status not final → watch finetuningJob.uuid; a falsy adapterPath until trained", async () => {
    const e = await platform();
    const job = await createJob(e);
    const v = (await call(e, "GET", `/v2/repos/rp/version/${job.body.targetVersionTag}`)).body;
    expect(v).toMatchObject({
      status: "queued",
      adapterPath: null,
      finetuningJob: { uuid: job.body.uuid, error: null },
    });
    e.control.advance(2000);
    const done = (await call(e, "GET", `/v2/repos/rp/version/${job.body.targetVersionTag}`)).body;
    expect(done.status).toBe("completed");
    expect(done.adapterPath).toBeTruthy();
  });

  it("adapters.create: job create, then version get of {targetRepoName}/{targetVersionTag}", async () => {
    const e = await platform();
    const job = (await createJob(e)).body;
    const res = await call(e, "GET", `/v2/repos/${job.targetRepoName}/version/${job.targetVersionTag}`);
    expect(res.status).toBe(200);
    expect(res.body.finetuningJob.uuid).toBe(job.uuid);
  });

  it("archive / unarchive: PUT /v2/repos/{repo}/version/{tag} {archived}", async () => {
    const e = await platform();
    seedTrained(e);
    expect((await call(e, "PUT", "/v2/repos/rp/version/1", { archived: true })).status).toBe(200);
    expect((await call(e, "GET", "/v2/repos/rp/version/1")).body.archived).toBe(true);
    expect((await call(e, "GET", "/v2/repos/rp")).body.versions[0].archived).toBe(true);
    await call(e, "PUT", "/v2/repos/rp/version/1", { archived: false });
    expect((await call(e, "GET", "/v2/repos/rp/version/1")).body.archived).toBe(false);
    const bad = await call(e, "PUT", "/v2/repos/rp/version/1", { archived: "yes" });
    expect([bad.status, bad.body.error]).toEqual([400, expect.stringMatching(/^archived:/)]);
  });

  it("version delete: DELETE /v2/repos/{repo}/version/{tag}", async () => {
    const e = await platform();
    seedTrained(e);
    expect((await call(e, "DELETE", "/v2/repos/rp/version/1")).status).toBe(200);
    expect((await call(e, "GET", "/v2/repos/rp/version/1")).status).toBe(404);
    expect((await call(e, "GET", "/v2/repos/rp")).body.versions.map((v: { tag: number }) => v.tag)).toEqual([
      2,
    ]);
  });

  it("download: GET /v2/repos/{repo}/version/{tag}/download → zip bytes", async () => {
    const e = await platform();
    seedTrained(e);
    const res = await call(e, "GET", "/v2/repos/rp/version/1/download");
    expect(res.status).toBe(200);
    expect(res.bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  });

  it("adapters.cancel: version get → finetuningJob.uuid → job cancel", async () => {
    const e = await platform();
    const job = (await createJob(e)).body;
    const v = (await call(e, "GET", `/v2/repos/rp/version/${job.targetVersionTag}`)).body;
    expect((await call(e, "POST", `/v2/finetuning/jobs/${v.finetuningJob.uuid}/cancel`)).status).toBe(200);
    expect((await call(e, "GET", `/v2/repos/rp/version/${job.targetVersionTag}`)).body.status).toBe(
      "canceled",
    );
  });

  it("upload begin: POST /v2/adapters/upload {repo} → all three presignedUrls, uploadToken, requiredHeaders", async () => {
    const e = await platform();
    await call(e, "POST", "/v2/repos", { name: "rp", description: null, existsOk: false });
    const res = await call(e, "POST", "/v2/adapters/upload", { repo: "rp" });
    expect(Object.keys(res.body.presignedUrls).sort()).toEqual([
      "adapter_config.json",
      "adapter_model.bin",
      "adapter_model.safetensors",
    ]);
    expect(res.body).toMatchObject({ uploadToken: expect.any(String), requiredHeaders: {} });
    expect((await call(e, "POST", "/v2/adapters/upload", { repo: "none" })).status).toBe(422);
  });

  it("upload files: PUT <presigned url> without auth, Content-Type application/octet-stream", async () => {
    const e = await platform();
    await call(e, "POST", "/v2/repos", { name: "rp", description: null, existsOk: false });
    const begin = (await call(e, "POST", "/v2/adapters/upload", { repo: "rp" })).body;
    const put = await fetch(begin.presignedUrls["adapter_model.safetensors"], {
      method: "PUT",
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.from([1, 2, 3]),
    });
    expect(put.status).toBe(200);
    expect(
      Buffer.from(await (await fetch(begin.presignedUrls["adapter_model.safetensors"])).arrayBuffer()),
    ).toEqual(Buffer.from([1, 2, 3]));
  });

  it("upload complete: PUT /v2/adapters/upload/ (trailing slash) {uploadToken} → bare AdapterVersion", async () => {
    const e = await platform();
    await call(e, "POST", "/v2/repos", { name: "rp", description: null, existsOk: false });
    const begin = (await call(e, "POST", "/v2/adapters/upload", { repo: "rp" })).body;
    const early = await call(e, "PUT", "/v2/adapters/upload/", { uploadToken: begin.uploadToken });
    expect([early.status, early.body.error]).toEqual([422, expect.stringMatching(/^uploadToken:/)]);
    await fetch(begin.presignedUrls["adapter_config.json"], {
      method: "PUT",
      body: JSON.stringify({ base_model_name_or_path: "qwen3-8b" }),
    });
    await fetch(begin.presignedUrls["adapter_model.safetensors"], { method: "PUT", body: "weights" });
    const res = await call(e, "PUT", "/v2/adapters/upload/", { uploadToken: begin.uploadToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      repo: "rp",
      tag: 1,
      archived: false,
      baseModel: "qwen3-8b",
      status: "completed",
    });
  });

  it("LoRAX fetch: version GET with Bearer auth reads status and a non-empty adapterPath once usable", async () => {
    const e = await platform();
    seedTrained(e);
    const res = await call(e, "GET", "/v2/repos/rp/version/1");
    expect(["completed", "errored", "canceled", "stopped", "training"]).toContain(res.body.status);
    expect(res.body.adapterPath).toMatch(/rp\/1$/);
    expect((await call(e, "GET", "/v2/repos/rp/version/1", undefined, { token: null })).status).toBe(401);
  });
});
