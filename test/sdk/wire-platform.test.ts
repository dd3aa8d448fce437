import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type Deployment,
  Predibase,
  type PredibaseOptions,
  TerminalStateError,
  UnsupportedOperationError,
} from "../../sdk/index.js";
import { frozenEmulatorClock } from "./helpers/emulator.js";
import { json, type SeenRequest, startTestServer } from "./helpers/server.js";

// The platform wire format byte by byte, against a scripted server: what goes out (paths, bodies,
// headers) and how answers with extra fields, nulls and envelopes are read. The emulator tests
// (wire-formats.test.ts) cover the same calls end to end.

type Reply = [status: number, body: unknown, headers?: Record<string, string>];
type Routes = Record<string, (req: SeenRequest, nth: number) => Reply>;

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** A scripted platform: routes by "METHOD /path" (query excluded); anything else is a 404. */
async function platform(routes: Routes, options: PredibaseOptions = {}) {
  const counts = new Map<string, number>();
  const server = await startTestServer((req, res) => {
    const key = `${req.method} ${req.url.split("?")[0]}`;
    const nth = counts.get(key) ?? 0;
    counts.set(key, nth + 1);
    const route = routes[key];
    const [status, body, headers] = route ? route(req, nth) : [404, { error: `no route ${key}` }];
    json(res, status, body, headers);
  });
  const client = new Predibase({
    apiToken: "pb_secret",
    apiUrl: `${server.url}/v2`,
    maxRetries: 0,
    ...options,
  });
  cleanups.push(
    () => server.close(),
    () => client.close(),
  );
  const seen = () => server.requests.map((r) => `${r.method} ${r.url}`);
  const bodyOf = (key: string) => {
    const found = server.requests.find((r) => `${r.method} ${r.url}` === key);
    return found ? JSON.parse(found.body) : undefined;
  };
  return { server, client, seen, bodyOf };
}

/** A deployment as the platform sends it, with a field the SDK does not know. */
function platformDeployment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "my-llm",
    uuid: "5b1d",
    description: "",
    type: "dedicated",
    status: "ready",
    model: { name: "qwen3-8b", maxInputLength: 4096, weirdNewThing: 1 },
    accelerator: { id: "a10_24gb_100", name: "A10G" },
    quantization: null,
    currentReplicas: 1,
    config: {
      baseModel: "qwen3-8b",
      accelerator: "a10_24gb_100",
      quantization: null,
      usesGuaranteedCapacity: null,
      customArgs: ["--max-batch-prefill-tokens", "4096"],
      preloadedAdapters: null,
      cooldownTime: 3600,
      minReplicas: 0,
      maxReplicas: 1,
      maxTotalTokens: null,
      scaleUpRequestThreshold: null,
      hfToken: "hf_must_never_surface",
      loraxImageTag: null,
      speculator: null,
      requestLoggingEnabled: false,
      directIngress: null,
      prefixCaching: true,
    },
    usesGuaranteedCapacity: false,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:01:00Z",
    errorText: null,
    someFutureField: { nested: true },
    ...overrides,
  };
}

