import { describe, expect, it } from "vitest";
import { call, createBody, platform, seedReady } from "./helpers.js";

const CONFIG_KEYS = [
  "baseModel",
  "accelerator",
  "quantization",
  "usesGuaranteedCapacity",
  "customArgs",
  "preloadedAdapters",
  "cooldownTime",
  "minReplicas",
  "maxReplicas",
  "maxTotalTokens",
  "scaleUpRequestThreshold",
  "hfToken",
  "loraxImageTag",
  "speculator",
  "requestLoggingEnabled",
  "directIngress",
  "prefixCaching",
];

// docs/platform-wire.md §2 "Deployments": one test per row, raw HTTP only.
describe("§2 deployments", () => {
  it("create: POST /v2/deployments {name, config (all 17 keys, unset null), description}", async () => {
    const e = await platform();
    const res = await call(
      e,
      "POST",
      "/v2/deployments",
      createBody("llm", {
        minReplicas: 1,
        maxReplicas: 2,
        cooldownTime: 900,
        customArgs: ["--max-batch-size", "8"],
        hfToken: "hf_secret",
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      name: "llm",
      status: "pending",
      config: { minReplicas: 1, maxReplicas: 2, cooldownTime: 900, customArgs: ["--max-batch-size", "8"] },
    });
    expect(res.text).not.toContain("hf_secret");
    // A request the platform would reject names the field: snake_case keys, a missing baseModel, a bad type.
    const snake = await call(e, "POST", "/v2/deployments", { name: "x", config: { base_model: "qwen3-8b" } });
    expect(snake.status).toBe(400);
    expect(snake.body.error).toMatch(/^config\.base_model: unknown field/);
    const noModel = await call(e, "POST", "/v2/deployments", createBody("x", { baseModel: null }));
    expect([noModel.status, noModel.body.error]).toEqual([400, "config.baseModel: is required"]);
    const badType = await call(e, "POST", "/v2/deployments", createBody("x", { minReplicas: "one" }));
    expect(badType.status).toBe(400);
    expect(badType.body.error).toContain("config.minReplicas");
    const unknownModel = await call(e, "POST", "/v2/deployments", createBody("x", { baseModel: "gpt-99" }));
    expect(unknownModel.status).toBe(422);
    expect(unknownModel.body.error).toContain("config.baseModel");
    const taken = await call(e, "POST", "/v2/deployments", createBody("llm"));
    expect(taken.status).toBe(409);
  });

  it("ready-wait (create, update): GET /llms/{name}/events?detailed=false until an eventType Ready; Failed stops", async () => {
    const e = await platform();
    await call(e, "POST", "/v2/deployments", createBody("llm"));
    const early = await call(e, "GET", "/llms/llm/events?detailed=false");
    expect(early.body).toMatchObject({
      name: "llm",
      deploymentStatus: "pending",
      resourceActiveTime: expect.any(Number),
    });
    expect(early.body.ComputeEvents.map((x: { eventType: string }) => x.eventType)).not.toContain("Ready");
    e.control.advance(400);
    const ready = await call(e, "GET", "/llms/llm/events?detailed=false");
    expect(ready.body.ComputeEvents.map((x: { eventType: string }) => x.eventType)).toContain("Ready");
    expect(ready.body.ComputeEvents[0]).toEqual({ eventType: "Pending", timestamp: expect.any(String) });
    // After an update, the list restarts: no Ready until the update is done.
    await call(e, "PUT", "/v2/deployments/llm", { config: { maxReplicas: 3 } });
    const updating = await call(e, "GET", "/llms/llm/events?detailed=false");
    expect(updating.body.ComputeEvents.map((x: { eventType: string }) => x.eventType)).toEqual(["Updating"]);
    e.control.advance(120);
    const updated = await call(e, "GET", "/llms/llm/events?detailed=false");
    expect(updated.body.ComputeEvents.map((x: { eventType: string }) => x.eventType)).toEqual([
      "Updating",
      "Ready",
    ]);
    // A failure shows as an event Failed.
    e.control.addFailure({ kind: "deployment", target: "bad", after_seconds: 5 });
    await call(e, "POST", "/v2/deployments", createBody("bad"));
    e.control.advance(60);
    const failed = await call(e, "GET", "/v1/llms/bad/events?detailed=false");
    expect(failed.body.ComputeEvents.map((x: { eventType: string }) => x.eventType)).toContain("Failed");
  });

  it("get: GET /v2/deployments/{name} → {data: Deployment} with every required field", async () => {
    const e = await platform();
    await call(
      e,
      "POST",
      "/v2/deployments",
      createBody("llm", { quantization: "fp8", usesGuaranteedCapacity: true }),
    );
    const res = await call(e, "GET", "/v2/deployments/llm");
    expect(res.status).toBe(200);
    const d = res.body.data;
    expect(d).toMatchObject({
      name: "llm",
      uuid: expect.any(String),
      description: "",
      type: "dedicated",
      status: "pending",
      model: { name: "qwen3-8b", maxInputLength: expect.any(Number) },
      accelerator: { id: expect.any(String) },
      quantization: "fp8",
      currentReplicas: 0,
      usesGuaranteedCapacity: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      errorText: null,
    });
    expect(Object.keys(d.config).sort()).toEqual([...CONFIG_KEYS].sort());
    expect(d.config.hfToken).toBeNull();
  });

  it("list: GET /v2/deployments[?type=…] → {data: [Deployment…]}; the type filter is checked", async () => {
    const e = await platform();
    seedReady(e, "a");
    seedReady(e, "b");
    const all = await call(e, "GET", "/v2/deployments");
    expect(all.body.data.map((d: { name: string }) => d.name).sort()).toEqual(["a", "b"]);
    expect((await call(e, "GET", "/v2/deployments?type=dedicated")).body.data).toHaveLength(2);
    expect((await call(e, "GET", "/v2/deployments?type=serverless")).body.data).toEqual([]);
    const bad = await call(e, "GET", "/v2/deployments?type=gpu");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^type:/);
  });

  it("update: PUT /v2/deployments/{name} {config?, description?}; null = unchanged; updating then ready, same uuid", async () => {
    const e = await platform();
    await call(e, "POST", "/v2/deployments", createBody("llm", { cooldownTime: 900 }));
    e.control.advance(400);
    const before = (await call(e, "GET", "/v2/deployments/llm")).body.data;
    expect(before.status).toBe("ready");
    const updateConfig = Object.fromEntries(
      [
        "customArgs",
        "cooldownTime",
        "hfToken",
        "minReplicas",
        "maxReplicas",
        "scaleUpRequestThreshold",
        "maxTotalTokens",
        "loraxImageTag",
        "requestLoggingEnabled",
        "directIngress",
        "preloadedAdapters",
        "speculator",
        "prefixCaching",
      ].map((k) => [k, null]),
    );
    const res = await call(e, "PUT", "/v2/deployments/llm", {
      config: { ...updateConfig, maxReplicas: 2, prefixCaching: true },
      description: "v2",
    });
    expect(res.status).toBe(200);
    const during = (await call(e, "GET", "/v2/deployments/llm")).body.data;
    expect(during).toMatchObject({ status: "updating", uuid: before.uuid, description: "v2" });
    expect(during.config).toMatchObject({ maxReplicas: 2, prefixCaching: true, cooldownTime: 900 });
    e.control.advance(120);
    expect((await call(e, "GET", "/v2/deployments/llm")).body.data).toMatchObject({
      status: "ready",
      uuid: before.uuid,
    });
    // Create-only keys cannot change.
    const acc = await call(e, "PUT", "/v2/deployments/llm", { config: { accelerator: "a100_80gb_100" } });
    expect(acc.status).toBe(422);
    expect(acc.body.error).toMatch(/^config\.accelerator:/);
    // Description only: no redeploy.
    await call(e, "PUT", "/v2/deployments/llm", { description: "v3" });
    expect((await call(e, "GET", "/v2/deployments/llm")).body.data.status).toBe("ready");
    expect((await call(e, "PUT", "/v2/deployments/none", { description: "x" })).status).toBe(404);
  });

  it("delete: DELETE /v2/deployments/{name} → a JSON object; deleting, then 404", async () => {
    const e = await platform();
    seedReady(e);
    const res = await call(e, "DELETE", "/v2/deployments/llm");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect((await call(e, "GET", "/v2/deployments/llm")).body.data.status).toBe("deleting");
    e.control.advance(60);
    expect((await call(e, "GET", "/v2/deployments/llm")).status).toBe(404);
  });

  it("recommended config: GET /v2/deployments/recommended-config?baseModel=… → a dict", async () => {
    const e = await platform();
    const res = await call(
      e,
      "GET",
      "/v2/deployments/recommended-config?baseModel=qwen3-8b&quantization=fp8",
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      baseModel: "qwen3-8b",
      accelerator: expect.any(String),
      quantization: "fp8",
    });
    const missing = await call(e, "GET", "/v2/deployments/recommended-config");
    expect([missing.status, missing.body.error]).toEqual([400, expect.stringMatching(/^baseModel:/)]);
  });

  it("request logs: GET /v2/deployments/{name}/request-logs?from=&to=[&adapterId=] → zip bytes", async () => {
    const e = await platform();
    seedReady(e);
    const res = await call(
      e,
      "GET",
      "/v2/deployments/llm/request-logs?from=2025-01-01T00:00:00&to=2025-01-01T01:00:00&adapterId=rp/1",
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const bad = await call(e, "GET", "/v2/deployments/llm/request-logs?from=yesterday");
    expect([bad.status, bad.body.error]).toEqual([400, expect.stringMatching(/^from:/)]);
  });

  it("scale / stop / start: none in v2; replicas change only through update minReplicas/maxReplicas", async () => {
    const e = await platform();
    seedReady(e);
    for (const verb of ["scale", "stop", "start"]) {
      expect((await call(e, "POST", `/v2/deployments/llm/${verb}`, {})).status).toBe(404);
    }
    await call(e, "PUT", "/v2/deployments/llm", { config: { minReplicas: 2, maxReplicas: 2 } });
    e.control.advance(120);
    expect((await call(e, "GET", "/v2/deployments/llm")).body.data).toMatchObject({
      status: "ready",
      currentReplicas: 2,
    });
  });

  it("serving check: status ready or updating counts as serving (the data plane answers in both)", async () => {
    const e = await platform();
    seedReady(e);
    const health = `/${e.tenantId}/deployments/v2/llms/llm/health`;
    expect((await call(e, "GET", "/v2/deployments/llm")).body.data.status).toBe("ready");
    expect((await call(e, "GET", health)).status).toBe(200);
    await call(e, "PUT", "/v2/deployments/llm", { config: { maxReplicas: 2 } });
    expect((await call(e, "GET", "/v2/deployments/llm")).body.data.status).toBe("updating");
    expect((await call(e, "GET", health)).status).toBe(200);
  });

  it("name check: only the client rejects '/'; the server checks the name rule and names the field", async () => {
    const e = await platform();
    const res = await call(e, "POST", "/v2/deployments", createBody("Bad_Name"));
    expect(res.status).toBe(422);
    expect(res.body.error).toMatch(/^name:/);
  });

  it("Deployment object and config keys: camelCase, the SDK's names (scaleUpRequestThreshold), hfToken never returned", async () => {
    const e = await platform();
    await call(
      e,
      "POST",
      "/v2/deployments",
      createBody("llm", {
        scaleUpRequestThreshold: 5,
        requestLoggingEnabled: true,
        preloadedAdapters: ["rp/1"],
        hfToken: "hf_x",
      }),
    );
    const d = (await call(e, "GET", "/v2/deployments/llm")).body.data;
    expect(d.config).toMatchObject({
      scaleUpRequestThreshold: 5,
      requestLoggingEnabled: true,
      preloadedAdapters: ["rp/1"],
      hfToken: null,
    });
    const listed = (await call(e, "GET", "/v2/deployments")).body.data[0];
    expect(listed).toEqual(d);
  });
});
