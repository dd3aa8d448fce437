// Errors during a readiness wait (issue 13, item 2): the platform has the deployment, and the wait
// then meets an error that is neither a timeout nor a terminal status: a 401 (token rotated during
// the wait), 403, 404, 422, a response that fails the client's validation, a status string the
// client has never seen. The object must stay in state with its id, so the next `up` (error gone)
// resumes it: no orphan, no duplicate. The faults are armed only once the create has succeeded.
import { afterAll, describe, expect, it } from "vitest";
import type { FaultRule } from "../../emulator/index.js";
import { isClean, rowsOf } from "./harness.js";
import { type ScenarioExtra, type ScenarioResult, type Step, scenario, up } from "./scenario.js";
import { type SlowProxy, type SlowRule, slowProxy } from "./slow-proxy.js";

const table = rowsOf(__filename);

/** The deployment takes 60 s of real time to be ready (the emulator runs 5000x): a long wait. */
const SLOW_READY: ScenarioExtra = {
  durations: { deployment_pending: 10_000, deployment_initializing: 290_000 },
  // Bounds the run if the provider kept waiting on an answer it cannot read.
  estate: { deploymentTimeouts: { create: "30s" } },
};
const DEPLOYMENT_GET = /^\/v2\/deployments\/[^/]+$/;
/**
 * In the wait: the create succeeded and the deployment has been read once (on the platform wire
 * format the create's own read right after the POST; on the spec format the first poll), so the
 * fault hits the next poll.
 */
const WAITING = [
  { method: "POST", path: /^\/v2\/deployments$/ },
  { method: "GET", path: DEPLOYMENT_GET },
];
/** Right after the create answered: the fault hits the very next read of the deployment. */
const CREATED = [{ method: "POST", path: /^\/v2\/deployments$/ }];

/** The next run, the error gone: the deployment finishes starting, `up` must converge. */
const nextUp: Step = {
  run: (t, emu, out) => {
    emu.control.advance(400_000);
    return up(t, emu, out);
  },
  after: ({ t }) => {
    const dep = t.stateResources().find((r) => r.type.endsWith(":Deployment"));
    expect(dep?.outputs?.status).toMatch(/^(ready|standby)$/);
  },
};

/** The failing run: the deployment must be in state, with its id, when the run ends. */
const inStateAfterFailure: Step["after"] = ({ t, failed }) => {
  expect(failed, "the run meeting the error fails").toBe(true);
  const dep = t.stateResources().find((r) => r.type.endsWith(":Deployment"));
  expect(dep?.id, "the deployment is in state after the failed run").toBeTruthy();
};

function record({ row, detail, errors }: ScenarioResult) {
  table.add(row);
  expect({ ...row, detail, errors: errors.length }).toMatchObject({
    converged: true,
    duplicates: 0,
    orphans: 0,
    leaks: 0,
    detail: [],
  });
  expect(row.faults.fired).toBe(row.faults.armed);
}

/** Sets `status` on the deployment object of a GET answer, whatever the wire format. */
const withStatus =
  (status: unknown) =>
  (body: unknown): unknown => {
    const object = body as Record<string, unknown>;
    const target = (typeof object.data === "object" && object.data !== null ? object.data : object) as Record<
      string,
      unknown
    >;
    target.status = status;
    return body;
  };

/** The provider talks to a proxy in front of the emulator; its rules count as the scenario's faults. */
function throughProxy(rules: SlowRule[]): { extra: ScenarioExtra; arm: () => void } {
  let proxy: SlowProxy | undefined;
  return {
    extra: {
      ...SLOW_READY,
      setup: async (t, emu, tally) => {
        const p = await slowProxy(emu.apiUrl);
        proxy = p;
        await t.stack.setConfig("predibase:apiUrl", { value: p.url });
        tally.extra(() =>
          rules.map((r) => ({ spec: `proxy ${r.mode} ${r.method} ${r.path.source}`, hits: r.hits ?? 0 })),
        );
        return async () => {
          await t.stack.setConfig("predibase:apiUrl", { value: emu.apiUrl });
          await p.close();
        };
      },
    },
    arm: () => proxy?.rules.push(...rules),
  };
}

describe("errors during a readiness wait leave the deployment in state; the next up converges", () => {
  afterAll(() => {
    const all = table.finish();
    if (all) expect(all.filter((r) => !isClean(r))).toEqual([]);
  });

  it.each([
    [401, "token rotated during the wait"],
    [403, "permission withdrawn during the wait"],
    [404, "the object briefly unknown to the API"],
    [422, "an invalid-value answer"],
  ])("a %i mid-wait (%s)", async (status, why) => {
    const fault: FaultRule = {
      method: "GET",
      path: "^/deployments/[^/]+$",
      kind: "status",
      status,
      count: 1_000_000,
    };
    const result = await scenario(
      `wait error: ${status} mid-wait (${why}), then the next up`,
      [
        {
          run: up,
          midWait: { after: WAITING, faults: [fault] },
          fails: true,
          after: (ctx) => {
            inStateAfterFailure(ctx);
            expect(ctx.text).toMatch(new RegExp(`${status}`));
          },
        },
        nextUp,
      ],
      SLOW_READY,
    );
    record(result);
  });

  it("a 401 right after the create answered, on the deployment's first read", async () => {
    const fault: FaultRule = {
      method: "GET",
      path: "^/deployments/[^/]+$",
      kind: "status",
      status: 401,
      count: 1_000_000,
    };
    const result = await scenario(
      "wait error: 401 on the first read after the create, then the next up",
      [
        {
          run: up,
          midWait: { after: CREATED, faults: [fault] },
          fails: true,
          after: inStateAfterFailure,
        },
        nextUp,
      ],
      SLOW_READY,
    );
    record(result);
  });

  it("a response that fails validation mid-wait (status not a string)", async () => {
    const rules: SlowRule[] = [
      {
        method: "GET",
        path: DEPLOYMENT_GET,
        mode: "rewrite",
        delayMs: 0,
        count: 1_000_000,
        rewrite: withStatus(42),
      },
    ];
    const proxied = throughProxy(rules);
    const result = await scenario(
      "wait error: a response failing validation mid-wait, then the next up",
      [
        {
          run: up,
          midWait: { after: WAITING, faults: [], also: proxied.arm },
          fails: true,
          after: (ctx) => {
            inStateAfterFailure(ctx);
            for (const r of rules) r.count = 0; // the platform answers well again from now on
          },
        },
        nextUp,
      ],
      proxied.extra,
    );
    record(result);
  });

  it("a status string the client has never seen, mid-wait", async () => {
    const rules: SlowRule[] = [
      {
        method: "GET",
        path: DEPLOYMENT_GET,
        mode: "rewrite",
        delayMs: 0,
        count: 1_000_000,
        rewrite: withStatus("provisioning_capacity"),
      },
    ];
    const proxied = throughProxy(rules);
    const result = await scenario(
      "wait error: an unknown status string mid-wait, then the next up",
      [
        {
          run: up,
          midWait: { after: WAITING, faults: [], also: proxied.arm },
          fails: true,
          after: (ctx) => {
            inStateAfterFailure(ctx);
            for (const r of rules) r.count = 0;
          },
        },
        nextUp,
      ],
      proxied.extra,
    );
    record(result);
  });
});
