import type { ConditionResult } from "../../sdk/index.js";

/**
 * What each platform status means to the provider: done, failed for good (the next `up` replaces
 * the object), a state the user chose (left alone), or still on the way. Statuses as the platform
 * has them (docs/platform-wire.md; lowercase, with both spellings of the ones that vary). A status
 * the provider does not know is "still on the way": the wait goes on until its timeout, and the
 * resource stays in state with that status, so the next `up` resumes.
 */

const norm = (s: unknown) => String(s ?? "").toLowerCase();

/** Deployments that failed or are gone for good: replaced by the next `up`. */
const DEPLOYMENT_FAILED = ["errored", "failed", "deleted"];
/** Stopped in the console (to save money): a user's choice, not a failure. Never waited on. */
const DEPLOYMENT_STOPPED = ["stopped"];
const JOB_SUCCEEDED = ["completed"];
const JOB_FAILED = ["errored", "failed", "canceled", "cancelled", "stopped"];
/** Being stopped or canceled: ending on its own, nothing left to cancel. */
const JOB_ENDING = ["stopping", "canceling", "cancelling"];
const BATCH_SUCCEEDED = ["completed"];
const BATCH_FAILED = ["failed", "errored", "canceled", "cancelled", "stopped"];

export const deploymentStatus = {
  failed: (s: unknown) => DEPLOYMENT_FAILED.includes(norm(s)),
  stopped: (s: unknown) => DEPLOYMENT_STOPPED.includes(norm(s)),
  /** `standby` (scaled to zero) serves only a deployment that asked for min 0. */
  serving: (s: unknown, minReplicas: unknown) =>
    norm(s) === "ready" || (norm(s) === "standby" && (Number(minReplicas ?? 0) || 0) === 0),
  gone: (s: unknown) => norm(s) === "deleted",
};

export const jobStatus = {
  succeeded: (s: unknown) => JOB_SUCCEEDED.includes(norm(s)),
  failed: (s: unknown) => JOB_FAILED.includes(norm(s)),
  ending: (s: unknown) => JOB_ENDING.includes(norm(s)),
};

export const batchStatus = {
  succeeded: (s: unknown) => BATCH_SUCCEEDED.includes(norm(s)),
  failed: (s: unknown) => BATCH_FAILED.includes(norm(s)),
};

interface DeploymentLike {
  name: string;
  status: string;
  min_replicas?: number | null | undefined;
  max_replicas?: number | null | undefined;
  current_replicas?: number | null | undefined;
  error?: string | null | undefined;
}

/**
 * Condition for a deployment wait: serving again. `updating` (after an in-place change) is not done
 * yet; `stopped` ends the wait without failing (the user stopped it); a failure ends it with the reason.
 */
export function deploymentSettled(d: DeploymentLike): ConditionResult {
  const replicas =
    d.current_replicas == null ? "" : ` (${d.current_replicas}/${d.max_replicas ?? "?"} replicas)`;
  const description = `deployment ${d.name} is ${d.status}${replicas}`;
  if (deploymentStatus.serving(d.status, d.min_replicas) || deploymentStatus.stopped(d.status)) {
    return { done: true, description };
  }
  if (deploymentStatus.failed(d.status) || norm(d.status) === "deleting") {
    return {
      done: false,
      failed: `deployment ${d.name} is ${d.status}${d.error ? `: ${d.error}` : ""}`,
      description,
    };
  }
  return { done: false, description };
}

export function jobSettled(job: { id: string; status: string; error?: string | null }): ConditionResult {
  const description = `fine-tuning job ${job.id} is ${job.status}`;
  if (jobStatus.succeeded(job.status)) return { done: true, description };
  if (jobStatus.failed(job.status)) {
    return {
      done: false,
      failed: `fine-tuning job ${job.id} is ${job.status}${job.error ? `: ${job.error}` : ""}`,
      description,
    };
  }
  return { done: false, description };
}

export function batchSettled(job: { id: string; status: string; error?: string | null }): ConditionResult {
  const description = `batch inference job ${job.id} is ${job.status}`;
  if (batchStatus.succeeded(job.status)) return { done: true, description };
  if (batchStatus.failed(job.status)) {
    return {
      done: false,
      failed: `batch inference job ${job.id} is ${job.status}${job.error ? `: ${job.error}` : ""}`,
      description,
    };
  }
  return { done: false, description };
}
