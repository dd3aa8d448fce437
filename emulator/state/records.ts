import type { BatchJobRecord } from "../kinds/batch-jobs/record.js";
import type { DatasetRecord } from "../kinds/datasets/record.js";
import type { DeploymentRecord } from "../kinds/deployments/record.js";
import type { FinetuningJobRecord } from "../kinds/finetuning-jobs/record.js";
import type { RepoRecord } from "../kinds/repos/record.js";

/**
 * What the emulator stores, one record type per kind (each lives with its kind under kinds/).
 * Times are emulated epoch milliseconds; statuses are NOT stored but computed on read from these
 * facts and the clock (see lifecycle/). `extra` holds fields set out of band.
 */
export type { BatchJobRecord } from "../kinds/batch-jobs/record.js";
export type { DatasetRecord } from "../kinds/datasets/record.js";
export type { DeploymentRecord, DeploymentSettings } from "../kinds/deployments/record.js";
export type { Extra } from "../kinds/extra.js";
export type { FinetuningJobRecord, JobOutcome } from "../kinds/finetuning-jobs/record.js";
export type { RepoRecord, RepoVersion } from "../kinds/repos/record.js";

export const OBJECT_KINDS = ["repos", "datasets", "deployments", "finetuning_jobs", "batch_jobs"] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

export interface RecordsByKind {
  repos: RepoRecord;
  datasets: DatasetRecord;
  deployments: DeploymentRecord;
  finetuning_jobs: FinetuningJobRecord;
  batch_jobs: BatchJobRecord;
}
