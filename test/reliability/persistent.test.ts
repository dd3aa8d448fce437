// Persistent faults: the platform down for longer than the retry budget at each phase. Each must
// fail with a clear error within a bounded time, without a retry storm (requests counted against
// the SDK's budget of maxRetries + 1 = 3 attempts per call), leave the state consistent with the
// platform, and converge on the next run after the platform recovers.
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import type { FaultRule } from "../../emulator/index.js";
import { isClean, rowsOf } from "./harness.js";
import {
  calls,
  destroy,
  type EstateOptions,
  refresh,
  type ScenarioResult,
  scenario,
  up,
} from "./scenario.js";

const table = rowsOf(__filename);
const ATTEMPTS = 3; // the SDK's default: the first attempt and 2 retries

function expectClean({ row, detail, errors }: ScenarioResult) {
  table.add(row);
  expect({ ...row, detail, errors: errors.length }).toMatchObject({
    converged: true,
    duplicates: 0,
    orphans: 0,
    leaks: 0,
    detail: [],
  });
  // Every fault the scenario armed fired: otherwise it proved nothing.
  expect(row.faults.unfired).toEqual([]);
}

const down = (rule: Omit<FaultRule, "kind" | "status">): FaultRule => ({
  ...rule,
  kind: "status",
  status: 503,
  count: 100_000,
});

describe("a platform down longer than the retry budget", () => {
  afterAll(() => {
    const all = table.finish();
    if (all) expect(all.filter((r) => !isClean(r))).toEqual([]);
  });

  it("on create: a clear error, at most 3 POSTs, the rest in state, then recovery", async () => {
    const result = await scenario("persistent: create outage, then recovery", [
      {
        faults: [down({ method: "POST", path: "^/deployments$" })],
        run: up,
        fails: true,
        after: ({ emu, text, ms }) => {
          expect(text).toMatch(/Deployment/);
          expect(text).toMatch(/503/);
          expect(calls(emu, "POST", /^\/v2\/deployments$/)).toBeLessThanOrEqual(ATTEMPTS);
          expect(ms).toBeLessThan(90_000);
        },
      },
      { run: up },
    ]);
    expectClean(result);
  });

  it("during readiness polls: polling stops at timeouts.create with a clear error; the deployment stays in state", async () => {
    const program: EstateOptions = { deploymentTimeouts: { create: "15s" } };
    let polls = 0;
    const result = await scenario(
      "persistent: outage during readiness polls, then recovery",
      [
        {
          // Down once the deployment exists and has been read once (on the platform wire format,
          // the create's own read): every poll of the wait meets the outage.
          midWait: {
            after: [
              { method: "POST", path: /^\/v2\/deployments$/ },
              { method: "GET", path: /^\/v2\/deployments\/[^/]+$/ },
            ],
            faults: [down({ method: "GET", path: "^/deployments/[^/]+$" })],
          },
          run: up,
          fails: true,
          after: ({ t, emu, text, ms }) => {
            expect(text).toMatch(/did not finish to become ready within 15s/);
            expect(text).toMatch(/run `pulumi up` again/);
            // Polls back off (1 s, growing), each poll at most 3 attempts: no storm.
            polls = calls(emu, "GET", /^\/v2\/deployments\/[^/]+$/);
            expect(polls).toBeLessThanOrEqual(15 * ATTEMPTS);
            expect(ms).toBeLessThan(60_000);
            // Created but not ready: kept in state so the next run resumes it.
            expect(t.stateResources().some((r) => r.type.endsWith(":Deployment"))).toBe(true);
          },
        },
        {
          run: up,
          after: ({ t }) => {
            const dep = t.stateResources().find((r) => r.type.endsWith(":Deployment"));
            // Serving: ready, or already scaled to zero (minReplicas 0, the emulator's clock is fast).
            expect(dep?.outputs?.status).toMatch(/^(ready|standby)$/);
          },
        },
      ],
      { estate: program },
    );
    expectClean(result);
    expect(polls).toBeGreaterThan(0);
  });

  it("on refresh: every read down, a clear error within the budget, state untouched, then recovery", async () => {
    let before = "";
    const result = await scenario("persistent: refresh outage, then recovery", [
      {
        run: up,
        after: ({ t }) => {
          before = JSON.stringify(t.stateResources().map((r) => [r.type, r.id]));
        },
      },
      {
        faults: [down({ method: "GET", plane: "control" })],
        run: refresh,
        fails: true,
        after: ({ t, emu, text, ms }) => {
          expect(text).toMatch(/503/);
          // 5 resources read, 3 attempts each at most (and nothing else).
          const gets = emu.control.requests().filter((r) => r.method === "GET" && r.fault !== null).length;
          expect(gets).toBeLessThanOrEqual(5 * ATTEMPTS);
          expect(ms).toBeLessThan(60_000);
          expect(JSON.stringify(t.stateResources().map((r) => [r.type, r.id]))).toBe(before);
        },
      },
      { run: refresh },
    ]);
    expectClean(result);
  });

  it("on delete: a clear error, at most 3 DELETEs, the deployment still in state, then recovery", async () => {
    const result = await scenario("persistent: delete outage, then recovery", [
      { run: up },
      {
        faults: [down({ method: "DELETE", path: "^/deployments/" })],
        run: destroy,
        destroys: true,
        fails: true,
        after: ({ t, emu, text, ms }) => {
          expect(text).toMatch(/503/);
          expect(calls(emu, "DELETE", /^\/v2\/deployments\//)).toBeLessThanOrEqual(ATTEMPTS);
          expect(ms).toBeLessThan(60_000);
          expect(t.stateResources().some((r) => r.type.endsWith(":Deployment"))).toBe(true);
        },
      },
      {
        run: destroy,
        destroys: true,
        after: ({ emu }) => {
          expect(emu.control.state().tenants[emu.tenantId]?.deployments ?? []).toEqual([]);
        },
      },
    ]);
    expectClean(result);
  });

  it("unreachable (connection refused): preview fails clearly within seconds, nothing is created", async () => {
    // A port nobody listens on: take one from the OS and close it again.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : 1));
      });
    });
    const result = await scenario("persistent: platform unreachable, then recovery", [
      {
        run: async (t, emu, out) => {
          await t.stack.setConfig("predibase:apiUrl", { value: `http://127.0.0.1:${port}/v2` });
          try {
            return await t.stack.preview({ onOutput: out });
          } finally {
            await t.stack.setConfig("predibase:apiUrl", { value: emu.apiUrl });
          }
        },
        fails: true,
        after: ({ emu, text, ms }) => {
          expect(text).toMatch(/ECONNREFUSED|connect/i);
          expect(text).toMatch(/could not read the platform's model list/);
          expect(ms).toBeLessThan(60_000);
          expect(emu.control.requests()).toEqual([]);
        },
      },
      { run: up },
    ]);
    expectClean(result);
  });
});
