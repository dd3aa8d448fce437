import { describe, expect, it } from "vitest";
import { call, platform, seedReady, uploadDataset, websocket } from "./helpers.js";

// docs/platform-wire.md §1 "Transport, auth, base URL, errors": one test per row, raw HTTP only.
describe("§1 transport, auth, base URL, errors", () => {
  it("Base URL: v2 calls are the gateway plus a path starting /v2/ or /v1/ (apiUrl minus its /v2)", async () => {
    const e = await platform();
    expect(e.apiUrl).toBe(`${e.servingUrl}/v2`);
    const gateway = e.apiUrl.replace(/\/v2$/, "");
    expect(gateway).toBe(e.servingUrl);
    expect((await call(e, "GET", "/v2/deployments")).status).toBe(200);
    expect((await call(e, "GET", "/v1/datasets/name/none?connectionName=file_uploads")).status).toBe(404);
    expect((await call(e, "GET", "/v1/users/current")).status).toBe(200);
  });

  it("Token: Bearer token required; missing or unknown token is a 401 JSON error; a non-pb_ token works", async () => {
    const e = await platform({ apiToken: "legacy-token-without-prefix" });
    const missing = await call(e, "GET", "/v2/deployments", undefined, { token: null });
    expect(missing.status).toBe(401);
    expect(typeof missing.body.error).toBe("string");
    expect((await call(e, "GET", "/v2/deployments", undefined, { token: "pb_wrong" })).status).toBe(401);
    expect((await call(e, "GET", "/v2/deployments")).status).toBe(200);
  });

  it("Headers: Authorization + User-Agent predibase-sdk; a JSON body without Content-Type is read", async () => {
    const e = await platform();
    const res = await fetch(`${e.servingUrl}/v2/repos`, {
      method: "POST",
      headers: { authorization: `Bearer ${e.apiToken}`, "user-agent": "predibase-sdk/2025.2.3 (Linux)" },
      body: JSON.stringify({ name: "no-content-type", description: null, existsOk: false }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe("no-content-type");
  });

  it("Retries: 429 carries x-ratelimit-reset (and Retry-After); 5xx bodies are JSON objects; DELETE is idempotent", async () => {
    const e = await platform();
    e.control.addFaults([{ kind: "status", status: 429, retry_after: 3, count: 1 }]);
    const limited = await call(e, "GET", "/v2/deployments");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-ratelimit-reset")).toBe("3");
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(limited.body).toEqual({ error: expect.any(String) });
    e.control.addFaults([{ kind: "status", status: 503, count: 1 }]);
    const down = await call(e, "GET", "/v2/deployments");
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ error: expect.any(String) });
    seedReady(e, "twice");
    expect((await call(e, "DELETE", "/v2/deployments/twice")).status).toBe(200);
    expect((await call(e, "DELETE", "/v2/deployments/twice")).status).toBe(200);
  });

  it("v2 decoding: successes are JSON objects (never arrays); 4xx/5xx bodies are {error: string}", async () => {
    const e = await platform();
    seedReady(e);
    await call(e, "POST", "/v2/repos", { name: "rp", description: null, existsOk: false });
    for (const path of [
      "/v2/deployments",
      "/v2/deployments/llm",
      "/v2/repos",
      "/v2/repos/rp",
      "/v2/batch-inference",
      "/v2/finetuning/jobs",
    ]) {
      const res = await call(e, "GET", path);
      expect(res.status, path).toBe(200);
      expect(typeof res.body === "object" && res.body !== null && !Array.isArray(res.body), path).toBe(true);
    }
    const bad = await call(e, "GET", "/v2/deployments/missing");
    expect(bad.status).toBe(404);
    expect(bad.body).toEqual({ error: "deployment missing not found" });
  });

  it("Legacy session decoding: legacy routes answer 200 (not 201/202/204) with a JSON body, errors as {error}", async () => {
    const e = await platform();
    seedReady(e);
    expect((await call(e, "GET", "/users/current")).status).toBe(200);
    expect((await call(e, "GET", "/llms/llm/events?detailed=false")).status).toBe(200);
    const presign = await call(e, "POST", "/datasets/get_presigned_url", undefined, {
      raw: JSON.stringify({
        mime_type: "text/csv",
        expiry_seconds: 3600,
        artifact_type: "ARTIFACT_TYPE_DATASET",
      }),
    });
    expect(presign.status).toBe(200);
    const missing = await call(e, "GET", "/llms/none/events");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: expect.stringContaining("none") });
    expect(missing.body.errorMessage).toBeUndefined();
  });

  it("Binary downloads: request logs and adapter downloads are zip bytes", async () => {
    const e = await platform();
    seedReady(e);
    e.control.seed({ repos: [{ name: "rp", versions: [{ tag: 1, base_model: "qwen3-8b" }] }] });
    for (const path of ["/v2/deployments/llm/request-logs", "/v2/repos/rp/version/1/download"]) {
      const res = await call(e, "GET", path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/zip");
      expect(res.bytes.subarray(0, 2).toString()).toBe("PK");
    }
  });

  it("Version header: X-Predibase-Release-Version is a semver the SDK compares with its own", async () => {
    const e = await platform();
    const res = await call(e, "GET", "/v2/deployments");
    expect(res.headers.get("x-predibase-release-version")).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("Envelopes: only GET deployment, list deployments, list repos, list batch jobs are wrapped", async () => {
    const e = await platform();
    seedReady(e);
    await call(e, "POST", "/v2/repos", { name: "rp", description: null, existsOk: false });
    expect((await call(e, "GET", "/v2/deployments/llm")).body.data.name).toBe("llm");
    expect(Array.isArray((await call(e, "GET", "/v2/deployments")).body.data)).toBe(true);
    expect(Array.isArray((await call(e, "GET", "/v2/repos")).body.data.repos)).toBe(true);
    expect(Array.isArray((await call(e, "GET", "/v2/batch-inference")).body.data.jobs)).toBe(true);
    const repo = await call(e, "GET", "/v2/repos/rp");
    expect(repo.body.data).toBeUndefined();
    expect(repo.body.name).toBe("rp");
  });

  it("Extra keys: required keys typed `X | None` are present even when null", async () => {
    const e = await platform();
    seedReady(e);
    const d = (await call(e, "GET", "/v2/deployments/llm")).body.data;
    for (const key of ["description", "quantization", "errorText"]) expect(d).toHaveProperty(key);
    const repo = (await call(e, "POST", "/v2/repos", { name: "rp", description: null, existsOk: false }))
      .body;
    expect(repo).toHaveProperty("description", null);
  });

  it("WebSocket: ws:// on the gateway plus the path, bearer token on the handshake; a failed handshake is refused", async () => {
    const e = await platform({ clock: "immediate" });
    await uploadDataset(e, "ds");
    await call(e, "POST", "/v2/repos", { name: "rp", description: null, existsOk: false });
    const job = await call(e, "POST", "/v2/finetuning/jobs", {
      params: { base_model: "qwen3-8b", epochs: 2 },
      dataset: "ds",
      repo: "rp",
      continueFromVersion: null,
      description: null,
    });
    const ok = await websocket(e, `/v2/finetuning/jobs/${job.body.uuid}/metrics/stream`);
    expect(ok.opened).toBe(true);
    expect(ok.frames.at(-1).meta.is_completed).toBe(true);
    const noToken = await websocket(e, `/v2/finetuning/jobs/${job.body.uuid}/metrics/stream`, null);
    expect(noToken.opened).toBe(false);
    const unknown = await websocket(e, "/v2/finetuning/jobs/nope/metrics/stream");
    expect(unknown.opened).toBe(false);
  });

  it("Tenant lookup: GET users/current → tenant.shortCode is the token's tenant, with the fields the SDK reads", async () => {
    const e = await platform({ tenantId: "acme", tenants: { pb_other: "globex" } });
    const me = await call(e, "GET", "/users/current");
    expect(me.body).toMatchObject({
      id: expect.anything(),
      username: expect.any(String),
      uuid: expect.any(String),
      tenant: {
        name: expect.any(String),
        shortCode: "acme",
        subscription: {
          id: expect.anything(),
          tier: expect.any(String),
          isTrial: false,
          active: true,
        },
      },
    });
    expect(me.body.tenant.subscription).toHaveProperty("expiration");
    expect(me.body.tenant.subscription).toHaveProperty("daysRemainingInPlan");
    const other = await call(e, "GET", "/v1/users/current", undefined, { token: "pb_other" });
    expect(other.body.tenant.shortCode).toBe("globex");
  });

  it("Session base: legacy routes answer both as /v1/X and as the unversioned /X", async () => {
    const e = await platform();
    seedReady(e);
    await uploadDataset(e, "ds");
    for (const path of [
      "/users/current",
      "/llms/llm/events?detailed=false",
      "/datasets/name/ds?connectionName=file_uploads",
      "/supported_llms",
      "/llms/llm",
    ]) {
      const bare = await call(e, "GET", path);
      const v1 = await call(e, "GET", `/v1${path}`);
      expect([bare.status, v1.status], path).toEqual([200, 200]);
      expect(Object.keys(v1.body)).toEqual(Object.keys(bare.body));
    }
  });

  it("Serving host: deployments serve at /{tenant}/deployments/v2/llms/{name}, OpenAI base adds /v1", async () => {
    const e = await platform();
    seedReady(e);
    const base = `/${e.tenantId}/deployments/v2/llms/llm`;
    expect((await call(e, "GET", `${base}/health`)).status).toBe(200);
    const chat = await call(e, "POST", `${base}/v1/chat/completions`, {
      model: "",
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 3,
    });
    expect(chat.status).toBe(200);
    expect(chat.body.choices[0].message.content).toEqual(expect.any(String));
  });
});
