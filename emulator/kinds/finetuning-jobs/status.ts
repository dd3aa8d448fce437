import type { Now } from "../../core/clock.js";
import { LIFECYCLES } from "../../lifecycle/durations.js";
import { failureTime, phaseAt, phaseStart, planEnd, type StatusAt } from "../../lifecycle/phases.js";
import type { FinetuningJobRecord } from "./record.js";

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

/**
 * `GET /v2/finetuning/jobs/{uuid}/timeline` (docs/platform-wire.md §4): each status the job has
 * entered so far, with when (`{<status>: {"startedAt": ISO}}`).
 */
export function finetuningTimeline(j: FinetuningJobRecord, now: Now): Record<string, number> {
  const end = finetuningStatus(j, now);
  const out: Record<string, number> = {};
  for (const step of j.plan) {
    const at = phaseStart(j.plan, step.status, j.created_at, now);
    if (at <= now.t && at <= end.since) out[step.status] = at;
  }
  if (!j.plan.some((p) => p.status === end.status)) out[end.status] = end.since;
  return out;
}
