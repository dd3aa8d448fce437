import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { type Answer, request, start } from "./helpers.js";

interface Operation {
  method: string;
  path: string;
  operationId: string;
  /** Operations with their own `servers:` block live on the serving (data-plane) host. */
  dataPlane: boolean;
}

/** A line-based reader for the spec's `paths:` section (no YAML dependency is installed). */
function readOperations(yaml: string): Operation[] {
  const ops: Operation[] = [];
  let inPaths = false;
  let path = "";
  let current: Operation | undefined;
  for (const line of yaml.split("\n")) {
    if (/^\S/.test(line)) inPaths = line.startsWith("paths:");
    if (!inPaths) continue;
    const pathKey = /^ {2}(\/\S*):\s*$/.exec(line);
    const methodKey = /^ {4}(get|post|put|patch|delete):\s*$/.exec(line);
    const opId = /^ {6}operationId:\s*(\S+)/.exec(line);
    if (pathKey?.[1]) path = pathKey[1];
    if (methodKey?.[1]) {
      current = { method: methodKey[1].toUpperCase(), path, operationId: "", dataPlane: false };
      ops.push(current);
    }
    if (opId?.[1] && current) current.operationId = opId[1];
    if (/^ {6}servers:/.test(line) && current) current.dataPlane = true;
  }
  return ops;
}

const SPEC = readFileSync(join(__dirname, "../../spec/predibase-openapi.yaml"), "utf8");
const MODEL = "llama-3-1-8b-instruct";

/** Per operation: path parameters and body that should make it succeed against the seed below. */
const FIXTURES: Record<string, { params?: Record<string, string>; body?: unknown }> = {
  createRepo: { body: { name: "cov-repo", description: "coverage" } },
  listRepos: {},
  getRepo: { params: { repoName: "seeded-repo" } },
  deleteRepo: { params: { repoName: "doomed-repo" } },
  createDataset: { body: { name: "cov-data", source: "s3://bucket/train.jsonl" } },
  listDatasets: {},
  getDataset: { params: { datasetName: "seeded-data" } },
  createDeployment: { body: { name: "cov-dep", base_model: "qwen3-8b" } },
  listDeployments: {},
  getDeployment: { params: { deploymentName: "llm" } },
  deleteDeployment: { params: { deploymentName: "doomed-dep" } },
  createFinetuningJob: { body: { base_model: MODEL, dataset: "seeded-data", repo: "seeded-repo" } },
  listFinetuningJobs: {},
  getFinetuningJob: { params: { jobId: "ft-seeded" } },
  cancelFinetuningJob: { params: { jobId: "ft-to-cancel" }, body: {} },
  listModels: {},
  createBatchInferenceJob: { body: { base_model: MODEL, dataset: "seeded-data" } },
  listBatchInferenceJobs: {},
  getBatchInferenceJob: { params: { jobId: "batch-seeded" } },
  createChatCompletion: { body: { model: "", messages: [{ role: "user", content: "Hello there" }] } },
  createCompletion: { body: { model: "seeded-repo/1", prompt: "Once upon a time" } },
  generate: { body: { inputs: "What is LoRA?", parameters: { max_new_tokens: 5 } } },
  generateStream: { body: { inputs: "What is LoRA?", parameters: { max_new_tokens: 5 } } },
};

function seed(e: RunningEmulator): void {
  const job = { base_model: MODEL, dataset: "seeded-data", status: "queued" };
  e.control.seed({
    repos: [{ name: "seeded-repo", versions: [{ tag: 1, base_model: MODEL }] }, { name: "doomed-repo" }],
    datasets: [{ name: "seeded-data" }],
    deployments: [
      { name: "llm", base_model: MODEL, status: "ready" },
      { name: "doomed-dep", base_model: MODEL, status: "ready" },
    ],
    finetuning_jobs: [
      { ...job, id: "ft-seeded" },
      { ...job, id: "ft-to-cancel" },
    ],
    batch_jobs: [{ base_model: MODEL, dataset: "seeded-data", id: "batch-seeded" }],
  });
}

async function invoke(e: RunningEmulator, op: Operation): Promise<Answer> {
  const fixture = FIXTURES[op.operationId];
  if (!fixture)
    throw new Error(`no fixture for spec operation ${op.operationId}: the emulator test must cover it`);
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = fixture.params?.[name];
    if (value === undefined) throw new Error(`fixture for ${op.operationId} lacks path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const base = op.dataPlane ? `${e.servingUrl}/${e.tenantId}/deployments/v2/llms/llm` : e.apiUrl;
  return request(e, op.method, `${base}${path}`, fixture.body);
}

describe("spec coverage (wire: spec)", () => {
  const operations = readOperations(SPEC);

  it("reads every operation of the spec", () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
    expect(operations.every((op) => op.operationId !== "")).toBe(true);
    expect(
      operations
        .filter((op) => op.dataPlane)
        .map((op) => op.operationId)
        .sort(),
    ).toEqual(["createChatCompletion", "createCompletion", "generate", "generateStream"].sort());
  });

  it.each(operations.map((op) => [op.operationId, op] as const))("serves %s", async (_id, op) => {
    const e = await start({ wire: "spec" });
    seed(e);
    const answer = await invoke(e, op);
    expect(answer.status, `${op.method} ${op.path}: ${answer.text}`).toBe(200);
    expect(answer.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{24}$/);
  });

  it("tells a missing route (404) and a wrong method (405) apart from served operations", async () => {
    const e = await start({ wire: "spec" });
    const missing = await request(e, "GET", `${e.apiUrl}/adapters`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: "no route for GET /v2/adapters", error_type: "not_found" });
    const wrong = await request(e, "PUT", `${e.apiUrl}/repos`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST, GET");
    expect(wrong.body.error_type).toBe("method_not_allowed");
    const outside = await request(e, "GET", `${e.servingUrl}/nowhere`);
    expect(outside.status).toBe(404);
    expect(outside.headers.get("content-type")).toContain("application/json");
  });
});
