import { describe, expect, it } from "vitest";
import { api, seedReady, serving, start } from "./helpers.js";

const OTHER_TOKEN = "pb_other_tenant_token_0123456789";

describe("bearer auth", () => {
  it("rejects a missing token with 401 and the authentication error type", async () => {
    const e = await start();
    const res = await api(e, "GET", "/repos", undefined, { token: null });
    expect(res.status).toBe(401);
    expect(res.body.error_type).toBe("authentication");
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("rejects a wrong token without echoing it", async () => {
    const e = await start();
    const wrong = "pb_wrong_secret_value_42";
    const res = await api(e, "POST", "/repos", { name: "x" }, { token: wrong });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain(wrong);
    expect(e.control.state().tenants[e.tenantId]?.repos ?? []).toHaveLength(0);
  });

  it("rejects a non-bearer scheme", async () => {
    const e = await start();
    const res = await fetch(`${e.apiUrl}/models`, { headers: { authorization: `Basic ${e.apiToken}` } });
    expect(res.status).toBe(401);
  });

  it("defaults to a token shaped like a Predibase token", async () => {
    const e = await start();
    expect(e.apiToken).toMatch(/^pb_emulator_[0-9a-f]{32}$/);
  });

  it("guards the data plane too", async () => {
    const e = await start();
    seedReady(e);
    const res = await serving(e, "llm", "POST", "/generate", { inputs: "hi" }, { token: null });
    expect(res.status).toBe(401);
    expect(res.body.error_type).toBe("authentication");
  });
});

describe("tenant isolation", () => {
  it("gives each token its own namespace on the control plane", async () => {
    const e = await start({ tenants: { [OTHER_TOKEN]: "tenant-b" } });
    const other = { token: OTHER_TOKEN };
    expect((await api(e, "POST", "/repos", { name: "shared-name" }, other)).status).toBe(200);
    expect((await api(e, "GET", "/repos/shared-name")).status).toBe(404);
    expect((await api(e, "GET", "/repos")).body).toEqual({ data: { repos: [] } });
    expect((await api(e, "DELETE", "/repos/shared-name")).status).toBe(404);
    // Same name in this tenant is no conflict: namespaces are separate.
    expect((await api(e, "POST", "/repos", { name: "shared-name" })).status).toBe(200);
    expect((await api(e, "GET", "/repos", undefined, other)).body.data.repos).toHaveLength(1);
  });

  it("keeps jobs of one tenant invisible to another", async () => {
    const e = await start({ tenants: { [OTHER_TOKEN]: "tenant-b" } });
    await api(e, "POST", "/datasets", { name: "d" });
    const job = await api(e, "POST", "/finetuning/jobs", { base_model: "qwen3-8b", dataset: "d" });
    expect(job.status).toBe(200);
    const other = { token: OTHER_TOKEN };
    expect((await api(e, "GET", `/finetuning/jobs/${job.body.id}`, undefined, other)).status).toBe(404);
    expect((await api(e, "POST", `/finetuning/jobs/${job.body.id}/cancel`, {}, other)).status).toBe(404);
    expect((await api(e, "GET", "/finetuning/jobs", undefined, other)).body).toEqual({ data: { jobs: [] } });
  });

  it("answers 404 on the data plane when the tenant segment is not the token's", async () => {
    const e = await start({ tenants: { [OTHER_TOKEN]: "tenant-b" } });
    seedReady(e);
    const body = { inputs: "hello" };
    const foreign = await serving(e, "llm", "POST", "/generate", body, { token: OTHER_TOKEN });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ error: "deployment llm not found", error_type: "not_found" });
    const own = await serving(e, "llm", "POST", "/generate", body, {
      token: OTHER_TOKEN,
      tenant: "tenant-b",
    });
    expect(own.status).toBe(404);
    expect((await serving(e, "llm", "POST", "/generate", body)).status).toBe(200);
  });
});
