// The client (SDK) where the scenario is about the client itself: answers slower than its timeout
// (both ways a server can be slow), and an outage longer than its retry budget (requests counted
// for several budgets). The provider uses this client with its defaults (60 s timeout, 2 retries).
import { afterAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator/index.js";
import { APIConnectionError, APIError, Predibase } from "../../sdk/index.js";
import { type FaultCount, FaultTally, isClean, leaks, type Row, rowsOf } from "./harness.js";
import { type SlowRule, slowProxy } from "./slow-proxy.js";

const table = rowsOf(__filename);
const M = "llama-3-2-1b-instruct";

type Kind = "repos" | "datasets" | "deployments" | "finetuning_jobs" | "batch_jobs";
const count = (emu: RunningEmulator, kind: Kind) =>
  ((emu.control.state().tenants[emu.tenantId]?.[kind] ?? []) as unknown[]).length;

/** One of each kind, through `client`; the repo and dataset the jobs need come first. */
async function createAll(client: Predibase) {
  const repo = await client.repos.create({ name: "slow-repo" });
  const data = await client.datasets.create({ name: "slow-data" });
  const [dep, job, batch] = await Promise.all([
    client.deployments.create({ name: "slow-llm", base_model: M }),
    client.finetuning.jobs.create({ base_model: M, dataset: data.name, repo: repo.name }),
    client.batchInference.jobs.create({ base_model: M, dataset: data.name }),
  ]);
  return { repo, data, dep, job, batch };
}

/** One slowed first attempt per create path (the retries go through at normal speed). */
const slowCreates = (mode: "response" | "request"): SlowRule[] =>
  ["repos", "datasets", "deployments", "finetuning/jobs", "batch-inference(/jobs)?"].map((p) => ({
    method: "POST",
    path: new RegExp(`^/v2/${p}$`),
    mode,
    delayMs: 1_200,
    count: 1,
  }));

/** The proxy's rules as the row's faults: each rule armed, and the calls it hit. */
const proxyFaults = (rules: SlowRule[]): FaultCount => ({
  armed: rules.length,
  fired: rules.filter((r) => (r.hits ?? 0) > 0).length,
  hits: rules.reduce((n, r) => n + (r.hits ?? 0), 0),
  unfired: rules.filter((r) => !r.hits).map((r) => `${r.method} ${r.path.source}`),
});

describe("the client against a slow or absent platform", () => {
  afterAll(() => {
    const all = table.finish();
    if (all) expect(all.filter((r) => !isClean(r))).toEqual([]);
  });

  it("an answer slower than the timeout (emulator delay) is abandoned and retried", async () => {
    const emu = await startEmulator({ clock: "manual" });
    try {
      const tally = new FaultTally(emu);
      tally.arm([{ method: "GET", path: "^/repos$", kind: "delay", delay_ms: 1_500, count: 1 }]);
      const lines: string[] = [];
      const client = new Predibase({
        apiToken: emu.apiToken,
        apiUrl: emu.apiUrl,
        timeout: 500,
        logger: (l) => lines.push(l),
      });
      const started = Date.now();
      const repos = await client.repos.list();
      const elapsed = Date.now() - started;
      await client.close();
      const timedOut = lines.some((l) => /timed out after 500 ms/.test(l));
      const retried = lines.some((l) => /retrying GET/.test(l));
      table.add({
        scenario: "client: slow answer beyond its timeout (emulator delay)",
        runs: 1,
        converged: repos.length === 0 && timedOut && retried && elapsed < 1_500,
        duplicates: 0, // a read creates nothing
        orphans: 0,
        requests: emu.control.requests().length,
        leaks: leaks(emu.apiToken, ...lines),
        faults: tally.count(),
      });
      expect(repos).toEqual([]);
      expect(timedOut).toBe(true);
      expect(retried).toBe(true);
      expect(elapsed).toBeLessThan(1_500); // it did not wait for the slow answer
    } finally {
      await emu.close();
    }
  });

  it("creates handled at once but answered after the timeout: each object once, adopted by the retry", async () => {
    const emu = await startEmulator({ clock: "manual" });
    const proxy = await slowProxy(emu.apiUrl);
    try {
      const rules = slowCreates("response");
      proxy.rules.push(...rules);
      const lines: string[] = [];
      const client = new Predibase({
        apiToken: emu.apiToken,
        apiUrl: proxy.url,
        timeout: 400,
        logger: (l) => lines.push(l),
      });
      const made = await createAll(client);
      await proxy.settled();
      await client.close();
      const counts = (["repos", "datasets", "deployments", "finetuning_jobs", "batch_jobs"] as const).map(
        (k) => count(emu, k),
      );
      const tenant = emu.control.state().tenants[emu.tenantId];
      const jobIds = (tenant?.finetuning_jobs ?? []).map((j) => (j as { id: string }).id);
      const batchIds = (tenant?.batch_jobs ?? []).map((j) => (j as { id: string }).id);
      // What the client returned and nobody else knows of: an object on the platform it did not return.
      const unknown =
        jobIds.filter((id) => id !== made.job.id).length +
        batchIds.filter((id) => id !== made.batch.id).length;
      table.add({
        scenario: "client: creates answered after its timeout (handled at once)",
        runs: 1,
        converged: counts.every((n) => n >= 1),
        duplicates: counts.reduce((a, b) => a + Math.max(0, b - 1), 0),
        orphans: unknown,
        requests: emu.control.requests().length,
        leaks: leaks(emu.apiToken, ...lines),
        faults: proxyFaults(rules),
      });
      expect(counts).toEqual([1, 1, 1, 1, 1]);
      expect(jobIds).toEqual([made.job.id]);
      expect(batchIds).toEqual([made.batch.id]);
      // The job creates were adopted from the listing (names come back from their 409).
      expect(lines.filter((l) => /adopting job/.test(l)).length).toBe(2);
    } finally {
      await proxy.close();
      await emu.close();
    }
  });

  it("creates handled only after the client gave up: named kinds once; jobs (documented limit)", async () => {
    const emu = await startEmulator({ clock: "manual" });
    const proxy = await slowProxy(emu.apiUrl);
    try {
      const rules = slowCreates("request");
      proxy.rules.push(...rules);
      const lines: string[] = [];
      const client = new Predibase({
        apiToken: emu.apiToken,
        apiUrl: proxy.url,
        timeout: 400,
        logger: (l) => lines.push(l),
      });
      const made = await createAll(client);
      await proxy.settled(); // the late first attempts reach the platform now
      await client.close();
      // Names are unique: the late attempt meets the retry's object and gets 409.
      expect([count(emu, "repos"), count(emu, "datasets"), count(emu, "deployments")]).toEqual([1, 1, 1]);
      // Jobs have server-side ids and the API no idempotency key: when the first attempt is
      // handled after the retry's check found nothing, a second job starts. At most one extra per
      // abandoned attempt.
      const jobs = count(emu, "finetuning_jobs");
      const batches = count(emu, "batch_jobs");
      expect(jobs).toBeLessThanOrEqual(2);
      expect(batches).toBeLessThanOrEqual(2);
      const tenant = emu.control.state().tenants[emu.tenantId];
      const ids = [...(tenant?.finetuning_jobs ?? []), ...(tenant?.batch_jobs ?? [])].map(
        (j) => (j as { id: string }).id,
      );
      expect(ids).toContain(made.job.id);
      expect(ids).toContain(made.batch.id);
      const extra = jobs - 1 + (batches - 1);
      const named = [count(emu, "repos"), count(emu, "datasets"), count(emu, "deployments")];
      table.add({
        scenario: "client: creates handled after its timeout expired",
        runs: 1,
        converged: ids.includes(made.job.id) && ids.includes(made.batch.id),
        duplicates: named.reduce((a, b) => a + Math.max(0, b - 1), 0) + extra,
        orphans: extra, // the late job is known to nobody
        requests: emu.control.requests().length,
        leaks: leaks(emu.apiToken, ...lines),
        faults: proxyFaults(rules),
        ...(extra > 0
          ? {
              known:
                "a job create the platform handles only after the client's timeout (60 s by default) " +
                "gave up starts a second job: the API has no idempotency key (docs/reliability.md)",
            }
          : {}),
      });
    } finally {
      await proxy.close();
      await emu.close();
    }
  });

  it.each([0, 2, 4])(
    "an outage outlasting maxRetries %i: exactly maxRetries + 1 requests per call, then a clear error",
    async (maxRetries) => {
      const emu = await startEmulator({ clock: "manual" });
      try {
        const tally = new FaultTally(emu);
        tally.arm([
          { method: "GET", path: "^/repos$", kind: "status", status: 503, count: 100_000 },
          {
            method: "GET",
            path: "^/deployments$",
            kind: "status",
            status: 429,
            retry_after: 1,
            count: 100_000,
          },
          { method: "POST", path: "^/finetuning/jobs$", kind: "reset", count: 100_000 },
        ]);
        const client = new Predibase({ apiToken: emu.apiToken, apiUrl: emu.apiUrl, maxRetries });
        await client.repos.create({ name: "r" });
        await client.datasets.create({ name: "d" });
        const started = Date.now();
        const outcomes = await Promise.all([
          client.repos.list().catch((e: Error) => e),
          client.deployments.list().catch((e: Error) => e),
          client.finetuning.jobs.create({ base_model: M, dataset: "d", repo: "r" }).catch((e: Error) => e),
        ]);
        const elapsed = Date.now() - started;
        await client.close();
        const [repos, deps, job] = outcomes;
        const n = (method: string, path: string) =>
          emu.control.requests().filter((r) => r.method === method && r.path === path).length;
        const attempts = [
          n("GET", "/v2/repos"),
          n("GET", "/v2/deployments"),
          n("POST", "/v2/finetuning/jobs"),
        ];
        table.add({
          scenario: `client: outage beyond maxRetries ${maxRetries} (3 calls)`,
          runs: 1,
          // Each call gave up after exactly its budget, with an error.
          converged: attempts.every((a) => a === maxRetries + 1) && outcomes.every((o) => o instanceof Error),
          duplicates: 0, // nothing may exist: counted as orphans below
          orphans: count(emu, "finetuning_jobs"),
          requests: emu.control.requests().length,
          leaks: leaks(emu.apiToken, ...outcomes.map((e) => String((e as Error).message))),
          faults: tally.count(),
        } satisfies Row);
        expect(repos).toBeInstanceOf(APIError);
        expect((repos as APIError).status).toBe(503);
        expect((deps as APIError).status).toBe(429);
        expect(job).toBeInstanceOf(APIConnectionError);
        expect(n("GET", "/v2/repos")).toBe(maxRetries + 1);
        expect(n("GET", "/v2/deployments")).toBe(maxRetries + 1);
        expect(n("POST", "/v2/finetuning/jobs")).toBe(maxRetries + 1);
        // Before each retry of a possibly-received job create, one listing to adopt instead of
        // creating twice; nothing was created (the resets came before the platform handled it).
        expect(n("GET", "/v2/finetuning/jobs")).toBeLessThanOrEqual(maxRetries + 1);
        expect(count(emu, "finetuning_jobs")).toBe(0);
        // Backoff 0.5 s doubling (capped at 8 s), or Retry-After (1 s): bounded by the budget.
        expect(elapsed).toBeLessThan(1_000 + maxRetries * 2_500);
      } finally {
        await emu.close();
      }
    },
  );
});
