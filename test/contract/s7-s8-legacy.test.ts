import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { call, platform, seedReady } from "./helpers.js";

// docs/platform-wire.md §7 "Base models".
describe("§7 base models", () => {
  it("v2: none; legacy GET /supported_llms returned raw (also /v1/supported_llms)", async () => {
    const e = await platform();
    const res = await call(e, "GET", "/supported_llms");
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body[0]).toMatchObject({ name: expect.any(String), contextWindow: expect.any(Number) });
    expect(res.body.map((m: { name: string }) => m.name)).toContain("qwen3-8b");
    expect((await call(e, "GET", "/v1/supported_llms")).body).toEqual(res.body);
  });
});

// docs/platform-wire.md §8 "Legacy v1 deployment surface": one test per row, raw HTTP only.
describe("§8 legacy v1 deployment surface", () => {
  it("POST /llms; PUT /llms/{name} (overwrite): create from the v1 body, overwrite its serving settings", async () => {
    const e = await platform();
    const body = {
      name: "old",
      modelName: "qwen3-8b",
      engineTemplate: null,
      scaleDownPeriod: 0,
      source: "huggingface",
      customArgs: [
        "--max-input-length",
        "1024",
        "--max-total-tokens",
        "2048",
        "--max-batch-prefill-tokens",
        "4096",
      ],
      environmentVariables: [],
    };
    const created = await call(e, "POST", "/llms", body);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: "old", modelName: "qwen3-8b", deploymentStatus: "pending" });
    expect((await call(e, "GET", "/v2/deployments/old")).body.data.config.customArgs).toEqual(
      body.customArgs,
    );
    e.control.advance(400);
    const over = await call(e, "PUT", "/v1/llms/old", {
      ...body,
      customArgs: ["--max-total-tokens", "4096"],
      scaleDownPeriod: 900,
    });
    expect(over.body).toMatchObject({ deploymentStatus: "updating", scaleDownPeriod: 900 });
    const noModel = await call(e, "POST", "/llms", { name: "x" });
    expect([noModel.status, noModel.body.error]).toEqual([400, "modelName: is required"]);
  });

  it("GET /llms/{name} → the v1 object", async () => {
    const e = await platform();
    seedReady(e);
    const res = await call(e, "GET", "/v1/llms/llm");
    const keys = [
      "id",
      "tenantID",
      "uuid",
      "name",
      "description",
      "modelName",
      "adapterName",
      "numShards",
      "quantize",
      "deploymentStatus",
      "promptTemplate",
      "minReplicas",
      "maxReplicas",
      "created",
      "updated",
      "createdByUserID",
      "scaleDownPeriod",
      "isShared",
      "errorText",
      "dynamicAdapterLoadingEnabled",
    ];
    expect(Object.keys(res.body).sort()).toEqual(keys.sort());
    expect(res.body).toMatchObject({ name: "llm", deploymentStatus: "ready", tenantID: e.tenantId });
  });

  it("DELETE /llms/{name}, then GET until gone", async () => {
    const e = await platform();
    seedReady(e);
    expect((await call(e, "DELETE", "/llms/llm")).status).toBe(200);
    expect((await call(e, "GET", "/llms/llm")).body.deploymentStatus).toBe("deleting");
    e.control.advance(60);
    expect((await call(e, "GET", "/llms/llm")).status).toBe(404);
  });

  it("GET /llms?activeOnly=true|false → a bare JSON array", async () => {
    const e = await platform();
    seedReady(e, "a");
    seedReady(e, "b");
    await call(e, "DELETE", "/v2/deployments/b");
    expect(
      (await call(e, "GET", "/llms?activeOnly=false")).body.map((d: { name: string }) => d.name).sort(),
    ).toEqual(["a", "b"]);
    expect((await call(e, "GET", "/llms?activeOnly=true")).body.map((d: { name: string }) => d.name)).toEqual(
      ["a"],
    );
  });

  it("GET /llms/{name}/scaled; POST /llms/{name}/cancel {}", async () => {
    const e = await platform();
    seedReady(e);
    expect((await call(e, "GET", "/llms/llm/scaled")).body).toEqual({ name: "llm", scaled: true });
    expect((await call(e, "POST", "/llms/llm/cancel", {})).body).toEqual({});
  });

  it("GET /llms/validate_adapter_compatibility?deploymentBaseModelName=&adapterBaseModelName= → {compatible}", async () => {
    const e = await platform();
    const q = (a: string, b: string) =>
      `/llms/validate_adapter_compatibility?deploymentBaseModelName=${a}&adapterBaseModelName=${b}`;
    expect((await call(e, "GET", q("qwen3-8b", "qwen3-8b"))).body).toEqual({ compatible: true });
    expect((await call(e, "GET", q("qwen3-8b", "llama-3-1-8b-instruct"))).body).toEqual({
      compatible: false,
    });
    expect((await call(e, "GET", "/llms/validate_adapter_compatibility")).status).toBe(400);
  });

  it("GET /connections?limit=; POST /connections; GET/DELETE /connections/name/{n}: the secret is never echoed", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "pb-conn-")), "state.json");
    const e = await platform({ stateFile });
    const created = await call(e, "POST", "/connections", {
      connection: { name: "bucket", type: "s3" },
      secret: { secret: { key: "AKIA-secret" } },
    });
    expect(created.body).toMatchObject({ name: "bucket", type: "s3" });
    expect(created.text).not.toContain("AKIA-secret");
    expect(readFileSync(stateFile, "utf8")).toContain('"bucket"');
    expect(readFileSync(stateFile, "utf8")).not.toContain("AKIA-secret");
    expect((await call(e, "GET", "/connections?limit=5")).body.connections).toHaveLength(1);
    expect((await call(e, "GET", "/connections/name/bucket")).body.type).toBe("s3");
    expect((await call(e, "DELETE", "/v1/connections/name/bucket")).status).toBe(200);
    expect((await call(e, "GET", "/connections/name/bucket")).status).toBe(404);
  });

  it("serving GET /{tenant}/deployments/v2/llms/{name}/health: any 200 = ready", async () => {
    const e = await platform();
    await call(e, "POST", "/llms", { name: "llm", modelName: "qwen3-8b" });
    const health = `/${e.tenantId}/deployments/v2/llms/llm/health`;
    expect((await call(e, "GET", health)).status).toBe(503);
    e.control.advance(400);
    expect((await call(e, "GET", health)).status).toBe(200);
  });
});
