// Reliability and security through the real engine against the emulator's fault injection:
// transient and persistent faults at each phase, bad credentials, secrets, load. Each scenario
// ends with an audit: the stack converged, nothing duplicated, nothing orphaned, no token leaked.
// The table of all scenarios is printed at the end (and written to .cache/reliability/table.md).

import { rmSync } from "node:fs";
import { join } from "node:path";
import * as predibase from "pulumi-predibase";
import { Predibase } from "pulumi-predibase/sdk";
import { afterAll, describe, expect, it } from "vitest";
import type { FaultRule, RunningEmulator } from "../../emulator/index.js";
import { emulator, predibaseStack } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";
import { newWorkDir } from "../support/stacks.js";
import { audit, backendText, leaks, printTable, type Row, rows } from "./harness.js";
import { exited, importPendingCreates, killLeftovers, project, untilCreatesSent } from "./interrupt.js";

/** A small estate touching every phase: named creates, a job create, readiness polls. */
function estate() {
  const repo = new predibase.AdapterRepo("repo", {});
  const data = new predibase.Dataset("data", {});
  const job = new predibase.FineTuningJob("job", {
    baseModel: "llama-3-2-1b-instruct",
    dataset: data.name,
    repo: repo.name,
  });
  const llm = new predibase.Deployment("llm", { baseModel: "llama-3-2-1b-instruct" });
  return { adapter: job.adapterVersion, llm: llm.name };
}

interface Phase {
  /** Faults armed before this step runs. */
  faults?: FaultRule[];
  step: (t: TestStack, emu: RunningEmulator) => Promise<unknown>;
}

/** Runs the phases with their faults, then audits platform against state and records the row. */
async function scenario(
  name: string,
  phases: Phase[],
  options: { expectFailureAt?: number } = {},
): Promise<Row> {
  const emu = await emulator();
  const t = await predibaseStack(`rel-${rows.length}`, emu, async () => estate());
  const texts: string[] = [];
  let converged = true;
  let runs = 0;
  try {
    for (const [i, phase] of phases.entries()) {
      emu.control.clearFaults();
      if (phase.faults) emu.control.addFaults(phase.faults);
      runs++;
      const failed = await phase.step(t, emu).then(
        (r) => {
          // What the user sees. (Not the whole result object: the Automation API fills its
          // summary.config with decrypted config by default, in the caller's own memory.)
          const out = r as { stdout?: string; stderr?: string } | undefined;
          texts.push(`${out?.stdout ?? ""}${out?.stderr ?? ""}`);
          return false;
        },
        (err: Error) => {
          texts.push(err.message);
          return true;
        },
      );
      if (failed && options.expectFailureAt !== i) converged = false;
      if (!failed && options.expectFailureAt === i) converged = false;
    }
    const { duplicates, orphans } = audit(emu, t.stateResources());
    texts.push(backendText(t.dir));
    const row: Row = {
      scenario: name,
      runs,
      converged,
      duplicates,
      orphans,
      requests: emu.control.requests().length,
      leaks: leaks(emu.apiToken, ...texts),
    };
    rows.push(row);
    return row;
  } finally {
    emu.control.clearFaults();
    await t.stack.destroy().catch(() => undefined);
    await t.dispose();
    await emu.close();
  }
}

const up = (t: TestStack) => t.stack.up();
const refresh = (t: TestStack) => t.stack.refresh();
const destroy = (t: TestStack) => t.stack.destroy();

function expectClean(row: Row) {
  expect(row, JSON.stringify(row)).toMatchObject({ converged: true, duplicates: 0, orphans: 0, leaks: 0 });
}

