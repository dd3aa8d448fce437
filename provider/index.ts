// `import * as predibase from "pulumi-predibase"`: the resources and functions of the provider.

export type { Model } from "../sdk/index.js";
export { getModel, getModelOutput, getModels, getModelsOutput } from "./functions.js";
export { AdapterRepo, type AdapterRepoArgs } from "./resources/adapter-repo.js";
export { BatchInferenceJob, type BatchInferenceJobArgs } from "./resources/batch-inference-job.js";
export type { Timeouts } from "./resources/common.js";
export { Dataset, type DatasetArgs } from "./resources/dataset.js";
export { Deployment, type DeploymentArgs } from "./resources/deployment.js";
export { FineTuningJob, type FineTuningJobArgs } from "./resources/finetuning-job.js";
