import type { Now } from "../core/clock.js";
import type { BatchJobRecord, FinetuningJobRecord } from "../state/records.js";
import { LIFECYCLES } from "./durations.js";
import { failureTime, phaseAt, planEnd, type StatusAt } from "./phases.js";

export const TERMINAL_JOB_STATUSES: readonly string[] = ["completed", "canceled", "errored"];

/**
 * When a fine-tuning job finishes training successfully, or null when it will not (canceled, or an
 * injected failure strikes first). A failure at the very instant of completion wins.
 */
export function finetuningCompletion(j: FinetuningJobRecord, now: Now): number | null {
  if (j.outcome !== null || j.canceled_at !== null) return null;
  const doneAt = planEnd(j.plan, j.created_at, now);
  const failAt = failureTime(j.failure, j.plan, j.created_at, now);
  return failAt !== null && failAt <= doneAt ? null : doneAt;
}

/** A fine-tuning job's status at `now`. Completion is only shown once settled (see settle.ts). */
export function finetuningStatus(j: FinetuningJobRecord, now: Now): StatusAt {
  if (j.outcome !== null) return { status: j.outcome.status, since: j.outcome.at, error: j.outcome.error };
  if (j.canceled_at !== null && now.t >= j.canceled_at)
    return { status: "canceled", since: j.canceled_at, error: null };
  const doneAt = planEnd(j.plan, j.created_at, now);
  const failAt = failureTime(j.failure, j.plan, j.created_at, now);
  if (failAt !== null && j.failure !== null && failAt <= doneAt && now.t >= failAt) {
    return { status: "errored", since: failAt, error: j.failure.message };
  }
  return phaseAt(j.plan, LIFECYCLES.finetuning_job.final, j.created_at, now);
}

export function batchStatus(j: BatchJobRecord, now: Now): StatusAt {
  const doneAt = planEnd(j.plan, j.created_at, now);
  const failAt = failureTime(j.failure, j.plan, j.created_at, now);
  if (failAt !== null && j.failure !== null && failAt <= doneAt && now.t >= failAt) {
    return { status: "errored", since: failAt, error: j.failure.message };
  }
  return phaseAt(j.plan, LIFECYCLES.batch_job.final, j.created_at, now);
}
