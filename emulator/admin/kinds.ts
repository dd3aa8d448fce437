import { batchJobSeeding } from "../kinds/batch-jobs/seeding.js";
import { datasetSeeding } from "../kinds/datasets/seeding.js";
import { deploymentSeeding } from "../kinds/deployments/seeding.js";
import { finetuningJobSeeding } from "../kinds/finetuning-jobs/seeding.js";
import { repoSeeding } from "../kinds/repos/seeding.js";
import type { KindSeeding } from "../kinds/seeding.js";
import type { ObjectKind, RecordsByKind } from "../state/records.js";

/** Each control-API kind's seeding rules, found with the kind under kinds/. */
export const SEEDING: { [K in ObjectKind]: KindSeeding<RecordsByKind[K]> } = {
  repos: repoSeeding,
  datasets: datasetSeeding,
  deployments: deploymentSeeding,
  finetuning_jobs: finetuningJobSeeding,
  batch_jobs: batchJobSeeding,
};

/** The seeding rules of `kind`, typed loosely for code that handles every kind alike. */
export const seedingOf = (kind: ObjectKind): KindSeeding<RecordsByKind[ObjectKind]> =>
  SEEDING[kind] as KindSeeding<RecordsByKind[ObjectKind]>;
