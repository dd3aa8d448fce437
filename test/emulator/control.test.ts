import { describe, expect, it } from "vitest";
import { admin, api, seedReady, serving, start } from "./helpers.js";

describe("request log", () => {
  it("records platform calls on both planes, not /__emulator calls", async () => {
    const e = await start();
    seedReady(e);
    await api(e, "POST", "/repos", { name: "r" });
    await api(e, "GET", "/repos/missing");
    await serving(e, "llm", "POST", "/generate", { inputs: "x" });
    await admin(e, "GET", "/state");
    const log = (await admin(e, "GET", "/requests")).body;
    expect(
      log.map((r: { method: string; path: string; status: number; plane: string }) => [
        r.method,
        r.path,
        r.status,
        r.plane,
      ]),
    ).toEqual([
      ["POST", "/v2/repos", 200, "control"],
      ["GET", "/v2/repos/missing", 404, "control"],
      ["POST", "/tenant-local/deployments/v2/llms/llm/generate", 200, "data"],
    ]);
    expect(log.map((r: { seq: number }) => r.seq)).toEqual([1, 2, 3]);
    expect(log[0]).toMatchObject({
      tenant: "tenant-local",
      fault: null,
      request_id: expect.stringMatching(/^req_/),
    });
    expect(Number.isNaN(Date.parse(log[0].time))).toBe(false);
  });

  it("filters with ?since= and keeps counting after a clear", async () => {
    const e = await start();
    for (let i = 0; i < 3; i++) await api(e, "GET", "/models");
    expect((await admin(e, "GET", "/requests?since=2")).body.map((r: { seq: number }) => r.seq)).toEqual([3]);
    expect((await admin(e, "DELETE", "/requests")).status).toBe(200);
    expect(e.control.requests()).toEqual([]);
    await api(e, "GET", "/models", undefined, { token: null });
    expect(e.control.requests()).toMatchObject([{ seq: 4, status: 401, tenant: null }]);
  });

  it("marks faulted calls", async () => {
    const e = await start();
    e.control.addFaults([{ kind: "status", status: 429, count: 1 }]);
    await api(e, "GET", "/models");
    expect(e.control.requests()).toMatchObject([{ status: 429, fault: "status" }]);
  });
});

