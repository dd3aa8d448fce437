import { describe, expect, it } from "vitest";
import { call, createJob, platform, uploadDataset, websocket } from "./helpers.js";

const TERMINAL = ["completed", "canceled", "errored", "stopped", "stopping"];

// docs/platform-wire.md §4 "Fine-tuning jobs": one test per row, raw HTTP only.
describe("§4 fine-tuning jobs", () => {
  it("create: POST /v2/finetuning/jobs {params (snake_case), dataset, continueFromVersion, repo, description} → bare job", async () => {
    const e = await platform();
    const res = await createJob(e, "rp", "ds", {
      epochs: 2,
      rank: 8,
      learning_rate: 0.0001,
      target_modules: ["q_proj"],
      apply_chat_template: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      uuid: expect.any(String),
      baseModel: "qwen3-8b",
      datasetName: "ds",
      targetRepoName: "rp",
      targetVersionTag: 1,
      accelerator: { id: expect.any(String) },
      status: "queued",
      params: {
        base_model: "qwen3-8b",
        epochs: 2,
        rank: 8,
        learning_rate: 0.0001,
        target_modules: ["q_proj"],
        apply_chat_template: true,
      },
      description: null,
    });
    // The version tag is reserved at create: a second job gets the next one.
    expect((await createJob(e)).body.targetVersionTag).toBe(2);
    const camel = await call(e, "POST", "/v2/finetuning/jobs", {
      params: { baseModel: "qwen3-8b" },
      dataset: "ds",
      repo: "rp",
      continueFromVersion: null,
      description: null,
    });
    expect([camel.status, camel.body.error]).toEqual([
      400,
      expect.stringMatching(/^params\.baseModel: unknown field/),
    ]);
    const noRepo = await call(e, "POST", "/v2/finetuning/jobs", {
      params: { base_model: "qwen3-8b" },
      dataset: "ds",
      repo: null,
      continueFromVersion: null,
      description: null,
    });
    expect([noRepo.status, noRepo.body.error]).toEqual([400, "repo: is required"]);
    const badEpochs = await call(e, "POST", "/v2/finetuning/jobs", {
      params: { base_model: "qwen3-8b", epochs: 0 },
      dataset: "ds",
      repo: "rp",
      continueFromVersion: null,
      description: null,
    });
    expect([badEpochs.status, badEpochs.body.error]).toEqual([
      422,
      expect.stringMatching(/^params\.epochs:/),
    ]);
    const noData = await call(e, "POST", "/v2/finetuning/jobs", {
      params: { base_model: "qwen3-8b" },
      dataset: "nope",
      repo: "rp",
      continueFromVersion: null,
      description: null,
    });
    expect([noData.status, noData.body.error]).toEqual([422, expect.stringMatching(/^dataset:/)]);
  });

  it("create with continueFromVersion: 'repo/N' of a trained adapter; base model taken from it; task continued_pretraining", async () => {
    const e = await platform();
    e.control.seed({ repos: [{ name: "rp", versions: [{ tag: 1, base_model: "qwen3-8b" }] }] });
    await uploadDataset(e, "ds");
    const res = await call(e, "POST", "/v2/finetuning/jobs", {
      params: { task: "continued_pretraining" },
      dataset: "ds",
      continueFromVersion: "rp/1",
      repo: "rp",
      description: "more",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      baseModel: "qwen3-8b",
      targetVersionTag: 2,
      params: { task: "continued_pretraining" },
    });
    const missing = await call(e, "POST", "/v2/finetuning/jobs", {
      params: {},
      dataset: "ds",
      continueFromVersion: "rp/7",
      repo: "rp",
      description: null,
    });
    expect([missing.status, missing.body.error]).toEqual([
      422,
      expect.stringMatching(/^continueFromVersion:/),
    ]);
  });

  it("get: GET /v2/finetuning/jobs/{uuid} → bare FinetuningJob", async () => {
    const e = await platform();
    const job = (await createJob(e)).body;
    const res = await call(e, "GET", `/v2/finetuning/jobs/${job.uuid}`);
    expect(res.body).toEqual(job);
    expect((await call(e, "GET", "/v2/finetuning/jobs/nope")).status).toBe(404);
  });

  it("cancel: POST /v2/finetuning/jobs/{uuid}/cancel, no body → a JSON object; canceled", async () => {
    const e = await platform();
    const job = (await createJob(e)).body;
    const res = await fetch(`${e.servingUrl}/v2/finetuning/jobs/${job.uuid}/cancel`, {
      method: "POST",
      headers: { authorization: `Bearer ${e.apiToken}` },
    });
    expect(res.status).toBe(200);
    expect(typeof (await res.json())).toBe("object");
    expect((await call(e, "GET", `/v2/finetuning/jobs/${job.uuid}`)).body.status).toBe("canceled");
    expect((await call(e, "POST", `/v2/finetuning/jobs/${job.uuid}/cancel`)).status).toBe(409);
  });

  it("list: none in the SDK; the seed's GET /v2/finetuning/jobs stays served as {data:{jobs:[…]}}", async () => {
    const e = await platform();
    const job = (await createJob(e)).body;
    const res = await call(e, "GET", "/v2/finetuning/jobs");
    expect(res.body.data.jobs.map((j: { uuid: string }) => j.uuid)).toEqual([job.uuid]);
  });

  it("timeline: GET /v2/finetuning/jobs/{uuid}/timeline → {<status>: {startedAt}}", async () => {
    const e = await platform();
    const job = (await createJob(e)).body;
    expect((await call(e, "GET", `/v2/finetuning/jobs/${job.uuid}/timeline`)).body).toEqual({
      queued: { startedAt: job.createdAt },
    });
    e.control.advance(200);
    const training = (await call(e, "GET", `/v2/finetuning/jobs/${job.uuid}/timeline`)).body;
    expect(Object.keys(training)).toEqual(["queued", "training"]);
    expect(Date.parse(training.training.startedAt)).toBeGreaterThan(Date.parse(training.queued.startedAt));
  });

  it("watch, phase 1: job GET + timeline GET until training or a terminal status", async () => {
    const e = await platform();
    const job = (await createJob(e)).body;
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const j = (await call(e, "GET", `/v2/finetuning/jobs/${job.uuid}`)).body;
      await call(e, "GET", `/v2/finetuning/jobs/${job.uuid}/timeline`);
      seen.push(j.status);
      if (j.status === "training" || TERMINAL.includes(j.status)) break;
      e.control.advance(30);
    }
    expect(seen[0]).toBe("queued");
    expect(seen.at(-1)).toBe("training");
  });

  it("watch, phase 2: metrics: WS /v2/finetuning/jobs/{uuid}/metrics/stream, {data, meta} frames, ends at meta.is_completed", async () => {
    const e = await platform({ clock: "immediate" });
    const job = (await createJob(e, "rp", "ds", { epochs: 3 })).body;
    const { frames, closeCode } = await websocket(e, `/v2/finetuning/jobs/${job.uuid}/metrics/stream`);
    expect(frames.map((f) => f.data.checkpoint_number)).toEqual([1, 2, 3, 3]);
    for (const f of frames) {
      expect(Object.keys(f.meta).sort()).toEqual([
        "is_completed",
        "model_uuid",
        "run_id",
        "steps",
        "steps_per_epoch",
        "total_steps",
      ]);
    }
    expect(frames.map((f) => f.meta.is_completed)).toEqual([false, false, false, true]);
    expect(closeCode).toBe(1000);
    // History is resent on each connection.
    expect((await websocket(e, `/v2/finetuning/jobs/${job.uuid}/metrics/stream`)).frames).toHaveLength(4);
  });

  it("watch, phase 3: job GET until a terminal status", async () => {
    const e = await platform();
    const job = (await createJob(e)).body;
    e.control.advance(200);
    expect((await call(e, "GET", `/v2/finetuning/jobs/${job.uuid}`)).body.status).toBe("training");
    e.control.advance(2000);
    const done = (await call(e, "GET", `/v2/finetuning/jobs/${job.uuid}`)).body;
    expect(done).toMatchObject({ status: "completed", error: null, targetVersionTag: 1 });
  });

  it("tensorboard logs: GET /v2/finetuning/jobs/{uuid}/tensorboard_logs → {files, more}", async () => {
    const e = await platform();
    const job = (await createJob(e)).body;
    expect((await call(e, "GET", `/v2/finetuning/jobs/${job.uuid}/tensorboard_logs`)).body).toEqual({
      files: [],
      more: false,
    });
  });

  it("FinetuningJob object: an injected failure shows as errored with error; the reserved version follows", async () => {
    const e = await platform();
    e.control.addFailure({ kind: "finetuning_job", target: "*", message: "CUDA out of memory" });
    const job = (await createJob(e)).body;
    e.control.advance(2000);
    expect((await call(e, "GET", `/v2/finetuning/jobs/${job.uuid}`)).body).toMatchObject({
      status: "errored",
      error: "CUDA out of memory",
    });
    const v = (await call(e, "GET", `/v2/repos/rp/version/${job.targetVersionTag}`)).body;
    expect(v).toMatchObject({
      status: "errored",
      adapterPath: null,
      finetuningJob: { uuid: job.uuid, error: "CUDA out of memory" },
    });
  });
});