describe("deployments (platform)", () => {
  it("creates with all 17 config keys (unset ones null), then reads the deployment back", async () => {
    const p = await platform({
      "POST /v2/deployments": () => [200, { ignored: true }],
      "GET /v2/deployments/my-llm": () => [200, { data: platformDeployment({ status: "pending" }) }],
    });
    const dep = await p.client.deployments.create({
      name: "my-llm",
      base_model: "qwen3-8b",
      min_replicas: 0,
      max_replicas: 1,
      custom_args: ["--max-batch-prefill-tokens", "4096"],
      hf_token: "hf_secret",
    });
    expect(p.seen()).toEqual(["POST /v2/deployments", "GET /v2/deployments/my-llm"]);
    const body = p.bodyOf("POST /v2/deployments");
    expect(Object.keys(body).sort()).toEqual(["config", "description", "name"]);
    expect(body.description).toBe("");
    expect(Object.keys(body.config)).toHaveLength(17);
    expect(body.config).toMatchObject({
      baseModel: "qwen3-8b",
      minReplicas: 0,
      maxReplicas: 1,
      customArgs: ["--max-batch-prefill-tokens", "4096"],
      hfToken: "hf_secret",
      accelerator: null,
      quantization: null,
      scaleUpRequestThreshold: null,
    });
    // Nothing of the spec format goes out.
    expect(JSON.stringify(body)).not.toMatch(/"[a-z]+_[a-z_]*":/); // no snake_case key
    expect(dep.status).toBe("pending");
  });

  it("reads the platform object into the public shape, dropping unknown fields and the hf token", async () => {
    const p = await platform({
      "GET /v2/deployments/my-llm": () => [200, { data: platformDeployment() }],
      "GET /v2/deployments": () => [200, { data: [platformDeployment(), platformDeployment({ name: "b" })] }],
    });
    const dep = await p.client.deployments.get("my-llm");
    expect(dep).toEqual({
      name: "my-llm",
      uuid: "5b1d",
      description: "",
      type: "dedicated",
      status: "ready",
      base_model: "qwen3-8b",
      max_input_length: 4096,
      accelerator: "a10_24gb_100",
      quantization: null,
      current_replicas: 1,
      custom_args: ["--max-batch-prefill-tokens", "4096"],
      preloaded_adapters: null,
      cooldown_time: 3600,
      min_replicas: 0,
      max_replicas: 1,
      max_total_tokens: null,
      scale_up_request_threshold: null,
      request_logging_enabled: false,
      prefix_caching: true,
      uses_guaranteed_capacity: false,
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:01:00Z",
      error: null,
    } satisfies Deployment);
    expect(JSON.stringify(dep)).not.toContain("hf_must_never_surface");
    expect((await p.client.deployments.list()).map((d) => d.name)).toEqual(["my-llm", "b"]);
  });

  it("keeps the hf token out of errors even when the server echoes the request", async () => {
    const p = await platform({
      "PUT /v2/deployments/my-llm": (req) => [400, { error: `bad body: ${req.body}` }],
    });
    const err = await p.client.deployments
      .update("my-llm", { hf_token: "hf_topsecret", min_replicas: 1 })
      .catch((e: unknown) => e);
    expect((err as Error).message).toContain("bad body");
    expect((err as Error).message).toContain("[redacted]");
    expect(JSON.stringify(err)).not.toContain("hf_topsecret");
    expect(String((err as { body: unknown }).body)).not.toContain("hf_topsecret");
    expect(JSON.stringify((err as { body: unknown }).body)).not.toContain("hf_topsecret");
  });

  it("takes the error from errorText", async () => {
    const p = await platform({
      "GET /v2/deployments/my-llm": () => [
        200,
        { data: platformDeployment({ status: "errored", errorText: "CUDA out of memory" }) },
      ],
    });
    expect(await p.client.deployments.get("my-llm")).toMatchObject({
      status: "errored",
      error: "CUDA out of memory",
    });
  });

  it("updates with PUT: only the given config keys, camelCase, description outside; then a GET", async () => {
    const p = await platform({
      "PUT /v2/deployments/my-llm": () => [200, {}],
      "GET /v2/deployments/my-llm": () => [200, { data: platformDeployment({ status: "updating" }) }],
    });
    const dep = await p.client.deployments.update("my-llm", {
      min_replicas: 1,
      scale_up_request_threshold: 5,
      prefix_caching: false,
      description: "bigger",
    });
    expect(p.seen()).toEqual(["PUT /v2/deployments/my-llm", "GET /v2/deployments/my-llm"]);
    expect(p.bodyOf("PUT /v2/deployments/my-llm")).toEqual({
      config: { minReplicas: 1, scaleUpRequestThreshold: 5, prefixCaching: false },
      description: "bigger",
    });
    expect(dep.status).toBe("updating");
  });

  it("sends no config at all when only the description changes", async () => {
    const p = await platform({
      "PUT /v2/deployments/my-llm": () => [200, {}],
      "GET /v2/deployments/my-llm": () => [200, { data: platformDeployment() }],
    });
    await p.client.deployments.update("my-llm", { description: "renamed" });
    expect(p.bodyOf("PUT /v2/deployments/my-llm")).toEqual({ description: "renamed" });
  });

  it("waits out updating until ready", async () => {
    const statuses = ["updating", "updating", "ready"];
    const p = await platform({
      "GET /v2/deployments/my-llm": (_req, nth) => [
        200,
        { data: platformDeployment({ status: statuses[Math.min(nth, 2)] }) },
      ],
    });
    const dep = await p.client.deployments.waitUntilReady("my-llm", { clock: frozenEmulatorClock() });
    expect(dep.status).toBe("ready");
    expect(p.seen()).toHaveLength(3);
  });

  it("ends the readiness wait on stopped with a TerminalStateError whose status says stopped", async () => {
    const p = await platform({
      "GET /v2/deployments/my-llm": () => [200, { data: platformDeployment({ status: "stopped" }) }],
    });
    const err = await p.client.deployments
      .waitUntilReady("my-llm", { clock: frozenEmulatorClock() })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TerminalStateError);
    expect((err as TerminalStateError).status).toBe("stopped");
    expect((err as TerminalStateError).message).toMatch(/stopped: it does not serve/);
  });

  it("keeps waiting through a status it does not know", async () => {
    const statuses = ["warming_gpus", "ready"];
    const p = await platform({
      "GET /v2/deployments/my-llm": (_req, nth) => [
        200,
        { data: platformDeployment({ status: statuses[Math.min(nth, 1)] }) },
      ],
    });
    const seen: string[] = [];
    await p.client.deployments.waitUntilReady("my-llm", {
      clock: frozenEmulatorClock(),
      onProgress: (progress) => seen.push(progress.last.status),
    });
    expect(seen).toEqual(["warming_gpus"]);
  });
});

