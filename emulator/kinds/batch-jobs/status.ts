import type { Now } from "../../core/clock.js";
import { LIFECYCLES } from "../../lifecycle/durations.js";
import { failureTime, phaseAt, planEnd, type StatusAt } from "../../lifecycle/phases.js";
import type { BatchJobRecord } from "./record.js";

/** Terminal batch statuses (platform spelling, docs/wire-contract.md); `errored` is the spec's. */
export const TERMINAL_BATCH_STATUSES: readonly string[] = [
  "completed",
  "failed",
  "errored",
  "cancelled",
  "stopped",
];

/** A batch job's status at `now` (spec spelling: `errored` on failure; cancel gives `cancelled`). */
export function batchStatus(j: BatchJobRecord, now: Now): StatusAt {
  const doneAt = planEnd(j.plan, j.created_at, now);
  const failAt = failureTime(j.failure, j.plan, j.created_at, now);
  const cancelAt = j.canceled_at ?? null;
  if (
    failAt !== null &&
    j.failure !== null &&
    failAt <= doneAt &&
    now.t >= failAt &&
    (cancelAt === null || failAt < cancelAt)
  ) {
    return { status: "errored", since: failAt, error: j.failure.message };
  }
  if (cancelAt !== null && now.t >= cancelAt && cancelAt < doneAt)
    return { status: "cancelled", since: cancelAt, error: null };
  return phaseAt(j.plan, LIFECYCLES.batch_job.final, j.created_at, now);
}
