import type { Now } from "../../core/clock.js";
import { LIFECYCLES } from "../../lifecycle/durations.js";
import { failureTime, phaseAt, type StatusAt } from "../../lifecycle/phases.js";
import type { DeploymentRecord } from "./record.js";

/** Statuses in which the data plane answers requests. */
export const SERVING_STATUSES: readonly string[] = ["ready", "standby", "updating"];

/**
 * A deployment's status at `now`, or "gone" once a delete has run its course.
 * Order of precedence: deleting, then an injected failure, then the plan, then an update in
 * progress (`updating`), then idling to standby.
 */
export function deploymentStatus(d: DeploymentRecord, now: Now): StatusAt | "gone" {
  if (d.deleted_at !== null) {
    const goneAt = d.deleted_at + (now.immediate ? 0 : d.deleting_seconds * 1000);
    return now.t >= goneAt ? "gone" : { status: "deleting", since: d.deleted_at, error: null };
  }
  const failAt = failureTime(d.failure, d.plan, d.created_at, now);
  if (failAt !== null && d.failure !== null && now.t >= failAt) {
    return { status: "errored", since: failAt, error: d.failure.message };
  }
  const base = phaseAt(d.plan, LIFECYCLES.deployment.final, d.created_at, now);
  const updatingUntil = d.updating_until ?? null;
  if (base.status === "ready" && updatingUntil !== null && !now.immediate) {
    if (now.t < updatingUntil)
      return { status: "updating", since: d.updated_from ?? base.since, error: null };
    base.since = Math.max(base.since, updatingUntil);
  }
  const standbyAt = standbyTime(d, base);
  if (standbyAt !== null && !now.immediate && now.t >= standbyAt) {
    return { status: "standby", since: standbyAt, error: null };
  }
  return base;
}

/** When a ready scale-to-zero deployment drops to standby if nothing calls it. */
function standbyTime(d: DeploymentRecord, base: StatusAt): number | null {
  if (base.status !== "ready" || d.min_replicas !== 0) return null;
  const lastActive = Math.max(base.since, d.last_request_at ?? Number.NEGATIVE_INFINITY);
  return lastActive + d.standby_idle_seconds * 1000;
}

/** Replicas running in `status`: at least one when ready, none while scaled to zero or not up. */
export function currentReplicas(d: DeploymentRecord, status: string): number {
  return status === "ready" || status === "updating" ? Math.max(d.min_replicas, 1) : 0;
}
