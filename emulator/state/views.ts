import type { Now } from "../core/clock.js";
import { iso } from "../core/ids.js";
import { currentReplicas, deploymentStatus } from "../lifecycle/deployment.js";
import { batchStatus, finetuningStatus } from "../lifecycle/jobs.js";
import type {
  BatchJobRecord,
  DatasetRecord,
  DeploymentRecord,
  FinetuningJobRecord,
  RepoRecord,
} from "./records.js";

/**
 * Records as the wire shows them (snake_case, ISO times, computed status). Fields set out of band
 * (`extra`) come last so a drift test can make the platform report anything.
 */
export type View = Record<string, unknown>;

export function repoView(r: RepoRecord): View {
  const versions = r.versions.map((v) => ({ ...v, created_at: iso(v.created_at) }));
  return {
    uuid: r.uuid,
    name: r.name,
    description: r.description,
    created_at: iso(r.created_at),
    versions,
    ...r.extra,
  };
}

export function datasetView(d: DatasetRecord): View {
  const base = {
    uuid: d.uuid,
    name: d.name,
    source: d.source,
    status: d.status,
    created_at: iso(d.created_at),
  };
  return { ...base, ...d.extra };
}

/** Undefined once the deployment is gone (its delete finished). */
export function deploymentView(d: DeploymentRecord, now: Now): View | undefined {
  const st = deploymentStatus(d, now);
  if (st === "gone") return undefined;
  return {
    uuid: d.uuid,
    name: d.name,
    base_model: d.base_model,
    accelerator: d.accelerator,
    min_replicas: d.min_replicas,
    max_replicas: d.max_replicas,
    current_replicas: currentReplicas(d, st.status),
    status: st.status,
    description: d.description,
    created_at: iso(d.created_at),
    updated_at: iso(Math.max(st.since, d.touched_at)),
    error: st.error,
    ...d.extra,
  };
}

export function finetuningJobView(j: FinetuningJobRecord, now: Now): View {
  const st = finetuningStatus(j, now);
  return {
    id: j.id,
    uuid: j.id,
    status: st.status,
    base_model: j.base_model,
    dataset: j.dataset,
    repo: j.repo,
    adapter_type: j.adapter_type,
    task: j.task,
    description: j.description,
    created_at: iso(j.created_at),
    updated_at: iso(Math.max(st.since, j.touched_at)),
    adapter_version: j.outcome?.adapter_version ?? null,
    target_version_tag: j.outcome?.target_version_tag ?? null,
    error: st.error,
    ...j.extra,
  };
}

export function batchJobView(j: BatchJobRecord, now: Now): View {
  const st = batchStatus(j, now);
  const resultPath =
    st.status === "completed" ? (j.output ?? `s3://predibase-batch/${j.id}/results.jsonl`) : null;
  return {
    id: j.id,
    uuid: j.id,
    status: st.status,
    base_model: j.base_model,
    dataset: j.dataset,
    output: j.output,
    result_path: resultPath,
    created_at: iso(j.created_at),
    updated_at: iso(Math.max(st.since, j.touched_at)),
    error: st.error,
    ...j.extra,
  };
}
