import type { BatchInferenceJob } from "./schemas/batch-inference.js";
import type { Deployment } from "./schemas/deployments.js";
import type { FinetuningJob } from "./schemas/finetuning.js";
import type { ConditionResult } from "./wait.js";

// Status sets, from the wire contract and platform-facts §1–§4. Spellings vary between platform
// generations (`canceled`/`cancelled`, `errored`/`failed`), so each set accepts both. Comparisons
// are case-insensitive because the console shows title-cased names.

/**
 * Serving: requests are answered (the official client's check, docs/platform-wire.md §2). `updating`
 * serves the old settings while new ones roll out. `standby` also serves, but only counts when
 * min_replicas is 0.
 */
export const DEPLOYMENT_SERVING_STATUSES: readonly string[] = ["ready", "updating"];
export const DEPLOYMENT_FAILED_STATUSES: readonly string[] = ["errored", "failed"];
/** Not serving and not coming up on its own, yet not a failure: someone stopped it. */
export const DEPLOYMENT_STOPPED_STATUSES: readonly string[] = ["stopped"];
/** On its way out, or gone. */
export const DEPLOYMENT_GONE_STATUSES: readonly string[] = ["deleting", "deleted"];
export const JOB_SUCCESS_STATUSES: readonly string[] = ["completed"];
export const JOB_FAILED_STATUSES: readonly string[] = [
  "errored",
  "failed",
  "canceled",
  "cancelled",
  "stopped",
];
export const BATCH_SUCCESS_STATUSES: readonly string[] = ["completed"];
export const BATCH_FAILED_STATUSES: readonly string[] = [
  "errored",
  "failed",
  "canceled",
  "cancelled",
  "stopped",
];

const norm = (status: string | null | undefined) => (status ?? "").toLowerCase();
const within = (set: readonly string[], status: string | null | undefined) => set.includes(norm(status));

/**
 * `standby` is "0 replicas, scales up on request": ready for a deployment that asked for
 * min_replicas 0, but for one that wants warm replicas it means not there yet.
 */
export function isDeploymentServing(d: Pick<Deployment, "status" | "min_replicas">): boolean {
  if (within(DEPLOYMENT_SERVING_STATUSES, d.status)) return true;
  return norm(d.status) === "standby" && (d.min_replicas ?? 0) === 0;
}

/** `errored`/`failed`. A `stopped` deployment is not failed: see isDeploymentStopped. */
export function isDeploymentFailed(d: Pick<Deployment, "status">): boolean {
  return within(DEPLOYMENT_FAILED_STATUSES, d.status);
}

export function isDeploymentStopped(d: Pick<Deployment, "status">): boolean {
  return within(DEPLOYMENT_STOPPED_STATUSES, d.status);
}

export function isJobSucceeded(job: Pick<FinetuningJob, "status">): boolean {
  return within(JOB_SUCCESS_STATUSES, job.status);
}

export function isJobFailed(job: Pick<FinetuningJob, "status">): boolean {
  return within(JOB_FAILED_STATUSES, job.status);
}

export function isBatchSucceeded(job: Pick<BatchInferenceJob, "status">): boolean {
  return within(BATCH_SUCCESS_STATUSES, job.status);
}

export function isBatchFailed(job: Pick<BatchInferenceJob, "status">): boolean {
  return within(BATCH_FAILED_STATUSES, job.status);
}

/**
 * Condition for pollUntil: the deployment serves with its current settings. Unlike
 * isDeploymentServing, `updating` is waited out (a settings change is rolling out). Terminal:
 * `errored`/`failed`, `stopped` (not serving until started again; `terminalStatus` tells it from a
 * failure), `deleting`/`deleted`. Any other status, known or not, keeps the wait going.
 */
export function deploymentReady(d: Deployment): ConditionResult {
  const replicas =
    d.current_replicas == null ? "" : ` (${d.current_replicas}/${d.max_replicas ?? "?"} replicas)`;
  const description = `deployment ${d.name} is ${d.status}${replicas}`;
  const status = norm(d.status);
  if (status === "updating") return { done: false, description };
  if (isDeploymentServing(d)) return { done: true, description };
  if (isDeploymentFailed(d)) {
    return {
      done: false,
      failed: `deployment ${d.name} is ${d.status}${d.error ? `: ${d.error}` : ""}`,
      terminalStatus: status,
      description,
    };
  }
  if (isDeploymentStopped(d)) {
    return {
      done: false,
      failed:
        `deployment ${d.name} is stopped: it does not serve until it is started again ` +
        "(set min_replicas ≥ 1 with deployments.update, or scale it up in the Predibase console)",
      terminalStatus: status,
      description,
    };
  }
  if (within(DEPLOYMENT_GONE_STATUSES, status)) {
    return {
      done: false,
      failed: `deployment ${d.name} is ${status === "deleted" ? "deleted" : "being deleted"}`,
      terminalStatus: status,
      description,
    };
  }
  return { done: false, description };
}

/** Condition for pollUntil: the fine-tuning job finished successfully. */
export function finetuningJobDone(job: FinetuningJob): ConditionResult {
  const description = `fine-tuning job ${job.id} is ${job.status}`;
  if (isJobSucceeded(job)) return { done: true, description };
  if (isJobFailed(job)) {
    return {
      done: false,
      failed: `fine-tuning job ${job.id} is ${job.status}${job.error ? `: ${job.error}` : ""}`,
      terminalStatus: norm(job.status),
      description,
    };
  }
  return { done: false, description };
}

/** Condition for pollUntil: the batch inference job finished successfully. */
export function batchJobDone(job: BatchInferenceJob): ConditionResult {
  const description = `batch inference job ${job.id} is ${job.status}`;
  if (isBatchSucceeded(job)) return { done: true, description };
  if (isBatchFailed(job)) {
    return {
      done: false,
      failed: `batch inference job ${job.id} is ${job.status}${job.error ? `: ${job.error}` : ""}`,
      terminalStatus: norm(job.status),
      description,
    };
  }
  return { done: false, description };
}
