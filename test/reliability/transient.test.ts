// Transient faults at each phase (create, readiness polls, refresh, delete), through the real
// engine against the emulator's fault injection: 429 with Retry-After, 5xx bursts, connection
// resets before and after the platform handled the call, slow answers. Each scenario must
// converge with nothing duplicated and nothing orphaned.

import { afterAll, describe, expect, it } from "vitest";
import type { FaultRule } from "../../emulator/index.js";
import { isClean, rowsOf } from "./harness.js";
import { calls, destroy, refresh, type ScenarioResult, scenario, up } from "./scenario.js";

const table = rowsOf(__filename);

// Paths after /v2: the platform wire format's (batch jobs at /batch-inference) or the spec's
// (/batch-inference/jobs).
const CREATES = [
  "^/repos$",
  "^/datasets$",
  "^/finetuning/jobs$",
  "^/deployments$",
  "^/batch-inference(/jobs)?$",
];
const READS = ["^/deployments/[^/]+$", "^/finetuning/jobs/[^/]+$", "^/batch-inference(/jobs)?/[^/]+$"];

function expectClean({ row, detail, errors, struck }: ScenarioResult, faults: number) {
  table.add(row);
  expect(struck, "faults that struck").toBeGreaterThanOrEqual(faults);
  expect({ ...row, detail, errors }).toMatchObject({
    converged: true,
    duplicates: 0,
    orphans: 0,
    leaks: 0,
    detail: [],
  });
  // Every fault the scenario armed fired: otherwise it proved nothing.
  expect(row.faults.unfired).toEqual([]);
}

describe("transient faults converge with no duplicate and no orphan", () => {
  afterAll(() => {
    const all = table.finish();
    if (all) expect(all.filter((r) => !isClean(r))).toEqual([]);
  });

  it("create: 429 with Retry-After on every create", async () => {
    const faults: FaultRule[] = CREATES.map((path) => ({
      method: "POST",
      path,
      kind: "status",
      status: 429,
      retry_after: 1,
      count: 1,
    }));
    const result = await scenario("create: 429 + Retry-After on every create", [
      {
        faults,
        run: up,
        after: ({ emu }) => {
          // Each create was refused once and sent again after the hint: two POSTs per kind.
          for (const path of ["/v2/repos", "/v2/deployments", "/v2/finetuning/jobs"]) {
            expect(calls(emu, "POST", new RegExp(`^${path}$`))).toBe(2);
          }
        },
      },
    ]);
    expectClean(result, 5);
  });

  it("create: bursts of 500, 502 and 503", async () => {
    const faults: FaultRule[] = [
      { method: "POST", path: "^/deployments$", kind: "status", status: 500, count: 2 },
      { method: "POST", path: "^/finetuning/jobs$", kind: "status", status: 502, count: 2 },
      { method: "POST", path: "^/repos$", kind: "status", status: 503, count: 2 },
      { method: "POST", path: "^/batch-inference(/jobs)?$", kind: "status", status: 503, count: 1 },
      { method: "POST", path: "^/datasets$", kind: "status", status: 500, count: 1 },
    ];
    expectClean(await scenario("create: 500/502/503 bursts", [{ faults, run: up }]), 8);
  });

  it("create: the response is lost after the platform created the object", async () => {
    const faults: FaultRule[] = [
      { method: "POST", path: "^/deployments$", kind: "reset", after: true, count: 1 },
      { method: "POST", path: "^/finetuning/jobs$", kind: "reset", after: true, count: 1 },
      {
        method: "POST",
        path: "^/batch-inference(/jobs)?$",
        kind: "status",
        status: 502,
        after: true,
        count: 1,
      },
      { method: "POST", path: "^/repos$", kind: "status", status: 502, after: true, count: 1 },
      { method: "POST", path: "^/datasets$", kind: "reset", after: true, count: 1 },
    ];
    expectClean(
      await scenario("create: response lost after the create (reset/502)", [{ faults, run: up }]),
      5,
    );
  });

  it("create: connection resets before the platform handled the call", async () => {
    // Within the client's budget of 3 attempts per call: the deployment's create twice, every
    // other create once. (Three in a row on one call fail it; the persistent suite covers that.)
    const faults: FaultRule[] = [
      { method: "POST", path: "^/deployments$", kind: "reset", count: 2 },
      ...CREATES.filter((path) => path !== "^/deployments$").map(
        (path): FaultRule => ({ method: "POST", path, kind: "reset", count: 1 }),
      ),
    ];
    expectClean(await scenario("create: connection resets before handling", [{ faults, run: up }]), 6);
  });

  it("create and polls: every answer slow (1.5 s), within the client's timeout", async () => {
    const faults: FaultRule[] = [
      { method: "POST", plane: "control", kind: "delay", delay_ms: 1_500 },
      { method: "GET", path: "^/deployments/", kind: "delay", delay_ms: 1_500, count: 3 },
    ];
    expectClean(await scenario("create + polls: slow answers (1.5 s each)", [{ faults, run: up }]), 0);
  });

  it("readiness polls: 5xx bursts, resets and 429 only delay the wait", async () => {
    const faults: FaultRule[] = [
      { method: "GET", path: READS[0], kind: "status", status: 503, count: 3 },
      { method: "GET", path: READS[0], kind: "status", status: 429, retry_after: 1, count: 1 },
      { method: "GET", path: READS[1], kind: "reset", count: 2 },
      { method: "GET", path: READS[1], kind: "status", status: 500, count: 2 },
      { method: "GET", path: READS[2], kind: "status", status: 502, count: 3 },
    ];
    expectClean(await scenario("readiness polls: 5xx, resets, 429", [{ faults, run: up }]), 11);
  });

  it("refresh: 429, 5xx and resets on reads, then nothing left to change", async () => {
    const faults: FaultRule[] = [
      { method: "GET", plane: "control", kind: "status", status: 502, count: 3 },
      { method: "GET", plane: "control", kind: "status", status: 429, retry_after: 1, count: 2 },
      { method: "GET", plane: "control", kind: "reset", count: 2 },
    ];
    const result = await scenario("refresh: 429, 5xx, resets", [
      { run: up },
      { faults, run: refresh },
      {
        run: (t, _e, out) => t.stack.preview({ onOutput: out }),
        after: ({ text }) => {
          // Refresh under faults read everything right: the program has nothing to change.
          expect(text).not.toMatch(/to create|to delete|to replace|to update/);
        },
      },
    ]);
    expectClean(result, 7);
  });

  it("delete: 503, resets and lost answers on deletes, 5xx while waiting for the deletion", async () => {
    const faults: FaultRule[] = [
      { method: "DELETE", path: "^/deployments/", kind: "status", status: 503, count: 1 },
      { method: "DELETE", path: "^/deployments/", kind: "reset", after: true, count: 1 },
      { method: "DELETE", path: "^/repos/", kind: "reset", count: 1 },
      { method: "DELETE", path: "^/repos/", kind: "status", status: 429, retry_after: 1, count: 1 },
      { method: "GET", path: READS[0], kind: "status", status: 500, count: 2 },
    ];
    const result = await scenario("delete: 503, 429, resets, lost answers", [
      { run: up },
      {
        faults,
        run: destroy,
        destroys: true,
        after: ({ emu }) => {
          const tenant = emu.control.state().tenants[emu.tenantId];
          expect(tenant?.deployments ?? []).toEqual([]);
          expect(tenant?.repos ?? []).toEqual([]);
        },
      },
    ]);
    expectClean(result, 5);
  });
});
