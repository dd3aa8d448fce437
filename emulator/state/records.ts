import type { PlanStep } from "../lifecycle/durations.js";
import type { FailurePlan } from "../lifecycle/phases.js";

/**
 * What the emulator stores. Times are emulated epoch milliseconds; statuses are NOT stored but
 * computed on read from these facts and the clock (see lifecycle/). `extra` holds fields set out
 * of band (seed, PATCH /__emulator/objects) that are shown on the object as given.
 */
export type Extra = Record<string, unknown>;

export interface RepoVersion {
  tag: number;
  adapter_id: string;
  base_model: string;
  adapter_type: string;
  finetuning_job_id: string | null;
  status: string;
  created_at: number;
}

export interface RepoRecord {
  uuid: string;
  name: string;
  description: string | null;
  created_at: number;
  versions: RepoVersion[];
  extra: Extra;
}

export interface DatasetRecord {
  uuid: string;
  name: string;
  source: string | null;
  status: string;
  created_at: number;
  extra: Extra;
}

export interface DeploymentRecord {
  uuid: string;
  name: string;
  base_model: string;
  accelerator: string;
  min_replicas: number;
  max_replicas: number;
  description: string | null;
  created_at: number;
  /** Last out-of-band change; `updated_at` is the later of this and the last transition. */
  touched_at: number;
  plan: PlanStep[];
  /** Last data-plane request: keeps a scale-to-zero deployment out of `standby`. */
  last_request_at: number | null;
  deleted_at: number | null;
  deleting_seconds: number;
  standby_idle_seconds: number;
  failure: FailurePlan | null;
  extra: Extra;
}

/** A job's end once it is settled (completion has side effects, so it is recorded, not computed). */
export interface JobOutcome {
  status: string;
  at: number;
  adapter_version: string | null;
  target_version_tag: number | null;
  error: string | null;
}

export interface FinetuningJobRecord {
  id: string;
  seq: number;
  base_model: string;
  dataset: string;
  repo: string | null;
  adapter_type: string;
  task: string;
  description: string | null;
  created_at: number;
  touched_at: number;
  plan: PlanStep[];
  canceled_at: number | null;
  failure: FailurePlan | null;
  outcome: JobOutcome | null;
  extra: Extra;
}

export interface BatchJobRecord {
  id: string;
  seq: number;
  base_model: string;
  dataset: string;
  output: string | null;
  created_at: number;
  touched_at: number;
  plan: PlanStep[];
  failure: FailurePlan | null;
  extra: Extra;
}

export const OBJECT_KINDS = ["repos", "datasets", "deployments", "finetuning_jobs", "batch_jobs"] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

export interface RecordsByKind {
  repos: RepoRecord;
  datasets: DatasetRecord;
  deployments: DeploymentRecord;
  finetuning_jobs: FinetuningJobRecord;
  batch_jobs: BatchJobRecord;
}