describe("reads tolerate both shapes, whatever the client speaks", () => {
  it("a platform client reads a flat body, a spec client a nested one", async () => {
    const flat = { name: "my-llm", base_model: "qwen3-8b", status: "ready", min_replicas: null };
    const p = await platform({ "GET /v2/deployments/flat": () => [200, flat] });
    expect(await p.client.deployments.get("flat")).toEqual(flat);
    const s = await platform(
      { "GET /v2/deployments/nested": () => [200, { data: platformDeployment() }] },
      { wireFormat: "spec" },
    );
    expect(await s.client.deployments.get("nested")).toMatchObject({
      base_model: "qwen3-8b",
      accelerator: "a10_24gb_100",
      cooldown_time: 3600,
    });
  });

  it("names the missing field when a body fits neither shape", async () => {
    const p = await platform({
      "GET /v2/deployments/odd": () => [200, { data: { name: "odd", status: "ready" } }],
    });
    await expect(p.client.deployments.get("odd")).rejects.toThrow(/data\.base_model/);
  });
});

describe("spec format has no update", () => {
  it("throws UnsupportedOperationError and sends nothing", async () => {
    const p = await platform({}, { wireFormat: "spec" });
    const err = await p.client.deployments.update("my-llm", { min_replicas: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedOperationError);
    expect((err as UnsupportedOperationError).message).toMatch(/deployments.update.*"spec".*platform/);
    expect(p.seen()).toEqual([]);
  });

  it("sends the seed's flat snake_case body and paths", async () => {
    const flat = { name: "my-llm", base_model: "qwen3-8b", status: "pending", extra: 1 };
    const p = await platform({ "POST /v2/deployments": () => [201, flat] }, { wireFormat: "spec" });
    const dep = await p.client.deployments.create({
      name: "my-llm",
      base_model: "qwen3-8b",
      min_replicas: 1,
    });
    expect(p.bodyOf("POST /v2/deployments")).toEqual({
      name: "my-llm",
      base_model: "qwen3-8b",
      min_replicas: 1,
    });
    expect(dep).toEqual({ name: "my-llm", base_model: "qwen3-8b", status: "pending" }); // `extra` dropped
  });
});

describe("repos and adapter versions (platform)", () => {
  const version = {
    repo: "support-bot",
    tag: 2,
    archived: false,
    baseModel: "qwen3-8b",
    description: null,
    adapterPath: "s3://adapters/support-bot/2",
    status: "completed",
    finetuningJob: { uuid: "job-1", error: null },
    createdAt: "2026-01-01T00:00:00Z",
    unknownKey: "x",
  };

  it("creates with existsOk false, lists with a limit and reads versions as repo/N", async () => {
    const repo = {
      uuid: "r1",
      name: "support-bot",
      description: null,
      versions: [{ tag: 1, createdAt: "t", createdBy: "me", baseModel: "qwen3-8b", archived: false }],
    };
    const p = await platform({
      "POST /v2/repos": () => [200, repo],
      "GET /v2/repos": () => [200, { data: { repos: [repo] } }],
    });
    const created = await p.client.repos.create({ name: "support-bot" });
    expect(p.bodyOf("POST /v2/repos")).toEqual({ name: "support-bot", description: null, existsOk: false });
    expect(created.versions).toEqual([
      { tag: 1, adapter_id: "support-bot/1", base_model: "qwen3-8b", archived: false, created_at: "t" },
    ]);
    expect((await p.client.repos.list()).map((r) => r.name)).toEqual(["support-bot"]);
    expect(p.seen()).toContain("GET /v2/repos?limit=1000");
  });

  it("gets, archives and unarchives a version at /v2/repos/{repo}/version/{tag}", async () => {
    let archived = false;
    const p = await platform({
      "GET /v2/repos/support-bot/version/2": () => [200, { ...version, archived }],
      "PUT /v2/repos/support-bot/version/2": (req) => {
        archived = JSON.parse(req.body).archived;
        return [200, {}];
      },
    });
    expect(await p.client.repos.versions.get("support-bot", 2)).toEqual({
      repo: "support-bot",
      tag: 2,
      adapter_id: "support-bot/2",
      archived: false,
      base_model: "qwen3-8b",
      description: null,
      adapter_path: "s3://adapters/support-bot/2",
      status: "completed",
      finetuning_job_id: "job-1",
      error: null,
      created_at: "2026-01-01T00:00:00Z",
    });
    expect((await p.client.repos.versions.archive("support-bot", 2)).archived).toBe(true);
    expect((await p.client.repos.versions.unarchive("support-bot", 2)).archived).toBe(false);
    expect(p.server.requests.filter((r) => r.method === "PUT").map((r) => JSON.parse(r.body))).toEqual([
      { archived: true },
      { archived: false },
    ]);
  });
});

describe("fine-tuning jobs (platform)", () => {
  const job = {
    uuid: "job-1",
    baseModel: "qwen3-8b",
    datasetName: "tickets",
    targetRepoName: "support-bot",
    targetVersionTag: 3,
    accelerator: { id: "a100_80gb_100" },
    status: "queued",
    params: { base_model: "qwen3-8b", adapter: "lora", task: "sft", epochs: 3, rank: 16 },
    description: null,
    createdAt: "2026-01-01T00:00:00Z",
    error: null,
  };

  it("creates with params (snake_case, only given keys) and knows the adapter version at once", async () => {
    const p = await platform({ "POST /v2/finetuning/jobs": () => [200, job] });
    const created = await p.client.finetuning.jobs.create({
      base_model: "qwen3-8b",
      dataset: "tickets",
      repo: "support-bot",
      adapter_type: "lora",
      epochs: 3,
      rank: 16,
      continue_from_version: "support-bot/2",
    });
    expect(p.bodyOf("POST /v2/finetuning/jobs")).toEqual({
      params: { base_model: "qwen3-8b", adapter: "lora", epochs: 3, rank: 16 },
      dataset: "tickets",
      continueFromVersion: "support-bot/2",
      repo: "support-bot",
      description: null,
    });
    expect(created).toMatchObject({
      id: "job-1",
      base_model: "qwen3-8b",
      dataset: "tickets",
      repo: "support-bot",
      adapter_type: "lora",
      task: "sft",
      accelerator: "a100_80gb_100",
      target_version_tag: 3,
      adapter_version: "support-bot/3",
      status: "queued",
    });
    expect(created).not.toHaveProperty("params");
  });

  it("cancels with a bodiless POST and reads the job back; reads the timeline", async () => {
    const p = await platform({
      "POST /v2/finetuning/jobs/job-1/cancel": () => [200, {}],
      "GET /v2/finetuning/jobs/job-1": () => [200, { ...job, status: "canceled" }],
      "GET /v2/finetuning/jobs/job-1/timeline": () => [
        200,
        { queued: { startedAt: "2026-01-01T00:00:00Z" }, training: { startedAt: "2026-01-01T00:05:00Z" } },
      ],
    });
    expect((await p.client.finetuning.jobs.cancel("job-1")).status).toBe("canceled");
    expect(p.server.requests[0]?.body).toBe("");
    expect(await p.client.finetuning.jobs.timeline("job-1")).toEqual({
      queued: { started_at: "2026-01-01T00:00:00Z" },
      training: { started_at: "2026-01-01T00:05:00Z" },
    });
  });
});

describe("batch inference (platform)", () => {
  const batch = {
    uuid: "b-1",
    originalRequest: { dataset: "prompts", serverConfig: { baseModel: "qwen3-8b", hfToken: null } },
    status: "queued",
    error: null,
    resultPath: null,
    createdAt: "2026-01-01T00:00:00Z",
  };

  it("creates at /v2/batch-inference, cancels with a GET, and fetches the results link", async () => {
    const p = await platform({
      "POST /v2/batch-inference": () => [200, batch],
      "GET /v2/batch-inference/b-1/cancel": () => [200, {}],
      "GET /v2/batch-inference/b-1": () => [200, { ...batch, status: "cancelled" }],
      "GET /v2/batch-inference/b-1/results": () => [200, { url: "https://results.test/b-1.jsonl" }],
    });
    const job = await p.client.batchInference.jobs.create({ base_model: "qwen3-8b", dataset: "prompts" });
    expect(p.bodyOf("POST /v2/batch-inference")).toEqual({
      dataset: "prompts",
      serverConfig: {
        baseModel: "qwen3-8b",
        quantization: null,
        customArgs: null,
        hfToken: null,
        loraxImageTag: null,
      },
    });
    expect(job).toEqual({
      id: "b-1",
      uuid: "b-1",
      status: "queued",
      base_model: "qwen3-8b",
      dataset: "prompts",
      result_path: null,
      created_at: "2026-01-01T00:00:00Z",
      error: null,
    });
    expect((await p.client.batchInference.jobs.cancel("b-1")).status).toBe("cancelled");
    expect(await p.client.batchInference.jobs.results("b-1")).toEqual({
      url: "https://results.test/b-1.jsonl",
    });
  });

  it("refuses `output` on the platform (it chooses where results go) without sending anything", async () => {
    const p = await platform({});
    await expect(
      p.client.batchInference.jobs.create({ base_model: "qwen3-8b", dataset: "prompts", output: "s3://x" }),
    ).rejects.toThrow(/output.*results\(id\)/);
    expect(p.seen()).toEqual([]);
  });

  it("ends the wait on cancelled and stopped", async () => {
    for (const status of ["cancelled", "stopped"]) {
      const p = await platform({ "GET /v2/batch-inference/b-1": () => [200, { ...batch, status }] });
      const err = await p.client.batchInference.jobs
        .waitUntilDone("b-1", { clock: frozenEmulatorClock() })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TerminalStateError);
      expect((err as TerminalStateError).status).toBe(status);
    }
  });
});

