import type { Now } from "../core/clock.js";
import { toFailurePlan } from "../failures.js";
import { LIFECYCLES } from "../lifecycle/durations.js";
import { phaseStart, planEnd } from "../lifecycle/phases.js";
import type { BatchJobRecord, DeploymentRecord, FinetuningJobRecord } from "../state/records.js";

/**
 * Statuses are computed, never stored, so "make this object `ready`" (seed or out-of-band patch)
 * means: move its anchors (creation time, failure, cancel, delete) so the computed status is
 * `ready` from now on, and the lifecycle continues from there. A status the lifecycle never
 * produces (`failed`, `stopped`, …) cannot be reached that way: it is pinned as given instead.
 * Each function returns false when it pinned nothing (the status was reached by anchoring).
 */
const offsetOf = (plan: DeploymentRecord["plan"], status: string, now: Now): number =>
  phaseStart(plan, status, 0, now);

export function anchorDeployment(
  d: DeploymentRecord,
  status: string,
  error: string | undefined,
  now: Now,
): boolean {
  const known = LIFECYCLES.deployment.phases.some((p) => p.status === status) || status === "ready";
  if (known || status === "standby") {
    d.deleted_at = null;
    d.failure = null;
    d.created_at = now.t - offsetOf(d.plan, status, now);
    d.last_request_at = status === "ready" ? now.t : null;
    if (status === "standby") {
      d.min_replicas = 0;
      d.created_at = now.t - planEnd(d.plan, 0, now) - d.standby_idle_seconds * 1000;
    }
    return true;
  }
  if (status === "errored") {
    const first = d.plan[0]?.status ?? "pending";
    d.failure = toFailurePlan({ kind: "deployment", target: d.name, at: first, message: error }, now.t);
    d.deleted_at = null;
    return true;
  }
  if (status === "deleting") {
    d.deleted_at = now.t;
    return true;
  }
  return false;
}

export function anchorFinetuningJob(
  j: FinetuningJobRecord,
  status: string,
  fields: { error?: string | undefined; adapterVersion?: string | undefined },
  now: Now,
): boolean {
  const known = LIFECYCLES.finetuning_job.phases.some((p) => p.status === status);
  if (known || status === "completed") {
    j.outcome = null;
    j.canceled_at = null;
    j.failure = null;
    j.created_at = now.t - offsetOf(j.plan, status, now);
    if (status === "completed" && fields.adapterVersion !== undefined) {
      const tag = Number(fields.adapterVersion.split("/")[1]);
      const target_version_tag = Number.isInteger(tag) ? tag : null;
      j.outcome = {
        status,
        at: now.t,
        adapter_version: fields.adapterVersion,
        target_version_tag,
        error: null,
      };
    }
    // Without an adapter_version, the next settle completes it normally (adding a repo version).
    return true;
  }
  if (status === "canceled") {
    j.outcome = null;
    j.canceled_at = now.t;
    return true;
  }
  if (status === "errored") {
    const error = fields.error ?? "Training failed (set by the emulator control API)";
    j.outcome = { status, at: now.t, adapter_version: null, target_version_tag: null, error };
    return true;
  }
  return false;
}

export function anchorBatchJob(
  j: BatchJobRecord,
  status: string,
  error: string | undefined,
  now: Now,
): boolean {
  const known = LIFECYCLES.batch_job.phases.some((p) => p.status === status);
  if (known || status === "completed") {
    j.failure = null;
    j.created_at = now.t - offsetOf(j.plan, status, now);
    return true;
  }
  if (status === "errored") {
    const first = j.plan[0]?.status ?? "queued";
    j.failure = toFailurePlan({ kind: "batch_job", target: j.id, at: first, message: error }, now.t);
    return true;
  }
  return false;
}
