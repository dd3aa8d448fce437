import { afterEach, describe, expect, it } from "vitest";
import { ConflictError, Predibase } from "../../sdk/index.js";
import { deployment, json, type SeenRequest, startTestServer } from "./helpers/server.js";

// Safe retries of creates, against a tiny real server that loses the response of the first
// attempt after acting on it (the emulator-based variant lives in emulator-faults.test.ts).
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(handler: Parameters<typeof startTestServer>[0]) {
  const server = await startTestServer(handler);
  const lines: string[] = [];
  // The scripted server answers in the seed's flat shapes; the same adoption runs in the platform
  // format against the emulator (emulator-faults.test.ts).
  const client = new Predibase({
    apiToken: "pb_x",
    apiUrl: `${server.url}/v2`,
    wireFormat: "spec",
    logger: (l) => lines.push(l),
  });
  cleanups.push(async () => {
    await client.close();
    await server.close();
  });
  return { server, client, lines };
}

const calls = (requests: SeenRequest[]) => requests.map((r) => `${r.method} ${r.url}`);

describe("create idempotency by name", () => {
  function deploymentServer(existing: Record<string, unknown>) {
    let created = false;
    return setup((req, res) => {
      if (req.method === "POST" && !created) {
        created = true;
        res.socket?.destroy(); // acted on, response lost
      } else if (req.method === "POST") {
        json(res, 409, { error: "deployment my-llm already exists", error_type: "conflict" });
      } else {
        json(res, 200, existing);
      }
    });
  }

  it("returns the deployment its own lost first attempt created", async () => {
    const { server, client, lines } = await deploymentServer(deployment({ accelerator: "a10_24gb_100" }));
    const dep = await client.deployments.create({
      name: "my-llm",
      base_model: "qwen3-8b",
      accelerator: "a10_24gb_100",
    });
    expect(dep.name).toBe("my-llm");
    expect(calls(server.requests)).toEqual([
      "POST /v2/deployments",
      "POST /v2/deployments",
      "GET /v2/deployments/my-llm",
    ]);
    expect(lines.some((l) => /lost response/.test(l))).toBe(true);
  });

  it("rethrows the ConflictError when the existing deployment differs from the request", async () => {
    const { client } = await deploymentServer(deployment({ base_model: "llama-3-1-8b-instruct" }));
    await expect(
      client.deployments.create({ name: "my-llm", base_model: "qwen3-8b" }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("treats a 404 on a retried delete as done", async () => {
    const { client } = await setup((_req, res, i) => {
      if (i === 0) res.socket?.destroy();
      else json(res, 404, { error: "repo r not found" });
    });
    await expect(client.repos.delete("r")).resolves.toBeUndefined();
  });
});

describe("job create adoption", () => {
  function jobServer(opts: {
    createOnFirst: boolean;
    firstFailure: "reset" | "502" | "429";
    seed?: Record<string, unknown>[];
  }) {
    const jobs: Record<string, unknown>[] = [...(opts.seed ?? [])];
    const make = (body: string) => {
      const job = {
        id: `job-${jobs.length + 1}`,
        status: "queued",
        created_at: new Date().toISOString(),
        ...JSON.parse(body),
      };
      jobs.push(job);
      return job;
    };
    let posts = 0;
    return setup((req, res) => {
      if (req.method === "GET") return json(res, 200, { data: { jobs } });
      posts++;
      if (posts === 1) {
        if (opts.createOnFirst) make(req.body);
        if (opts.firstFailure === "reset") return void res.socket?.destroy();
        if (opts.firstFailure === "429")
          return json(res, 429, { error: "slow down" }, { "retry-after-ms": "5" });
        return json(res, 502, { error: "bad gateway" }, { "retry-after-ms": "5" });
      }
      json(res, 200, make(req.body));
    }).then((ctx) => ({ ...ctx, jobs }));
  }

  const body = { base_model: "qwen3-8b", dataset: "ds", repo: "r" };

  it("adopts the job a reset-after-create attempt made, instead of training twice", async () => {
    const { server, client, jobs } = await jobServer({ createOnFirst: true, firstFailure: "reset" });
    const job = await client.finetuning.jobs.create(body);
    expect(jobs).toHaveLength(1);
    expect(job.id).toBe("job-1");
    expect(calls(server.requests)).toEqual(["POST /v2/finetuning/jobs", "GET /v2/finetuning/jobs"]);
  });

  it("retries the create when the listing shows nothing was created", async () => {
    const { client, jobs } = await jobServer({ createOnFirst: false, firstFailure: "502" });
    const job = await client.finetuning.jobs.create(body);
    expect(jobs).toHaveLength(1);
    expect(job.id).toBe("job-1");
  });

  it("retries a 429 plainly, without listing", async () => {
    const { server, client } = await jobServer({ createOnFirst: false, firstFailure: "429" });
    await client.batchInference.jobs.create({ base_model: "qwen3-8b", dataset: "ds" });
    expect(calls(server.requests)).toEqual([
      "POST /v2/batch-inference/jobs",
      "POST /v2/batch-inference/jobs",
    ]);
  });

  it("never adopts a job this client already created", async () => {
    const { client, jobs } = await jobServer({ createOnFirst: false, firstFailure: "502" });
    // First create hits the 502 (nothing created) and retries; a second identical create must not
    // be answered with the first one's job.
    const first = await client.finetuning.jobs.create(body);
    const second = await client.finetuning.jobs.create(body);
    expect(second.id).not.toBe(first.id);
    expect(jobs).toHaveLength(2);
  });

  it("does not adopt a job that differs from the request", async () => {
    // A fresh job exists, but for another repo; the lost attempt created nothing.
    const seed = [
      { id: "job-0", status: "queued", created_at: new Date().toISOString(), ...body, repo: "other" },
    ];
    const { client, jobs } = await jobServer({ createOnFirst: false, firstFailure: "reset", seed });
    const job = await client.finetuning.jobs.create(body);
    expect(job.repo).toBe("r");
    expect(job.id).not.toBe("job-0");
    expect(jobs).toHaveLength(2);
  });
});