describe("tenant discovery", () => {
  const user = {
    id: 7,
    username: "ada",
    uuid: "u-1",
    tenant: {
      name: "Acme",
      shortCode: "acme42",
      subscription: {
        id: 1,
        tier: "developer",
        isTrial: false,
        expiration: null,
        daysRemainingInPlan: 20,
        active: true,
      },
    },
    comment: "ignored",
  };

  it("asks /v1/users/current once per client, even for concurrent callers", async () => {
    const p = await platform({ "GET /v1/users/current": () => [200, user] });
    expect(p.client.tenantId).toBeUndefined();
    const ids = await Promise.all([p.client.resolveTenantId(), p.client.resolveTenantId()]);
    expect(ids).toEqual(["acme42", "acme42"]);
    expect(await p.client.resolveTenantId()).toBe("acme42");
    expect(p.seen()).toEqual(["GET /v1/users/current"]);
    expect(p.client.tenantId).toBe("acme42");
    expect(p.client.deployment("my-llm").baseUrl).toMatch(/\/acme42\/deployments\/v2\/llms\/my-llm$/);
    expect(await p.client.users.current()).toEqual({
      id: 7,
      username: "ada",
      uuid: "u-1",
      tenant: {
        name: "Acme",
        short_code: "acme42",
        subscription: {
          id: 1,
          tier: "developer",
          is_trial: false,
          expiration: null,
          days_remaining_in_plan: 20,
          active: true,
        },
      },
    });
  });

  it("does not ask when the tenant is configured, and asks again after a failed lookup", async () => {
    const configured = await platform({}, { tenantId: "t1" });
    expect(await configured.client.resolveTenantId()).toBe("t1");
    expect(configured.seen()).toEqual([]);

    const flaky = await platform({
      "GET /v1/users/current": (_req, nth) => (nth === 0 ? [500, { error: "boom" }] : [200, user]),
    });
    await expect(flaky.client.resolveTenantId()).rejects.toThrow(/boom/);
    expect(await flaky.client.resolveTenantId()).toBe("acme42");
  });
});

