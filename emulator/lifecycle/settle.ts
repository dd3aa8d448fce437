import type { Now } from "../core/clock.js";
import { deploymentStatus } from "../kinds/deployments/status.js";
import { finetuningCompletion } from "../kinds/finetuning-jobs/status.js";
import { nextTag } from "../kinds/repos/record.js";
import type { FinetuningJobRecord } from "../state/records.js";
import type { TenantState } from "../state/tenant.js";

/**
 * Brings a tenant's stored facts up to `now` where time has side effects: deleted deployments
 * vanish, and fine-tuning jobs that finished training add their adapter version to their repo.
 * Jobs settle in the order they completed, so tags follow completion order. Runs before every
 * request touching the tenant; returns whether anything changed (so the state file is rewritten).
 */
export function settleTenant(tenant: TenantState, now: Now): boolean {
  let changed = false;
  for (const [name, d] of tenant.deployments) {
    if (deploymentStatus(d, now) === "gone") {
      tenant.deployments.delete(name);
      changed = true;
    }
  }
  const due: { job: FinetuningJobRecord; at: number }[] = [];
  for (const job of tenant.finetuning_jobs.values()) {
    const at = finetuningCompletion(job, now);
    if (at !== null && at <= now.t) due.push({ job, at });
  }
  due.sort((a, b) => a.at - b.at || a.job.seq - b.job.seq);
  for (const { job, at } of due) completeJob(tenant, job, at);
  return changed || due.length > 0;
}

function completeJob(tenant: TenantState, job: FinetuningJobRecord, at: number): void {
  const outcome = { status: "completed", at, adapter_version: null, target_version_tag: null, error: null };
  if (job.repo === null) {
    job.outcome = outcome;
    return;
  }
  const repo = tenant.repos.get(job.repo);
  if (!repo) {
    job.outcome = {
      ...outcome,
      status: "errored",
      error: `target repo ${job.repo} was deleted before training finished`,
    };
    return;
  }
  // Platform-format jobs reserved their tag at create: that version becomes ready.
  const reserved = job.reserved_tag ?? null;
  if (reserved !== null) {
    const version = repo.versions.find((v) => v.tag === reserved && v.finetuning_job_id === job.id);
    if (version === undefined) {
      job.outcome = {
        ...outcome,
        status: "errored",
        error: `target version ${repo.name}/${reserved} was deleted before training finished`,
      };
      return;
    }
    version.status = "ready";
    version.created_at = at;
    job.outcome = { ...outcome, adapter_version: version.adapter_id, target_version_tag: reserved };
    return;
  }
  const tag = nextTag(repo);
  const adapterId = `${repo.name}/${tag}`;
  repo.versions.push({
    tag,
    adapter_id: adapterId,
    base_model: job.base_model,
    adapter_type: job.adapter_type,
    finetuning_job_id: job.id,
    status: "ready",
    created_at: at,
  });
  job.outcome = { ...outcome, adapter_version: adapterId, target_version_tag: tag };
}