describe("reliability", () => {
  afterAll(() => {
    printTable();
  });

  it("429 with Retry-After on every create converges with no duplicate", async () => {
    const faults: FaultRule[] = ["^/repos$", "^/datasets$", "^/finetuning/jobs$", "^/deployments$"].map(
      (path) => ({
        method: "POST",
        path,
        kind: "status",
        status: 429,
        retry_after: 1,
        count: 1,
      }),
    );
    expectClean(await scenario("create: 429 + Retry-After on each create", [{ faults, step: up }]));
  });

  it("a burst of 500/502/503 on creates converges", async () => {
    const faults: FaultRule[] = [
      { method: "POST", path: "^/deployments$", kind: "status", status: 500, count: 1 },
      { method: "POST", path: "^/finetuning/jobs$", kind: "status", status: 502, count: 1 },
      { method: "POST", path: "^/repos$", kind: "status", status: 503, count: 2 },
    ];
    expectClean(await scenario("create: 5xx burst", [{ faults, step: up }]));
  });

  it("a response lost after the platform created the object does not create twice", async () => {
    const faults: FaultRule[] = [
      { method: "POST", path: "^/deployments$", kind: "reset", after: true, count: 1 },
      { method: "POST", path: "^/finetuning/jobs$", kind: "reset", after: true, count: 1 },
      { method: "POST", path: "^/repos$", kind: "status", status: 502, after: true, count: 1 },
    ];
    expectClean(await scenario("create: response lost (reset/502 after create)", [{ faults, step: up }]));
  });

  it("connection resets before the request is handled converge", async () => {
    const faults: FaultRule[] = [
      { method: "POST", plane: "control", kind: "reset", probability: 0.5, count: 3 },
    ];
    expectClean(await scenario("create: connection resets", [{ faults, step: up }]));
  });

  it("faults during readiness polls only delay the wait", async () => {
    const faults: FaultRule[] = [
      { method: "GET", path: "^/deployments/", kind: "status", status: 503, count: 3 },
      { method: "GET", path: "^/finetuning/jobs/", kind: "reset", count: 2 },
      { method: "GET", path: "^/deployments/", kind: "status", status: 429, retry_after: 1, count: 1 },
    ];
    expectClean(await scenario("readiness polls: 503, resets, 429", [{ faults, step: up }]));
  });

  it("faults during refresh and delete converge, leaving the platform empty", async () => {
    const row = await scenario("refresh + delete: 5xx and resets", [
      { step: up },
      { faults: [{ method: "GET", plane: "control", kind: "status", status: 502, count: 3 }], step: refresh },
      {
        faults: [
          { method: "DELETE", path: "^/deployments/", kind: "status", status: 503, count: 2 },
          { method: "DELETE", path: "^/repos/", kind: "reset", count: 1 },
        ],
        step: destroy,
      },
    ]);
    expectClean(row);
  });

  it("a platform down longer than the retry budget fails clearly, without a retry storm, and recovers", async () => {
    const started = Date.now();
    let posts = 0;
    const row = await scenario(
      "persistent outage on create, then recovery",
      [
        {
          faults: [{ method: "POST", path: "^/deployments$", kind: "status", status: 503, count: 1_000 }],
          step: async (t, emu) => {
            try {
              return await t.stack.up();
            } finally {
              posts = emu.control
                .requests()
                .filter((r) => r.method === "POST" && r.path === "/v2/deployments").length;
            }
          },
        },
        { step: up },
      ],
      { expectFailureAt: 0 },
    );
    expectClean(row);
    expect(Date.now() - started).toBeLessThan(120_000);
    // The SDK's budget: the first attempt and 2 retries, then a clear error; no storm.
    expect(posts).toBeGreaterThanOrEqual(1);
    expect(posts).toBeLessThanOrEqual(3);
  });

  it("the SDK gives up on a slow platform after its timeout and retries, then succeeds", async () => {
    const emu = await emulator();
    try {
      emu.control.addFaults([{ method: "GET", path: "^/repos$", kind: "delay", delay_ms: 1_500, count: 1 }]);
      let attempts = 0;
      const client = new Predibase({
        apiToken: emu.apiToken,
        apiUrl: emu.apiUrl,
        timeout: 500,
        logger: (line) => {
          if (/retr/i.test(line)) attempts++;
        },
      });
      const started = Date.now();
      const repos = await client.repos.list();
      const elapsed = Date.now() - started;
      await client.close();
      expect(repos).toEqual([]);
      expect(attempts).toBeGreaterThanOrEqual(1); // it logged a retry after the timeout
      expect(elapsed).toBeGreaterThanOrEqual(500);
      expect(elapsed).toBeLessThan(1_500); // it did not wait for the slow answer
      const gets = emu.control.requests().filter((r) => r.method === "GET");
      rows.push({
        scenario: "slow response beyond client timeout (SDK)",
        runs: 1,
        converged: true,
        duplicates: 0,
        orphans: 0,
        requests: gets.length,
        leaks: 0,
      });
    } finally {
      await emu.close();
    }
  });

  it("a wrong token fails once, clearly, and is not retried", async () => {
    const emu = await emulator();
    const t = await predibaseStack("rel-auth", emu, async () => estate());
    try {
      await t.stack.setConfig("predibase:apiToken", { value: "pb_wrongwrongwrongwrongwrong", secret: true });
      const err = await t.stack.preview().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(/401|unauthori[sz]ed|invalid API token/i);
      expect(err?.message).not.toContain("pb_wrongwrongwrongwrongwrong");
      const unauthorized = emu.control.requests().filter((r) => r.status === 401);
      // One models list per resource that checks a model; none of them retried.
      expect(unauthorized.length).toBeLessThanOrEqual(2);
      expect(emu.control.requests().filter((r) => r.method !== "GET")).toEqual([]);
      rows.push({
        scenario: "wrong token at preview",
        runs: 1,
        converged: true,
        duplicates: 0,
        orphans: 0,
        requests: emu.control.requests().length,
        leaks: leaks("pb_wrongwrongwrongwrongwrong", err?.message ?? "", t.stateText()),
      });
    } finally {
      await t.dispose();
      await emu.close();
    }
  });

  it("the token appears nowhere: state and history, debug logs, progress lines, errors", async () => {
    const emu = await emulator();
    const t = await predibaseStack("rel-secrets", emu, async () => estate());
    try {
      let logs = "";
      const onOutput = (o: string) => {
        logs += o;
      };
      // Engine logs up to verbosity 8: at 9 the engine itself prints every provider's Configure
      // inputs, decrypted, whatever the provider (see docs/reliability.md).
      const result = await t.stack.up({ debug: true, logVerbosity: 8, logToStdErr: true, onOutput });
      await t.stack.refresh({ onOutput });
      await t.stack.setConfig("predibase:apiUrl", { value: `${emu.apiUrl}/broken` });
      const failure = await t.stack.up({ onOutput }).then(
        () => "",
        (e: Error) => e.message,
      );
      expect(failure).toMatch(/404|not found/i);
      const n = leaks(emu.apiToken, logs, result.stdout, result.stderr, failure, backendText(t.dir));
      expect(logs.length).toBeGreaterThan(10_000); // the debug log really was captured
      expect(n).toBe(0);
      rows.push({
        scenario: "secrets: state, history, debug logs (-v=8), errors",
        runs: 3,
        converged: true,
        duplicates: 0,
        orphans: 0,
        requests: emu.control.requests().length,
        leaks: n,
      });
      await t.stack.setConfig("predibase:apiUrl", { value: emu.apiUrl });
      await t.stack.destroy();
    } finally {
      await t.dispose();
      await emu.close();
    }
  });

  it("the emulator under load: 40 clients creating and reading, nothing lost or duplicated", async () => {
    const emu = await emulator();
    try {
      const clients = Array.from(
        { length: 40 },
        () => new Predibase({ apiToken: emu.apiToken, apiUrl: emu.apiUrl }),
      );
      await Promise.all(
        clients.map(async (c, i) => {
          for (let j = 0; j < 10; j++) {
            await c.repos.create({ name: `load-${i}-${j}` });
            await c.datasets.create({ name: `load-${i}-${j}` });
            await c.repos.get(`load-${i}-${j}`);
          }
        }),
      );
      await Promise.all(clients.map((c) => c.close()));
      const tenant = emu.control.state().tenants[emu.tenantId];
      const repoNames = (tenant?.repos ?? []).map((r) => String((r as { name: string }).name));
      expect(repoNames.length).toBe(400);
      expect(new Set(repoNames).size).toBe(400);
      expect(tenant?.datasets.length).toBe(400);
      rows.push({
        scenario: "emulator under load (40 clients x 30 calls)",
        runs: 1,
        converged: true,
        duplicates: 0,
        orphans: 0,
        requests: emu.control.requests().length,
        leaks: 0,
      });
    } finally {
      await emu.close();
    }
  });

  it.each(["SIGINT", "SIGKILL"] as const)(
    "pulumi stopped by %s while the deployment waits and the job trains: recovered, nothing created twice",
    async (signal) => {
      const emu = await emulator({ clock: "manual" });
      const dir = newWorkDir(`interrupt-${signal}`);
      let pid: number | undefined;
      try {
        const p = await project(dir, emu);
        const child = p.spawnUp();
        pid = child.pid;
        await untilCreatesSent(emu);
        await new Promise((r) => setTimeout(r, 1_500)); // a few readiness polls
        if (signal === "SIGINT") {
          // Pulumi's first Ctrl-C lets in-flight operations finish: let the platform finish them.
          process.kill(child.pid ?? 0, "SIGINT");
          emu.control.advance(10_000);
          await exited(child);
        } else {
          process.kill(-(child.pid ?? 0), "SIGKILL"); // the CLI, its language host and plugins at once
          await exited(child);
          const imported = await importPendingCreates(p, emu);
          expect(imported.length).toBe(4); // the deployment and the job: urn and id each
          emu.control.advance(10_000);
        }
        const up = await p.pulumi(["up", "--yes", "--skip-preview"]);
        expect(up.code, up.out).toBe(0);
        const state = JSON.parse((await p.pulumi(["stack", "export"])).out);
        const resources = state.deployment?.resources ?? [];
        const { duplicates, orphans } = audit(emu, resources);
        const deployments = emu.control.state().tenants[emu.tenantId]?.deployments ?? [];
        const jobs = emu.control.state().tenants[emu.tenantId]?.finetuning_jobs ?? [];
        rows.push({
          scenario: `pulumi killed by ${signal} mid-wait, then recovery`,
          runs: 2,
          converged: up.code === 0,
          duplicates,
          orphans,
          requests: emu.control.requests().length,
          leaks: leaks(emu.apiToken, up.out, backendText(join(dir, "state"))),
        });
        expect(deployments).toHaveLength(1);
        expect(jobs).toHaveLength(1);
        expect({ duplicates, orphans }).toEqual({ duplicates: 0, orphans: 0 });
        emu.control.setClock({ mode: "scaled", time_scale: 5_000 });
        expect((await p.pulumi(["destroy", "--yes"])).code).toBe(0);
      } finally {
        if (pid) {
          try {
            process.kill(-pid, "SIGKILL");
          } catch {
            // already gone
          }
        }
        killLeftovers(dir);
        rmSync(dir, { recursive: true, force: true });
        await emu.close();
      }
    },
  );
});
