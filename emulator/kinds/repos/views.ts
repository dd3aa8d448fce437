import type { Now } from "../../core/clock.js";
import { iso } from "../../core/ids.js";
import type { TenantState } from "../../state/tenant.js";
import { platformExtra, type View } from "../extra.js";
import { finetuningStatus } from "../finetuning-jobs/status.js";
import type { RepoRecord, RepoVersion } from "./record.js";

/** Spec format: snake_case, versions with `adapter_id`. */
export function repoView(r: RepoRecord): View {
  const versions = r.versions.map((v) => ({
    tag: v.tag,
    adapter_id: v.adapter_id,
    base_model: v.base_model,
    adapter_type: v.adapter_type,
    finetuning_job_id: v.finetuning_job_id,
    status: v.status,
    created_at: iso(v.created_at),
  }));
  return {
    uuid: r.uuid,
    name: r.name,
    description: r.description,
    created_at: iso(r.created_at),
    versions,
    ...r.extra,
  };
}

/** Platform format: the Repo object (docs/platform-wire.md §3 "Repo"), archived versions included. */
export function platformRepoView(r: RepoRecord): View {
  const versions = r.versions.map((v) => ({
    tag: v.tag,
    createdAt: iso(v.created_at),
    createdBy: "emulator-user",
    baseModel: v.base_model,
    archived: v.archived ?? false,
  }));
  const view = {
    uuid: r.uuid,
    name: r.name,
    description: r.description,
    versions,
    createdAt: iso(r.created_at),
  };
  return platformExtra(view, r.extra, "error");
}

/**
 * A version's status and the job behind it. A version reserved by a fine-tuning job follows the
 * job (`queued`, `training`, then `completed`/`errored`/`canceled`); a trained or uploaded one is
 * `completed` (the statuses LoRAX knows, docs/platform-wire.md §3).
 */
export function versionState(
  tenant: TenantState,
  v: RepoVersion,
  now: Now,
): { status: string; job: { uuid: string; error: string | null } | null } {
  const job = v.finetuning_job_id === null ? undefined : tenant.finetuning_jobs.get(v.finetuning_job_id);
  const jobRef = (error: string | null) =>
    v.finetuning_job_id === null ? null : { uuid: v.finetuning_job_id, error };
  if (v.status === "ready") return { status: "completed", job: jobRef(null) };
  if (job === undefined) return { status: v.status, job: jobRef(null) };
  const st = finetuningStatus(job, now);
  return { status: st.status, job: jobRef(st.error) };
}

/** Platform format: the AdapterVersion (docs/platform-wire.md §3 "AdapterVersion"). */
export function platformVersionView(tenant: TenantState, r: RepoRecord, v: RepoVersion, now: Now): View {
  const state = versionState(tenant, v, now);
  return {
    repo: r.name,
    tag: v.tag,
    archived: v.archived ?? false,
    baseModel: v.base_model,
    description: v.description ?? null,
    checkpoint: null,
    adapterPath:
      state.status === "completed" ? `s3://predibase-adapters/${tenant.id}/${r.name}/${v.tag}` : null,
    finetuningJob: state.job,
    status: state.status,
    createdAt: iso(v.created_at),
  };
}