describe("seed, state, patch and delete", () => {
  it("seeds objects in given statuses and shows them in /state", async () => {
    const e = await start();
    const seeded = await admin(e, "POST", "/seed", {
      repos: [{ name: "r", description: "seeded", versions: [{ tag: 3, base_model: "qwen3-8b" }] }],
      datasets: [{ name: "d", source: "s3://b/k" }],
      deployments: [
        { name: "up", base_model: "qwen3-8b", status: "ready", min_replicas: 1 },
        { name: "sleepy", base_model: "qwen3-8b", status: "standby" },
        { name: "broken", base_model: "qwen3-8b", status: "errored", error: "bad weights" },
      ],
      finetuning_jobs: [{ id: "job-1", base_model: "qwen3-8b", dataset: "d", repo: "r", status: "training" }],
    });
    expect(seeded.status).toBe(200);
    const state = (await admin(e, "GET", "/state")).body;
    const tenant = state.tenants["tenant-local"];
    expect(state.clock.mode).toBe("manual");
    expect(tenant.repos[0]).toMatchObject({
      name: "r",
      description: "seeded",
      versions: [{ tag: 3, adapter_id: "r/3" }],
    });
    expect(tenant.deployments.map((d: { status: string }) => d.status)).toEqual([
      "ready",
      "standby",
      "errored",
    ]);
    expect(tenant.deployments[2].error).toBe("bad weights");
    e.control.advance(1200);
    // The seeded training job finishes on schedule and becomes version 4 (next after 3).
    expect((await api(e, "GET", "/finetuning/jobs/job-1")).body).toMatchObject({
      status: "completed",
      adapter_version: "r/4",
    });
  });

  it("patches stored fields out of band for drift tests", async () => {
    const e = await start();
    await api(e, "POST", "/deployments", { name: "dep", base_model: "qwen3-8b", description: "v1" });
    const patched = await request(e.controlUrl, "PATCH", "/objects/deployments/dep", {
      description: "changed",
      min_replicas: 2,
    });
    expect(patched).toMatchObject({ description: "changed", min_replicas: 2 });
    expect((await api(e, "GET", "/deployments/dep")).body).toMatchObject({
      description: "changed",
      min_replicas: 2,
    });
    e.control.patchObject("deployments", "dep", { status: "ready" });
    expect((await api(e, "GET", "/deployments/dep")).body).toMatchObject({
      status: "ready",
      current_replicas: 2,
    });
    e.control.patchObject("deployments", "dep", { status: "failed", quantization: "fp8" });
    expect((await api(e, "GET", "/deployments/dep")).body).toMatchObject({
      status: "failed",
      quantization: "fp8",
    });
    expect((await serving(e, "dep", "POST", "/generate", { inputs: "x" })).body.error).toMatch(
      /status: failed/,
    );
    e.control.patchObject("deployments", "dep", { status: "ready" });
    expect((await serving(e, "dep", "POST", "/generate", { inputs: "x" })).status).toBe(200);
    const renamed = await fetch(`${e.controlUrl}/objects/deployments/dep`, {
      method: "PATCH",
      body: '{"name":"other"}',
    });
    expect(renamed.status).toBe(422);
  });

  it("deletes objects out of band and 404s unknown ones", async () => {
    const e = await start();
    await api(e, "POST", "/repos", { name: "r" });
    expect((await admin(e, "DELETE", "/objects/repos/r")).status).toBe(200);
    expect((await api(e, "GET", "/repos/r")).status).toBe(404);
    expect((await admin(e, "DELETE", "/objects/repos/r")).status).toBe(404);
    expect((await admin(e, "DELETE", "/objects/widgets/r")).status).toBe(422);
  });

  it("targets another tenant with ?tenant=", async () => {
    const e = await start({ tenants: { pb_second_token_abc: "second" } });
    e.control.seed({ tenant: "second", repos: [{ name: "theirs" }] });
    expect((await api(e, "GET", "/repos/theirs")).status).toBe(404);
    expect((await api(e, "GET", "/repos/theirs", undefined, { token: "pb_second_token_abc" })).status).toBe(
      200,
    );
    expect(
      (await admin(e, "PATCH", "/objects/repos/theirs?tenant=second", { description: "x" })).body.description,
    ).toBe("x");
  });

  it("resets everything", async () => {
    const e = await start();
    await api(e, "POST", "/repos", { name: "r" });
    e.control.addFaults([{ kind: "delay", delay_ms: 1 }]);
    expect((await admin(e, "POST", "/reset")).body).toEqual({ ok: true });
    expect(e.control.faults()).toEqual([]);
    expect(e.control.requests()).toEqual([]);
    expect((await api(e, "GET", "/repos")).body.data.repos).toEqual([]);
  });
});

describe("clock endpoints", () => {
  it("reads, advances and switches the clock", async () => {
    const e = await start();
    const before = (await admin(e, "GET", "/clock")).body;
    expect(before).toMatchObject({ mode: "manual", time_scale: 200 });
    const after = (await admin(e, "POST", "/clock/advance", { seconds: 90 })).body;
    expect(after.now_ms - before.now_ms).toBe(90_000);
    const switched = (await admin(e, "POST", "/clock", { mode: "immediate", time_scale: 50 })).body;
    expect(switched).toMatchObject({ mode: "immediate", time_scale: 50 });
    expect((await api(e, "POST", "/deployments", { name: "d", base_model: "qwen3-8b" })).body.status).toBe(
      "ready",
    );
    expect((await admin(e, "POST", "/clock", { mode: "sundial" })).status).toBe(422);
    expect((await admin(e, "POST", "/clock/advance", {})).status).toBe(422);
  });

  it("answers unknown admin routes with a JSON 404", async () => {
    const e = await start();
    const res = await admin(e, "GET", "/nothing");
    expect(res.status).toBe(404);
    expect(res.body.error_type).toBe("not_found");
  });
});

async function request(base: string, method: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, { method, body: JSON.stringify(body) });
  return res.json();
}