describe("datasets (platform)", () => {
  it("gets by name in file_uploads, or by connection/name", async () => {
    const ds = {
      uuid: "d1",
      name: "tickets",
      connection: { type: "file", name: "file_uploads" },
      status: "connected",
      createdAt: "t",
    };
    const p = await platform({ "GET /v1/datasets/name/tickets": () => [200, ds] });
    expect(await p.client.datasets.get("tickets")).toEqual({
      uuid: "d1",
      name: "tickets",
      status: "connected",
      connection_name: "file_uploads",
      connection_type: "file",
      created_at: "t",
    });
    await p.client.datasets.get("s3conn/tickets");
    expect(p.seen()).toEqual([
      "GET /v1/datasets/name/tickets?connectionName=file_uploads",
      "GET /v1/datasets/name/tickets?connectionName=s3conn",
    ]);
  });
});

describe("dataset upload (platform)", () => {
  async function uploadServer(statuses: Record<string, unknown>[]) {
    let base = "";
    const p = await platform({
      "POST /v1/datasets/get_presigned_url": () => [
        200,
        {
          url: `${base}/__uploads/obj-1?X-Signature=abc`,
          object_name: "obj-1",
          required_headers: { "x-amz-acl": "private" },
        },
      ],
      "PUT /__uploads/obj-1": () => [200, {}],
      "POST /v1/datasets/register_uploaded_file": () => [200, { id: 12, name: "tickets" }],
      "GET /v1/datasets/12": (_req, nth) => [200, statuses[Math.min(nth, statuses.length - 1)]],
    });
    base = p.server.url;
    const dir = await mkdtemp(join(tmpdir(), "pb-upload-"));
    const file = join(dir, "tickets.csv");
    await writeFile(file, "prompt,completion\nhi,hello\n");
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return { ...p, file };
  }
  const dataset = (status: string, lastError: string | null = null) => ({
    uuid: "d-12",
    name: "tickets",
    connection: { type: "file", name: "file_uploads" },
    status,
    lastError,
    createdAt: "t",
  });

  it("presigns, PUTs the file without the token, registers and waits until connected", async () => {
    const p = await uploadServer([dataset("connecting"), dataset("connected")]);
    const ds = await p.client.datasets.upload(
      { name: "tickets", file: p.file },
      { clock: frozenEmulatorClock() },
    );
    expect(ds).toEqual({
      uuid: "d-12",
      name: "tickets",
      status: "connected",
      connection_name: "file_uploads",
      connection_type: "file",
      created_at: "t",
    });
    expect(p.seen()).toEqual([
      "POST /v1/datasets/get_presigned_url",
      "PUT /__uploads/obj-1?X-Signature=abc",
      "POST /v1/datasets/register_uploaded_file",
      "GET /v1/datasets/12?withInfo=true",
      "GET /v1/datasets/12?withInfo=true",
    ]);
    expect(p.bodyOf("POST /v1/datasets/get_presigned_url")).toEqual({
      mime_type: "text/csv",
      expiry_seconds: 3600,
      artifact_type: "ARTIFACT_TYPE_DATASET",
    });
    const put = p.server.requests[1];
    expect(put?.headers.authorization).toBeUndefined();
    expect(put?.headers["content-type"]).toBe("text/csv");
    expect(put?.headers["x-amz-acl"]).toBe("private");
    expect(put?.body).toBe("prompt,completion\nhi,hello\n");
    expect(p.bodyOf("POST /v1/datasets/register_uploaded_file")).toEqual({
      dataset_name: "tickets",
      object_name: "obj-1",
      file_name: "tickets.csv",
    });
  });

  it("stops with TerminalStateError when the platform reports lastError", async () => {
    const p = await uploadServer([dataset("errored", "row 2: missing column completion")]);
    const err = await p.client.datasets
      .upload({ name: "tickets", file: p.file }, { clock: frozenEmulatorClock() })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TerminalStateError);
    expect((err as Error).message).toMatch(/dataset tickets failed: row 2: missing column completion/);
  });

  it("has no upload in the spec format", async () => {
    const p = await uploadServer([]);
    const spec = new Predibase({ apiToken: "pb_x", apiUrl: `${p.server.url}/v2`, wireFormat: "spec" });
    cleanups.push(() => spec.close());
    await expect(spec.datasets.upload({ name: "tickets", file: p.file })).rejects.toBeInstanceOf(
      UnsupportedOperationError,
    );
    expect(p.seen()).toEqual([]);
  });
});

describe("base models (platform)", () => {
  it("lists the legacy /v1/supported_llms", async () => {
    const p = await platform({
      "GET /v1/supported_llms": () => [
        200,
        [{ name: "qwen3-8b", hfId: "Qwen/Qwen3-8B", supportsFinetuning: true }],
      ],
    });
    expect(await p.client.models.list()).toEqual([
      { name: "qwen3-8b", hf_id: "Qwen/Qwen3-8B", supports_finetuning: true },
    ]);
  });
});

describe("rate limits", () => {
  it("waits x-ratelimit-reset seconds before retrying a 429", async () => {
    const p = await platform(
      {
        "GET /v2/repos/r": (_req, nth) =>
          nth === 0
            ? [429, { error: "rate limited" }, { "x-ratelimit-reset": "1" }]
            : [200, { uuid: "r", name: "r", versions: [], createdAt: "t" }],
      },
      { maxRetries: 1 },
    );
    await p.client.repos.get("r");
    const [first, second] = p.server.requests;
    expect(second && first && second.at - first.at).toBeGreaterThanOrEqual(950);
  });
});
