// Readiness decisions, table-driven over recorded status sequences, on an injected clock: what the
// provider's awaiters conclude from what the platform showed, and when.
import { describe, expect, it } from "vitest";
import {
  batchSettled as batchJobDone,
  deploymentSettled as deploymentReady,
  jobSettled as finetuningJobDone,
} from "../../provider/runtime/statuses.js";
import { pollUntil, TerminalStateError, WaitTimeoutError } from "../../sdk/index.js";

/** A clock that only moves when the loop sleeps, so a test of an hour-long wait takes no time. */
function fakeClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

type Outcome = "done" | "failed" | "timeout";

async function replay<T>(
  sequence: T[],
  condition: (x: T) => ReturnType<typeof deploymentReady>,
  timeoutMs: number,
) {
  let i = 0;
  const clock = fakeClock();
  try {
    const last = await pollUntil({
      describe: "test",
      fetch: async () => sequence[Math.min(i++, sequence.length - 1)] as T,
      condition,
      timeoutMs,
      clock,
    });
    return { outcome: "done" as Outcome, polls: i, at: clock.now(), last };
  } catch (err) {
    if (err instanceof TerminalStateError)
      return { outcome: "failed" as Outcome, polls: i, at: clock.now(), last: err.last };
    if (err instanceof WaitTimeoutError)
      return { outcome: "timeout" as Outcome, polls: i, at: clock.now(), last: err.last };
    throw err;
  }
}

const dep = (status: string, min_replicas = 0, error?: string) => ({
  name: "d",
  base_model: "m",
  status,
  min_replicas,
  max_replicas: 1,
  error,
});

describe("deployment readiness over recorded sequences", () => {
  const cases: Array<[string, ReturnType<typeof dep>[], Outcome, number]> = [
    ["pending → initializing → ready", [dep("pending"), dep("initializing"), dep("ready")], "done", 3],
    ["scaled to zero counts as ready when minReplicas is 0", [dep("pending"), dep("standby")], "done", 2],
    ["standby is not ready when warm replicas were asked for", [dep("standby", 1)], "timeout", -1],
    [
      "an errored deployment stops the wait at once",
      [dep("initializing"), dep("errored", 0, "OOM")],
      "failed",
      2,
    ],
    ["'failed' spelling is terminal too", [dep("failed")], "failed", 1],
    [
      "'updating' (an in-place change) is waited out",
      [dep("updating"), dep("updating"), dep("ready")],
      "done",
      3,
    ],
    ["'stopped' (stopped in the console) ends the wait without failing", [dep("stopped")], "done", 1],
    ["'deleted' is terminal", [dep("deleted")], "failed", 1],
    ["a deployment being deleted never becomes ready", [dep("deleting")], "failed", 1],
  ];
  it.each(cases)("%s", async (_name, sequence, outcome, polls) => {
    const result = await replay(sequence, deploymentReady, 60_000);
    expect(result.outcome).toBe(outcome);
    if (polls > 0) expect(result.polls).toBe(polls);
  });

  it("gives up at the deadline after a final check, carrying the last status", async () => {
    const result = await replay([dep("initializing")], deploymentReady, 10 * 60_000);
    expect(result.outcome).toBe("timeout");
    expect(result.at).toBe(10 * 60_000);
    expect((result.last as ReturnType<typeof dep>).status).toBe("initializing");
  });

  it("backs off: past the first minutes an hour of waiting costs at most one poll per 30 s", async () => {
    const tenMinutes = await replay([dep("initializing")], deploymentReady, 600_000);
    const hour = await replay([dep("initializing")], deploymentReady, 3_600_000);
    expect(hour.polls - tenMinutes.polls).toBeLessThanOrEqual(3_000_000 / 30_000 + 1);
    expect(tenMinutes.polls).toBeLessThan(60);
  });
});

describe("job completion over recorded sequences", () => {
  const job = (status: string, adapter_version: string | null = null) => ({
    id: "j",
    base_model: "m",
    status,
    adapter_version,
  });
  it.each([
    ["queued → training → completed", [job("queued"), job("training"), job("completed", "r/1")], "done"],
    ["errored stops at once", [job("queued"), job("errored")], "failed"],
    ["canceled stops at once", [job("training"), job("canceled")], "failed"],
    ["'cancelled' spelling too", [job("cancelled")], "failed"],
    ["stopping is still on the way", [job("stopping"), job("stopped")], "failed"],
  ] as Array<[string, ReturnType<typeof job>[], Outcome]>)("%s", async (_name, sequence, outcome) => {
    expect((await replay(sequence, finetuningJobDone, 60_000)).outcome).toBe(outcome);
  });

  it.each([
    ["queued → running → completed", ["queued", "running", "completed"], "done"],
    ["errored", ["running", "errored"], "failed"],
    ["cancelled is terminal", ["running", "cancelled"], "failed"],
    ["stopped is terminal", ["running", "stopped"], "failed"],
  ] as Array<[string, string[], Outcome]>)("batch: %s", async (_name, statuses, outcome) => {
    const sequence = statuses.map((status) => ({ id: "b", base_model: "m", dataset: "d", status }));
    expect((await replay(sequence, batchJobDone, 60_000)).outcome).toBe(outcome);
  });
});
