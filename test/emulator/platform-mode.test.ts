import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index.js";
import { call, createBody, createJob, platform, websocket } from "../contract/helpers.js";
import { start } from "./helpers.js";

// The emulator's own machinery (control API, faults, persistence, options) in the platform format.
// The wire contract row by row is in test/contract/.
describe("platform format (the default)", () => {
  it("is the default; `wire` is validated and reported", async () => {
    const e = await startEmulator({ clock: "manual" });
    try {
      expect(e.wire).toBe("platform");
      expect((await call(e, "GET", "/v2/deployments")).body).toEqual({ data: [] });
    } finally {
      await e.close();
    }
    await expect(startEmulator({ wire: "xml" as "spec" })).rejects.toThrow(
      /wire must be one of platform, spec/,
    );
  });

  it("shows seeded and patched objects (control API, snake_case) in platform shapes", async () => {
    const e = await platform();
    e.control.seed({
      deployments: [{ name: "llm", base_model: "qwen3-8b", status: "ready", min_replicas: 1 }],
    });
    expect((await call(e, "GET", "/v2/deployments/llm")).body.data).toMatchObject({
      status: "ready",
      currentReplicas: 1,
    });
    e.control.patchObject("deployments", "llm", { description: "drifted" });
    expect((await call(e, "GET", "/v2/deployments/llm")).body.data.description).toBe("drifted");
    // A status no lifecycle produces is pinned as given, with its error on the platform's field.
    e.control.patchObject("deployments", "llm", { status: "failed", error: "quota" });
    expect((await call(e, "GET", "/v2/deployments/llm")).body.data).toMatchObject({
      status: "failed",
      errorText: "quota",
    });
    // Serving settings are patched by their snake_case names and show in `config`.
    e.control.patchObject("deployments", "llm", {
      cooldown_time: 120,
      custom_args: ["--x"],
      quantization: "fp8",
    });
    expect((await call(e, "GET", "/v2/deployments/llm")).body.data).toMatchObject({
      quantization: "fp8",
      config: { cooldownTime: 120, customArgs: ["--x"], quantization: "fp8" },
    });
    e.control.patchObject("deployments", "llm", { status: "updating" });
    expect((await call(e, "GET", "/v2/deployments/llm")).body.data.status).toBe("updating");
  });

  it("keeps the control API snapshot in its stable snake_case shape, platform settings included in records", async () => {
    const e = await platform();
    await call(e, "POST", "/v2/deployments", createBody("llm", { cooldownTime: 900 }));
    const job = (await createJob(e)).body;
    const snap = e.control.state().tenants[e.tenantId];
    expect(snap?.deployments[0]).toMatchObject({
      name: "llm",
      base_model: "qwen3-8b",
      status: "pending",
      uuid: expect.any(String),
    });
    expect(snap?.finetuning_jobs[0]).toMatchObject({ id: job.uuid, status: "queued" });
    // The reserved version is visible (pending) from create on.
    expect(((snap?.repos[0]?.versions ?? []) as unknown[])[0]).toMatchObject({
      tag: 1,
      status: "pending",
      finetuning_job_id: job.uuid,
    });
  });

  it("keeps tenants apart on v2, legacy and WebSocket routes", async () => {
    const e = await platform({ tenants: { pb_other: "other" } });
    await call(e, "POST", "/v2/deployments", createBody("llm"));
    const job = (await createJob(e)).body;
    const other = { token: "pb_other" };
    expect((await call(e, "GET", "/v2/deployments/llm", undefined, other)).status).toBe(404);
    expect((await call(e, "GET", "/llms/llm/events", undefined, other)).status).toBe(404);
    expect((await call(e, "GET", "/v2/repos/rp/version/1", undefined, other)).status).toBe(404);
    expect((await call(e, "GET", `/v2/finetuning/jobs/${job.uuid}`, undefined, other)).status).toBe(404);
    expect(
      (await call(e, "GET", "/v1/datasets/name/ds?connectionName=file_uploads", undefined, other)).status,
    ).toBe(404);
    const stream = `/v2/finetuning/jobs/${job.uuid}/metrics/stream`;
    expect((await websocket(e, stream, "pb_other", true)).opened).toBe(false);
    expect((await websocket(e, stream, e.apiToken, true)).opened).toBe(true);
    expect((await call(e, "GET", "/v2/deployments", undefined, other)).body).toEqual({ data: [] });
  });

  it("matches fault rules on the path after /v2, and answers injected errors as {error} only", async () => {
    const e = await platform();
    e.control.addFaults([{ kind: "status", status: 500, path: "^/deployments$", count: 1 }]);
    const res = await call(e, "GET", "/v2/deployments");
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: "Internal server error" });
    expect((await call(e, "GET", "/v2/deployments")).status).toBe(200);
    e.control.addFaults([{ kind: "status", status: 503, path: "^/llms/", count: 1 }]);
    expect((await call(e, "GET", "/llms/x/events")).status).toBe(503);
  });

  it("persists platform settings, the reserved tag and uploads' datasets across a restart", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "pb-platform-")), "state.json");
    const first = await platform({ stateFile, apiToken: "pb_keep" });
    await call(
      first,
      "POST",
      "/v2/deployments",
      createBody("llm", { cooldownTime: 900, hfToken: "hf_never_stored" }),
    );
    const job = (await createJob(first)).body;
    await first.close();
    expect(readFileSync(stateFile, "utf8")).not.toContain("hf_never_stored");
    const second = await platform({ stateFile, apiToken: "pb_keep" });
    expect((await call(second, "GET", "/v2/deployments/llm")).body.data.config.cooldownTime).toBe(900);
    second.control.advance(3000);
    expect((await call(second, "GET", `/v2/finetuning/jobs/${job.uuid}`)).body).toMatchObject({
      status: "completed",
      targetVersionTag: 1,
    });
    expect((await call(second, "GET", "/v2/repos/rp/version/1")).body.status).toBe("completed");
    expect((await call(second, "GET", "/v1/datasets/name/ds?connectionName=file_uploads")).body.status).toBe(
      "connected",
    );
  });

  it("spec format: the platform's routes are absent, the seed's answer with error_type; users/current in both", async () => {
    const e = await start({ wire: "spec" });
    expect((await call(e, "GET", "/v2/repos/x/version/1")).status).toBe(404);
    expect((await call(e, "GET", "/llms/x/events")).status).toBe(404);
    const missing = await call(e, "GET", "/v2/deployments/none");
    expect(missing.body).toEqual({ error: "deployment none not found", error_type: "not_found" });
    expect((await call(e, "GET", "/v1/users/current")).body.tenant.shortCode).toBe(e.tenantId);
    expect((await call(e, "GET", "/users/current")).body.tenant.shortCode).toBe(e.tenantId);
    expect(
      (await call(e, "GET", "/v2/deployments/none")).headers.get("x-predibase-release-version"),
    ).toBeNull();
  });
});
