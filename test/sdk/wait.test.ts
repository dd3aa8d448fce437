import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  type ConditionResult,
  NotFoundError,
  pollUntil,
  TerminalStateError,
  type WaitClock,
  WaitTimeoutError,
} from "../../sdk/index.js";

/** A manual clock: sleeping advances time at once and records each sleep. */
function fakeClock(): WaitClock & { sleeps: number[]; time: number } {
  const clock = {
    time: 0,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

const at = { method: "GET", path: "/v2/deployments/x" };
const byStatus = (s: { status: string }): ConditionResult => ({
  done: s.status === "ready",
  failed: s.status === "errored" ? "it errored" : undefined,
  description: `is ${s.status}`,
});

/** fetch() that replays a script of states or errors, repeating the last one. */
function script(steps: ({ status: string } | Error)[]) {
  let i = 0;
  return async () => {
    const step = steps[Math.min(i++, steps.length - 1)];
    if (step instanceof Error) throw step;
    return step as { status: string };
  };
}

describe("pollUntil", () => {
  it("resolves with the object that satisfied the condition and reports progress", async () => {
    const clock = fakeClock();
    const progress: string[] = [];
    const result = await pollUntil({
      describe: "x to be ready",
      fetch: script([{ status: "pending" }, { status: "initializing" }, { status: "ready" }]),
      condition: byStatus,
      timeoutMs: 60_000,
      clock,
      onProgress: (p) => progress.push(`${p.polls}:${p.description}`),
    });
    expect(result).toEqual({ status: "ready" });
    expect(progress).toEqual(["1:is pending", "2:is initializing"]);
  });

  it("starts fast and backs off to the cap", async () => {
    const clock = fakeClock();
    await expect(
      pollUntil({
        describe: "x",
        fetch: script([{ status: "pending" }]),
        condition: byStatus,
        timeoutMs: 20_000,
        clock,
        schedule: { initialMs: 1000, maxMs: 4000, factor: 2, lagRatio: Number.POSITIVE_INFINITY },
      }),
    ).rejects.toBeInstanceOf(WaitTimeoutError);
    expect(clock.sleeps.slice(0, 5)).toEqual([1000, 2000, 4000, 4000, 4000]);
  });

  it("keeps every delay within a tenth of the time waited, so readiness is seen soon after", async () => {
    const clock = fakeClock();
    await expect(
      pollUntil({
        describe: "x",
        fetch: script([{ status: "pending" }]),
        condition: byStatus,
        timeoutMs: 600_000,
        clock,
      }),
    ).rejects.toBeInstanceOf(WaitTimeoutError);
    let waited = 0;
    for (const sleep of clock.sleeps) {
      expect(sleep).toBeLessThanOrEqual(Math.max(1000, 0.1 * waited) + 1);
      expect(sleep).toBeLessThanOrEqual(60_000);
      waited += sleep;
    }
    expect(clock.sleeps.length).toBeLessThan(60);
  });

  it("never sleeps past the deadline and checks once more right at it", async () => {
    const clock = fakeClock();
    const seenAt: number[] = [];
    const err = await pollUntil({
      describe: "x to be ready",
      fetch: async () => {
        seenAt.push(clock.time);
        return { status: "pending" };
      },
      condition: byStatus,
      timeoutMs: 10_000,
      clock,
      schedule: { initialMs: 3000, maxMs: 3000 },
    }).catch((e: unknown) => e);
    expect(seenAt).toEqual([0, 3000, 6000, 9000, 10_000]);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    const timeout = err as WaitTimeoutError<{ status: string }>;
    expect(timeout.last).toEqual({ status: "pending" });
    expect(timeout.description).toBe("is pending");
    expect(timeout.elapsedMs).toBe(10_000);
    expect(timeout.message).toMatch(/Timed out after 10s waiting for x to be ready; last state: is pending/);
  });

  it("succeeds when the final check at the deadline sees the object ready", async () => {
    const clock = fakeClock();
    const result = await pollUntil({
      describe: "x",
      fetch: async () => ({ status: clock.time >= 5000 ? "ready" : "pending" }),
      condition: byStatus,
      timeoutMs: 5000,
      clock,
      schedule: { initialMs: 4000 },
    });
    expect(result.status).toBe("ready");
  });

  it("stops at once on a terminal failure, carrying the object and the reason", async () => {
    const clock = fakeClock();
    const err = await pollUntil({
      describe: "x",
      fetch: script([{ status: "pending" }, { status: "errored" }, { status: "ready" }]),
      condition: byStatus,
      timeoutMs: 60_000,
      clock,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TerminalStateError);
    expect(err).toMatchObject({ last: { status: "errored" }, reason: "it errored" });
    expect(clock.sleeps).toHaveLength(1);
  });

  it("keeps polling through transient errors (connection, 5xx, 429)", async () => {
    const clock = fakeClock();
    const result = await pollUntil({
      describe: "x",
      fetch: script([
        new APIConnectionError("reset", { ...at, code: "ECONNRESET" }),
        APIError.from(503, at),
        APIError.from(429, at),
        { status: "ready" },
      ]),
      condition: byStatus,
      timeoutMs: 60_000,
      clock,
    });
    expect(result.status).toBe("ready");
  });

  it("times out with the last error in the description when only errors were seen", async () => {
    const clock = fakeClock();
    const err = await pollUntil({
      describe: "x",
      fetch: script([APIError.from(502, { ...at, body: { error: "bad gateway" } })]),
      condition: byStatus,
      timeoutMs: 3000,
      clock,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as WaitTimeoutError).last).toBeUndefined();
    expect((err as WaitTimeoutError).description).toMatch(/transient error.*bad gateway/);
  });

  it("lets a 404 end the wait unless fetch handles it", async () => {
    const clock = fakeClock();
    await expect(
      pollUntil({
        describe: "x",
        fetch: script([APIError.from(404, at)]),
        condition: byStatus,
        timeoutMs: 60_000,
        clock,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const states = script([{ status: "deleting" }, APIError.from(404, at)]);
    const gone = await pollUntil({
      describe: "x to be gone",
      fetch: () => states().catch((e: unknown) => (e instanceof NotFoundError ? null : Promise.reject(e))),
      condition: (d) => ({ done: d === null, description: d ? d.status : "gone" }),
      timeoutMs: 60_000,
      clock,
    });
    expect(gone).toBeNull();
  });

  it("rejects with APIUserAbortError when the signal fires during a sleep, at once", async () => {
    // The first sleep is 10 s; the abort comes 50 ms into it and must end the wait then, not
    // after the sleep (a sleep that ignores the signal would reject too, 10 s late).
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    let polls = 0;
    const started = Date.now();
    const err = await pollUntil({
      describe: "x",
      fetch: async () => {
        polls++;
        return { status: "pending" };
      },
      condition: byStatus,
      timeoutMs: 60_000,
      signal: controller.signal,
      schedule: { initialMs: 10_000 },
    }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(APIUserAbortError);
    expect(elapsed).toBeGreaterThanOrEqual(40);
    expect(elapsed).toBeLessThan(2_000);
    expect(polls).toBe(1);
  }, 5_000); // a sleep deaf to the signal fails here, well before the backoff ends
});
