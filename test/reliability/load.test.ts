// The emulator under load, on loopback only and bounded in count and time: many concurrent SDK
// clients creating and reading; then clients racing for the same names; then many fine-tuning jobs
// into one repo; then load while calls fail and answers get lost. Nothing lost, nothing duplicated.
import { afterAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator/index.js";
import { ConflictError, Predibase } from "../../sdk/index.js";
import { FaultTally, isClean, leaks, NO_FAULTS, rowsOf } from "./harness.js";

const table = rowsOf(__filename);
const M = "llama-3-2-1b-instruct";
const CLIENTS = 50;
const EACH = 20;

type Named = { name: string };
const tenantOf = (emu: RunningEmulator) => emu.control.state().tenants[emu.tenantId];
const clients = (emu: RunningEmulator, n: number) =>
  Array.from({ length: n }, () => new Predibase({ apiToken: emu.apiToken, apiUrl: emu.apiUrl }));

/** Duplicated names (the platform holding one name twice) and expected names missing. */
function tally(actual: string[], expected: string[]) {
  const seen = new Set(actual);
  return { duplicates: actual.length - seen.size, lost: expected.filter((n) => !seen.has(n)).length };
}

describe("the emulator under load", () => {
  afterAll(() => {
    const all = table.finish();
    if (all) expect(all.filter((r) => !isClean(r))).toEqual([]);
  });

  it(`${CLIENTS} clients x ${EACH} repos and ${EACH} datasets each, read back while others write`, async () => {
    const emu = await startEmulator({ clock: "manual" });
    const started = Date.now();
    try {
      const all = clients(emu, CLIENTS);
      const wrongReads: string[] = [];
      await Promise.all(
        all.map(async (c, i) => {
          for (let j = 0; j < EACH; j++) {
            const name = `load-${i}-${j}`;
            await Promise.all([
              c.repos.create({ name, description: `client ${i}` }),
              c.datasets.create({ name, source: `s3://b/${i}/${j}` }),
            ]);
            const [repo, data] = await Promise.all([c.repos.get(name), c.datasets.get(name)]);
            if (repo.description !== `client ${i}` || data.source !== `s3://b/${i}/${j}`)
              wrongReads.push(name);
          }
        }),
      );
      const [repoList, dataList] = await Promise.all([all[0]?.repos.list(), all[1]?.datasets.list()]);
      await Promise.all(all.map((c) => c.close()));
      const expected = all.flatMap((_, i) => Array.from({ length: EACH }, (_, j) => `load-${i}-${j}`));
      const repos = tally(
        ((tenantOf(emu)?.repos ?? []) as Named[]).map((r) => r.name),
        expected,
      );
      const datasets = tally(
        ((tenantOf(emu)?.datasets ?? []) as Named[]).map((r) => r.name),
        expected,
      );
      const ms = Date.now() - started;
      table.add({
        scenario: `load: ${CLIENTS} clients x ${EACH * 4} calls (create + read)`,
        runs: CLIENTS,
        converged:
          repoList?.length === CLIENTS * EACH &&
          dataList?.length === CLIENTS * EACH &&
          wrongReads.length === 0,
        duplicates: repos.duplicates + datasets.duplicates,
        orphans: repos.lost + datasets.lost + wrongReads.length,
        requests: emu.control.requests().length,
        leaks: leaks(emu.apiToken, ...wrongReads),
        faults: NO_FAULTS,
      });
      expect(repos).toEqual({ duplicates: 0, lost: 0 });
      expect(datasets).toEqual({ duplicates: 0, lost: 0 });
      expect(repoList?.length).toBe(CLIENTS * EACH);
      expect(dataList?.length).toBe(CLIENTS * EACH);
      expect(wrongReads).toEqual([]);
      expect(ms).toBeLessThan(60_000);
    } finally {
      await emu.close();
    }
  });

  it(`${CLIENTS} clients racing for the same 10 names: one winner each, the others a clear 409`, async () => {
    const emu = await startEmulator({ clock: "manual" });
    try {
      const all = clients(emu, CLIENTS);
      const names = Array.from({ length: 10 }, (_, k) => `contended-${k}`);
      const outcomes = await Promise.all(
        all.flatMap((c) =>
          names.map((name) =>
            c.deployments.create({ name, base_model: M }).then(
              () => "won",
              (e: Error) => (e instanceof ConflictError ? "conflict" : `error: ${e.message}`),
            ),
          ),
        ),
      );
      await Promise.all(all.map((c) => c.close()));
      const deployments = ((tenantOf(emu)?.deployments ?? []) as Named[]).map((d) => d.name);
      const t = tally(deployments, names);
      const won = outcomes.filter((o) => o === "won").length;
      const conflicts = outcomes.filter((o) => o === "conflict").length;
      table.add({
        scenario: `load: ${CLIENTS} clients racing for 10 deployment names`,
        runs: CLIENTS,
        converged: won === 10 && conflicts === 10 * (CLIENTS - 1),
        duplicates: t.duplicates + Math.max(0, deployments.length - 10),
        orphans: t.lost,
        requests: emu.control.requests().length,
        leaks: leaks(emu.apiToken, ...outcomes),
        faults: NO_FAULTS,
      });
      expect(won).toBe(10);
      expect(conflicts).toBe(10 * (CLIENTS - 1));
      expect(t).toEqual({ duplicates: 0, lost: 0 });
      expect(deployments.length).toBe(10);
    } finally {
      await emu.close();
    }
  });

  it(`${CLIENTS} clients x 2 fine-tuning jobs into one repo: one version per job, no gap, no repeat`, async () => {
    const emu = await startEmulator({ clock: "manual" });
    try {
      const all = clients(emu, CLIENTS);
      await all[0]?.repos.create({ name: "shared" });
      await all[0]?.datasets.create({ name: "shared-data" });
      const jobs = (
        await Promise.all(
          all.map(async (c, i) => [
            await c.finetuning.jobs.create({
              base_model: M,
              dataset: "shared-data",
              repo: "shared",
              description: `${i}a`,
            }),
            await c.finetuning.jobs.create({
              base_model: M,
              dataset: "shared-data",
              repo: "shared",
              description: `${i}b`,
            }),
          ]),
        )
      ).flat();
      emu.control.advance(24 * 3600); // every training finishes
      const done = await Promise.all(jobs.map((j, i) => all[i % CLIENTS]?.finetuning.jobs.get(j.id)));
      const repo = await all[0]?.repos.get("shared");
      await Promise.all(all.map((c) => c.close()));
      const ids = new Set(jobs.map((j) => j.id));
      const versions = done.map((j) => j?.adapter_version);
      const tags = (repo?.versions ?? []).map((v) => v.tag).sort((a, b) => a - b);
      const onPlatform = ((tenantOf(emu)?.finetuning_jobs ?? []) as unknown[]).length;
      const gapless =
        JSON.stringify(tags) === JSON.stringify(Array.from({ length: 2 * CLIENTS }, (_, k) => k + 1));
      table.add({
        scenario: `load: ${CLIENTS} clients x 2 fine-tuning jobs into one repo`,
        runs: CLIENTS,
        converged: gapless && new Set(versions).size === 2 * CLIENTS,
        duplicates: jobs.length - ids.size + Math.max(0, onPlatform - 2 * CLIENTS),
        orphans: Math.abs(2 * CLIENTS - tags.length),
        requests: emu.control.requests().length,
        leaks: 0, // no text: every call succeeded (a failure would have thrown out of the test)
        faults: NO_FAULTS,
      });
      expect(ids.size).toBe(2 * CLIENTS);
      expect(onPlatform).toBe(2 * CLIENTS);
      expect(new Set(versions).size).toBe(2 * CLIENTS);
      expect(tags).toEqual(Array.from({ length: 2 * CLIENTS }, (_, k) => k + 1));
    } finally {
      await emu.close();
    }
  });

  it("25 clients x 8 creates while 10% of calls fail and 10% of answers are lost: each object once", async () => {
    const emu = await startEmulator({ clock: "manual", seed: 5 });
    try {
      const faults = new FaultTally(emu);
      faults.arm([
        { plane: "control", kind: "status", status: 503, probability: 0.1 },
        { method: "POST", plane: "control", kind: "reset", after: true, probability: 0.1 },
      ]);
      // A deeper retry budget than the default, as a busy integration would configure: a create
      // that still fails is counted, and must have left nothing behind.
      const all = Array.from(
        { length: 25 },
        () => new Predibase({ apiToken: emu.apiToken, apiUrl: emu.apiUrl, maxRetries: 4 }),
      );
      await emu.control.seed({ repos: [{ name: "base" }], datasets: [{ name: "base-data" }] } as never);
      let gaveUp = 0;
      const messages: string[] = [];
      const attempt = async <T>(create: () => Promise<T>): Promise<T | undefined> =>
        create().catch((e: Error) => {
          gaveUp++;
          messages.push(e.message);
          return undefined;
        });
      const outcomes = await Promise.all(
        all.map(async (c, i) => {
          const got: string[] = [];
          for (let j = 0; j < 4; j++) {
            const repo = await attempt(() => c.repos.create({ name: `lossy-${i}-${j}` }));
            if (repo) got.push(repo.name);
            const job = await attempt(() =>
              c.finetuning.jobs.create({
                base_model: M,
                dataset: "base-data",
                repo: "base",
                description: `lossy ${i} ${j}`,
              }),
            );
            if (job) got.push(job.id);
          }
          return got;
        }),
      );
      const failures = emu.control.requests().filter((r) => r.fault !== null).length;
      const fired = faults.count();
      emu.control.clearFaults();
      await Promise.all(all.map((c) => c.close()));
      const tenant = tenantOf(emu);
      const repoNames = ((tenant?.repos ?? []) as Named[]).map((r) => r.name).filter((n) => n !== "base");
      const jobIds = ((tenant?.finetuning_jobs ?? []) as Array<{ id: string }>).map((j) => j.id);
      const returned = outcomes.flat();
      const repos = tally(
        repoNames,
        returned.filter((x) => x.startsWith("lossy-")),
      );
      const jobs = tally(
        jobIds,
        returned.filter((x) => !x.startsWith("lossy-")),
      );
      // Everything the clients got back is there once, and nothing else is: no object that no
      // client knows (a failed create left nothing behind).
      const unknown = repoNames.length + jobIds.length - (returned.length - repos.lost - jobs.lost);
      table.add({
        scenario: `load with faults: 25 clients x 8 creates, ${gaveUp} gave up`,
        runs: 25,
        converged: returned.length + gaveUp === 200,
        duplicates: repos.duplicates + jobs.duplicates,
        orphans: repos.lost + jobs.lost + unknown,
        requests: emu.control.requests().length,
        leaks: leaks(emu.apiToken, ...messages),
        faults: fired,
      });
      expect(failures).toBeGreaterThan(20);
      expect(repos).toEqual({ duplicates: 0, lost: 0 });
      expect(jobs).toEqual({ duplicates: 0, lost: 0 });
      expect(unknown).toBe(0);
      expect(returned.length + gaveUp).toBe(200);
    } finally {
      await emu.close();
    }
  });
});
