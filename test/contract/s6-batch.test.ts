import { describe, expect, it } from "vitest";
import { call, platform, uploadDataset } from "./helpers.js";

const createBody = (extra: Record<string, unknown> = {}) => ({
  dataset: "ds",
  serverConfig: {
    customArgs: null,
    hfToken: "hf_secret",
    loraxImageTag: null,
    baseModel: "qwen3-8b",
    quantization: null,
    ...extra,
  },
});

// docs/platform-wire.md §6 "Batch inference": one test per row, raw HTTP only.
describe("§6 batch inference", () => {
  it("create: POST /v2/batch-inference (no /jobs) {dataset, serverConfig} → bare job; extras pass through; hfToken blanked", async () => {
    const e = await platform();
    await uploadDataset(e, "ds");
    const res = await call(e, "POST", "/v2/batch-inference", createBody({ maxBatchSize: 8 }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      uuid: expect.any(String),
      originalRequest: {
        dataset: "ds",
        serverConfig: { baseModel: "qwen3-8b", maxBatchSize: 8, hfToken: null },
      },
      status: "queued",
      error: null,
      resultPath: null,
    });
    expect(res.text).not.toContain("hf_secret");
    // The seed path is not the platform's: POST there is refused (405: GET /v2/batch-inference/{uuid} exists).
    expect((await call(e, "POST", "/v2/batch-inference/jobs", createBody())).status).toBe(405);
    const noModel = await call(e, "POST", "/v2/batch-inference", { dataset: "ds", serverConfig: {} });
    expect([noModel.status, noModel.body.error]).toEqual([400, "serverConfig.baseModel: is required"]);
    const big = await call(
      e,
      "POST",
      "/v2/batch-inference",
      createBody({ baseModel: "llama-3-3-70b-instruct" }),
    );
    expect([big.status, big.body.error]).toEqual([422, expect.stringMatching(/^serverConfig\.baseModel:/)]);
  });

  it("get: GET /v2/batch-inference/{uuid} → bare job through queued, running, completed with resultPath", async () => {
    const e = await platform();
    await uploadDataset(e, "ds");
    const job = (await call(e, "POST", "/v2/batch-inference", createBody())).body;
    e.control.advance(100);
    expect((await call(e, "GET", `/v2/batch-inference/${job.uuid}`)).body.status).toBe("running");
    e.control.advance(400);
    const done = (await call(e, "GET", `/v2/batch-inference/${job.uuid}`)).body;
    expect(done).toMatchObject({ uuid: job.uuid, status: "completed", resultPath: expect.any(String) });
  });

  it("list: GET /v2/batch-inference?limit=<10> → {data:{jobs:[…]}}", async () => {
    const e = await platform();
    await uploadDataset(e, "ds");
    for (let i = 0; i < 3; i++) await call(e, "POST", "/v2/batch-inference", createBody());
    expect((await call(e, "GET", "/v2/batch-inference?limit=2")).body.data.jobs).toHaveLength(2);
  });

  it("cancel: GET /v2/batch-inference/{uuid}/cancel → cancelled", async () => {
    const e = await platform();
    await uploadDataset(e, "ds");
    const job = (await call(e, "POST", "/v2/batch-inference", createBody())).body;
    expect((await call(e, "GET", `/v2/batch-inference/${job.uuid}/cancel`)).status).toBe(200);
    expect((await call(e, "GET", `/v2/batch-inference/${job.uuid}`)).body.status).toBe("cancelled");
    expect((await call(e, "GET", `/v2/batch-inference/${job.uuid}/cancel`)).status).toBe(409);
  });

  it("results: GET /v2/batch-inference/{uuid}/results → {url} once completed", async () => {
    const e = await platform();
    await uploadDataset(e, "ds");
    const job = (await call(e, "POST", "/v2/batch-inference", createBody())).body;
    expect((await call(e, "GET", `/v2/batch-inference/${job.uuid}/results`)).status).toBe(409);
    e.control.advance(500);
    expect((await call(e, "GET", `/v2/batch-inference/${job.uuid}/results`)).body).toEqual({
      url: expect.stringMatching(/^http/),
    });
  });

  it("BatchInferenceJob object: a failure is status failed with error", async () => {
    const e = await platform();
    await uploadDataset(e, "ds");
    e.control.addFailure({ kind: "batch_job", target: "*", message: "worker lost" });
    const job = (await call(e, "POST", "/v2/batch-inference", createBody())).body;
    e.control.advance(500);
    expect((await call(e, "GET", `/v2/batch-inference/${job.uuid}`)).body).toMatchObject({
      status: "failed",
      error: "worker lost",
      resultPath: null,
    });
  });
});
